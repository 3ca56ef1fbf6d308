"""The per-diem (dieta) of a business trip in Poland for an employee of a state or local-government budget unit:
Regulation of the Minister of Labour and Social Policy of 29 January 2013 (consolidated text Dz.U. 2023 poz. 2190),
§ 7. Inputs in, grosze out. The rates of a day are the regulation's (below) and those the clerk adds to the per-diem
rates table when a new regulation changes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

DAY = timedelta(hours=24)
EIGHT_HOURS = timedelta(hours=8)
TWELVE_HOURS = timedelta(hours=12)
# § 7 ust. 4: free meals provided reduce the per-diem by 25 % (breakfast), 50 % (lunch), 25 % (dinner) of the rate
BREAKFAST, LUNCH, DINNER = 25, 50, 25


@dataclass(frozen=True)
class Meals:
    breakfasts: int = 0
    lunches: int = 0
    dinners: int = 0


# § 7 ust. 1: 30 zł from 1 March 2013 (the original text, Dz.U. 2013 poz. 167); 38 zł from 28 July 2022 (Dz.U. 2022
# poz. 1481); 45 zł from 1 January 2023 (Dz.U. 2022 poz. 2302). A trip is settled at the rate of the day it began;
# the 2022 amendment's transitional rule (a trip running over 1 January 2023 split between the two rates) is not
# modelled: such a trip is settled by hand.
REGULATION_RATES: tuple[tuple[date, int], ...] = (
    (date(2013, 3, 1), 3000),
    (date(2022, 7, 28), 3800),
    (date(2023, 1, 1), 4500),
)


def with_regulation(added: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    """The regulation's rates and the clerk's, newest first; the clerk's win on the same date."""
    rates = dict(REGULATION_RATES) | dict(added)
    return sorted(rates.items(), reverse=True)


def rate_on(rates: Sequence[tuple[date, int]], day: date) -> int | None:
    """The rate in force on `day`: the latest of (valid from, grosze) not after it; None before the first."""
    current = None
    for valid_from, amount in sorted(rates):
        if valid_from <= day:
            current = amount
    return current


def days_owed_in_halves(start: datetime, end: datetime) -> int:
    """How many half per-diems § 7 ust. 2 gives a trip from `start` (leaving) to `end` (coming back).

    1) A trip of at most one day (24 h): less than 8 hours, none; from 8 to 12 hours, half; more than 12 hours, a
       whole one.
    2) A longer trip: a whole one for each full day, and for the day begun but not finished: up to 8 hours, half;
       more than 8 hours, a whole one."""
    # elapsed time, not wall-clock: two aware times of one zone subtract as wall clocks in Python
    length = end.astimezone(UTC) - start.astimezone(UTC)
    if length <= timedelta():
        return 0
    if length <= DAY:
        if length < EIGHT_HOURS:
            return 0
        return 1 if length <= TWELVE_HOURS else 2
    full_days, rest = divmod(length, DAY)
    if rest == timedelta():
        return full_days * 2
    return full_days * 2 + (1 if rest <= EIGHT_HOURS else 2)


def per_diem(start: datetime, end: datetime, rate: int, meals: Meals = Meals()) -> int:
    """Grosze owed as per-diem: the halves of § 7 ust. 2 at `rate` (grosze per day), less the free meals of ust. 4
    (each its share of the day's rate), never below nothing; counted in hundredths of a grosz, rounded half up."""
    owed = days_owed_in_halves(start, end) * rate * 50
    reduction = rate * (meals.breakfasts * BREAKFAST + meals.lunches * LUNCH + meals.dinners * DINNER)
    return max(0, (owed - reduction + 50) // 100)
