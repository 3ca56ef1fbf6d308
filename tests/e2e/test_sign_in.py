"""A call agent signs in and sees the home page in Polish; key pages pass axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, sign_in


def test_agent_signs_in_and_sees_the_agent_home_in_polish(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    assert_accessible(page)

    sign_in(page, "konsultant")

    expect(page.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Karol Konsultant")
    expect(page.get_by_text("Twoje role: Konsultant telefoniczny.")).to_be_visible()
    expect(page.get_by_role("status").first).to_have_text("Zalogowano jako Karol Konsultant.")
    navigation = page.get_by_role("navigation", name="Menu główne")
    expect(navigation.get_by_role("link", name="Jednostki miejskie")).to_be_visible()
    expect(navigation.get_by_role("link", name="Konta")).to_have_count(0)
    assert_accessible(page)


def test_agent_finds_a_unit_with_the_keyboard(page: Page) -> None:
    sign_in(page, "konsultant")
    search = page.get_by_label("Nazwa lub kod jednostki")
    search.focus()
    page.keyboard.type("podatk")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main").get_by_role("listitem").filter(has_text="DPO —")).to_contain_text(
        "Departament Podatków i Opłat Lokalnych"
    )
    assert_accessible(page)


def test_wrong_password_is_explained_and_the_form_is_ready_to_retype(page: Page) -> None:
    sign_in(page, "konsultant", "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Nieprawidłowy login lub hasło.")
    expect(page.get_by_label("Login")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Hasło")).to_be_focused()
    page.keyboard.type("demo-Bialystok-2026")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Karol Konsultant")
    assert_accessible(page)


def test_language_switch_to_english_and_back(page: Page) -> None:
    sign_in(page, "konsultant")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Good day, Karol Konsultant")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Polski").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Karol Konsultant")


def test_admin_pages_are_accessible(page: Page) -> None:
    sign_in(page, "admin")
    for path, heading in [
        ("/admin/users/", "Konta"),
        ("/admin/users/new", "Nowe konto"),
        ("/units/", "Jednostki miejskie"),
        ("/units/DKS/edit", "Edycja jednostki DKS"),
        ("/admin/jobs/", "Zadania w tle"),
        ("/admin/audit", "Dziennik zmian"),
        ("/account", "Twoje konto"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)


def test_account_form_errors_are_announced_next_to_the_field(page: Page) -> None:
    sign_in(page, "admin")
    page.goto("/admin/users/new")
    page.get_by_label("Login").fill("x")
    page.get_by_label("Imię i nazwisko").fill("Ktoś")
    page.get_by_label("Konsultant telefoniczny").check()
    page.get_by_role("button", name="Zapisz").click()
    login = page.get_by_label("Login")
    expect(login).to_have_attribute("aria-invalid", "true")
    expect(login).to_have_accessible_description(re.compile("Login ma 2–64 znaki"))
    assert_accessible(page)
