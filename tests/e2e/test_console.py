"""The agent console in a real browser: Twilio's webhook arrives, the caller pops up on the console, the agent
takes the call, answers it from the knowledge base and closes it."""

from __future__ import annotations

import urllib.parse
import urllib.request

from playwright.sync_api import Page, expect
from twilio.request_validator import RequestValidator

from tests.e2e.browser import assert_accessible, sign_in
from tests.helpers import TWILIO
from tests.telephony.conftest import Twilio

CALLER = "+48600999888"


def webhook(base: str, path: str, form: dict[str, str]) -> int:
    """POST as Twilio does: form fields, signed for the public address Twilio calls."""
    signature = RequestValidator(TWILIO["auth_token"]).compute_signature(TWILIO["public_base_url"] + path, form)
    request = urllib.request.Request(  # noqa: S310 - the local test server
        base + path, data=urllib.parse.urlencode(form).encode(), headers={"X-Twilio-Signature": signature}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status


def test_a_call_pops_up_and_is_answered_from_the_knowledge_base(page: Page, live_server: str) -> None:
    sign_in(page, "konsultant")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Konsola").click()
    page.get_by_role("button", name="Dostępny", exact=True).click()
    expect(page.get_by_text("Mój status: Dostępny")).to_be_visible()
    expect(page.get_by_text("Nikt nie czeka na połączenie.")).to_be_visible()
    expect(page.locator("#console-calls")).to_have_attribute("data-live", "stream")  # told, not asking
    assert_accessible(page)

    sid = "CA" + "f" * 32
    assert webhook(live_server, "/telephony/voice", Twilio.call(sid, caller=CALLER)) == 200
    assert (
        webhook(live_server, "/telephony/ivr?step=menu", Twilio.call(sid, "in-progress", caller=CALLER, Digits="2"))
        == 200
    )

    popup = page.get_by_role("article", name=f"Połączenie od {CALLER}")
    expect(popup).to_be_visible()  # the server's stream brings it; no reload
    expect(popup).to_contain_text("Wybrano: odpady i czystość")
    assert_accessible(page)
    popup.get_by_role("button", name="Odbieram").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Rozmawiasz z {CALLER}")

    panel = page.get_by_role("region", name="Baza wiedzy")
    panel.get_by_label("Szukaj w trakcie rozmowy").type("dzikie wysypisko", delay=20)
    expect(panel.get_by_role("option").first).to_contain_text("Nielegalne wysypiska odpadów", timeout=20_000)
    panel.get_by_role("option").first.click()
    panel.get_by_role("button", name="Odpowiedziałem z tego artykułu").click()
    expect(page.get_by_role("status").first).to_contain_text("Zaznaczono artykuł przy tym połączeniu.")

    popup = page.get_by_role("article", name=f"Połączenie od {CALLER}")
    popup.get_by_label("Notatka (opcjonalnie)").fill("Wyjaśniono, jak zgłosić wysypisko")
    popup.get_by_role("button", name="Odpowiedź z bazy wiedzy — zakończ").click()
    expect(page.get_by_role("status").first).to_contain_text("Połączenie zamknięte jako odpowiedź z bazy wiedzy")
    expect(page.get_by_text("Mój status: Po rozmowie")).to_be_visible()
    assert_accessible(page)
    assert webhook(live_server, "/telephony/status", Twilio.call(sid, "completed", CallDuration="95")) == 204


def test_the_other_telephony_pages_are_accessible(page: Page, live_server: str) -> None:
    sid = "CA" + "9" * 32
    webhook(live_server, "/telephony/voice", Twilio.call(sid, caller="+48600777666"))
    webhook(live_server, "/telephony/ivr?step=left", Twilio.call(sid, "in-progress", QueueResult="hangup"))
    webhook(live_server, "/telephony/status", Twilio.call(sid, "completed", CallDuration="30"))

    sign_in(page, "konsultant")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Oddzwonienia").click()
    expect(page.get_by_role("link", name="+48600777666")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Rejestr połączeń").click()
    expect(page.get_by_role("cell", name="+48600777666")).to_be_visible()
    page.get_by_label("Telefon rozmówcy").fill("600 111 222")
    page.get_by_role("button", name="Zapisz połączenie").click()
    expect(page.get_by_role("status").first).to_contain_text("Zapisano połączenie od +48600111222.")
    assert_accessible(page)
    page.get_by_role("button", name="Wyloguj się").click()

    sign_in(page, "kierownik")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Statystyki połączeń").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statystyki połączeń")
    assert_accessible(page)
    page.get_by_role("button", name="Wyloguj się").click()

    sign_in(page, "admin")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Teksty SMS").click()
    page.get_by_label("Przyjęcie zgłoszenia").fill("Przyjęliśmy zgłoszenie {number}.")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status").first).to_contain_text("Zapisano teksty SMS.")
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Klucze Open311").click()
    page.get_by_label("Nazwa aplikacji").fill(f"Aplikacja testowa {page.url[-4:]}")
    page.get_by_role("button", name="Wydaj klucz").click()
    expect(page.locator("code.secret")).to_contain_text("o311_")
    assert_accessible(page)
