"""Personal API tokens: issued once, stored hashed, revocable; the API never accepts the session cookie."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from cct import db
from cct.auth import operations
from cct.auth.actors import SYSTEM
from cct.auth.models import ApiToken
from tests.helpers import csrf_token, run_cct, sign_in


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_valid_token_reads_the_api(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    _token, plain = operations.create_token(SYSTEM, user, "tests")
    db.session.commit()
    response = client.get("/api/v1/me", headers=bearer(plain))
    assert response.status_code == 200
    assert response.json == {"login": user.login, "full_name": user.full_name, "roles": ["agent"], "units": []}
    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert stored.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in stored.token_hash
    db.session.refresh(stored)
    assert stored.last_used_at is not None


def test_wrong_missing_and_malformed_tokens_get_401_json(client: Any, make_user: Any) -> None:
    make_user("agent")
    for headers in (
        {},
        bearer("cct_not-a-real-token"),
        bearer(""),
        {"Authorization": "Basic YWdlbnQ6eA=="},
        bearer("x" * 5000),
    ):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"
        assert response.json["error"]["message"]


def test_revoked_token_is_refused(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    token, plain = operations.create_token(SYSTEM, user, "tests")
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 200
    operations.revoke_token(SYSTEM, token)
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401


def test_token_of_disabled_account_is_refused(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    _token, plain = operations.create_token(SYSTEM, user, "tests")
    operations.update_user(
        SYSTEM, user, full_name=user.full_name, email=None, roles=["agent"], unit_codes=[], active=False
    )
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401


def test_api_ignores_the_session_cookie(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("admin").login)
    assert client.get("/").status_code == 200
    response = client.get("/api/v1/me")
    assert response.status_code == 401


def test_token_respects_roles(client: Any, make_user: Any) -> None:
    user = make_user("press")
    _token, plain = operations.create_token(SYSTEM, user, "tests")
    db.session.commit()
    assert client.get("/api/v1/units", headers=bearer(plain)).status_code == 200
    unknown = client.get("/api/v1/nothing-here", headers=bearer(plain))
    assert unknown.status_code == 404
    assert unknown.json["error"]["code"] == "not_found"


def test_token_created_and_revoked_in_the_account_page(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    sign_in(client, user.login)
    page = client.post("/account/tokens", data={"name": "my script", "csrf_token": csrf_token(client, "/account")})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    plain = html.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert plain.startswith("cct_")
    assert client.get("/api/v1/me", headers=bearer(plain)).json["login"] == user.login
    assert plain not in client.get("/account").get_data(as_text=True)  # shown once only
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    revoked = client.post(f"/account/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client, "/account")})
    assert revoked.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401


def test_cannot_revoke_someone_elses_token(client: Any, make_user: Any) -> None:
    owner, other = make_user("agent"), make_user("agent")
    token, plain = operations.create_token(SYSTEM, owner, "tests")
    db.session.commit()
    sign_in(client, other.login)
    response = client.post(f"/account/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 404
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 200


def test_token_name_too_long_is_refused(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    sign_in(client, user.login)
    response = client.post("/account/tokens", data={"name": "x" * 101, "csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 400
    assert db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id)) is None


def test_cli_prints_a_working_token_alone_on_its_line(committed_app: Any, database_url: str, tmp_path: Any) -> None:
    env = {"CCT_DATABASE_URL": database_url, "CCT_INSTANCE_PATH": str(tmp_path), "CCT_LOG_LEVEL": "WARNING"}
    created = run_cct("users", "create", "clitoken", "--role", "supervisor", "--password", "long-password-123", env=env)
    assert created.returncode == 0, created.stderr
    issued = run_cct("users", "token", "clitoken", env=env)
    assert issued.returncode == 0, issued.stderr
    lines = issued.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cct_")
    client = committed_app.test_client()
    assert client.get("/api/v1/me", headers=bearer(lines[0])).json["roles"] == ["supervisor"]
    revoked = run_cct("users", "revoke-tokens", "clitoken", env=env)
    assert revoked.stdout.strip() == "1 token(s) revoked"
    assert client.get("/api/v1/me", headers=bearer(lines[0])).status_code == 401
    unknown = run_cct("users", "token", "nobody", env=env)
    assert unknown.returncode == 1
    assert "Nie ma użytkownika o loginie nobody." in unknown.stderr
