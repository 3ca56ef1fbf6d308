"""Test fixtures: the real app on real databases.

Every test that uses `backend` (directly or through `app`, `client`, …) runs once on SQLite and once on
PostgreSQL (choose with `--db sqlite` / `--db postgresql`). Each backend gets a database created from empty by the
migrations. A test runs inside an outer transaction that is rolled back afterwards; the app's session joins it
through savepoints, so views commit as they do in production. Tests that need real commits from several
threads or processes use `committed_app`, which cleans the tables afterwards instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from cct import db, push
from cct.app import create_app
from cct.auth.models import User
from tests.factories import UnitFactory, UserFactory
from tests.helpers import (
    BACKENDS,
    PASSWORD,
    TWILIO,
    app_config,
    empty_all_tables,
    free_port,
    fresh_database,
    rolled_back,
)
from tests.smtp_server import SmtpServer


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--db", action="append", choices=BACKENDS, help="database backend(s) to run on (default: both)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("db") or list(BACKENDS)
        metafunc.parametrize("backend", chosen, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(backend, tmp_path_factory.mktemp(backend)) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    application = create_app(app_config(database_url, tmp_path_factory.mktemp("instance")), configure_logging=False)
    database = db.get_database(application)
    db.upgrade(database.engine, database.url)
    yield application
    push.hub(application).close()  # its watcher lets go of the database before it is dropped
    database.engine.dispose()


@pytest.fixture
def make_app(database_url: str, tmp_path: Path) -> Iterator[Any]:
    """An app with other settings (e.g. a lower lockout threshold) on the same test database."""
    made: list[Any] = []

    def make(**overrides: Any) -> Any:
        application = create_app(app_config(database_url, tmp_path, **overrides), configure_logging=False)
        made.append(application)
        return application

    yield make
    for application in made:
        db.get_database(application).engine.dispose()


class FreshContextClient(FlaskClient):
    """Each request in an app context of its own, as in production.

    Flask reuses an app context that is already pushed, so without this the test's own context (where it
    creates data and checks results) would share `g` and the database session with every request it makes.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def isolated(app: Any) -> Iterator[Any]:
    app.test_client_class = FreshContextClient
    with rolled_back(app), app.app_context():
        yield app


@pytest.fixture
def client(isolated: Any) -> Any:
    return isolated.test_client()


@pytest.fixture
def committed_app(app: Any) -> Iterator[Any]:
    """The app with real commits (for several threads or processes); every table is emptied afterwards."""
    yield app
    empty_all_tables(db.get_database(app))


# -- helpers -----------------------------------------------------------------------------------------------------


@pytest.fixture
def make_user(isolated: Any) -> Any:
    """make_user("agent"), make_user("unit_staff", units=("ZDT",)); make_user.unit() for a unit of its own."""
    counter = iter(range(1, 10_000))

    def make(*roles: str, units: tuple[str, ...] = (), login: str | None = None, password: str = PASSWORD) -> User:
        if "unit_staff" in roles and not units:
            units = (make_unit().code,)
        user = UserFactory(
            login=login or f"{roles[0].replace('_', '')}{next(counter)}",
            full_name=f"Test {roles[0].title()}",
            roles=roles,
            unit_codes=units,
            password=password,
        )
        db.session.commit()
        return user

    def make_unit(code: str | None = None) -> Any:
        unit = UnitFactory(code=code or f"U{next(counter)}", name="Test unit")
        db.session.commit()
        return unit

    make.unit = make_unit  # type: ignore[attr-defined]
    return make


@pytest.fixture(scope="session")
def fake_twilio_server() -> Iterator[Any]:
    """Twilio's REST API faked at the HTTP boundary, on the address the test settings give ([twilio] api_base_url)."""
    from tests.telephony.fake_twilio import start

    fake, server = start(int(TWILIO["api_base_url"].rsplit(":", 1)[1]))
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_twilio(fake_twilio_server: Any) -> Iterator[Any]:
    """Twilio's REST API, faked at the HTTP boundary on the address the test settings give, with nothing received."""
    fake_twilio_server.reset()
    yield fake_twilio_server
    fake_twilio_server.reset()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback for a test's e-mail (its mailbox holds what arrived)."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()
