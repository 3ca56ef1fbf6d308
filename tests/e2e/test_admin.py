"""An administrator, in a real browser at 1366×768: adds a category, sees the change named in the audit log, checks a
routing rule on the last 30 days before saving it, and closes the office for a day — every page axe-clean."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, sign_in


@pytest.fixture
def desk(browser: Any, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server, locale="pl-PL", bypass_csp=True, viewport={"width": 1366, "height": 768}
    )
    yield context.new_page()
    context.close()


def test_an_administrator_keeps_categories_rules_and_office_hours(desk: Page) -> None:
    page = desk
    code = "mosty-" + uuid.uuid4().hex[:6]
    sign_in(page, "admin")

    page.get_by_role("link", name="Kategorie", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kategorie")
    assert_accessible(page)
    page.get_by_role("link", name="Nowa kategoria").click()
    page.get_by_label("Kod").fill(code)
    page.get_by_label("Nazwa").fill("Mosty i wiadukty")
    page.get_by_label("Kategoria nadrzędna").select_option(label="Drogi i chodniki")
    page.get_by_label("Domyślna jednostka").select_option(value="ZDT")
    page.get_by_label("Pierwsza odpowiedź w ciągu (godzin pracy)").fill("4")
    page.get_by_label("Załatwienie w ciągu (godzin pracy)").fill("1")  # before the first response: refused
    page.get_by_label("Załatwienie w ciągu (godzin pracy)").press("Enter")
    expect(page.get_by_label("Pierwsza odpowiedź w ciągu (godzin pracy)")).to_be_focused()  # the field in error
    expect(page.get_by_text("Termin pierwszej odpowiedzi musi przypadać")).to_be_visible()
    expect(page.get_by_label("Nazwa")).to_have_value("Mosty i wiadukty")  # nothing typed is lost
    assert_accessible(page)
    page.get_by_label("Załatwienie w ciągu (godzin pracy)").fill("16,5")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status").first).to_contain_text("Dodano kategorię „Drogi i chodniki › Mosty i wiadukty”")
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("16,5 godz.")

    row.get_by_role("link", name="Mosty i wiadukty").click()
    page.get_by_role("link", name="Jej zmiany w dzienniku zdarzeń").click()
    expect(page.get_by_role("cell", name="Utworzono kategorię")).to_be_visible()
    expect(page.get_by_role("link", name="Drogi i chodniki › Mosty i wiadukty").first).to_be_visible()
    assert_accessible(page)

    page.goto("/admin/routing/new")
    page.get_by_label("Nazwa").fill("Latarnie w parkach")
    page.get_by_label("Kategoria (wraz z podkategoriami)").select_option(value="oswietlenie")
    page.get_by_label("Słowa kluczowe (dowolne z nich, rozdzielone przecinkami)").fill("park")
    page.get_by_label("Przekaż do jednostki").select_option(value="DOS")
    page.get_by_role("button", name=re.compile("Sprawdź na zgłoszeniach z ostatnich 30 dni")).click()
    expect(page.locator("#preview")).to_contain_text(re.compile(r"W ostatnich 30 dniach ta reguła skierowałaby"))
    expect(page.get_by_label("Nazwa")).to_have_value("Latarnie w parkach")
    assert_accessible(page)

    page.get_by_role("link", name="Godziny pracy urzędu").click()
    expect(page.get_by_label("Poniedziałek")).to_have_value(re.compile(r"\d\d:\d\d-\d\d:\d\d"))
    assert_accessible(page)
    page.get_by_label("Dzień", exact=True).fill("2099-06-0" + str(uuid.uuid4().int % 9 + 1))
    page.get_by_label("Powód").fill("Zarządzenie Prezydenta")
    page.get_by_role("button", name="Dodaj dzień wolny").click()
    expect(page.get_by_role("status").first).to_contain_text("to dzień wolny")
    added = page.get_by_role("row").filter(has_text="Zarządzenie Prezydenta").first
    expect(added).to_contain_text("2099")
    added.get_by_role("button", name=re.compile("Usuń dzień wolny")).click()
    expect(page.get_by_role("status").first).to_contain_text("znów jest dniem pracy")


def test_an_administrator_finds_a_persons_data_by_keyboard_and_the_look_is_logged(desk: Page) -> None:
    """Issue 18: Dane osobowe — the rules' dry run, a person's data, the erasure's refusal without a confirmation,
    the access log — used with the keyboard alone, every page axe-clean."""
    page = desk
    sign_in(page, "admin")
    page.goto("/admin/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dane osobowe")
    # the rules' table: the table of runs below names the same rule once the daily job has run (it runs at start)
    rules = page.get_by_role("table", name="Okresy przechowywania")
    expect(rules.get_by_role("row").filter(has_text="Mieszkańcy w zakończonych zgłoszeniach")).to_contain_text(
        "24 mies."
    )
    assert_accessible(page)
    page.get_by_label("Numer telefonu lub adres e-mail").focus()
    page.keyboard.type("600 100 200")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dane osoby: 600 100 200")
    expect(page.get_by_role("heading", name=re.compile(r"Zgłoszenia \(\d+\)"))).to_be_visible()
    expect(page.get_by_text("Jan Kowalski (demo)").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Podstawa (żądanie: data i sposób wpływu, bez danych osoby)").focus()
    page.keyboard.type("Wniosek e-mailem z 2.12.2026")
    page.keyboard.press("Tab")  # to the confirmation, left unticked
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Usuń dane")).to_be_focused()
    page.keyboard.press("Enter")
    confirmation = page.get_by_role("checkbox", name=re.compile("Potwierdzam"))
    expect(confirmation).to_have_accessible_description("Zaznacz pole, aby potwierdzić usunięcie.")
    expect(page.get_by_label("Podstawa (żądanie: data i sposób wpływu, bez danych osoby)")).to_have_value(
        "Wniosek e-mailem z 2.12.2026"
    )  # nothing typed is lost
    assert_accessible(page)
    page.goto("/admin/privacy/access?who=admin")
    expect(page.get_by_role("row").filter(has_text="dane osoby (administrator)").first).to_contain_text("600 100 200")
    assert_accessible(page)
