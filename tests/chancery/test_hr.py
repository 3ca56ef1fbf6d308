"""The HR registers on both databases: only the clerk and the Director see them, every look at a person's record is
logged (and the audit log holds no HR data), exits and their monthly balance, trips settled at the rate of their
day, the leave plan within the entitlement with the helpline's warning, job descriptions in versions, the attendance
list as a PDF read back, and every bad input refused with nothing written."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.audit.models import AuditEntry
from cct.auth.actors import SYSTEM
from cct.office_calendar import local_today
from chancery.hr import operations, queries
from chancery.hr.models import Employee, Exit, JobDescription, LeavePeriod, PerDiemRate, Trip, WorkOff
from chancery.hr.schemas import EmployeeInput, ExitInput
from tests.chancery.conftest import client_of, local, pdf_text, typed
from tests.factories import UserFactory
from tests.helpers import PASSWORD, count, csrf_token

HR = "/chancery/hr"


@pytest.fixture
def staff(chancery_app: Any, people: dict[str, Any]) -> dict[str, Any]:
    """The Director, and four employees: a clerk, and three helpline agents."""
    UserFactory(login="director", full_name="Robert Rzecznik", roles=("spokesperson",), password=PASSWORD)
    made = {
        key: operations.add_employee(SYSTEM, EmployeeInput(name, position, unit=unit, on_helpline=helpline))
        for key, name, position, unit, helpline in (
            ("clerk", "Kamila Kancelaryjna", "Samodzielne stanowisko", "DKS-II", False),
            ("ewa", "Ewa Wiśniewska", "Konsultantka infolinii", "DKS-III", True),
            ("tomasz", "Tomasz Zieliński", "Konsultant infolinii", "DKS-III", True),
            ("marta", "Marta Wójcik", "Konsultantka infolinii", "DKS-III", True),
        )
    }
    db.session.commit()
    return made


def _views(person: Employee) -> int:
    db.session.expire_all()
    statement = select(AuditEntry).where(
        AuditEntry.action == queries.VIEWED,
        AuditEntry.object_type == "Employee",
        AuditEntry.object_id == str(person.id),
    )
    return len(db.session.scalars(statement).all())


def test_only_the_clerk_and_the_director_see_the_registers_and_each_look_is_logged(
    chancery_app: Any, staff: dict[str, Any]
) -> None:
    person = staff["ewa"]
    page = f"{HR}/employees/{person.id}"
    for login in ("admin", "agent", "officer"):
        client = client_of(chancery_app, login)
        assert client.get(HR + "/").status_code == 403
        assert client.get(page).status_code == 403
        assert client.get(f"{HR}/attendance.pdf").status_code == 403
    assert _views(person) == 0
    for login in ("clerk", "director"):
        answer = client_of(chancery_app, login).get(page)
        assert answer.status_code == 200
        assert "Ewa Wiśniewska" in answer.get_data(as_text=True)
    assert _views(person) == 2
    shown = client_of(chancery_app, "clerk").get(page).get_data(as_text=True)
    assert "director" in shown


def test_the_audit_log_names_the_record_but_holds_no_hr_data(chancery_app: Any, staff: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    day = _working_day_ahead(10)
    answer = clerk.post(
        f"{HR}/leave",
        data={
            "employee": staff["ewa"].id,
            "starts_on": day.isoformat(),
            "ends_on": day.isoformat(),
            "note": "ślub",
            "csrf_token": csrf_token(clerk, f"{HR}/leave"),
        },
    )
    assert answer.status_code == 303
    db.session.expire_all()
    rows = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "chancery.hr_leave_planned")).all()
    assert len(rows) == 1
    assert day.isoformat() not in str(rows[0].changes)
    assert "ślub" not in str(rows[0].changes)
    assert "employee" not in rows[0].changes  # whose leave it is stays in the HR register


def _working_day_ahead(days: int) -> date:
    day = local_today() + timedelta(days=days)
    while not queries.is_working(day):
        day += timedelta(days=1)
    return day


def test_exits_and_the_monthly_balance_of_private_time(chancery_app: Any, staff: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    person = staff["tomasz"]
    token = csrf_token(clerk, f"{HR}/exits?month=2026-03")
    exit_form = {
        "exit-employee": person.id,
        "exit-day": "2026-03-10",
        "exit-out_at": "10:00",
        "exit-back_at": "11:30",
        "exit-kind": "private",
        "exit-purpose": "lekarz",
        "csrf_token": token,
    }
    assert clerk.post(f"{HR}/exits", data=exit_form).status_code == 303
    official = exit_form | {"exit-day": "2026-03-11", "exit-kind": "official", "exit-back_at": ""}
    assert clerk.post(f"{HR}/exits", data=official).status_code == 303
    off = {"off-employee": person.id, "off-day": "2026-03-12", "off-minutes": "60", "off-note": "", "csrf_token": token}
    assert clerk.post(f"{HR}/work-off", data=off).status_code == 303
    off_april = off | {"off-day": "2026-04-02", "off-minutes": "30"}
    assert clerk.post(f"{HR}/work-off", data=off_april).status_code == 303
    assert queries.balances(2026, 3)[person.id] == queries.registers.Balance(90, 60, 30)
    assert queries.balances(2026, 4)[person.id] == queries.registers.Balance(0, 30, 0)
    shown = clerk.get(f"{HR}/exits?month=2026-03").get_data(as_text=True)
    assert "1 h 30 min" in shown
    assert "0 h 30 min" in shown
    # the official exit, not back yet, is closed with its return
    opened = db.session.scalar(select(Exit).where(Exit.kind == "official"))
    back = {"back-back_at": "12:15", "csrf_token": token}
    assert clerk.post(f"{HR}/exits/{opened.id}/return", data=back).status_code == 302
    db.session.expire_all()
    assert db.session.get(Exit, opened.id).back_at == time(12, 15)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"exit-back_at": "09:00"}, "Powrót musi nastąpić po wyjściu."),
        ({"exit-employee": ""}, "Wybierz pracownika z rejestru."),
        ({"exit-day": "0001-01-01"}, "Podaj datę"),
        ({"exit-out_at": "25:99"}, "Podaj godzinę"),
        ({"exit-kind": "holiday"}, None),  # WTForms' own refusal of an option not offered
    ],
)
def test_a_bad_exit_is_refused_with_nothing_written(
    chancery_app: Any, staff: dict[str, Any], changes: dict[str, str], message: str | None
) -> None:
    clerk = client_of(chancery_app, "clerk")
    form = {
        "exit-employee": staff["ewa"].id,
        "exit-day": "2026-03-10",
        "exit-out_at": "10:00",
        "exit-back_at": "",
        "exit-kind": "private",
        "exit-purpose": "",
        "csrf_token": csrf_token(clerk, f"{HR}/exits"),
    }
    answer = clerk.post(f"{HR}/exits", data=form | changes, headers={"Accept-Language": "pl"})
    assert answer.status_code == 400
    if message is not None:
        assert message in answer.get_data(as_text=True)
    assert count(Exit) == 0


def test_a_trip_ordered_and_settled_at_the_rate_of_its_day(chancery_app: Any, staff: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, f"{HR}/trips")
    # begun the day before the 38 zł rate: settled at 30 zł
    leaves, back = local(2022, 7, 27, 6, 0), local(2022, 7, 28, 15, 0)
    order = {
        "employee": staff["clerk"].id,
        "purpose": "Szkolenie JRWA",
        "destination": "Olsztyn",
        "starts_at": typed(leaves),
        "ends_at": typed(back),
        "transport": "public",
        "advance": "100,00",
        "csrf_token": token,
    }
    answer = clerk.post(f"{HR}/trips", data=order)
    assert answer.status_code == 303
    trip = db.session.scalar(select(Trip))
    assert trip.number == "1/2022"
    # another trip of the same person at the same time is refused
    again = clerk.post(f"{HR}/trips", data=order | {"starts_at": typed(leaves + timedelta(hours=2))})
    assert again.status_code == 409
    assert count(Trip) == 1
    settle = {
        "starts_at": typed(leaves),
        "ends_at": typed(back),
        "transport_cost": "89,40",
        "accommodation_cost": "",
        "other_cost": "12,5",
        "breakfasts": "1",
        "lunches": "0",
        "dinners": "0",
        "csrf_token": token,
    }
    assert clerk.post(f"{HR}/trips/{trip.id}/settle", data=settle | {"other_cost": "12,555"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Trip, trip.id).state == "ordered"
    assert clerk.post(f"{HR}/trips/{trip.id}/settle", data=settle).status_code == 303
    db.session.expire_all()
    trip = db.session.get(Trip, trip.id)
    # 33 hours: a day and 9 hours begun, two whole per-diems at 30 zł, less a breakfast (7,50 zł)
    assert (trip.state, trip.per_diem_rate, trip.per_diem) == ("settled", 3000, 5250)
    assert trip.total == 5250 + 8940 + 1250
    shown = clerk.get(f"{HR}/trips/{trip.id}").get_data(as_text=True)
    assert "154,40" in shown
    assert "54,40" in shown
    assert clerk.post(f"{HR}/trips/{trip.id}/cancel", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Trip, trip.id).state == "settled"


def test_a_trip_that_ends_before_it_starts_is_refused(chancery_app: Any, staff: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    order = {
        "employee": staff["clerk"].id,
        "purpose": "x",
        "destination": "Łomża",
        "starts_at": "2026-05-04T10:00",
        "ends_at": "2026-05-04T09:00",
        "transport": "public",
        "advance": "",
        "csrf_token": csrf_token(clerk, f"{HR}/trips"),
    }
    assert clerk.post(f"{HR}/trips", data=order).status_code == 400
    assert clerk.post(f"{HR}/trips", data=order | {"ends_at": "2026-05-04T18:00", "advance": "sto"}).status_code == 400
    assert count(Trip) == 0


def test_the_leave_plan_keeps_to_the_entitlement_and_warns_for_the_helpline(
    chancery_app: Any, staff: dict[str, Any]
) -> None:
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, f"{HR}/leave")

    def plan(person: str, first: str, last: str) -> Any:
        form = {"employee": staff[person].id, "starts_on": first, "ends_on": last, "note": "", "csrf_token": token}
        return clerk.post(f"{HR}/leave", data=form)

    assert plan("ewa", "2026-12-21", "2026-12-27").status_code == 303  # 21–23: 3 days (24, 25 are holidays)
    assert queries.planned_days(2026)[staff["ewa"].id] == 3
    assert plan("ewa", "2026-12-23", "2026-12-30").status_code == 409  # overlaps
    assert plan("ewa", "2026-12-28", "2027-01-04").status_code == 400  # across two years
    assert plan("marta", "2026-12-26", "2026-12-27").status_code == 400  # no working day
    assert plan("ewa", "2026-01-05", "2026-03-31").status_code == 400  # beyond 26 days
    assert plan("tomasz", "2026-12-22", "2026-12-22").status_code == 303
    assert count(LeavePeriod) == 2
    page = clerk.get(f"{HR}/leave?month=2026-12").get_data(as_text=True)
    assert "3 dni robocze z mniej niż 3 konsultantami" in page  # 21–23 December: Ewa away, and Tomasz on the 22nd
    rows = {row.day: row for row in queries.staffing(2026, 12, 3)}
    assert rows[date(2026, 12, 22)].short
    assert rows[date(2026, 12, 22)].on_duty == 1
    assert rows[date(2026, 12, 21)].short
    assert not rows[date(2026, 12, 24)].short
    assert clerk.get(f"{HR}/leave?month=2026-13").status_code == 400


def test_job_descriptions_in_versions_with_the_acknowledgement(chancery_app: Any, staff: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    person = staff["clerk"]
    page = f"{HR}/employees/{person.id}"
    token = csrf_token(clerk, page)
    for text in ("1. Rejestr przesyłek.", "1. Rejestr przesyłek.\n2. Księga inwentarzowa."):
        form = {
            "job-position": "Samodzielne stanowisko",
            "job-effective_from": "2026-01-02",
            "job-content": text,
            "csrf_token": token,
        }
        assert clerk.post(f"{page}/jobs", data=form).status_code == 303
    versions = queries.job_descriptions(person.id)
    assert [version.version for version in versions] == [2, 1]
    future = (local_today() + timedelta(days=3)).isoformat()
    first = versions[1]

    def acknowledge(day: str) -> int:
        data = {f"ack{first.id}-acknowledged_on": day, "csrf_token": token}
        return clerk.post(f"{HR}/jobs/{first.id}/acknowledge", data=data).status_code

    assert acknowledge(future) == 400
    assert acknowledge("2026-01-05") == 303
    assert acknowledge("2026-01-06") == 409
    db.session.expire_all()
    assert [v.acknowledged_on for v in queries.job_descriptions(person.id)] == [None, date(2026, 1, 5)]
    assert count(JobDescription) == 2
    empty = {"job-position": "x", "job-effective_from": "2026-01-02", "job-content": "  ", "csrf_token": token}
    assert clerk.post(f"{page}/jobs", data=empty).status_code == 400
    assert count(JobDescription) == 2


def test_the_attendance_list_pdf_marks_leave_trips_and_days_off(chancery_app: Any, staff: dict[str, Any]) -> None:
    operations.plan_leave(SYSTEM, staff["ewa"].id, date(2026, 12, 21), date(2026, 12, 23))
    operations.order_trip(
        SYSTEM,
        operations.TripInput(
            staff["tomasz"].id, "Szkolenie", "Łomża", local(2026, 12, 9, 7), local(2026, 12, 9, 17), "public"
        ),
    )
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    answer = clerk.get(f"{HR}/attendance.pdf?month=2026-12")
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    text = pdf_text(answer.data)
    assert "LISTA OBECNOŚCI" in text
    assert "Ewa Wiśniewska" in text
    assert "Zieliński" in text
    assert "U — urlop wypoczynkowy" in text
    assert "D — podróż służbowa" in text
    days, rows = queries.attendance(2026, 12)
    marks = {person.full_name: row for person, row in rows}
    assert marks["Ewa Wiśniewska"][20:23] == ["U", "U", "U"]
    assert marks["Ewa Wiśniewska"][23] == "-"
    assert marks["Tomasz Zieliński"][8] == "D"
    assert marks["Kamila Kancelaryjna"][8] == ""
    assert clerk.get(f"{HR}/attendance.pdf?month=grudzień").status_code == 400


def test_an_employee_is_added_and_changed_and_bad_data_refused(chancery_app: Any, staff: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, f"{HR}/employees/new")
    form = {
        "full_name": "Zofia Nowa",
        "position": "Konsultantka",
        "unit": "DKS-III",
        "login": "agent",
        "on_helpline": "y",
        "leave_days": "20",
        "joined_on": "2025-03-01",
        "left_on": "",
        "csrf_token": token,
    }
    assert clerk.post(f"{HR}/employees/new", data=form | {"login": "nobody"}).status_code == 400
    assert clerk.post(f"{HR}/employees/new", data=form | {"leave_days": "99"}).status_code == 400
    assert count(Employee) == 4
    assert clerk.post(f"{HR}/employees/new", data=form).status_code == 302
    made = db.session.scalar(select(Employee).where(Employee.full_name == "Zofia Nowa"))
    assert made.user.login == "agent"
    assert made.on_helpline
    assert made.leave_days == 20
    # one account belongs to one employee
    other = form | {"full_name": "Ktoś Inny"}
    assert clerk.post(f"{HR}/employees/{staff['ewa'].id}", data=other).status_code == 409
    assert clerk.post(f"{HR}/employees/{made.id}", data=form | {"position": "Starsza konsultantka"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Employee, made.id).position == "Starsza konsultantka"
    assert count(WorkOff) == 0


@pytest.mark.parametrize("amount", ["", "0", "0,00", "1000,01", "czterdzieści"])
def test_a_bad_rate_is_refused_with_nothing_written(chancery_app: Any, staff: dict[str, Any], amount: str) -> None:
    clerk = client_of(chancery_app, "clerk")
    form = {"valid_from": "2027-01-01", "amount": amount, "csrf_token": csrf_token(clerk, f"{HR}/rates")}
    assert clerk.post(f"{HR}/rates", data=form).status_code == 400
    assert count(PerDiemRate) == 0


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"off-minutes": "0"}, 400),
        ({"off-minutes": "481"}, 400),
        ({"off-employee": ""}, 400),
        ({"off-minutes": "91"}, 400),  # 90 minutes are owed: time worked ahead is overtime (art. 151 § 2¹)
        ({"off-day": "2026-03-09"}, 400),  # the day before the exit: nothing owed yet
    ],
)
def test_work_off_beyond_what_is_owed_or_malformed_is_refused(
    chancery_app: Any, staff: dict[str, Any], changes: dict[str, str], status: int
) -> None:
    person = staff["tomasz"]
    operations.record_exit(SYSTEM, ExitInput(person.id, date(2026, 3, 10), time(10), time(11, 30), "private"))
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    form = {"off-employee": person.id, "off-day": "2026-03-12", "off-minutes": "90", "off-note": ""}
    answer = clerk.post(f"{HR}/work-off", data=form | changes | {"csrf_token": csrf_token(clerk, f"{HR}/exits")})
    assert answer.status_code == status
    assert count(WorkOff) == 0


def test_a_return_without_a_time_or_before_the_exit_is_refused(chancery_app: Any, staff: dict[str, Any]) -> None:
    item = operations.record_exit(SYSTEM, ExitInput(staff["ewa"].id, date(2026, 3, 10), time(10), None, "official"))
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, f"{HR}/exits")
    for typed_time in ("", "09:00", "25:00"):
        answer = clerk.post(f"{HR}/exits/{item.id}/return", data={"back-back_at": typed_time, "csrf_token": token})
        assert answer.status_code == 302
        db.session.expire_all()
        assert db.session.get(Exit, item.id).back_at is None


def test_a_settlement_without_a_rate_or_with_bad_meals_and_an_endless_trip_are_refused(
    chancery_app: Any, staff: dict[str, Any]
) -> None:
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, f"{HR}/trips")
    order = {
        "employee": staff["clerk"].id,
        "purpose": "Szkolenie",
        "destination": "Łomża",
        "transport": "public",
        "advance": "",
        "csrf_token": token,
    }
    endless = order | {"starts_at": "2026-01-05T07:00", "ends_at": "2027-02-05T07:00"}
    assert clerk.post(f"{HR}/trips", data=endless).status_code == 400
    early = order | {"starts_at": "2012-05-07T07:00", "ends_at": "2012-05-07T20:00"}  # before any rate
    assert clerk.post(f"{HR}/trips", data=early).status_code == 303
    trip = db.session.scalar(select(Trip))
    settle = {
        "starts_at": "2012-05-07T07:00",
        "ends_at": "2012-05-07T20:00",
        "transport_cost": "",
        "accommodation_cost": "",
        "other_cost": "",
        "breakfasts": "0",
        "lunches": "0",
        "dinners": "0",
        "csrf_token": token,
    }
    assert clerk.post(f"{HR}/trips/{trip.id}/settle", data=settle).status_code == 400
    assert clerk.post(f"{HR}/trips/{trip.id}/settle", data=settle | {"lunches": "100"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Trip, trip.id).state == "ordered"
    assert count(Trip) == 1


def test_a_month_keeps_who_was_employed_then_and_namesakes_count_twice(
    chancery_app: Any, staff: dict[str, Any]
) -> None:
    operations.change_employee(
        SYSTEM,
        staff["marta"],
        EmployeeInput(
            "Marta Wójcik", "Konsultantka infolinii", "DKS-III", on_helpline=True, left_on=date(2026, 11, 30)
        ),
    )
    operations.add_employee(
        SYSTEM, EmployeeInput("Ewa Wiśniewska", "Konsultantka infolinii", "DKS-III", on_helpline=True)
    )
    db.session.commit()
    november = [person.full_name for person, _row in queries.attendance(2026, 11)[1]]
    december = [person.full_name for person, _row in queries.attendance(2026, 12)[1]]
    assert "Marta Wójcik" in november
    assert "Marta Wójcik" not in december
    assert december.count("Ewa Wiśniewska") == 2
    operations.plan_leave(SYSTEM, staff["ewa"].id, date(2026, 12, 21), date(2026, 12, 21))
    db.session.commit()
    row = {row.day: row for row in queries.staffing(2026, 12, 3)}[date(2026, 12, 21)]
    # in December: Ewa, Ewa, Tomasz on the helpline; one Ewa away
    assert (row.on_duty, row.away) == (2, ("Ewa Wiśniewska",))
    clerk = client_of(chancery_app, "clerk")
    form = {
        "full_name": "Zofia Nowa",
        "position": "Konsultantka",
        "unit": "DKS-III",
        "login": "",
        "leave_days": "0",
        "joined_on": "2026-05-01",
        "left_on": "2026-04-30",
        "csrf_token": csrf_token(clerk, f"{HR}/employees/new"),
    }
    assert clerk.post(f"{HR}/employees/new", data=form).status_code == 400
    assert clerk.post(f"{HR}/employees/new", data=form | {"left_on": ""}).status_code == 302  # 0 days is allowed
