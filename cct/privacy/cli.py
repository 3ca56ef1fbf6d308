"""`cct privacy`: the retention rules' dry run and run, for the administrator's terminal and cron."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from cct.db import utcnow
from cct.jobs.operations import handler_for
from cct.privacy import operations
from cct.privacy.schemas import RETENTION_JOB, Retained


@click.group("privacy")
def privacy_group() -> None:
    """Residents' personal data: retention."""


def _print(rules: list[Retained], dry_run: bool) -> None:
    heading = _("Would remove now") if dry_run else _("Removed")
    width = max((len(str(rule.label)) for rule in rules), default=10)
    counted = max(len(heading), 8)
    click.echo(f"{_('What').ljust(width)}  {heading.rjust(counted)}  {_('Kept for')}")
    for rule in rules:
        click.echo(f"{str(rule.label).ljust(width)}  {str(rule.count).rjust(counted)}  {rule.period}")


@privacy_group.command("retention")
@click.option("--dry-run", is_flag=True, help="Count what the rules would remove now, and change nothing.")
@with_appcontext
def retention(dry_run: bool) -> None:
    """Apply the retention rules now (the daily job does it too), or show what they would remove."""
    if dry_run:
        _print(operations.retention(utcnow(), apply=False), dry_run=True)
    else:
        run_now = handler_for(current_app, RETENTION_JOB)  # the daily job, at once
        _print(run_now({}), dry_run=False)
