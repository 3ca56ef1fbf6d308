"""The knowledge base in a real browser: an agent types a query while the caller talks and opens an article beside
the ticket, then links it to the ticket; residents search the FAQ. Every screen passes axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, sign_in


def test_agent_finds_an_article_while_typing_and_uses_it_for_the_ticket(page: Page) -> None:
    sign_in(page, "konsultant")
    page.get_by_role("link", name="Nowe zgłoszenie").first.click()
    panel = page.get_by_role("region", name="Baza wiedzy")
    panel.get_by_label("Szukaj w trakcie rozmowy").type("smieci w lesie", delay=20)  # no Polish letters
    first = panel.get_by_role("option").first
    expect(first).to_contain_text("Nielegalne wysypiska odpadów", timeout=20_000)  # a fresh server loads its dictionary
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    article = panel.locator(".kb-panel-doc")
    expect(article.get_by_role("heading", level=3)).to_have_text("Nielegalne wysypiska odpadów")
    expect(article).to_contain_text("Straż Miejska")
    assert_accessible(page)

    # the caller's matter needs a ticket after all: open it, then link the article from the ticket's page
    page.get_by_label("Kategoria").fill("odpady-wysypisko — Dzikie wysypisko")
    page.get_by_label("Temat").fill("Opony w lesie przy Baranowickiej")
    page.get_by_role("button", name="Przyjmij zgłoszenie").click()
    number = re.search(r"\d{4}/\d{6}", page.get_by_role("heading", level=1).inner_text()).group(0)
    expect(page.get_by_role("heading", level=1)).to_be_focused()  # the page's script has run; a person is never faster
    panel = page.get_by_role("region", name="Baza wiedzy")
    panel.get_by_label("Szukaj w trakcie rozmowy").type("porzucone opony", delay=20)
    expect(panel.get_by_role("option").first).to_contain_text("Nielegalne wysypiska odpadów", timeout=20_000)
    panel.get_by_role("option").first.click()
    panel.get_by_role("button", name=f"Użyj tego artykułu w zgłoszeniu {number}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Artykuł powiązano ze zgłoszeniem {number}")
    assert_accessible(page)


def test_knowledge_pages_and_the_public_faq(page: Page) -> None:
    sign_in(page, "konsultant")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Baza wiedzy").click()
    page.get_by_label("O co pyta dzwoniący?").fill("basen godziny otwarcia")
    reports: list[str] = []
    page.on("request", lambda r: reports.append(r.post_data or "") if r.url.endswith("/kb/panel/searched") else None)
    page.get_by_role("button", name="Szukaj").click()
    with page.expect_request(lambda r: r.url.endswith("/kb/panel/searched") and "basen-bilety" in (r.post_data or "")):
        # following a result tells the search which article answered (knowledge.learned), as the panel does
        page.get_by_role("link", name="Baseny miejskie – bilety i godziny otwarcia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Baseny miejskie – bilety i godziny otwarcia")
    assert_accessible(page)
    # back to the results: the same search, not one more (it was counted twice, and the editors' figures with it)
    page.go_back()
    expect(page.get_by_role("link", name="Baseny miejskie – bilety i godziny otwarcia")).to_be_visible()
    page.wait_for_load_state("networkidle")  # a beacon the page sent would be out by now
    assert len([data for data in reports if 'name="slug"' not in data]) == 1, reports
    page.go_forward()
    page.get_by_role("button", name="Pomógł", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Dziękujemy")

    resident = page.context.browser.new_context(base_url=page.url.split("/kb")[0], locale="pl-PL", bypass_csp=True)
    faq = resident.new_page()
    faq.goto("/faq/")
    assert_accessible(faq)
    faq.get_by_label("Czego szukasz?").fill("zaswiadczenie o niezaleganiu")
    faq.get_by_role("button", name="Szukaj").click()
    faq.get_by_role("link", name="Zaświadczenie o niezaleganiu w podatkach lokalnych").click()
    expect(faq.get_by_role("heading", level=1)).to_have_text("Zaświadczenie o niezaleganiu w podatkach lokalnych")
    assert_accessible(faq)
    resident.close()


def test_what_an_agent_could_not_find_reaches_the_editors_and_becomes_a_question(page: Page) -> None:
    sign_in(page, "konsultant")
    page.get_by_role("link", name="Nowe zgłoszenie").first.click()
    panel = page.get_by_role("region", name="Baza wiedzy")
    box = panel.get_by_label("Szukaj w trakcie rozmowy")
    with page.expect_response(lambda r: r.url.endswith("/kb/panel/searched")) as reported:
        box.type("okienko kasowe zamkniete", delay=20)  # nothing answers it; the agent pauses on it
    assert reported.value.status == 204

    editor = page.context.browser.new_context(base_url=page.url.split("/tickets")[0], locale="pl-PL", bypass_csp=True)
    desk = editor.new_page()
    sign_in(desk, "redaktor")
    desk.goto("/kb/searches")
    row = desk.get_by_role("row").filter(has_text="okienko kasowe zamkniete")
    expect(row).to_be_visible()
    assert_accessible(desk)
    row.get_by_label("Artykuł dla „okienko kasowe zamkniete”").fill("platnosci-w-urzedzie")
    row.get_by_role("button", name="Dodaj jako pytanie").click()
    expect(desk.get_by_role("status").first).to_contain_text("Wyszukiwanie jest teraz pytaniem")
    editor.close()

    for _attempt in range(20):  # the index follows the published question through a job, within moments
        box.fill("")
        box.type("okienko kasowe zamkniete", delay=10)
        try:
            expect(panel.get_by_role("option").first).to_contain_text("Opłaty w urzędzie", timeout=1_000)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("the question did not reach the search")
