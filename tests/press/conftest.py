from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cct import db
from press import operations
from press.schemas import EnquiryInput
from tests import city
from tests.conftest import FreshContextClient
from tests.factories import UserFactory
from tests.helpers import PASSWORD, api_caller, rolled_back, sign_in
from tests.smtp_server import SmtpServer


@pytest.fixture
def press_app(app: Any, make_app: Any, smtp: SmtpServer) -> Iterator[Any]:
    """An app that sends e-mail to a real SMTP server on loopback, with the tests' city units, rolled back after."""
    mail = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "security": "none", "from_address": "CCT <cct@um.test>"}
    application = make_app(mail=mail)
    application.test_client_class = FreshContextClient
    with rolled_back(application), application.app_context():
        city.build_units()
        db.session.commit()
        yield application


@pytest.fixture
def people(press_app: Any) -> dict[str, Any]:
    """The press officer, the spokesperson, and staff of two city units."""
    made = {
        key: UserFactory(login=key, full_name=name, roles=(role,), unit_codes=(unit,), password=PASSWORD)
        for key, name, role, unit in (
            ("officer", "Paulina Prasowa", "press", "DKS-I"),
            ("spokesperson", "Robert Rzecznik", "spokesperson", "DKS-I"),
            ("roads", "Damian Drogowiec", "unit_staff", "ZDT"),
            ("waste", "Oliwia Odpadowa", "unit_staff", "DGK"),
        )
    }
    db.session.commit()
    return made


WARSAW = ZoneInfo("Europe/Warsaw")  # the tests' office time zone (config.toml's default)


def typed(moment: datetime) -> str:
    """A moment as a form's date-and-time field takes it: the office's wall clock."""
    return moment.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")


def client_of(app: Any, login: str) -> Any:
    client = app.test_client()
    sign_in(client, login)
    return client


def enquiry(actor: Any, **values: Any) -> Any:
    """An enquiry registered an hour ago by a journalist of a daily."""
    defaults: dict[str, Any] = {
        "journalist": "Marta Dziennikarska",
        "outlet": "Gazeta Testowa",
        "outlet_kind": "daily",
        "questions": "Ile kosztuje remont stadionu?",
        "received_at": datetime.now(UTC) - timedelta(hours=1),
        "journalist_email": "marta@example.org",
    }
    made = operations.register_enquiry(actor, EnquiryInput(**(defaults | values)))
    db.session.commit()
    return made


caller = api_caller  # the press tests' name for it
