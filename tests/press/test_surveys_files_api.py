"""The survey register (searchable by any form of its words), files kept with the press office's records (judged by
their content, downloaded as they came), an interview's text read from the PDF it came in, and the JSON API's press
releases and clippings with their computed deadlines."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PIL import Image
from sqlalchemy import select
from weasyprint import HTML

from cct import db
from cct.office_calendar import local_today
from press import operations, queries
from press.models import Authorisation, PressFile, Release, Survey
from tests.helpers import count, csrf_token
from tests.press.conftest import WARSAW, caller, client_of, typed


def _pdf(text: str) -> bytes:
    return HTML(string=f"<html lang='pl'><body><p>{text}</p></body></html>").write_pdf()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_surveys_are_registered_found_by_their_words_and_changed(press_app: Any, people: Any) -> None:
    officer = client_of(press_app, "officer")
    page = "/press/surveys"
    form = {
        "title": "Opinie o odśnieżaniu",
        "conducted_by": "Pracownia Badań",
        "field_from": (local_today() - timedelta(days=30)).isoformat(),
        "field_to": (local_today() - timedelta(days=20)).isoformat(),
        "sample": "500 mieszkańców, CAWI",
        "findings": "Mieszkańcy najgorzej oceniają odśnieżanie chodników na osiedlach.",
        "tags": "zima, drogi",
    }
    for bad in (
        {"field_to": (local_today() - timedelta(days=40)).isoformat()},
        {"field_from": (local_today() + timedelta(days=3)).isoformat(), "field_to": ""},
        {"findings": ""},
        {"field_from": "wczoraj"},
    ):
        assert officer.post(page, data=form | bad | {"csrf_token": csrf_token(officer, page)}).status_code == 400, bad
    assert count(Survey) == 0
    assert officer.post(page, data=form | {"csrf_token": csrf_token(officer, page)}).status_code == 302
    survey = db.session.scalars(select(Survey)).one()
    other = operations.save_survey(
        people["officer"],
        {"title": "Komunikacja miejska", "conducted_by": "Uczelnia", "field_from": local_today(), "findings": "BKM."},
    )
    db.session.commit()
    assert [found.id for found in queries.surveys("odśnieżania chodnika")] == [survey.id]
    assert [found.id for found in queries.surveys("ZIMA")] == [survey.id]  # its tags too
    assert queries.surveys("lotnisko") == []
    listed = officer.get("/press/surveys?q=osiedlach").get_data(as_text=True)
    assert "Opinie o odśnieżaniu" in listed
    assert "Komunikacja miejska" not in listed
    assert other.title in officer.get("/press/surveys").get_data(as_text=True)
    path = f"/press/surveys/{survey.id}"
    changed = form | {"findings": "Zmienione wnioski.", "csrf_token": csrf_token(officer, path)}
    assert officer.post(path, data=changed).status_code == 302
    db.session.expire_all()
    assert survey.findings == "Zmienione wnioski."
    assert queries.surveys("osiedlach") == []  # its words follow the change


def test_files_are_kept_by_their_content_and_downloaded_as_they_came(press_app: Any, people: Any) -> None:
    survey = operations.save_survey(
        people["officer"], {"title": "Badanie", "conducted_by": "X", "field_from": local_today(), "findings": "Y."}
    )
    db.session.commit()
    officer = client_of(press_app, "officer")
    path = f"/press/surveys/{survey.id}"
    upload = f"/press/files/survey/{survey.id}"
    report = _pdf("Raport z badania")

    def send(data: bytes, name: str, client: Any = officer, to: str = upload, token_from: str = path) -> Any:
        return client.post(
            to,
            data={"file": (io.BytesIO(data), name), "csrf_token": csrf_token(client, token_from)},
            content_type="multipart/form-data",
        )

    for data, name in ((b"#!/bin/sh\nrm -rf /", "raport.pdf"), (b"", "pusty.pdf"), (b"%PDF-1.4 broken", "r.pdf")):
        answer = send(data, name)
        assert answer.status_code == 302
        assert count(PressFile) == 0, name  # refused, with a message on the page
    assert "Przechowywać można tylko dokumenty PDF oraz obrazy JPEG lub PNG." in officer.get(path).get_data(
        as_text=True
    )
    assert send(report, "../../etc/raport.pdf").status_code == 302
    kept = db.session.scalars(select(PressFile)).one()
    assert (kept.filename, kept.content_type, kept.owner_kind) == ("raport.pdf", "application/pdf", "survey")
    downloaded = officer.get(f"/press/files/{kept.id}")
    assert downloaded.data == report
    assert "raport.pdf" in downloaded.headers["Content-Disposition"]
    assert "raport.pdf" in officer.get(path).get_data(as_text=True)

    assert send(report, "r.pdf", to="/press/files/survey/999999").status_code == 404
    assert send(report, "r.pdf", to=f"/press/files/nothing/{survey.id}").status_code == 404
    assert send(report, "r.pdf", client=client_of(press_app, "roads"), token_from="/").status_code == 403
    assert client_of(press_app, "roads").get(f"/press/files/{kept.id}").status_code == 403
    assert count(PressFile) == 1


def test_an_interviews_text_is_read_from_the_pdf_it_came_in(press_app: Any, people: Any) -> None:
    officer = client_of(press_app, "officer")
    page = "/press/authorisations"
    form = {
        "interviewee": "Prezydent Miasta",
        "outlet": "Kurier Poranny",
        "outlet_kind": "daily",
        "received_at": typed(datetime.now(UTC) - timedelta(minutes=30)),
        "text": "",
    }

    def send(data: bytes, name: str, **extra: str) -> Any:
        return officer.post(
            page,
            data=form | extra | {"original": (io.BytesIO(data), name), "csrf_token": csrf_token(officer, page)},
            content_type="multipart/form-data",
        )

    scan = send(_png(), "skan.png")
    assert scan.status_code == 400  # a scan holds no text to compare the changes with
    assert "Plik nie zawiera tekstu" in scan.get_data(as_text=True)
    assert count(Authorisation) == 0
    assert count(PressFile) == 0
    assert send(b"not a pdf", "wywiad.pdf").status_code == 400
    assert count(Authorisation) == 0

    assert send(_pdf("Kiedy ruszy remont ulicy Lipowej?"), "wywiad.pdf").status_code == 302
    item = db.session.scalars(select(Authorisation)).one()
    assert "remont ulicy Lipowej" in item.text
    (kept,) = queries.files_of("authorisation", item.id)
    assert kept.filename == "wywiad.pdf"
    assert "wywiad.pdf" in officer.get(f"/press/authorisations/{item.id}").get_data(as_text=True)
    # a scan with the text pasted is taken, the scan kept beside it
    assert send(_png(), "skan.png", text="Tekst przepisany ze skanu.").status_code == 302
    assert count(PressFile) == 2


def test_releases_and_clippings_in_the_api_with_their_deadlines(press_app: Any, people: Any) -> None:
    client = caller(press_app, people["officer"])
    made = client.post("/api/v1/press/releases", json={"title": "T", "lead": "L", "body": "B"})
    assert made.status_code == 201
    release = made.get_json()
    assert (release["state"], release["url"], release["author"]) == ("draft", None, "officer")
    assert client.get(made.headers["Location"]).get_json()["id"] == release["id"]
    for bad in ({"title": "", "lead": "L", "body": "B"}, {"title": "T"}, {"title": "T", "lead": "L", "body": 5}):
        assert client.post("/api/v1/press/releases", json=bad).status_code == 400, bad
    assert count(Release) == 1
    assert client.get("/api/v1/press/releases/999999").status_code == 404
    listed = client.get("/api/v1/press/releases?state=draft").get_json()["releases"]
    assert [item["id"] for item in listed] == [release["id"]]

    published = (local_today() - timedelta(days=2)).isoformat()
    clipping = {
        "outlet": "Kurier Poranny",
        "medium": "daily",
        "published_on": published,
        "title": "Miasto nie odśnieża",
        "tone": "negative",
        "topics": ["zima"],
        "units": ["ZDT"],
    }
    made = client.post("/api/v1/press/clippings", json=clipping)
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    send_by = datetime.fromisoformat(body["correction_send_by"])
    assert send_by.utcoffset() is not None  # ISO 8601 with its offset
    expected_day = date.fromisoformat(published) + timedelta(days=21)
    assert send_by.astimezone(WARSAW).date() == expected_day  # Press Law art. 31a ust. 3: 21 days
    assert (send_by.astimezone(WARSAW).hour, send_by.astimezone(WARSAW).minute) == (23, 59)
    assert body["units"] == ["ZDT"]
    assert body["corrections"] == []
    social = client.post("/api/v1/press/clippings", json=clipping | {"medium": "social"})
    assert social.get_json()["correction_send_by"] is None  # no press correction on social media
    for bad, status in (
        ({"medium": "pigeon"}, 400),
        ({"units": ["NIE-MA"]}, 422),
        ({"published_on": (local_today() + timedelta(days=1)).isoformat()}, 422),
        ({"url": "ftp://example.org/x"}, 422),
        ({"reach": -1}, 400),
    ):
        assert client.post("/api/v1/press/clippings", json=clipping | bad).status_code == status, bad

    item = queries.clipping(body["id"])
    correction = operations.draft_correction(
        people["officer"], item, {"fragment": "Miasto nie odśnieża.", "text": "Miasto odśnieża.", "signatory": "R"}
    )
    operations.correction_sent(people["officer"], correction, local_today(), local_today())
    db.session.commit()
    shown = client.get(f"/api/v1/press/clippings/{body['id']}").get_json()
    (sent,) = shown["corrections"]
    due = datetime.fromisoformat(sent["publication_due"])
    assert due.astimezone(WARSAW).date() == local_today() + timedelta(days=7)  # art. 32 ust. 1: a daily, 7 days
    assert sent["late"] is False
    assert client.get("/api/v1/press/clippings/999999").status_code == 404
    wrong = press_app.test_client().get("/api/v1/press/clippings", headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
