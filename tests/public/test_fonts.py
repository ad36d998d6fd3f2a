"""Our Tamil web font: OFL-licensed files of our own, named by digest, cached for a year, allowed by the CSP."""
import hashlib
import re
from pathlib import Path

FONTS = Path(__file__).resolve().parents[2] / "app" / "static" / "fonts"


def font_urls(client):
    """The font files site.css asks for."""
    css = client.get("/static/site.css").get_data(as_text=True)
    return re.findall(r'url\("(fonts/[^"]+\.woff2)"\)', css)


def test_site_css_loads_both_weights_with_swap_from_our_own_static_route(client):
    """Two faces (regular, bold) of one family, shown at once in a fallback font while they load."""
    css = client.get("/static/site.css").get_data(as_text=True)
    assert len(font_urls(client)) == 2 and css.count("font-display: swap") == 2
    assert 'font-family: "ICCT Tamil"' in css and "unicode-range: U+0B80-0BFF" in css
    assert "://" not in css, "no third-party host"


def test_font_files_are_immutable_and_named_by_their_digest(client):
    """Served as WOFF2 with a year's caching, which is safe because a changed file gets a new name."""
    for url in font_urls(client):
        response = client.get(f"/static/{url}")
        body = response.get_data()
        assert response.status_code == 200 and body[:4] == b"wOF2"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.mimetype == "font/woff2"
        assert hashlib.sha256(body).hexdigest()[:10] == url.rsplit(".", 2)[1]
        again = client.get(f"/static/{url}", headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.headers["Cache-Control"] == response.headers["Cache-Control"]
    assert "immutable" not in client.get("/static/site.css").headers.get("Cache-Control", "")


def test_the_csp_allows_our_fonts_and_no_one_elses(client):
    """font-src names this site only (data: stays for the Swagger UI's icons)."""
    policy = client.get("/").headers["Content-Security-Policy"]
    font_src = next(part.split()[1:] for part in policy.split(";") if part.split()[0] == "font-src")
    assert "'self'" in font_src and not [source for source in font_src if source not in ("'self'", "data:")]


def test_the_font_ships_with_its_licence():
    """The OFL's text and the copyright notice sit beside the files (OFL condition 2)."""
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "Copyright 2017 Google Inc." in licence and "SIL OPEN FONT LICENSE" in licence
    assert "Version 1.1" in licence and len(list(FONTS.glob("*.woff2"))) == 2
