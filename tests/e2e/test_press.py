"""The press office in a real browser: an officer registers a journalist's question and asks a city unit, the unit
answers from its queue, the spokesperson approves the drafted answer and it is sent by e-mail to a local SMTP server;
every new page is checked with axe-core."""

from __future__ import annotations

import secrets
import time
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, sign_in
from tests.e2e.test_ticket_flow import sign_out


def test_enquiry_from_registration_to_the_sent_answer(page: Page, mail_server: Any) -> None:
    address = f"ewa.{secrets.token_hex(4)}@example.org"  # the SMTP server is shared by both databases' runs
    sign_in(page, "prasa")
    expect(page.get_by_role("heading", name="Zespół prasowy: terminy")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Biuro prasowe").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biuro prasowe")
    assert_accessible(page)
    page.get_by_role("link", name="Nowe zapytanie mediów").first.click()
    expect(page.get_by_label("Dziennikarz", exact=True)).to_be_focused()
    assert_accessible(page)
    page.keyboard.type("Ewa Przeglądowa")
    page.get_by_label("Redakcja", exact=True).fill("Gazeta Podlaska (demo)")
    page.get_by_label("E-mail dziennikarza").fill(address)
    page.get_by_label("Pytania").fill("Ile drzew posadzono w tym roku w parkach miejskich?")
    page.get_by_label("Tematy (rozdzielone przecinkami)").fill("zieleń")
    page.get_by_role("button", name="Zarejestruj zapytanie").click()
    status = page.get_by_role("status").first
    expect(status).to_contain_text("Zarejestrowano zapytanie ZP/")
    number = page.get_by_role("heading", level=1).inner_text().split(":")[0].removeprefix("Zapytanie ").strip()
    enquiry_url = page.url
    assert_accessible(page)

    page.get_by_text("Zapytaj jednostkę").click()
    page.get_by_label("Jednostka", exact=True).select_option("ZDT")
    page.get_by_label("O co pytamy jednostkę").fill("Prosimy o liczbę nasadzeń drzew w 2026 r.")
    tomorrow = time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() + 86_400))
    page.get_by_label("Odpowiedź potrzebna do").fill(tomorrow)
    page.get_by_role("button", name="Wyślij do jednostki").click()
    expect(page.get_by_role("status").first).to_contain_text("Zapytano:")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "drogi")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Zgłoszenia", exact=True).click()
    questions = page.get_by_role("region", name="Pytania od zespołu prasowego")
    expect(questions).to_be_visible()
    questions.get_by_role("link", name="Ile drzew posadzono w tym roku w parkach miejskich?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pytanie od zespołu prasowego")
    assert_accessible(page)
    page.get_by_label("Odpowiedź jednostki").fill("W 2026 r. posadzono 1200 drzew.")
    page.get_by_role("button", name="Wyślij odpowiedź").click()
    expect(page.get_by_role("status").first).to_contain_text("zespół prasowy otrzymał odpowiedź")
    sign_out(page)

    sign_in(page, "prasa")
    page.goto(enquiry_url)
    expect(page.get_by_text("W 2026 r. posadzono 1200 drzew.")).to_be_visible()
    page.get_by_role("textbox", name="Odpowiedź", exact=True).fill(
        "Dzień dobry, w 2026 r. miasto posadziło 1200 drzew."
    )
    page.get_by_role("button", name="Zapisz projekt").click()
    expect(page.get_by_role("status").first).to_contain_text("Zapisano wersję 1 odpowiedzi.")
    page.get_by_role("button", name="Przekaż do zatwierdzenia").click()
    expect(page.get_by_role("status").first).to_contain_text("czeka na zatwierdzenie przez rzecznika")
    sign_out(page)

    sign_in(page, "rzecznik")
    page.goto("/press/")
    waiting = page.get_by_role("region", name="Czeka na Twoje zatwierdzenie")
    waiting.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    assert_accessible(page)
    page.get_by_role("button", name="Zatwierdź wersję 1").click()
    expect(page.get_by_role("status").first).to_contain_text("Odpowiedź zatwierdzona")
    sign_out(page)

    sign_in(page, "prasa")
    page.goto(enquiry_url)
    page.get_by_role("button", name=f"Wyślij e-mailem na {address}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Odpowiedź wysłano na adres {address}")
    expect(page.get_by_role("region", name="Historia")).to_contain_text("odpowiedź wysłana")
    assert_accessible(page)

    deadline = time.monotonic() + 20  # the service's worker sends it in the background
    while time.monotonic() < deadline and not any(m["To"] == address for m in mail_server.mailbox.messages):
        time.sleep(0.2)
    (sent,) = [m for m in mail_server.mailbox.messages if m["To"] == address]
    assert number in sent["Subject"]
    assert "miasto posadziło 1200 drzew" in sent.get_content()


def test_positions_reach_the_agent_and_releases_the_public(page: Page) -> None:
    sign_in(page, "prasa")
    for path, heading in (
        ("/press/positions", "Stanowiska miasta"),
        ("/press/releases", "Komunikaty prasowe"),
        ("/press/answers?q=zimowe+utrzymanie", "Co już mówiliśmy"),
        ("/press/contacts", "Kontakty z mediami"),
        ("/press/authorisations", "Autoryzacja wypowiedzi"),
        ("/press/figures", "Statystyki zapytań"),
        ("/press/monitoring", "Monitoring mediów"),  # last: the walk goes on from here
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    page.get_by_role("link", name="Odśnieżanie ulic pod lupą mieszkańców (demo)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Odśnieżanie ulic pod lupą mieszkańców (demo)")
    assert_accessible(page)
    page.get_by_role("region", name="Sprostowania").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sprostowanie")
    assert_accessible(page)
    page.goto("/press/monitoring/report")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Raport z monitoringu")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "konsultant")
    page.get_by_role("link", name="Nowe zgłoszenie").first.click()
    expect(page.get_by_label("Telefon rozmówcy")).to_be_focused()
    page.wait_for_load_state("networkidle")  # the panel's script is ready
    page.get_by_label("Szukaj w trakcie rozmowy").fill("odśnieżanie")
    position = page.get_by_role("option").filter(has_text="Stanowisko miasta").first
    expect(position).to_contain_text("Zimowe utrzymanie dróg")
    position.click()
    expect(page.locator("#kb-panel-article")).to_contain_text("Oficjalne stanowisko miasta")
    sign_out(page)

    page.get_by_role("link", name="Komunikaty prasowe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Komunikaty prasowe")
    assert_accessible(page)
    page.get_by_role("link", name="Miasto gotowe do zimy (komunikat demonstracyjny)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Miasto gotowe do zimy (komunikat demonstracyjny)")
    assert_accessible(page)


def test_a_conference_is_planned_by_keyboard_announced_and_seen_by_the_public(page: Page) -> None:
    sign_in(page, "prasa")
    page.goto("/press/conferences")
    expect(page.get_by_role("heading", level=1)).to_have_text("Konferencje prasowe")
    assert_accessible(page)
    topic = f"Nowe ścieżki rowerowe {secrets.token_hex(2)}"
    page.get_by_label("Temat", exact=True).focus()
    page.keyboard.type(topic)
    in_two_days = time.strftime("%Y-%m-%dT11:00", time.localtime(time.time() + 2 * 86_400))
    page.get_by_label("Początek").fill(in_two_days)
    page.get_by_label("Koniec").fill(in_two_days.replace("T11:00", "T12:00"))
    page.get_by_label("Występujący (po jednym w wierszu)").fill("Zastępca Prezydenta Miasta")
    page.get_by_label("Gazeta Podlaska (demo)").check()
    page.get_by_label("Występujący (po jednym w wierszu)").focus()
    page.keyboard.press("Tab")  # on to the announcement; Enter in a one-line field would send the form
    page.get_by_role("button", name="Zaplanuj").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Konferencja zaplanowana")
    expect(page.get_by_role("heading", level=1)).to_have_text(topic)
    assert_accessible(page)
    page.get_by_role("button", name="Zapowiedz i wyślij zaproszenia").click()
    expect(page.get_by_role("status").first).to_contain_text("Konferencja zapowiedziana na liście publicznej")

    for path, heading in (
        ("/press/calendar", "Kalendarz publikacji"),
        ("/press/calendar/subscribe", "Kalendarz w Twojej aplikacji"),
        ("/press/signals", "O co pytają mieszkańcy"),
        ("/press/campaigns", "Kampanie informacyjne"),
        ("/press/surveys", "Badania i analizy"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    page.get_by_role("link", name="Jakość życia w Białymstoku 2026 (badanie demonstracyjne)").click()
    assert_accessible(page)
    page.goto("/press/campaigns")
    page.get_by_role("link", name="Zima w mieście (demo)").click()
    expect(page.get_by_role("heading", name="Wpływ na infolinię")).to_be_visible()
    assert_accessible(page)
    page.goto("/press/signals")
    spikes = page.get_by_role("region", name="Skoki w ostatnich siedmiu dniach")
    spikes.get_by_role("link", name="Zimowe utrzymanie dróg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drogi i chodniki › Zimowe utrzymanie dróg")
    expect(page.get_by_role("cell", name="Nieodśnieżona ulica osiedlowa").first).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    page.get_by_role("link", name="Konferencje prasowe").click()
    page.get_by_role("link", name=topic).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(topic)
    expect(page.get_by_text("Zastępca Prezydenta Miasta")).to_be_visible()
    assert_accessible(page)
