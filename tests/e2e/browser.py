"""Helpers for the browser tests."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DEMO_PASSWORD = "demo-Bialystok-2026"


def sign_in(page: Page, login: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state()


def assert_accessible(page: Page) -> None:
    """No WCAG 2.1 A/AA violations that axe-core can detect on the page as it is now.

    Call it after an expectation about the page that a click leads to: a page still loading has no document to check.
    """
    page.wait_for_load_state()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]
    assert problems == [], f"accessibility violations on {page.url}:\n" + "\n".join(problems)
    assert len(result["passes"]) > 10  # axe really ran its rules
