"""The office hours and days off that administrators changed in the UI (config.toml's [office_hours] holds the rest)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from cct.db import Base, utcnow

HOURS_MAX = 11  # "07:30-15:30"
REASON_MAX = 200


class OfficeWeekday(Base):
    """A weekday's office hours as administrators set them; a weekday without a row keeps [office_hours]."""

    __tablename__ = "office_weekdays"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_known"),)

    weekday: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)  # Monday is 0
    hours: Mapped[str] = mapped_column(String(HOURS_MAX))  # "" when closed
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OfficeDayOff(Base):
    """A day the office is closed besides Polish public holidays."""

    __tablename__ = "office_days_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
