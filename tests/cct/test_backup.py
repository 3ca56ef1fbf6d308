"""`cct backup` and `cct restore` (issue 18): a running service under write load is backed up, the archive restored
into a fresh database, and every ticket acknowledged before the backup began, every attachment and every article is
there, byte for byte; bad archives and wrong targets are refused with one line and leave the target untouched."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import threading
import urllib.request
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from PIL import Image

from cct.demo import DEMO_PASSWORD
from tests.helpers import csrf_from_html, fresh_database, run_cct, serving


def _post_ticket(base: str, token: str, n: int) -> str:
    body = json.dumps({"subject": f"Latarnia {n}", "category": "oswietlenie", "resident_phone": "600100200"}).encode()
    request = urllib.request.Request(  # noqa: S310 - the local server
        f"{base}/api/v1/tickets",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.load(answer)["number"]


def _attach_photo(base: str, number: str) -> str:
    """A photo attached to a ticket by an agent through the web page, as an agent does it; its SHA-256."""
    browser = requests.Session()
    login = csrf_from_html(browser.get(f"{base}/login", timeout=30).text)
    browser.post(
        f"{base}/login", data={"login": "konsultant", "password": DEMO_PASSWORD, "csrf_token": login}, timeout=30
    )
    page = f"{base}/tickets/{number}"
    token = csrf_from_html(browser.get(page, timeout=30).text)
    photo = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(photo, "JPEG")
    sent = browser.post(
        f"{page}/attachments",
        data={"csrf_token": token},
        files={"file": ("latarnia.jpg", photo.getvalue(), "image/jpeg")},
        timeout=30,
        allow_redirects=False,
    )
    assert sent.status_code == 302, sent.text[:500]
    return hashlib.sha256(photo.getvalue()).hexdigest()


def _rows(url: str, statement: str) -> set[tuple[Any, ...]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {tuple(row) for row in connection.execute(sa.text(statement))}
    finally:
        engine.dispose()


TICKETS = "SELECT year, seq, subject FROM tickets"
FILES = "SELECT id, sha256, length(data) FROM ticket_attachments"
ARTICLES = "SELECT slug, title, body FROM kb_articles"


def test_a_backup_under_load_restores_everything_acknowledged(backend: str, tmp_path: Path) -> None:
    env_extra = {"CCT_SECURITY_API_WRITES_PER_MINUTE": "100000", "CCT_SECURITY_API_READS_PER_MINUTE": "1000000"}
    with serving(backend, tmp_path / "source", env_extra) as (base, env):
        token = run_cct("users", "token", "konsultant", env=env).stdout.strip().splitlines()[-1]
        acknowledged: list[str] = []
        before_backup: list[str] = []
        stop = threading.Event()
        failures: list[BaseException] = []

        def load() -> None:
            n = 0
            try:
                while not stop.is_set():
                    acknowledged.append(_post_ticket(base, token, n))
                    n += 1
            except BaseException as error:  # surfaced below
                failures.append(error)

        writers = [threading.Thread(target=load) for _ in range(3)]
        for writer in writers:
            writer.start()
        while len(acknowledged) < 10 and not failures:
            threading.Event().wait(0.05)
        photo = _attach_photo(base, acknowledged[0])
        before_backup = list(acknowledged)
        archive = tmp_path / "cct.tar.gz"
        made = run_cct("backup", str(archive), env=env)
        during_backup = len(acknowledged) - len(before_backup)
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
        assert failures == []
        assert made.returncode == 0, made.stderr
        assert during_backup > 0  # tickets were acknowledged while the backup ran
        source = env["CCT_DATABASE_URL"]
        with tarfile.open(archive) as opened:
            manifest = json.load(opened.extractfile("manifest.json"))  # type: ignore[arg-type]
        with fresh_database(backend, tmp_path) as target:
            restored = run_cct("restore", str(archive), env={**env, "CCT_DATABASE_URL": target})
            assert restored.returncode == 0, restored.stderr
            tickets = _rows(target, TICKETS)
            numbers = {f"{year}/{seq:06d}" for year, seq, _subject in tickets}
            assert set(before_backup) <= numbers  # every ticket acknowledged before the backup began
            assert len(tickets) == manifest["rows"]["tickets"]
            assert tickets <= _rows(source, TICKETS)  # nothing invented
            files = _rows(target, FILES)
            assert files == _rows(source, FILES)  # no attachment was added while the backup ran
            assert [sha for _id, sha, _size in files] == [photo]
            assert _rows(target, ARTICLES) == _rows(source, ARTICLES)
            assert len(_rows(target, ARTICLES)) > 50
            again = run_cct("restore", str(archive), env={**env, "CCT_DATABASE_URL": target})
            assert (again.returncode, again.stderr.strip()) == (
                1,
                "Error: the database is not empty: restore into a new, empty database",
            )
        refused = run_cct("backup", str(archive), env=env)
        assert refused.stderr.strip() == f"Error: {archive} already exists: choose a new file name"


def test_a_damaged_or_foreign_archive_is_refused_and_restores_nothing(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as source:
        env = {"CCT_DATABASE_URL": source, "CCT_INSTANCE_PATH": str(tmp_path / "instance")}
        assert run_cct("db", "upgrade", env=env).returncode == 0
        good = tmp_path / "good.tar.gz"
        assert run_cct("backup", str(good), env=env).returncode == 0
        with tarfile.open(good) as opened:
            manifest = opened.extractfile("manifest.json").read()  # type: ignore[union-attr]
            name = next(member.name for member in opened.getmembers() if member.name != "manifest.json")
            original = opened.extractfile(name).read()  # type: ignore[union-attr]
        data = bytearray(original)
        data[len(data) // 2] ^= 0xFF
        damaged = tmp_path / "damaged.tar.gz"
        with tarfile.open(damaged, "w:gz") as archive:
            for member_name, content in (("manifest.json", manifest), (name, bytes(data))):
                info = tarfile.TarInfo(member_name)
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
        garbage = tmp_path / "garbage.tar.gz"
        garbage.write_bytes(b"not a backup at all")
        other = json.loads(manifest) | {"dialect": "postgresql" if backend == "sqlite" else "sqlite"}
        foreign = tmp_path / "foreign.tar.gz"
        with tarfile.open(foreign, "w:gz") as archive:
            for member_name, content in (("manifest.json", json.dumps(other).encode()), (name, original)):
                info = tarfile.TarInfo(member_name)
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
        empty = tmp_path / "empty.tar.gz"
        with tarfile.open(empty, "w:gz") as archive:
            content = json.dumps(json.loads(manifest) | {"files": {}}).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        with fresh_database(backend, tmp_path) as target:
            target_env = {**env, "CCT_DATABASE_URL": target}
            for archive_path, message in (
                (damaged, "does not match its checksum (the file is damaged)"),
                (garbage, "cannot be read as a CCT backup"),
                (foreign, "backup cannot be restored into"),
                (empty, "is not a CCT backup (no database in it)"),
            ):
                result = run_cct("restore", str(archive_path), env=target_env)
                assert result.returncode == 1
                assert message in result.stderr
                assert len(result.stderr.strip().splitlines()) == 1
            engine = sa.create_engine(target)
            try:
                assert sa.inspect(engine).get_table_names() == []  # nothing half-restored
            finally:
                engine.dispose()
