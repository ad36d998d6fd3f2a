"""Refusals in the captain's language: the form page shows each field message in the page's language (Tamil or
English), while the compatible JSON API keeps English messages and the same codes whatever language is asked."""
import re

from flask_babel import force_locale

from app.services.registration.validators import file_too_large, page_message
from tests.support import payloads

TAMIL_PHONE = "10 இலக்க இந்திய கைபேசி எண்ணை உள்ளிடவும்"
ENGLISH_PHONE = "Enter a 10-digit Indian mobile number"
TAMIL_TEAM = "அணியின் பெயரை உள்ளிடவும்"


def refused_post(client, path):
    """Post a registration with a bad captain phone and no team name; return the re-rendered page."""
    form, files = payloads.registration(captain_phone="98765")
    form["team_name"] = ""
    response = client.post(path, data=payloads.for_test_client(form, files), content_type="multipart/form-data")
    assert response.status_code == 422
    return response.get_data(as_text=True)


def beside(page, field):
    """The message shown next to `field`."""
    found = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', page)
    return found.group(1).strip() if found else None


def summary(page):
    """The error summary's list items."""
    found = re.search(r'<ul id="error-summary">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def test_tamil_page_shows_tamil_field_messages_beside_fields_and_in_summary(client):
    page = refused_post(client, "/register?_l_=ta")
    assert beside(page, "captain_phone") == TAMIL_PHONE
    assert beside(page, "team_name") == TAMIL_TEAM
    assert TAMIL_PHONE in summary(page) and TAMIL_TEAM in summary(page)
    assert ENGLISH_PHONE not in page and "Enter the team name" not in page


def test_tamil_chosen_for_the_browser_session_applies_to_the_refusal(client):
    client.get("/lang/ta")
    page = refused_post(client, "/register")
    assert beside(page, "captain_phone") == TAMIL_PHONE


def test_english_page_shows_english_field_messages(client):
    page = refused_post(client, "/register?_l_=en")
    assert beside(page, "captain_phone") == ENGLISH_PHONE
    assert beside(page, "team_name") == "Enter the team name"
    assert ENGLISH_PHONE in summary(page)


def test_placeholders_are_filled_in_the_tamil_message(client):
    """A message with numbers in it keeps them in its Tamil sentence."""
    form, files = payloads.registration(players=9)
    response = client.post("/register?_l_=ta", data=payloads.for_test_client(form, files),
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "ஒரு அணிக்குக் குறைந்தது 11 வீரர்கள் தேவை; இந்தப் பதிவில் 9 பேர் உள்ளனர்" in page


def test_compat_api_answers_english_with_the_same_codes_whatever_language_is_asked(client):
    form, files = payloads.registration(captain_phone="98765")
    form["team_name"] = ""
    answers = []
    for path, headers in (("/api/register/team", {}),
                          ("/api/register/team?_l_=ta", {"Accept-Language": "ta"})):
        response = client.post(path, data=payloads.for_test_client(form, files), headers=headers,
                               content_type="multipart/form-data")
        answers.append((response.status_code, response.get_json()))
    client.get("/lang/ta")
    response = client.post("/api/register/team", data=payloads.for_test_client(form, files),
                           content_type="multipart/form-data")
    answers.append((response.status_code, response.get_json()))
    for status, body in answers:
        assert status == 422 and body["error_code"] == "VALIDATION_FAILED"
        assert body["details"]["fields"] == {"team_name": "Enter the team name", "captain_phone": ENGLISH_PHONE}
        assert body["details"]["field"] == "team_name"


def test_page_message_gives_a_refusal_as_text_in_the_page_language(app):
    """What a page's script shows: the FieldError's own words, already rendered in the page's language."""
    refusal = file_too_large(5 * 1024 * 1024)
    with app.test_request_context(), force_locale("ta"):
        tamil = page_message(refusal)
    with app.test_request_context(), force_locale("en"):
        english = page_message(refusal)
    assert type(tamil) is str and tamil == "கோப்பு 5 MiB-ஐ விடப் பெரியது"
    assert english == "File is larger than 5 MiB" and refusal.code == "FILE_TOO_LARGE"
