"""Polish first, English available: every UI text has a Polish translation and the compiled catalogue is current."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.helpers import PROJECT_ROOT, csrf_token, sign_in

CATALOG = PROJECT_ROOT / "cct" / "translations" / "pl" / "LC_MESSAGES"


def test_every_ui_text_has_a_polish_translation(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(template),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as fh:
        wanted = {message.id for message in read_po(fh) if message.id}
    with (CATALOG / "messages.po").open("rb") as fh:
        polish = {message.id: message.string for message in read_po(fh) if message.id}
    # a plural message has a tuple of forms, every one of which must be there
    missing = sorted(str(msgid) for msgid in wanted if not all(_forms(polish.get(msgid))))
    assert missing == [], "run scripts/update-translations and translate these"


def _forms(value: Any) -> tuple[Any, ...]:
    """A message's id or translation as a tuple: plural messages have several forms (tuples in .po, lists in .mo)."""
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def test_compiled_catalogue_matches_the_po_file() -> None:
    with (CATALOG / "messages.po").open("rb") as fh:
        source = {_forms(m.id): _forms(m.string) for m in read_po(fh) if m.id}
    mo = read_mo(io.BytesIO((CATALOG / "messages.mo").read_bytes()))
    compiled = {_forms(m.id): _forms(m.string) for m in mo if m.id}
    assert compiled == source, "messages.mo is stale: run scripts/update-translations"


def test_pages_are_polish_by_default_and_english_on_request(client: Any, make_user: Any) -> None:
    login_page = client.get("/login").get_data(as_text=True)
    assert '<html lang="pl">' in login_page
    assert "Zaloguj się" in login_page
    sign_in(client, make_user("agent").login)
    response = client.post("/language", data={"locale": "en", "next": "/units/", "csrf_token": csrf_token(client, "/")})
    assert response.headers["Location"] == "/units/"
    english = client.get("/units/").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "City units" in english
    assert client.get("/nope").status_code == 404
    assert "Page not found" in client.get("/nope").get_data(as_text=True)


def test_language_switch_bad_input_changes_nothing(client: Any) -> None:
    token = csrf_token(client)
    response = client.post("/language", data={"locale": "xx", "next": "https://evil.example/", "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert '<html lang="pl">' in client.get("/login").get_data(as_text=True)
    assert client.post("/language", data={"locale": "en"}).status_code == 400  # no CSRF token
    assert '<html lang="pl">' in client.get("/login").get_data(as_text=True)


def test_error_pages_are_polish(client: Any) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert "Nie znaleziono strony" in page.get_data(as_text=True)


def test_times_are_shown_in_warsaw_time(isolated: Any) -> None:
    from datetime import UTC, datetime

    from flask import render_template_string

    with isolated.test_request_context():
        summer = render_template_string(
            "{% from '_macros.html' import when %}{{ when(t) }}", t=datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
        )
        winter = render_template_string(
            "{% from '_macros.html' import when %}{{ when(t) }}", t=datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
        )
    assert "01.07.2026 12:00" in summer
    assert "01.12.2026 11:00" in winter
