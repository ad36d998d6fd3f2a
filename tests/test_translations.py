"""The Tamil catalogue: complete, consistent with the code and the compiled .mo, and used by the public pages."""
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
PO = TRANSLATIONS / "ta" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "ta" / "LC_MESSAGES" / "messages.mo"
# The keywords translations/update.sh passes to pybabel on top of babel's defaults.
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2)}
# Every %-conversion, including %% and positional ones: a translation must use exactly the same.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
# Public pages and one English msgid from each that must appear translated.
PAGES = {
    "/": "Inter-church cricket tournament of the CSI churches around Coimbatore.",
    "/register": "Team name",
    "/churches": "Church availability",
    "/teams": "Confirmed teams",
    "/schedule": "Schedule and results",
    "/standings": "Standings",
}
NAV = ("Churches", "Teams", "Schedule", "Standings")


def load_po():
    """The Tamil catalogue as babel reads it."""
    with PO.open("rb") as handle:
        return read_po(handle, locale="ta")


def frozen(value):
    """A msgid or msgstr as a hashable value (plural forms come back as lists from .mo files)."""
    return value if isinstance(value, str) else tuple(value)


def entries(catalog):
    """{(msgid, context): msgstr} for every translated, non-fuzzy message, as pybabel compile keeps them."""
    return {(frozen(m.id), m.context): frozen(m.string) for m in catalog if m.id and not m.fuzzy}


def placeholders(text):
    """The multiset of %-placeholders in a string."""
    return Counter(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def tamil():
    """{msgid: Tamil msgstr} for singular messages."""
    return {m.id: m.string for m in load_po() if m.id and isinstance(m.id, str)}


def test_every_message_has_a_tamil_translation_with_the_same_placeholders():
    """No empty or fuzzy entry, and every form keeps the English placeholders."""
    catalog = load_po()
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
            continue
        for index, string in enumerate(strings):
            # Form 0 is Tamil's singular (plural=(n != 1)), every later form the plural.
            source = ids[min(index, len(ids) - 1)]
            if placeholders(string) != placeholders(source):
                problems.append(f"placeholders differ: {source!r} -> {string!r}")
    problems += [f"{message.id!r}: {error}" for message, errors in catalog.check() for error in errors]
    assert len(catalog) > 50
    assert not problems, "\n".join(problems)


def test_catalogue_covers_every_string_in_the_code():
    """Each string marked for translation in app/ and templates/ is in the Tamil catalogue."""
    with (TRANSLATIONS / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {msgid if isinstance(msgid, str) else msgid[0]
             for _, _, msgid, *_ in extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS)}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in load_po() if m.id}
    missing = sorted(found - known)
    assert found, "babel.cfg extracted nothing"
    assert not missing, "run translations/update.sh and translate:\n" + "\n".join(missing)


def test_compiled_catalogue_matches_the_po(tmp_path):
    """The committed .mo holds exactly what compiling the .po now gives, so a stale .mo fails."""
    catalog = load_po()
    fresh = tmp_path / "messages.mo"
    with fresh.open("wb") as handle:
        write_mo(handle, catalog)
    with fresh.open("rb") as handle:
        expected = entries(read_mo(handle))
    with MO.open("rb") as handle:
        committed = entries(read_mo(handle))
    assert committed == expected


def public_pages(client):
    """(path, html) for each public page that exists yet."""
    pages = []
    for path in PAGES:
        response = client.get(path)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, path
        pages.append((path, response.get_data(as_text=True)))
    assert pages
    return pages


def test_public_pages_are_english_by_default(client, tamil):
    """Without a choice the pages are English."""
    for path, html in public_pages(client):
        assert 'lang="en"' in html, path
        assert PAGES[path] in html, path
        assert tamil[PAGES[path]] not in html, path
        assert all(f">{word}<" in html for word in NAV), path


def test_public_pages_render_in_tamil_after_switching(client, tamil):
    """After /lang/ta every public page is Tamil, navigation included; /lang/en switches back."""
    assert client.get("/lang/ta").status_code == 302
    for path, html in public_pages(client):
        assert 'lang="ta"' in html, path
        assert tamil[PAGES[path]] in html, path
        assert all(f">{tamil[word]}<" in html for word in NAV), path
        assert not any(f">{word}<" in html for word in NAV), path
    client.get("/lang/en")
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_plural_results_read_naturally_in_tamil(app):
    """ngettext picks Tamil's singular for one and the plural otherwise, with the numbers filled in."""
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("ta"):
        one = ngettext("%(team)s won by %(num)d run", "%(team)s won by %(num)d runs", 1, team="St. Paul's")
        many = ngettext("%(team)s won by %(num)d run", "%(team)s won by %(num)d runs", 12, team="St. Paul's")
    assert one == "St. Paul's 1 ரன் வித்தியாசத்தில் வெற்றி"
    assert many == "St. Paul's 12 ரன்கள் வித்தியாசத்தில் வெற்றி"
