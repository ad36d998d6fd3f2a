"""Registration through the compat API with the test client: success, stored rows, and refusals."""
from app.extensions import db
from app.models import AuditEvent, Document, OutboxEmail, Player, Team


def test_complete_registration_stores_everything(app, payload, post_registration):
    """An 11-player registration returns 201 with its code and stores team, players, documents, audit, email."""
    form, files = payload()
    response = post_registration(form, files)
    assert response.status_code == 201, response.json
    body = response.json
    assert body == {"success": True, "team_id": "ICCT-001", "team_name": form["team_name"],
                    "message": body["message"], "player_count": 11, "registration_status": "pending"}
    with app.app_context():
        team = db.session.query(Team).one()
        assert team.code == "ICCT-001" and team.captain_phone == "9876500000"[:5] + team.captain_phone[5:]
        assert [p.code for p in team.players][:2] == ["ICCT-001-P01", "ICCT-001-P02"]
        assert db.session.query(Player).count() == 11
        assert db.session.query(Document).count() == 3 + 22
        assert all(d.private for d in team.documents)
        assert {d.kind for d in team.documents} == {"pastor_letter", "payment_receipt", "group_photo", "aadhar",
                                                    "subscription"}
        assert db.session.query(AuditEvent).filter_by(event="team.registered").count() == 1
        email = db.session.query(OutboxEmail).one()
        assert email.template == "received" and email.recipients == [form["captain_email"], form["vice_email"]]
