"""Knowledge-base screens as staff and residents use them."""

from __future__ import annotations

from typing import Any

import pytest

from cct import db
from cct.auth.actors import SYSTEM
from cct.office_calendar import local_today
from knowledge import operations as kb_ops
from knowledge import queries as kb_queries
from knowledge import views
from knowledge.models import Article, ArticleSuggestion
from knowledge.schemas import ArticleInput
from tests import city
from tests.helpers import count, csrf_token, sign_in
from tests.knowledge.conftest import run_jobs
from tickets import operations as ticket_ops


@pytest.fixture
def articles(publish: Any) -> None:
    publish(
        "odpady",
        "Harmonogram odbioru odpadów",
        "**Śmieci** odbiera firma.\n\n<script>alert(1)</script>",
        unit="DGK",
        tags=("śmieci",),
    )
    publish("latarnie", "Zgłaszanie latarni", "Latarnia nie świeci.", unit="ZDT", visibility="internal")


def page(client: Any, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def test_agent_searches_and_reads(client: Any, make_user: Any, articles: Any) -> None:
    sign_in(client, make_user("agent").login)
    results = page(client, "/kb/?q=smieci")
    assert "Harmonogram odbioru odpadów" in results
    assert "Znaleziono 1 artykuł." in results
    article = page(client, "/kb/a/odpady")
    assert "<strong>Śmieci</strong>" in article
    assert "<script>alert(1)</script>" not in article
    nothing = page(client, "/kb/?q=zupełnie+nic+takiego")
    assert nothing.count("Nic nie znaleziono") == 1
    assert "Znaleziono 0" not in nothing  # said once, not "0 found" and then "nothing found"
    page(client, "/kb/a/nope", 404)
    page(client, "/kb/new", 403)


def test_a_search_page_says_when_it_shows_fewer_than_matched(
    client: Any, make_user: Any, articles: Any, monkeypatch: Any
) -> None:
    """Defect (walk): "Znaleziono 33 artykuły." above a list of 20, and nothing said of the other 13."""
    sign_in(client, make_user("agent").login)
    assert "Pokazano" not in page(client, "/kb/?q=odpady+latarnia")
    monkeypatch.setattr(views, "PAGE_LIMIT", 1)
    results = page(client, "/kb/?q=odpady+latarnia")
    assert "Znaleziono 2 artykuły. Pokazano najlepiej pasujący: zawęź wyszukiwanie" in " ".join(results.split())
    assert results.count('<li><a href="/kb/a/') == 1


def test_panel_search_and_fragment(client: Any, make_user: Any, articles: Any) -> None:
    sign_in(client, make_user("agent").login)
    found = client.get("/kb/panel/search?q=latarnia").get_json()
    assert [r["slug"] for r in found["results"]] == ["latarnie"]
    assert found["results"][0]["panel_url"] == "/kb/panel/a/latarnie"
    assert client.get("/kb/panel/search?q=").get_json() == {"results": [], "total": 0}
    fragment = page(client, "/kb/panel/a/latarnie")
    assert "Latarnia nie świeci." in fragment
    assert "<html" not in fragment


def test_using_an_article_for_a_ticket(client: Any, make_user: Any, articles: Any, units: Any) -> None:
    city.build_categories()
    ticket = ticket_ops.create_ticket(SYSTEM, ticket_ops.TicketInput(subject="Latarnia", category="oswietlenie"))
    db.session.commit()
    sign_in(client, make_user("agent").login)
    assert "kb-panel" in page(client, f"/tickets/{ticket.year}/{ticket.seq}")
    token = csrf_token(client, "/kb/a/odpady")
    used = client.post(
        "/kb/a/odpady/use",
        data={"use-csrf_token": token, "use-ticket": ticket.number},
        headers={"Accept": "application/json"},
    )
    assert used.get_json()["use_count"] == 1
    again = client.post("/kb/a/odpady/use", data={"use-csrf_token": token, "use-ticket": ticket.number})
    assert again.status_code == 303
    # a call's identifier comes from the panel, in a field no page shows: its refusal is said on top
    bad_call = client.post("/kb/a/odpady/use", data={"use-csrf_token": token, "use-call": "nie-identyfikator"})
    assert bad_call.status_code == 400
    assert 'role="alert">Nie jest to identyfikator połączenia' in bad_call.get_data(as_text=True)
    wrong = client.post(
        "/kb/a/odpady/use",
        data={"use-csrf_token": token, "use-ticket": "2026/999999"},
        headers={"Accept": "application/json"},
    )
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["field"] == "ticket"
    # on the page: the page again, the message by the field, the number as typed (it was emptied, the message on top)
    typed = client.post("/kb/a/odpady/use", data={"use-csrf_token": token, "use-ticket": "2026/999999"})
    assert typed.status_code == 400
    shown = typed.get_data(as_text=True)
    assert 'value="2026/999999"' in shown
    assert "Nie ma zgłoszenia o numerze 2026/999999." in shown.split('id="use-ticket"')[1]
    assert kb_queries.by_slug("odpady").use_count == 1


def test_unit_staff_write_and_submit_editor_publishes(client: Any, make_user: Any, units: Any) -> None:
    staff = make_user("unit_staff", units=("ZDT",))
    sign_in(client, staff.login)
    form = page(client, "/kb/new")
    assert 'value="ZDT"' in form
    assert 'value="DGK"' not in form  # only the staff member's own units
    token = csrf_token(client, "/kb/new")
    refused = client.post("/kb/new", data={"csrf_token": token, "title": "", "unit": "ZDT", "visibility": "public"})
    assert refused.status_code == 400
    assert count(Article) == 0
    created = client.post(
        "/kb/new",
        data={
            "csrf_token": token,
            "title": "Dziury w jezdni",
            "unit": "ZDT",
            "visibility": "public",
            "body": "Zgłoś *dziurę*.",
            "tags": "dziura, wyrwa",
        },
    )
    assert created.status_code == 302
    assert created.headers["Location"].endswith("/kb/a/dziury-w-jezdni?draft=1")
    status_token = csrf_token(client, "/kb/a/dziury-w-jezdni?draft=1")
    client.post("/kb/a/dziury-w-jezdni/status", data={"status-csrf_token": status_token, "status-action": "submit"})
    assert kb_queries.by_slug("dziury-w-jezdni").status == "in_review"
    refused = client.post(
        "/kb/a/dziury-w-jezdni/status", data={"status-csrf_token": status_token, "status-action": "publish"}
    )
    assert refused.status_code == 403  # the page again, saying why
    assert "Może to zrobić tylko redaktor bazy wiedzy." in refused.get_data(as_text=True)
    assert kb_queries.by_slug("dziury-w-jezdni").status == "in_review"

    editor_client = units.test_client()
    sign_in(editor_client, make_user("editor").login)
    token = csrf_token(editor_client, "/kb/a/dziury-w-jezdni?draft=1")
    editor_client.post("/kb/a/dziury-w-jezdni/status", data={"status-csrf_token": token, "status-action": "publish"})
    assert kb_queries.by_slug("dziury-w-jezdni").status == "published"
    run_jobs(units)
    assert "Dziury w jezdni" in page(units.test_client(), "/faq/?q=dziura")


def test_edit_conflict_revisions_diff_and_restore(client: Any, make_user: Any, articles: Any) -> None:
    sign_in(client, make_user("editor").login)
    edit = page(client, "/kb/a/odpady/edit")
    token = csrf_token(client, "/kb/a/odpady/edit")
    article = kb_queries.by_slug("odpady")
    data = {
        "csrf_token": token,
        "title": "Odbiór odpadów",
        "unit": "DGK",
        "visibility": "public",
        "body": "Śmieci odbiera miejska firma.",
        "tags": "śmieci",
        "version": str(article.version),
    }
    assert "Harmonogram odbioru odpadów" in edit
    assert client.post("/kb/a/odpady/edit", data=data).status_code == 302
    stale = client.post("/kb/a/odpady/edit", data=data | {"title": "Inny"})
    assert stale.status_code == 409
    assert "Ktoś inny zmienił" in stale.get_data(as_text=True)
    diff = page(client, "/kb/a/odpady/revisions/2")
    assert "<ins>miejska </ins>" in diff or "<ins>miejska</ins>" in diff
    assert "<del>" in diff
    published = page(client, "/kb/a/odpady")  # readers still get the published text; editors are told of the rest
    assert "Harmonogram odbioru odpadów" in published
    assert "Nowsza wersja robocza czeka na publikację" in published
    assert "Odbiór odpadów" in page(client, "/kb/a/odpady?draft=1")
    restore_token = csrf_token(client, "/kb/a/odpady/revisions/1")
    client.post(
        "/kb/a/odpady/revisions/1/restore", data={"restore-csrf_token": restore_token, "restore-action": "restore"}
    )
    assert kb_queries.by_slug("odpady").title == "Harmonogram odbioru odpadów"
    assert "Przywrócono wersję 1" in page(client, "/kb/a/odpady/revisions")


def test_unpublished_revisions_only_for_those_who_may_edit(units: Any, make_user: Any, articles: Any) -> None:
    """Defect (issue 13): the revisions of a published article, drafts among them, were readable by every staff role.
    Now the owning unit's staff and editors read them (knowledge.policy.can_read_drafts); others get the published
    text, in pages and in the API alike."""
    article = kb_queries.by_slug("odpady")
    kb_ops.save(
        SYSTEM,
        ArticleInput("Odbiór odpadów — szkic", "Tekst roboczy", "DGK", ["śmieci"], "public"),
        article=article,
    )
    db.session.commit()
    drafts = ("/kb/a/odpady/revisions", "/kb/a/odpady/revisions/2", "/kb/a/odpady/revisions/1")
    for role, units_of in (("agent", ()), ("supervisor", ()), ("unit_staff", ("ZDT",))):
        reader = units.test_client()
        sign_in(reader, make_user(role, units=units_of).login)
        for path in drafts:
            page(reader, path, 404)
        for shown in (page(reader, "/kb/a/odpady"), page(reader, "/kb/a/odpady?draft=1")):
            assert "Harmonogram odbioru odpadów" in shown
            assert "szkic" not in shown
    for role, units_of in (("unit_staff", ("DGK",)), ("editor", ())):
        owner = units.test_client()
        sign_in(owner, make_user(role, units=units_of).login)
        assert "roboczy" in page(owner, "/kb/a/odpady/revisions/2")
        assert "szkic" in page(owner, "/kb/a/odpady?draft=1")


def test_a_forms_next_never_leaves_the_site(client: Any, make_user: Any, articles: Any) -> None:
    """Issue 18, defect 8: a tab in `next` ("/<tab>/evil.example") is "//evil.example" to a browser."""
    sign_in(client, make_user("agent").login)
    token = csrf_token(client, "/kb/a/odpady")
    for target in ("/\t/evil.example", "https://evil.example/", "/\n/x"):
        data = {"feedback-csrf_token": token, "feedback-helped": "1", "next": target}
        response = client.post("/kb/a/odpady/feedback", data=data)
        assert (response.status_code, response.headers["Location"]) == (303, "/kb/a/odpady")
    back = client.post(
        "/kb/a/odpady/feedback", data={"feedback-csrf_token": token, "feedback-helped": "1", "next": "/"}
    )
    assert back.headers["Location"] == "/"


def test_feedback_and_suggestions_reach_the_unit(client: Any, make_user: Any, articles: Any, units: Any) -> None:
    sign_in(client, make_user("agent").login)
    token = csrf_token(client, "/kb/a/odpady")
    client.post("/kb/a/odpady/feedback", data={"feedback-csrf_token": token, "feedback-helped": "1"})
    client.post("/kb/a/odpady/suggest", data={"suggestion-csrf_token": token, "suggestion-body": "Dodać telefon"})
    empty = client.post("/kb/a/odpady/suggest", data={"suggestion-csrf_token": token, "suggestion-body": " "})
    assert empty.status_code == 400  # the page again, the message by the field it is about
    assert "To pole jest wymagane." in empty.get_data(as_text=True).split('id="suggestion-body"')[1]
    assert count(ArticleSuggestion) == 1
    assert kb_queries.by_slug("odpady").helped_count == 1
    other_unit = units.test_client()
    sign_in(other_unit, make_user("unit_staff", units=("ZDT",)).login)
    assert "Dodać telefon" not in page(other_unit, "/kb/suggestions")
    owner = units.test_client()
    sign_in(owner, make_user("unit_staff", units=("DGK",)).login)
    listing = page(owner, "/kb/suggestions")
    assert "Dodać telefon" in listing
    suggestion = db.session.query(ArticleSuggestion).one()
    close_token = csrf_token(owner, "/kb/suggestions")
    owner.post(f"/kb/suggestions/{suggestion.id}", data={"csrf_token": close_token, "outcome": "done"})
    assert "Dodać telefon" not in page(owner, "/kb/suggestions")


def test_stale_list_and_synonyms_page(client: Any, make_user: Any, articles: Any) -> None:
    article = kb_queries.by_slug("odpady")
    article.review_by = local_today().replace(year=2000)
    db.session.commit()
    sign_in(client, make_user("editor").login)
    assert "Harmonogram odbioru odpadów" in page(client, "/kb/stale")
    assert "due for review" not in page(client, "/kb/a/odpady")
    assert "do przeglądu" in page(client, "/kb/a/odpady")
    token = csrf_token(client, "/kb/synonyms")
    refused = client.post("/kb/synonyms", data={"csrf_token": token, "synonyms": "auto, samochód\nsamotne"})
    assert refused.status_code == 400
    assert "Wiersz 2" in refused.get_data(as_text=True)
    saved = client.post("/kb/synonyms", data={"csrf_token": token, "synonyms": "legitymacja, dowód osobisty"})
    assert saved.status_code == 302
    assert kb_queries.synonyms_text() == "legitymacja, dowód osobisty"


def test_faq_for_residents(units: Any, articles: Any, publish: Any, monkeypatch: Any) -> None:
    client = units.test_client()
    listing = page(client, "/faq/")
    assert "Harmonogram odbioru odpadów" in listing
    assert "Zgłaszanie latarni" not in listing  # internal
    page(client, "/faq/latarnie", 404)
    # an article its unit is changing stays listed, as published (it was left out until published again)
    article = kb_queries.by_slug("odpady")
    kb_ops.save(SYSTEM, ArticleInput.of(article, "DGK", title="Harmonogram — SZKIC"), article=article)
    db.session.commit()
    assert article.status == "draft"
    listing = page(client, "/faq/")
    assert "Harmonogram odbioru odpadów" in listing
    assert "SZKIC" not in listing
    shown = page(client, "/faq/odpady")
    assert "<strong>Śmieci</strong>" in shown
    assert "<script>alert" not in shown
    assert "Harmonogram" in page(client, "/faq/?q=wywoz+smieci")
    publish("wywoz", "Wywóz mebli", "Meble odbiera firma.", unit="DGK")
    assert "Pokazano" not in page(client, "/faq/?q=odbiera+firma")
    monkeypatch.setattr(views, "PAGE_LIMIT", 1)
    assert "Znaleziono 2 odpowiedzi. Pokazano najlepiej pasującą: dodaj słowa" in " ".join(
        page(client, "/faq/?q=odbiera+firma").split()
    )
    nothing = page(client, "/faq/?q=zupełnie+nic+takiego")
    assert nothing.count("Nic nie znaleziono") == 1
    assert "Znaleziono 0" not in nothing


def test_an_article_shows_five_questions_and_the_rest_behind_one_disclosure(
    client: Any, make_user: Any, units: Any, publish: Any
) -> None:
    asked = tuple(f"Pytanie numer {n} o wywóz?" for n in range(1, 8))
    publish("wywoz", "Wywóz odpadów", "Odpady odbiera firma.", unit="DGK", questions=asked)
    publish("bilety", "Bilety", "Bilety w automatach.", unit="ZDT", questions=asked[:5])
    resident = units.test_client()
    sign_in(client, make_user("agent").login)
    for shown in (page(resident, "/faq/wywoz"), page(client, "/kb/a/wywoz")):
        listed, hidden = shown.split('<details class="kb-questions-more">')
        assert all(question in listed for question in asked[:5])
        assert "<summary>2 kolejne pytania</summary>" in hidden
        assert all(question in hidden and question not in listed for question in asked[5:])
    assert "kb-questions-more" not in page(resident, "/faq/bilety")  # five need no disclosure
    assert all(question in page(resident, "/faq/bilety") for question in asked[:5])
