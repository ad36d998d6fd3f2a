"""Organiser edits of teams and players run the registration's field rules, report every failing field and are
audited by field name, through the REST API and the admin forms alike."""
import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Player, Team, name_key

EDIT_FORM = {"name": "Royal Strikers", "captain_name": "Arun Kumar", "captain_phone": "9876543210",
             "captain_email": "arun@example.org", "captain_whatsapp": "", "vice_name": "Babu Raj",
             "vice_phone": "9876543211", "vice_email": "babu@example.org", "vice_whatsapp": ""}


def row(app, model, pk, *names):
    """The named attributes of one row, read fresh."""
    with app.app_context():
        item = db.session.get(model, pk)
        values = tuple(getattr(item, name) for name in names)
        db.session.remove()
    return values


def edits(app, event):
    """(actor, details) of every audit event named `event`."""
    with app.app_context():
        found = [(e.actor, e.details) for e in db.session.scalars(select(AuditEvent).where(AuditEvent.event == event))]
        db.session.remove()
    return found


@pytest.fixture
def api(live_server, token_for):
    """Return a callable sending a JSON PUT to /api/v1/<path> on the live server as an Organiser."""
    headers = token_for("Organiser")

    def put(path, body):
        return requests.put(f"{live_server.url}/api/v1/{path}", json=body, headers=headers, timeout=10)

    return put


def test_bad_contact_fields_are_all_reported_and_nothing_changes(app, api, make_team):
    """A zero-width name, a short phone and a bad email were stored as sent; now each is named in one 422."""
    team_id = make_team()
    before = row(app, Team, team_id, "name", "captain_phone", "captain_email")
    response = api(f"team/{team_id}", {"name": "\u200bOrg Team", "captain_phone": "12",
                                       "captain_email": "notanemail"})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error_code"] == "VALIDATION_FAILED"
    assert set(body["details"]["fields"]) == {"name", "captain_phone", "captain_email"}
    assert body["details"]["fields"]["captain_phone"] == "Enter a 10-digit Indian mobile number"
    assert row(app, Team, team_id, "name", "captain_phone", "captain_email") == before
    assert edits(app, "team.edited") == []


def test_valid_contacts_are_stored_normalised_and_audited_by_field(app, api, make_team):
    """+91, spaces and dashes are accepted and stored as 10 digits; emails lower-cased; the audit event names
    the changed fields and never their values."""
    team_id = make_team()
    response = api(f"team/{team_id}", {"captain_phone": "+91 98765-43219", "captain_email": " Arun.K@Example.ORG ",
                                       "captain_whatsapp": "", "vice_whatsapp": "09876 543212"})
    assert response.status_code == 200, response.text
    assert response.json()["result"]["captain_phone"] == "9876543219"
    assert row(app, Team, team_id, "captain_phone", "captain_email", "captain_whatsapp", "vice_whatsapp") == (
        "9876543219", "arun.k@example.org", None, "9876543212")
    [(actor, details)] = edits(app, "team.edited")
    assert actor == "organiser-user"
    assert details == {"fields": ["captain_phone", "captain_email", "vice_whatsapp"]}
    assert "9876543219" not in str(details)


def test_vice_phone_must_differ_and_codes_are_never_typed(app, api, make_team):
    """Cross-field and fixed fields are refused with the rest, in one answer."""
    team_id = make_team()
    response = api(f"team/{team_id}", {"vice_phone": "98765 43210", "code": "ICCT-777", "name": 5})
    assert response.status_code == 422, response.text
    fields = response.json()["details"]["fields"]
    assert set(fields) == {"vice_phone", "code", "name"}
    assert "different mobile number" in fields["vice_phone"] and "never typed" in fields["code"]
    assert row(app, Team, team_id, "code") == ("ICCT-901",)


def test_captain_email_of_another_active_team_is_a_409(api, make_team):
    """Uniqueness among slot-holding teams, as at registration."""
    make_team(captain_email="taken@example.org")
    team_id = make_team()
    response = api(f"team/{team_id}", {"captain_email": "TAKEN@example.org"})
    assert response.status_code == 409 and response.json()["error_code"] == "DUPLICATE_CAPTAIN"


def test_player_edits_follow_the_name_rules(app, api, make_team):
    """A player's name is checked and re-keyed, unique within the team; roles take the registration's variants."""
    team_id = make_team()
    with app.app_context():
        first, second = db.session.scalars(select(Player.id).where(Player.team_id == team_id)
                                           .order_by(Player.position).limit(2)).all()
        db.session.remove()
    renamed = api(f"player/{first}", {"name": "  Selvam   Raj ", "role": "all rounder"})
    assert renamed.status_code == 200, renamed.text
    assert row(app, Player, first, "name", "name_key", "role") == ("Selvam Raj", name_key("Selvam Raj"), "All-Rounder")
    clash = api(f"player/{second}", {"name": "SELVAM RAJ", "role": "captain"})
    assert clash.status_code == 422, clash.text
    assert set(clash.json()["details"]["fields"]) == {"name", "role"}
    bad = api(f"player/{second}", {"name": "R2-D2"})
    assert bad.status_code == 422 and "name" in bad.json()["details"]["fields"]
    assert row(app, Player, second, "name") == ("Player 02",)
    [(actor, details)] = edits(app, "player.edited")
    assert actor == "organiser-user" and details["fields"] == ["name", "role"]


def test_admin_edit_form_shows_each_rule_on_its_field(app, client, organiser, make_team):
    """The admin edit form runs the same rules: messages on the fields, nothing stored."""
    team_id = make_team()
    response = client.post(f"/teammodelview/edit/{team_id}",
                           data={**EDIT_FORM, "captain_whatsapp": "12", "captain_email": "notanemail",
                                 "vice_phone": "+91 98765 43210", "name": "\u200bOrg Team"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for message in ("Enter a 10-digit Indian mobile number", "Enter a valid email address",
                    "The vice-captain needs a different mobile number", "Team name contains invisible"):
        assert message in page
    assert row(app, Team, team_id, "captain_whatsapp", "vice_phone", "name") == (None, "9876543211", "Team 901")


def test_admin_edit_form_stores_normalised_values(app, client, organiser, make_team):
    """A valid edit is stored as registration would store it, and audited."""
    team_id = make_team()
    response = client.post(f"/teammodelview/edit/{team_id}",
                           data={**EDIT_FORM, "captain_phone": "+91 98765-43219", "vice_email": "Babu@Example.org"})
    assert response.status_code == 302
    assert row(app, Team, team_id, "name", "name_key", "captain_phone", "vice_email", "captain_whatsapp") == (
        "Royal Strikers", name_key("Royal Strikers"), "9876543219", "babu@example.org", None)
    [(actor, details)] = edits(app, "team.edited")
    assert actor == "organiser-user"
    assert details["fields"] == ["name", "captain_phone", "captain_email", "vice_email"]


def test_admin_player_edit_refuses_a_name_already_in_the_team(app, client, organiser, make_team):
    """The roster's uniqueness is kept in the admin form too, and the name key follows the name."""
    team_id = make_team()
    with app.app_context():
        first, second = db.session.scalars(select(Player.id).where(Player.team_id == team_id)
                                           .order_by(Player.position).limit(2)).all()
        db.session.remove()
    assert client.post(f"/playermodelview/edit/{first}", data={"name": "Ravi  Shankar", "role": "bowler"}
                       ).status_code == 302
    assert row(app, Player, first, "name", "name_key", "role") == ("Ravi Shankar", name_key("Ravi Shankar"), "Bowler")
    response = client.post(f"/playermodelview/edit/{second}", data={"name": "RAVI shankar", "role": ""},
                           follow_redirects=True)
    assert "already has this name" in response.get_data(as_text=True)
    assert row(app, Player, second, "name") == ("Player 02",)
