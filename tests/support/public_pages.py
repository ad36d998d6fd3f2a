"""Realistic content for the public pages: churches and confirmed teams with long Tamil and English names, players,
scheduled, live and completed matches with results, and the tournament's dates and venue."""
from datetime import date
from itertools import count

from app.extensions import db
from app.models import Church, Player, Team, Tournament, name_key
from tests.support.match_factories import schedule_match

# Long names on purpose: they are what pushes a phone page sideways.
TEAMS = (
    ("கோயம்புத்தூர் தூய திரித்துவ ஆலய இளைஞர் கிரிக்கெட் அணி", "தூய திரித்துவ ஆலயம், ரேஸ் கோர்ஸ், கோயம்புத்தூர்"),
    ("Christ Church Peelamedu Young Men's Fellowship Eleven", "CSI Christ Church, Peelamedu, Coimbatore North"),
    ("இம்மானுவேல் ஆலய கழுகுகள்", "இம்மானுவேல் ஆலயம், காந்திபுரம்"),
    ("St Andrew's Tigers", "CSI St Andrew's Church, Ramanathapuram, Coimbatore South"),
    ("Emmanuel Eagles Extraordinarily-Long-Hyphenated-Name", "CSI Emmanuel Church, Saibaba Colony"),
    ("பரிசுத்த ஆவியானவர் ஆலய வீரர்கள்", "தூய திரித்துவ ஆலயம், ரேஸ் கோர்ஸ், கோயம்புத்தூர்"),
)
ROLES = ("Batsman", "Bowler", "All-Rounder", "Wicket-Keeper", None)
_registrations = count(10)
PLAYERS = ("ஜெபகுமார் சாமுவேல்", "Arun Kumar", "ஸ்டீபன் ராஜ்", "Babu Raj", "Jeyaraj Immanuel Dhinakaran")


def seed_public_pages(app):
    """Fill the database with content for every public page; return the ids of a completed and a live match."""
    with app.app_context():
        tournament = db.session.query(Tournament).first()
        tournament.starts_on, tournament.ends_on = date(2026, 1, 10), date(2026, 2, 14)
        tournament.venue = "CSI Bishop Appasamy College Ground, Race Course Road, Coimbatore"
        team_ids = [_team(number, name, church) for number, (name, church) in enumerate(TEAMS, start=801)]
        db.session.commit()
        db.session.remove()
    completed = _played(app, schedule_match(app, 1, team_ids[0], team_ids[1]), team_ids[0])
    _played(app, schedule_match(app, 2, team_ids[2], team_ids[3]), team_ids[3], finish=False)
    live = schedule_match(app, 3, team_ids[4], team_ids[5], group="Group B")
    with app.app_context():
        from app.services.matches import workflow

        workflow.start_match(live, {"toss_winner_id": team_ids[5], "toss_choice": "bowl"})
        db.session.remove()
    schedule_match(app, 4, team_ids[1], team_ids[2])
    schedule_match(app, 5, team_ids[3], team_ids[4], group="Group B")
    with app.app_context():
        from app.services.status.links import replace_link

        status_token = replace_link(team_ids[0], actor="tests")  # the captain's private status page
        db.session.commit()
        db.session.remove()
    return {"completed": completed, "live": live, "status_token": status_token}


def _team(number, name, church_name):
    """A confirmed team with five players in a (possibly new) church."""
    church = db.session.query(Church).filter_by(name_key=name_key(church_name)).one_or_none()
    if church is None:
        church = Church(verified=True)
        church.set_name(church_name)
        db.session.add(church)
    code = f"ICCT-{number:03d}"
    team = Team(code=code, name=name, name_key=name_key(name), church=church, status="confirmed", language="ta",
                captain_name="Arun Kumar", captain_phone=f"98765{number:05d}", captain_email=f"c{number}@example.org",
                vice_name="Babu Raj", vice_phone=f"91234{number:05d}", vice_email=f"v{number}@example.org")
    db.session.add(team)
    for position, player in enumerate(PLAYERS, start=1):
        db.session.add(Player(team=team, code=f"{code}-P{position:02d}", position=position, name=player,
                              name_key=name_key(player), role=ROLES[position - 1]))
    db.session.flush()
    return team.id


def _played(app, match_id, toss_winner, finish=True):
    """Start the match, record both innings (the second side wins by 4 wickets), and finish it if asked."""
    from app.services.matches import workflow

    with app.app_context():
        match = workflow.start_match(match_id, {"toss_winner_id": toss_winner, "toss_choice": "bat"})
        first, second = match.first_batting_id, match.second_batting_id
        workflow.record_innings(match_id, {"batting_team_id": first, "runs": 112, "wickets": 7, "overs": "10"})
        workflow.record_innings(match_id, {"batting_team_id": second, "runs": 113, "wickets": 6, "overs": "9.4"})
        if finish:
            workflow.finish_match(match_id, {})
        db.session.remove()
    return match_id


def public_paths(matches):
    """Every public page for a site seeded by `seed_public_pages` (a captain's status page included), plus a
    missing page."""
    return ["/", "/register", "/register/waitlist", "/churches", "/teams", "/schedule", "/schedule/print",
            "/standings", f"/matches/{matches['completed']}", f"/matches/{matches['live']}",
            f"/status/{matches['status_token']}", "/no-such-page"]


def register_through_the_form(page, base_url):
    """Post a valid registration from the browser's own session (its cookies, its CSRF token) and return the
    success page's path, so a browser test can open the page only the registering browser may see."""
    from app.services.churches.rules import church_names
    from tests.support import payloads

    page.goto(base_url + "/register")
    token = page.locator("input[name=csrf_token]")
    # A church of its own each time, so no church reaches its team limit however often a module registers.
    form, files = payloads.registration(church=church_names()[next(_registrations) % len(church_names())])
    multipart = dict(form, **({"csrf_token": token.get_attribute("value")} if token.count() else {}))
    for name, (filename, content, content_type) in files.items():
        multipart[name] = {"name": filename, "mimeType": content_type, "buffer": content}
    response = page.request.post(base_url + "/register", multipart=multipart, max_redirects=0)
    assert response.status == 303, (response.status, response.text()[:500])
    return response.headers["location"].removeprefix(base_url)


def submit_the_empty_form(page, base_url):
    """Open the registration form and send it empty, so the page comes back with its error summary.

    form.submit() skips the page's own script checks: what is under test is the server's answer page.
    """
    page.goto(base_url + "/register")
    with page.expect_navigation():
        page.evaluate("document.getElementById('registration-form').submit()")
    page.wait_for_selector("#form-message")
