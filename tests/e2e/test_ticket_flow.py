"""The core flow in a real browser: an agent opens a ticket during a call, the unit resolves it, the supervisor
sees it resolved, the resident checks it with its number and code. Every screen on the way passes axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, sign_in


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaloguj się")


def test_agent_opens_unit_resolves_supervisor_sees(page: Page) -> None:
    sign_in(page, "konsultant")
    page.get_by_role("link", name="Nowe zgłoszenie").first.click()
    expect(page.get_by_label("Telefon rozmówcy")).to_be_focused()  # the agent types at once
    assert_accessible(page)
    page.keyboard.type("600 700 800")
    page.get_by_label("Imię i nazwisko rozmówcy").fill("Anna Nowak")
    page.get_by_label("Kategoria").fill("oswietlenie — Oświetlenie uliczne")
    page.get_by_label("Temat").fill("Nie świeci latarnia przy przystanku")
    page.get_by_label("Co mówi rozmówca").fill("Od trzech dni ciemno na przystanku Lipowa")
    page.get_by_label("Adres lub miejsce").fill("ul. Lipowa 14")
    page.get_by_label("Rozmówca zgadza się na powiadomienia SMS").check()
    page.get_by_role("button", name="Przyjmij zgłoszenie").click()

    status = page.get_by_role("status").first
    expect(status).to_contain_text("przyjęto i przekazano do: Zarząd Dróg i Transportu")
    number = re.search(r"\d{4}/\d{6}", status.inner_text()).group(0)
    code = re.search(r"kod ([A-Z2-9]{6})", status.inner_text()).group(1)  # the agent reads it out to the caller
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "drogi")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Zgłoszenia", exact=True).click()
    expect(page.get_by_role("link", name=number)).to_be_visible()  # the unit's queue has loaded
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    page.get_by_role("button", name="Rozpocznij pracę").click()
    expect(page.get_by_role("status").first).to_contain_text("w realizacji")
    page.get_by_label("Treść").fill("Wymieniono żarówkę w latarni.")
    page.get_by_label("Odpowiedź dla mieszkańca (zobaczy ją)").check()
    page.get_by_role("button", name="Dodaj").click()
    page.get_by_role("button", name="Załatw", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("załatwione")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "kierownik")
    page.goto("/tickets/?state=resolved")
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("załatwione")
    row.get_by_role("link", name=number).click()
    history = page.get_by_role("region", name="Historia")
    expect(history).to_contain_text("Wymieniono żarówkę w latarni.")
    expect(history).to_contain_text("zmienił(a) stan z „w realizacji” na „załatwione”")
    assert_accessible(page)

    sign_out(page)

    page.get_by_role("link", name="Sprawdź swoje zgłoszenie").click()
    expect(page.get_by_label("Numer zgłoszenia")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Numer zgłoszenia").fill(number)
    page.get_by_label("Kod").fill("ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY")
    page.get_by_role("button", name="Sprawdź").click()
    expect(page.get_by_role("alert")).to_contain_text("Nie ma zgłoszenia o tym numerze i kodzie.")
    assert_accessible(page)
    page.get_by_label("Kod").fill(code.lower())
    page.get_by_role("button", name="Sprawdź").click()
    report = page.get_by_role("region", name=f"Zgłoszenie {number}")
    expect(report).to_contain_text("załatwione")
    expect(report).to_contain_text("Wymieniono żarówkę w latarni.")
    expect(report).not_to_contain_text("Anna Nowak")
    assert_accessible(page)
