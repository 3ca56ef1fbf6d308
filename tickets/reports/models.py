"""The residents' report form's own table: who sent how many reports lately (for the rate limit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cct.db import Base, utcnow


class ReportSubmission(Base):
    """A report accepted from the public form: counted per network address for the rate limit, and forgotten after
    a day. The address is kept only as a keyed hash."""

    __tablename__ = "report_submissions"
    __table_args__ = (Index("ix_report_submissions_address_at", "address_hash", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    address_hash: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
