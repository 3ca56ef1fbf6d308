"""The supervisor's dashboard: counts, breaches, oldest open, search, and CSV/XLSX exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from tests.helpers import sign_in
from tickets import operations as ops
from tickets import queries
from tickets.models import Ticket


def new_ticket(**overrides: Any) -> Ticket:
    data = {"subject": "Nie świeci latarnia", "category": "oswietlenie", "resident_phone": "600100200"} | overrides
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(**data))
    db.session.commit()
    return ticket


@pytest.fixture
def supervisor(city: Any, client: Any, make_user: Any) -> Any:
    sign_in(client, make_user("supervisor").login)
    return client


def test_dashboard_counts_breaches_and_oldest(supervisor: Any) -> None:
    late = new_ticket(subject="Dziura na Lipowej", category="drogi-dziury")
    late.resolution_due = utcnow() - timedelta(hours=1)
    new_ticket(subject="Kosz przepełniony", category="odpady-wywoz")
    db.session.commit()
    page = supervisor.get("/tickets/dashboard").get_data(as_text=True)
    assert "Po terminie: 1" in page
    assert late.number in page
    assert "ZDT" in page
    assert "DGK" in page
    assert "Dziura w jezdni lub chodniku" in page


def test_search_by_text_and_number(supervisor: Any) -> None:
    lamp, bin_ = new_ticket(), new_ticket(subject="Kosz przepełniony", category="odpady-wywoz")
    by_text = supervisor.get("/tickets/dashboard?q=kosz&state=all").get_data(as_text=True)
    assert bin_.number in by_text
    assert lamp.number not in by_text
    by_number = supervisor.get(f"/tickets/dashboard?q={lamp.number}&state=all").get_data(as_text=True)
    assert lamp.number in by_number
    assert bin_.number not in by_number


@pytest.mark.parametrize("query", ["from=yesterday", "to=2026-13-45", "state=lost", "unit=NOPE", "category=none"])
def test_bad_filters_are_a_clear_400(supervisor: Any, query: str) -> None:
    page = supervisor.get(f"/tickets/dashboard?{query}")
    assert page.status_code == 400
    assert 'role="alert"' in page.get_data(as_text=True)
    assert supervisor.get(f"/tickets/export.csv?{query}").status_code == 400


def test_csv_export_has_no_contact_data_and_respects_filters(supervisor: Any) -> None:
    lamp = new_ticket()
    new_ticket(subject="Kosz", category="odpady-wywoz")
    response = supervisor.get("/tickets/export.csv?unit=ZDT")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="zgloszenia-')
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Numer", "Stan", "Kategoria", "Jednostka"]
    assert rows[1][1:6] == ["przekazane", "Oświetlenie uliczne", rows[1][3], "zwykły", "telefon"]
    assert rows[1][3].startswith("Zarząd Dróg i Transportu")
    assert [row[0] for row in rows[1:]] == [lamp.number]
    assert "600100200" not in text
    assert "+48600100200" not in text


def test_xlsx_export(supervisor: Any) -> None:
    lamp = new_ticket()
    response = supervisor.get("/tickets/export.xlsx?state=all")
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Numer"
    assert lamp.number in [row[0] for row in rows[1:]]


def test_what_a_resident_wrote_is_never_a_formula_in_an_export(supervisor: Any) -> None:
    """Issue 18, defect 7: text beginning with =, +, - or @ was a live formula in the XLSX and bare in the CSV."""
    formula = '=HYPERLINK("https://evil.example/","Kliknij")'
    lamp = new_ticket(subject=formula, address="+1+1", resident_name="@SUM(A1:A9)", resident_email="anna@example.org")
    workbook = load_workbook(io.BytesIO(supervisor.get("/tickets/export.xlsx?state=all&residents=1").data))
    cells = {cell.value: cell.data_type for row in workbook.active.iter_rows() for cell in row}
    assert cells["'" + formula] == "s"
    assert cells["'+1+1"] == "s"
    assert cells["'@SUM(A1:A9)"] == "s"
    assert not [value for value, kind in cells.items() if kind == "f"]
    text = supervisor.get("/tickets/export.csv?state=all&residents=1").get_data(as_text=True).lstrip("\ufeff")
    row = next(row for row in csv.reader(io.StringIO(text), delimiter=";") if row[0] == lamp.number)
    assert "'" + formula in row
    assert "'@SUM(A1:A9)" in row
    assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("role", ["agent", "unit_staff", "editor"])
def test_dashboard_is_for_supervisors(city: Any, client: Any, make_user: Any, role: str) -> None:
    sign_in(client, make_user(role).login)
    assert client.get("/tickets/dashboard").status_code == 403
    assert client.get("/tickets/export.csv").status_code == 403


def test_only_the_dashboard_is_the_current_menu_item(supervisor: Any) -> None:
    page = supervisor.get("/tickets/dashboard").get_data(as_text=True)
    assert page.count('aria-current="page"') == 1
    assert 'href="/tickets/dashboard" aria-current="page"' in page


def test_the_search_lists_the_tickets_found_not_only_counts(supervisor: Any) -> None:
    lamp = new_ticket(subject="Latarnia przy Lipowej", resident_name="Anna Nowak")
    new_ticket(subject="Kosz przepełniony", category="odpady-wywoz")
    page = supervisor.get("/tickets/dashboard?q=nowak&state=all").get_data(as_text=True)
    assert "Znaleziono: 1" in page
    found = page[page.index('id="found-heading"') : page.index('id="overdue-heading"')]
    assert lamp.number in found
    assert "Latarnia przy Lipowej" in found
    assert "Znaleziono" not in supervisor.get("/tickets/dashboard").get_data(as_text=True)


def test_residents_contacts_are_exported_only_when_asked_by_a_role_that_may(
    supervisor: Any, client: Any, make_user: Any
) -> None:
    lamp = new_ticket(resident_name="Anna Nowak", resident_email="anna@example.org")
    text = supervisor.get("/tickets/export.csv?residents=1&state=all").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][-3:] == ["Mieszkaniec", "Telefon", "E-mail"]
    row = next(row for row in rows if row[0] == lamp.number)
    assert row[-3:] == ["Anna Nowak", "600 100 200", "anna@example.org"]
    page = supervisor.get("/tickets/dashboard?residents=1&q=x").get_data(as_text=True)  # no 500 from a stray key
    assert "residents=1" in page


def _ids(tickets: list[Ticket]) -> list[int]:
    return [ticket.id for ticket in tickets]


@pytest.mark.parametrize("state", ["all", "open", "resolved", "routed"])
def test_a_search_with_words_counts_from_its_matches_what_the_questions_one_by_one_count(
    city: Any, make_user: Any, state: str
) -> None:
    """The dashboard reads the matches of a word search once and counts them (tickets.queries.matched); every figure
    and list equals what the per-question reads give."""
    agent = make_user("agent")
    made = [
        new_ticket(subject=f"Kosz przepełniony {n}", category=category)
        for n, category in enumerate(["odpady-wywoz", "odpady-wywoz", "oswietlenie", "drogi-dziury", "odpady-wywoz"])
    ]
    new_ticket(subject="Latarnia nie świeci")  # no match
    now = utcnow()
    made[0].state, made[0].resolved_at = "resolved", now
    made[1].state, made[1].closed_at, made[1].resolved_at = "closed", now, now
    made[2].assignee_id = agent.id
    made[3].resolution_due = now - timedelta(hours=2)
    made[4].resolution_due = now - timedelta(hours=1)
    made[4].created_at = now - timedelta(days=3)
    db.session.commit()
    user = make_user("supervisor")
    search = queries.Search(text="kosz", state=state)
    fast = queries.matched(user, search, now)
    assert fast is not None
    overdue_total, overdue = queries.overdue(user, search, now)
    found_total, found = queries.found(user, search)
    assert dict(fast.by_state) == dict(queries.counts_by(user, search, Ticket.state, with_state=False))
    assert sum(dict(fast.by_state).values()) == 5
    for column, counted in (
        (Ticket.unit_id, fast.by_unit),
        (Ticket.category_id, fast.by_category),
        (Ticket.assignee_id, fast.by_assignee),
    ):
        assert dict(counted) == dict(queries.counts_by(user, search, column))
    assert (fast.overdue_total, _ids(fast.overdue)) == (overdue_total, _ids(overdue))
    assert fast.overdue_total == 2
    assert _ids(fast.oldest) == _ids(queries.oldest_open(user, search))
    assert (fast.found_total, _ids(fast.found)) == (found_total, _ids(found))
