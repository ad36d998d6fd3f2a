"""The team state machine through the review service: every move allowed and refused, audited and emailed."""
import os
import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Church, OutboxEmail, Team
from app.services.review.decisions import decide, decide_many
from app.web.errors import Conflict, NotFound, ValidationFailed

ALLOWED = [
    ("pending", "confirm", "confirmed"),
    ("pending", "reject", "rejected"),
    ("pending", "withdraw", "withdrawn"),
    ("confirmed", "withdraw", "withdrawn"),
    ("rejected", "reopen", "pending"),
]
REFUSED = [
    ("confirmed", "confirm"), ("rejected", "confirm"), ("withdrawn", "confirm"),
    ("confirmed", "reject"), ("rejected", "reject"), ("withdrawn", "reject"),
    ("rejected", "withdraw"), ("withdrawn", "withdraw"),
    ("pending", "reopen"), ("confirmed", "reopen"), ("withdrawn", "reopen"),
]


@pytest.mark.parametrize("start, action, end", ALLOWED)
def test_allowed_transition_is_applied_audited_and_emailed(app, make_team, start, action, end):
    """The status changes, one audit event and one email in the captain's language record it."""
    team_id = make_team(status=start, language="ta")
    with app.app_context():
        team = decide(team_id, action, reason="Receipt unreadable", actor="organiser-1")
        assert team.status == end
        assert team.rejection_reason == ("Receipt unreadable" if action == "reject" else None)
        verb = {"confirm": "confirmed", "reject": "rejected", "withdraw": "withdrawn", "reopen": "reopened"}[action]
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.team_id == team_id)).one()
        assert (event.event, event.actor, event.from_status, event.to_status) == (f"team.{verb}", "organiser-1",
                                                                                  start, end)
        email = db.session.scalars(select(OutboxEmail).where(OutboxEmail.team_id == team_id)).one()
        assert (email.template, email.language, email.status) == (verb, "ta", "pending")
        assert email.recipients == [f"captain{team.code[-3:]}@example.org", f"vice{team.code[-3:]}@example.org"]


@pytest.mark.parametrize("start, action", REFUSED)
def test_refused_transition_changes_nothing(app, make_team, start, action):
    """An invalid move is a 409 Conflict naming the state, and writes no audit event or email."""
    team_id = make_team(status=start)
    with app.app_context():
        with pytest.raises(Conflict) as refused:
            decide(team_id, action, reason="Some reason")
        assert refused.value.status == 409 and start in refused.value.message
        assert db.session.get(Team, team_id).status == start
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.team_id == team_id)) is None
        assert db.session.scalar(select(OutboxEmail.id).where(OutboxEmail.team_id == team_id)) is None


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reject_needs_a_reason(app, make_team, reason):
    """No reason, no rejection."""
    team_id = make_team()
    with app.app_context():
        with pytest.raises(ValidationFailed) as refused:
            decide(team_id, "reject", reason=reason)
        assert refused.value.fields == {"reason": "A reason is required to reject a team."}
        assert db.session.get(Team, team_id).status == "pending"


def test_unknown_team_and_unknown_action(app):
    """Clear refusals rather than a crash."""
    with app.app_context():
        with pytest.raises(NotFound):
            decide(999999, "confirm")
        with pytest.raises(ValidationFailed):
            decide(1, "approve")


def test_reopen_refused_when_church_is_full(app, make_team):
    """A rejected team cannot take a slot its church no longer has."""
    rejected = make_team(status="rejected", church="CSI Full Church")
    make_team(church="CSI Full Church")
    make_team(status="confirmed", church="CSI Full Church")
    with app.app_context():
        with pytest.raises(Conflict) as refused:
            decide(rejected, "reopen")
        assert refused.value.error_code == "CHURCH_LIMIT_REACHED"
        assert "Maximum 2 teams" in refused.value.message


def test_reopen_respects_a_church_override(app, make_team):
    """A church's own limit wins over the tournament default."""
    rejected = make_team(status="rejected", church="CSI Big Church")
    make_team(church="CSI Big Church")
    make_team(church="CSI Big Church")
    with app.app_context():
        db.session.scalars(select(Church).where(Church.name == "CSI Big Church")).one().slot_limit = 3
        db.session.commit()
        assert decide(rejected, "reopen").status == "pending"


def test_reopen_refused_when_name_or_captain_taken(app, make_team):
    """A newer active team with the same name or captain email blocks the reopen."""
    by_name = make_team(status="rejected", name="Thunder Kings", church="CSI A Church")
    make_team(name="thunder  KINGS", church="CSI B Church")
    by_captain = make_team(status="rejected", captain_email="same@example.org", church="CSI C Church")
    make_team(captain_email="same@example.org", church="CSI D Church")
    with app.app_context():
        with pytest.raises(Conflict) as name_clash:
            decide(by_name, "reopen")
        with pytest.raises(Conflict) as captain_clash:
            decide(by_captain, "reopen")
    assert name_clash.value.error_code == "DUPLICATE_TEAM"
    assert captain_clash.value.error_code == "DUPLICATE_CAPTAIN"


def test_withdraw_frees_the_slot_for_a_reopen(app, make_team):
    """Withdrawn teams stop holding a slot."""
    rejected = make_team(status="rejected", church="CSI Slot Church")
    make_team(church="CSI Slot Church")
    holder = make_team(status="confirmed", church="CSI Slot Church")
    with app.app_context():
        decide(holder, "withdraw")
        assert decide(rejected, "reopen").status == "pending"


def test_bulk_applies_what_is_valid_and_reports_the_rest(app, make_team):
    """A mixed selection: pending teams are confirmed, the others are skipped with the reason."""
    pending = [make_team(), make_team()]
    confirmed = make_team(status="confirmed")
    rejected = make_team(status="rejected")
    with app.app_context():
        result = decide_many(pending + [confirmed, rejected, 999999], "confirm")
        codes = {team_id: db.session.get(Team, team_id).code for team_id in pending + [confirmed, rejected]}
        assert result.applied == [codes[pending[0]], codes[pending[1]]]
        skipped = dict(result.skipped)
        assert "is confirmed" in skipped[codes[confirmed]] and "is rejected" in skipped[codes[rejected]]
        assert "999999" in skipped
        assert db.session.scalar(select(OutboxEmail.id).where(OutboxEmail.team_id == confirmed)) is None


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="row locks need PostgreSQL")
def test_two_organisers_cannot_both_decide(app_factory, make_team):
    """Confirm and reject race on one team: the row lock lets exactly one through, the other gets a Conflict."""
    team_id = make_team()
    apps = [app_factory(), app_factory()]
    outcomes = []
    start = threading.Barrier(2)

    def run(index, action):
        with apps[index].app_context():
            start.wait()
            try:
                outcomes.append(decide(team_id, action, reason="Race").status)
            except Conflict as error:
                outcomes.append(error.error_code)
            db.session.remove()

    threads = [threading.Thread(target=run, args=(0, "confirm")), threading.Thread(target=run, args=(1, "reject"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) in (["CONFLICT", "confirmed"], ["CONFLICT", "rejected"])
    with apps[0].app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.team_id == team_id)) == 1
