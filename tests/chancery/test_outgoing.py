"""The outgoing register: letters sent with or without a case, refused when wrong, and the postal sending book of a
day as a page, a PDF and a CSV that no spreadsheet runs as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest

from cct import db
from cct.office_calendar import local_today
from chancery import operations, queries
from chancery.models import Outgoing
from tests.chancery.conftest import client_of, pdf_text
from tests.helpers import count, csrf_token

PAGE = "/chancery/outgoing"


def _form(**values: str) -> dict[str, str]:
    return {
        "recipient": "Zofia Mieszkańska",
        "address": "ul. Lipowa 14, 15-424 Białystok",
        "subject": "Odpowiedź na skargę",
        "method": "registered_receipt",
        "sent_on": "",
        "postage": "8,90",
        "tracking": "00659007734000012345",
        "case": "",
    } | values


def test_a_letter_sent_in_a_case_and_one_without(chancery_app: Any, people: dict[str, Any]) -> None:
    case = operations.open_case(people["clerk"], "1510", "Skarga na konsultanta")
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    for values in (_form(case=case.case_mark.lower()), _form(method="epuap", address="", postage="", case="")):
        answer = clerk.post(PAGE, data=values | {"csrf_token": csrf_token(clerk, PAGE)})
        assert answer.status_code == 303, answer.get_data(as_text=True)[:3000]
    first, second = sorted(queries.outgoing(), key=lambda entry: entry.seq)
    assert (first.case_id, first.postage, first.sent_on) == (case.id, 890, local_today())
    assert (second.case_id, second.postage, second.method) == (None, None, "epuap")
    assert second.seq == first.seq + 1
    record = queries.case_record(case.id)
    assert record[-1].kind == "sent"
    assert record[-1].document.startswith(f"pismo wychodzące {first.number}")
    page = clerk.get(PAGE).get_data(as_text=True)
    assert "Zofia Mieszkańska" in page
    assert case.case_mark in page


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"recipient": ""}, "To pole jest wymagane"),
        ({"address": ""}, "wymaga adresu adresata"),
        ({"method": "pigeon"}, "Nieprawidłowy wybór"),
        ({"postage": "-1"}, "kwotę w złotych"),
        ({"postage": "sześć"}, "kwotę w złotych"),
        ({"postage": "6,505"}, "kwotę w złotych"),
        ({"postage": "1e9"}, "kwotę w złotych"),
        ({"case": "DKS-II.1510.99.2026"}, "Brak sprawy o tym znaku"),
        ({"sent_on": (date.today() + timedelta(days=3)).isoformat()}, "Ten dzień jeszcze nie nadszedł"),
        ({"sent_on": "1989-12-31"}, ""),
    ],
)
def test_a_wrong_entry_is_refused_and_nothing_written(
    chancery_app: Any, people: dict[str, Any], bad: dict[str, str], message: str
) -> None:
    clerk = client_of(chancery_app, "clerk")
    answer = clerk.post(PAGE, data=_form(**bad) | {"csrf_token": csrf_token(clerk, PAGE)})
    assert answer.status_code in (400, 422), bad
    assert message in answer.get_data(as_text=True)
    assert count(Outgoing) == 0


def test_the_postal_sending_book_of_a_day(chancery_app: Any, people: dict[str, Any]) -> None:
    clerk = client_of(chancery_app, "clerk")
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    for values in (
        _form(recipient='=HYPERLINK("http://zły.example")', postage="7,20"),
        _form(recipient="Łucja Żółkiewska", method="priority", postage="6,50", tracking=""),
        _form(recipient="Wysłany e-mailem", method="email", address="", postage=""),
        _form(recipient="Wczorajszy adresat", sent_on=yesterday),
    ):
        assert clerk.post(PAGE, data=values | {"csrf_token": csrf_token(clerk, PAGE)}).status_code == 303
    day = local_today().isoformat()
    page = clerk.get(f"{PAGE}/book?day={day}").get_data(as_text=True)
    assert "Łucja Żółkiewska" in page
    assert "Wysłany e-mailem" not in page  # not by post
    assert "Wczorajszy adresat" not in page  # another day
    assert "13,70" in page  # the day's postage
    text = pdf_text(clerk.get(f"{PAGE}/book.pdf?day={day}").data)
    assert "POCZTOWA KSIĄŻKA NADAWCZA" in text
    assert "Łucja Żółkiewska" in text
    assert "13,70" in text
    answer = clerk.get(f"{PAGE}/book.csv?day={day}")
    assert answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Lp.", "Adresat"]
    recipients = [row[1] for row in rows[1:]]
    assert recipients == ['\'=HYPERLINK("http://zły.example")', "Łucja Żółkiewska"]  # a formula written as text
    assert [row[5] for row in rows[1:]] == ["7,20", "6,50"]
    assert clerk.get(f"{PAGE}/book?day=3026-01-01").status_code == 404
    assert clerk.get(f"{PAGE}/book?day=nonsense").status_code == 200  # today's, as for no day
