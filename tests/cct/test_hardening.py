"""Issue 18, tried from outside as an attacker and a careless client would: each test here failed before its fix
(the defect's number in the issue is in the test's name). Tests of one domain's own inputs live with that domain
(formulas in exports: tests/tickets/test_dashboard.py; Twilio's values and SMS STATUS: tests/telephony)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.forms import local_path
from tests.helpers import PASSWORD, api_callers, csrf_token, sign_in
from tickets import operations as ops
from tickets.models import Attachment, Ticket


def new_ticket() -> Ticket:
    data = {"subject": "Nie świeci latarnia", "category": "oswietlenie", "resident_phone": "600100200"}
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(**data))
    db.session.commit()
    return ticket


def _deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


@pytest.mark.parametrize("levels", [400, 5_000, 200_000])
def test_1_deeply_nested_json_is_a_400_not_a_500(client: Any, levels: int) -> None:
    headers = {"Content-Type": "application/json"}
    for path in ("/healthz", "/api/v1/public/kb/search?q=a", "/open311/v2/requests.json"):
        response = client.open(path, method="POST" if "open311" in path else "GET", data=_deep(levels), headers=headers)
        assert response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize(
    "path", ["/faq/a%00b", "/open311/v2/services/a%00b.json", "/tickets/attachments/1%00", "/bip/1%00", "/a%00"]
)
def test_2_nul_in_a_path_is_refused_before_any_lookup(client: Any, make_user: Any, path: str) -> None:
    sign_in(client, make_user("admin").login)
    response = client.get(path)
    assert response.status_code in (400, 404), response.status_code


def test_2_a_file_name_with_nul_or_a_line_break_is_stored_clean(city: Any, isolated: Any, make_user: Any) -> None:
    ticket = new_ticket()
    client = isolated.test_client()
    sign_in(client, make_user("supervisor").login)
    page = f"/tickets/{ticket.year}/{ticket.seq}"
    photo = io.BytesIO()
    Image.new("RGB", (3, 3), "blue").save(photo, "JPEG")
    sent = client.post(
        page + "/attachments",
        data={"csrf_token": csrf_token(client, page), "file": (io.BytesIO(photo.getvalue()), "la\x00tar\tnia.jpg")},
    )
    assert sent.status_code == 302
    stored = db.session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id)).one()
    assert stored.filename == "latarnia.jpg"
    download = client.get(f"/tickets/attachments/{stored.id}")
    assert download.status_code == 200
    assert download.data == photo.getvalue()


def test_3_a_decompression_bomb_is_not_a_staff_attachment(city: Any, isolated: Any, make_user: Any) -> None:
    ticket = new_ticket()
    client = isolated.test_client()
    sign_in(client, make_user("supervisor").login)
    page = f"/tickets/{ticket.year}/{ticket.seq}"
    bomb = io.BytesIO()
    Image.new("1", (50_000, 50_000)).save(bomb, "PNG")  # 2.5 gigapixels in a few hundred kilobytes
    response = client.post(
        page + "/attachments",
        data={"csrf_token": csrf_token(client, page), "file": (io.BytesIO(bomb.getvalue()), "bomba.png")},
    )
    assert response.status_code == 400
    assert "Można dołączyć tylko zdjęcia JPEG lub PNG" in response.get_data(as_text=True)
    assert db.session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id)).all() == []


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",  # a browser drops the tab: "//evil.example"
        "/\n/evil.example",
        "/\r\n/evil.example",
        " //evil.example",
        "/\x00",
        "javascript:alert(1)",
        "",
        None,
    ],
)
def test_8_next_is_a_path_on_this_site_or_nothing(target: str | None) -> None:
    assert local_path(target) is None


@pytest.mark.parametrize("target", ["/", "/units/", "/kb/a?q=1#x", "/%09/evil.example"])
def test_8_paths_on_this_site_are_kept(target: str) -> None:
    assert local_path(target) == target  # %09 stays escaped in Location: a path on this site


@pytest.mark.parametrize("escaped", ["/%09/evil.example", "/%0A/evil.example", "/%0D%0A/evil.example"])
def test_8_sign_in_never_redirects_off_site_nor_fails(client: Any, make_user: Any, escaped: str) -> None:
    """Flask decodes ?next=, so the view saw a real tab or line break: the tab was followed off site and the line
    break was a 500 (a header cannot hold one)."""
    user = make_user("agent")
    response = client.post(
        f"/login?next={escaped}", data={"login": user.login, "password": PASSWORD, "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_10_staff_pages_are_never_cached(city: Any, client: Any, make_user: Any) -> None:
    ticket = new_ticket()
    sign_in(client, make_user("supervisor").login)
    for path in ("/", f"/tickets/{ticket.year}/{ticket.seq}", "/tickets/dashboard", "/account"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    static = client.get("/static/cct.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_10_an_api_answer_to_a_token_is_never_cached(city: Any, client: Any, make_user: Any) -> None:
    response = api_callers(client, make_user)("supervisor").get("/api/v1/tickets")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_10_a_wrong_method_says_which_are_allowed(client: Any) -> None:
    response = client.delete("/login")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS, POST"
    api = client.delete("/api/v1/public/kb/search")
    assert api.status_code == 405
    assert "GET" in api.headers["Allow"]
