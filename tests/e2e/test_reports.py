"""A resident reports a problem with a photo in a real browser, without an account: category, description, street
from the list, a point on the map, the photo; gets the number and code, checks the status, finds the report on the
public map and list (which works with no map tiles at all: this machine has no internet). An agent then sees the
ticket, and the photo they download carries no EXIF. Every page passes axe-core."""

from __future__ import annotations

import io
import re
from typing import Any

from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, sign_in
from tests.tickets.test_reports import jpeg_with_metadata


def test_a_resident_reports_with_a_photo_and_follows_it(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Zgłoś problem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zgłoś problem w mieście")
    assert_accessible(page)

    page.get_by_label("Czego dotyczy problem?").select_option(label="Drogi i chodniki › Dziura w jezdni lub chodniku")
    page.get_by_label("Opisz problem").fill("Głęboka dziura na przejściu dla pieszych, auta ją omijają.")
    page.get_by_label("Ulica").fill("lipowa")
    page.get_by_label("Numer domu (lub najbliższego)").fill("14")
    pick = page.get_by_role("region", name="Mapa: kliknij, by zaznaczyć miejsce")
    expect(pick).to_be_visible()  # the map appears even when its tiles cannot load
    pick.click()  # the middle of the map: the middle of the city
    expect(page.locator("#pick-status")).to_contain_text("Zaznaczono na mapie: 53.")
    page.get_by_label("Zdjęcia (JPEG lub PNG, nieobowiązkowo)").set_input_files(
        [{"name": "IMG_2041.JPG", "mimeType": "image/jpeg", "buffer": jpeg_with_metadata(400, 300)}]
    )
    page.get_by_label("Telefon (nieobowiązkowo)").fill("600 123 456")
    page.get_by_label("Chcę dostawać informacje o tym zgłoszeniu SMS-em lub e-mailem").check()
    assert_accessible(page)
    page.get_by_role("button", name="Wyślij zgłoszenie").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dziękujemy — przyjęliśmy zgłoszenie")
    assert_accessible(page)
    facts = page.locator("dl.facts").inner_text()
    number = re.search(r"\d{4}/\d{6}", facts).group(0)
    code = re.search(r"\b[A-Z2-9]{6}\b", facts).group(0)
    page.get_by_role("link", name="Sprawdź zgłoszenie teraz").click()
    expect(page.get_by_role("heading", name=f"Zgłoszenie {number}")).to_be_visible()
    expect(page.get_by_text("Zarząd Dróg i Transportu")).to_be_visible()
    expect(page.get_by_text("ul. Lipowa 14")).to_be_visible()
    assert code in page.url

    page.get_by_role("link", name="Zgłoszenia na mapie").click()
    report = page.get_by_role("listitem").filter(has_text=f"Zgłoszenie {number}")
    expect(report).to_contain_text("Dziura w jezdni lub chodniku")
    expect(report).to_contain_text("ul. Lipowa 14")
    expect(report).not_to_contain_text("600 123 456")
    expect(page.get_by_role("region", name="Mapa zgłoszeń z listy poniżej (lista zawiera to samo)")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    expect(page.get_by_role("button", name="Przybliż")).to_be_visible()  # the map's controls speak Polish
    expect(page.get_by_role("button", name="Oddal")).to_be_visible()
    assert_accessible(page)

    sign_in(page, "konsultant")
    year, seq = number.split("/")
    page.goto(f"/tickets/{year}/{int(seq)}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.get_by_text("formularz www").first).to_be_visible()
    thumbnail = page.get_by_role("img", name="Zdjęcie: IMG_2041.jpg")
    expect(thumbnail).to_be_visible()
    # The photo itself, shown to staff: wait for it to load (or fail) rather than read it while it is still arriving.
    width = thumbnail.evaluate(
        """img => img.complete ? img.naturalWidth : new Promise(done => {
            img.addEventListener("load", () => done(img.naturalWidth), {once: true});
            img.addEventListener("error", () => done(0), {once: true});
        })"""
    )
    assert width == 300
    assert_accessible(page)
    link = page.get_by_role("link", name="IMG_2041.jpg", exact=True)
    photo = page.request.get(link.get_attribute("href"))
    assert photo.ok
    data = photo.body()
    assert b"Exif" not in data
    assert b"Aparat Testowy" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (300, 400))  # upright, metadata gone
        assert dict(image.getexif()) == {}


def test_the_list_needs_no_map(page: Page) -> None:
    page.route(re.compile(r".*tile\.openstreetmap\.org.*"), lambda route: route.abort())
    page.route(re.compile(r".*/vendor/leaflet/leaflet\.js$"), lambda route: route.abort())  # no map library at all
    page.goto("/zgloszenia/mapa")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zgłoszenia mieszkańców")
    expect(page.locator("#reports-map")).to_be_hidden()
    expect(page.get_by_role("heading", level=2)).to_contain_text("zgłosze")
    page.get_by_label("Stan").select_option(label="w toku")
    page.get_by_role("button", name="Pokaż").click()
    expect(page).to_have_url(re.compile(r"state=open"))
    assert_accessible(page)


def test_a_second_resident_adds_their_report_to_the_one_already_there(browser: Any, live_server: str) -> None:
    def resident() -> Page:
        context = browser.new_context(base_url=live_server, locale="pl-PL", bypass_csp=True)
        return context.new_page()

    def describe(page: Page, text: str) -> None:
        page.goto("/zgloszenia/nowe")
        page.get_by_label("Czego dotyczy problem?").select_option(value="zielen")
        page.get_by_label("Opisz problem").fill(text)
        page.get_by_label("Ulica").fill("Suraska")
        page.get_by_label("Numer domu (lub najbliższego)").fill("7")

    first = resident()
    describe(first, "Złamany konar wisi nad chodnikiem.")
    first.get_by_role("button", name="Wyślij zgłoszenie").click()
    number = re.search(r"\d{4}/\d{6}", first.locator("dl.facts").inner_text()).group(0)
    first.context.close()

    second = resident()
    describe(second, "Gałąź drzewa zwisa nisko nad chodnikiem.")
    nearby = second.get_by_role("region", name="Czy ktoś już to zgłosił?")
    expect(nearby).to_contain_text(f"Zgłoszenie {number}")
    assert_accessible(second)
    nearby.get_by_role("button", name=f"To ten sam problem: dołącz moje zgłoszenie do {number}").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Dziękujemy — przyjęliśmy zgłoszenie")
    expect(second.get_by_text(f"Twoje zgłoszenie dołączono do zgłoszenia {number}")).to_be_visible()
    assert_accessible(second)
    second.context.close()


def test_enter_in_a_field_sends_a_new_report_even_with_reports_nearby(browser: Any, live_server: str) -> None:
    page = browser.new_context(base_url=live_server, locale="pl-PL", bypass_csp=True).new_page()
    for text in ("Śmieci wysypane przy ławce.", "Znowu śmieci przy ławce w parku."):
        page.goto("/zgloszenia/nowe")
        page.get_by_label("Czego dotyczy problem?").select_option(value="zielen")
        page.get_by_label("Opisz problem").fill(text)
        page.get_by_label("Ulica").fill("Warszawska")
        page.get_by_label("Numer domu (lub najbliższego)").fill("41")
        if text.startswith("Znowu"):
            expect(page.get_by_role("region", name="Czy ktoś już to zgłosił?")).to_be_visible()
        page.get_by_label("Numer domu (lub najbliższego)").press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Dziękujemy — przyjęliśmy zgłoszenie")
    expect(page.get_by_text("Twoje zgłoszenie dołączono")).to_have_count(0)  # a new report, not joined by accident
    page.context.close()
