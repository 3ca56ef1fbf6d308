"""Real-browser tests: the service started as a user starts it (`cct demo`, `cct serve`), driven by Playwright in
Debian's Chromium. Every page visited is also checked with axe-core for WCAG 2.1 A/AA violations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.helpers import TWILIO, free_port, serving
from tests.smtp_server import SmtpServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def mail_server() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback that the live service sends its e-mail to."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_server(
    backend: str, tmp_path_factory: pytest.TempPathFactory, fake_twilio_server: Any, mail_server: SmtpServer
) -> Iterator[str]:
    # Telephony on, as in production: webhooks signed for TWILIO's public address, SMS to the fake Twilio API,
    # a round-the-clock line (the browser test of a call must not depend on the hour CI runs at); e-mail to the
    # local SMTP server.
    telephony = {f"CCT_TWILIO_{key.upper()}": value for key, value in TWILIO.items()} | {"CCT_TWILIO_HOURS": "always"}
    mail = {"CCT_MAIL_SMTP_HOST": "127.0.0.1", "CCT_MAIL_SMTP_PORT": str(mail_server.port), "CCT_MAIL_SECURITY": "none"}
    with serving(backend, tmp_path_factory.mktemp(f"e2e-{backend}"), telephony | mail) as (base, _env):
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (the test script does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Page]:
    # axe-core is injected as an inline script, which the app's Content-Security-Policy rightly forbids.
    context = browser.new_context(base_url=live_server, locale="pl-PL", bypass_csp=True)
    new_page = context.new_page()
    yield new_page
    context.close()
