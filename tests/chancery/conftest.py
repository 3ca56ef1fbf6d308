from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from cct import db
from cct.auth.actors import SYSTEM
from chancery import operations
from chancery.jrwa import EXAMPLE
from chancery.schemas import LetterInput
from tests import city
from tests.conftest import FreshContextClient
from tests.factories import UserFactory
from tests.helpers import PASSWORD, rolled_back, sign_in
from tests.smtp_server import SmtpServer

WARSAW = ZoneInfo("Europe/Warsaw")  # the tests' office time zone (config.toml's default)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def chancery_app(app: Any, make_app: Any, smtp: SmtpServer) -> Iterator[Any]:
    """An app that sends e-mail to a real SMTP server on loopback, with the tests' city and the example JRWA, rolled
    back after."""
    mail = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "security": "none", "from_address": "CCT <cct@um.test>"}
    application = make_app(mail=mail)
    application.test_client_class = FreshContextClient
    with rolled_back(application), application.app_context():
        city.build()
        operations.import_jrwa(SYSTEM, EXAMPLE.read_text(encoding="utf-8"))
        db.session.commit()
        yield application


@pytest.fixture
def people(chancery_app: Any) -> dict[str, Any]:
    """The clerk, an administrator, a call agent, a press officer."""
    made = {
        key: UserFactory(login=key, full_name=name, roles=(role,), unit_codes=units, password=PASSWORD)
        for key, name, role, units in (
            ("clerk", "Kamila Kancelaryjna", "chancery", ("DKS-II",)),
            ("admin", "Adam Administrator", "admin", ()),
            ("agent", "Agata Konsultantka", "agent", ("DKS-III",)),
            ("officer", "Paulina Prasowa", "press", ("DKS-I",)),
        )
    }
    db.session.commit()
    return made


def client_of(app: Any, login: str) -> Any:
    client = app.test_client()
    sign_in(client, login)
    return client


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WARSAW)  # type: ignore[misc]


def typed(moment: datetime) -> str:
    """A moment as a form's date-and-time field takes it: the office's wall clock."""
    return moment.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")


def letter(actor: Any = SYSTEM, **values: Any) -> Any:
    """A letter that came in an hour ago by post."""
    defaults: dict[str, Any] = {
        "sender": "Jan Kowalski",
        "subject": "Nieodebrane odpady przy ul. Lipowej",
        "kind": "letter",
        "delivery": "post",
        "received_at": datetime.now(UTC) - timedelta(hours=1),
    }
    made = operations.register_letter(actor, LetterInput(**(defaults | values)))
    db.session.commit()
    return made


def pdf_text(data: bytes) -> str:
    """The PDF's text with its lines joined by single spaces (a table cell wraps a name over two lines)."""
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())
