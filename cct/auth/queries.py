"""Reading accounts."""

from __future__ import annotations

from sqlalchemy import select

from cct import db
from cct.auth.models import User


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
