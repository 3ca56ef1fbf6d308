"""Demo data for the HR registers (`cct demo`): the department's employees (the demo accounts of DKS, and three
helpline agents without accounts, marked "(demo)"), this month's exits and time worked off, a settled and an ordered
business trip, leave planned so that one week has too few helpline agents on duty, and a job description in two
versions. Loaded only into a register without any employees."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.office_calendar import local_today, office_calendar
from chancery.hr import operations
from chancery.hr.models import Employee
from chancery.hr.schemas import EmployeeInput, ExitInput, SettlementInput, TripInput

EMPLOYEES = [  # full name, position, unit, login, on the helpline
    ("Robert Rzecznik", "Dyrektor Departamentu, rzecznik prasowy", "DKS-I", "rzecznik", False),
    ("Paulina Prasowa", "Główny specjalista ds. kontaktów z mediami", "DKS-I", "prasa", False),
    ("Kamil Kancelaryjny", "Samodzielne stanowisko ds. organizacyjno-kancelaryjnych", "DKS-II", "kancelaria", False),
    ("Katarzyna Kierownik", "Kierownik Referatu Informacji Telefonicznej", "DKS-III", "kierownik", False),
    ("Karol Konsultant", "Konsultant infolinii", "DKS-III", "konsultant", True),
    ("Renata Redaktor", "Konsultant infolinii, redaktor bazy wiedzy", "DKS-III", "redaktor", True),
    ("Ewa Wiśniewska (demo)", "Konsultant infolinii", "DKS-III", None, True),
    ("Tomasz Zieliński (demo)", "Konsultant infolinii", "DKS-III", None, True),
    ("Marta Wójcik (demo)", "Konsultant infolinii", "DKS-III", None, True),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=office_calendar().timezone)


def seed() -> None:
    if db.session.scalar(select(Employee.id).limit(1)) is not None:
        return
    people = {
        name: operations.add_employee(
            SYSTEM, EmployeeInput(name, position, unit=unit, login=login, on_helpline=helpline)
        )
        for name, position, unit, login, helpline in EMPLOYEES
    }
    today = local_today()
    first = today.replace(day=1)
    agent = people["Karol Konsultant"].id
    operations.record_exit(
        SYSTEM, ExitInput(agent, first + timedelta(days=1), time(10, 0), time(11, 30), "private", "wizyta u lekarza")
    )
    operations.record_work_off(SYSTEM, agent, first + timedelta(days=2), 45, "po godzinach pracy")
    operations.record_exit(
        SYSTEM,
        ExitInput(people["Kamil Kancelaryjny"].id, today, time(12, 0), None, "official", "poczta: przesyłki polecone"),
    )
    # one week of the month with three of the five helpline agents away: the leave plan warns
    for name, start, end in (
        ("Renata Redaktor", 14, 18),
        ("Ewa Wiśniewska (demo)", 15, 19),
        ("Tomasz Zieliński (demo)", 16, 22),
    ):
        operations.plan_leave(SYSTEM, people[name].id, first.replace(day=start), first.replace(day=end), "plan roczny")
    press = people["Paulina Prasowa"].id
    went = today - timedelta(days=10)
    settled = operations.order_trip(
        SYSTEM,
        TripInput(
            press, "Konferencja rzeczników prasowych miast", "Warszawa", _at(went, 6), _at(went, 19, 30), "public"
        ),
    )
    operations.settle_trip(
        SYSTEM,
        settled,
        SettlementInput(_at(went, 6), _at(went, 19, 30), transport_cost="178,40", lunches=1),
    )
    going = today + timedelta(days=5)
    operations.order_trip(
        SYSTEM,
        TripInput(
            people["Kamil Kancelaryjny"].id,
            "Szkolenie: instrukcja kancelaryjna i JRWA",
            "Olsztyn",
            _at(going, 7),
            _at(going + timedelta(days=1), 16),
            "official_car",
        ),
    )
    clerk = people["Kamil Kancelaryjny"].id
    duties = (
        "1. Prowadzenie rejestru przesyłek wpływających i wychodzących Departamentu.\n"
        "2. Zakładanie spraw i prowadzenie spisów spraw zgodnie z instrukcją kancelaryjną i JRWA.\n"
        "3. Prowadzenie spraw kadrowych Departamentu: ewidencja wyjść, delegacji, plan urlopów, listy obecności."
    )
    first_version = operations.add_job_description(SYSTEM, clerk, EMPLOYEES[2][1], duties, date(today.year, 1, 2))
    operations.acknowledge_job_description(SYSTEM, first_version, date(today.year, 1, 2))
    operations.add_job_description(
        SYSTEM,
        clerk,
        EMPLOYEES[2][1],
        duties + "\n4. Prowadzenie księgi inwentarzowej i gospodarki materiałami biurowymi Departamentu.",
        today,
    )
