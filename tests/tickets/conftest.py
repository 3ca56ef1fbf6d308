from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from cct import db
from cct.demo import UNITS
from cct.org import operations as org
from tests.conftest import FreshContextClient
from tests.helpers import rolled_back
from tickets import demo as tickets_demo


def seed_city() -> None:
    """Białystok's demo units, ticket categories and routing rules."""
    for code, name, kind, parent, phone, email in UNITS:
        org.create_unit(
            None, {"code": code, "name": name, "kind": kind, "parent_code": parent, "phone": phone, "email": email}
        )
    tickets_demo.seed()
    db.session.commit()


@pytest.fixture
def city(isolated: Any) -> Any:
    """The city (seed_city) in the test's transaction."""
    seed_city()
    return isolated


@pytest.fixture
def city_app(app: Any, make_app: Any) -> Any:
    """An app with other settings (on the schema `app` made), the city seeded, in a transaction rolled back."""

    @contextmanager
    def made(**overrides: Any) -> Iterator[Any]:
        application = make_app(**overrides)
        application.test_client_class = FreshContextClient
        with rolled_back(application), application.app_context():
            seed_city()
            yield application

    return made
