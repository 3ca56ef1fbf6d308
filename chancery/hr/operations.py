"""What changes in the HR registers. Each writer is a declared operation: it checks that the actor keeps the
registers (chancery.hr.policy), validates, writes, flushes and audits. The audit log, which administrators read,
names what was done to which record, never the HR data itself (no dates of leave, no times, no amounts).
`record_view` writes the access log: every look at a person's record or at a register of many is one audit row
(who, whose record or which register, which period)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import db
from cct.actions import audit, operation
from cct.auth import queries as accounts
from cct.auth.actors import Actor, actor_id
from cct.changes import apply_changes
from cct.contacts import clean_text
from cct.db import utcnow
from cct.errors import Conflict, Unprocessable
from cct.office_calendar import office_calendar, require_not_future, require_plausible
from cct.org import queries as units
from chancery import money
from chancery.hr import per_diem, policy, queries
from chancery.hr import schemas as limits
from chancery.hr.models import Employee, Exit, JobDescription, LeavePeriod, PerDiemRate, Trip, WorkOff
from chancery.hr.schemas import EmployeeInput, ExitInput, SettlementInput, TripInput
from chancery.hr.states import ExitKind, Transport, TripState
from chancery.operations import allocate, choice

TRIPS = "trips"  # the register's name in chancery_counters: travel orders are numbered per year


def _amount(value: Any, field: str, maximum: Any = limits.COST_MAX) -> int | None:
    return money.amount(value, maximum, field)


def _employee(employee_id: int | None, field: str = "employee") -> Employee:
    person = queries.employee(employee_id) if isinstance(employee_id, int) else None
    if person is None:
        raise Unprocessable("unknown_employee", _("Choose an employee from the register."), field)
    return person


# -- the access log ------------------------------------------------------------------------------------------------


@operation(queries.VIEWED, _l("HR record viewed"))
def record_view(actor: Actor, person: Employee | None = None, *, register: str, period: str = "") -> None:
    """A look at a person's HR record (`person`) or at a register of many (`register`, its `period`): one audit row."""
    policy.require_keep(actor)
    audit(person, actor, register=register, period=period)


# -- employees -----------------------------------------------------------------------------------------------------


def _employee_values(data: EmployeeInput, person: Employee | None) -> dict[str, Any]:
    unit = units.require_unit(data.unit, "unit") if data.unit else None
    user = None
    if data.login:
        user = accounts.user_by_login(data.login.strip())
        if user is None:
            raise Unprocessable("unknown_login", _("There is no account with this login."), "login")
        taken = queries.employee_of(user.id)
        if taken is not None and taken is not person:
            raise Conflict("login_taken", _("This account belongs to another employee of the register."), "login")
    if not isinstance(data.leave_days, int) or not 0 <= data.leave_days <= limits.LEAVE_DAYS_MAX:
        raise Unprocessable(
            "bad_leave_days",
            _("Give the leave entitlement in days (0–%(max)d).", max=limits.LEAVE_DAYS_MAX),
            "leave_days",
        )
    for day, field in ((data.joined_on, "joined_on"), (data.left_on, "left_on")):
        require_plausible(day, field)
    if data.joined_on and data.left_on and data.left_on < data.joined_on:
        raise Unprocessable("left_before_joined", _("The employment cannot end before it began."), "left_on")
    return {
        "full_name": clean_text(data.full_name, "full_name", limits.NAME_MAX, required=True),
        "position": clean_text(data.position, "position", limits.POSITION_MAX, required=True),
        "unit_id": unit.id if unit else None,
        "user_id": user.id if user else None,
        "on_helpline": bool(data.on_helpline),
        "leave_days": data.leave_days,
        "joined_on": data.joined_on,
        "left_on": data.left_on,
    }


@operation("chancery.hr_employee_added", _l("Employee added to the HR register"))
def add_employee(actor: Actor, data: EmployeeInput) -> Employee:
    policy.require_keep(actor)
    person = Employee(**_employee_values(data, None))
    db.session.add(person)
    db.session.flush()
    audit(person, actor)
    return person


@operation("chancery.hr_employee_changed", _l("Employee's HR data changed"))
def change_employee(actor: Actor, person: Employee, data: EmployeeInput) -> None:
    policy.require_keep(actor)
    changes = apply_changes(person, _employee_values(data, person))
    db.session.flush()
    audit(person, actor, fields=sorted(changes))


# -- exits during working hours and time worked off ----------------------------------------------------------------


@operation("chancery.hr_exit_recorded", _l("Exit during working hours recorded"))
def record_exit(actor: Actor, data: ExitInput) -> Exit:
    """An exit during working hours: private (to be worked off) or official; the return may follow later."""
    policy.require_keep(actor)
    person = _employee(data.employee_id)
    require_plausible(data.day, "day")
    if data.back_at is not None and data.back_at <= data.out_at:
        raise Unprocessable("back_before_out", _("The return must come after the exit."), "back_at")
    item = Exit(
        employee_id=person.id,
        day=data.day,
        out_at=data.out_at,
        back_at=data.back_at,
        kind=choice(ExitKind, data.kind, "kind", _("Choose one of the options.")),
        purpose=clean_text(data.purpose, "purpose", limits.PURPOSE_MAX),
        created_by_id=actor_id(actor),
    )
    db.session.add(item)
    db.session.flush()
    audit(item, actor)
    return item


@operation("chancery.hr_exit_returned", _l("Return from an exit recorded"))
def record_return(actor: Actor, item: Exit, back_at: time | None) -> None:
    policy.require_keep(actor)
    if not isinstance(back_at, time):
        raise Unprocessable("bad_time", _("Give a time as HH:MM, e.g. 10:15."), "back_at")
    if item.back_at is not None:
        raise Conflict("already_back", _("The return from this exit is already recorded."), "back_at")
    if back_at <= item.out_at:
        raise Unprocessable("back_before_out", _("The return must come after the exit."), "back_at")
    item.back_at = back_at
    db.session.flush()
    audit(item, actor)


@operation("chancery.hr_worked_off", _l("Time worked off recorded"))
def record_work_off(actor: Actor, employee_id: int, day: date, minutes: int, note: str = "") -> WorkOff:
    """Time worked to make up for private exits (Labour Code art. 151 § 2¹)."""
    policy.require_keep(actor)
    person = _employee(employee_id)
    require_plausible(day, "day")
    if not isinstance(minutes, int) or not 1 <= minutes <= limits.WORK_OFF_MAX_MINUTES:
        raise Unprocessable(
            "bad_minutes",
            _("Give the minutes worked off (1–%(max)d).", max=limits.WORK_OFF_MAX_MINUTES),
            "minutes",
        )
    owed = queries.owed_on(person.id, day)
    if minutes > owed:
        # time worked before the private time it makes up for is overtime, not working it off (art. 151 § 2¹)
        raise Unprocessable(
            "not_owed",
            _("%(name)s owes %(owed)d minutes of private time by that day.", name=person.full_name, owed=owed),
            "minutes",
        )
    item = WorkOff(
        employee_id=person.id,
        day=day,
        minutes=minutes,
        note=clean_text(note, "note", limits.NOTE_MAX),
        created_by_id=actor_id(actor),
    )
    db.session.add(item)
    db.session.flush()
    audit(item, actor)
    return item


# -- business trips ------------------------------------------------------------------------------------------------


def _trip_times(person: Employee, start: datetime, end: datetime, trip: Trip | None) -> None:
    require_plausible(start, "starts_at")
    require_plausible(end, "ends_at")
    if end <= start:
        raise Unprocessable("ends_before_start", _("The trip must end after it starts."), "ends_at")
    if end - start > timedelta(days=limits.TRIP_DAYS_MAX):
        raise Unprocessable(
            "trip_too_long", _("A business trip lasts at most %(days)d days.", days=limits.TRIP_DAYS_MAX), "ends_at"
        )
    other = queries.overlapping_trip(person.id, start, end, other_than=trip.id if trip else None)
    if other is not None:
        raise Conflict(
            "trip_overlaps",
            _("%(name)s is on trip %(number)s at that time.", name=person.full_name, number=other.number),
            "starts_at",
        )


@operation("chancery.hr_trip_ordered", _l("Business trip ordered"))
def order_trip(actor: Actor, data: TripInput) -> Trip:
    """A travel order (polecenie wyjazdu służbowego), numbered per year of its start."""
    policy.require_keep(actor)
    person = _employee(data.employee_id)
    _trip_times(person, data.starts_at, data.ends_at, None)
    item = Trip(
        employee_id=person.id,
        purpose=clean_text(data.purpose, "purpose", limits.PURPOSE_MAX, required=True),
        destination=clean_text(data.destination, "destination", limits.PLACE_MAX, required=True),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        transport=choice(Transport, data.transport, "transport", _("Choose one of the options.")),
        advance=_amount(data.advance, "advance"),
        created_by_id=actor_id(actor),
    )
    item.year = data.starts_at.astimezone(office_calendar().timezone).year
    item.seq = allocate(TRIPS, "", item.year)
    db.session.add(item)
    db.session.flush()
    audit(item, actor, number=item.number)
    return item


def _meals(value: Any, field: str) -> int:
    if not isinstance(value, int) or not 0 <= value <= limits.MEALS_MAX:
        raise Unprocessable(
            "bad_meals", _("Give how many meals were provided (0–%(max)d).", max=limits.MEALS_MAX), field
        )
    return value


@operation("chancery.hr_trip_settled", _l("Business trip settled"))
def settle_trip(actor: Actor, item: Trip, data: SettlementInput) -> None:
    """The settlement: the real times, the costs, the free meals; the per-diem at the rate in force on the day the
    trip began (Regulation of 29 January 2013, § 7), fixed from now on."""
    policy.require_keep(actor)
    if item.state != TripState.ORDERED:
        raise Conflict("not_ordered", _("Only an ordered trip, not yet settled or cancelled, can be settled."))
    _trip_times(item.employee, data.starts_at, data.ends_at, item)
    meals = per_diem.Meals(
        _meals(data.breakfasts, "breakfasts"), _meals(data.lunches, "lunches"), _meals(data.dinners, "dinners")
    )
    started = data.starts_at.astimezone(office_calendar().timezone).date()
    rate = per_diem.rate_on(queries.rate_table(), started)
    if rate is None:
        raise Unprocessable("no_rate", _("No per-diem rate holds on %(day)s: add one first.", day=started), "starts_at")
    values = {
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "transport_cost": _amount(data.transport_cost, "transport_cost"),
        "accommodation_cost": _amount(data.accommodation_cost, "accommodation_cost"),
        "other_cost": _amount(data.other_cost, "other_cost"),
        "breakfasts": meals.breakfasts,
        "lunches": meals.lunches,
        "dinners": meals.dinners,
        "per_diem_rate": rate,
        "per_diem": per_diem.per_diem(data.starts_at, data.ends_at, rate, meals),
        "state": TripState.SETTLED.value,
    }
    changes = apply_changes(item, values)
    item.settled_at = utcnow()
    db.session.flush()
    audit(item, actor, number=item.number, fields=sorted(changes))


@operation("chancery.hr_trip_cancelled", _l("Business trip cancelled"))
def cancel_trip(actor: Actor, item: Trip) -> None:
    policy.require_keep(actor)
    if item.state != TripState.ORDERED:
        raise Conflict("not_ordered", _("Only an ordered trip, not yet settled, can be cancelled."))
    item.state = TripState.CANCELLED.value
    db.session.flush()
    audit(item, actor, {"state": [TripState.ORDERED.value, item.state]}, number=item.number)


@operation("chancery.hr_rate_set", _l("Per-diem rate set"))
def set_rate(actor: Actor, valid_from: date, amount: Any) -> PerDiemRate:
    """The per-diem of a day from a date on (a new regulation's rate); typed again for the same date, it changes."""
    policy.require_keep(actor)
    require_plausible(valid_from, "valid_from")
    grosze = _amount(amount, "amount", limits.RATE_MAX)
    if not grosze:
        raise Unprocessable("bad_amount", _("Give the rate in złoty, e.g. 45,00."), "amount")
    known = queries.rate(valid_from)
    if known is None:
        known = PerDiemRate(valid_from=valid_from, amount=grosze)
        db.session.add(known)
        changes = {"amount": [None, grosze]}
    else:
        changes = apply_changes(known, {"amount": grosze})
    db.session.flush()
    audit(known, actor, changes, valid_from=valid_from)
    return known


# -- the leave plan ------------------------------------------------------------------------------------------------


@operation("chancery.hr_leave_planned", _l("Leave planned"))
def plan_leave(actor: Actor, employee_id: int, starts_on: date, ends_on: date, note: str = "") -> LeavePeriod:
    """A period of the yearly leave plan: within one year, not overlapping the employee's other periods, and
    within the year's entitlement counted in working days (Labour Code art. 154² § 1)."""
    policy.require_keep(actor)
    person = _employee(employee_id)
    require_plausible(starts_on, "starts_on")
    require_plausible(ends_on, "ends_on")
    if ends_on < starts_on:
        raise Unprocessable("ends_before_start", _("The leave must end on or after its first day."), "ends_on")
    if ends_on.year != starts_on.year:
        raise Unprocessable("across_years", _("Plan each year's leave in its own plan: split the period."), "ends_on")
    if queries.leave_in(starts_on, ends_on, person.id):
        raise Conflict(
            "leave_overlaps", _("%(name)s already has leave planned then.", name=person.full_name), "starts_on"
        )
    period = LeavePeriod(
        employee_id=person.id,
        year=starts_on.year,
        starts_on=starts_on,
        ends_on=ends_on,
        note=clean_text(note, "note", limits.NOTE_MAX),
        created_by_id=actor_id(actor),
    )
    days = queries.leave_days(period)
    if days == 0:
        raise Unprocessable("no_working_days", _("The period has no working day: no leave is needed."), "starts_on")
    planned = queries.planned_days(period.year).get(person.id, 0)
    if planned + days > person.leave_days:
        raise Unprocessable(
            "beyond_entitlement",
            _(
                "%(name)s is entitled to %(entitled)d days; %(planned)d are planned and this period has %(days)d.",
                name=person.full_name,
                entitled=person.leave_days,
                planned=planned,
                days=days,
            ),
            "ends_on",
        )
    db.session.add(period)
    db.session.flush()
    audit(period, actor)
    return period


@operation("chancery.hr_leave_removed", _l("Planned leave removed"))
def remove_leave(actor: Actor, period: LeavePeriod) -> None:
    policy.require_keep(actor)
    audit(period, actor)
    db.session.delete(period)
    db.session.flush()


# -- job descriptions ----------------------------------------------------------------------------------------------


@operation("chancery.hr_job_description_added", _l("Job description added"))
def add_job_description(
    actor: Actor, employee_id: int, position: str, content: str, effective_from: date
) -> JobDescription:
    """A new version of an employee's job description; earlier versions stay as they were."""
    policy.require_keep(actor)
    person = _employee(employee_id)
    require_plausible(effective_from, "effective_from")
    version = JobDescription(
        employee_id=person.id,
        version=queries.last_version(person.id) + 1,
        position=clean_text(position, "position", limits.POSITION_MAX, required=True),
        content=clean_text(content, "content", limits.JOB_TEXT_MAX, required=True),
        effective_from=effective_from,
        created_by_id=actor_id(actor),
    )
    db.session.add(version)
    db.session.flush()
    audit(version, actor, version=version.version)
    return version


@operation("chancery.hr_job_acknowledged", _l("Job description acknowledged"))
def acknowledge_job_description(actor: Actor, version: JobDescription, day: date) -> None:
    """The date the employee acknowledged (signed) this version."""
    policy.require_keep(actor)
    require_not_future(day, "acknowledged_on")
    if version.acknowledged_on is not None:
        raise Conflict("already_acknowledged", _("This version is already acknowledged."), "acknowledged_on")
    version.acknowledged_on = day
    db.session.flush()
    audit(version, actor, version=version.version)
