"""Reading the office hours and days off administrators keep."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cct import db
from cct.office.models import OfficeDayOff, OfficeWeekday


def overrides() -> tuple[dict[int, str], frozenset[date]]:
    """What cct.office_calendar reads over [office_hours]: changed weekdays' hours, and the extra days off."""
    weekly = {row.weekday: row.hours for row in db.session.scalars(select(OfficeWeekday))}
    return weekly, frozenset(db.session.scalars(select(OfficeDayOff.day)))


def days_off(since: date) -> list[OfficeDayOff]:
    """The extra days off from `since` on, soonest first."""
    return list(db.session.scalars(select(OfficeDayOff).where(OfficeDayOff.day >= since).order_by(OfficeDayOff.day)))


def day_off(day_off_id: int) -> OfficeDayOff | None:
    return db.session.get(OfficeDayOff, day_off_id)


def day_off_on(day: date) -> OfficeDayOff | None:
    return db.session.scalar(select(OfficeDayOff).where(OfficeDayOff.day == day))
