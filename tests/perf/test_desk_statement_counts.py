"""The organiser's desk pages run as many SQL statements for a full roster as for a short one, and for many matches
as for few: the review page per team, the match check-in page and the list of matches open for check-in."""
import re

from app.extensions import db
from app.models import Document, MatchCheckin, Team
from tests.support.desk_documents import add_players
from tests.support.match_factories import insert_team, schedule_match


def _team_with_documents(app, number, players, status="pending"):
    """A team of `players`, each with an Aadhaar and a subscription receipt, plus two team documents."""
    team_id = insert_team(app, number, status=status)
    player_ids = add_players(app, team_id, players)
    with app.app_context():
        rows = [_row(team_id, None, kind, f"t{number}/{kind}") for kind in ("pastor_letter", "payment_receipt")]
        for index, player_id in enumerate(player_ids):
            rows += [_row(team_id, player_id, "aadhar", f"t{number}/a{index}"),
                     _row(team_id, player_id, "subscription", f"t{number}/s{index}", verdict="ok")]
        db.session.add_all(rows)
        db.session.commit()
        db.session.remove()
    return team_id, player_ids


def _row(team_id, player_id, kind, key, verdict=None):
    """A Document row; the pages only link to the bytes, so none are stored."""
    return Document(team_id=team_id, player_id=player_id, kind=kind, backend="local", storage_key=key,
                    content_type="application/pdf", size=100, sha256="0" * 64, private=True, verdict=verdict)


def _measure(client, count_statements, url, rows_pattern):
    client.get(url)  # warm up: the first request after signing in loads the user's roles once
    response, statements = count_statements(client, "GET", url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return statements, len(re.findall(rows_pattern, response.get_data(as_text=True)))


def test_review_page_does_not_grow_with_the_roster(app, login, count_statements):
    """An 11-player and a 15-player team (24 and 32 documents) cost the same, as does a longer queue."""
    organiser = login()
    small, _ = _team_with_documents(app, 1, 11)
    measured = [_measure(organiser, count_statements, f"/review/team/{small}", r'class="verdict-form"')]
    large, _ = _team_with_documents(app, 2, 15)
    for number in range(3, 8):
        insert_team(app, number, status="pending")
    measured.append(_measure(organiser, count_statements, f"/review/team/{large}", r'class="verdict-form"'))
    assert [rows for _, rows in measured] == [2 + 2 * 11, 2 + 2 * 15]
    assert measured[0][0] == measured[1][0], measured


def _signed_in(app, make_user, role):
    """A test client of its own, signed in as a new user of `role`."""
    client = app.test_client()
    username, password = make_user(role)
    assert client.post("/login/", data={"username": username, "password": password}).status_code == 302
    return client


def test_checkin_pages_do_not_grow_with_rosters_or_matches(app, make_user, count_statements):
    """The check-in page of two 11-player teams and of two 15-player teams cost the same, with thumbnails (an
    organiser) or without (a scorer); so does the list of matches open for check-in with 1 match or 4."""
    clients = {role: _signed_in(app, make_user, role) for role in ("Organiser", "Scorer")}
    counts, lists = {}, {}
    for players, numbers in ((11, (1, 2)), (15, (3, 4, 5, 6, 7, 8))):
        teams = [_team_with_documents(app, number, players, "confirmed")[0] for number in numbers]
        match_ids = [schedule_match(app, numbers[i], teams[i], teams[i + 1]) for i in range(0, len(teams), 2)]
        with app.app_context():
            rosters = [db.session.get(Team, team).players for team in teams[:2]]
            db.session.add_all(MatchCheckin(match_id=match_ids[0], player_id=player.id, checked_by="perf")
                               for roster in rosters for player in roster[:players - 2])
            db.session.commit()
            db.session.remove()
        for role, client in clients.items():
            statements, ticks = _measure(client, count_statements, f"/checkin/match/{match_ids[0]}", r'class="tick"')
            page = client.get(f"/checkin/match/{match_ids[0]}").get_data(as_text=True)
            thumbs = len(re.findall(r"/preview/thumb\.jpg", page))
            counts.setdefault(role, []).append((statements, ticks, thumbs, page.count(" checked")))
            lists.setdefault(role, []).append(_measure(client, count_statements, "/checkin/", r'data-match="'))
    assert counts["Organiser"] == [(counts["Organiser"][0][0], 22, 22, 18), (counts["Organiser"][0][0], 30, 30, 26)]
    assert counts["Scorer"] == [(counts["Scorer"][0][0], 22, 0, 18), (counts["Scorer"][0][0], 30, 0, 26)]
    for role, measured in lists.items():
        assert [rows for _, rows in measured] == [1, 4], role
        assert measured[0][0] == measured[1][0], (role, measured)
