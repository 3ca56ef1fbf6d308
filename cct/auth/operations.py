"""What changes users, sessions and tokens. Validate → mutate → flush → record; the request (or command) commits."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, select, text
from sqlalchemy.orm import joinedload

from cct import db
from cct.actions import audit, operation
from cct.auth import queries
from cct.auth.actors import SYSTEM, Actor
from cct.auth.models import ApiToken, LoginAttempt, User, UserRole, UserSession
from cct.auth.passwords import hash_password, needs_rehash, verify_password
from cct.auth.roles import Role
from cct.auth.schemas import LOGIN_MAX
from cct.config import SecuritySettings
from cct.db import utcnow
from cct.errors import NotFound, UserError
from cct.org.models import Unit
from cct.org.queries import units_by_codes

LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
TOKEN_PREFIX = "cct_"  # noqa: S105 - a public marker, not a secret
# A token's last use is written at most this often, so reading the API does not turn every request into a write.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)


def _security() -> SecuritySettings:
    return current_app.config["CCT"].security


# -- signing in --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginOutcome:
    """ok | invalid | delayed | throttled. `user` only when ok; `retry_at` when delayed or throttled."""

    status: str
    user: User | None = None
    retry_at: datetime | None = None


def _log_attempt(login: str, ip: str, user: User | None, succeeded: bool, reason: str) -> None:
    db.session.add(
        LoginAttempt(
            login=login[:LOGIN_MAX], ip=ip[:45], user_id=user.id if user else None, succeeded=succeeded, reason=reason
        )
    )


def _delayed_until(login: str, ip: str, now: datetime) -> datetime | None:
    return queries.sign_in_delayed_until(login, now, _security(), ip)


@operation("user.signed_in", _l("Signed in"))
def authenticate(login: str, password: str, ip: str) -> LoginOutcome:
    """Check a login and password. Failures slow down the next attempt of that login from that address (1, 2, 4 …
    minutes after [security] login_max_failures), and too many from one address, whatever the login, make the address
    wait; nobody is ever locked out from elsewhere, and a login that does not exist is treated as one that does."""
    security = _security()
    now = utcnow()
    login = login.strip().lower()[:LOGIN_MAX]
    if db.session.get_bind().dialect.name == "postgresql":
        # attempts at one login wait for each other, so that parallel guesses all meet the delay (SQLite's
        # transactions already run one at a time)
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:login))"), {"login": login})
    window_start = now - timedelta(minutes=security.ip_window_minutes)
    if queries.failures_from(ip, window_start) >= security.ip_max_failures:
        _log_attempt(login, ip, None, False, "throttled")
        return LoginOutcome("throttled", retry_at=now + timedelta(minutes=security.ip_window_minutes))
    if (retry_at := _delayed_until(login, ip, now)) is not None:
        _log_attempt(login, ip, None, False, "delayed")  # the same row for a login that exists and one that does not
        return LoginOutcome("delayed", retry_at=retry_at)

    user = db.session.scalar(select(User).where(User.login == login)) if login else None
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not password_ok or not user.active:
        reason = "unknown_login" if user is None else ("inactive" if password_ok else "bad_password")
        _log_attempt(login, ip, user, False, reason)
        db.session.flush()
        if user is not None and (retry_at := _delayed_until(login, ip, now)) is not None:
            _delayed(user, ip, retry_at)
        return LoginOutcome("invalid")

    user.last_login_at = now
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    _log_attempt(login, ip, user, True, "ok")
    db.session.flush()
    audit(user, user, ip=ip)
    return LoginOutcome("ok", user=user)


@operation("user.sign_in_delayed", _l("Sign-in delayed after failed attempts"))
def _delayed(user: User, ip: str, until: datetime) -> None:
    """Failed sign-ins in a row from one address: the next one from there waits until `until` (recorded each time
    the delay grows, so an administrator sees an attack on an account)."""
    audit(user, SYSTEM, {"delayed_until": [None, until]}, ip=ip)


# -- users -------------------------------------------------------------------------------------------------------


def validate_password(password: str, login: str) -> None:
    minimum = _security().password_min_length
    if len(password) < minimum:
        raise UserError(
            "password_too_short", _("The password must have at least %(n)d characters.", n=minimum), "password"
        )
    if login and login.lower() in password.lower():
        raise UserError("password_contains_login", _("The password must not contain the login."), "password")


def _parse_roles(roles: Iterable[str]) -> set[Role]:
    parsed: set[Role] = set()
    for role in roles:
        try:
            parsed.add(Role(role))
        except ValueError:
            raise UserError("unknown_role", _("Unknown role: %(role)s.", role=role), "roles") from None
    if not parsed:
        raise UserError("no_role", _("Choose at least one role."), "roles")
    return parsed


def _clean_profile(
    full_name: str, roles: Iterable[str], unit_codes: Iterable[str]
) -> tuple[str, set[Role], list[Unit]]:
    """The name, roles and units of an account, checked together (unit staff need a unit)."""
    full_name = full_name.strip()
    if not full_name:
        raise UserError("name_required", _("Enter the person's name."), "full_name")
    parsed_roles = _parse_roles(roles)
    units = units_by_codes(unit_codes)
    if Role.UNIT_STAFF in parsed_roles and not units:
        raise UserError("unit_required", _("Unit staff must belong to at least one unit."), "units")
    return full_name, parsed_roles, units


@operation("user.created", _l("Account created"))
def create_user(
    actor: Actor,
    *,
    login: str,
    full_name: str,
    roles: Iterable[str],
    unit_codes: Iterable[str] = (),
    password: str | None = None,
    email: str | None = None,
) -> User:
    """Create a staff account; with no password the account cannot sign in until one is set."""
    login = login.strip().lower()
    if not LOGIN_PATTERN.match(login):
        raise UserError(
            "bad_login",
            _("A login has 2–64 characters: lowercase letters, digits, dot, hyphen or underscore."),
            "login",
        )
    if db.session.scalar(select(User.id).where(User.login == login)) is not None:
        raise UserError("login_taken", _("The login %(login)s is already taken.", login=login), "login")
    full_name, parsed_roles, units = _clean_profile(full_name, roles, unit_codes)
    if password is not None:
        validate_password(password, login)
    user = User(
        login=login,
        full_name=full_name,
        email=(email or "").strip() or None,
        password_hash=hash_password(password) if password is not None else None,
        active=True,
        session_version=1,
    )
    user.role_rows = [UserRole(role=role.value) for role in sorted(parsed_roles)]
    user.units = units
    db.session.add(user)
    db.session.flush()
    audit(
        user,
        actor,
        {"login": [None, login], "roles": [None, sorted(parsed_roles)], "units": [None, [u.code for u in units]]},
    )
    return user


@operation("user.updated", _l("Account changed"))
def update_user(
    actor: Actor,
    user: User,
    *,
    full_name: str,
    email: str | None,
    roles: Iterable[str],
    unit_codes: Iterable[str],
    active: bool,
) -> dict[str, list[object]]:
    """Change an account's details, roles, units or status; disabling it ends its sessions and tokens."""
    full_name, parsed_roles, units = _clean_profile(full_name, roles, unit_codes)
    if not actor.is_system and actor.id == user.id and (not active or Role.ADMIN not in parsed_roles):
        raise UserError("self_lockout", _("You cannot remove your own administrator role or disable yourself."))
    changes: dict[str, list[object]] = {}
    old_roles, old_units = sorted(user.roles), [u.code for u in user.units]
    if sorted(parsed_roles) != old_roles:
        user.role_rows = [UserRole(role=role.value) for role in sorted(parsed_roles)]
        changes["roles"] = [old_roles, sorted(parsed_roles)]
    if [u.code for u in units] != old_units:
        user.units = units
        changes["units"] = [old_units, [u.code for u in units]]
    for field, new in (("full_name", full_name), ("email", (email or "").strip() or None), ("active", active)):
        old = getattr(user, field)
        if old != new:
            setattr(user, field, new)
            changes[field] = [old, new]
    if "active" in changes and not active:
        user.session_version += 1
        _end(_open_sessions(user), "disabled")
    db.session.flush()
    if changes:
        audit(user, actor, changes)
    return changes


@operation("user.password_set", _l("Password set"))
def set_password(actor: Actor, user: User, password: str) -> None:
    """Set a new password; every other session of the user ends."""
    validate_password(password, user.login)
    user.password_hash = hash_password(password)
    user.session_version += 1
    _end(_open_sessions(user), "password")
    user.sign_in_delays_lifted_at = utcnow()  # the failures were with the old password
    db.session.flush()
    audit(user, actor)


def change_own_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise UserError("wrong_password", _("The current password is not correct."), "current_password")
    set_password(user, user, new_password)


@operation("user.sign_in_delays_lifted", _l("Sign-in delays lifted"))
def lift_sign_in_delays(actor: Actor, user: User) -> None:
    """Failed sign-ins so far no longer delay the account's next sign-in, from any address (a person who forgot
    their password and has just been told it)."""
    old = user.sign_in_delays_lifted_at
    user.sign_in_delays_lifted_at = utcnow()
    db.session.flush()
    audit(user, actor, {"sign_in_delays_lifted_at": [old, user.sign_in_delays_lifted_at]})


@operation("user.locale_set", _l("Language of the interface changed"))
def set_locale(user: User, locale: str) -> None:
    """The language a user works in (the interface follows it at every sign-in)."""
    if locale != user.locale:
        old, user.locale = user.locale, locale
        db.session.flush()
        audit(user, user, {"locale": [old, locale]})


def get_user_by_login(login: str) -> User:
    user = db.session.scalar(select(User).where(User.login == login.strip().lower()))
    if user is None:
        raise NotFound("user_not_found", _("No user with the login %(login)s.", login=login), "login")
    return user


# -- sessions ------------------------------------------------------------------------------------------------------

SEEN_EVERY = timedelta(minutes=1)  # a session's last request is written at most this often (not a write per request)
BROWSER_MAX = 200
ADDRESS_MAX = 45  # an IPv6 address written out


def start_session(user: User, address: str, browser: str) -> None:
    """A new sign-in of `user` in one browser: a server-side row whose secret the cookie carries (user.get_id)."""
    secret = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            secret_hash=digest(secret),
            address=address[:ADDRESS_MAX],
            browser=" ".join(browser.split())[:BROWSER_MAX],
        )
    )
    db.session.flush()
    user.session_secret = secret


def _session_of(user: User) -> UserSession | None:
    if not user.session_secret:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.secret_hash == digest(user.session_secret)))
    return row if row is not None and row.user_id == user.id else None


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user of a session cookie while its sign-in lasts on the server — not signed out
    (here or everywhere), the password not changed, the account not disabled (the session version), used within
    [security] idle_minutes and not older than session_hours. A session past either ends here, with its reason."""
    raw_id, version, secret = (user_id.split(":") + ["", ""])[:3]
    if not raw_id.isdigit() or not version.isdigit() or not secret:
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    user.session_secret = secret
    row = _session_of(user)
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    ended = queries.session_ended_by_time(row, now, _security())
    # the cookie says nothing of idle or total time (re-signed only when the session changes): the server keeps them
    if ended is not None:
        row.ended_at, row.ended_because = now, ended
        db.session.flush()
        return None
    if now - row.last_seen_at >= SEEN_EVERY:
        row.last_seen_at = now
        db.session.flush()
    return user


def _end(rows: Iterable[UserSession], because: str) -> int:
    now = utcnow()
    ended = 0
    for row in rows:
        if row.ended_at is None:
            row.ended_at, row.ended_because = now, because
            ended += 1
    db.session.flush()
    return ended


def end_session(user: User) -> None:
    """Signing out: this browser's session ends on the server, so a copy of its cookie opens nothing."""
    row = _session_of(user)
    if row is not None:
        _end([row], "signed_out")


def _open_sessions(user: User) -> list[UserSession]:
    """The user's sessions that still let someone in (not ended, not idle or old past the limits)."""
    statement = queries.live_sessions(user, utcnow(), _security()).with_for_update()
    return list(db.session.scalars(statement))


def purge_sign_in_log(cutoff: datetime, limit: int) -> int:
    """Forget at most `limit` sign-in attempts and `limit` sessions (ended, or unused, before `cutoff`): their
    logins, addresses and browsers are personal data (cct.privacy's rule, [privacy] sign_in_log_days)."""
    attempts = select(LoginAttempt.id).where(LoginAttempt.at < cutoff).limit(limit).scalar_subquery()
    sessions = (
        select(UserSession.id)
        .where((UserSession.ended_at < cutoff) | (UserSession.last_seen_at < cutoff))
        .limit(limit)
        .scalar_subquery()
    )
    removed = db.session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(attempts))).rowcount or 0
    removed += db.session.execute(delete(UserSession).where(UserSession.id.in_(sessions))).rowcount or 0
    return removed


@operation("user.signed_out_everywhere", _l("Signed out on every device"))
def end_every_session(actor: Actor, user: User) -> int:
    """Every session of `user` ends, this one too (a lost phone, a shared computer): the number ended."""
    ended = _end(_open_sessions(user), "everywhere")
    audit(user, actor, {"sessions_ended": ended})
    return ended


# -- API tokens --------------------------------------------------------------------------------------------------


def digest(secret: str) -> str:
    """What is kept of a token or key: its SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret(prefix: str) -> tuple[str, str, str]:
    """A fresh token or key: (the plain secret, shown once; its digest, kept; its first characters, to recognise it)."""
    plain = prefix + secrets.token_urlsafe(32)
    return plain, digest(plain), plain[: len(prefix) + 6]


@operation("token.created", _l("API token issued"))
def create_token(actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token; the plain token is returned once and never stored."""
    name = name.strip() or _("API token")
    if len(name) > 100:
        raise UserError("name_too_long", _("The name may have at most 100 characters."), "name")
    plain, token_hash, prefix = new_secret(TOKEN_PREFIX)
    token = ApiToken(user=user, name=name, token_hash=token_hash, prefix=prefix)
    db.session.add(token)
    db.session.flush()
    audit(user, actor, token_id=token.id, name=name)
    return token, plain


@operation("token.revoked", _l("API token revoked"))
def revoke_token(actor: Actor, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        audit(token.user, actor, token_id=token.id)


# One query for the token, its user and the user's roles; it runs before every API call, so it is built once.
_TOKEN_WITH_USER = (
    select(ApiToken)
    .options(joinedload(ApiToken.user).joinedload(User.role_rows))
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def user_for_token(plain: str) -> User | None:
    """The active user behind an active token, or None."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token = db.session.scalars(_TOKEN_WITH_USER, {"token_hash": digest(plain)}).unique().first()
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        token.last_used_at = now  # left unflushed: the caller sees it in session.dirty and commits it
    return token.user
