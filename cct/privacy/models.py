"""The personal-data access log and the record of erasures done on request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, utcnow
from cct.privacy.schemas import REF_MAX, SUBJECT_MAX


class PersonalDataAccess(Base):
    """Someone opened a resident's personal data: a ticket's page, a call, a search by phone, an export. Kept for
    [privacy] access_log_months; the administrator answers "who looked at my data" from it."""

    __tablename__ = "personal_data_access"
    __table_args__ = (Index("ix_personal_data_access_subject_at", "subject", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    kind: Mapped[str] = mapped_column(String(20))  # privacy.schemas.AccessKind
    # whom it was about, as far as the place knew: a phone (E.164) or an e-mail address, else ""
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX), default="")
    # what was opened: a ticket's number, a call's id, the words searched
    ref: Mapped[str] = mapped_column(String(REF_MAX), default="")

    user: Mapped[User | None] = relationship()


class Erasure(Base):
    """An erasure done on a person's request (GDPR art. 17): when, by whom, why, and what was erased or kept. The
    person is kept only as a keyed digest of the phone or e-mail, so a later request can be matched to it."""

    __tablename__ = "personal_data_erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject_kind: Mapped[str] = mapped_column(String(10))
    subject_digest: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(Text)
    outcome: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    actor: Mapped[User | None] = relationship()
