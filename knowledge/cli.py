"""`cct kb …`: rebuild the search index, import and export articles."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from cct import db
from cct.auth.actors import SYSTEM
from cct.errors import UserError
from knowledge import index, operations, queries


@click.group("kb")
def kb_group() -> None:
    """Knowledge base: search index, import and export."""


@kb_group.command("reindex")
@with_appcontext
def reindex() -> None:
    """Rebuild the search index from the database."""
    count = index.rebuild()
    db.session.commit()
    click.echo(f"indexed {count} published article(s) in {index.index_dir()}")


@kb_group.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--create-units", is_flag=True, help="Create units the file names that do not exist yet.")
@with_appcontext
def import_command(source: click.utils.LazyFile, create_units: bool) -> None:
    """Import articles from a JSONL file (one article a line: id, unit, title, body, tags, visibility, questions).

    Idempotent by id: a changed article gets a new revision. Any fault imports nothing."""
    try:
        report = operations.import_articles(SYSTEM, source, create_units=create_units)
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.message} Nothing was imported.") from None
    for code in report.units_created:
        click.echo(f"created unit {code}")
    click.echo(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}")
    index.rebuild()
    db.session.commit()


@kb_group.command("export")
@click.argument("target", type=click.File("w", encoding="utf-8"), default="-")
@with_appcontext
def export_command(target: click.utils.LazyFile) -> None:
    """Write every article that is not archived as JSONL (the import format) to TARGET or standard output."""
    out = target if target is not None else sys.stdout
    for line in queries.export_lines():
        out.write(line + "\n")
