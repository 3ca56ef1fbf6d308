"""`cct backup FILE` and `cct restore FILE` (issue 18): the whole database — tickets, articles, calls, letters and
every attachment, photo and scan, which CCT keeps in the database — in one archive with a manifest of checksums and
of each table's rows, taken consistently while the service runs, and restored into an empty database and checked.

SQLite: the online backup API (a consistent copy while others write). PostgreSQL: `pg_dump --format=custom` from the
snapshot in which the rows were counted (`pg_export_snapshot()`), so the counts describe exactly what was dumped;
`pg_restore` puts it back. The knowledge base's search index is not in the archive: it is rebuilt from the articles.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, make_url

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite"
PG_FILE = "database.dump"


class BackupError(Exception):
    """A backup or a restore that cannot be made, in one line for the command to print."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    rows: dict[str, int]
    revision: str | None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(connection: Connection, metadata: MetaData) -> dict[str, int]:
    present = set(inspect(connection).get_table_names())
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in metadata.sorted_tables
        if table.name in present
    }


def _revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """SQLAlchemy's postgresql+psycopg://… as pg_dump and pg_restore take it (postgresql://…), with the password in
    their environment (PGPASSWORD), never on a command line any local user can read."""
    parsed = make_url(url)
    environment = {**os.environ}
    if parsed.password is not None:
        environment["PGPASSWORD"] = str(parsed.password)
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False), environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: PostgreSQL's client programs are needed (Debian: apt install postgresql-client)"
        )
    return found


WHERE = "<database>"  # stands for the database's address in a client program's arguments


def _client(tool: str, url: str, *arguments: str) -> None:
    """Run pg_dump or pg_restore on the database of `url` (WHERE in `arguments`); its failure in one line."""
    where, environment = _libpq(url)
    done = subprocess.run(  # noqa: S603 - our own arguments
        [_tool(tool), *(where if argument == WHERE else argument for argument in arguments)],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()
        raise BackupError(f"{tool} failed: {last[-1] if last else f'exit status {done.returncode}'}")


def backup(engine: Engine, url: str, metadata: MetaData, target: Path) -> Outcome:
    """Write the archive `target` (a .tar.gz): the database's copy and the manifest."""
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name")
    with tempfile.TemporaryDirectory(prefix="cct-backup-") as scratch:
        folder = Path(scratch)
        if engine.dialect.name == "sqlite":
            name = SQLITE_FILE
            source = sqlite3.connect(make_url(url).database or "")
            copy = sqlite3.connect(folder / name)
            try:
                source.backup(copy)  # consistent while the service writes
            finally:
                copy.close()
                source.close()
            copied = create_engine(f"sqlite:///{folder / name}")
            try:
                with copied.connect() as connection:
                    rows, revision = _counts(connection, metadata), _revision(connection)
            finally:
                copied.dispose()
        else:
            name = PG_FILE
            with engine.connect() as connection:
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                    rows, revision = _counts(connection, metadata), _revision(connection)
                    _client(
                        "pg_dump",
                        url,
                        "--format=custom",
                        "--no-owner",
                        f"--snapshot={snapshot}",
                        "--file",
                        str(folder / name),
                        WHERE,
                    )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "dialect": engine.dialect.name,
            "revision": revision,
            "files": {name: _sha256(folder / name)},
            "rows": rows,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / MANIFEST, arcname=MANIFEST)
            archive.add(folder / name, arcname=name)
        partial.rename(target)  # a file that exists under its name is whole
    return Outcome(target, rows, revision)


def _read(archive_path: Path, folder: Path) -> dict[str, Any]:
    """The archive unpacked into `folder`, its manifest read and every file's checksum checked."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            members = {member.name: member for member in archive.getmembers()}
            if MANIFEST not in members:
                raise BackupError(f"{archive_path} is not a CCT backup (no {MANIFEST})")
            manifest = json.load(io.TextIOWrapper(archive.extractfile(members[MANIFEST]), encoding="utf-8"))  # type: ignore[arg-type]
            files = manifest.get("files") if isinstance(manifest, dict) else None
            for name in files if isinstance(files, dict) else {}:
                if name not in members or not members[name].isfile() or "/" in name:
                    raise BackupError(f"{archive_path}: {name} is missing")
                archive.extract(members[name], folder, filter="data")
    except (OSError, tarfile.TarError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"{archive_path} cannot be read as a CCT backup: {error}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise BackupError(f"{archive_path} is not a CCT backup (its manifest is not one)")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path}: backup format {manifest.get('format')!r}, this CCT reads {FORMAT}")
    for name, expected in manifest["files"].items():
        if _sha256(folder / name) != expected:
            raise BackupError(f"{archive_path}: {name} does not match its checksum (the file is damaged)")
    return manifest


def restore(engine: Engine, url: str, metadata: MetaData, archive_path: Path) -> Outcome:
    """Put a backup into an empty database of the same kind, then check that every table has its rows."""
    with engine.connect() as connection:
        if inspect(connection).get_table_names():
            raise BackupError("the database is not empty: restore into a new, empty database")
    with tempfile.TemporaryDirectory(prefix="cct-restore-") as scratch:
        folder = Path(scratch)
        manifest = _read(archive_path, folder)
        if manifest.get("dialect") != engine.dialect.name:
            raise BackupError(
                f"a {manifest.get('dialect')} backup cannot be restored into {engine.dialect.name} "
                "(make a backup of the same kind)"
            )
        expected_file = SQLITE_FILE if engine.dialect.name == "sqlite" else PG_FILE
        if expected_file not in manifest["files"] or not isinstance(manifest.get("rows"), dict):
            raise BackupError(f"{archive_path} is not a CCT backup (no database in it)")
        if engine.dialect.name == "sqlite":
            copy = sqlite3.connect(folder / SQLITE_FILE)
            target = sqlite3.connect(make_url(url).database or "")
            try:
                copy.backup(target)
            finally:
                target.close()
                copy.close()
        else:
            # all or nothing: a failed restore leaves the database empty
            _client(
                "pg_restore",
                url,
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                WHERE,
                str(folder / PG_FILE),
            )
    engine.dispose()  # connections opened before the restore may not see its tables
    with engine.connect() as connection:
        rows, revision = _counts(connection, metadata), _revision(connection)
    expected = {table: count for table, count in manifest["rows"].items()}
    if rows != expected or revision != manifest["revision"]:
        differ = sorted(table for table in expected if rows.get(table) != expected[table])
        raise BackupError(f"the restored database differs from the backup's manifest: {', '.join(differ) or 'schema'}")
    return Outcome(archive_path, rows, revision)
