"""`cct tickets recount`: rebuild the dashboard's tallies from the tickets (tickets.tallies)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from cct import db
from tickets import tallies


@click.group("tickets")
def tickets_group() -> None:
    """Tickets."""


@tickets_group.command("recount")
@with_appcontext
def recount() -> None:
    """Count the tickets again into the dashboard's tallies (after rows were loaded behind the application)."""
    rows = tallies.recount()
    db.session.commit()
    click.echo(f"{rows} tallies")
