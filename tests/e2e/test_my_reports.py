""" "Moje zgłoszenia" in a real browser: a resident who reported twice through an Open311 app asks for a code by
e-mail (the live service's worker sends it to the local SMTP server), types it, sees both reports, and adds a photo to
one of them. Every page passes axe-core."""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

import requests
from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible
from tests.e2e.test_open311_client import issue_key
from tests.tickets.test_reports import jpeg_with_metadata


def report_through_open311(base: str, key: str, email: str, description: str) -> None:
    posted = requests.post(
        f"{base}/open311/v2/requests.json",
        data={
            "api_key": key,
            "jurisdiction_id": "bialystok.pl",
            "service_code": "oswietlenie",
            "lat": "53.1325",
            "long": "23.1688",
            "description": description,
            "email": email,
        },
        timeout=10,
    )
    assert posted.status_code == 201, posted.text


def mailed_code(mail_server: Any, address: str) -> str:
    deadline = time.monotonic() + 20  # the service's worker sends it in the background
    while time.monotonic() < deadline and not any(m["To"] == address for m in mail_server.mailbox.messages):
        time.sleep(0.2)
    (sent,) = [m for m in mail_server.mailbox.messages if m["To"] == address]
    return re.search(r"\b(\d{6})\b", sent.get_content()).group(1)  # type: ignore[union-attr]


def test_a_resident_opens_their_reports_with_a_code_and_adds_a_photo(
    page: Page, live_server: str, mail_server: Any
) -> None:
    address = f"mieszkanka.{secrets.token_hex(4)}@example.org"  # the SMTP server is shared by both databases' runs
    key = issue_key(live_server, f"moje-{address}")
    report_through_open311(live_server, key, address, "Latarnia miga od tygodnia przy przystanku")
    report_through_open311(live_server, key, address, "Nie świeci latarnia przy szkole")

    page.goto("/")
    page.get_by_role("link", name="Moje zgłoszenia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moje zgłoszenia")
    expect(page.get_by_label("Numer telefonu lub adres e-mail")).to_be_focused()
    assert_accessible(page)
    page.keyboard.type(address)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Wpisz kod")
    expect(page.get_by_role("status")).to_contain_text(f"Jeśli {address} to poprawny adres e-mail")
    assert_accessible(page)
    page.get_by_label("Kod").fill("000000" if mailed_code(mail_server, address) != "000000" else "111111")
    page.get_by_role("button", name="Otwórz moje zgłoszenia").click()
    expect(page.get_by_text("To nie jest kod, który wysłaliśmy. Pozostałe próby: 4.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kod").fill(mailed_code(mail_server, address))
    page.get_by_role("button", name="Otwórz moje zgłoszenia").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Moje zgłoszenia")
    reports = page.get_by_role("listitem").filter(has_text="Oświetlenie")
    expect(reports).to_have_count(2)
    expect(page.get_by_text("2 zgłoszenia, od najnowszego.")).to_be_visible()
    expect(page.get_by_text(f"Zgłoszenia z adresem e-mail {address}.")).to_be_visible()
    assert_accessible(page)

    reports.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zgłoszenie")
    assert_accessible(page)
    page.get_by_label("Twój komentarz").fill("Dołączam zdjęcie latarni.")
    page.get_by_label("Zdjęcia (JPEG lub PNG)").set_input_files(
        [{"name": "latarnia.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_metadata(400, 300)}]
    )
    page.get_by_role("button", name="Dodaj do zgłoszenia").click()
    expect(page.get_by_text("Jednostka, która je załatwia, została powiadomiona.")).to_be_visible()
    added = page.get_by_role("region", name="Co wysłałeś(-aś)")
    expect(added).to_contain_text("Dołączam zdjęcie latarni.")
    expect(added).to_contain_text("latarnia.jpg")
    assert_accessible(page)

    page.get_by_role("link", name="← Wszystkie moje zgłoszenia").click()
    page.get_by_role("button", name="Zamknij moją listę").click()
    expect(page.get_by_text("Lista została zamknięta.")).to_be_visible()
    expect(page.get_by_label("Numer telefonu lub adres e-mail")).to_be_visible()
