from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from cct import db
from tests import city as test_city
from tests.conftest import FreshContextClient
from tests.helpers import rolled_back


def seed_city() -> None:
    """The tests' city (tests.city): units, ticket categories and routing rules."""
    test_city.build()
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
