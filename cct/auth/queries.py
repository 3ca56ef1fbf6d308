"""Reading accounts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, func, select

from cct import db
from cct.auth.models import ApiToken, LoginAttempt, User, UserSession
from cct.config import SecuritySettings


def user_by_login(login: str) -> User | None:
    """The account with this login (any case), or None."""
    if not isinstance(login, str) or not login.strip():
        return None
    return db.session.scalar(select(User).where(User.login == login.strip().lower()))


def active_users() -> list[User]:
    """Every active account, by name."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name)))


def users_by_ids(ids: list[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def search_users(text: str) -> list[User]:
    """Accounts whose login or name contains `text` (any case), by login; every account for no text."""
    statement = select(User).order_by(User.login)
    if text:
        statement = statement.where(
            User.login.contains(text.lower(), autoescape=True) | User.full_name.icontains(text, autoescape=True)
        )
    return list(db.session.scalars(statement))


def session_ended_by_time(row: UserSession, now: datetime, security: SecuritySettings) -> str | None:
    """Why time has ended a session ("idle", "expired"), or None while it lasts."""
    if now - row.last_seen_at > timedelta(minutes=security.idle_minutes):
        return "idle"
    if now - row.created_at > timedelta(hours=security.session_hours):
        return "expired"
    return None


def live_sessions(user: User, now: datetime, security: SecuritySettings) -> Select[tuple[UserSession]]:
    """The user's sessions that still let someone in: not ended, used within idle_minutes, younger than
    session_hours (a browser closed without signing out is not one of them)."""
    return select(UserSession).where(
        UserSession.user_id == user.id,
        UserSession.ended_at.is_(None),
        UserSession.last_seen_at >= now - timedelta(minutes=security.idle_minutes),
        UserSession.created_at >= now - timedelta(hours=security.session_hours),
    )


def sessions_of(user: User, now: datetime, security: SecuritySettings) -> list[UserSession]:
    """The user's live sessions, the last used first (the account page lists them)."""
    statement = live_sessions(user, now, security).order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    return list(db.session.scalars(statement))


def tokens_of(user: User) -> list[ApiToken]:
    """The user's API tokens, newest first."""
    statement = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(statement))


def own_token(user: User, token_id: int) -> ApiToken | None:
    """One of the user's tokens, or None (another's token is as good as missing)."""
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id else None


# -- delays after failed sign-ins --------------------------------------------------------------------------------------

# What a failed attempt may be: a password checked and wrong, a login that does not exist, a disabled account. An
# attempt refused because of a delay or the address's throttle checked nothing and does not lengthen the delay.
COUNTED_FAILURES = ("bad_password", "unknown_login", "inactive")
DELAY_MEMORY = timedelta(hours=24)  # failures older than this are forgotten


def delay_after(failures: int, free: int, longest_minutes: int) -> timedelta:
    """How long the next sign-in waits after `failures` in a row: none within `free`, then 1, 2, 4 … minutes, at most
    `longest_minutes`."""
    if failures < free:
        return timedelta(0)
    return timedelta(minutes=min(2 ** min(failures - free, 20), longest_minutes))


def sign_in_delays(
    logins: list[str], now: datetime, security: SecuritySettings, ip: str | None = None
) -> dict[str, datetime]:
    """Until when sign-ins of each of `logins` must wait (those delayed now), from `ip` or from any address (the
    administrators' list: one query for the page). Counted per login and address: an attacker elsewhere cannot keep a
    member of staff out, and a login that does not exist waits exactly like one that does (nobody learns which
    logins exist). Failures before an administrator lifted the delays, or before a new password, do not count."""
    if not logins:
        return {}
    since = now - DELAY_MEMORY
    lifted = {
        login: at
        for login, at in db.session.execute(
            select(User.login, User.sign_in_delays_lifted_at).where(User.login.in_(logins))
        )
        if at is not None
    }
    recent = select(LoginAttempt.login, LoginAttempt.ip, LoginAttempt.at, LoginAttempt.succeeded).where(
        LoginAttempt.login.in_(logins),
        LoginAttempt.at > since,
        LoginAttempt.succeeded.is_(True) | LoginAttempt.reason.in_(COUNTED_FAILURES),
    )
    if ip is not None:
        recent = recent.where(LoginAttempt.ip == ip)
    in_a_row: dict[tuple[str, str], tuple[int, datetime]] = {}  # per login and address: failures since a success
    for login, address, at, succeeded in db.session.execute(recent.order_by(LoginAttempt.at, LoginAttempt.id)):
        if login in lifted and at <= lifted[login]:
            continue
        if succeeded:
            in_a_row.pop((login, address), None)
        else:
            in_a_row[(login, address)] = (in_a_row.get((login, address), (0, at))[0] + 1, at)
    delays: dict[str, datetime] = {}
    for (login, _address), (count, last) in in_a_row.items():
        until = last + delay_after(count, security.login_max_failures, security.login_delay_max_minutes)
        if count >= security.login_max_failures and until > now:
            delays[login] = max(until, delays.get(login, until))
    return delays


def sign_in_delayed_until(login: str, now: datetime, security: SecuritySettings, ip: str) -> datetime | None:
    """Until when a sign-in of `login` from `ip` must wait, or None."""
    return sign_in_delays([login], now, security, ip).get(login)


def failures_from(ip: str, since: datetime) -> int:
    """Failed sign-ins from one address since `since`, whatever the login (the address's throttle)."""
    statement = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.ip == ip, LoginAttempt.reason.in_(COUNTED_FAILURES), LoginAttempt.at >= since)
    )
    return db.session.scalar(statement) or 0


def sign_in_log_before(cutoff: datetime) -> int:
    """Sign-in attempts made, and sessions ended or left unused, before `cutoff`."""
    attempts = db.session.scalar(select(func.count()).where(LoginAttempt.at < cutoff)) or 0
    ended = (UserSession.ended_at < cutoff) | (UserSession.last_seen_at < cutoff)
    return attempts + (db.session.scalar(select(func.count()).select_from(UserSession).where(ended)) or 0)
