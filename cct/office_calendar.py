"""The office calendar every clock counts by: office hours per weekday, Polish public holidays, calendar months.

Office hours are wall-clock hours in the city's time zone (so 07:30 stays 07:30 across the DST change); Polish
public holidays and the office's extra days off are closed days. All datetimes given and returned are timezone-aware.
Pure, but for `office_calendar()`, which reads the deployment's settings ([office_hours], timezone) and what
administrators changed since (the weekly hours and extra days off kept by cct.office, through `OVERRIDES`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo

import holidays
from flask import current_app, g
from flask_babel import lazy_gettext as _l

from cct.errors import Unprocessable

Moment = TypeVar("Moment", date, datetime)
MAX_DAYS_SCANNED = 3 * 366  # a clock never needs more; stops a misconfiguration from spinning for ever


@lru_cache(maxsize=64)
def _polish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Poland(years=year))


def is_polish_holiday(day: date) -> bool:
    return day in _polish_holidays(day.year)


HOURS = re.compile(r"^(?:([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d))?$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OVERRIDES = "cct.office_overrides"  # app.extensions: () -> (weekly hours by weekday index, extra days off)


class BadHours(ValueError):
    """Office hours that are not "HH:MM-HH:MM" (`why` "format") or close before they open (`why` "order")."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def check_hours(text: str) -> str:
    """A day's office hours as written, checked: "07:30-15:30", or "" for a closed day."""
    text = text.strip()
    if not HOURS.match(text):
        raise BadHours("format")
    if text and text[:5] >= text[6:]:
        raise BadHours("order")
    return text


# The days a date typed into the service may name (a period of the audit log, an office day off): beyond them local
# midnight may not exist in UTC, and no record of this service is dated there.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def is_service_day(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def hours_text(hours: tuple[time, time] | None) -> str:
    """(07:30, 15:30) → "07:30-15:30"; None (closed) → "" (what parse_hours reads back)."""
    return f"{hours[0]:%H:%M}-{hours[1]:%H:%M}" if hours else ""


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
    def from_settings(
        cls, timezone: str, weekly_hours: Sequence[str], days_off: frozenset[date] = frozenset()
    ) -> OfficeCalendar:
        def closed(day: date) -> bool:
            return day in days_off or is_polish_holiday(day)

        return cls(
            ZoneInfo(timezone),
            tuple(parse_hours(text) for text in weekly_hours),
            closed if days_off else is_polish_holiday,
        )

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
        raise ValueError("no office hours within three years: check [office_hours]")

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


def add_months(moment: Moment, months: int) -> Moment:
    """Same day of the month `months` later, or the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# The years a date typed in the office's work may fall in: 0001-01-01 or 9999-12-31 is a slip of the keyboard, and at
# the calendar's ends the time-zone arithmetic behind every deadline overflows.
EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)


def plausible(day: date | datetime | None) -> bool:
    """Whether a typed date (or moment) falls between EARLIEST and LATEST (None: nothing typed, nothing wrong)."""
    if day is None:
        return True
    found = day.date() if isinstance(day, datetime) else day
    return EARLIEST <= found <= LATEST


IMPLAUSIBLE = _l("Give a date between %(first)s and %(last)s.", first=EARLIEST.year, last=LATEST.year)


def require_plausible(day: date | datetime | None, field: str) -> None:
    """An operation's check (the API has no form to check it first): a date out of range is refused, 422."""
    if not plausible(day):
        raise Unprocessable("implausible_date", str(IMPLAUSIBLE), field)


def start_of_day(day: date, timezone: ZoneInfo) -> datetime:
    """Local midnight at the start of a calendar day, in UTC: where "today" begins for today's counts."""
    return datetime.combine(day, time.min, tzinfo=timezone).astimezone(UTC)


def end_of_day(day: date, timezone: ZoneInfo) -> datetime:
    """The last second of a local calendar day, in UTC: where a deadline "by the end of the day" falls."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone).astimezone(UTC)


def local_moment(moment: datetime, timezone: ZoneInfo) -> datetime:
    """A wall-clock time typed in a form (naive, in the office's time zone) as an aware UTC time. In the hour the
    clocks go back the earlier of the two is meant; a time the clocks skip is read as the moment after the jump."""
    return datetime.combine(moment.date(), moment.time(), tzinfo=timezone).astimezone(UTC)


def office_calendar() -> OfficeCalendar:
    """The deployment's office calendar: [office_hours] in its time zone, with what administrators changed in the
    UI (weekly hours, extra days off). Read once per request or job: a change counts from the next one."""
    known = g.get("cct_office_calendar")
    if known is None:
        settings = current_app.config["CCT"]
        weekly = list(settings.office_hours.by_weekday())
        days_off: frozenset[date] = frozenset()
        overrides = current_app.extensions.get(OVERRIDES)
        if overrides is not None:
            changed, days_off = overrides()
            for weekday, hours in changed.items():
                weekly[weekday] = hours
        known = OfficeCalendar.from_settings(settings.timezone, weekly, days_off)
        g.cct_office_calendar = known
    return known


def forget_office_calendar() -> None:
    """The office hours changed: this request's later clocks read them again."""
    g.pop("cct_office_calendar", None)


def local_today() -> date:
    """Today's date in the office's time zone."""
    return datetime.now(office_calendar().timezone).date()


NOT_FUTURE = _l("The date cannot be a day to come.")


def require_not_future(day: date, field: str) -> None:
    """An operation's check of a day something already happened (an item acquired, a paper signed, information
    produced): plausible, and not after today in the office's time zone."""
    require_plausible(day, field)
    if day > local_today():
        raise Unprocessable("in_future", str(NOT_FUTURE), field)
