"""SLA clocks in office hours, and statutory clocks in calendar days. Pure: times in, times out.

Office hours are wall-clock hours in the city's time zone (so 07:30 stays 07:30 across the DST change); Polish
public holidays are closed days. All datetimes given and returned are timezone-aware.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

MAX_DAYS_SCANNED = 3 * 366  # a clock never needs more; stops a misconfiguration from spinning for ever


@lru_cache(maxsize=64)
def _polish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Poland(years=year))


def is_polish_holiday(day: date) -> bool:
    return day in _polish_holidays(day.year)


def parse_hours(text: str) -> tuple[time, time] | None:
    """ "07:30-15:30" → (07:30, 15:30); "" → None (closed)."""
    if not text:
        return None
    opening, closing = text.split("-")
    return time.fromisoformat(opening), time.fromisoformat(closing)


@dataclass(frozen=True)
class OfficeCalendar:
    timezone: ZoneInfo
    weekly: tuple[tuple[time, time] | None, ...]  # Monday first, seven entries
    is_holiday: Callable[[date], bool] = is_polish_holiday

    @classmethod
    def from_settings(cls, timezone: str, weekly_hours: Sequence[str]) -> OfficeCalendar:
        return cls(ZoneInfo(timezone), tuple(parse_hours(text) for text in weekly_hours))

    def open_interval(self, day: date) -> tuple[datetime, datetime] | None:
        """The office's open period on a local calendar day, in UTC; None when closed."""
        hours = self.weekly[day.weekday()]
        if hours is None or self.is_holiday(day):
            return None
        opening = datetime.combine(day, hours[0], tzinfo=self.timezone).astimezone(UTC)
        closing = datetime.combine(day, hours[1], tzinfo=self.timezone).astimezone(UTC)
        return opening, closing

    def is_open(self, moment: datetime) -> bool:
        interval = self.open_interval(moment.astimezone(self.timezone).date())
        return interval is not None and interval[0] <= moment < interval[1]

    def _days_from(self, moment: datetime) -> Iterator[date]:
        first = moment.astimezone(self.timezone).date()
        return (first + timedelta(days=offset) for offset in range(MAX_DAYS_SCANNED))

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when `duration` of office time has passed since `start`."""
        remaining = duration
        for day in self._days_from(start):
            interval = self.open_interval(day)
            if interval is None:
                continue
            opening, closing = interval
            begin = max(opening, start)
            if begin >= closing:
                continue
            available = closing - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise ValueError("no office hours within three years: check [tickets.office_hours]")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Office time that passes from `start` to `end` (zero if end is not after start)."""
        total = timedelta()
        if end <= start:
            return total
        for day in self._days_from(start):
            interval = self.open_interval(day)
            if interval is not None:
                opening, closing = interval
                if opening >= end:
                    break
                overlap = min(closing, end) - max(opening, start)
                if overlap > timedelta():
                    total += overlap
            if datetime.combine(day, time(), tzinfo=self.timezone) > end:
                break
        return total


def add_months(moment: datetime, months: int) -> datetime:
    """Same day of the month `months` later, or the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def statutory_deadline(received: datetime, kind: str, *, via_representative: bool, timezone: ZoneInfo) -> datetime:
    """End of the last day for an answer, in calendar days (KPA art. 237 and 244; UDIP art. 13).

    complaint / motion: one month, or 14 days when it came through an MP, a senator or a councillor;
    public_info: 14 days. The deadline is the end of that local day.
    """
    local = received.astimezone(timezone)
    if kind in ("complaint", "motion"):
        last = local + timedelta(days=14) if via_representative else add_months(local, 1)
    elif kind == "public_info":
        last = local + timedelta(days=14)
    else:
        raise ValueError(f"no statutory clock for {kind!r}")
    return _end_of_day(last.date(), timezone)


def forwarding_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """A complaint or motion outside the city's remit must be forwarded to the competent body within 7 days."""
    return _end_of_day((received.astimezone(timezone) + timedelta(days=7)).date(), timezone)


def extended_public_info_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """UDIP art. 13(2): at most two months from the request, and only with a notice to the requester."""
    return _end_of_day(add_months(received.astimezone(timezone), 2).date(), timezone)


def _end_of_day(day: date, timezone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone).astimezone(UTC)
