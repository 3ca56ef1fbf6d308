"""The one-time codes of "Moje zgłoszenia": each row is a code sent, and the log of its use. Neither the code nor
the contact is kept in clear: both are keyed digests (HMAC under the service's secret), so the table says when a code
was sent and used, and to whom only to someone who already knows the contact."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cct.db import Base, utcnow


class ResidentCode(Base):
    __tablename__ = "resident_codes"
    __table_args__ = (
        CheckConstraint("contact_kind IN ('phone', 'email')", name="contact_kind_known"),
        CheckConstraint("tries >= 0", name="tries_counted"),
        Index("ix_resident_codes_contact_at", "contact_digest", "created_at"),
        Index("ix_resident_codes_address_at", "address_digest", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_kind: Mapped[str] = mapped_column(String(5))
    contact_digest: Mapped[str] = mapped_column(String(64))  # cct.privacy.operations.digest of the phone or address
    address_digest: Mapped[str] = mapped_column(String(64))  # the network address it was asked from, keyed
    code_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime]
    tries: Mapped[int] = mapped_column(default=0)  # wrong codes typed
    used_at: Mapped[datetime | None]  # the right code typed: the list is open …
    session_until: Mapped[datetime | None]  # … until then
    ended_at: Mapped[datetime | None]  # the resident signed out (or asked for a new code)
