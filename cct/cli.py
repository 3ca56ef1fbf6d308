"""The `cct` command: serve, worker, demo, db, users (and the modules' own groups, registered by the app)."""

from __future__ import annotations

import secrets
import signal
import sys
import threading
from pathlib import Path

import click
from alembic import command
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import make_url, select
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from cct import backup as backups
from cct import db, slots
from cct.app import DOMAINS, create_app
from cct.auth import operations
from cct.auth.actors import SYSTEM
from cct.auth.models import User
from cct.config import ConfigError
from cct.demo import DemoRefused, seed
from cct.derived import operations as derived
from cct.errors import UserError
from cct.jobs.worker import Worker
from cct.server import prepare, run

_created: list[Flask] = []  # the app a command made, to name its database when that cannot be reached


def _create_app() -> Flask:
    try:
        app = create_app()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    _created.append(app)
    return app


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False, add_version_option=False)
def cli() -> None:
    """CCT — the contact-centre system of the Department of Social Communication, Białystok City Hall."""


def main() -> None:
    try:
        cli.main(prog_name="cct")
    except (OperationalError, InterfaceError) as error:
        # a database that is down, refuses us or is not where the URL says: one line, like a configuration error
        click.echo(f"Error: {database_problem(error)}", err=True)
        sys.exit(1)


def database_problem(error: DBAPIError) -> str:
    """What went wrong reaching the database, in one line naming its URL (the password hidden)."""
    reason = str(error.orig or error).strip().splitlines()
    where = ""
    if _created:
        url = make_url(_created[-1].config["CCT"].database_url)
        where = f" {url.render_as_string(hide_password=True)}"
    return f"cannot use the database{where}: {reason[0] if reason else type(error).__name__}"


def _fail(error: UserError) -> None:
    db.session.rollback()
    raise click.ClickException(error.message)


# -- database ----------------------------------------------------------------------------------------------------


@cli.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target migration.")
@click.option(
    "--refresh-keys", is_flag=True, help="Compute search keys again even if this version of the code already has."
)
@with_appcontext
def db_upgrade(revision: str, refresh_keys: bool) -> None:
    """Create the schema or bring it up to date, and the search keys derived from records with it."""
    if refresh_keys and revision != "head":
        raise click.UsageError("--refresh-keys needs the schema at its head (--revision head)")
    database = db.get_database(current_app)
    db.upgrade(database.engine, database.url, revision)
    click.echo(f"database schema at {revision} ({database.dialect})")
    if revision == "head":  # the models are the schema's only at its head
        packages = ["cct", *(domain.__name__ for domain in DOMAINS)]  # all: a domain's keys may use another's code
        refreshed = derived.unless_done("db.upgraded", slots.fillers("db.upgraded"), packages, force=refresh_keys)
        db.session.commit()
        if refreshed is None:
            click.echo("search keys already computed by this version")
        elif refreshed:
            click.echo(f"search keys of {refreshed} records brought up to date")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION ('base' removes every table)."""
    database = db.get_database(current_app)
    config = db.alembic_config(database.url)
    with database.engine.connect() as connection, db.foreign_keys_off(connection), connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        db.check_foreign_keys(connection)
    click.echo(f"database schema at {revision}")


def ensure_schema(app: Flask) -> None:
    """Upgrade an empty database; refuse to run on one that is behind or not CCT's."""
    database = db.get_database(app)
    state = db.schema_state(database.engine, database.url)
    if state == "empty":
        db.upgrade(database.engine, database.url)
        click.echo("empty database: schema created")
    elif state == "behind":
        raise click.ClickException("the database schema is out of date: run `cct db upgrade` first")
    elif state == "unknown":
        raise click.ClickException("the database has tables but no CCT schema version: is CCT_DATABASE_URL right?")


# -- serving and working -----------------------------------------------------------------------------------------


@cli.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write the whole database (attachments, photos and scans included) to FILE, a .tar.gz with a checksummed
    manifest; safe while the service runs."""
    database = db.get_database(current_app)
    try:
        outcome = backups.backup(database.engine, database.url, db.Base.metadata, file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backup written to {outcome.path}: {sum(outcome.rows.values())} rows in {len(outcome.rows)} tables")


@cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    """Restore a backup made by `cct backup` into this empty database and check every table's rows."""
    database = db.get_database(current_app)
    try:
        outcome = backups.restore(database.engine, database.url, db.Base.metadata, file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"restored {sum(outcome.rows.values())} rows in {len(outcome.rows)} tables, each as the manifest says; "
        "rebuild the knowledge base's search index with `cct kb reindex`"
    )


@cli.command("serve")
@click.option("--host", default=None, help="Address to listen on (default from [server] host).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default from [server] port).")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Server processes.")
@with_appcontext
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Run the production server (gunicorn), with a background-job thread in each process."""
    settings = current_app.config["CCT"]
    ensure_schema(current_app)
    prepare(current_app)
    host, port = host or settings.server.host, port or settings.server.port
    click.echo(f"CCT on http://{host}:{port} (Ctrl+C stops it)")
    run(
        host=host,
        port=port,
        workers=workers or settings.server.workers,
        threads=settings.server.threads,
        embedded_worker=settings.jobs.embedded_worker,
    )


@cli.command("worker")
@click.option("--once", is_flag=True, help="Run the jobs that are due now, then exit.")
@with_appcontext
def worker(once: bool) -> None:
    """Run background jobs until stopped (SIGTERM or Ctrl+C)."""
    ensure_schema(current_app)
    job_worker = Worker(current_app._get_current_object())  # type: ignore[attr-defined]
    if once:
        click.echo(f"{job_worker.run_pending()} job(s) run")
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    job_worker.run_forever(stop)


# -- demo data ---------------------------------------------------------------------------------------------------


@cli.command("demo")
@click.option("--force", is_flag=True, help="Also on a database that has accounts other than the demo ones.")
@with_appcontext
def demo(force: bool) -> None:
    """Load the demo organisation and accounts (safe to run again); print the demo logins."""
    database = db.get_database(current_app)
    db.upgrade(database.engine, database.url)
    try:
        logins = seed(force=force)
    except DemoRefused as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo("Demo data ready. Sign in with one of these (login / password — role):")
    for login, password, role in logins:
        click.echo(f"  {login:<12} {password:<22} {role}")


# -- users -------------------------------------------------------------------------------------------------------


@cli.group("users")
def users() -> None:
    """Staff accounts and API tokens."""


@users.command("create")
@click.argument("login")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    help="admin, supervisor, agent, editor, unit_staff, press, spokesperson or chancery; repeatable.",
)
@click.option("--unit", "units", multiple=True, help="Code of a unit the user belongs to; repeatable.")
@click.option("--name", "full_name", default=None, help="Full name (default: the login).")
@click.option("--email", default=None)
@click.option("--password", default=None, help="Initial password; without it one is generated and printed.")
@with_appcontext
def users_create(
    login: str,
    roles: tuple[str, ...],
    units: tuple[str, ...],
    full_name: str | None,
    email: str | None,
    password: str | None,
) -> None:
    """Create an account."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        user = operations.create_user(
            SYSTEM,
            login=login,
            full_name=full_name or login,
            roles=roles,
            unit_codes=units,
            password=password,
            email=email,
        )
    except UserError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"created {user.login} ({', '.join(sorted(user.roles))})")
    if generated:
        click.echo(f"password: {password}")


@users.command("token")
@click.argument("login")
@click.option("--name", default="CLI", show_default=True, help="What the token is for.")
@with_appcontext
def users_token(login: str, name: str) -> None:
    """Issue a personal API token and print it once, alone on its line."""
    try:
        user = operations.get_user_by_login(login)
        _token, plain = operations.create_token(SYSTEM, user, name)
    except UserError as error:
        _fail(error)
    db.session.commit()
    click.echo(plain)


@users.command("revoke-tokens")
@click.argument("login")
@with_appcontext
def users_revoke_tokens(login: str) -> None:
    """Revoke every active API token of an account."""
    try:
        user = operations.get_user_by_login(login)
    except UserError as error:
        _fail(error)
    active = [token for token in user.tokens if token.active]
    for token in active:
        operations.revoke_token(SYSTEM, token)
    db.session.commit()
    click.echo(f"{len(active)} token(s) revoked")


@users.command("set-password")
@click.argument("login")
@click.password_option()
@with_appcontext
def users_set_password(login: str, password: str) -> None:
    """Set an account's password (failed sign-ins before it no longer delay the next)."""
    try:
        user = operations.get_user_by_login(login)
        operations.set_password(SYSTEM, user, password)
    except UserError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"password set for {user.login}")


@users.command("list")
@with_appcontext
def users_list() -> None:
    """List accounts with their roles and units."""
    for user in db.session.scalars(select(User).order_by(User.login)):
        status = "" if user.active else " (disabled)"
        units = ",".join(unit.code for unit in user.units) or "-"
        click.echo(f"{user.login:<20} {','.join(sorted(user.roles)):<30} {units}{status}")
