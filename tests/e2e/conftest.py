"""Real-browser tests: the service started as a user starts it (`cct demo`, `cct serve`), driven by Playwright in
Debian's Chromium. Every page visited is also checked with axe-core for WCAG 2.1 A/AA violations."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.helpers import PROJECT_ROOT, TWILIO, free_port, fresh_database, run_cct

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
def live_server(backend: str, tmp_path_factory: pytest.TempPathFactory, fake_twilio_server: Any) -> Iterator[str]:
    directory = tmp_path_factory.mktemp(f"e2e-{backend}")
    with fresh_database(backend, directory) as url:
        env = {"CCT_DATABASE_URL": url, "CCT_INSTANCE_PATH": str(directory / "instance"), "CCT_LOG_LEVEL": "WARNING"}
        demo = run_cct("demo", env=env)
        assert demo.returncode == 0, demo.stderr
        port = free_port()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CCT_")}
        # Telephony on, as in production: webhooks signed for TWILIO's public address, SMS to the fake Twilio API,
        # a round-the-clock line (the browser test of a call must not depend on the hour CI runs at).
        env |= {f"CCT_TWILIO_{key.upper()}": value for key, value in TWILIO.items()} | {"CCT_TWILIO_HOURS": "always"}
        log = (directory / "server.log").open("w")
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "cct", "serve", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env={**clean, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, server)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


def _wait_until_up(base: str, server: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"cct serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - local server
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError("cct serve did not come up within 60 s")


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
