"""Admin UI requests FAB cannot serve (unknown actions, row ids that are no record's, list arguments naming
nothing) are refused with a 4xx page on every model view, signed in or not, never a 500."""
import pytest
import requests

from app.extensions import db
from app.models import Church, Tournament
from tests.conftest import ADMIN_PASSWORD
from tests.support.form_login import csrf_token, signed_in
from tests.support.review_factories import make_team  # noqa: F401  -- fixture


@pytest.fixture
def admin(csrf_server):
    """A session signed in as the admin through the login form, and its CSRF token."""
    return signed_in(csrf_server.url, "admin", ADMIN_PASSWORD)


def crud_views(app):
    """(url prefix, view) of every registered model view that routes list actions, FAB's own included."""
    views = {view.blueprint.name: view for view in app.appbuilder.baseviews if getattr(view, "blueprint", None)}
    return sorted((rule.rule.rsplit("/action_post", 1)[0], views[rule.endpoint.rsplit(".", 1)[0]])
                  for rule in app.url_map.iter_rules() if rule.endpoint.endswith(".action_post"))


def test_every_model_view_with_actions_is_checked(csrf_server):
    """The views below include ours and FAB's security views."""
    prefixes = [prefix for prefix, _view in crud_views(csrf_server.app)]
    assert {"/teammodelview", "/reviewqueuemodelview", "/outboxemailmodelview", "/users", "/roles"} <= set(prefixes)


def test_unknown_action_is_a_400_on_every_model_view(csrf_server, admin):
    """FAB looked the action up and called `.func` on None: a 500, on the list and on a record's page."""
    session, token = admin
    for prefix, _view in crud_views(csrf_server.app):
        listed = session.post(f"{csrf_server.url}{prefix}/action_post", data={"action": "nope", "rowid": "1",
                                                                       "csrf_token": token}, timeout=30)
        single = session.post(f"{csrf_server.url}{prefix}/action/nope/1", data={"csrf_token": token}, timeout=30)
        assert (prefix, listed.status_code, single.status_code) == (prefix, 400, 400)
        assert "text/html" in listed.headers["Content-Type"]


def test_action_not_offered_where_it_is_posted_is_a_400(csrf_server, admin):
    """An action offered on a record's page only (resetpasswords) posted from the list got a list: 500."""
    session, token = admin
    refused = []
    for prefix, view in crud_views(csrf_server.app):
        for name, action in view.actions.items():
            if not action.multiple:
                response = session.post(f"{csrf_server.url}{prefix}/action_post",
                                        data={"action": name, "rowid": "1", "csrf_token": token}, timeout=30)
                refused.append((prefix, name, response.status_code))
            if not action.single:
                response = session.post(f"{csrf_server.url}{prefix}/action/{name}/1", data={"csrf_token": token},
                                        timeout=30)
                refused.append((prefix, name, response.status_code))
    assert refused and {status for _prefix, _name, status in refused} == {400}, refused


def test_anonymous_action_posts_go_to_the_login_page(csrf_server):
    """FAB's action routes carry no access check of their own, so an anonymous unknown action was a 500."""
    anonymous = requests.Session()
    token = csrf_token(anonymous.get(f"{csrf_server.url}/login/", timeout=30).text)  # as a browser's page would hold
    for prefix, _view in crud_views(csrf_server.app):
        for response in (anonymous.post(f"{csrf_server.url}{prefix}/action_post",
                                        data={"action": "nope", "rowid": "1", "csrf_token": token},
                                        allow_redirects=False, timeout=30),
                         anonymous.post(f"{csrf_server.url}{prefix}/action/nope/1", data={"csrf_token": token},
                                        allow_redirects=False, timeout=30)):
            assert response.status_code == 302 and "/login/" in response.headers["Location"], (prefix, response)


def test_viewer_gets_403_for_actions_of_a_view_it_cannot_change(csrf_server, make_user):
    """A signed-in user without the view's write permission is refused, whatever the action's name."""
    username, password = make_user("Viewer")
    session, token = signed_in(csrf_server.url, username, password)
    for action in ("confirm", "nope"):
        response = session.post(f"{csrf_server.url}/teammodelview/action_post",
                                data={"action": action, "rowid": "1", "csrf_token": token}, allow_redirects=False,
                                timeout=30)
        assert response.status_code == 403, (action, response.status_code)


@pytest.mark.parametrize("rowids, status", [(["abc"], 400), (["1", "³"], 400), (["99999999999999999999999"], 400),
                                            (["424242"], 404)])
def test_row_ids_that_are_no_number_or_no_record_are_refused(csrf_server, admin, rowids, status):
    """FAB fetched each id as given: text overflowed or failed in the database, and a missing row reached the
    action as None (the outbox's resend read `.id` of it)."""
    session, token = admin
    response = session.post(f"{csrf_server.url}/outboxemailmodelview/action_post",
                            data={"action": "resend", "rowid": rowids, "csrf_token": token}, timeout=30)
    assert response.status_code == status, response.text[:300]
    single = session.post(f"{csrf_server.url}/outboxemailmodelview/action/resend/{rowids[0]}",
                          data={"csrf_token": token}, timeout=30)
    assert single.status_code == 404, single.text[:300]


def test_known_action_on_existing_rows_still_runs(csrf_server, admin, make_team):
    """The guard lets a real decision through: the team is confirmed."""
    session, token = admin
    team_id = make_team()
    response = session.post(f"{csrf_server.url}/teammodelview/action_post",
                            data={"action": "confirm", "rowid": [str(team_id)], "csrf_token": token}, timeout=30)
    assert response.status_code == 200 and "Confirm: ICCT-" in response.text


def church_id(app):
    """The id of any seeded church."""
    with app.app_context():
        identifier = db.session.query(Church.id).order_by(Church.id).first()[0]
        db.session.remove()
    return identifier


@pytest.mark.parametrize("query", [
    "page_TeamModelView=abc", "page_TeamModelView=99999999999999999999", "psize_TeamModelView=x",
    "psize_TeamModelView=-5", "_oc_TeamModelView=nope&_od_TeamModelView=asc", "_flt_7_church=1",
    "_flt_0_church=abc", "_flt_0_church=99999999999999999999", "_flt_0_church=1&_flt_0_church=x",
])
def test_list_arguments_naming_nothing_are_a_400(csrf_server, admin, query):
    """FAB int()-ed paging arguments, ordered by any column name, indexed filters blindly and passed relation
    filter values to the database: 500s (or 503s on an ambiguous order), and on PostgreSQL for `abc` too."""
    session, _token = admin
    for page in ("list/", "show/1", "edit/1"):
        response = session.get(f"{csrf_server.url}/teammodelview/{page}?{query}", timeout=30)
        assert response.status_code == 400, (page, response.status_code)


def test_yes_no_filter_takes_the_checkbox_value_only(csrf_server, admin):
    """FAB passed anything but its checkbox's "y" to the database as given; PostgreSQL refused '1199' (a 500)."""
    session, _token = admin
    assert session.get(f"{csrf_server.url}/churchmodelview/list/?_flt_0_verified=1199", timeout=30).status_code == 400
    assert session.get(f"{csrf_server.url}/churchmodelview/list/?_flt_0_verified=y", timeout=30).status_code == 200


def test_list_arguments_that_name_something_still_work(csrf_server, admin, make_team):
    """Real paging, ordering and filters are served as before."""
    session, _token = admin
    make_team()
    church = church_id(csrf_server.app)
    for query in ("page_TeamModelView=0&psize_TeamModelView=25", "_oc_TeamModelView=code&_od_TeamModelView=desc",
                  f"_flt_0_church={church}", f"_flt_1_church={church}", "_flt_0_code=ICCT",
                  "_flt_0_created_at=2026-01-01"):
        response = session.get(f"{csrf_server.url}/teammodelview/list/?{query}", timeout=30)
        assert response.status_code == 200, (query, response.status_code)


def test_file_download_route_is_not_served(csrf_server, admin):
    """FAB's download route serves UPLOAD_FOLDER, which no model here uses: every request was a 500."""
    session, _token = admin
    for prefix in ("/teammodelview", "/churchmodelview", "/matchmodelview"):
        assert session.get(f"{csrf_server.url}{prefix}/download/0", timeout=30).status_code == 404


def test_tournament_settings_row_cannot_be_added_or_deleted(csrf_server, admin):
    """The one settings row was deletable from the admin UI (its docstring said otherwise); the public
    registration page then answered 500 (the next test)."""
    session, token = admin
    assert session.post(f"{csrf_server.url}/tournamentmodelview/delete/1", data={"csrf_token": token},
                        timeout=30).status_code == 404
    assert session.get(f"{csrf_server.url}/tournamentmodelview/add", timeout=30).status_code == 404
    assert session.get(f"{csrf_server.url}/tournamentmodelview/edit/1", timeout=30).status_code == 200


def test_lost_settings_row_is_recreated_without_a_500(csrf_server):
    """Recreated with the defaults, the row came back expired from its commit and detached: reading it failed."""
    with csrf_server.app.app_context():
        db.session.query(Tournament).delete()
        db.session.commit()
        db.session.remove()
    assert requests.get(f"{csrf_server.url}/register", timeout=30).status_code == 200
    with csrf_server.app.app_context():
        assert db.session.query(Tournament).count() == 1
        db.session.remove()
