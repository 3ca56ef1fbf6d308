"""Reads of the HR registers: employees, a month's exits and balances, trips by year, the per-diem rates, the leave
plan with the helpline's staffing, the attendance list's marks, job descriptions, and who looked at a person's
record."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from cct import db
from cct.audit import queries as audit
from cct.office_calendar import local_today, office_calendar
from chancery.hr import per_diem, registers
from chancery.hr.models import Employee, Exit, JobDescription, LeavePeriod, PerDiemRate, Trip, WorkOff
from chancery.hr.states import Mark, TripState

VIEWED = "chancery.hr_viewed"  # the audit action of a look at a person's HR record


def employees(*, employed: tuple[date, date] | None = None) -> list[Employee]:
    """The register's employees; `employed=(first, last)`: those employed on some day of that period (a month's
    attendance list and staffing keep whoever worked then, even after they left)."""
    statement = select(Employee).order_by(Employee.full_name, Employee.id)
    if employed is not None:
        first, last = employed
        statement = statement.where(
            or_(Employee.joined_on.is_(None), Employee.joined_on <= last),
            or_(Employee.left_on.is_(None), Employee.left_on >= first),
        )
    return list(db.session.scalars(statement))


def employed_now() -> list[Employee]:
    today = local_today()
    return employees(employed=(today, today))


def employee(employee_id: int) -> Employee | None:
    return db.session.get(Employee, employee_id)


def employee_of(user_id: int) -> Employee | None:
    """The employee whose account this is."""
    return db.session.scalar(select(Employee).where(Employee.user_id == user_id))


def is_working(day: date) -> bool:
    return office_calendar().open_interval(day) is not None


def closing(day: date) -> time | None:
    hours = office_calendar().weekly[day.weekday()]
    return hours[1] if hours is not None and is_working(day) else None


def minutes_of(item: Exit) -> int:
    return registers.exit_minutes(item.out_at, item.back_at, closing(item.day))


# -- exits during working hours ------------------------------------------------------------------------------------


def exits_in(start: date, end: date, employee_id: int | None = None) -> list[Exit]:
    statement = select(Exit).where(Exit.day >= start, Exit.day <= end)
    if employee_id is not None:
        statement = statement.where(Exit.employee_id == employee_id)
    return list(db.session.scalars(statement.order_by(Exit.day, Exit.out_at, Exit.id)))


def exit_record(exit_id: int) -> Exit | None:
    return db.session.get(Exit, exit_id)


def _private_minutes(until: date, start: date | None = None) -> dict[int, int]:
    statement = select(Exit).where(Exit.kind == "private", Exit.day <= until)
    if start is not None:
        statement = statement.where(Exit.day >= start)
    taken: dict[int, int] = defaultdict(int)
    for item in db.session.scalars(statement):
        taken[item.employee_id] += minutes_of(item)
    return taken


def _worked_off(until: date, start: date | None = None) -> dict[int, int]:
    statement = select(WorkOff.employee_id, func.sum(WorkOff.minutes)).where(WorkOff.day <= until)
    if start is not None:
        statement = statement.where(WorkOff.day >= start)
    return {
        employee_id: int(total) for employee_id, total in db.session.execute(statement.group_by(WorkOff.employee_id))
    }


def owed_on(employee_id: int, day: date) -> int:
    """Minutes of private time the employee has still to work off at the end of `day`."""
    return _private_minutes(day).get(employee_id, 0) - _worked_off(day).get(employee_id, 0)


def balances(year: int, month: int) -> dict[int, registers.Balance]:
    """Each employee's private time in a month: taken, worked off, and still owed at its end."""
    first = date(year, month, 1)
    last = registers.month_days(year, month)[-1]
    before = first - timedelta(days=1)
    taken_before, worked_before = _private_minutes(before), _worked_off(before)
    taken, worked = _private_minutes(last, first), _worked_off(last, first)
    people = set(taken_before) | set(worked_before) | set(taken) | set(worked)
    return {
        person: registers.balance(
            taken_before.get(person, 0), worked_before.get(person, 0), taken.get(person, 0), worked.get(person, 0)
        )
        for person in people
    }


def work_off_in(start: date, end: date, employee_id: int | None = None) -> list[WorkOff]:
    statement = select(WorkOff).where(WorkOff.day >= start, WorkOff.day <= end)
    if employee_id is not None:
        statement = statement.where(WorkOff.employee_id == employee_id)
    return list(db.session.scalars(statement.order_by(WorkOff.day, WorkOff.id)))


# -- business trips ------------------------------------------------------------------------------------------------


def trips(year: int, employee_id: int | None = None) -> list[Trip]:
    statement = select(Trip).where(Trip.year == year)
    if employee_id is not None:
        statement = statement.where(Trip.employee_id == employee_id)
    return list(db.session.scalars(statement.order_by(Trip.seq.desc())))


def trip(trip_id: int) -> Trip | None:
    return db.session.get(Trip, trip_id)


def overlapping_trip(employee_id: int, start: datetime, end: datetime, other_than: int | None = None) -> Trip | None:
    statement = select(Trip).where(
        Trip.employee_id == employee_id,
        Trip.state != TripState.CANCELLED.value,
        Trip.starts_at < end,
        Trip.ends_at > start,
    )
    if other_than is not None:
        statement = statement.where(Trip.id != other_than)
    return db.session.scalars(statement.limit(1)).first()


def rates() -> list[PerDiemRate]:
    return list(db.session.scalars(select(PerDiemRate).order_by(PerDiemRate.valid_from.desc())))


def rate_table() -> list[tuple[date, int]]:
    """Every rate in force from a date: the regulation's and those the clerk added, newest first."""
    return per_diem.with_regulation([(rate.valid_from, rate.amount) for rate in rates()])


def rate_in_force(item: Trip) -> int | None:
    """The per-diem rate of the day a trip began: the one its settlement used, or the one it would use now."""
    if item.per_diem_rate is not None:
        return item.per_diem_rate
    return per_diem.rate_on(rate_table(), item.starts_at.astimezone(office_calendar().timezone).date())


def rate(valid_from: date) -> PerDiemRate | None:
    return db.session.get(PerDiemRate, valid_from)


# -- the leave plan ------------------------------------------------------------------------------------------------


def leave_in(start: date, end: date, employee_id: int | None = None) -> list[LeavePeriod]:
    statement = select(LeavePeriod).where(LeavePeriod.starts_on <= end, LeavePeriod.ends_on >= start)
    if employee_id is not None:
        statement = statement.where(LeavePeriod.employee_id == employee_id)
    return list(db.session.scalars(statement.order_by(LeavePeriod.starts_on, LeavePeriod.id)))


def leave_period(period_id: int) -> LeavePeriod | None:
    return db.session.get(LeavePeriod, period_id)


def leave_days(period: LeavePeriod) -> int:
    return registers.working_days(period.starts_on, period.ends_on, is_working)


def planned_days(year: int) -> dict[int, int]:
    """Working days of leave planned in a year, per employee."""
    planned: dict[int, int] = defaultdict(int)
    for period in db.session.scalars(select(LeavePeriod).where(LeavePeriod.year == year)):
        planned[period.employee_id] += leave_days(period)
    return planned


def _leave_spans(start: date, end: date) -> dict[int, list[tuple[date, date]]]:
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for period in leave_in(start, end):
        spans[period.employee_id].append((period.starts_on, period.ends_on))
    return spans


def _trip_spans(start: date, end: date) -> dict[int, list[tuple[date, date]]]:
    """Each employee's business trips touching start..end, as local dates."""
    zone = office_calendar().timezone
    first = datetime.combine(start, time(), tzinfo=zone)
    last = datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)
    statement = select(Trip).where(Trip.state != TripState.CANCELLED.value, Trip.starts_at < last, Trip.ends_at > first)
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for item in db.session.scalars(statement):
        spans[item.employee_id].append((item.starts_at.astimezone(zone).date(), item.ends_at.astimezone(zone).date()))
    return spans


def staffing(year: int, month: int, minimum: int) -> list[registers.Staffing]:
    """The helpline's agents at work on each day of a month, and the days too few would be."""
    month_days = registers.month_days(year, month)
    leave, trips_away = _leave_spans(month_days[0], month_days[-1]), _trip_spans(month_days[0], month_days[-1])
    agents = [
        (person.full_name, leave.get(person.id, []) + trips_away.get(person.id, []))
        for person in employees(employed=(month_days[0], month_days[-1]))
        if person.on_helpline
    ]
    return registers.staffing(month_days, agents, minimum, is_working)


def attendance(year: int, month: int) -> tuple[list[date], list[tuple[Employee, list[str]]]]:
    """The monthly attendance list: each active employee's row of marks (leave, trip, a day off; empty: a working
    day to sign)."""
    month_days = registers.month_days(year, month)
    leave_spans, trip_spans = _leave_spans(month_days[0], month_days[-1]), _trip_spans(month_days[0], month_days[-1])
    rows = []
    for person in employees(employed=(month_days[0], month_days[-1])):
        leave, trips_only = leave_spans.get(person.id, []), trip_spans.get(person.id, [])
        marks = []
        for day in month_days:
            if not is_working(day):
                marks.append(Mark.FREE.value)
            elif registers.covers(leave, day):
                marks.append(Mark.LEAVE.value)
            elif registers.covers(trips_only, day):
                marks.append(Mark.TRIP.value)
            else:
                marks.append("")
        rows.append((person, marks))
    return month_days, rows


# -- job descriptions and the access log ---------------------------------------------------------------------------


def job_descriptions(employee_id: int) -> list[JobDescription]:
    statement = select(JobDescription).where(JobDescription.employee_id == employee_id)
    return list(db.session.scalars(statement.order_by(JobDescription.version.desc())))


def job_description(description_id: int) -> JobDescription | None:
    return db.session.get(JobDescription, description_id)


def last_version(employee_id: int) -> int:
    """The employee's latest job-description version; the employee's row stays locked until the commit, so two
    versions added at once take the next numbers in turn."""
    db.session.execute(select(Employee.id).where(Employee.id == employee_id).with_for_update())
    statement = select(func.max(JobDescription.version)).where(JobDescription.employee_id == employee_id)
    return int(db.session.scalar(statement) or 0)


def views_of(person: Employee) -> list[Any]:
    """Who looked at this person's HR record, newest first (the audit log's rows)."""
    rows, _more = audit.page(audit.AuditFilter(action=VIEWED, object_type="Employee", object_id=str(person.id)))
    return rows
