"""The press office's JSON API (enquiries and authorisations by names, with their deadlines as ISO 8601 with an
offset), interview authorisation by Press Law art. 14a (the outcome, the changes kept as a diff, deemed authorised by
the periodic job when the time runs out), and media contacts merged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from sqlalchemy import select

from cct import db
from cct.jobs.worker import Worker
from press import operations
from press.models import Authorisation, Enquiry, Journalist, Outlet
from tests.helpers import count, csrf_token
from tests.press.conftest import caller, client_of, enquiry, typed


def run_periodic(app: Any) -> None:
    """What the worker does each minute: enqueue the periodic jobs, then run what is due."""
    worker = Worker(app, "press-tests")
    worker.schedule_periodic()
    while worker.run_once():
        pass


def moment(text: str) -> datetime:
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, text  # every time the API gives carries its offset
    return parsed


def test_api_registers_an_enquiry_by_names_with_its_deadlines(press_app: Any, people: Any) -> None:
    api = caller(press_app, people["officer"])
    received = "2026-11-27T23:30:00+01:00"
    body = {
        "journalist": "Marta Dziennikarska",
        "outlet": "Gazeta Testowa",
        "outlet_kind": "daily",
        "question": "Co powiedzieliśmy o stadionie?",
        "received_at": received,
        "requested_by": "2026-11-30T12:00:00+01:00",
    }
    response = api.post("/api/v1/press/enquiries", json=body)
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert made["number"].startswith("ZP/2026/")
    assert moment(made["answer_due"]) == datetime(2026, 12, 11, 22, 59, 59, tzinfo=UTC)  # 11.12 23:59:59 in Warsaw
    assert moment(made["target"]) == datetime(2026, 11, 30, 11, 0, tzinfo=UTC)
    assert made["refusal_due"] is None
    assert made["overdue"] is False
    again = api.get(response.headers["Location"])
    assert again.status_code == 200
    assert again.get_json()["number"] == made["number"]
    listed = api.get("/api/v1/press/enquiries?state=open").get_json()["enquiries"]
    assert [e["number"] for e in listed] == [made["number"]]
    assert api.get("/api/v1/press/enquiries/2026-999").status_code == 404


def test_api_refuses_bad_enquiries_clearly_and_writes_nothing(press_app: Any, people: Any) -> None:
    api = caller(press_app, people["officer"])
    good = {"journalist": "Jan", "question": "Pytanie?", "received_at": "2026-11-27T10:00:00+01:00"}
    cases = [
        ({"outlet": "Nowe Radio"}, "outlet_kind"),  # a new outlet needs its kind
        ({"outlet": "Nowe Radio", "outlet_kind": "pigeon"}, "outlet_kind"),
        ({"received_at": "2026-11-27T10:00:00"}, "received_at"),  # no offset
        ({"received_at": "2999-01-01T10:00:00+01:00"}, "received_at"),  # not yet
        ({"question": "   "}, "question"),
        ({"journalist_email": "nie-adres"}, "journalist_email"),
        ({"tags": ["x"] * 11}, "tags"),
        ({"surprise": 1}, "surprise"),
    ]
    for changes, field in cases:
        response = api.post("/api/v1/press/enquiries", json=good | changes)
        assert response.status_code in (400, 422), (changes, response.get_json())
        assert response.get_json()["error"]["field"] == field, (changes, response.get_json())
    assert count(Enquiry) == count(Outlet) == count(Journalist) == 0
    assert caller(press_app, people["roads"]).post("/api/v1/press/enquiries", json=good).status_code == 403


def test_api_authorisation_for_a_daily_is_due_six_hours_after_receipt(press_app: Any, people: Any) -> None:
    api = caller(press_app, people["officer"])
    body = {
        "interviewee": "Prezydent Miasta",
        "outlet": "Gazeta Testowa",
        "outlet_kind": "daily",
        "text": "— Kiedy remont?\n— Wiosną.",
        "received_at": "2026-11-27T23:30:00+01:00",  # a Friday night
    }
    response = api.post("/api/v1/press/authorisations", json=body)
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert moment(made["authorisation_due"]) == datetime(2026, 11, 28, 4, 30, tzinfo=UTC)  # 05:30 in Warsaw
    assert made["outcome"] in ("pending", "deemed")
    radio = api.post("/api/v1/press/authorisations", json=body | {"outlet": "Radio Testowe", "outlet_kind": "radio"})
    assert radio.status_code in (400, 422)
    assert radio.get_json()["error"]["field"] == "agreed_due"
    future = api.post("/api/v1/press/authorisations", json=body | {"received_at": "2999-01-01T10:00:00+01:00"})
    assert (future.status_code, future.get_json()["error"]["field"]) == (422, "received_at")
    assert count(Authorisation) == 1


def test_authorisation_with_changes_is_kept_as_a_diff_and_cannot_be_decided_twice(press_app: Any, people: Any) -> None:
    officer = client_of(press_app, "officer")
    page = "/press/authorisations"
    received = typed(datetime.now(UTC) - timedelta(minutes=30))
    form = {
        "interviewee": "Zastępca Prezydenta",
        "outlet": "Tygodnik Testowy",
        "outlet_kind": "periodical",
        "received_at": received,
        "text": "Budżet obywatelski wzrośnie o dziesięć procent.",
    }
    response = officer.post(page, data=form | {"csrf_token": csrf_token(officer, page)})
    assert response.status_code == 302
    item = db.session.scalars(select(Authorisation)).one()
    assert item.due_at - item.received_at == timedelta(hours=24)
    path = f"/press/authorisations/{item.id}"
    same = {"outcome": "changed", "authorised_text": item.text, "csrf_token": csrf_token(officer, path)}
    assert officer.post(path, data=same).status_code == 400  # "with changes" but nothing changed
    changed = "Budżet obywatelski wzrośnie o piętnaście procent."
    response = officer.post(
        path, data={"outcome": "changed", "authorised_text": changed, "csrf_token": csrf_token(officer, path)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (item.outcome, item.authorised_text, item.decided_by.login) == ("changed", changed, "officer")
    shown = officer.get(path).get_data(as_text=True)
    assert "<del>dziesięć</del>" in shown
    assert "<ins>piętnaście</ins>" in shown
    again = officer.post(path, data={"outcome": "authorised", "csrf_token": csrf_token(officer, path)})
    assert again.status_code >= 400
    db.session.expire_all()
    assert item.outcome == "changed"


def test_the_periodic_job_deems_a_lapsed_authorisation_authorised(press_app: Any, people: Any) -> None:
    from press.schemas import AuthorisationInput

    received = datetime.now(UTC) - timedelta(hours=5, minutes=59)
    item = operations.register_authorisation(
        people["officer"],
        AuthorisationInput(
            interviewee="Prezydent Miasta",
            outlet="Gazeta Testowa",
            outlet_kind="daily",
            text="Tekst.",
            received_at=received,
        ),
    )
    db.session.commit()
    run_periodic(press_app)
    db.session.expire_all()
    assert item.outcome == "pending"  # a minute is left
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=2), tick=False):
        run_periodic(press_app)
        db.session.expire_all()
        assert item.outcome == "deemed"
        assert item.decided_at == item.due_at
        assert item.decided_by_id is None


def test_merging_journalists_moves_their_enquiries(press_app: Any, people: Any) -> None:
    first = enquiry(people["officer"], journalist="Anna Kowalska")
    second = enquiry(people["officer"], journalist="Anna  Kowalska-Nowak", journalist_email="anna@example.org")
    keep, duplicate_id = first.journalist, second.journalist.id
    assert keep.id != duplicate_id
    officer = client_of(press_app, "officer")
    path = f"/press/journalists/{keep.id}"
    response = officer.post(
        f"{path}/merge", data={"duplicate": str(duplicate_id), "csrf_token": csrf_token(officer, path)}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Journalist, duplicate_id) is None
    assert {e.journalist_id for e in db.session.scalars(select(Enquiry))} == {keep.id}
    shown = officer.get(path).get_data(as_text=True)
    assert first.number in shown
    assert second.number in shown
    same = officer.post(f"{path}/merge", data={"duplicate": str(keep.id), "csrf_token": csrf_token(officer, path)})
    assert same.status_code == 303
    assert db.session.get(Journalist, keep.id) is not None


def test_an_outlet_is_one_however_its_name_is_typed(press_app: Any, people: Any) -> None:
    officer = client_of(press_app, "officer")
    page = "/press/outlets/new"
    first = officer.post(
        page, data={"name": "Kurier Testowy", "kind": "daily", "csrf_token": csrf_token(officer, page)}
    )
    assert first.status_code == 302
    again = officer.post(
        page, data={"name": "kurier  TESTOWY", "kind": "daily", "csrf_token": csrf_token(officer, page)}
    )
    assert again.status_code == 409  # the same outlet: shown again with the message by its name
    assert 'id="name-error"' in again.get_data(as_text=True)
    bad = officer.post(page, data={"name": "Inny", "kind": "pigeon", "csrf_token": csrf_token(officer, page)})
    assert bad.status_code == 400
    assert count(Outlet) == 1
