"""Issue 18, tried from outside as an attacker and a careless client would: each test here failed before its fix
(the defect's number in the issue is in the test's name). Tests of one domain's own inputs live with that domain
(formulas in exports: tests/tickets/test_dashboard.py; Twilio's values and SMS STATUS: tests/telephony)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from PIL import Image
from sqlalchemy import select

from cct import db
from cct.audit.models import AuditEntry
from cct.auth.actors import SYSTEM
from cct.auth.models import LoginAttempt, UserSession
from cct.forms import local_path
from tests.conftest import FreshContextClient
from tests.helpers import PASSWORD, api_callers, csrf_from_html, csrf_token, rolled_back, sign_in
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
    assert response.status_code == 400, response.status_code  # refused before routing, whatever the path


def _supervisor_on_a_ticket(isolated: Any, make_user: Any) -> tuple[Ticket, Any, str]:
    """A new ticket, a supervisor signed in, and the ticket's page."""
    ticket = new_ticket()
    client = isolated.test_client()
    sign_in(client, make_user("supervisor").login)
    return ticket, client, f"/tickets/{ticket.year}/{ticket.seq}"


def test_2_a_file_name_with_nul_or_a_line_break_is_stored_clean(city: Any, isolated: Any, make_user: Any) -> None:
    ticket, client, page = _supervisor_on_a_ticket(isolated, make_user)
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
    ticket, client, page = _supervisor_on_a_ticket(isolated, make_user)
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


# -- 5: sessions end on the server -----------------------------------------------------------------------------------


def _cookie(client: Any) -> str:
    cookie = client.get_cookie("cct_session")
    assert cookie is not None
    return cookie.value


def _signed_in(client: Any) -> bool:
    return client.get("/account").status_code == 200


def test_5_a_cookie_copied_before_signing_out_opens_nothing_after(isolated: Any, make_user: Any) -> None:
    user = make_user("supervisor")
    client = isolated.test_client()
    sign_in(client, user.login)
    captured = _cookie(client)
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/")}).status_code == 302
    thief = isolated.test_client()
    thief.set_cookie("cct_session", captured)
    assert thief.get("/account").status_code == 302
    assert thief.get("/tickets/").status_code == 302
    ended = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
    assert ended.ended_because == "signed_out"


def test_5_sign_out_everywhere_ends_every_browser(isolated: Any, make_user: Any) -> None:
    user = make_user("agent")
    office, home, other = isolated.test_client(), isolated.test_client(), isolated.test_client()
    sign_in(office, user.login)
    sign_in(home, user.login)
    sign_in(other, make_user("agent").login)
    page = office.get("/account").get_data(as_text=True)
    listed = page[page.index('id="sessions-heading"') : page.index('id="tokens-heading"')]
    assert listed.count("<tr") == 1 + 2  # the header and the user's two sessions
    assert listed.count("(ta przeglądarka)") == 1
    ended = office.post("/account/sessions/end", data={"csrf_token": csrf_token(office, "/account")})
    assert ended.headers["Location"] == "/login"
    assert "Wylogowano na 2 urządzeniach." in office.get("/login").get_data(as_text=True)
    assert not _signed_in(office)
    assert not _signed_in(home)
    assert _signed_in(other)  # another person's session goes on
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.signed_out_everywhere")).one()
    assert audit.changes == {"sessions_ended": 2}


def test_5_sign_out_everywhere_needs_its_token(isolated: Any, make_user: Any) -> None:
    client = isolated.test_client()
    sign_in(client, make_user("agent").login)
    assert client.post("/account/sessions/end").status_code == 400
    assert _signed_in(client)


def test_5_an_idle_session_ends_a_used_one_goes_on(isolated: Any, make_user: Any) -> None:
    idle = isolated.config["CCT"].security.idle_minutes
    user = make_user("agent")
    client, away = isolated.test_client(), isolated.test_client()
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        sign_in(client, user.login)
        sign_in(away, user.login)
    for minutes in (idle - 5, 2 * idle - 10, 3 * idle - 15):  # a request now and then keeps it
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert _signed_in(client)
    with time_machine.travel(start + timedelta(minutes=idle + 1), tick=False):
        assert not _signed_in(away)
    reasons = {row.ended_because for row in db.session.scalars(select(UserSession))}
    assert reasons == {None, "idle"}


def test_5_a_session_ends_after_session_hours_however_busy(isolated: Any, make_user: Any) -> None:
    """Flask re-signs the cookie at every request: a console asking every few seconds stayed signed in for ever."""
    hours = isolated.config["CCT"].security.session_hours
    idle = isolated.config["CCT"].security.idle_minutes
    client = isolated.test_client()
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        sign_in(client, make_user("agent").login)
    busy = start
    while busy < start + timedelta(hours=hours) - timedelta(minutes=idle):
        busy += timedelta(minutes=idle - 1)
        with time_machine.travel(busy, tick=False):
            assert _signed_in(client)
    with time_machine.travel(start + timedelta(hours=hours, minutes=1), tick=False):
        assert not _signed_in(client)
    assert db.session.scalars(select(UserSession.ended_because)).one() == "expired"


def test_5_a_browser_closed_without_signing_out_is_not_listed(isolated: Any, make_user: Any) -> None:
    user = make_user("agent")
    idle = isolated.config["CCT"].security.idle_minutes
    forgotten, current = isolated.test_client(), isolated.test_client()
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        sign_in(forgotten, user.login)
    with time_machine.travel(start + timedelta(minutes=idle + 5), tick=False):
        sign_in(current, user.login)
        page = current.get("/account").get_data(as_text=True)
        listed = page[page.index('id="sessions-heading"') : page.index('id="tokens-heading"')]
        assert listed.count("<tr") == 1 + 1
        ended = current.post("/account/sessions/end", data={"csrf_token": csrf_token(current, "/account")})
        assert ended.status_code == 302
        assert "Wylogowano na 1 urządzeniu." in current.get("/login").get_data(as_text=True)


def test_5_old_sessions_are_forgotten_after_90_days(isolated: Any, make_user: Any) -> None:
    from cct.auth import operations as accounts

    client = isolated.test_client()
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        sign_in(client, make_user("agent").login)
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert accounts.purge_sign_in_log(start + timedelta(days=89) - timedelta(days=90), 100) == 0
    assert accounts.purge_sign_in_log(start + timedelta(days=91) - timedelta(days=90), 100) == 2  # and the sign-in
    assert db.session.scalars(select(UserSession)).all() == []


def test_5_a_disabled_account_or_a_new_password_ends_other_sessions(isolated: Any, make_user: Any) -> None:
    from cct.auth import operations as auth

    user = make_user("agent")
    mine, elsewhere = isolated.test_client(), isolated.test_client()
    sign_in(mine, user.login)
    sign_in(elsewhere, user.login)
    new_password = "zupełnie-nowe-hasło-2026"
    changed = mine.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(mine, "/account"),
            "current_password": PASSWORD,
            "password": new_password,
            "password_again": new_password,
        },
    )
    assert changed.status_code == 302
    assert _signed_in(mine)
    assert not _signed_in(elsewhere)
    auth.update_user(
        SYSTEM, user, full_name=user.full_name, email=user.email, roles=["agent"], unit_codes=[], active=False
    )
    db.session.commit()
    assert not _signed_in(mine)
    assert {row.ended_because for row in db.session.scalars(select(UserSession))} == {"password", "disabled"}


# -- 6: the client's own address behind a reverse proxy ------------------------------------------------------------


@pytest.mark.parametrize(("hops", "recorded"), [(0, "10.0.0.1"), (1, "203.0.113.7")])
def test_6_throttles_count_the_clients_address_only_behind_a_trusted_proxy(
    app: Any, make_app: Any, hops: int, recorded: str
) -> None:
    """Behind nginx every request came from the proxy: one person's failed logins throttled the whole staff. With
    [server] trusted_proxies the address is X-Forwarded-For's; without it the header is ignored (anyone could send
    one to dodge the throttle)."""
    proxied_app = make_app(server={"trusted_proxies": hops})  # on the session's database (`app` made its schema)
    with rolled_back(proxied_app), proxied_app.app_context():
        client = proxied_app.test_client()
        proxied = {"environ_base": {"REMOTE_ADDR": "10.0.0.1"}, "headers": {"X-Forwarded-For": "203.0.113.7"}}
        token = csrf_from_html(client.get("/login", **proxied).get_data(as_text=True))
        data = {"login": "nikt", "password": "zle-haslo-123", "csrf_token": token}
        assert client.post("/login", data=data, **proxied).status_code == 401
        attempt = db.session.scalars(select(LoginAttempt).where(LoginAttempt.login == "nikt")).one()
        assert attempt.ip == recorded


# -- 11: a retried creation makes nothing twice ------------------------------------------------------------------------

NEW_TICKET = {"subject": "Nie świeci latarnia", "category": "oswietlenie", "resident_phone": "600100200"}


def _tickets() -> int:
    db.session.expire_all()
    return len(db.session.scalars(select(Ticket)).all())


def test_11_the_same_key_and_body_give_the_first_answer_again(city: Any, client: Any, make_user: Any) -> None:
    callers = api_callers(client, make_user)
    agent, other = callers("agent"), callers("supervisor")
    headers = {"Idempotency-Key": "zgloszenie-7f3a"}
    first = client.post("/api/v1/tickets", json=NEW_TICKET, headers=agent.headers | headers)
    assert first.status_code == 201
    again = client.post("/api/v1/tickets", json=NEW_TICKET, headers=agent.headers | headers)
    assert (again.status_code, again.json, again.headers["Location"]) == (201, first.json, first.headers["Location"])
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _tickets() == 1
    changed = client.post("/api/v1/tickets", json=NEW_TICKET | {"subject": "Inna"}, headers=agent.headers | headers)
    assert changed.status_code == 422
    assert changed.json["error"]["code"] == "idempotency_key_reused"
    assert _tickets() == 1
    theirs = client.post("/api/v1/tickets", json=NEW_TICKET, headers=other.headers | headers)  # keys are per client
    assert theirs.status_code == 201
    assert theirs.json["number"] != first.json["number"]
    assert _tickets() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "klucz-zażółć", "a\tb"])
def test_11_a_malformed_key_is_refused_and_creates_nothing(city: Any, client: Any, make_user: Any, key: str) -> None:
    agent = api_callers(client, make_user)("agent")
    response = client.post("/api/v1/tickets", json=NEW_TICKET, headers=agent.headers | {"Idempotency-Key": key})
    assert response.status_code == 400
    assert _tickets() == 0


def test_11_a_refused_request_does_not_hold_its_key(city: Any, client: Any, make_user: Any) -> None:
    agent = api_callers(client, make_user)("agent")
    headers = agent.headers | {"Idempotency-Key": "poprawiony"}
    refused = client.post("/api/v1/tickets", json=NEW_TICKET | {"resident_phone": "12"}, headers=headers)
    assert refused.status_code == 422
    assert client.post("/api/v1/tickets", json=NEW_TICKET, headers=headers).status_code == 201
    assert _tickets() == 1


def test_11_open311_apps_retry_safely(city: Any, client: Any) -> None:
    from tickets.open311 import operations as keys

    _key, api_key = keys.create_key(SYSTEM, "Aplikacja")
    db.session.commit()
    form = {
        "api_key": api_key,
        "service_code": "drogi-dziury",
        "lat": "53.1325",
        "long": "23.1688",
        "attribute[wielkosc]": "duzy",
        "description": "Dziura na Lipowej",
    }
    headers = {"Idempotency-Key": "a1b2c3"}
    first = client.post("/open311/v2/requests.json", data=form, headers=headers)
    again = client.post("/open311/v2/requests.json", data=form, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    other = client.post("/open311/v2/requests.json", data=form | {"description": "Inna"}, headers=headers)
    assert other.status_code == 422
    assert "used with another request" in other.get_json()[0]["description"]
    assert _tickets() == 1


def test_11_a_key_is_kept_for_24_hours_then_forgotten(city: Any, client: Any, make_user: Any) -> None:
    from cct.idempotency import operations as idempotency
    from cct.idempotency.models import IdempotentRequest

    agent = api_callers(client, make_user)("agent")
    headers = agent.headers | {"Idempotency-Key": "dzien"}
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        assert client.post("/api/v1/tickets", json=NEW_TICKET, headers=headers).status_code == 201
    with time_machine.travel(start + timedelta(hours=23), tick=False):
        assert client.post("/api/v1/tickets", json=NEW_TICKET, headers=headers).headers["Idempotent-Replayed"]
        assert idempotency.purge({}) == 0
    with time_machine.travel(start + timedelta(hours=24, minutes=1), tick=False):
        assert "Idempotent-Replayed" not in client.post("/api/v1/tickets", json=NEW_TICKET, headers=headers).headers
        assert _tickets() == 2
    with time_machine.travel(start + timedelta(hours=48, minutes=2), tick=False):
        assert idempotency.purge({}) == 1
    assert db.session.scalars(select(IdempotentRequest)).all() == []


def test_11_twins_sent_at_the_same_moment_make_one_ticket(committed_app: Any) -> None:
    """8 retries of one request at once (a client's timeout and its retry racing): one ticket, eight equal answers,
    on both databases (PostgreSQL: the key's unique index makes the twins wait; SQLite: one writer)."""
    from cct.auth import operations as accounts
    from tests.tickets.conftest import seed_city

    with committed_app.app_context():
        seed_city()
        user = accounts.create_user(SYSTEM, login="rownolegly", full_name="R", roles=["agent"], password=PASSWORD)
        _token, secret = accounts.create_token(SYSTEM, user, "tests")
        db.session.commit()
    headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "jeden-raz"}
    start = threading.Barrier(8, timeout=30)
    answers: list[tuple[int, Any]] = []

    def send() -> None:
        client = committed_app.test_client()
        start.wait()
        response = client.post("/api/v1/tickets", json=NEW_TICKET, headers=headers)
        answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [status for status, _body in answers] == [201] * 8
    assert len({body["number"] for _status, body in answers}) == 1
    with committed_app.app_context():
        assert len(db.session.scalars(select(Ticket)).all()) == 1


# -- 12: programs' writes are rate-limited ------------------------------------------------------------------------


@contextmanager
def _write_limit(make_app: Any, per_minute: int, reads: int = 600) -> Iterator[Any]:
    """An app allowing `per_minute` writes (and `reads` reads) a minute, the city seeded, in a transaction rolled
    back afterwards."""
    from tests.tickets.conftest import seed_city

    strict = make_app(security={"api_writes_per_minute": per_minute, "api_reads_per_minute": reads})
    strict.test_client_class = FreshContextClient  # each request its own context: its own signed-in user
    with rolled_back(strict), strict.app_context():
        seed_city()
        yield strict


def _bearer(login: str) -> dict[str, str]:
    """An agent's account and the Authorization header of a token of theirs."""
    from cct.auth import operations as accounts

    user = accounts.create_user(SYSTEM, login=login, full_name=login, roles=["agent"], password=PASSWORD)
    return {"Authorization": f"Bearer {accounts.create_token(SYSTEM, user, 'tests')[1]}"}


def test_12_an_api_token_may_write_its_limit_a_minute(app: Any, make_app: Any) -> None:
    """100 POSTs in 1.4 s were all accepted; now [security] api_writes_per_minute, then 429 with Retry-After, per
    account; reading has a limit of its own and the next minute starts again."""
    with _write_limit(make_app, 3) as strict:
        tokens = {login: _bearer(login) for login in ("pierwszy", "drugi")}
        db.session.commit()
        client = strict.test_client()
        start = datetime.now(UTC).replace(second=5, microsecond=0)
        with time_machine.travel(start, tick=False):
            answers = [
                client.post("/api/v1/tickets", json=NEW_TICKET, headers=tokens["pierwszy"]).status_code
                for _ in range(5)
            ]
            assert answers == [201, 201, 201, 429, 429]
            refused = client.post("/api/v1/tickets", json=NEW_TICKET, headers=tokens["pierwszy"])
            assert refused.json["error"]["code"] == "too_many_requests"
            assert refused.headers["Retry-After"] == "55"
            assert client.get("/api/v1/tickets", headers=tokens["pierwszy"]).status_code == 200
            assert client.post("/api/v1/tickets", json=NEW_TICKET, headers=tokens["drugi"]).status_code == 201
        with time_machine.travel(start + timedelta(minutes=1), tick=False):
            assert client.post("/api/v1/tickets", json=NEW_TICKET, headers=tokens["pierwszy"]).status_code == 201
        assert _tickets() == 5


def test_12_an_api_token_may_read_its_limit_a_minute(app: Any, make_app: Any) -> None:
    """Reading was never limited: a token could copy out every resident's name and phone in an afternoon. Now
    [security] api_reads_per_minute per account, counted apart from the writes."""
    with _write_limit(make_app, 100, reads=3) as strict:
        headers = _bearer("czytelnik")
        db.session.commit()
        client = strict.test_client()
        start = datetime.now(UTC).replace(second=30, microsecond=0)
        with time_machine.travel(start, tick=False):
            answers = [client.get("/api/v1/tickets", headers=headers).status_code for _ in range(4)]
            assert answers == [200, 200, 200, 429]
            refused = client.get("/api/v1/categories", headers=headers)
            assert (refused.status_code, refused.headers["Retry-After"]) == (429, "30")
            assert client.post("/api/v1/tickets", json=NEW_TICKET, headers=headers).status_code == 201
        with time_machine.travel(start + timedelta(minutes=1), tick=False):
            assert client.get("/api/v1/tickets", headers=headers).status_code == 200


def test_12_refused_writes_count_too(app: Any, make_app: Any) -> None:
    """A refused request is rolled back, and its count was with it: a client flooding 422s was never limited."""
    with _write_limit(make_app, 3) as strict:
        headers = _bearer("bledny")
        db.session.commit()
        client = strict.test_client()
        with time_machine.travel(datetime.now(UTC).replace(second=1, microsecond=0), tick=False):
            wrong = NEW_TICKET | {"resident_phone": "12"}
            answers = [client.post("/api/v1/tickets", json=wrong, headers=headers).status_code for _ in range(3)]
            assert answers == [422, 422, 422]
            assert client.post("/api/v1/tickets", json=NEW_TICKET, headers=headers).status_code == 429
        assert _tickets() == 0


def test_12_an_open311_key_may_post_its_limit_a_minute(app: Any, make_app: Any) -> None:
    from tickets.open311 import operations as keys

    with _write_limit(make_app, 2) as strict:
        _key, api_key = keys.create_key(SYSTEM, "Szybka aplikacja")
        db.session.commit()
        form = {
            "api_key": api_key,
            "service_code": "drogi-dziury",
            "address_string": "Lipowa 1",
            "attribute[wielkosc]": "duzy",
            "description": "Dziura",
        }
        client = strict.test_client()
        with time_machine.travel(datetime.now(UTC).replace(second=30, microsecond=0), tick=False):
            answers = [client.post("/open311/v2/requests.json", data=form) for _ in range(3)]
        assert [answer.status_code for answer in answers] == [201, 201, 429]
        assert answers[2].headers["Retry-After"] == "30"
        assert "at most 2 a minute" in answers[2].get_json()[0]["description"]
        assert _tickets() == 2
