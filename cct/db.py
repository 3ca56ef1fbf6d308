"""Database: declarative base, engine set-up for SQLite and PostgreSQL, the request-scoped session, migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


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


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, and transactions that take the write lock when they begin.

    pysqlite's own transaction handling breaks SAVEPOINT, so SQLAlchemy emits BEGIN itself. It emits
    BEGIN IMMEDIATE: a deferred transaction that reads and then writes fails at once with "database is locked"
    when another connection committed in between (busy_timeout cannot help there), whereas an immediate one waits
    its turn. Transactions on SQLite therefore run one at a time; that is the embedded default's price,
    and PostgreSQL is the database for larger loads.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
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


def insert(model: Any) -> Any:
    """An INSERT for the session's database with its ON CONFLICT clauses (PostgreSQL's and SQLite's share them)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def get_database(app: Flask) -> Database:
    return app.extensions["cct.db"]


def init_app(app: Flask, url: str) -> None:
    app.extensions["cct.db"] = Database(url)

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        session.remove()


# -- migrations --------------------------------------------------------------------------------------------------


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, url: str, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


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
