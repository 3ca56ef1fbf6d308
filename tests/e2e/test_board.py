"""The supervisors' live board in a real browser: it changes without a reload when a call comes in and when a ticket
is opened (both through Twilio's signed webhooks), and each count leads to its list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, sign_in
from tests.e2e.test_console import webhook
from tests.telephony.conftest import Twilio

REFRESH_MS = 15_000  # three rounds of the board's polling


def test_the_board_follows_calls_and_tickets_by_itself(page: Page, live_server: str) -> None:
    sign_in(page, "kierownik")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Tablica na żywo").click()
    calls = page.get_by_role("region", name="Połączenia")
    waiting = calls.locator("dd").first.get_by_role("link").first
    before = int(waiting.inner_text())
    opened = page.get_by_role("region", name="Zgłoszenia przyjęte dziś")
    sms_link = opened.get_by_role("link", name=re.compile("SMS"))
    sms_before = int(sms_link.locator("strong").inner_text()) if sms_link.count() else 0
    assert_accessible(page)

    sid = "CA" + "c" * 32
    assert webhook(live_server, "/telephony/voice", Twilio.call(sid, caller="+48600444555")) == 200
    expect(waiting).to_have_text(str(before + 1), timeout=REFRESH_MS)
    expect(calls).to_contain_text("najdłużej")

    message = "SM" + "c" * 32
    assert webhook(live_server, "/telephony/sms", Twilio.sms(message, "Nie świeci latarnia na Lipowej")) == 200
    expect(opened.get_by_role("link", name=re.compile("SMS")).locator("strong")).to_have_text(
        str(sms_before + 1), timeout=REFRESH_MS
    )
    expect(page.get_by_role("status").filter(has_text="Zaktualizowano o")).to_be_visible()

    opened.get_by_role("link", name=re.compile("SMS")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zgłoszenia")
    expect(page.get_by_role("table")).to_contain_text("Nie świeci latarnia na Lipowej")
    assert webhook(live_server, "/telephony/status", Twilio.call(sid, "completed", CallDuration="5")) == 204
