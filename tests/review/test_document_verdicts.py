"""Per-document verdicts through the review service: stored, audited, validated, and listed as problems."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Document, Player, Team
from app.services.review.document_verdicts import problem_documents, rejection_reason, set_verdict
from app.web.errors import NotFound, ValidationFailed


def _documents(team_id):
    """The team's document ids by (kind, player position or None)."""
    rows = db.session.execute(select(Document.id, Document.kind, Player.position)
                              .outerjoin(Player, Document.player_id == Player.id)
                              .where(Document.team_id == team_id)).all()
    return {(kind, position): doc_id for doc_id, kind, position in rows}


def test_a_problem_is_stored_with_its_note_and_audited(app, make_team):
    """The verdict, its whitespace-folded note, who and when are stored; one audit event names the document."""
    team_id = make_team()
    with app.app_context():
        aadhar = _documents(team_id)[("aadhar", 1)]
        set_verdict(aadhar, "problem", "  Photo   is blurred ", actor="organiser-1")
        db.session.remove()
        document = db.session.get(Document, aadhar)
        assert (document.verdict, document.verdict_note, document.verdict_by) == ("problem", "Photo is blurred",
                                                                                 "organiser-1")
        assert document.verdict_at is not None
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.team_id == team_id)).one()
        assert (event.event, event.actor, event.reason) == ("document.verdict", "organiser-1", "Photo is blurred")
        assert event.details == {"document_id": aadhar, "kind": "aadhar", "player": document.player.code,
                                 "from": None, "to": "problem"}


def test_ok_drops_the_note_and_clearing_forgets_who(app, make_team):
    """An OK carries no note; None clears the verdict back to unreviewed; each change is its own audit event."""
    team_id = make_team()
    with app.app_context():
        letter = _documents(team_id)[("pastor_letter", None)]
        set_verdict(letter, "problem", "Unsigned", actor="a")
        set_verdict(letter, "ok", "ignored", actor="b")
        assert (db.session.get(Document, letter).verdict, db.session.get(Document, letter).verdict_note) == ("ok",
                                                                                                            None)
        set_verdict(letter, None, actor="c")
        document = db.session.get(Document, letter)
        assert (document.verdict, document.verdict_by, document.verdict_at) == (None, None, None)
        moves = db.session.scalars(select(AuditEvent).where(AuditEvent.team_id == team_id)
                                   .order_by(AuditEvent.id)).all()
        assert [(e.actor, e.details["from"], e.details["to"]) for e in moves] == [
            ("a", None, "problem"), ("b", "problem", "ok"), ("c", "ok", None)]


@pytest.mark.parametrize("verdict, note, field", [("bad", None, "verdict"), ("problem", "x" * 201, "note")])
def test_invalid_verdict_stores_nothing(app, make_team, verdict, note, field):
    """An unknown verdict or an overlong note is refused naming the field; nothing is stored or audited."""
    team_id = make_team()
    with app.app_context():
        letter = _documents(team_id)[("pastor_letter", None)]
        with pytest.raises(ValidationFailed) as refused:
            set_verdict(letter, verdict, note)
        assert field in refused.value.fields
        assert db.session.get(Document, letter).verdict is None
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.team_id == team_id)) is None


def test_unknown_document_is_not_found(app):
    with app.app_context(), pytest.raises(NotFound):
        set_verdict(999999, "ok")


def test_database_refuses_an_unknown_verdict(app, make_team):
    """The check constraint holds even for a write that skips the service."""
    from sqlalchemy.exc import IntegrityError

    team_id = make_team()
    with app.app_context():
        document = db.session.get(Document, _documents(team_id)[("pastor_letter", None)])
        document.verdict = "maybe"
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_problem_documents_list_team_files_first_then_roster_order(app, make_team):
    """Only this team's problems, team documents before players' in roster order; the reason lists them all."""
    team_id = make_team(players=3)
    other_id = make_team()
    with app.app_context():
        ids = _documents(team_id)
        player3 = db.session.scalars(select(Player).where(Player.team_id == team_id, Player.position == 3)).one()
        from tests.support.review_factories import PDF, _document

        _document(player3.team, player3, "aadhar", f"{player3.code}/aadhar.pdf", PDF)
        db.session.commit()
        ids = _documents(team_id)
        set_verdict(ids[("aadhar", 3)], "problem", "Name does not match")
        set_verdict(ids[("aadhar", 1)], "problem", "Expired")
        set_verdict(ids[("pastor_letter", None)], "problem", None)
        set_verdict(ids[("group_photo", None)], "ok")
        set_verdict(_documents(other_id)[("aadhar", 1)], "problem", "Other team")
        team = db.session.get(Team, team_id)
        assert [d.id for d in problem_documents(team)] == [ids[("pastor_letter", None)], ids[("aadhar", 1)],
                                                           ids[("aadhar", 3)]]
        assert problem_documents(team_id) == problem_documents(team)
        reason = rejection_reason(team)
        code = team.code
        assert reason == ("Please replace these documents: Pastor's letter; "
                          f"Aadhaar card (Player 01, {code}-P01): Expired; "
                          f"Aadhaar card (Player 03, {code}-P03): Name does not match.")
        assert rejection_reason(db.session.get(Team, other_id)) != ""
        set_verdict(_documents(other_id)[("aadhar", 1)], None)
        assert rejection_reason(db.session.get(Team, other_id)) == ""


def test_a_long_list_of_problems_still_fits_a_reason(app, make_team):
    """Fifteen problems with long notes drop the notes; the reason always fits the 500 characters allowed."""
    from tests.support.review_factories import PDF, _document

    team_id = make_team(players=15)
    with app.app_context():
        team = db.session.get(Team, team_id)
        for player in team.players[1:]:
            _document(team, player, "aadhar", f"{player.code}/aadhar.pdf", PDF)
        db.session.commit()
        ids = [document.id for document in team.documents]
        for document_id in ids[:5]:
            set_verdict(document_id, "problem", "n" * 200)
        reason = rejection_reason(db.session.get(Team, team_id))
        assert len(reason) <= 500 and "nnn" not in reason and "Player 02" in reason
        for document_id in ids:
            set_verdict(document_id, "problem", "n" * 200)
        assert rejection_reason(db.session.get(Team, team_id)) == (
            f"Please replace the {len(ids)} documents listed in this email.")
