"""`cct open311 keys create NAME` / `revoke NAME` / `list`: api keys of Open311 client apps."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from cct import db
from cct.auth.actors import SYSTEM
from cct.errors import UserError
from tickets.open311 import operations, queries


@click.group("open311")
def open311_group() -> None:
    """Open311 GeoReport v2."""


@open311_group.group("keys")
def keys_group() -> None:
    """api keys of the apps that post service requests."""


@keys_group.command("create")
@click.argument("name")
@with_appcontext
def create(name: str) -> None:
    """Issue a key for the app NAME; the key is printed once, on its own line."""
    try:
        _key, plain = operations.create_key(SYSTEM, name)
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(plain)


@keys_group.command("revoke")
@click.argument("name")
@with_appcontext
def revoke(name: str) -> None:
    """Revoke the key of the app NAME (its requests are refused from now on)."""
    try:
        operations.revoke_key(SYSTEM, name)
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"revoked: {name}", err=True)


@keys_group.command("list")
@with_appcontext
def list_keys() -> None:
    """The keys: name, first characters, created, revoked."""
    for key in queries.all_keys():
        revoked = key.revoked_at.isoformat(timespec="minutes") if key.revoked_at else "active"
        click.echo(f"{key.name}\t{key.prefix}…\t{key.created_at.isoformat(timespec='minutes')}\t{revoked}")
