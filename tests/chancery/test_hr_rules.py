"""The HR registers' pure rules at their edges: the per-diem of § 7 of the Regulation of 29 January 2013, the rate
in force on a day, an exit's minutes and the monthly balance of private time, working days of leave, and the
helpline's staffing warning."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from chancery import money
from chancery.hr import per_diem, registers
from chancery.hr.per_diem import Meals

WARSAW = ZoneInfo("Europe/Warsaw")
START = datetime(2026, 3, 2, 6, 0, tzinfo=WARSAW)
RATE = 4500


@pytest.mark.parametrize(
    ("length", "owed"),
    [
        (timedelta(hours=7, minutes=59), 0),  # less than 8 hours: none (ust. 2 pkt 1 lit. a)
        (timedelta(hours=8), 2250),  # from 8 to 12 hours: half (lit. b)
        (timedelta(hours=12), 2250),
        (timedelta(hours=12, minutes=1), 4500),  # more than 12 hours: a whole one (lit. c)
        (timedelta(hours=24), 4500),  # exactly a day is still "not longer than a day"
        (timedelta(hours=32), 6750),  # a day and 8 hours begun: half for the rest (pkt 2 lit. a)
        (timedelta(hours=32, minutes=1), 9000),  # more than 8 hours of the day begun: a whole one (lit. b)
        (timedelta(hours=48), 9000),
        (timedelta(days=3, minutes=1), 15750),
    ],
)
def test_per_diem_by_the_length_of_the_trip(length: timedelta, owed: int) -> None:
    assert per_diem.per_diem(START, START + length, RATE) == owed


def test_free_meals_reduce_the_per_diem_by_their_share_and_never_below_nothing() -> None:
    day = START + timedelta(hours=13)
    assert per_diem.per_diem(START, day, RATE, Meals(lunches=1)) == 2250  # 50 %
    assert per_diem.per_diem(START, day, RATE, Meals(breakfasts=1, dinners=1)) == 2250  # 25 % + 25 %
    assert per_diem.per_diem(START, day, RATE, Meals(1, 1, 1)) == 0  # full board: nothing (ust. 3 pkt 2)
    assert per_diem.per_diem(START, START + timedelta(hours=9), RATE, Meals(lunches=2)) == 0
    assert per_diem.per_diem(START, START + timedelta(hours=9), 3001, Meals()) == 1501  # half a grosz rounds up


def test_a_trip_measured_in_elapsed_hours_across_the_change_of_clocks() -> None:
    # 29 March 2026 the clocks go forward at 02:00: 00:30 to 12:45 on the wall is 11 h 15 min elapsed, so half
    leaving = datetime(2026, 3, 29, 0, 30, tzinfo=WARSAW)
    back = datetime(2026, 3, 29, 12, 45, tzinfo=WARSAW)
    assert per_diem.days_owed_in_halves(leaving, back) == 1


def test_the_rate_in_force_on_a_day() -> None:
    rates = [(date(2023, 1, 1), 4500), (date(2013, 3, 1), 3000)]
    assert per_diem.rate_on(rates, date(2022, 12, 31)) == 3000
    assert per_diem.rate_on(rates, date(2023, 1, 1)) == 4500
    assert per_diem.rate_on(rates, date(2013, 2, 28)) is None


def test_amounts_are_read_as_people_type_them() -> None:
    assert money.grosze("45,00", Decimal("100")) == 4500
    assert money.grosze("1 234,5", Decimal("5000")) == 123450
    assert money.grosze("", Decimal("1")) is None
    for bad in ("-1", "1,001", "abc", "NaN", "1e3", "101"):
        with pytest.raises(money.BadAmount):
            money.grosze(bad, Decimal("100"))
    assert money.zloty(123456) == "1\u00a0234,56"


def test_an_exit_counts_until_the_return_or_the_office_closing() -> None:
    assert registers.exit_minutes(time(10, 0), time(11, 30), time(15, 30)) == 90
    assert registers.exit_minutes(time(14, 0), None, time(15, 30)) == 90
    assert registers.exit_minutes(time(14, 0), None, None) == 0


def test_the_balance_carries_what_is_owed_and_what_was_worked_ahead() -> None:
    assert registers.balance(0, 0, 90, 45) == registers.Balance(90, 45, 45)
    assert registers.balance(45, 0, 0, 60) == registers.Balance(0, 60, -15)


def test_leave_counts_working_days_only() -> None:
    def working(day: date) -> bool:
        return day.weekday() < 5 and day not in (date(2026, 12, 24), date(2026, 12, 25))

    assert registers.working_days(date(2026, 12, 21), date(2026, 12, 27), working) == 3  # Mon 21 – Sun 27
    assert registers.working_days(date(2026, 12, 26), date(2026, 12, 27), working) == 0


def test_the_helpline_warning_falls_on_working_days_with_too_few_on_duty() -> None:
    days = [date(2026, 12, 18), date(2026, 12, 19)]  # a Friday and a Saturday
    agents = [("A", [(days[0], days[1])]), ("B", [(days[0], days[0])]), ("C", []), ("D", [])]
    rows = registers.staffing(days, agents, 3, lambda day: day.weekday() < 5)
    assert (rows[0].on_duty, rows[0].short, rows[0].away) == (2, True, ("A", "B"))
    assert (rows[1].on_duty, rows[1].short) == (3, False)


def test_the_regulations_rates_and_those_the_clerk_adds() -> None:
    regulation = [(date(2023, 1, 1), 4500), (date(2022, 7, 28), 3800), (date(2013, 3, 1), 3000)]
    assert per_diem.with_regulation([]) == regulation
    assert per_diem.rate_on(regulation, date(2022, 7, 27)) == 3000
    assert per_diem.rate_on(regulation, date(2022, 7, 28)) == 3800
    added = per_diem.with_regulation([(date(2027, 1, 1), 5000), (date(2023, 1, 1), 4600)])
    assert added == [(date(2027, 1, 1), 5000), (date(2023, 1, 1), 4600), *regulation[1:]]
    assert per_diem.rate_on(added, date(2026, 12, 31)) == 4600
