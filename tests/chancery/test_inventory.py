"""The inventory book on both databases: items numbered per year, moved, written off with the protocol; the
stock-take sheet and the protocol as PDFs read back; bad input refused with nothing written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from cct import db
from cct.auth.actors import SYSTEM
from cct.office_calendar import local_today
from chancery.inventory import operations, queries
from chancery.inventory.models import InventoryItem, InventoryMove
from tests.chancery.conftest import client_of, pdf_text
from tests.helpers import count, csrf_token

PAGE = "/chancery/inventory/"


def _form(**values: str) -> dict[str, str]:
    return {
        "name": "Zestaw słuchawkowy",
        "acquired_on": "2024-03-04",
        "document": "FV 112/2024",
        "value": "1 389,50",
        "location": "pok. 14 (infolinia)",
        "responsible": "Katarzyna Kierownik",
    } | values


def test_an_item_entered_moved_and_written_off_with_its_protocol(chancery_app: Any, people: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, PAGE)
    assert clerk.post(PAGE, data=_form() | {"csrf_token": token}).status_code == 303
    assert clerk.post(PAGE, data=_form(name="Komputer") | {"csrf_token": token}).status_code == 303
    first, second = queries.items()
    year = local_today().year
    assert (first.number, second.number) == (f"DKS/{year}/0001", f"DKS/{year}/0002")
    assert first.value == 138950
    assert queries.by_number(f"dks / {year} / 1") is first
    moved = {
        "move-moved_on": local_today().isoformat(),
        "move-location": "pok. 9",
        "move-responsible": "Kamil Kancelaryjny",
        "move-note": "nowe stanowisko",
        "csrf_token": token,
    }
    assert clerk.post(f"{PAGE}{first.id}/move", data=moved).status_code == 303
    assert clerk.post(f"{PAGE}{first.id}/move", data=moved).status_code == 400  # nowhere new
    off = {
        "off-written_off_on": local_today().isoformat(),
        "off-protocol": "1/2026",
        "off-reason": "uszkodzony",
        "csrf_token": token,
    }
    assert clerk.post(f"{PAGE}{first.id}/write-off", data=off | {"off-protocol": ""}).status_code == 400
    assert clerk.post(f"{PAGE}{first.id}/write-off", data=off).status_code == 303
    assert clerk.post(f"{PAGE}{first.id}/write-off", data=off).status_code == 409
    db.session.expire_all()
    item = db.session.get(InventoryItem, first.id)
    assert (item.state, item.location, item.write_off_protocol) == ("written_off", "pok. 9", "1/2026")
    assert count(InventoryMove) == 1
    protocol = clerk.get(f"{PAGE}{first.id}/protocol.pdf")
    text = pdf_text(protocol.data)
    assert "PROTOKÓŁ LIKWIDACJI NR 1/2026" in text
    assert item.number in text
    assert "1 389,50" in text.replace("\u00a0", " ")
    book = clerk.get(PAGE).get_data(as_text=True)
    assert second.number in book
    assert item.number not in book  # written off: shown only with ?all=1
    assert item.number in clerk.get(f"{PAGE}?all=1").get_data(as_text=True)


def test_the_stock_take_sheet_of_a_place(chancery_app: Any, people: dict[str, Any]) -> None:
    for name, place in (
        ("Niszczarka", "pok. 9 (kancelaria)"),
        ("Szafa aktowa", "pok. 9 (kancelaria)"),
        ("Aparat", "pok. 3"),
    ):
        operations.enter_item(SYSTEM, name, date(2022, 5, 10), "FV 7/2022", "100,00", place, "Kamil Kancelaryjny")
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    answer = clerk.get(f"{PAGE}sheet.pdf", query_string={"location": "pok. 9 (kancelaria)"})
    assert answer.mimetype == "application/pdf"
    text = pdf_text(answer.data)
    assert "ARKUSZ SPISU Z NATURY" in text
    assert "Niszczarka" in text
    assert "Szafa aktowa" in text
    assert "Aparat" not in text
    assert "Zespół spisowy" in text


@pytest.mark.parametrize(
    "changes",
    [
        {"value": "-5"},
        {"value": "dużo"},
        {"acquired_on": "TOMORROW"},
        {"acquired_on": "0001-01-01"},
        {"name": " "},
        {"responsible": ""},
    ],
)
def test_a_bad_entry_is_refused_with_nothing_written(
    chancery_app: Any, people: dict[str, Any], changes: dict[str, str]
) -> None:
    clerk = client_of(chancery_app, "clerk")
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    changes = {key: tomorrow if value == "TOMORROW" else value for key, value in changes.items()}
    answer = clerk.post(PAGE, data=_form(**changes) | {"csrf_token": csrf_token(clerk, PAGE)})
    assert answer.status_code == 400
    assert count(InventoryItem) == 0


def test_only_the_chancery_desk_keeps_the_book(chancery_app: Any, people: dict[str, Any]) -> None:
    for login in ("agent", "officer"):
        client = client_of(chancery_app, login)
        assert client.get(PAGE).status_code == 403
        assert client.get(f"{PAGE}sheet.pdf").status_code == 403


@pytest.mark.parametrize("day", ["TOMORROW", "2022-05-09"])
def test_a_move_dated_in_the_future_or_before_the_acquisition_is_refused(
    chancery_app: Any, people: dict[str, Any], day: str
) -> None:
    item = operations.enter_item(SYSTEM, "Niszczarka", date(2022, 5, 10), "FV 7/2022", "100,00", "pok. 9", "Kamil K.")
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    moved_on = (local_today() + timedelta(days=1)).isoformat() if day == "TOMORROW" else day
    form = {"move-moved_on": moved_on, "move-location": "pok. 3", "move-responsible": "Paulina P.", "move-note": ""}
    answer = clerk.post(f"{PAGE}{item.id}/move", data=form | {"csrf_token": csrf_token(clerk, PAGE)})
    assert answer.status_code == 400
    assert count(InventoryMove) == 0
    db.session.expire_all()
    assert db.session.get(InventoryItem, item.id).location == "pok. 9"
