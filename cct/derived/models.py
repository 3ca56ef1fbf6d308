"""The fingerprint of the code that last derived what a name stands for ("db.upgraded": search keys)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cct.db import Base, utcnow

FINGERPRINT_LENGTH = 64  # a SHA-256 in hex


class CodeFingerprint(Base):
    __tablename__ = "code_fingerprints"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(FINGERPRINT_LENGTH))  # "" until the work is first done
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
