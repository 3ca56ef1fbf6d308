"""The incoming register: letters registered from the form (with a scan) and refused when wrong, searched with the
knowledge base's Polish analysis, the receipt stamp as a PDF, restricted letters, the JRWA import."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner

from cct import db
from cct.errors import Forbidden
from cct.files import Upload
from chancery import operations, queries
from chancery.models import ChanceryFile, JrwaClass, Letter
from tests.chancery.conftest import PDF, WARSAW, client_of, letter, pdf_text, typed
from tests.helpers import api_caller, count, csrf_token

NEW = "/chancery/letters/new"


def _form(**values: Any) -> dict[str, Any]:
    form = {
        "received_at": typed(datetime.now(UTC) - timedelta(minutes=30)),
        "delivery": "registered",
        "kind": "complaint",
        "sender": "Zofia Mieszkańska",
        "sender_kind": "person",
        "sender_address": "ul. Lipowa 14, 15-424 Białystok",
        "sender_email": "zofia@example.org",
        "sender_reference": "ZM/1/2026",
        "letter_date": (datetime.now(UTC) - timedelta(days=2)).date().isoformat(),
        "subject": "Skarga na nieodebrane odpady wielkogabarytowe",
        "attachments": "2",
        "access": "public",
        "unit": "DKS-II",
    }
    return form | values


def test_the_clerk_registers_a_letter_with_its_scan(chancery_app: Any, people: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    data = _form() | {"csrf_token": csrf_token(clerk, NEW), "scan": (io.BytesIO(PDF), "skan pisma.pdf")}
    answer = clerk.post(NEW, data=data, content_type="multipart/form-data")
    assert answer.status_code == 302
    (made,) = queries.letters()
    assert (made.seq, made.year, made.kind, made.delivery, made.attachments) == (
        1,
        datetime.now(UTC).year,
        "complaint",
        "registered",
        2,
    )
    assert made.created_by_id == people["clerk"].id
    assert made.due_at is not None  # a complaint: one month (KPA art. 237)
    (scan,) = queries.scans(made.id)
    assert (scan.filename, scan.content_type) == ("skan pisma.pdf", "application/pdf")
    page = clerk.get(answer.headers["Location"]).get_data(as_text=True)
    assert f"Pismo {made.number}" in page
    assert "skan pisma.pdf" in page
    assert "Pismo zarejestrowane" in page  # its history, in Polish
    download = clerk.get(f"/chancery/files/{scan.id}")
    assert download.status_code == 200
    assert download.data == PDF


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"sender": ""}, "To pole jest wymagane"),
        ({"subject": "   "}, "To pole jest wymagane"),
        ({"kind": "love_letter"}, "Nieprawidłowy wybór"),
        ({"received_at": typed(datetime.now(UTC) + timedelta(days=1))}, "Ta chwila jeszcze nie nadeszła"),
        ({"received_at": "3026-01-01T10:00"}, ""),
        ({"letter_date": (datetime.now(UTC) + timedelta(days=3)).date().isoformat()}, "nie może nosić daty"),
        ({"attachments": "-1"}, ""),
        ({"sender_email": "nie-adres"}, "poprawnym adresem e-mail"),
        ({"unit": "NIEMA"}, ""),
        ({"assignee": "nikt"}, "Brak aktywnego konta"),
    ],
)
def test_a_wrong_letter_is_refused_and_nothing_written(
    chancery_app: Any, people: dict[str, Any], bad: dict[str, str], message: str
) -> None:
    clerk = client_of(chancery_app, "clerk")
    answer = clerk.post(NEW, data=_form(**bad) | {"csrf_token": csrf_token(clerk, NEW)})
    assert answer.status_code == 400, bad
    assert message in answer.get_data(as_text=True)
    assert count(Letter) == 0


def test_a_scan_that_is_not_a_pdf_or_a_photo_is_refused(chancery_app: Any, people: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    data = _form() | {"csrf_token": csrf_token(clerk, NEW), "scan": (io.BytesIO(b"MZ\x90\x00 program"), "skan.pdf")}
    answer = clerk.post(NEW, data=data, content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "Skan to dokument PDF" in answer.get_data(as_text=True)
    assert (count(Letter), count(ChanceryFile)) == (0, 0)


def test_numbers_restart_each_year_and_search_finds_any_form(chancery_app: Any, people: dict[str, Any]) -> None:
    # 21:00 UTC on 31 December is 22:00 in Warsaw, still 2025; 23:00 UTC is already 1 January 2026 there
    old = letter(subject="Parkowanie na chodniku", received_at=datetime(2025, 12, 31, 21, 0, tzinfo=UTC))
    new_year = letter(subject="Parkowanie w Nowy Rok", received_at=datetime(2025, 12, 31, 23, 0, tzinfo=UTC))
    first = letter(subject="Nieodebrane odpady przy ul. Lipowej", received_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    second = letter(
        subject="Parkowanie samochodów pod szkołą",
        sender="Rada Osiedla Bojary",
        received_at=datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
    )
    assert [(item.year, item.seq) for item in (old, new_year, first, second)] == [
        (2025, 1),
        (2026, 1),
        (2026, 2),
        (2026, 3),
    ]
    last_year = old
    found = [item.number for item in queries.letters("parkowania")]
    assert second.number in found
    assert last_year.number in found
    assert first.number not in found
    assert [item.number for item in queries.letters("odpadów nieodebranych")] == [first.number]
    assert [item.number for item in queries.letters("bojarach osiedle")] == [second.number]
    page = client_of(chancery_app, "clerk").get("/chancery/letters?q=parkowaniem").get_data(as_text=True)
    assert second.number in page
    assert first.number not in page


def test_the_receipt_stamp_is_a_label_with_the_number_and_date(chancery_app: Any, people: dict[str, Any]) -> None:
    made = letter(attachments=3)
    answer = client_of(chancery_app, "clerk").get(f"/chancery/letters/{made.id}/stamp.pdf")
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    text = pdf_text(answer.data)
    assert "Urząd Miejski w Białymstoku" in text
    assert "WPŁYNĘŁO" in text
    assert made.number in text
    assert made.received_at.astimezone(WARSAW).strftime("%d.%m.%Y %H:%M") in text
    assert "Podpis" in text


def test_a_restricted_letter_is_read_only_by_the_clerk(chancery_app: Any, people: dict[str, Any]) -> None:
    made = letter(access="restricted", sender_address="ul. Tajna 1")
    scan = operations.add_scan(people["clerk"], made, Upload("skan.pdf", PDF))
    db.session.commit()
    admin, clerk = client_of(chancery_app, "admin"), client_of(chancery_app, "clerk")
    admin_page = admin.get(f"/chancery/letters/{made.id}").get_data(as_text=True)
    assert "ul. Tajna 1" not in admin_page
    assert "skan.pdf" not in admin_page
    assert "zastrzeżone" in admin_page
    assert admin.get(f"/chancery/files/{scan.id}").status_code == 403
    assert "ul. Tajna 1" in clerk.get(f"/chancery/letters/{made.id}").get_data(as_text=True)
    assert clerk.get(f"/chancery/files/{scan.id}").status_code == 200


def test_other_roles_see_no_chancery(chancery_app: Any, people: dict[str, Any]) -> None:
    made = letter()
    for login in ("agent", "officer"):
        other = client_of(chancery_app, login)
        assert other.get("/chancery/").status_code == 403
        assert other.get(f"/chancery/letters/{made.id}").status_code == 403
        assert other.get(f"/chancery/letters/{made.id}/stamp.pdf").status_code == 403


# -- JRWA --------------------------------------------------------------------------------------------------------


def _upload_jrwa(client: Any, text: str, encoding: str = "utf-8") -> Any:
    data = {"csrf_token": csrf_token(client, "/chancery/jrwa"), "file": (io.BytesIO(text.encode(encoding)), "jrwa.csv")}
    return client.post("/chancery/jrwa", data=data, content_type="multipart/form-data")


def test_the_office_imports_its_jrwa(chancery_app: Any, people: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    assert queries.jrwa_class("1431") is not None  # the example the fixture loaded
    text = "symbol;hasło;kategoria\n0;Zarządzanie;\n00;Organy gminy;\n000;Wybory;A\n"
    text += "1;Organizacja;\n14;Informacja;\n143;Udostępnianie informacji publicznej;\n"
    text += "1431;Udostępnianie informacji publicznej na wniosek;A\n"
    answer = _upload_jrwa(clerk, text, "cp1250")  # as Polish Excel saves it
    assert answer.status_code == 303
    page = clerk.get("/chancery/jrwa").get_data(as_text=True)
    assert "dodano klas: 3, zmieniono: 2" in page
    assert queries.jrwa_class("000").title == "Wybory"
    assert queries.jrwa_class("1431").category == "A"  # updated


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("symbol,title\n1,Organizacja\n", "Pierwszy wiersz"),
        ("symbol,title,category\n1,Organizacja,\n14,Informacja,\n1431,Udostępnianie,A\n", "Wiersz 4"),
        ("symbol,title,category\n9,Inne,A\n9,Inne jeszcze,A\n", "dwa razy"),
        ("symbol,title,category\n12345,Za długi,A\n", "od jednej do czterech cyfr"),
        ("symbol,title,category\n9,Inne,Z7\n", "Kategoria archiwalna"),
        ("symbol,title,category\n9,Inne,A\n91,Podklasa,A\n", "nie ma kategorii"),
        ("symbol,title,category\n9,Inne,\n", "potrzebuje kategorii"),
        ("symbol,title,category\n9,,A\n", "tytułu"),
        ("", "nie zawiera żadnych klas"),
    ],
)
def test_a_wrong_jrwa_file_imports_nothing(chancery_app: Any, people: dict[str, Any], text: str, message: str) -> None:
    before = count(JrwaClass)
    answer = _upload_jrwa(client_of(chancery_app, "clerk"), text)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    assert count(JrwaClass) == before


def test_a_binary_file_is_not_a_jrwa(chancery_app: Any, people: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    data = {"csrf_token": csrf_token(clerk, "/chancery/jrwa"), "file": (io.BytesIO(b"\x00\x81\x83\x88"), "x.csv")}
    answer = clerk.post("/chancery/jrwa", data=data, content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "nie jest plikiem tekstowym" in answer.get_data(as_text=True)


def test_the_command_line_imports_the_example(chancery_app: Any, tmp_path: Any) -> None:
    runner = CliRunner()
    result = runner.invoke(chancery_app.cli, ["chancery", "import-jrwa"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "added 0" in result.output
    wrong = tmp_path / "zly.csv"
    wrong.write_text("symbol;title;category\n77;Bez rodzica i bez kategorii;\n", encoding="utf-8")
    result = runner.invoke(chancery_app.cli, ["chancery", "import-jrwa", str(wrong)])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output


def test_a_later_scan_is_checked_as_the_first(chancery_app: Any, people: dict[str, Any]) -> None:
    made = letter()
    clerk = client_of(chancery_app, "clerk")
    path = f"/chancery/letters/{made.id}/scan"
    page = f"/chancery/letters/{made.id}"
    for data in ({}, {"file": (io.BytesIO(b"<script>alert(1)</script>"), "skan.pdf")}):
        answer = clerk.post(
            path, data=data | {"csrf_token": csrf_token(clerk, page)}, content_type="multipart/form-data"
        )
        assert answer.status_code == 302
        assert count(ChanceryFile) == 0
    shown = clerk.get(page).get_data(as_text=True)
    assert "Skan to dokument PDF" in shown
    answer = clerk.post(
        path,
        data={"csrf_token": csrf_token(clerk, page), "file": (io.BytesIO(PDF), "drugi.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    assert [kept.filename for kept in queries.scans(made.id)] == ["drugi.pdf"]
    assert clerk.post(path, data={"file": (io.BytesIO(PDF), "x.pdf")}).status_code == 400  # no CSRF token


def test_a_restricted_letter_is_handled_only_by_the_clerk(chancery_app: Any, people: dict[str, Any]) -> None:
    made = letter(access="restricted", sender_address="ul. Tajna 1", kind="complaint")
    admin = people["admin"]
    for attempt in (
        lambda: operations.add_scan(admin, made, Upload("skan.pdf", PDF)),
        lambda: operations.open_case(admin, "1510", "Sprawa", letter=made),
        lambda: operations.route_to_helpline(admin, made, "odpady-wywoz"),
        lambda: operations.route_to_press(admin, made),
        lambda: operations.forward(admin, made, "Wojewoda", ""),
    ):
        with pytest.raises(Forbidden):
            attempt()
    db.session.rollback()
    assert (count(ChanceryFile), queries.letter(made.id).routed_to) == (0, None)
    operations.forward(people["clerk"], made, "Wojewoda Podlaski", "ul. Mickiewicza 3")
    db.session.commit()
    admin_client = client_of(chancery_app, "admin")
    assert admin_client.get(f"/chancery/letters/{made.id}/notice.pdf").status_code == 403
    assert admin_client.get(f"/chancery/letters/{made.id}/forwarding.pdf").status_code == 403
    assert client_of(chancery_app, "clerk").get(f"/chancery/letters/{made.id}/notice.pdf").status_code == 200


def test_the_api_hides_a_restricted_senders_address(chancery_app: Any, people: dict[str, Any]) -> None:
    letter(access="restricted", sender_address="ul. Tajna 1")
    (seen,) = api_caller(chancery_app, people["admin"]).get("/api/v1/chancery/letters").json["letters"]
    assert seen["sender_address"] is None
    (seen,) = api_caller(chancery_app, people["clerk"]).get("/api/v1/chancery/letters").json["letters"]
    assert seen["sender_address"] == "ul. Tajna 1"


@pytest.mark.parametrize("unit", ["%0A", "DKS%22II", "a/b"])
def test_a_case_list_of_no_unit_is_not_found(chancery_app: Any, people: dict[str, Any], unit: str) -> None:
    clerk = client_of(chancery_app, "clerk")
    assert clerk.get(f"/chancery/case-list.pdf?unit={unit}&jrwa=1510&year=2026").status_code == 404
    assert clerk.get(f"/chancery/case-list?unit={unit}&jrwa=1510&year=2026").status_code == 404


def test_a_cp1250_jrwa_through_the_command_line(chancery_app: Any, tmp_path: Any) -> None:
    source = tmp_path / "jrwa.csv"
    source.write_bytes(
        "symbol;hasło;kategoria\n9;Różne;\n90;Sprawy różne, niezaliczone gdzie indziej;BE5\n".encode("cp1250")
    )
    result = CliRunner().invoke(chancery_app.cli, ["chancery", "import-jrwa", str(source)])
    assert result.exit_code == 0, result.output
    assert "added 2" in result.output
    assert queries.jrwa_class("90").title == "Sprawy różne, niezaliczone gdzie indziej"
