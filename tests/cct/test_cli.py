"""The `cct` command as an operator runs it: demo data, accounts, schema, and the server itself."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from cct.app import DOMAINS
from cct.auth.passwords import verify_password
from cct.derived.fingerprint import fingerprint
from tests.helpers import PROJECT_ROOT, free_port, fresh_database, run_cct


@pytest.fixture
def cli_env(backend: str, tmp_path: Path) -> Any:
    with fresh_database(backend, tmp_path) as url:
        yield {"CCT_DATABASE_URL": url, "CCT_INSTANCE_PATH": str(tmp_path / "instance"), "CCT_LOG_LEVEL": "WARNING"}


def demo_rows(stdout: str) -> list[tuple[str, str]]:
    return re.findall(r"^  (\S+)\s+(\S+)\s+\S+", stdout, flags=re.MULTILINE)


def test_demo_is_idempotent_and_prints_working_logins(cli_env: dict[str, str]) -> None:
    first = run_cct("demo", env=cli_env)
    assert first.returncode == 0, first.stderr
    rows = demo_rows(first.stdout)
    assert {"admin", "konsultant", "kierownik", "drogi", "prasa", "kancelaria", "redaktor"} <= {
        login for login, _ in rows
    }
    second = run_cct("demo", env=cli_env)
    assert second.returncode == 0, second.stderr
    assert demo_rows(second.stdout) == rows
    listing = run_cct("users", "list", env=cli_env)
    assert len(listing.stdout.splitlines()) == len(rows)  # no duplicates after the second run
    assert "drogi" in listing.stdout
    assert "ZDT" in listing.stdout


def test_demo_refuses_a_database_with_real_accounts(cli_env: dict[str, str]) -> None:
    assert run_cct("db", "upgrade", env=cli_env).returncode == 0
    created = run_cct("users", "create", "realperson", "--role", "agent", env=cli_env)
    assert created.returncode == 0, created.stderr
    assert re.search(r"^password: \S{12,}$", created.stdout, flags=re.MULTILINE)
    refused = run_cct("demo", env=cli_env)
    assert refused.returncode == 1
    assert "non-demo account" in refused.stderr
    assert "admin" not in run_cct("users", "list", env=cli_env).stdout


def test_the_demo_runs_again_on_its_own_database_after_an_account_is_added(cli_env: dict[str, str]) -> None:
    """Issue 18: README command 1 (scripts/start runs `cct demo`) failed after `cct users create`, as the README
    shows it, on the demo database it had made itself."""
    assert run_cct("demo", env=cli_env).returncode == 0
    assert run_cct("users", "create", "tester", "--role", "agent", env=cli_env).returncode == 0
    assert run_cct("users", "set-password", "admin", "--password", "a-real-secret-2026", env=cli_env).returncode == 0
    again = run_cct("demo", env=cli_env)
    assert again.returncode == 0, again.stderr
    assert "tester" in run_cct("users", "list", env=cli_env).stdout
    # once a real account shares the database, a demo account's changed password is never reset to the public one
    engine = sa.create_engine(cli_env["CCT_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT password_hash FROM users WHERE login = 'admin'")).scalar_one()
    finally:
        engine.dispose()
    assert verify_password(stored, "a-real-secret-2026")


SEARCHED_TABLES = ("press_enquiries", "press_positions", "press_surveys", "chancery_letters")


def whole_rows(connection: Any, name: str) -> list[Any]:
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    return connection.execute(sa.select(table).order_by(table.c.id)).all()


def test_upgrade_brings_search_keys_of_an_earlier_analysis_up_to_date(cli_env: dict[str, str]) -> None:
    # Records keyed by an earlier version's analysis (or saved before they had keys at all: enquiries before migration
    # 0020) are keyed again by `cct db upgrade`, which is what an installation runs after every update; nothing else
    # about them changes, and a second upgrade has nothing to do.
    assert run_cct("demo", env=cli_env).returncode == 0
    engine = sa.create_engine(cli_env["CCT_DATABASE_URL"])
    try:
        with engine.begin() as connection:
            current = {table: whole_rows(connection, table) for table in SEARCHED_TABLES}
            assert all(current.values()), "the demo holds records of every kind searched"
            connection.execute(sa.text("UPDATE press_enquiries SET search_keys = ''"))
            connection.execute(sa.text("UPDATE chancery_letters SET search_keys = ' stale '"))
            # a query agents searched, counted under the key an earlier analysis gave its wording
            key, example, searches, at = connection.execute(
                sa.text("SELECT key, example, searches, last_at FROM kb_searched_queries ORDER BY key LIMIT 1")
            ).one()
            connection.execute(
                sa.text(
                    "INSERT INTO kb_searched_queries (key, example, searches, without_result, opened, last_at) "
                    "VALUES ('stale', :example, 4, 0, 0, :at)"
                ),
                {"example": example, "at": at},
            )
            day, counted = connection.execute(
                sa.text("SELECT day, searches FROM kb_search_days WHERE key = :key ORDER BY day LIMIT 1"), {"key": key}
            ).one()
            connection.execute(
                sa.text("INSERT INTO kb_search_days (day, key, searches, without_result) VALUES (:day, 'stale', 4, 0)"),
                {"day": day},
            )
        outdated = len(current["press_enquiries"]) + len(current["chancery_letters"]) + 1

        upgraded = run_cct("db", "upgrade", env=cli_env)
        assert upgraded.returncode == 0, upgraded.stderr
        assert f"search keys of {outdated} records brought up to date" in upgraded.stdout
        with engine.connect() as connection:
            for table, rows in current.items():
                assert whole_rows(connection, table) == rows
            learned = dict(connection.execute(sa.text("SELECT key, searches FROM kb_searched_queries")).all())
            assert "stale" not in learned
            assert learned[key] == searches + 4
            merged = connection.execute(
                sa.text("SELECT key, searches FROM kb_search_days WHERE day = :day AND key IN (:key, 'stale')"),
                {"day": day, "key": key},
            ).all()
            assert merged == [(key, counted + 4)]

        # the same code computes the same keys: a second upgrade by it skips the work (cct.derived) ...
        again = run_cct("db", "upgrade", env=cli_env)
        assert again.returncode == 0, again.stderr
        assert "search keys already computed by this version" in again.stdout
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE chancery_letters SET search_keys = ' stale '"))
        assert "already computed" in run_cct("db", "upgrade", env=cli_env).stdout
        with engine.connect() as connection:
            assert {keys for (keys,) in connection.execute(sa.text("SELECT search_keys FROM chancery_letters"))} == {
                " stale "
            }
        # ... unless told to, or the code is another version's (its fingerprint differs)
        forced = run_cct("db", "upgrade", "--refresh-keys", env=cli_env)
        assert f"search keys of {len(current['chancery_letters'])} records brought up to date" in forced.stdout
        with engine.begin() as connection:
            assert whole_rows(connection, "chancery_letters") == current["chancery_letters"]
            connection.execute(sa.text("UPDATE chancery_letters SET search_keys = ' stale '"))
            connection.execute(sa.text("UPDATE code_fingerprints SET fingerprint = 'an earlier version'"))
        updated = run_cct("db", "upgrade", env=cli_env)
        assert f"search keys of {len(current['chancery_letters'])} records brought up to date" in updated.stdout
        with engine.connect() as connection:
            assert whole_rows(connection, "chancery_letters") == current["chancery_letters"]
            assert connection.execute(sa.text("SELECT name, fingerprint FROM code_fingerprints")).all() == [
                ("db.upgraded", fingerprint(["cct", *(domain.__name__ for domain in DOMAINS)]))
            ]
        # the work is the schema's at its head: asked for with another revision, it is refused before anything runs
        refused = run_cct("db", "upgrade", "--revision", "0031", "--refresh-keys", env=cli_env)
        assert refused.returncode == 2
        assert "--refresh-keys needs the schema at its head" in refused.stderr
        assert "database schema at" not in refused.stdout
    finally:
        engine.dispose()


def test_an_unreachable_database_is_one_line_naming_it(tmp_path: Path) -> None:
    """Issue 18: a database that cannot be reached printed a 150-line traceback."""
    env = {
        "CCT_DATABASE_URL": "postgresql+psycopg://postgres:sekret@127.0.0.1:1/cct",
        "CCT_INSTANCE_PATH": str(tmp_path),
    }
    for command in (("db", "upgrade"), ("users", "list"), ("serve", "--port", str(free_port()))):
        result = run_cct(*command, env=env)
        assert result.returncode == 1, command
        assert result.stderr.strip().splitlines() == [
            "Error: cannot use the database postgresql+psycopg://postgres:***@127.0.0.1:1/cct: connection failed: "
            'connection to server at "127.0.0.1", port 1 failed: Connection refused'
        ], result.stderr[-2000:]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("users", "create", "someone", "--role", "wizard"), "Nieznana rola: wizard."),
        (("users", "create", "someone", "--role", "unit_staff"), "musi należeć do co najmniej jednej jednostki"),
        (("users", "create", "someone", "--role", "agent", "--unit", "NOPE"), "Nieznana jednostka: NOPE."),
        (("users", "create", "someone", "--role", "agent", "--password", "short"), "co najmniej 10 znaków"),
        (("users", "create", "Bad Login!", "--role", "agent"), "Login ma 2–64 znaki"),
    ],
)
def test_bad_cli_input_is_a_clear_error_and_writes_nothing(
    cli_env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    assert run_cct("db", "upgrade", env=cli_env).returncode == 0
    result = run_cct(*args, env=cli_env)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert run_cct("users", "list", env=cli_env).stdout.strip() == ""


def _get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - a local test server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_serve_upgrades_an_empty_database_and_runs_jobs(cli_env: dict[str, str], tmp_path: Path) -> None:
    """…and says it is ready only once the Polish lexicon is there (issue 18: the first knowledge search after a
    fresh start waited ~9 s while a worker built it)."""
    port = free_port()
    lexicons = tmp_path / "lexicon"  # a machine that has never built one
    env = {**cli_env, "CCT_JOBS_POLL_SECONDS": "0.2", "CCT_LEXICON_DIR": str(lexicons)}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "cct", "serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT_ROOT,
        env={**_clean_env(), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status, body = _wait_for(f"http://127.0.0.1:{port}/healthz", 120)  # the lexicon is built first
        assert status == 200, body
        assert [path.suffix for path in lexicons.glob("pl-*.marisa")] == [".marisa"]
        health = json.loads(body)
        assert (health["status"], health["database"], health["jobs"]["failed"]) == ("ok", "ok", 0)
        # (the worker may be running its periodic overdue scan right now: "pending" is not checked here)
        # a job nobody handles reaches "failed" only if a worker thread in the server claimed and ran it
        script = (
            "from cct.app import create_app\nfrom cct import db\nfrom cct.jobs.operations import enqueue\n"
            "app = create_app()\nwith app.app_context():\n    enqueue('demo.unhandled', {})\n    db.session.commit()\n"
        )
        subprocess.run([sys.executable, "-c", script], env={**_clean_env(), **env}, check=True, cwd=PROJECT_ROOT)  # noqa: S603
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            jobs = json.loads(_get(f"http://127.0.0.1:{port}/healthz")[1])["jobs"]
            if jobs == {"pending": 0, "failed": 1}:
                break
            time.sleep(0.2)
        assert jobs == {"pending": 0, "failed": 1}
        status, page = _get(f"http://127.0.0.1:{port}/login")
        assert status == 200
        assert "Zaloguj się" in page
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "empty database: schema created" in output
    assert f"CCT on http://127.0.0.1:{port} (Ctrl+C stops it)" in output  # the port it was given, not the default


def test_serve_refuses_a_database_that_is_not_ccts(cli_env: dict[str, str], backend: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(cli_env["CCT_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE someone_elses (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    result = run_cct("serve", "--port", str(free_port()), env=cli_env, timeout=60)
    assert result.returncode == 1
    assert "no CCT schema version" in result.stderr


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("CCT_") or k.startswith("CCT_TEST_")}


def _wait_for(url: str, seconds: float = 30) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return _get(url)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
