"""Organisers see and manage the waiting list in the admin: the list in line order, removing an entry, offering a
slot to a chosen entry; other roles cannot; the list costs the same statements for 10 or 100 entries."""
from sqlalchemy import event, select

from app.extensions import db
from app.models import AuditEvent, Church, WaitingEntry

LIST = "/waitingentrymodelview/list/"


def entry_ids(app):
    with app.app_context():
        ids = db.session.scalars(select(WaitingEntry.id).order_by(WaitingEntry.id)).all()
        db.session.remove()
    return ids


def act(client, name, ids):
    """Post a FAB action: from the list on several entries, or from an entry's page for one."""
    if name == "offer":  # one entry at a time: the show page's action
        return client.post(f"/waitingentrymodelview/action/offer/{ids[0]}")
    return client.post("/waitingentrymodelview/action_post", data={"action": name, "rowid": [str(i) for i in ids]})


def test_organiser_sees_the_line_and_removes_an_offered_entry(app, client, full_church, join, entries, deliver,
                                                              token_for, make_user, login):
    """The list shows every entry; removing the entry holding an offer passes the slot to the next, audited."""
    team_ids = full_church()
    join(team_name="First Waiters", captain_email="first@example.org")
    join(team_name="Second Waiters", captain_email="second@example.org")
    client.post(f"/api/v1/team/{team_ids[0]}/withdraw", headers=token_for("Organiser"))
    organiser = login(*make_user("Organiser", username="desk-organiser"))
    page = organiser.get(LIST).get_data(as_text=True)
    assert "First Waiters" in page and "Second Waiters" in page and "first@example.org" in page
    assert "Waiting list" in organiser.get("/dashboard/").get_data(as_text=True)

    first, second = entry_ids(app)
    assert act(organiser, "remove", [first]).status_code == 302
    assert entries() == [("First Waiters", "removed"), ("Second Waiters", "offered")]
    assert [r for r, _ in deliver()][-1] == ["second@example.org"]
    with app.app_context():
        removed = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "waitlist.removed"))
        assert removed.actor == "desk-organiser" and removed.details["entry"] == first
        db.session.remove()
    assert act(organiser, "remove", [first]).status_code == 302  # already removed: skipped with a message
    assert entries() == [("First Waiters", "removed"), ("Second Waiters", "offered")]


def test_organiser_offers_a_slot_to_a_chosen_entry(app, client, full_church, join, entries, deliver, token_for,
                                                   login):
    """A manual offer to the second in line takes the first's open offer, which goes back to waiting; with no
    offer to take and no free slot it is refused."""
    team_ids = full_church()
    join(team_name="First Waiters", captain_email="first@example.org")
    join(team_name="Second Waiters", captain_email="second@example.org")
    api = token_for("Organiser")  # before the form login: the API login would end the test client's session
    organiser = login()
    first, second = entry_ids(app)
    refused = act(organiser, "offer", [second])
    assert refused.status_code == 302 and "/login" not in refused.headers["Location"]
    assert entries() == [("First Waiters", "waiting"), ("Second Waiters", "waiting")]  # church full: refused

    client.post(f"/api/v1/team/{team_ids[0]}/withdraw", headers=api)
    assert entries() == [("First Waiters", "offered"), ("Second Waiters", "waiting")]
    act(organiser, "offer", [second])
    assert entries() == [("First Waiters", "waiting"), ("Second Waiters", "offered")]
    assert [r for r, _ in deliver()][-2:] == [["first@example.org"], ["second@example.org"]]
    with app.app_context():
        names = db.session.scalars(select(AuditEvent.event).where(AuditEvent.event.like("waitlist.%"))
                                   .order_by(AuditEvent.id)).all()
        db.session.remove()
    assert names[-3:] == ["waitlist.offered", "waitlist.offer_withdrawn", "waitlist.offered"]


def test_other_roles_cannot_see_or_change_the_list(app, client, full_church, join, make_user, login):
    """A Viewer or Scorer is refused the list and its actions."""
    full_church()
    join(team_name="First Waiters")
    for role in ("Viewer", "Scorer"):
        other = login(*make_user(role))
        assert other.get(LIST).status_code in (302, 403)
        act(other, "remove", entry_ids(app))
        client.get("/logout/")
    with app.app_context():
        assert db.session.scalar(select(WaitingEntry.status)) == "waiting"
        db.session.remove()


def seed_entries(app, count):
    """`count` waiting entries spread over churches, in one transaction."""
    with app.app_context():
        churches = db.session.scalars(select(Church).order_by(Church.id).limit(10)).all()
        start = db.session.query(WaitingEntry).count()
        for n in range(start, start + count):
            db.session.add(WaitingEntry(church=churches[n % len(churches)], team_name=f"Waiting Team {n}",
                                        captain_name="Selvi Raj", captain_email=f"seed{n}@example.org",
                                        captain_phone="9840000000", language="en", status="waiting"))
        db.session.commit()
        db.session.remove()


def test_admin_list_statements_do_not_grow(app, login):
    """The waiting list page runs as many statements for 10 entries as for 100 (page size 100)."""
    organiser = login()
    with app.app_context():
        engine = db.engine
    counts = []
    for total in (10, 100):
        seed_entries(app, total - len(entry_ids(app)))
        statements = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", listener)
        try:
            response = organiser.get(f"{LIST}?psize_WaitingEntryModelView=100")
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("/waitingentrymodelview/show/") >= total
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


