"""Hard-deleting a team over HTTP: an Organiser is refused a team with documents; an Admin's delete removes the
stored files (queued while storage is down, gone after the sweep) and is audited."""
import os

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Document, PendingDeletion, Player, Team
from tests.conftest import ADMIN_PASSWORD
from tests.support.fake_cloudinary import FakeCloudinary


def _files(app):
    """Every file under the local upload folder."""
    return [os.path.join(root, name) for root, _dirs, names in os.walk(app.config["UPLOAD_FOLDER"]) for name in names]


def _count(app, model, *where):
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(model).where(*where))
        db.session.remove()
    return total


def _deletion_events(app):
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "team.deleted")).all()
        found = [(row.actor, row.team_id, row.details) for row in rows]
        db.session.remove()
    return found


def test_organiser_cannot_delete_a_team_with_documents_in_the_admin(app, client, organiser, make_team):
    """The admin refuses with a message that says to withdraw the team; nothing is deleted."""
    team_id = make_team()
    files = _files(app)
    assert len(files) == 3
    response = client.post(f"/teammodelview/delete/{team_id}", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "only an Admin can delete it" in page and "Withdraw the team instead" in page
    assert _count(app, Team) == 1 and _count(app, Document) == 3 and _files(app) == files
    assert _deletion_events(app) == []


def test_organiser_cannot_delete_a_team_with_documents_over_rest(app, client, token_for, make_team):
    """DELETE /api/v1/team/<id> answers 403 in the shared error shape, naming withdraw as the way."""
    team_id = make_team()
    response = client.delete(f"/api/v1/team/{team_id}", headers=token_for("Organiser"))
    body = response.get_json()
    assert response.status_code == 403, body
    assert body["error_code"] == "FORBIDDEN" and "Withdraw" in body["message"]
    assert body["details"] == {"documents": 3, "instead": "withdraw"}
    assert _count(app, Team) == 1 and len(_files(app)) == 3


def test_organiser_may_delete_a_team_without_documents(app, client, token_for, make_team):
    """A team with no documents holds no personal files: an Organiser may delete it; it is audited."""
    team_id = make_team(documents=False)
    response = client.delete(f"/api/v1/team/{team_id}", headers=token_for("Organiser"))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["team_code"] == "ICCT-901"
    assert _count(app, Team) == 0 and _count(app, Player) == 0
    [(actor, _team, details)] = _deletion_events(app)
    assert actor == "organiser-user" and details["code"] == "ICCT-901" and details["documents"] == 0


def test_a_role_granted_document_deletion_may_delete_a_team_with_documents(app, client, make_user, make_team):
    """The rule is the Document can_delete permission, not the Admin role's name: a role granted it in FAB's role
    editor deletes a team with documents over REST; the same role without it is refused."""
    team_id, other_id = make_team(), make_team(name="Other Team")
    with app.app_context():
        sm = app.appbuilder.sm
        team_rights = [("can_read", "Team"), ("can_write", "Team")]
        for name, grants in (("Records officer", [*team_rights, ("can_delete", "Document")]),
                             ("Team clerk", team_rights)):
            role = sm.add_role(name)
            for permission, resource in grants:
                sm.add_permission_role(role, sm.find_permission_view_menu(permission, resource))
        db.session.remove()
    headers = {}
    for role in ("Records officer", "Team clerk"):
        username, password = make_user(role, username=role.lower().replace(" ", "-"))
        token = client.post("/api/v1/security/login", json={"username": username, "password": password,
                                                             "provider": "db"}).get_json()["access_token"]
        headers[role] = {"Authorization": f"Bearer {token}"}

    refused = client.delete(f"/api/v1/team/{other_id}", headers=headers["Team clerk"])
    assert refused.status_code == 403 and refused.get_json()["details"]["instead"] == "withdraw"
    response = client.delete(f"/api/v1/team/{team_id}", headers=headers["Records officer"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["files_deleted"] == 3
    assert _count(app, Team) == 1 and _count(app, Document, Document.team_id == team_id) == 0
    [(actor, _team, details)] = _deletion_events(app)
    assert actor == "records-officer" and details["documents"] == 3


def test_admin_delete_in_the_admin_leaves_no_file(app, client, login, make_team):
    """An Admin's delete removes rows and files (local storage); the audit event names the team and the admin."""
    team_id = make_team()
    keep = make_team(name="Other Team")
    login("admin", ADMIN_PASSWORD)
    response = client.post(f"/teammodelview/delete/{team_id}", follow_redirects=True)
    assert "Deleted ICCT-901 and its 3 stored files." in response.get_data(as_text=True)
    remaining = _files(app)
    assert len(remaining) == 3 and all("ICCT-902" in path for path in remaining)
    assert _count(app, Team) == 1 and _count(app, Document, Document.team_id == team_id) == 0
    assert _count(app, Player, Player.team_id == team_id) == 0 and _count(app, PendingDeletion) == 0
    [(actor, team, details)] = _deletion_events(app)
    assert actor == "admin" and team is None
    assert details == {"code": "ICCT-901", "name": "Team 901", "church": "CSI Christ Church Test", "players": 11,
                       "documents": 3}
    assert _count(app, Team, Team.id == keep) == 1


def test_a_team_in_a_match_is_not_deleted(app, client, token_for, make_team):
    """A team that plays a match is refused with 409, and keeps its files."""
    from tests.support.match_factories import schedule_match

    first, second = make_team(status="confirmed"), make_team(status="confirmed", name="Other Team")
    schedule_match(app, 1, first, second)
    response = client.delete(f"/api/v1/team/{first}", headers=token_for("Admin"))
    assert response.status_code == 409 and response.get_json()["error_code"] == "CONFLICT"
    assert _count(app, Team) == 2 and len(_files(app)) == 6


def test_admin_delete_with_storage_down_queues_the_files_until_the_sweep(app_factory, make_team, make_user):
    """Cloudinary down: the team goes at once, its files are queued, and the sweep deletes them once it is back."""
    with FakeCloudinary() as fake:
        cloud_app = app_factory(CLOUDINARY_URL=fake.cloudinary_url, UPLOAD_RETRY_WAITS=(0.01, 0.01, 0.01),
                                STORAGE_TIMEOUT=2)
        team_id = make_team(on=cloud_app)
        assert len(fake.live_assets) == 3
        web = cloud_app.test_client()
        token = web.post("/api/v1/security/login", json={"username": "admin", "password": ADMIN_PASSWORD,
                                                          "provider": "db"}).get_json()["access_token"]
        fake.set_down(True)
        response = web.delete(f"/api/v1/team/{team_id}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["files_queued"] == 3 and response.get_json()["files_deleted"] == 0
        assert _count(cloud_app, Team) == 0 and _count(cloud_app, Document) == 0
        assert _count(cloud_app, PendingDeletion) == 3 and len(fake.live_assets) == 3
        assert _deletion_events(cloud_app)[0][2]["documents"] == 3

        fake.set_down(False)
        result = cloud_app.test_cli_runner().invoke(args=["sweep-uploads"])
        assert "Deleted 3 queued files." in result.output, result.output
        assert fake.live_assets == set() and _count(cloud_app, PendingDeletion) == 0
