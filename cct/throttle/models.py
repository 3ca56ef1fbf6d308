from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cct.db import Base


class RateCounter(Base):
    """Requests of one client in one minute (a fixed window), counted by an atomic upsert."""

    __tablename__ = "rate_counters"

    bucket: Mapped[str] = mapped_column(String(100), primary_key=True)  # "api:user:12", "open311:<key digest>"
    minute: Mapped[datetime] = mapped_column(primary_key=True, index=True)  # the minute's start, UTC
    hits: Mapped[int] = mapped_column(default=0)
