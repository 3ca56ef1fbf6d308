"""The agent's workspace on the server: the caller lookup and the category picker it asks while the agent types, the
articles told during the call linked when the ticket is saved, and every bad input answered without a trace."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from knowledge.models import ArticleUse
from tests.factories import ArticleFactory, TicketFactory
from tests.helpers import count, csrf_token, sign_in
from tickets import queries
from tickets import schemas as limits
from tickets.models import Ticket, TicketEvent

GOOD = {"category": "oswietlenie", "subject": "Latarnia nie świeci", "channel": "phone"}


def post_ticket(client: Any, **fields: str) -> Any:
    return client.post("/tickets/new", data={**GOOD, **fields, "csrf_token": csrf_token(client, "/tickets/new")})


@pytest.fixture
def agent(city: Any, client: Any, make_user: Any) -> Any:
    user = make_user("agent")
    sign_in(client, user.login)
    return user


# -- the caller lookup ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["600100200", "600 100 200", "+48 600-100-200", "(+48) 600 100 200", "0048600100200"])
def test_the_caller_is_found_in_every_form_people_say_the_number(agent: Any, client: Any, typed: str) -> None:
    earlier = TicketFactory(resident_phone="+48600100200", subject="Dziura na Lipowej", category="drogi-dziury")
    db.session.commit()
    response = client.get("/tickets/caller", query_string={"phone": typed})
    assert response.status_code == 200
    assert earlier.number in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "status", "said"),
    [
        ("", 200, "pojawią się tu w trakcie wpisywania"),
        ("600 1", 200, "To jeszcze nie jest pełny numer"),
        ("abc<script>", 200, "To jeszcze nie jest pełny numer"),
        ("6" * (limits.PHONE_TYPED_MAX + 1), 400, f"ma najwyżej {limits.PHONE_TYPED_MAX} znaków"),
        ("600 100 201", 200, "Brak wcześniejszych zgłoszeń z numeru"),
    ],
)
def test_a_number_not_yet_whole_or_too_long_is_answered_plainly(
    agent: Any, client: Any, typed: str, status: int, said: str
) -> None:
    response = client.get("/tickets/caller", query_string={"phone": typed})
    assert response.status_code == status
    assert said in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True)


def test_only_agents_look_callers_up(city: Any, client: Any, make_user: Any) -> None:
    sign_in(client, make_user("unit_staff").login)
    assert client.get("/tickets/caller?phone=600100200").status_code == 403
    assert client.get("/tickets/categories?q=latarnia").status_code == 403


# -- the category picker ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("latarnia", "oswietlenie"),
        ("latarni", "oswietlenie"),
        ("oswietlenei", "oswietlenie"),
        ("nieodebrane", "odpady-wywoz"),
        ("Odpady i czystość › Nieodebrane odpady", "odpady-wywoz"),
        ("DZIURA", "drogi-dziury"),
    ],
)
def test_the_picker_suggests_what_people_say(agent: Any, client: Any, typed: str, first: str) -> None:
    found = client.get("/tickets/categories", query_string={"q": typed}).get_json()["categories"]
    assert found[0]["code"] == first
    assert found[0]["label"].startswith(f"{first} — ")


def test_the_picker_lists_every_category_for_nothing_typed_and_nothing_for_nonsense(agent: Any, client: Any) -> None:
    everything = client.get("/tickets/categories").get_json()["categories"]
    assert [c["code"] for c in everything] == [
        c.code for c in sorted(queries.active_categories(), key=lambda c: c.path)
    ]
    assert client.get("/tickets/categories?q=qqqqzzz").get_json() == {"categories": []}
    long = client.get("/tickets/categories", query_string={"q": "latarnia " * 200})
    assert long.status_code == 200


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("oswietlenie", "oswietlenie"),
        ("oswietlenie — Oświetlenie uliczne", "oswietlenie"),
        ("Oświetlenie uliczne", "oswietlenie"),
        ("oswietlenie uliczne", "oswietlenie"),
        ("nieodebrane", "odpady-wywoz"),  # a few words that mean only one category are that category
        ("Odpady i czystość > Nieodebrane odpady", "odpady-wywoz"),
    ],
)
def test_the_form_takes_a_category_named_any_way(agent: Any, client: Any, typed: str, code: str) -> None:
    response = post_ticket(client, category=typed)
    assert response.status_code == 302, response.get_data(as_text=True)
    ticket = db.session.scalar(select(Ticket).order_by(Ticket.id.desc()))
    assert ticket.category.code == code


def test_a_category_that_is_not_one_is_answered_with_the_nearest(agent: Any, client: Any) -> None:
    before = count(Ticket)
    response = post_ticket(client, category="smieci", subject="Śmieci", resident_phone="600 100 200")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Czy chodzi o:" in page
    assert 'data-category="odpady — Odpady i czystość"' in page
    assert 'value="600 100 200"' in page  # nothing the caller said is lost
    assert count(Ticket) == before


# -- the articles told during the call --------------------------------------------------------------------------------


def test_articles_told_during_the_call_are_linked_when_the_ticket_is_saved(agent: Any, client: Any) -> None:
    first = ArticleFactory(slug="wymiana-dowodu", title="Wymiana dowodu osobistego", unit="DSO")
    second = ArticleFactory(slug="zgloszenie-awarii-latarni", title="Awaria latarni", unit="ZDT")
    db.session.commit()
    response = post_ticket(client, articles="wymiana-dowodu\nzgloszenie-awarii-latarni\nwymiana-dowodu")
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket).order_by(Ticket.id.desc()))
    uses = db.session.scalars(select(ArticleUse).where(ArticleUse.ticket_id == ticket.id).order_by(ArticleUse.id))
    assert [use.article_id for use in uses] == [first.id, second.id]
    events = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
    assert [e.detail["article"] for e in events if e.kind == "article_used"] == [first.title, second.title]

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="/kb/a/wymiana-dowodu"' in page  # unit staff see what the caller was told
    assert "powiązał(a) artykuł z bazy wiedzy „Awaria latarni”" in page


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        ("nie-ma-takiego", "W bazie wiedzy nie ma artykułu nie-ma-takiego."),
        ("szkic", "W bazie wiedzy nie ma artykułu szkic."),  # not published: nothing to have told the caller
        ("\n".join(f"a-{n}" for n in range(limits.ARTICLES_TOLD_MAX + 1)), "najwyżej 10 artykułów"),
        ("x" * 3000, "nie może mieć więcej niż 2000 znaków"),
    ],
)
def test_a_bad_article_refuses_the_ticket_and_writes_nothing(
    agent: Any, client: Any, articles: str, message: str
) -> None:
    ArticleFactory(slug="szkic", title="Szkic", published=False)
    db.session.commit()
    before = (count(Ticket), count(ArticleUse), count(TicketEvent))
    response = post_ticket(client, articles=articles, subject="Zostaje w formularzu")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="Zostaje w formularzu"' in page
    assert (count(Ticket), count(ArticleUse), count(TicketEvent)) == before


def test_a_ticket_opened_without_articles_has_none(agent: Any, client: Any) -> None:
    response = post_ticket(client)
    ticket = db.session.scalar(select(Ticket).order_by(Ticket.id.desc()))
    assert response.status_code == 302
    assert count(ArticleUse) == 0
    assert "Przekazano rozmówcy" not in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "articles" not in ticket.events[0].detail


# -- after saving, and the page's markup --------------------------------------------------------------------------


def test_the_saved_draft_is_forgotten_and_the_number_takes_the_focus(agent: Any, client: Any) -> None:
    response = post_ticket(client, draft_key="cct-draft:7:CA0123")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<meta name="cct-forget-draft" content="cct-draft:7:CA0123">' in page
    assert re.search(r"<h1 tabindex=\"-1\" data-focus-on-load>Zgłoszenie \d{4}/\d{6}", page)
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "cct-forget-draft" not in again  # once, right after saving
    assert "data-focus-on-load" not in again


def test_a_request_answered_after_the_save_cannot_undo_what_the_save_told_the_next_page(
    agent: Any, client: Any
) -> None:
    # The panel's search, sent while the agent typed, may be answered after the save; had its response carried the
    # session it started with, the browser would keep that cookie and the saved ticket's page would neither forget
    # the draft nor take the focus (seen as a flaky browser test under load).
    started_with = client.get_cookie("cct_session").value
    saved = post_ticket(client, draft_key="cct-draft:7:CA0456")
    assert saved.status_code == 302
    assert client.get_cookie("cct_session").value != started_with  # the save's word to the next page
    late = client.application.test_client()
    late.set_cookie("cct_session", started_with)
    answer = late.get("/kb/panel/search?q=opony")
    assert answer.status_code == 200
    assert "Set-Cookie" not in answer.headers
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert '<meta name="cct-forget-draft" content="cct-draft:7:CA0456">' in page
    assert "data-focus-on-load" in page
    again = client.get(saved.headers["Location"])  # a page with nothing to say to the next one changes nothing
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers


@pytest.mark.parametrize("path", ["/tickets/new", "/tickets/new?phone=600100200&call=CA" + "0" * 32])
def test_the_workspace_has_no_id_twice_and_no_optional_field_marked_required(
    agent: Any, client: Any, path: str
) -> None:
    TicketFactory(resident_phone="+48600100200")
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, seen in ids.items() if seen > 1] == []
    assert 'required="None"' not in page
    assert re.search(r'<input[^>]*id="subject"[^>]*required', page)  # a required field still says so
    assert not re.search(r'<input[^>]*id="address"[^>]*required', page)


def test_system_tickets_do_not_trip_the_article_listener(city: Any) -> None:
    ticket = TicketFactory(actor=SYSTEM)
    db.session.commit()
    assert count(ArticleUse) == 0
    assert ticket.events[0].kind == "created"
