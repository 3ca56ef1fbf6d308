"""What the HR registers' fields may hold, and their settings ([hr] in config.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from pydantic import Field

from cct.sections import Section

NAME_MAX = 200
POSITION_MAX = 200
PURPOSE_MAX = 300
PLACE_MAX = 200
NOTE_MAX = 500
JOB_TEXT_MAX = 20_000
LEAVE_DAYS_MAX = 60  # 26 days a year (Labour Code art. 154 § 1) plus what was carried over from the last year
WORK_OFF_MAX_MINUTES = 8 * 60  # one day's norm at most in one entry
COST_MAX = Decimal("100000.00")  # złoty: more than any one trip's costs
RATE_MAX = Decimal("1000.00")
MEALS_MAX = 99
TRIP_DAYS_MAX = 366  # a business trip of a year at most (and its per-diem stays a sane number)


class HrSettings(Section):
    """[hr] in config.toml."""

    # The leave plan warns on a working day when fewer of the helpline's agents than this would be at work.
    helpline_minimum: int = Field(ge=0, le=1000)


@dataclass
class EmployeeInput:
    full_name: str
    position: str
    unit: str | None = None  # a unit's code
    login: str | None = None  # the employee's account, when there is one
    on_helpline: bool = False  # counted among the helpline's agents on duty (the leave plan's warning)
    leave_days: int = 26
    joined_on: date | None = None
    left_on: date | None = None  # None: employed now


@dataclass
class ExitInput:
    employee_id: int
    day: date
    out_at: time
    back_at: time | None
    kind: str
    purpose: str = ""


@dataclass
class TripInput:
    employee_id: int
    purpose: str
    destination: str
    starts_at: datetime
    ends_at: datetime
    transport: str
    advance: Decimal | str | None = None


@dataclass
class SettlementInput:
    starts_at: datetime  # as it really went (the order's times unless changed)
    ends_at: datetime
    transport_cost: Decimal | str | None = None
    accommodation_cost: Decimal | str | None = None
    other_cost: Decimal | str | None = None
    breakfasts: int = 0
    lunches: int = 0
    dinners: int = 0
