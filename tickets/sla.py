"""A ticket's SLA: its deadlines in office hours, and how close it is to breaking them. Pure: times in, verdict out."""

from __future__ import annotations

from datetime import datetime, timedelta

from cct.office_calendar import OfficeCalendar

BREACHED, NEAR = "breached", "near"


def deadlines(
    start: datetime, first_response_hours: float, resolution_hours: float, calendar: OfficeCalendar
) -> tuple[datetime, datetime]:
    """When the first response and the resolution are due: that many office hours after `start`."""
    return (
        calendar.add(start, timedelta(hours=first_response_hours)),
        calendar.add(start, timedelta(hours=resolution_hours)),
    )


def flag(
    *,
    created_at: datetime,
    resolution_due: datetime | None,
    paused_at: datetime | None,
    now: datetime,
    calendar: OfficeCalendar,
    near_ratio: float,
) -> str | None:
    """ "breached" once the resolution deadline has passed, "near" once `near_ratio` of its office time has, else
    None. A ticket waiting for the resident is judged at the moment it started waiting (its clock is stopped)."""
    if resolution_due is None:
        return None
    moment = paused_at or now
    if moment >= resolution_due:
        return BREACHED
    total = calendar.between(created_at, resolution_due)
    passed = calendar.between(created_at, moment)
    if total and passed / total >= near_ratio:
        return NEAR
    return None
