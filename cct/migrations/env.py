"""Alembic environment: one migration history for every CCT package, on SQLite and PostgreSQL alike."""

from alembic import context

from cct import db
from cct.app import load_models

config = context.config
target_metadata = load_models()


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from cct.db import create_db_engine

        engine = create_db_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as own_connection:
            _run(own_connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
        include_object=db.for_dialect(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
