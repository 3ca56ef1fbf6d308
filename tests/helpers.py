"""Helpers shared by the tests: databases, sign-in, counting rows, running the `cct` command."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from cct import db
from cct.auth import operations as auth_ops
from cct.auth.actors import SYSTEM
from cct.db import Base

BACKENDS = ("sqlite", "postgresql")
PG_ADMIN_DSN = os.environ.get("CCT_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct-horse-battery-staple"
SECRET = "test-secret-key-" + "x" * 40
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    """A new, empty database of the backend; dropped afterwards."""
    if backend == "sqlite":
        path = directory / f"cct-{secrets.token_hex(4)}.db"
        yield f"sqlite:///{path}"
        return
    name = f"cct_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(PG_ADMIN_DSN, autocommit=True)
    except psycopg.OperationalError as exc:  # a missing server must fail the run, never skip it
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_DSN}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# As app_config's knowledge.semantic, for the commands and servers tests start (env={"CCT_KNOWLEDGE_SEMANTIC": "true"}
# asks for it).
WITHOUT_MEANING = {"CCT_KNOWLEDGE_SEMANTIC": "false"}


def app_config(url: str, instance: Path, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "database_url": url,
        "instance_path": str(instance),
        "secret_key": SECRET,
        "log_format": "text",
        "log_level": "WARNING",
        "twilio": dict(TWILIO),
        # The knowledge search's meaning (a sentence-embedding model: ~250 ms an article indexed), off as config.toml
        # has it whatever an installation's file says; its tests turn it on (tests/knowledge/test_semantic.py).
        "knowledge": {"semantic": False},
    }
    for key, value in overrides.items():
        if isinstance(value, dict):
            config.setdefault(key, {}).update(value)
        else:
            config[key] = value
    return config


_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def csrf_from_html(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def csrf_token(client: Any, path: str = "/login") -> str:
    page = client.get(path)
    assert page.status_code == 200, f"GET {path} gave {page.status_code}"
    return csrf_from_html(page.get_data(as_text=True))


def sign_in(client: Any, login: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"login": login, "password": password, "csrf_token": csrf_token(client)})


def count(model: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Telephony is on in tests: webhooks are signed with this token and checked against this address.
TWILIO = {
    "account_sid": "AC" + "0" * 32,
    "auth_token": "test-auth-token-0123456789abcdef",
    "phone_number": "+48856696000",
    "public_base_url": "https://cct.example.test",
    # Twilio's REST API: a local stand-in (tests/telephony/fake_twilio.py) on a port of this test process's own
    "api_base_url": f"http://127.0.0.1:{free_port()}",
}


@contextlib.contextmanager
def serving(backend: str, directory: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, dict[str, str]]]:
    """The service as a user starts it — a fresh database, `cct demo`, `cct serve` — and its address (with the
    environment its commands run in)."""
    with fresh_database(backend, directory) as url:
        instance = str(directory / "instance")
        settings = {
            "CCT_DATABASE_URL": url,
            "CCT_INSTANCE_PATH": instance,
            "CCT_LOG_LEVEL": "WARNING",
            **WITHOUT_MEANING,
            **(env or {}),
        }
        demo = run_cct("demo", env=settings)
        assert demo.returncode == 0, demo.stderr
        port = free_port()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CCT_")}
        with (directory / "server.log").open("w") as log:
            server = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "cct", "serve", "--port", str(port)],
                cwd=PROJECT_ROOT,
                env={**clean, **settings},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                _wait_until_up(base, server)
                yield base, settings
            finally:
                server.terminate()
                server.wait(timeout=30)


def _wait_until_up(base: str, server: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"cct serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - local server
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError("cct serve did not come up within 60 s")


def with_articles(url: str, directory: Path, *articles: dict[str, Any]) -> dict[str, str]:
    """The environment of `cct` commands on the database at `url`, upgraded, with `articles` imported (`cct kb
    import --create-units`, the import format) as a user would."""
    env = {"CCT_DATABASE_URL": url, "CCT_INSTANCE_PATH": str(directory / "instance"), "CCT_LOG_LEVEL": "WARNING"}
    seed = directory / "seed.jsonl"
    seed.write_text("".join(json.dumps(article) + "\n" for article in articles), encoding="utf-8")
    upgraded = run_cct("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    imported = run_cct("kb", "import", "--create-units", str(seed), env=env)
    assert imported.returncode == 0, imported.stderr
    return env


def run_cct(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the installed `cct` command as a user would."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("CCT_") or k.startswith("CCT_TEST_")}
    full_env.update({**WITHOUT_MEANING, **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "cct", *args],
        env=full_env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextlib.contextmanager
def rolled_back(application: Any) -> Iterator[None]:
    """Run the app's sessions inside one outer transaction that is rolled back at the end."""
    database = db.get_database(application)
    connection = database.engine.connect()
    outer = connection.begin()
    original = database.sessionmaker
    database.sessionmaker = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield
    finally:
        database.sessionmaker = original
        outer.rollback()
        connection.close()


def empty_all_tables(database: Any) -> None:
    """Remove every row (for tests that committed for real)."""
    tables = list(Base.metadata.sorted_tables)
    if database.dialect == "postgresql":
        with database.engine.begin() as connection:
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return
    # Self-referencing tables (units, categories) cannot be emptied under RESTRICT with checks on, and SQLite
    # changes that pragma only outside a transaction: so the raw (autocommit) connection does it.
    raw = database.engine.raw_connection()
    try:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("BEGIN IMMEDIATE")
        for table in reversed(tables):
            raw.execute(f'DELETE FROM "{table.name}"')  # noqa: S608 - our own table names
        raw.execute("COMMIT")
        raw.execute("PRAGMA foreign_keys = ON")
    finally:
        raw.close()


def api_callers(client: Any, make_user: Any) -> Any:
    """A maker of API callers with a token per role: api("agent", units=("ZDT",)).post(path, json=...)."""
    from cct.auth import operations as auth_ops

    tokens: dict[tuple[str, tuple[str, ...]], str] = {}

    class Caller:
        def __init__(self, role: str, units: tuple[str, ...]) -> None:
            key = (role, units)
            if key not in tokens:
                user = make_user(role, units=units)
                _token, tokens[key] = auth_ops.create_token(SYSTEM, user, "tests")
                db.session.commit()
            self.headers = {"Authorization": f"Bearer {tokens[key]}"}

        def __getattr__(self, method: str) -> Any:
            return lambda path, **kw: getattr(client, method)(path, headers=self.headers, **kw)

    return lambda role, units=(): Caller(role, units)


def api_caller(app: Any, user: Any) -> Any:
    """A client of the JSON API holding a bearer token of `user`: `api_caller(app, user).get(path)`."""
    _token, secret = auth_ops.create_token(SYSTEM, user, "tests")
    db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}

    class Caller:
        def __getattr__(self, method: str) -> Any:
            return lambda path, **kw: getattr(client, method)(path, headers=headers, **kw)

    return Caller()
