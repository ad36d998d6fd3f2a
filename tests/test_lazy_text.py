"""Lazy messages: translated where shown, HTML-escaped on a page, English in JSON error bodies."""
from flask_babel import force_locale
from markupsafe import escape

from app.lazy_text import _l, in_english
from app.web.errors import error_body


def test_a_lazy_message_follows_the_locale_it_is_shown_in(app):
    message = _l("Enter the name of player %(number)d", number=3)
    with app.test_request_context():
        with force_locale("ta"):
            assert str(message) == "வீரர் 3-இன் பெயரை உள்ளிடவும்"
        with force_locale("en"):
            assert str(message) == "Enter the name of player 3"


def test_typed_text_in_a_placeholder_is_escaped_on_a_page(app):
    message = _l("A team named %(name)s is already registered.", name=repr("<b>Kings'</b>"))
    with app.test_request_context():
        assert "<b>" not in str(escape(message)) and "&lt;b&gt;Kings&#39;&lt;/b&gt;" in str(escape(message))


def test_json_error_bodies_render_lazy_messages_in_english_even_on_a_tamil_request(app):
    fields = {"team_name": _l("Enter the team name"), "players": [_l("Name must contain at least one letter")]}
    with app.test_request_context("/api/register/team?_l_=ta"), force_locale("ta"):
        body = error_body("VALIDATION_FAILED", fields["team_name"], {"fields": fields, "limit": 2})
        assert body["message"] == "Enter the team name" and type(body["message"]) is str
        assert body["details"] == {"fields": {"team_name": "Enter the team name",
                                              "players": ["Name must contain at least one letter"]}, "limit": 2}
        assert str(fields["team_name"]) == "அணியின் பெயரை உள்ளிடவும்", "the page language is kept afterwards"
        assert in_english(7) == 7
