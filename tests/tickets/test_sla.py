"""SLA in office hours (Mon–Fri 07:30–15:30 Europe/Warsaw, Polish holidays closed) and statutory clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cct.office_calendar import OfficeCalendar
from tickets import clocks

WARSAW = ZoneInfo("Europe/Warsaw")
CALENDAR = OfficeCalendar.from_settings("Europe/Warsaw", ("07:30-15:30",) * 5 + ("", ""))


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WARSAW)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (local(2026, 11, 25, 9, 0), 2, local(2026, 11, 25, 11, 0)),  # same day
        (local(2026, 11, 27, 14, 30), 2, local(2026, 11, 30, 8, 30)),  # Friday → Monday
        (local(2026, 11, 28, 10, 0), 1, local(2026, 11, 30, 8, 30)),  # reported on Saturday
        (local(2026, 11, 25, 6, 0), 1, local(2026, 11, 25, 8, 30)),  # before opening
        (local(2026, 11, 25, 18, 0), 1, local(2026, 11, 26, 8, 30)),  # after closing
        (local(2026, 11, 10, 15, 0), 1, local(2026, 11, 12, 8, 0)),  # 11 November, Independence Day
        (local(2026, 12, 23, 15, 0), 1, local(2026, 12, 28, 8, 0)),  # Christmas Eve (a holiday from 2025), 25, 26
        (local(2026, 4, 3, 15, 0), 1, local(2026, 4, 7, 8, 0)),  # Easter Monday 6 April 2026
        (local(2026, 11, 23, 7, 30), 40, local(2026, 11, 27, 15, 30)),  # a full working week
    ],
)
def test_due_time_in_office_hours(start: datetime, hours: float, due: datetime) -> None:
    assert CALENDAR.add(start, timedelta(hours=hours)) == due


def test_due_time_across_the_spring_dst_change() -> None:
    # Friday 27 March 2026 15:00 CET (UTC+1); clocks go forward on Sunday 29 March
    start = local(2026, 3, 27, 15, 0)
    due = CALENDAR.add(start, timedelta(hours=1))
    assert due == local(2026, 3, 30, 8, 0)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)  # now UTC+2


def test_due_time_across_the_autumn_dst_change() -> None:
    start = local(2026, 10, 23, 15, 0)  # Friday, CEST; clocks go back on Sunday 25 October
    due = CALENDAR.add(start, timedelta(hours=1))
    assert due == local(2026, 10, 26, 8, 0)
    assert due.astimezone(UTC) == datetime(2026, 10, 26, 7, 0, tzinfo=UTC)  # now UTC+1


def test_office_time_between() -> None:
    assert CALENDAR.between(local(2026, 11, 27, 14, 30), local(2026, 11, 30, 8, 30)) == timedelta(hours=2)
    assert CALENDAR.between(local(2026, 11, 28, 0, 0), local(2026, 11, 29, 23, 0)) == timedelta()  # weekend
    assert CALENDAR.between(local(2026, 11, 30, 10, 0), local(2026, 11, 30, 9, 0)) == timedelta()
    start = local(2026, 12, 22, 9, 0)
    assert CALENDAR.between(start, CALENDAR.add(start, timedelta(hours=13))) == timedelta(hours=13)


def test_no_office_days_is_an_error_not_a_hang() -> None:
    closed = OfficeCalendar.from_settings("Europe/Warsaw", ("",) * 7)
    with pytest.raises(ValueError, match="no office hours"):
        closed.add(local(2026, 1, 5, 9, 0), timedelta(hours=1))


@pytest.mark.parametrize(
    ("received", "kind", "via_representative", "last_day"),
    [
        # one month, shorter February (KPA art. 57 § 3) ending on Saturday 28 February: Monday 2 March (§ 4)
        (local(2026, 1, 31, 10, 0), "complaint", False, (2026, 3, 2)),
        (local(2026, 3, 15, 10, 0), "motion", False, (2026, 4, 15)),
        (local(2026, 3, 15, 10, 0), "complaint", True, (2026, 3, 30)),  # through a councillor: 14 days, Sunday → Monday
        (local(2026, 12, 20, 23, 30), "public_info", False, (2027, 1, 3)),  # 14 days, local date counts
    ],
)
def test_statutory_deadlines_in_calendar_days(
    received: datetime, kind: str, via_representative: bool, last_day: tuple[int, int, int]
) -> None:
    due = clocks.statutory_deadline(received, kind, via_representative=via_representative, timezone=WARSAW)
    assert due == local(*last_day, 23, 59, 59)


def test_public_info_extension_and_forwarding_deadline() -> None:
    received = local(2026, 12, 31, 12, 0)
    assert clocks.extended_public_info_deadline(received, WARSAW) == local(2027, 2, 28, 23, 59, 59)
    assert clocks.forwarding_deadline(received, WARSAW) == local(2027, 1, 7, 23, 59, 59)
    with pytest.raises(ValueError, match="no statutory clock"):
        clocks.statutory_deadline(received, "parking", via_representative=False, timezone=WARSAW)
