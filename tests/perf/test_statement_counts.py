"""Every list endpoint runs the same number of SQL statements whatever the page size or the amount of data.

Over 300 lines: one table of every list surface, sharing the data builders.
"""
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Optional

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Church, Document, Match, OutboxEmail, Player, Team, name_key
from tests.support.statements import REGISTRATION_STATEMENTS, statements_by_team_size

KICK_OFF = datetime(2026, 1, 10, 4, 0, tzinfo=timezone.utc)
SMALL_PAGE, LARGE_PAGE = 5, 25
# Few teams with short rosters first, then many teams with full rosters: every list gains rows.
SMALL_SEED = dict(first=1, last=4, players=2)
LARGE_SEED = dict(first=5, last=40, players=11)


@dataclass(frozen=True)
class Seeded:
    """Row counts in the database after seeding, from which each list's expected length follows."""

    teams: int
    confirmed: int
    pending: int
    players: int
    documents: int
    churches: int
    matches: int
    audit_events: int
    outbox: int


@dataclass(frozen=True)
class Case:
    """One list endpoint: its URL (with `{size}` for the page size), how to count its rows and how many to expect."""

    url: str
    rows: Optional[Callable]  # response -> number of rows shown; None for pages that are not a plain list
    expected: Optional[Callable]  # (Seeded, page size) -> number of rows

    def path(self, size):
        """The URL for one page size."""
        return self.url.format(size=size)


def seed(app, first, last, players):
    """Insert teams first..last (every fourth pending) with players, documents, an audit event, an outbox email
    and a church each, then chain the confirmed teams into matches (odd ones completed); return the row counts."""
    with app.app_context():
        for number in range(first, last + 1):
            _add_team(number, players)
        db.session.flush()
        confirmed = db.session.scalars(select(Team.id).where(Team.status == "confirmed").order_by(Team.id)).all()
        made = db.session.scalar(select(func.count()).select_from(Match))
        for number in range(made + 1, len(confirmed)):
            db.session.add(_match(number, confirmed[number - 1], confirmed[number]))
        db.session.commit()
        seeded = Seeded(*(db.session.scalar(query) for query in (
            select(func.count()).select_from(Team),
            select(func.count()).select_from(Team).where(Team.status == "confirmed"),
            select(func.count()).select_from(Team).where(Team.status == "pending"),
            select(func.count()).select_from(Player),
            select(func.count()).select_from(Document),
            select(func.count()).select_from(Church),
            select(func.count()).select_from(Match),
            select(func.count()).select_from(AuditEvent),
            select(func.count()).select_from(OutboxEmail),
        )))
        db.session.remove()
    return seeded


def _add_team(number, players):
    """One team with its own church, roster, documents, audit event and sent email."""
    church = Church(verified=True)
    church.set_name(f"Perf Church {number:03d}")
    code, name = f"ICCT-{number:03d}", f"Perf Team {number:03d}"
    status = "pending" if number % 4 == 0 else "confirmed"
    team = Team(code=code, name=name, name_key=name_key(name), church=church, status=status,
                captain_name="Arun Kumar", captain_phone="9876543210", captain_email=f"captain{number}@example.org",
                vice_name="Babu Raj", vice_phone="9876543211", vice_email=f"vice{number}@example.org")
    db.session.add(team)
    for position in range(1, players + 1):
        player = Player(team=team, code=f"{code}-P{position:02d}", position=position, name=f"Player {position:02d}",
                        name_key=f"player {position:02d}", role="Batsman" if position % 2 else "Bowler")
        db.session.add(player)
        db.session.add(_document(team, player, "aadhar", f"{code}/p{position:02d}-aadhar.pdf"))
    db.session.add(_document(team, None, "pastor_letter", f"{code}/pastor-letter.pdf"))
    db.session.add(_document(team, None, "group_photo", f"{code}/group-photo.png", private=False))
    db.session.add(AuditEvent(event="team.registered", actor="public", team=team, to_status=status))
    db.session.add(OutboxEmail(template="registration_received", language="en", recipients=[team.captain_email],
                               context={"code": code}, team=team, status="sent", attempts=1,
                               sent_at=KICK_OFF))


def _document(team, player, kind, key, private=True):
    """A Document row; list pages never read the stored bytes, so none are written."""
    return Document(team=team, player=player, kind=kind, backend="local", storage_key=key,
                    content_type="application/pdf", size=100, sha256="0" * 64, private=private)


def _match(number, team1, team2):
    """Match `number` of round 1; odd-numbered ones are completed wins for the side batting first."""
    match = Match(round_label="League", round_number=1, match_number=number, group_name="Group A",
                  team1_id=team1, team2_id=team2, venue="CSI Ground, Coimbatore",
                  scheduled_at=KICK_OFF + timedelta(hours=number), overs_limit=10, status="scheduled")
    if number % 2:
        match.status, match.toss_winner_id, match.toss_choice = "completed", team1, "bat"
        match.started_at, match.ended_at = match.scheduled_at, match.scheduled_at + timedelta(hours=2)
        match.first_batting_id, match.first_runs, match.first_wickets, match.first_balls = team1, 120, 5, 60
        match.second_batting_id, match.second_runs, match.second_wickets, match.second_balls = team2, 100, 9, 60
        match.outcome, match.winner_id, match.margin, match.margin_type = "win", team1, 20, "runs"
    return match


def json_rows(*keys):
    """Row counter for a JSON body: the length of the list found under `keys`."""
    def count(response):
        value = response.json
        for key in keys:
            value = value[key]
        return len(value)
    return count


def html_rows(pattern):
    """Row counter for an HTML page: distinct matches of `pattern` (its first group when it has one)."""
    regex = re.compile(pattern)

    def count(response):
        found = regex.findall(response.get_data(as_text=True))
        return len(set(found)) if regex.groups else len(found)
    return count


def standings_rows(response):
    """Teams listed over every group's table."""
    return sum(len(table["rows"]) for table in response.json["data"])


def csv_rows(response):
    """Data lines of a CSV download (the first line is the header)."""
    return len(response.get_data().decode("utf-8-sig").splitlines()) - 1


FIXED_SIZE = {"tournament settings"}  # one settings row whatever else is seeded


def check_flat(seed_app, cases, count_statements, client, headers=None):
    """Measure every case on the small seed with small pages, then on the large seed with large pages;
    assert each answered 200 with the expected rows, had more rows the second time, and ran as many statements."""
    measured = {}
    for phase, (seed_args, size) in enumerate(((SMALL_SEED, SMALL_PAGE), (LARGE_SEED, LARGE_PAGE))):
        seeded = seed(seed_app, **seed_args)
        for name, case in cases.items():
            response, statements = count_statements(client, "GET", case.path(size), headers=headers)
            assert response.status_code == 200, (name, response.status_code, response.get_data(as_text=True)[:300])
            rows = case.rows(response) if case.rows else None
            if case.expected:
                assert rows == case.expected(seeded, size), (name, phase, rows)
            measured.setdefault(name, []).append((statements, rows))
    report = "\n".join(f"{name}: {small} statements for {small_rows} rows, {large} for {large_rows}"
                       for name, ((small, small_rows), (large, large_rows)) in measured.items())
    grew = [name for name, ((small, _), (large, _)) in measured.items() if large != small]
    assert not grew, f"statement counts changed with the data:\n{report}"
    for name, ((small, small_rows), (_, large_rows)) in measured.items():
        assert small > 0, name
        if small_rows is not None and name not in FIXED_SIZE:
            assert large_rows > small_rows, f"{name} listed no more rows with more data: the check proves nothing"


COMPAT_PUBLIC = {
    "GET /api/teams": Case("/api/teams?page_size={size}", json_rows("data"),
                           lambda s, size: min(size, s.confirmed)),
    "GET /api/churches/availability": Case("/api/churches/availability", json_rows("churches"),
                                           lambda s, size: s.churches),
    "GET /api/schedule/matches": Case("/api/schedule/matches", json_rows("data"), lambda s, size: s.matches),
    "GET /api/standings": Case("/api/standings", standings_rows, lambda s, size: s.confirmed),
}

COMPAT_ORGANISER = {
    "GET /api/teams (organiser)": Case("/api/teams?page_size={size}", json_rows("data"),
                                       lambda s, size: min(size, s.confirmed + s.pending)),
    "GET /api/teams?status=all (organiser)": Case(
        "/api/teams?page_size={size}&status=pending,confirmed,rejected,withdrawn", json_rows("data"),
        lambda s, size: min(size, s.teams)),
}

REST = {
    f"GET /api/v1/{resource}/": Case(f"/api/v1/{resource}/?q=(page_size:{{size}})", json_rows("result"),
                                     lambda s, size, total=total: min(size, total(s)))
    for resource, total in (("team", lambda s: s.teams), ("team_directory", lambda s: s.teams),
                            ("player", lambda s: s.players), ("church", lambda s: s.churches),
                            ("match", lambda s: s.matches))
}


def _admin_case(view, total):
    """An admin ModelView list page (FAB takes its page size as `psize_<class name>`), rows counted by the
    distinct records its show links point at."""
    route = view.lower()
    return Case(f"/{route}/list/?psize_{view}={{size}}", html_rows(rf'/{route}/show/(\d+)'),
                lambda s, size: min(size, total(s)))


ADMIN = {
    "team list": _admin_case("TeamModelView", lambda s: s.teams),
    "review queue": _admin_case("ReviewQueueModelView", lambda s: s.pending),
    "team directory": _admin_case("TeamDirectoryModelView", lambda s: s.teams),
    "player list": _admin_case("PlayerModelView", lambda s: s.players),
    "document list": _admin_case("DocumentModelView", lambda s: s.documents),
    "church list": _admin_case("ChurchModelView", lambda s: s.churches),
    "match list": _admin_case("MatchModelView", lambda s: s.matches),
    "audit log": _admin_case("AuditEventModelView", lambda s: s.audit_events),
    "outbox": _admin_case("OutboxEmailModelView", lambda s: s.outbox),
    "tournament settings": _admin_case("TournamentModelView", lambda s: 1),
    "dashboard": Case("/dashboard/", None, None),
}

EXPORTS = {
    f"GET /{view}/export/{table}.csv": Case(f"/{view}/export/{table}.csv", csv_rows, expected)
    for view, table, expected in (("teammodelview", "teams", lambda s, size: s.teams),
                                  ("teammodelview", "players", lambda s, size: s.players),
                                  ("teamdirectorymodelview", "teams", lambda s, size: s.teams),
                                  ("matchmodelview", "matches", lambda s, size: s.matches),
                                  ("matchmodelview", "results", lambda s, size: (s.matches + 1) // 2),
                                  ("matchmodelview", "standings", None))
}

PUBLIC_PAGES = {
    "GET /teams": Case("/teams", html_rows(r"<details>"), lambda s, size: s.confirmed),
    "GET /churches": Case("/churches", html_rows(r"<tr><td[ >]"), lambda s, size: s.churches),
    "GET /schedule": Case("/schedule", html_rows(r'data-match="(\d+)"'), lambda s, size: s.matches),
    "GET /schedule/live": Case("/schedule/live", html_rows(r'data-match="(\d+)"'), lambda s, size: s.matches),
    "GET /schedule/print": Case("/schedule/print", html_rows(r'data-match="(\d+)"'), lambda s, size: s.matches),
    "GET /schedule.ics": Case("/schedule.ics", html_rows(r"BEGIN:VEVENT"), lambda s, size: s.matches),
    "GET /standings": Case("/standings", html_rows(r"<tr><td>"), lambda s, size: s.confirmed),
    "GET /standings/live": Case("/standings/live", html_rows(r"<tr><td>"), lambda s, size: s.confirmed),
    "GET /register": Case("/register", None, None),
}


def test_compat_lists_do_not_grow(app, count_statements):
    """The public JSON lists (teams, church availability, schedule, standings) cost the same for 4 or 40 teams."""
    anonymous = app.test_client()
    check_flat(app, COMPAT_PUBLIC, count_statements, anonymous)


def test_compat_organiser_lists_do_not_grow(app, login, count_statements):
    """Organisers' team pages (contacts included) cost the same whatever their size."""
    check_flat(app, COMPAT_ORGANISER, count_statements, login())


def test_rest_lists_do_not_grow(app, client, token_for, count_statements):
    """Every /api/v1/ list, read by an admin with a token, costs the same for page size 5 or 25."""
    check_flat(app, REST, count_statements, client, headers=token_for("Admin"))


def test_admin_list_pages_do_not_grow(app, login, count_statements):
    """Every admin ModelView list page (and the dashboard) costs the same for 5 or 25 rows."""
    check_flat(app, ADMIN, count_statements, login())


def test_exports_do_not_grow(app, login, count_statements):
    """The team, player, match, result and standings CSV downloads cost the same for 4 or 40 teams."""
    check_flat(app, EXPORTS, count_statements, login())


def test_public_pages_do_not_grow(app, client, count_statements):
    """The public team, church, schedule (with its live fragment, printable list and iCalendar feed), standings
    and registration pages cost the same for 4 or 40 teams."""
    check_flat(app, PUBLIC_PAGES, count_statements, client)


def test_team_detail_does_not_grow_with_its_roster(app, login, count_statements):
    """One team, with players and documents, costs the same for a 2-player or an 11-player roster."""
    anonymous = app.test_client()
    small, large = seed(app, **SMALL_SEED), seed(app, **LARGE_SEED)
    assert small.players < large.players
    organiser = login()
    counts = {}
    for who, client in (("public", anonymous), ("organiser", organiser)):
        for code, players in (("ICCT-001", SMALL_SEED["players"]), ("ICCT-005", LARGE_SEED["players"])):
            response, statements = count_statements(client, "GET", f"/api/teams/{code}")
            assert response.status_code == 200, response.json
            data = response.json["data"]
            assert data["player_count"] == players
            if who == "organiser":
                assert len(data["documents"]) == players + 2
            counts.setdefault(who, []).append(statements)
    assert all(small == large for small, large in counts.values()), f"[small roster, large roster]: {counts}"


def test_registration_statements_do_not_grow_with_the_team(app, client, count_statements):
    from tests.support import payloads

    def register(players, church):
        form, files = payloads.registration(players=players, church=church)
        response, statements = count_statements(client, "POST", "/api/register/team",
                                                data=payloads.for_test_client(form, files))
        assert response.status_code == 201, response.get_json()
        return statements

    counts = statements_by_team_size(register)
    with app.app_context():
        expected = REGISTRATION_STATEMENTS[db.engine.dialect.name]
        assert counts == {11: expected, 15: expected}
        assert db.session.scalar(select(func.count()).select_from(Player)) == 11 + 11 + 15
        assert db.session.scalar(select(func.count()).select_from(Document)) == 3 * 3 + 2 * (11 + 11 + 15)


def test_status_page_does_not_grow_with_the_problems(app, count_statements):
    """A captain's status page costs the same with 4 or 13 problem documents (their players shown)."""
    from app.models import TeamStatusLink
    from app.services.status.links import replace_link

    seed(app, **SMALL_SEED), seed(app, **LARGE_SEED)
    tokens = {}
    with app.app_context():
        for code in ("ICCT-001", "ICCT-005"):
            team = db.session.scalar(select(Team).where(Team.code == code))
            for document in team.documents:
                document.verdict, document.verdict_note = "problem", f"Unreadable {document.id}"
            team.status, team.rejection_reason = "rejected", "Unreadable documents"
            tokens[code] = replace_link(team.id, actor="organiser")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(TeamStatusLink)) == 2
        db.session.remove()
    anonymous, measured = app.test_client(), {}
    for code, documents in (("ICCT-001", SMALL_SEED["players"] + 2), ("ICCT-005", LARGE_SEED["players"] + 2)):
        response, statements = count_statements(anonymous, "GET", f"/status/{tokens[code]}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and code in page and page.count('type="file"') == documents
        measured[code] = statements
    assert measured["ICCT-001"] == measured["ICCT-005"], measured
