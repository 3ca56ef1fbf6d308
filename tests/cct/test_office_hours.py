"""Administrators keep the office hours and extra days off in the UI; every clock counts by them from the next
request, each change is audited, and a wrong entry is refused with nothing written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from cct import db
from cct.audit.models import AuditEntry
from cct.auth.actors import SYSTEM
from cct.office.models import OfficeDayOff, OfficeWeekday
from tests.helpers import count, csrf_token, sign_in
from tests.tickets.conftest import seed_city

WARSAW = ZoneInfo("Europe/Warsaw")
MONDAY_MORNING = datetime(2026, 12, 7, 8, 0, tzinfo=WARSAW)  # 7 December 2026 is a Monday
HOURS = {"mon": "07:30-15:30", "tue": "07:30-15:30", "wed": "07:30-15:30", "thu": "07:30-15:30", "fri": "07:30-15:30",
         "sat": "", "sun": ""}  # fmt: skip


@pytest.fixture
def admin(client: Any, make_user: Any) -> Any:
    sign_in(client, make_user("admin").login)
    return client


@pytest.fixture
def monday() -> Iterator[None]:
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield


def post(client: Any, path: str, **data: str) -> Any:
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/admin/office-hours")})


def first_response_due(subject: str) -> datetime:
    """A ticket opened now, as the next request would open it (each request reads the calendar afresh)."""
    from cct.office_calendar import forget_office_calendar
    from tickets import operations as tickets

    forget_office_calendar()
    from tickets.models import Category

    category = db.session.scalars(select(Category).where(Category.code == "hours-test")).first()
    if category is None:
        seed_city()
        tickets.create_category(
            SYSTEM, {"code": "hours-test", "name": "Test godzin", "first_response_hours": 8, "resolution_hours": 16}
        )
    ticket = tickets.create_ticket(SYSTEM, tickets.TicketInput(subject=subject, category="hours-test"))
    return ticket.first_response_due.astimezone(WARSAW)


def test_the_page_shows_the_hours_in_force(admin: Any) -> None:
    page = admin.get("/admin/office-hours").get_data(as_text=True)
    assert "Godziny pracy urzędu" in page
    monday = re.search(r'<input[^>]*name="mon"[^>]*>', page)
    saturday = re.search(r'<input[^>]*name="sat"[^>]*>', page)
    assert monday is not None
    assert saturday is not None
    assert 'value="07:30-15:30"' in monday.group(0)
    assert 'value=""' in saturday.group(0)
    assert 'placeholder="nieczynne"' in saturday.group(0)
    assert "Od dziś brak." in page


def test_a_day_off_moves_the_deadlines_and_can_be_removed(monday: None, admin: Any) -> None:
    # from 08:00 on Monday: 7.5 office hours on Monday, the last half hour on Tuesday morning
    assert first_response_due("przed") == datetime(2026, 12, 8, 8, 0, tzinfo=WARSAW)
    response = post(admin, "/admin/office-hours/days", day="2026-12-07", reason="Za święto 26 grudnia")
    assert response.status_code == 302
    page = admin.get("/admin/office-hours").get_data(as_text=True)
    assert "07.12.2026 to dzień wolny: nie liczą się w nim godziny pracy." in page
    assert "poniedziałek, 7 grudnia 2026" in page
    assert first_response_due("po") == datetime(2026, 12, 8, 15, 30, tzinfo=WARSAW)  # Monday closed: Tuesday's 8 h
    row = db.session.scalars(select(OfficeDayOff)).one()
    assert post(admin, f"/admin/office-hours/days/{row.id}/remove").status_code == 302
    assert count(OfficeDayOff) == 0
    assert first_response_due("znowu") == datetime(2026, 12, 8, 8, 0, tzinfo=WARSAW)
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("office.%"))).all()
    assert actions == ["office.day_off_added", "office.day_off_removed"]
    log = admin.get("/admin/audit?what=office.day_off_added").get_data(as_text=True)
    assert "<td>Dodano dzień wolny urzędu</td>" in log


def test_weekly_hours_change_the_clocks_and_are_audited(monday: None, admin: Any) -> None:
    response = post(admin, "/admin/office-hours/hours", **{**HOURS, "mon": "10:00-14:00", "sat": " 08:00-12:00 "})
    assert response.status_code == 302
    rows = {row.weekday: row.hours for row in db.session.scalars(select(OfficeWeekday))}
    assert rows == {0: "10:00-14:00", 5: "08:00-12:00"}  # only the days that changed are kept
    # Monday 10-14 (4 h), then Tuesday from 07:30: 4 more hours
    assert first_response_due("krócej") == datetime(2026, 12, 8, 11, 30, tzinfo=WARSAW)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "office.hours_set")).one()
    assert entry.changes == {"mon": ["07:30-15:30", "10:00-14:00"], "sat": ["", "08:00-12:00"]}
    again = post(admin, "/admin/office-hours/hours", **{**HOURS, "mon": "10:00-14:00", "sat": "08:00-12:00"})
    assert again.status_code == 302
    assert count(AuditEntry) == count(AuditEntry)  # a form sent again unchanged is no change
    assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "office.hours_set")).all()) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mon": "7-15"}, "Wpisz godziny jako 07:30-15:30"),
        ({"tue": "15:30-07:30"}, "Godzina zamknięcia musi być późniejsza niż otwarcia."),
        ({"wed": "25:00-26:00"}, "Wpisz godziny jako 07:30-15:30"),
        ({name: "" for name in HOURS}, "Urząd musi być czynny co najmniej w jeden dzień tygodnia."),
        ({"thu": "x" * 100}, "nie może mieć więcej niż"),
    ],
)
def test_bad_hours_are_refused_and_nothing_changes(admin: Any, changes: dict[str, str], message: str) -> None:
    audited = count(AuditEntry)
    response = post(admin, "/admin/office-hours/hours", **{**HOURS, **changes})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert (count(OfficeWeekday), count(AuditEntry)) == (0, audited)


@pytest.mark.parametrize(
    ("day", "reason", "status", "message"),
    [
        ("2026-02-30", "x", 400, "Podaj datę w postaci RRRR-MM-DD"),
        ("", "x", 400, "Podaj datę w postaci RRRR-MM-DD"),
        ("1900-01-02", "x", 400, "Podaj datę w postaci RRRR-MM-DD"),
        ("2026-12-25", "Wigilia", 400, "25.12.2026 to święto"),
        ("2026-12-28", "", 400, "To pole jest wymagane."),
        ("2026-12-28", "x" * 201, 400, "nie może mieć więcej niż"),
    ],
)
def test_bad_days_off_are_refused_and_nothing_is_written(
    admin: Any, day: str, reason: str, status: int, message: str
) -> None:
    response = post(admin, "/admin/office-hours/days", day=day, reason=reason)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert count(OfficeDayOff) == 0


def test_a_day_off_twice_is_a_conflict_and_unknown_ones_are_404(admin: Any) -> None:
    assert post(admin, "/admin/office-hours/days", day="2026-12-28", reason="Zarządzenie").status_code == 302
    twice = post(admin, "/admin/office-hours/days", day="2026-12-28", reason="Znowu")
    assert twice.status_code == 409
    assert "28.12.2026 jest już dniem wolnym." in twice.get_data(as_text=True)
    assert count(OfficeDayOff) == 1
    assert post(admin, "/admin/office-hours/days/999999/remove").status_code == 404


def test_only_administrators_keep_the_office_hours(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("supervisor").login)
    assert client.get("/admin/office-hours").status_code == 403
    token = csrf_token(client, "/account")
    refused = client.post("/admin/office-hours/days", data={"csrf_token": token, "day": "2026-12-28", "reason": "x"})
    assert refused.status_code == 403
    assert count(OfficeDayOff) == 0


def test_the_calendar_knows_extra_days_off_and_changed_hours(isolated: Any) -> None:
    from cct.office import operations
    from cct.office_calendar import forget_office_calendar, office_calendar

    operations.add_day_off(SYSTEM, date(2026, 12, 31), "Sylwester")
    operations.set_hours(SYSTEM, {**HOURS, "fri": ""})
    forget_office_calendar()
    calendar = office_calendar()
    assert calendar.is_holiday(date(2026, 12, 31))
    assert calendar.is_holiday(date(2026, 12, 25))  # public holidays stay
    assert not calendar.is_holiday(date(2026, 12, 30))
    assert calendar.open_interval(date(2027, 1, 8)) is None  # a Friday
    assert calendar.is_open(datetime(2026, 12, 30, 9, 0, tzinfo=UTC))
