"""The workspace's "answered from the knowledge base": a call on the line, a call on a desk phone, or a resident at the
desk is closed with the articles the agent told, and no ticket; refused, nothing is written and the agent goes back
to the workspace (whose draft in the browser keeps what was typed)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from knowledge import operations as kb
from knowledge.models import ArticleUse
from telephony import queries as call_queries
from telephony.models import Call, TelephonyEvent
from tests.helpers import csrf_token, sign_in
from tests.telephony.conftest import CALLER, Twilio
from tickets import operations as tickets
from tickets import schemas as ticket_limits
from tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("city", "office_open")
SID = "CA" + "e" * 32


@pytest.fixture
def articles() -> list[str]:
    slugs = []
    for slug, title in (("wywoz", "Wywóz odpadów"), ("dowod", "Dowód osobisty")):
        article = kb.save(
            SYSTEM, kb.ArticleInput(slug=slug, title=title, body="Treść.", unit="DGK", tags=[], visibility="public")
        )
        kb.publish(SYSTEM, article)
        slugs.append(slug)
    db.session.commit()
    return slugs


@pytest.fixture
def agent(client: Any, make_user: Any) -> Any:
    user = make_user("agent")
    sign_in(client, user.login)
    return user


def answer(client: Any, **fields: str) -> Any:
    """The workspace's form sent by its "answered from the knowledge base" button."""
    token = csrf_token(client, "/tickets/new")
    data = {"csrf_token": token, "channel": "phone", "draft_key": "cct-draft:1:x", **fields}
    return client.post("/telephony/answered", data=data)


def counts() -> tuple[int, int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(Call)) or 0,
        db.session.scalar(select(func.count()).select_from(ArticleUse)) or 0,
        db.session.scalar(select(func.count()).select_from(Ticket)) or 0,
    )


def test_the_call_on_the_line_closes_with_the_articles_told(
    client: Any, agent: Any, twilio: Twilio, articles: list[str]
) -> None:
    twilio.post("/telephony/voice", Twilio.call(SID))
    workspace = client.get(f"/tickets/new?call={SID}&phone={CALLER}").get_data(as_text=True)
    assert "Załatwione z bazy wiedzy" in workspace
    assert "bez zgłoszenia: zamyka połączenie" in workspace
    response = answer(client, call_sid=SID, articles="wywoz\ndowod\nwywoz", description="Podano harmonogram")
    assert response.status_code == 303
    assert response.headers["Location"] == "/telephony/console"
    page = client.get("/telephony/console").get_data(as_text=True)
    assert "Połączenie zamknięte jako odpowiedź z bazy wiedzy (artykuły: 2)" in page
    assert '<meta name="cct-forget-draft" content="cct-draft:1:x">' in page
    assert "cct-forget-draft" not in client.get("/telephony/console").get_data(as_text=True)  # said once
    db.session.expire_all()
    call = db.session.scalars(select(Call).where(Call.call_sid == SID)).one()
    assert (call.handled_as, call.note, call.agent_id) == ("knowledge_base", "Podano harmonogram", agent.id)
    assert sorted(db.session.scalars(select(ArticleUse.call_sid))) == [SID, SID]
    assert counts()[2] == 0  # no ticket
    kinds = db.session.scalars(select(TelephonyEvent.kind).where(TelephonyEvent.call_id == call.id)).all()
    assert "answered_from_knowledge_base" in kinds
    log = client.get("/telephony/calls").get_data(as_text=True)
    assert '<a href="/kb/a/wywoz">Wywóz odpadów</a>' in log


def test_a_resident_at_the_desk_is_logged_without_a_phone_and_is_no_call(
    client: Any, agent: Any, articles: list[str]
) -> None:
    workspace = client.get("/tickets/new").get_data(as_text=True)
    assert "bez zgłoszenia: zapisuje kontakt" in workspace
    response = answer(client, channel="walk_in", articles="dowod")
    assert response.headers["Location"] == "/tickets/new"
    db.session.expire_all()
    call = db.session.scalars(select(Call)).one()
    assert (call.twilio_status, call.from_number, call.outcome) == ("in_person", "", "answered")
    assert call.handled_as == "knowledge_base"
    assert db.session.scalars(select(ArticleUse.call_sid)).all() == [call.call_sid]
    now = utcnow()
    assert call_queries.calls_between(now - timedelta(hours=1), now + timedelta(hours=1)) == []
    assert "Kontakt zapisany jako załatwiony z bazy wiedzy (artykuły: 1)" in client.get("/tickets/new").get_data(
        as_text=True
    )
    log = client.get("/telephony/calls").get_data(as_text=True)
    assert "wizyta osobista" in log


def test_a_desk_phone_call_is_logged_with_the_number_as_typed(client: Any, agent: Any, articles: list[str]) -> None:
    answer(client, resident_phone="600 100 200", articles="wywoz")
    db.session.expire_all()
    call = db.session.scalars(select(Call)).one()
    assert (call.twilio_status, call.from_number, call.handled_as) == ("manual", "+48600100200", "knowledge_base")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"articles": ""}, "Najpierw zaznacz artykuł"),
        ({"articles": "nie-ma-takiego"}, "W bazie wiedzy nie ma artykułu nie-ma-takiego"),
        ({"articles": "wywoz", "resident_phone": "12"}, "12 nie jest poprawnym numerem telefonu"),
        (
            {"articles": "\n".join(f"a-{n}" for n in range(ticket_limits.ARTICLES_TOLD_MAX + 1))},
            "najwyżej 10 artykułów",
        ),
        ({"articles": "wywoz", "description": "x" * (ticket_limits.DESCRIPTION_MAX + 1)}, "skróć opis"),
    ],
)
def test_refused_without_a_trace_and_back_to_the_workspace(
    client: Any, agent: Any, articles: list[str], fields: dict[str, str], message: str
) -> None:
    response = answer(client, **fields)
    assert response.status_code == 303
    assert response.headers["Location"] == "/tickets/new"
    page = client.get("/tickets/new").get_data(as_text=True)
    assert message in page
    assert "cct-forget-draft" not in page  # the draft stays: the agent goes on where they were
    assert counts() == (0, 0, 0)


def test_refused_for_a_call_that_has_a_ticket_or_does_not_exist(
    client: Any, agent: Any, twilio: Twilio, articles: list[str]
) -> None:
    twilio.post("/telephony/voice", Twilio.call(SID))
    tickets.create_ticket(agent, tickets.TicketInput(subject="Dziura", category="drogi", call_sid=SID))
    db.session.commit()
    answer(client, call_sid=SID, articles="wywoz")
    page = client.get(f"/tickets/new?call={SID}").get_data(as_text=True)
    assert "Do tego połączenia otwarto już zgłoszenie" in page
    assert counts()[1] == 0
    unknown = "CA" + "f" * 32
    response = answer(client, call_sid=unknown, articles="wywoz")
    assert response.headers["Location"] == f"/tickets/new?call={unknown}"
    assert "Nie ma takiego połączenia" in client.get("/tickets/new").get_data(as_text=True)
    assert counts()[1] == 0


def test_refused_to_whom_handles_no_calls_and_without_a_token(client: Any, articles: list[str], make_user: Any) -> None:
    assert client.post("/telephony/answered", data={"articles": "wywoz"}).status_code == 400  # no CSRF token
    unit_staff = make_user("unit_staff")
    sign_in(client, unit_staff.login)
    token = csrf_token(client, "/account")
    refused = client.post("/telephony/answered", data={"csrf_token": token, "articles": "wywoz"})
    assert refused.status_code == 403
    assert client.post("/telephony/answered", data={"articles": "wywoz"}).status_code == 400  # signed in, no token
    assert counts() == (0, 0, 0)
