"""The chancery desk in a real browser: the clerk registers a letter with its scan, opens a case from it, passes it
to the helpline as a ticket and prints the case list; every new page is checked with axe-core."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.browser import assert_accessible, sign_in

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_letter_from_the_register_to_a_ticket_and_the_case_list(page: Page) -> None:
    sign_in(page, "kancelaria")
    expect(page.get_by_role("heading", name="Kancelaria: dziś")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Kancelaria").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kancelaria")
    assert_accessible(page)

    page.get_by_role("link", name="Zarejestruj pismo").first.click()
    expect(page.get_by_label("Temat")).to_be_focused()
    assert_accessible(page)
    page.keyboard.type("Skarga: od trzech tygodni nie odebrano odpadów przy ul. Słonecznej")
    page.get_by_label("Rodzaj").select_option(label="skarga")
    page.get_by_label("Sposób wpływu").select_option(label="list polecony")
    page.get_by_label("Nadawca", exact=True).fill("Halina Żółtowska")
    page.get_by_label("Adres nadawcy").fill("ul. Słoneczna 5, 15-001 Białystok")
    page.get_by_label("Załączniki").fill("1")
    page.get_by_label("Skan (PDF, JPEG lub PNG)").set_input_files(
        files=[{"name": "skarga.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
    )
    page.get_by_role("button", name="Zarejestruj pismo").click()
    expect(page.get_by_role("status").first).to_contain_text("Pismo zarejestrowano pod numerem")
    heading = page.get_by_role("heading", level=1).inner_text()
    number = heading.removeprefix("Pismo ").strip()
    assert re.fullmatch(r"\d+/\d{4}", number), heading
    expect(page.get_by_role("link", name="skarga.pdf")).to_be_visible()
    letter_url = page.url
    assert_accessible(page)

    page.get_by_label("Klasa JRWA").select_option("1510")
    page.get_by_role("button", name="Załóż sprawę").click()
    expect(page.get_by_role("status").first).to_contain_text("Założono sprawę DKS-II.1510.")
    mark = page.get_by_role("heading", level=1).inner_text().removeprefix("Sprawa ").strip()
    expect(page.get_by_role("table", name="Metryka sprawy")).to_contain_text("Pismo dołączone do sprawy")
    assert_accessible(page)

    page.goto(letter_url)
    page.get_by_label("Kategoria zgłoszenia").select_option("odpady-wywoz")
    page.get_by_label("O co prosi mieszkaniec").fill("Prosi o odbiór odpadów i wyjaśnienie.")
    page.get_by_role("button", name="Utwórz zgłoszenie").click()
    expect(page.get_by_role("status").first).to_contain_text("Przekazano infolinii jako zgłoszenie")
    expect(page.get_by_text("infolinia (zgłoszenie)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=mark).first.click()
    expect(page.get_by_role("table", name="Metryka sprawy")).to_contain_text("Przekazane infolinii jako zgłoszenie")
    page.get_by_role("link", name=re.compile(r"^DKS-II\.1510 — ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spis spraw")
    expect(page.get_by_role("table", name="Spis spraw")).to_contain_text("Halina Żółtowska")
    assert_accessible(page)
    pdf = page.request.get(page.get_by_role("link", name="Drukuj (PDF)").get_attribute("href") or "")
    assert pdf.ok
    text = " ".join("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.body())).pages).split())
    assert "SPIS SPRAW" in text
    assert "Halina Żółtowska" in text

    page.goto("/")
    page.get_by_role("link", name="Rejestr przesyłek wychodzących", exact=True).first.click()
    expect(page.get_by_label("Adresat", exact=True)).to_be_focused()
    assert_accessible(page)
    page.get_by_role("link", name="Pocztowa książka nadawcza").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pocztowa książka nadawcza")
    expect(page.get_by_role("table", name="Pocztowa książka nadawcza")).to_contain_text("Wojewoda Podlaski")  # demo
    assert_accessible(page)
    for link in ("Sprawy", "JRWA", "Rejestr przesyłek wpływających"):
        page.goto("/")
        page.get_by_role("link", name=link, exact=True).first.click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    expect(page.get_by_role("table", name="Rejestr przesyłek wpływających")).to_contain_text(number)


def test_the_hr_registers_with_the_helpline_warning(page: Page) -> None:
    """The clerk sees the helpline's warning in the demo's leave plan, plans leave (Enter sends the form), opens the
    demo's trip, the attendance list and the exits; each page axe-clean."""
    sign_in(page, "kancelaria")
    page.goto("/chancery/hr/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawy kadrowe")
    expect(page.get_by_role("table", name="Pracownicy Departamentu")).to_contain_text("Marta Wójcik (demo)")
    assert_accessible(page)

    page.get_by_role("link", name="Plan urlopów").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan urlopów")
    expect(page.get_by_role("status").filter(has_text="konsultantami infolinii")).to_contain_text("z mniej niż 3")
    assert_accessible(page)
    page.get_by_label("Pracownik").select_option(label="Marta Wójcik (demo)")
    page.get_by_label("Pierwszy dzień").fill("2026-07-06")
    page.get_by_label("Ostatni dzień").fill("2026-07-10")
    page.get_by_label("Ostatni dzień").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Zaplanowano urlop: 5 dni roboczych.")
    expect(page.get_by_role("table", name="Zaplanowane okresy")).to_contain_text("Marta Wójcik (demo)")
    assert_accessible(page)

    page.get_by_role("link", name="Podróże służbowe").click()
    page.get_by_role("table", name="Ewidencja podróży służbowych").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Podróż służbowa")
    assert_accessible(page)

    page.get_by_role("link", name="Lista obecności").click()
    expect(page.get_by_role("region", name="Lista obecności")).to_contain_text("Karol Konsultant")
    assert_accessible(page)
    page.get_by_role("link", name="Wyjścia w godzinach pracy").click()
    expect(page.get_by_role("table", name="Ewidencja wyjść")).to_contain_text("wizyta u lekarza")
    assert_accessible(page)


def test_supplies_inventory_and_the_bip_from_the_clerks_side_and_the_public(page: Page) -> None:
    """The clerk issues the demo's approved request and publishes a BIP entry; a resident reads it at /bip with its
    metadata; every page axe-clean."""
    sign_in(page, "kancelaria")
    page.goto("/chancery/supplies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Materiały biurowe")
    expect(page.get_by_role("table", name="Stan magazynowy")).to_contain_text("do zamówienia")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Wydaj: Papier ksero")).click()
    expect(page.get_by_role("status").first).to_contain_text("Wydano: Papier ksero A4 80 g/m², 1 ryza.")
    assert_accessible(page)

    page.goto("/chancery/inventory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Księga inwentarzowa")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^DKS\/\d{4}\/0003$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Komputer stacjonarny (demo)")
    assert_accessible(page)

    page.goto("/chancery/bip/")
    page.get_by_label("Tytuł", exact=True).fill("Plan urlopów a obsada infolinii")
    page.get_by_label("Treść", exact=True).fill("W okresie świątecznym infolinia pracuje w zmniejszonej obsadzie.")
    page.get_by_label("Wytworzył(a) informację (lub odpowiada za treść)").fill("Robert Rzecznik")
    page.get_by_role("button", name="Opublikuj").click()
    expect(page.get_by_role("status").first).to_contain_text("Opublikowano w BIP.")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/bip/")
    entry = page.get_by_role("article", name="Plan urlopów a obsada infolinii")
    expect(entry).to_contain_text("Robert Rzecznik")
    expect(entry).to_contain_text("Kamil Kancelaryjny")
    assert_accessible(page)


def test_the_other_new_chancery_pages_are_accessible(page: Page) -> None:
    """The pages the walks above do not reach: a person's HR record with its job description, a new employee, the
    per-diem rates, the Director's view, a member of staff asking for supplies, and a BIP entry's public page."""
    sign_in(page, "kancelaria")
    page.goto("/chancery/hr/")
    page.get_by_role("table", name="Pracownicy Departamentu").get_by_role("link", name="Kamil Kancelaryjny").click()
    expect(page.get_by_role("heading", level=2, name="Zakres czynności")).to_be_visible()
    expect(page.get_by_text("pracownik jeszcze się nie zapoznał")).to_be_visible()
    assert_accessible(page)
    for path, heading in (("/chancery/hr/employees/new", "Dodaj pracownika"), ("/chancery/hr/rates", "Stawki diet")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    expect(page.get_by_role("table", name="Stawki diet")).to_contain_text("45,00")

    page.context.clear_cookies()
    sign_in(page, "konsultant")
    page.goto("/chancery/supplies/mine")
    expect(page.get_by_role("table", name="Moje zapotrzebowania")).to_contain_text("Długopis niebieski")
    assert_accessible(page)
    expect(page.get_by_role("link", name="Sprawy kadrowe")).to_have_count(0)

    page.context.clear_cookies()
    page.goto("/bip/")
    page.get_by_role("link", name="Godziny pracy infolinii (demo)").first.click()
    expect(page.get_by_role("table", name="Rejestr zmian")).to_contain_text("doprecyzowanie dni pracy infolinii")
    assert_accessible(page)
