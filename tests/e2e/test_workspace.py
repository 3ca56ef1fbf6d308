"""The agent's workspace in a real browser at 1366×768: the defects a new agent met on the old form (each
reproduced as they met it), a draft that survives a reload and a second tab, and the keyboard-only flow from a
ringing call to a number read out, counted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, sign_in
from tests.e2e.test_console import webhook
from tests.telephony.conftest import Twilio

SCREEN = {"width": 1366, "height": 768}
# the old form, counted in the issue that asked for this screen: keyboard only, home page to a number read out
KEYS_BEFORE = 148


@pytest.fixture
def desk(browser: Any, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, locale="pl-PL", bypass_csp=True, viewport=SCREEN)
    new_page = context.new_page()
    yield new_page
    context.close()


def on_screen(page: Page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    assert box["y"] >= 0, selector
    assert box["y"] + box["height"] <= SCREEN["height"], f"{selector} is below the fold: {box}"
    assert box["x"] + box["width"] <= SCREEN["width"], f"{selector} is off the side: {box}"


def test_nothing_the_caller_said_is_lost(desk: Page) -> None:
    page = desk
    sign_in(page, "konsultant")
    page.goto("/tickets/new")
    form = page.locator("#new-ticket")

    # 5. the caller, the ticket and the knowledge base side by side, without scrolling
    for part in (
        "#resident_phone",
        "#category",
        "#subject",
        "#kb-panel-q",
        "button[aria-keyshortcuts='Control+Enter']",
    ):
        on_screen(page, part)
    assert page.evaluate("document.documentElement.scrollHeight") <= SCREEN["height"] + 1
    assert_accessible(page)

    # 1. the earlier tickets come as the number is typed; there is no lookup button to lose the number
    expect(page.get_by_role("button", name="Znajdź wcześniejsze zgłoszenia")).to_have_count(0)
    page.get_by_label("Telefon rozmówcy").type("+48 600-555-444", delay=10)
    expect(page.locator("#caller-history")).to_contain_text("Brak wcześniejszych zgłoszeń z numeru 600 555 444")

    # 2. Enter in a one-line field moves on; it neither sends the form nor empties it
    page.get_by_label("Temat").fill("Nie świeci latarnia")
    page.get_by_label("Temat").press("Enter")
    expect(page.get_by_label("Co mówi rozmówca")).to_be_focused()
    assert page.url.endswith("/tickets/new")
    expect(page.get_by_label("Telefon rozmówcy")).to_have_value("+48 600-555-444")

    # 3. Enter in the knowledge search, even with no results, stays on the page
    panel = page.get_by_role("region", name="Baza wiedzy")
    panel.get_by_label("Szukaj w trakcie rozmowy").fill("qqzzxxyy")
    panel.get_by_label("Szukaj w trakcie rozmowy").press("Enter")
    page.wait_for_timeout(300)
    assert page.url.endswith("/tickets/new")
    expect(page.get_by_label("Temat")).to_have_value("Nie świeci latarnia")

    # 4. the category as people say it: a few letters, no Polish letters, the parent's name
    category = page.get_by_role("combobox", name="Kategoria")
    category.fill("smieci")
    listbox = page.get_by_role("listbox", name="Kategorie")
    expect(listbox.get_by_role("option").first).to_contain_text("Odpady i czystość")
    category.fill("")
    category.type("nieodebr", delay=20)
    expect(listbox.get_by_role("option").first).to_contain_text("Nieodebrane odpady")
    category.press("Enter")
    expect(category).to_have_value("odpady-wywoz — Odpady i czystość › Nieodebrane odpady")
    expect(page.get_by_label("Temat")).to_be_focused()  # Enter took the choice and did not send the form
    category.fill("latarnia")
    expect(listbox.get_by_role("option").first).to_contain_text("Oświetlenie uliczne")
    category.press("ArrowDown")
    category.press("ArrowUp")
    category.press("Enter")
    expect(category).to_have_value("oswietlenie — Oświetlenie uliczne")

    # 5. an article told during the call goes with the ticket
    search = panel.get_by_label("Szukaj w trakcie rozmowy")
    search.fill("")
    search.type("dzikie wysypisko", delay=10)
    expect(panel.get_by_role("option").first).to_contain_text("Nielegalne wysypiska odpadów", timeout=20_000)
    search.press("Enter")
    panel.get_by_role("button", name="Przekazano rozmówcy: dołącz do zgłoszenia").click()
    told = page.get_by_role("list", name="Przekazano rozmówcy z bazy wiedzy")
    expect(told).to_contain_text("Nielegalne wysypiska odpadów")

    # the draft survives a reload and a second tab, and a refused form keeps everything
    page.get_by_label("Adres lub miejsce").fill("ul. Lipowa 14")
    page.wait_for_timeout(400)
    page.reload()
    expect(page.get_by_label("Temat")).to_have_value("Nie świeci latarnia")
    expect(page.get_by_label("Telefon rozmówcy")).to_have_value("+48 600-555-444")
    expect(told).to_contain_text("Nielegalne wysypiska odpadów")
    expect(form.get_by_role("status")).to_contain_text("Przywrócono wpisane dane")
    second = page.context.new_page()
    second.goto("/tickets/new")
    expect(second.get_by_label("Adres lub miejsce")).to_have_value("ul. Lipowa 14")
    second.close()

    page.get_by_label("Temat").fill("")
    page.get_by_label("Adres lub miejsce").press("Control+Enter")
    expect(page.get_by_label("Temat")).to_be_focused()  # the first field in error
    expect(page.get_by_label("Temat")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Adres lub miejsce")).to_have_value("ul. Lipowa 14")
    assert_accessible(page)
    page.get_by_label("Temat").fill("Nie świeci latarnia")
    page.keyboard.press("Control+Enter")

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_focused()  # the number, to read out
    number = re.search(r"\d{4}/\d{6}", heading.inner_text()).group(0)
    facts = page.get_by_role("region", name="Szczegóły")
    expect(facts).to_contain_text("600 555 444")  # the phone typed is the phone saved
    expect(facts.get_by_role("link", name="Nielegalne wysypiska odpadów")).to_be_visible()
    expect(page.get_by_role("region", name="Historia")).to_contain_text("powiązał(a) artykuł z bazy wiedzy")
    assert_accessible(page)

    # saved: the draft is gone, and the caller's history now shows the ticket; signing out forgets any other draft
    page.goto("/tickets/new")
    expect(page.get_by_label("Temat")).to_have_value("")
    page.get_by_label("Telefon rozmówcy").type("600555444", delay=10)
    expect(page.locator("#caller-history")).to_contain_text(number)
    page.wait_for_timeout(400)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cct-draft:')).length") == 1
    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaloguj się")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cct-draft:')).length") == 0


class Keys:
    """The keyboard as the agent uses it, counted: a combination counts each key pressed (Alt+N is two)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def press(self, keys: str) -> None:
        self.count += len(keys.split("+"))
        self.page.keyboard.press(keys)

    def type(self, text: str) -> None:
        self.count += len(text)
        self.page.keyboard.type(text, delay=15)


def test_keyboard_only_from_a_ringing_call_to_a_number_read_out(desk: Page, live_server: str) -> None:
    page = desk
    caller = "+48600321321"
    sign_in(page, "konsultant")
    page.goto("/telephony/console")
    page.get_by_role("button", name="Dostępny", exact=True).click()  # set up, not counted: the agent's shift begins
    sid = "CA" + "e" * 32
    assert webhook(live_server, "/telephony/voice", Twilio.call(sid, caller=caller)) == 200
    expect(page.get_by_role("article", name=f"Połączenie od {caller}")).to_be_visible()

    keys = Keys(page)
    keys.press("Alt+O")  # take the call
    expect(page.get_by_role("status").first).to_contain_text(f"Rozmawiasz z {caller}")
    page.wait_for_load_state()  # the page's scripts (its shortcuts) have run; a person is never faster
    keys.press("Alt+N")  # the workspace for this caller, the number and the call filled in
    expect(page.get_by_role("combobox", name="Kategoria")).to_be_focused()
    expect(page.get_by_label("Telefon rozmówcy")).to_have_value(caller)
    keys.type("wysyp")
    expect(page.get_by_role("option").first).to_contain_text("Dzikie wysypisko")
    keys.press("Enter")
    keys.type("Gruz w lesie")
    keys.press("Enter")
    keys.type("Przy Lipowej od tygodnia")
    keys.press("Alt+K")  # the knowledge base, while the caller talks
    keys.type("wysypisko")
    expect(page.get_by_role("region", name="Baza wiedzy").get_by_role("option").first).to_be_visible(timeout=20_000)
    keys.press("Enter")
    keys.press("Control+Enter")  # save
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_focused()
    expect(heading).to_contain_text(re.compile(r"\d{4}/\d{6}"))
    expect(page.get_by_role("status").first).to_contain_text("Podaj rozmówcy numer zgłoszenia i kod")

    print(f"\nkeyboard-only, ringing call → number read out: {keys.count} keys, 0 clicks (before: {KEYS_BEFORE} keys)")
    assert keys.count <= KEYS_BEFORE // 2
    history = page.get_by_role("region", name="Historia")
    expect(history).to_contain_text("przyjął(a) zgłoszenie")
    assert webhook(live_server, "/telephony/status", Twilio.call(sid, "completed", CallDuration="80")) == 204


def test_a_call_answered_from_the_knowledge_base_closes_without_a_ticket(desk: Page, live_server: str) -> None:
    page = desk
    caller = "+48600321999"
    sign_in(page, "konsultant")
    page.goto("/telephony/console")
    page.get_by_role("button", name="Dostępny", exact=True).click()
    sid = "CA" + "a" * 32
    assert webhook(live_server, "/telephony/voice", Twilio.call(sid, caller=caller)) == 200
    expect(page.get_by_role("article", name=f"Połączenie od {caller}")).to_be_visible()
    page.keyboard.press("Alt+O")
    expect(page.get_by_role("status").first).to_contain_text(f"Rozmawiasz z {caller}")
    page.wait_for_load_state()
    page.keyboard.press("Alt+N")
    expect(page.get_by_role("combobox", name="Kategoria")).to_be_focused()
    on_screen(page, "button[aria-keyshortcuts='Alt+Z']")
    page.get_by_label("Co mówi rozmówca").fill("Pytał o termin wywozu gruzu")
    page.keyboard.press("Alt+Z")  # nothing told yet: refused, and nothing typed is lost
    expect(page.get_by_role("alert").first).to_contain_text("Najpierw zaznacz artykuł")
    expect(page.get_by_label("Co mówi rozmówca")).to_have_value("Pytał o termin wywozu gruzu")
    page.wait_for_load_state()
    page.keyboard.press("Alt+K")
    page.keyboard.type("wysypisko", delay=15)
    panel = page.get_by_role("region", name="Baza wiedzy")
    # the answer to the whole word, not to a prefix typed on the way
    expect(panel.get_by_role("option").first).to_contain_text("Nielegalne wysypiska odpadów", timeout=20_000)
    page.keyboard.press("Enter")
    panel.get_by_role("button", name="Przekazano rozmówcy: dołącz do zgłoszenia").click()
    expect(page.get_by_role("list", name="Przekazano rozmówcy z bazy wiedzy")).to_contain_text("wysypisk")
    page.keyboard.press("Alt+Z")
    expect(page).to_have_url(re.compile(r"/telephony/console$"))
    expect(page.get_by_role("status").first).to_contain_text("Połączenie zamknięte jako odpowiedź z bazy wiedzy")
    page.wait_for_load_state()  # the console's deferred script forgets the draft: a CI run left before it ran
    page.goto(f"/tickets/new?call={sid}")  # the draft was forgotten with the call
    expect(page.get_by_label("Co mówi rozmówca")).to_have_value("")
    page.goto("/telephony/calls")
    row = page.get_by_role("row").filter(has_text=caller).first
    expect(row).to_contain_text("odpowiedź z bazy wiedzy")
    expect(row.get_by_role("link", name=re.compile("wysypisk", re.IGNORECASE))).to_be_visible()
    assert webhook(live_server, "/telephony/status", Twilio.call(sid, "completed", CallDuration="40")) == 204


def test_the_shortcuts_are_listed_for_the_page(desk: Page) -> None:
    page = desk
    sign_in(page, "konsultant")
    page.goto("/tickets/new")
    page.keyboard.press("Alt+/")
    dialog = page.get_by_role("dialog", name="Skróty klawiszowe")
    expect(dialog).to_be_visible()
    for keys, what in [("Alt+N", "Nowe zgłoszenie"), ("Alt+C", "Kategoria"), ("Alt+K", "Szukaj w trakcie rozmowy")]:
        expect(dialog.locator("dt", has_text=keys)).to_be_visible()
        expect(dialog).to_contain_text(what)
    expect(dialog).to_contain_text("Ctrl+Enter")
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.keyboard.press("Alt+C")
    expect(page.get_by_role("combobox", name="Kategoria")).to_be_focused()


def test_unit_staff_answer_from_a_template_and_an_article_and_resolve_in_one_step(desk: Page) -> None:
    page = desk
    sign_in(page, "drogi")
    page.goto("/tickets/templates")
    page.get_by_label("Tytuł").fill("Naprawa zaplanowana")
    page.get_by_label("Treść").fill("Zgłoszenie {numer}: naprawimy do {termin}.")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status").first).to_contain_text("Zapisano szablon „Naprawa zaplanowana”.")
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Zgłoszenia", exact=True).click()
    page.get_by_role("link", name="Moje jednostki").click()
    page.locator("tbody").get_by_role("link").first.click()
    number = re.search(r"\d{4}/\d{6}", page.get_by_role("heading", level=1).inner_text()).group(0)
    page.get_by_label("Wstaw szablon").select_option(label="Naprawa zaplanowana")
    page.get_by_role("button", name="Wstaw", exact=True).click()
    reply = page.get_by_label("Treść")
    expect(reply).to_have_value(re.compile(rf"^Zgłoszenie {number}: naprawimy do \d\d\.\d\d\.\d{{4}}\.$"))
    panel = page.get_by_role("region", name="Baza wiedzy")
    panel.get_by_label("Szukaj w trakcie rozmowy").type("wysypisko", delay=10)
    # the answer to the whole word, not to a prefix typed on the way ("wysy" may find another article first)
    expect(panel.get_by_role("option").first).to_contain_text("Nielegalne wysypiska odpadów", timeout=20_000)
    panel.get_by_label("Szukaj w trakcie rozmowy").press("Enter")
    panel.get_by_role("button", name="Wstaw do odpowiedzi").click()
    expect(reply).to_have_value(re.compile(r"naprawimy do .*\n\nPorzucone odpady", re.S))
    assert_accessible(page)
    page.get_by_role("button", name="Odpowiedz mieszkańcowi i załatw").click()
    expect(page.get_by_role("status").first).to_contain_text("Odpowiedź wysłano mieszkańcowi, a zgłoszenie załatwiono.")
    expect(page.get_by_role("region", name="Historia")).to_contain_text("Porzucone odpady")
