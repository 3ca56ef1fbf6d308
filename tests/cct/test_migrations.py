"""The schema comes from the migrations, from empty, on both databases, and matches the models."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from cct import db
from cct.app import load_models
from tests.helpers import fresh_database, run_cct


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
    with engine.connect() as connection, warnings.catch_warnings():
        # SQLite cannot reflect an index on an expression, so Alembic says it skips one; the only one is
        # PostgreSQL's (ddl_if), which SQLite does not have
        warnings.filterwarnings("ignore", "autogenerate skipping .* index 'ix_tickets_resident_email_lower'")
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


ROWS = (
    "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_comments),"
    " (SELECT count(*) FROM ticket_events), (SELECT count(*) FROM press_enquiries),"
    " (SELECT count(*) FROM press_enquiry_events)"
)


def test_a_migration_that_copies_a_table_keeps_the_rows_pointing_at_it(backend: str, tmp_path: Path) -> None:
    """Defect (found writing 0023): SQLite changes a CHECK by copying the table and dropping the old one, and with
    foreign keys on the drop deleted every comment and event of every ticket (ON DELETE CASCADE). Migrations now run
    with foreign keys off and checked afterwards (cct.db.foreign_keys_off), as SQLite's documentation prescribes."""
    with fresh_database(backend, tmp_path) as url:
        env = {"CCT_DATABASE_URL": url, "CCT_INSTANCE_PATH": str(tmp_path / "instance"), "CCT_LOG_LEVEL": "WARNING"}
        assert run_cct("demo", env=env).returncode == 0
        engine = db.create_db_engine(url)
        try:
            with engine.connect() as connection:
                before = tuple(connection.exec_driver_sql(ROWS).one())
            assert min(before) > 0
            for step in (("db", "downgrade", "0022"), ("db", "upgrade")):
                done = run_cct(*step, env=env)
                assert done.returncode == 0, done.stderr
            with engine.connect() as connection:
                assert tuple(connection.exec_driver_sql(ROWS).one()) == before
                if backend == "sqlite":
                    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        finally:
            engine.dispose()


def test_the_synonym_list_loses_its_opposites_and_gains_callers_words_once(backend: str, tmp_path: Path) -> None:
    """0030: the shipped group "meldunek, zameldowanie, wymeldowanie" (a caller leaving an address was shown how to
    register) is split where it is still as shipped; an editor's own group is left alone, and a new group the
    editors already hold in another order is not added twice."""
    with fresh_database(backend, tmp_path) as url:
        engine = db.create_db_engine(url)
        try:
            db.upgrade(engine, url, "0029")
            with engine.begin() as connection:
                connection.exec_driver_sql(
                    "INSERT INTO kb_synonyms (terms, updated_at) VALUES "
                    """('["wymeldowanie", "meldunek"]', CURRENT_TIMESTAMP), """
                    """('["rezerwacja", "zaklepać", "zarezerwować"]', CURRENT_TIMESTAMP)"""
                )
            db.upgrade(engine, url)
            with engine.connect() as connection:
                groups = [
                    json.loads(terms) if isinstance(terms, str) else terms
                    for (terms,) in connection.exec_driver_sql("SELECT terms FROM kb_synonyms")
                ]
        finally:
            engine.dispose()
    assert ["meldunek", "zameldowanie"] in groups
    assert ["meldunek", "zameldowanie", "wymeldowanie"] not in groups
    assert ["wymeldowanie", "meldunek"] in groups  # the editors' own
    assert sum(set(group) == {"rezerwacja", "zaklepać", "zarezerwować"} for group in groups) == 1
    assert ["blachy", "tablice rejestracyjne", "numery rejestracyjne"] in groups
