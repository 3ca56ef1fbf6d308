"""Reading the personal-data access log and the erasures, and what each rule would remove (a dry run)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from cct import db
from cct.auth.models import User
from cct.privacy.models import Erasure, PersonalDataAccess

PAGE = 100


@dataclass(frozen=True)
class AccessFilter:
    login: str | None = None
    subject: str | None = None  # a phone (E.164) or an e-mail address
    since: datetime | None = None
    until: datetime | None = None


def accesses(narrowed: AccessFilter, before: int | None = None) -> tuple[list[Any], int | None]:
    """The newest entries of the access log matching the filter (older than entry `before`), each with the login of
    who opened the data; and the cursor of the next, older page."""
    statement = select(PersonalDataAccess, User.login).outerjoin(User, PersonalDataAccess.user_id == User.id)
    if narrowed.login:
        statement = statement.where(User.login == narrowed.login)
    if narrowed.subject:
        statement = statement.where(PersonalDataAccess.subject == narrowed.subject)
    if narrowed.since:
        statement = statement.where(PersonalDataAccess.at >= narrowed.since)
    if narrowed.until:
        statement = statement.where(PersonalDataAccess.at < narrowed.until)
    return db.newest_page(statement, PersonalDataAccess.id, before, PAGE)


def accesses_before(cutoff: datetime) -> int:
    return db.session.scalar(select(func.count()).where(PersonalDataAccess.at < cutoff)) or 0


def erasures_of(digest: str) -> list[Erasure]:
    """Erasures done earlier for the person with this digest, newest first."""
    statement = select(Erasure).where(Erasure.subject_digest == digest).order_by(Erasure.id.desc())
    return list(db.session.scalars(statement))


def recent_erasures(limit: int = 20) -> list[Erasure]:
    return list(db.session.scalars(select(Erasure).order_by(Erasure.id.desc()).limit(limit)))


def logged_lately(user_id: int, kind: str, subject: str, ref: str, since: datetime) -> bool:
    """Whether the same look was logged since `since` (the caller's earlier tickets are asked for at each key)."""
    same = select(PersonalDataAccess.id).where(
        PersonalDataAccess.user_id == user_id,
        PersonalDataAccess.kind == kind,
        PersonalDataAccess.subject == subject,
        PersonalDataAccess.ref == ref,
        PersonalDataAccess.at >= since,
    )
    return db.session.scalar(same.limit(1)) is not None
