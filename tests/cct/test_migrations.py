"""The schema comes from the migrations, from empty, on both databases, and matches the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from cct import db
from cct.app import load_models
from tests.helpers import fresh_database


def test_upgrade_from_empty_downgrade_and_again(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = db.create_db_engine(url)
        try:
            assert db.schema_state(engine, url) == "empty"
            db.upgrade(engine, url)
            assert db.schema_state(engine, url) == "current"
            tables = set(inspect(engine).get_table_names())
            assert {"units", "users", "user_roles", "user_units", "api_tokens", "jobs", "audit_log"} <= tables
            config = db.alembic_config(url)
            from alembic import command

            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.downgrade(config, "base")
            assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
            db.upgrade(engine, url)
            assert db.schema_state(engine, url) == "current"
        finally:
            engine.dispose()


def test_models_and_migrations_agree(app: object) -> None:
    engine = db.get_database(app).engine  # type: ignore[arg-type]
    with engine.connect() as connection:
        options = {"compare_type": True, "include_object": db.for_dialect(connection.dialect.name)}
        context = MigrationContext.configure(connection, opts=options)
        differences = compare_metadata(context, load_models())
    assert differences == [], f"models differ from migrations; write a migration: {differences}"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = db.create_db_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
