"""Signing in and out: passwords, delays after failures, throttling, CSRF, cookies, session invalidation."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from sqlalchemy import select

from cct import db
from cct.auth import operations
from cct.auth.actors import SYSTEM
from cct.auth.models import LoginAttempt, User
from tests.helpers import PASSWORD, count, csrf_from_html, csrf_token, rolled_back, sign_in


def test_sign_in_lands_on_home_with_safe_cookie(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    response = sign_in(client, user.login)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "cct_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie  # the session ends after [security] session_hours
    home = client.get("/")
    assert home.status_code == 200
    assert user.full_name in home.get_data(as_text=True)
    attempt = db.session.scalars(select(LoginAttempt).order_by(LoginAttempt.id.desc())).first()
    assert attempt.succeeded
    assert attempt.user_id == user.id


def test_secure_cookies_when_configured(make_app: Any) -> None:
    secure_app = make_app(security={"secure_cookies": True})
    with rolled_back(secure_app), secure_app.app_context():
        from cct.auth import operations as ops

        ops.create_user(SYSTEM, login="secure1", full_name="S", roles=["agent"], password=PASSWORD)
        db.session.commit()
        plain = secure_app.test_client().get("/login")
        assert plain.status_code == 302
        assert plain.headers["Location"].startswith("https://")
        https = secure_app.test_client()
        page = https.get("/login", base_url="https://localhost")
        assert "Strict-Transport-Security" in page.headers
        token = csrf_from_html(page.get_data(as_text=True))
        signed = https.post(  # over https Flask-WTF also checks that the form came from this site
            "/login",
            base_url="https://localhost",
            headers={"Referer": "https://localhost/login"},
            data={"login": "secure1", "password": PASSWORD, "csrf_token": token},
        )
        assert signed.status_code == 302
        assert "Secure" in signed.headers["Set-Cookie"]


def test_wrong_password_and_unknown_login_give_the_same_answer(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    wrong = sign_in(client, user.login, "not-the-password")
    unknown = sign_in(client, "nobody-here", "whatever-password")
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Nieprawidłowy login lub hasło." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out
    reasons = db.session.scalars(select(LoginAttempt.reason).order_by(LoginAttempt.id)).all()
    assert reasons[-2:] == ["bad_password", "unknown_login"]


def test_failed_sign_ins_delay_the_next_from_that_address_growing(client: Any, make_user: Any, isolated: Any) -> None:
    """Issue 18, defect 6: five wrong passwords locked the account for everyone for 15 minutes (a weapon), and said
    so only for logins that exist. Now the next attempt of that login from that address waits 1, 2, 4 … minutes."""
    user = make_user("agent")
    limit = isolated.config["CCT"].security.login_max_failures
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(limit):
            assert sign_in(client, user.login, "wrong-password").status_code == 401
        delayed = sign_in(client, user.login, PASSWORD)  # even the right password waits
        assert delayed.status_code == 429
        assert "Zbyt wiele nieudanych prób. Spróbuj ponownie o" in delayed.get_data(as_text=True)
    elsewhere = isolated.test_client()
    with time_machine.travel(start, tick=False):
        # the same login from another address is not delayed (FlaskClient's REMOTE_ADDR)
        assert (
            elsewhere.post(
                "/login",
                data={"login": user.login, "password": PASSWORD, "csrf_token": csrf_token(elsewhere)},
                environ_base={"REMOTE_ADDR": "192.0.2.44"},
            ).status_code
            == 302
        )
    with time_machine.travel(start + timedelta(minutes=1, seconds=1), tick=False):
        assert sign_in(client, user.login, "wrong-password").status_code == 401  # the sixth: two minutes now
        assert sign_in(client, user.login, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=3, seconds=2), tick=False):
        assert sign_in(client, user.login, PASSWORD).status_code == 302
    reasons = db.session.scalars(select(LoginAttempt.reason).where(LoginAttempt.login == user.login)).all()
    assert reasons.count("delayed") == 2


def test_a_login_that_does_not_exist_is_answered_as_one_that_does(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    other = client.application.test_client()
    answers = []
    for login, browser in ((user.login, client), ("nie-ma-takiego", other)):
        for _ in range(5):
            sign_in(browser, login, "wrong-password")
        answer = sign_in(browser, login, "wrong-password")
        text = answer.get_data(as_text=True)
        answers.append((answer.status_code, re.sub(r"\d\d:\d\d", "HH:MM", text[text.index('role="alert"') :][:200])))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def test_address_is_throttled_after_many_failures(make_app: Any) -> None:
    strict = make_app(security={"ip_max_failures": 3, "login_max_failures": 50})
    with rolled_back(strict), strict.app_context():
        operations.create_user(SYSTEM, login="throttled1", full_name="T", roles=["agent"], password=PASSWORD)
        db.session.commit()
        client = strict.test_client()
        for _ in range(3):
            assert sign_in(client, "throttled1", "wrong-password").status_code == 401
        blocked = sign_in(client, "throttled1", PASSWORD)
        assert blocked.status_code == 429
        assert "Zbyt wiele nieudanych prób z tego adresu" in blocked.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused_and_records_nothing(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    before = count(LoginAttempt)
    response = client.post("/login", data={"login": user.login, "password": PASSWORD})
    assert response.status_code == 400
    assert "Formularz wygasł" in response.get_data(as_text=True)
    assert count(LoginAttempt) == before
    assert client.get("/").status_code == 302


def test_forged_csrf_token_is_refused(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    response = client.post("/login", data={"login": user.login, "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 400


def test_empty_login_form_is_a_clear_400(client: Any) -> None:
    response = client.post("/login", data={"login": "", "password": "", "csrf_token": csrf_token(client)})
    assert response.status_code == 400
    assert "aria-invalid" in response.get_data(as_text=True)


def test_next_parameter_cannot_redirect_off_site(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    token = csrf_token(client)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            f"/login?next={target}", data={"login": user.login, "password": PASSWORD, "csrf_token": token}
        )
        assert response.headers["Location"] == "/"
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    response = client.post("/login?next=/units/", data={"login": user.login, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/units/"


def test_sign_out_needs_post_with_csrf(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    sign_in(client, user.login)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/")}).status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_ends_other_sessions(isolated: Any, make_user: Any) -> None:
    user = make_user("agent")
    desk, phone = isolated.test_client(), isolated.test_client()
    sign_in(desk, user.login)
    sign_in(phone, user.login)
    response = desk.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": "a-brand-new-password",
            "password_again": "a-brand-new-password",
            "csrf_token": csrf_token(desk, "/account"),
        },
    )
    assert response.status_code == 302
    assert desk.get("/").status_code == 200  # the session that changed it goes on
    assert phone.get("/").status_code == 302  # the other one is signed out
    assert sign_in(isolated.test_client(), user.login, "a-brand-new-password").status_code == 302


def test_password_change_bad_cases(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    sign_in(client, user.login)
    cases = [
        (
            {"current_password": "wrong", "password": "long-enough-pass", "password_again": "long-enough-pass"},
            "Obecne hasło jest nieprawidłowe.",
        ),
        ({"current_password": PASSWORD, "password": "short", "password_again": "short"}, "co najmniej 10 znaków"),
        (
            {"current_password": PASSWORD, "password": "long-enough-pass", "password_again": "other-pass-here"},
            "różnią się",
        ),
        (
            {
                "current_password": PASSWORD,
                "password": f"x{user.login}xxxxxxxx",
                "password_again": f"x{user.login}xxxxxxxx",
            },
            "nie może zawierać loginu",
        ),
    ]
    for data, message in cases:
        response = client.post("/account/password", data={**data, "csrf_token": csrf_token(client, "/account")})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    assert operations.verify_password(user.password_hash, PASSWORD)


def test_disabled_account_is_signed_out_and_cannot_sign_in(isolated: Any, make_user: Any) -> None:
    user = make_user("agent")
    client = isolated.test_client()
    sign_in(client, user.login)
    operations.update_user(
        SYSTEM, user, full_name=user.full_name, email=None, roles=["agent"], unit_codes=[], active=False
    )
    db.session.commit()
    assert client.get("/").status_code == 302
    assert sign_in(isolated.test_client(), user.login).status_code == 401


def test_security_headers(client: Any) -> None:
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_password_is_stored_as_argon2_hash(isolated: Any, make_user: Any) -> None:
    user = make_user("agent")
    stored = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
