"""Database: declarative base, engine set-up for SQLite and PostgreSQL, the request-scoped session, migrations."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import DateTime, Engine, MetaData, String, create_engine, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLITE_TIMEOUT = 30  # seconds a transaction waits for its turn to write
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


class unicode_lower(FunctionElement[str]):  # noqa: N801 - an SQL function, named as SQL names them
    """lower() that lowers every letter on both databases. SQLite's own lowers ASCII only ("Śnieg" stays "Śnieg",
    PostgreSQL gives "śnieg"), so there it is the application function cct_lower, registered on connect."""

    type = String()
    inherit_cache = True


@compiles(unicode_lower)
def _unicode_lower(element: unicode_lower, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(unicode_lower, "sqlite")
def _unicode_lower_sqlite(element: unicode_lower, compiler: Any, **kw: Any) -> str:
    return f"cct_lower({compiler.process(element.clauses, **kw)})"


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text


def one_of(column: str, enum: Any) -> str:
    """A CHECK constraint's text: the column holds one of the enum's values."""
    return f"{column} IN ({', '.join(repr(member.value) for member in enum)})"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset; PostgreSQL uses timestamptz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware datetimes (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class _SQLiteConnection(sqlite3.Connection):
    """pysqlite's connection with room for one flag: does it hold this process's write turn?"""

    holds_write_turn = False


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, and transactions that take the write lock when they begin, one thread at a time.

    pysqlite's own transaction handling breaks SAVEPOINT, so SQLAlchemy emits BEGIN itself. It emits
    BEGIN IMMEDIATE: a deferred transaction that reads and then writes fails at once with "database is locked"
    when another connection committed in between (busy_timeout cannot help there), whereas an immediate one waits
    its turn. Transactions on SQLite therefore run one at a time; that is the embedded default's price,
    and PostgreSQL is the database for larger loads.

    Inside one process the turn is handed over by a lock taken before BEGIN and given back right after COMMIT or
    ROLLBACK. Left to SQLite alone, a waiting thread polls the database lock with sleeps that grow to 100 ms and
    loses the race again and again to threads that arrive later; with the lock, the next thread starts the moment
    the previous one ends. Between processes, SQLite's busy timeout still decides.
    """
    turn = threading.Lock()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_TIMEOUT * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()
        dbapi_connection.create_function("cct_lower", 1, _lower, deterministic=True)

    def give_back(dbapi_connection: Any) -> None:
        # the pool's reset-on-return passes its proxy of the connection, the rest the connection itself
        connection = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)
        if connection.holds_write_turn:
            connection.holds_write_turn = False
            turn.release()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        if not turn.acquire(timeout=SQLITE_TIMEOUT):
            raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked"))
        dbapi_connection.holds_write_turn = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            give_back(dbapi_connection)
            raise

    dialect = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(dbapi_connection: Any) -> None:
        commit(dbapi_connection)  # a failed COMMIT keeps the turn: the rollback that follows gives it back
        give_back(dbapi_connection)

    def do_rollback(dbapi_connection: Any) -> None:
        try:
            rollback(dbapi_connection)
        finally:
            give_back(dbapi_connection)

    dialect.do_commit = do_commit  # type: ignore[method-assign]
    dialect.do_rollback = do_rollback  # type: ignore[method-assign]

    @event.listens_for(engine.pool, "close")
    def _on_close(dbapi_connection: Any, _record: Any) -> None:
        give_back(dbapi_connection)  # a connection closed mid-transaction (an error, a dead thread)


def create_db_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": SQLITE_TIMEOUT, "factory": _SQLiteConnection},
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """The engine and session factory of one app (tests may rebind the factory to a single connection)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        self.sessionmaker = sessionmaker(bind=self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def _current_session() -> Session:
    return current_app.extensions["cct.db"].sessionmaker()


# One session per application context: a request, a CLI command, a job run.
session: scoped_session[Session] = scoped_session(_current_session, scopefunc=lambda: id(app_ctx._get_current_object()))


def insert(model: Any, dialect_name: str | None = None) -> Any:
    """An INSERT with ON CONFLICT clauses (PostgreSQL's and SQLite's share them), for the session's database or the
    one named (a statement built once, ahead of any session)."""
    dialect_name = dialect_name or session.get_bind().dialect.name
    return (postgresql if dialect_name == "postgresql" else sqlite).insert(model)


def increment(table: Any, keys: dict[str, Any], column: str) -> int:
    """Add one to `column` of the row of `table` with `keys` (making the row, at 1, when there is none) in one atomic
    upsert, in the session's transaction; the new value. Two transactions at once never get the same value: the
    numbers of registers, rate counts."""
    statement = (
        insert(table)
        .values(**keys, **{column: 1})
        .on_conflict_do_update(index_elements=list(keys), set_={column: table.c[column] + 1})
        .returning(table.c[column])
    )
    return int(session.connection().execute(statement).scalar_one())


def lock_in_transaction(name: str) -> None:
    """Wait for, and hold until the transaction ends, a lock named `name`: a count-then-insert under it cannot be
    raced. PostgreSQL: an advisory lock; SQLite runs one writing transaction at a time anyway (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(key)))


def get_database(app: Flask) -> Database:
    return app.extensions["cct.db"]


def init_app(app: Flask, url: str) -> None:
    app.extensions["cct.db"] = Database(url)

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        session.remove()


# -- migrations --------------------------------------------------------------------------------------------------


def for_dialect(dialect_name: str) -> Any:
    """Alembic's include_object for a database: a table element made for another dialect only (an index with
    `ddl_if(dialect=...)`, e.g. PostgreSQL's trigram indexes) is not expected there."""

    def include(element: Any, _name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
        only = getattr(getattr(element, "_ddl_if", None), "dialect", None)
        return reflected or type_ != "index" or only is None or only == dialect_name

    return include


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, url: str, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config(url)
    with engine.connect() as connection, foreign_keys_off(connection), connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        check_foreign_keys(connection)


@contextmanager
def foreign_keys_off(connection: Any) -> Iterator[None]:
    """SQLite changes a table (a wider CHECK, say) by copying it, dropping the old one and renaming the copy; with
    foreign keys on, dropping the old table deletes the rows that point at it (ON DELETE CASCADE). SQLite's own
    procedure for such changes (https://sqlite.org/lang_altertable.html, "other kinds of table schema changes"):
    foreign keys off outside the transaction, `PRAGMA foreign_key_check` before it commits (check_foreign_keys),
    then on again. Other databases alter in place: nothing to do."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def check_foreign_keys(connection: Any) -> None:
    """Inside the migration's transaction, before it commits: no row may point nowhere (SQLite only checks it here
    while its foreign keys are off)."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration would leave rows pointing nowhere: {broken[:5]}")


def schema_state(engine: Engine, url: str) -> str:
    """'empty' (no tables), 'current' (at head), 'behind' (needs `cct db upgrade`) or 'unknown' (not ours)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        if not tables:
            return "empty"
        if "alembic_version" not in tables:
            return "unknown"
        current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    return "current" if current == heads else "behind"


def newest_page(statement: Any, key: Any, before: int | None, size: int) -> tuple[list[Any], int | None]:
    """A log's page, newest first by `key` (its id column) and older than `before`: the rows (each begins with the
    logged object), and the cursor of the next, older page (None: this is the last)."""
    if before is not None:
        statement = statement.where(key < before)
    rows = list(session.execute(statement.order_by(key.desc()).limit(size + 1)).all())
    return rows[:size], (rows[size - 1][0].id if len(rows) > size else None)
