"""The in-process waiting-list sweeper: offers expire and pass to the next in line in a process without SMTP, and
two processes sweeping at once expire and offer each entry once."""
from datetime import timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import OutboxEmail, WaitingEntry, utcnow
from app.services.waitlist.sweeper import start_waitlist_sweeper
from tests.support.waiting import wait_for
from tests.waitlist.conftest import waitlist_events


def test_expired_offer_passes_on_without_mail_and_once_with_two_sweepers(app, app_factory, client, token_for,
                                                                         full_church, join, entries):
    """With WAITLIST_SWEEP_SECONDS set and no SMTP_HOST, the sweeper threads of two serving processes (started as
    run.py starts them) on one database close the lapsed offer once and offer the slot to the next team once, its
    email queued."""
    team_ids = full_church()
    join(team_name="First Waiters", captain_email="first@example.org")
    join(team_name="Second Waiters", captain_email="second@example.org")
    client.post(f"/api/v1/team/{team_ids[0]}/withdraw", headers=token_for("Organiser"))
    assert entries() == [("First Waiters", "offered"), ("Second Waiters", "waiting")]
    sweepers = [app_factory(SMTP_HOST="", WAITLIST_SWEEP_SECONDS=0.02) for _ in range(2)]
    assert not any("waitlist_sweeper" in swept.extensions for swept in sweepers)  # building an app starts none
    for swept in sweepers:
        start_waitlist_sweeper(swept)
    try:
        assert all(not swept.config["SMTP_HOST"] and "outbox_sender" not in swept.extensions for swept in sweepers)
        with app.app_context():  # the deadline passes: moved in the database, no waiting
            db.session.execute(update(WaitingEntry).where(WaitingEntry.status == "offered")
                               .values(offer_expires_at=utcnow() - timedelta(minutes=1)))
            db.session.commit()
            db.session.remove()
        wait_for(lambda: entries() == [("First Waiters", "expired"), ("Second Waiters", "offered")])
    finally:
        for swept in sweepers:
            swept.extensions["waitlist_sweeper"].stop()
    assert not any(swept.extensions["waitlist_sweeper"].running for swept in sweepers)
    assert waitlist_events(app).count("waitlist.offer_expired") == 1
    assert waitlist_events(app)[-2:] == ["waitlist.offer_expired", "waitlist.offered"]
    with app.app_context():
        offers = db.session.scalars(select(OutboxEmail.recipients).where(OutboxEmail.template == "waitlist_offer")
                                    .order_by(OutboxEmail.id)).all()
        db.session.remove()
    assert offers == [["first@example.org"], ["second@example.org"]]


def test_no_sweeper_runs_unless_the_setting_asks(app_factory):
    """WAITLIST_SWEEP_SECONDS at 0 starts no thread (the tests' default, and `waitlist-sweep` by cron instead)."""
    app = app_factory(WAITLIST_SWEEP_SECONDS=0)
    assert start_waitlist_sweeper(app) is None and "waitlist_sweeper" not in app.extensions
