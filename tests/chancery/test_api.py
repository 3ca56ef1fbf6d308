"""The chancery in the JSON API: letters and cases registered with names, not ids; each answer with its computed
deadlines and case mark; bad input answered with the error object and nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chancery.models import Case, Letter
from tests.chancery.conftest import WARSAW
from tests.helpers import api_caller, count

LETTER = {
    "sender": "Stowarzyszenie Jawny Białystok",
    "subject": "Wniosek o udostępnienie rejestru umów",
    "kind": "public_info",
    "delivery": "epuap",
}


def test_a_client_registers_a_letter_and_opens_a_case_from_it(chancery_app: Any, people: dict[str, Any]) -> None:
    api = api_caller(chancery_app, people["clerk"])
    received = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    answer = api.post("/api/v1/chancery/letters", json=LETTER | {"received_at": received})
    assert answer.status_code == 201, answer.json
    made = answer.json
    assert made["number"].endswith(f"/{datetime.now(WARSAW).year}")
    assert made["kind"] == "public_info"
    assert made["unit"] == "DKS-II"
    due = datetime.fromisoformat(made["due"]).astimezone(WARSAW)
    assert due.date() == (datetime.fromisoformat(received).astimezone(WARSAW) + timedelta(days=14)).date()
    assert made["forwarding_due"] is None  # only complaints and motions are forwarded within 7 days
    assert api.get(answer.headers["Location"]).json["subject"] == LETTER["subject"]
    case = api.post("/api/v1/chancery/cases", json={"jrwa": "1431", "title": "Rejestr umów", "letter": made["number"]})
    assert case.status_code == 201, case.json
    body = case.json
    assert body["case_mark"] == f"DKS-II.1431.1.{body['year']}"
    assert body["due"] == made["due"]
    assert body["letters"] == [made["number"]]
    assert [step["action"] for step in body["record"]] == ["case_opened", "letter_added"]
    assert api.get(case.headers["Location"]).json["case_mark"] == body["case_mark"]
    assert api.get("/api/v1/chancery/letters").json["letters"][0]["case_marks"] == [body["case_mark"]]
    assert api.get("/api/v1/chancery/letters?q=umowy").json["letters"][0]["number"] == made["number"]
    assert api.get("/api/v1/chancery/cases?jrwa=1431").json["cases"][0]["case_mark"] == body["case_mark"]


def test_a_minimal_case_needs_only_its_class_and_title(chancery_app: Any, people: dict[str, Any]) -> None:
    api = api_caller(chancery_app, people["clerk"])
    answer = api.post("/api/v1/chancery/cases", json={"jrwa": "1510", "title": "Skarga"})
    assert answer.status_code == 201
    assert answer.json["unit"] == "DKS-II"
    assert answer.json["due"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (LETTER | {"kind": "love_letter", "received_at": "2026-12-01T10:00:00+01:00"}, "kind"),
        (LETTER | {"received_at": "2026-12-01T10:00:00"}, "received_at"),  # no time zone
        (LETTER | {"received_at": "2999-01-01T10:00:00+01:00"}, "received_at"),  # not yet come
        (LETTER | {"received_at": "2026-12-01T10:00:00+01:00", "sender": " "}, "sender"),
        (LETTER | {"received_at": "2026-12-01T10:00:00+01:00", "attachments": -1}, "attachments"),
        (LETTER | {"received_at": "2026-12-01T10:00:00+01:00", "unit": "NIE-MA"}, "unit"),
        (LETTER | {"received_at": "2026-12-01T10:00:00+01:00", "letter_date": "2026-12-24"}, "letter_date"),
        (LETTER | {"received_at": "2026-12-01T10:00:00+01:00", "sender_email": "nie-adres"}, "sender_email"),
        (LETTER | {"received_at": "2026-12-01T10:00:00+01:00", "id": 5}, None),  # unknown keys refused
    ],
)
def test_a_wrong_letter_is_refused(chancery_app: Any, people: dict[str, Any], body: dict[str, Any], field: Any) -> None:
    answer = api_caller(chancery_app, people["clerk"]).post("/api/v1/chancery/letters", json=body)
    assert answer.status_code in (400, 422), answer.json
    if field:
        assert answer.json["error"]["field"] == field
    assert count(Letter) == 0


@pytest.mark.parametrize(
    "body",
    [
        {"jrwa": "143", "title": "Klasa z podklasami"},
        {"jrwa": "9999", "title": "Brak klasy"},
        {"jrwa": "1431", "title": "Z pisma, którego nie ma", "letter": "999/2026"},
        {"jrwa": "1431", "title": "Komórki nie ma", "unit": "NIE-MA"},
        {"jrwa": "1431", "title": "Pusty symbol komórki", "unit": ""},  # schemathesis: "" is not a unit (null is)
        {"jrwa": "1431"},
    ],
)
def test_a_wrong_case_is_refused(chancery_app: Any, people: dict[str, Any], body: dict[str, Any]) -> None:
    answer = api_caller(chancery_app, people["clerk"]).post("/api/v1/chancery/cases", json=body)
    assert answer.status_code in (400, 422)
    assert "error" in answer.json
    assert count(Case) == 0


def test_unknown_numbers_and_other_roles(chancery_app: Any, people: dict[str, Any]) -> None:
    api = api_caller(chancery_app, people["clerk"])
    assert api.get("/api/v1/chancery/letters/2026-999").status_code == 404
    assert api.get("/api/v1/chancery/letters/nie-numer").status_code == 404
    assert api.get("/api/v1/chancery/cases/DKS-II.1431.99.2026").status_code == 404
    agent = api_caller(chancery_app, people["agent"])
    assert agent.get("/api/v1/chancery/letters").status_code == 403
    assert agent.post("/api/v1/chancery/cases", json={"jrwa": "1431", "title": "x"}).status_code == 403
    assert count(Case) == 0
