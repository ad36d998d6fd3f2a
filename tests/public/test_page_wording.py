"""The public pages speak the page's language: dates and statuses in words, an error summary that links to fields."""
import re
from html import unescape

from tests.support import payloads
from tests.support.public_pages import seed_public_pages


def in_tamil(client):
    """Switch the test client's session to Tamil through the public switch."""
    assert client.get("/language/ta", query_string={"next": "/"}).status_code == 303


def test_dates_and_statuses_are_words_in_each_language(app, client):
    """The home page's dates, the schedule's times and statuses: English words, then Tamil ones."""
    matches = seed_public_pages(app)
    home, schedule = client.get("/").get_data(as_text=True), client.get("/schedule").get_data(as_text=True)
    assert "January 10, 2026 – February 14, 2026" in home
    assert "Saturday, January 10, 2026, 10:30\u202fAM" in schedule  # CLDR puts a narrow space before AM
    assert ">Completed</span>" in schedule and ">Live</span>" in schedule and ">Scheduled</span>" in schedule
    in_tamil(client)
    home, schedule = client.get("/").get_data(as_text=True), client.get("/schedule").get_data(as_text=True)
    match = client.get(f"/matches/{matches['completed']}").get_data(as_text=True)
    assert "10 ஜனவரி, 2026 – 14 பிப்ரவரி, 2026" in home
    assert "சனி, 10 ஜனவரி, 2026" in schedule and "சனி, 10 ஜனவரி, 2026" in match
    assert not re.search(r"\b(January|Saturday|Completed|Scheduled|Live)\b", schedule)
    assert re.search(r'<span class="badge completed">[஀-௿ ]+</span>', schedule)


def test_error_summary_links_to_each_failing_field(client):
    """Each field error is a link to its input, named by the field's label; the ids exist on the page."""
    form, files = payloads.registration(players=12, captain_phone="98765", vice_email="not-an-email",
                                        player_11_name="")
    response = client.post("/register", data=payloads.for_test_client(form, files),
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    summary = page[page.index('id="form-message"'):page.index("</div>", page.index('id="form-message"'))]
    links = dict(re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary))
    assert {"captain_phone", "vice_email", "player_11_name"} <= set(links), summary
    assert unescape(links["captain_phone"]).startswith("Captain's mobile: ")
    assert unescape(links["vice_email"]).startswith("Vice-captain's email: ")
    assert unescape(links["player_11_name"]).startswith("Player 12: Name: ")
    assert all(f'id="{target}"' in page for target in links)


def test_error_summary_in_tamil(client):
    """The summary's field names follow the page's language."""
    in_tamil(client)
    form, files = payloads.registration(captain_phone="98765")
    page = client.post("/register", data=payloads.for_test_client(form, files),
                       content_type="multipart/form-data").get_data(as_text=True)
    assert re.search(r'<li><a href="#captain_phone">[஀-௿ ]+: ', page), page[page.index("form-message"):][:800]
