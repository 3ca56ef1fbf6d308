"""Reading accounts."""

from __future__ import annotations

from sqlalchemy import select

from cct import db
from cct.auth.models import ApiToken, User, UserSession


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


def sessions_of(user: User) -> list[UserSession]:
    """The user's sessions that have not ended, the last used first (the account page lists them)."""
    statement = (
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return list(db.session.scalars(statement))


def tokens_of(user: User) -> list[ApiToken]:
    """The user's API tokens, newest first."""
    statement = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(statement))


def own_token(user: User, token_id: int) -> ApiToken | None:
    """One of the user's tokens, or None (another's token is as good as missing)."""
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id else None
