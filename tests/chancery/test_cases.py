"""Cases: their marks (never shared under concurrency, on either database), the case record (metryka, KPA art. 66a)
and the case list (spis spraw) printed as a PDF with Polish letters."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from pypdf import PdfReader

from cct import db
from cct.auth.actors import SYSTEM
from cct.errors import Conflict, Unprocessable, UserError
from cct.org import operations as org
from chancery import operations, queries
from chancery.jrwa import EXAMPLE
from chancery.models import Case
from tests.chancery.conftest import PDF, client_of, letter, pdf_text
from tests.city import UNITS
from tests.helpers import count, csrf_token


def test_a_case_from_a_letter_gets_its_mark_party_and_deadline(chancery_app: Any, people: dict[str, Any]) -> None:
    source = letter(kind="public_info", sender="Fundacja Jawność", sender_reference="FJ/7/2026")
    first = operations.open_case(people["clerk"], "1431", "Liczba połączeń infolinii", letter=source)
    second = operations.open_case(people["clerk"], "1431", "Budżet kampanii")
    other_class = operations.open_case(people["clerk"], "1510", "Skarga na konsultanta")
    db.session.commit()
    year = first.year
    assert [first.case_mark, second.case_mark, other_class.case_mark] == [
        f"DKS-II.1431.1.{year}",
        f"DKS-II.1431.2.{year}",
        f"DKS-II.1510.1.{year}",
    ]
    assert (first.party, first.due_at) == ("Fundacja Jawność", source.due_at)
    assert source.state == "in_case"
    assert [item.case_mark for item in source.cases] == [first.case_mark]
    assert queries.case_by_mark(f"DKS-II.1431.2.{year}") == second
    assert queries.case_by_mark("DKS-II.1431.99.2026") is None
    assert queries.case_by_mark("nie znak") is None


def test_a_case_needs_a_class_at_the_end_of_a_branch(chancery_app: Any, people: dict[str, Any]) -> None:
    with pytest.raises(Unprocessable, match="podklasy|subclasses"):
        operations.open_case(people["clerk"], "143", "Sprawa w klasie z podklasami")
    with pytest.raises(Unprocessable):
        operations.open_case(people["clerk"], "9999", "Klasa, której nie ma")
    with pytest.raises(UserError):
        operations.open_case(people["clerk"], "1431", "   ")
    assert count(Case) == 0


def test_the_case_record_lists_every_action(chancery_app: Any, people: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    source = letter(kind="complaint", subject="Skarga na długie oczekiwanie na połączenie")
    page = f"/chancery/letters/{source.id}"
    answer = clerk.post(
        f"/chancery/letters/{source.id}/case",
        data={"jrwa": "1510", "title": "Skarga na czas oczekiwania", "csrf_token": csrf_token(clerk, page)},
    )
    assert answer.status_code == 303
    case = queries.cases()[0]
    assert answer.headers["Location"].endswith(f"/chancery/cases/{case.id}")
    path = f"/chancery/cases/{case.id}"
    later = letter(subject="Uzupełnienie skargi")
    steps = [
        (f"{path}/letter", {"letter": later.number}),
        (f"{path}/action", {"action": "Rozmowa telefoniczna ze skarżącym."}),
        (
            f"{path}/document",
            {
                "direction": "out",
                "title": "Odpowiedź na skargę",
                "dated": "",
                "file": (__import__("io").BytesIO(PDF), "odpowiedz.pdf"),
            },
        ),
        (f"{path}/close", {"note": "Skarga zasadna; przeproszono."}),
    ]
    for url, values in steps:
        answer = clerk.post(
            url, data=values | {"csrf_token": csrf_token(clerk, path)}, content_type="multipart/form-data"
        )
        assert answer.status_code == 303, url
    record = queries.case_record(case.id)
    kinds = [event.kind for event in record]
    assert kinds == ["case_opened", "letter_added", "letter_added", "action", "document", "closed"]
    assert all(event.actor_id == people["clerk"].id for event in record)
    assert record[1].document.startswith(f"pismo {source.number}")
    text = pdf_text(clerk.get(f"{path}/record.pdf").data)
    assert "METRYKA SPRAWY" in text
    assert case.case_mark in text
    assert "Kamila Kancelaryjna" in text
    assert "Rozmowa telefoniczna ze skarżącym." in text
    assert "Odpowiedź na skargę" in text
    # a closed case takes nothing more until it is reopened, with a reason
    refused = clerk.post(f"{path}/action", data={"action": "Jeszcze coś", "csrf_token": csrf_token(clerk, path)})
    assert refused.status_code == 409
    assert "najpierw ją wznów" in refused.get_data(as_text=True)
    assert clerk.post(f"{path}/reopen", data={"reason": "", "csrf_token": csrf_token(clerk, path)}).status_code == 400
    assert (
        clerk.post(f"{path}/reopen", data={"reason": "Nowe fakty", "csrf_token": csrf_token(clerk, path)}).status_code
        == 303
    )
    assert queries.case(case.id).state == "open"


def test_a_letter_joins_a_case_once(chancery_app: Any, people: dict[str, Any]) -> None:
    source = letter()
    case = operations.open_case(people["clerk"], "1510", "Sprawa", letter=source)
    with pytest.raises(Conflict):
        operations.add_letter(people["clerk"], case, source)
    clerk = client_of(chancery_app, "clerk")
    path = f"/chancery/cases/{case.id}"
    db.session.commit()
    unknown = clerk.post(f"{path}/letter", data={"letter": "999/2026", "csrf_token": csrf_token(clerk, path)})
    assert unknown.status_code == 400
    assert "nie ma pisma o tym numerze" in unknown.get_data(as_text=True)


def test_the_case_list_prints_in_landscape_with_polish_letters(chancery_app: Any, people: dict[str, Any]) -> None:
    for title, sender in (("Skarga na źle naliczoną opłatę", "Łucja Żółkiewska"), ("Wniosek o ławkę", "Ćma Ścibor")):
        operations.open_case(people["clerk"], "1510", title, letter=letter(kind="complaint", sender=sender))
    db.session.commit()
    year = queries.cases()[0].year
    clerk = client_of(chancery_app, "clerk")
    page = clerk.get(f"/chancery/case-list?unit=DKS-II&jrwa=1510&year={year}").get_data(as_text=True)
    assert "Łucja Żółkiewska" in page
    answer = clerk.get(f"/chancery/case-list.pdf?unit=DKS-II&jrwa=1510&year={year}")
    assert answer.mimetype == "application/pdf"

    first_page = PdfReader(io.BytesIO(answer.data)).pages[0]
    assert first_page.mediabox.width > first_page.mediabox.height  # A4 landscape
    text = pdf_text(answer.data)
    assert "SPIS SPRAW" in text
    assert "DKS-II.1510" in text
    assert "Łucja Żółkiewska" in text
    assert "Skarga na źle naliczoną opłatę" in text
    assert "Ćma Ścibor" in text
    assert clerk.get("/chancery/case-list.pdf?unit=DKS-II&jrwa=9999&year=2026").status_code == 404
    assert clerk.get("/chancery/case-list?year=99999").status_code == 404


def test_case_marks_are_distinct_and_consecutive_under_concurrency(committed_app: Any) -> None:
    """16 clerks (or API clients) open a case in one class at the same moment: 16 marks, 1 to 16, on SQLite and on
    PostgreSQL (the counter's atomic upsert)."""
    with committed_app.app_context():
        for code, name, kind, parent, _phone, _email in UNITS:
            org.create_unit(SYSTEM, {"code": code, "name": name, "kind": kind, "parent_code": parent})
        operations.import_jrwa(SYSTEM, EXAMPLE.read_text(encoding="utf-8"))
        db.session.commit()
    start = threading.Barrier(16, timeout=30)
    errors: list[BaseException] = []

    def open_one(n: int) -> None:
        try:
            with committed_app.app_context():
                try:
                    start.wait()
                    operations.open_case(SYSTEM, "1431", f"Wniosek {n}")
                    db.session.commit()
                finally:
                    db.session.rollback()
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=open_one, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with committed_app.app_context():
        numbers = sorted(case.seq for case in queries.cases(symbol="1431"))
        assert numbers == list(range(1, 17))
        assert len({case.case_mark for case in queries.cases(symbol="1431")}) == 16
