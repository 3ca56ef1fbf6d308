"""What the benchmarks share: running the `cct` command and the real server, and percentiles."""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "demo-Bialystok-2026"  # noqa: S105 - the published demo password


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def add_semantic_option(parser: argparse.ArgumentParser) -> None:
    """--semantic on|off: the knowledge search's [knowledge] semantic for a run (semantic_settings gives it)."""
    parser.add_argument(
        "--semantic", choices=["on", "off"], help="[knowledge] semantic for the run (default: config.toml's)"
    )


def semantic_settings(args: argparse.Namespace) -> dict[str, str]:
    """The environment that sets what --semantic asked for; empty when it was not given."""
    return {"CCT_KNOWLEDGE_SEMANTIC": "true" if args.semantic == "on" else "false"} if args.semantic else {}


def cct(env: dict[str, str], *args: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CCT_")}
    result = subprocess.run(
        [sys.executable, "-m", "cct", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"cct {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def sqlite_env(prefix: str) -> tuple[Path, dict[str, str]]:
    """A fresh directory for a run on SQLite, and the environment `cct` and `Server` take for it."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    env = {
        "CCT_DATABASE_URL": f"sqlite:///{workdir / 'cct.db'}",
        "CCT_INSTANCE_PATH": str(workdir / "instance"),
        "CCT_LOG_LEVEL": "WARNING",
    }
    return workdir, env


def idle(base: str, limit: float = 300) -> None:
    """Wait until the server's job thread has done the jobs left for it (indexing the articles an import published),
    so they weigh on no measurement."""
    deadline = time.monotonic() + limit
    while requests.get(base + "/healthz", timeout=10).json()["jobs"]["pending"] and time.monotonic() < deadline:
        time.sleep(0.5)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CCT_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cct", "serve", "--port", str(self.port), "--workers", "2"],
            env={**clean, **env, "CCT_LOG_LEVEL": "WARNING"},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def signed_in(base: str, login: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/login").text
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
    response = session.post(
        base + "/login", data={"login": login, "password": DEMO_PASSWORD, "csrf_token": token}, allow_redirects=False
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in as {login} failed")
    return session


PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def create_database(backend: str, prefix: str) -> tuple[Path, str, str | None]:
    """A fresh database for one run: SQLite in a new folder, or a new database on the local PostgreSQL. The run's
    folder, the database's URL, and the PostgreSQL database's name for drop_database (None for SQLite)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"{prefix}{backend}-"))
    if backend == "sqlite":
        return workdir, f"sqlite:///{workdir / 'cct.db'}", None
    database = f"cct_bench_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    return workdir, f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}", database


def drop_database(database: str | None) -> None:
    if database:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
