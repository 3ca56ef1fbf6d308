"""The HR registers' arithmetic: minutes of an exit, the monthly balance of private time to be worked off, working
days of a leave period and of a month, and the helpline's staffing on a day. Inputs in, figures out; which days are
working days is the office calendar's (Saturdays, Sundays, Polish public holidays and the office's days off are not),
passed in as a function."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

IsWorking = Callable[[date], bool]


def minutes_between(start: time, end: time) -> int:
    begin = datetime.combine(date.min, start)
    return max(0, int((datetime.combine(date.min, end) - begin).total_seconds() // 60))


def exit_minutes(out_at: time, back_at: time | None, closing: time | None) -> int:
    """Minutes away: until the return, or, not back, until the office closed that day (none when it was closed)."""
    end = back_at or closing
    return minutes_between(out_at, end) if end is not None else 0


@dataclass(frozen=True)
class Balance:
    """Private time of one employee in a month, in minutes (Labour Code art. 151 § 2¹: it is worked off, and
    working it off is not overtime)."""

    taken: int  # private exits in the month
    worked_off: int  # time worked off in the month
    outstanding: int  # still to be worked off at the month's end: all taken so far less all worked off so far


def balance(taken_before: int, worked_before: int, taken: int, worked_off: int) -> Balance:
    """The month's figures, with what was owed or worked ahead before it carried into its end."""
    return Balance(taken, worked_off, taken_before + taken - worked_before - worked_off)


def month_days(year: int, month: int) -> list[date]:
    return [date(year, month, day) for day in range(1, calendar.monthrange(year, month)[1] + 1)]


def days(start: date, end: date) -> Iterator[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def working_days(start: date, end: date, is_working: IsWorking) -> int:
    """Leave is given in working days (Labour Code art. 154² § 1): the days of the period the office works."""
    return sum(1 for day in days(start, end) if is_working(day))


def covers(periods: Iterable[tuple[date, date]], day: date) -> bool:
    return any(start <= day <= end for start, end in periods)


@dataclass(frozen=True)
class Staffing:
    day: date
    working: bool
    on_duty: int  # the helpline's agents at work that day
    away: tuple[str, ...]  # those on leave or on a business trip
    short: bool  # fewer on duty than the minimum, on a working day


def staffing(
    month: list[date],
    agents: list[tuple[str, list[tuple[date, date]]]],
    minimum: int,
    is_working: IsWorking,
) -> list[Staffing]:
    """Per day of a month: how many of the helpline's agents (name → their periods away) would be at work, and a
    warning on a working day when that is fewer than `minimum`."""
    rows = []
    for day in month:
        away = tuple(sorted(name for name, periods in agents if covers(periods, day)))
        on_duty = len(agents) - len(away)
        working = is_working(day)
        rows.append(Staffing(day, working, on_duty, away, working and on_duty < minimum))
    return rows
