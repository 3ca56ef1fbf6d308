"""`cct chancery import-jrwa FILE`: load the office's JRWA (CSV) into the chancery."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import with_appcontext

from cct import db
from cct.auth.actors import SYSTEM
from cct.errors import UserError
from chancery import operations
from chancery.jrwa import EXAMPLE


@click.group("chancery")
def chancery_group() -> None:
    """The chancery desk (DKS-II)."""


@chancery_group.command("import-jrwa")
@click.argument("source", type=click.File("rb"), required=False)
@with_appcontext
def import_jrwa(source: Any) -> None:
    """Import the JRWA from a CSV file (symbol;title;category; UTF-8 or Windows-1250), or the shipped example without
    FILE. A class already there is updated; any fault imports nothing."""
    text = source.read() if source is not None else EXAMPLE.read_bytes()
    try:
        added, changed = operations.import_jrwa(SYSTEM, text)
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.message} Nothing was imported.") from None
    click.echo(f"added {added}, changed {changed}")
