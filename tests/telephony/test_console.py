"""The agent console: the caller pops up, one agent takes the call, the call ends in a ticket or an answer from the
knowledge base; presence."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from knowledge.models import ArticleUse
from telephony import queries as call_queries
from telephony.models import AgentPresence, Call, TelephonyEvent
from tests.helpers import csrf_token, sign_in
from tests.telephony.conftest import CALLER, Twilio
from tickets import operations as tickets
from tickets import queries as ticket_queries

pytestmark = pytest.mark.usefixtures("city", "office_open")
SID = "CA" + "d" * 32


@pytest.fixture
def ringing(twilio: Twilio) -> str:
    twilio.post("/telephony/voice", Twilio.call(SID))
    twilio.post("/telephony/ivr?step=menu", Twilio.call(SID, "in-progress", Digits="2"))
    return SID


def agent(client: Any, make_user: Any, status: str = "available") -> Any:
    user = make_user("agent")
    sign_in(client, user.login)
    post(client, "/telephony/console/presence", status=status)
    return user


def post(client: Any, path: str, **form: str) -> Any:
    token = csrf_token(client, "/telephony/console")
    return client.post(path, data={**form, "csrf_token": token}, follow_redirects=True)


def call_row() -> Call:
    db.session.expire_all()
    return db.session.scalars(select(Call).where(Call.call_sid == SID)).one()


def test_the_caller_pops_up_with_their_history(client: Any, make_user: Any, ringing: str) -> None:
    earlier = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(subject="Dziura", category="drogi", resident_name="Anna Nowak", resident_phone=CALLER),
    )
    db.session.commit()
    agent(client, make_user)
    fragment = client.get("/telephony/console/calls").get_data(as_text=True)
    assert f"Połączenie od {CALLER}" in fragment
    assert "Anna Nowak" in fragment
    assert earlier.number in fragment
    assert "Wybrano: odpady i czystość" in fragment
    assert "Odbieram" in fragment
    page = client.get("/telephony/console").get_data(as_text=True)
    assert f"Połączenie od {CALLER}" in page


def test_one_agent_takes_the_call_and_others_no_longer_see_it(
    client: Any, make_user: Any, ringing: str, app: Any
) -> None:
    first = agent(client, make_user)
    page = post(client, f"/telephony/calls/{SID}/take").get_data(as_text=True)
    assert f"Rozmawiasz z {CALLER}" in page
    assert call_row().agent_id == first.id
    assert db.session.get(AgentPresence, first.id).status == "busy"  # type: ignore[union-attr]
    assert f"call={SID}" in page  # "open a ticket" carries the call
    assert f'data-call="{SID}"' in page  # the knowledge panel notes articles for this call

    other = app.test_client()
    agent(other, make_user)
    assert f"Połączenie od {CALLER}" not in other.get("/telephony/console/calls").get_data(as_text=True)
    refused = post(other, f"/telephony/calls/{SID}/take").get_data(as_text=True)
    assert "Inny konsultant już odebrał to połączenie." in refused
    assert call_row().agent_id == first.id


def test_ticket_opened_during_the_call_is_linked_to_it(client: Any, make_user: Any, ringing: str) -> None:
    user = agent(client, make_user)
    post(client, f"/telephony/calls/{SID}/take")
    form_page = client.get(f"/tickets/new?phone={CALLER}&call={SID}").get_data(as_text=True)
    assert re.search(rf'name="call_sid"[^>]*value="{SID}"', form_page)
    token = csrf_token(client, "/tickets/new")
    response = client.post(
        "/tickets/new",
        data={
            "csrf_token": token,
            "resident_phone": CALLER,
            "category": "odpady",
            "subject": "Nieodebrane śmieci",
            "channel": "phone",
            "call_sid": SID,
        },
    )
    assert response.status_code == 302
    call = call_row()
    linked = ticket_queries.summaries(call_queries.ticket_ids(call))
    assert [t.subject for t in linked.values()] == ["Nieodebrane śmieci"]
    assert call.handled_as == "ticket"
    (opened,) = db.session.scalars(select(TelephonyEvent).where(TelephonyEvent.kind == "ticket_opened"))
    assert (opened.call_id, opened.actor_id) == (call.id, user.id)  # the agent, on the call's timeline too


def test_forged_call_id_on_a_ticket_is_refused(client: Any, make_user: Any) -> None:
    agent(client, make_user)
    token = csrf_token(client, "/tickets/new")
    data = {"csrf_token": token, "category": "odpady", "subject": "x", "channel": "phone", "call_sid": "nope"}
    response = client.post("/tickets/new", data=data)
    assert response.status_code == 400
    assert "Nie jest to identyfikator połączenia" in response.get_data(as_text=True)


def test_answered_from_the_knowledge_base(client: Any, make_user: Any, ringing: str) -> None:
    from knowledge import operations as kb

    user = agent(client, make_user)
    post(client, f"/telephony/calls/{SID}/take")
    refused = post(client, f"/telephony/calls/{SID}/answered").get_data(as_text=True)
    assert "Najpierw zaznacz artykuł" in refused
    data = kb.ArticleInput(
        slug="wywoz", title="Wywóz odpadów", body="Co tydzień.", unit="DGK", tags=[], visibility="public"
    )
    article = kb.save(SYSTEM, data)
    kb.publish(SYSTEM, article)
    db.session.commit()
    token = csrf_token(client, "/telephony/console")
    noted = client.post(
        "/kb/a/wywoz/use", data={"use-csrf_token": token, "use-call": SID, "next": "/telephony/console"}
    )
    assert noted.headers["Location"] == "/telephony/console"
    page = post(client, f"/telephony/calls/{SID}/answered", note="Podano harmonogram").get_data(as_text=True)
    assert "odpowiedź z bazy wiedzy" in page
    call = call_row()
    assert (call.handled_as, call.note) == ("knowledge_base", "Podano harmonogram")
    assert db.session.scalars(select(ArticleUse.call_sid)).all() == [SID]
    assert db.session.get(AgentPresence, user.id).status == "wrap_up"  # type: ignore[union-attr]
    log = client.get("/telephony/calls").get_data(as_text=True)
    assert '<a href="/kb/a/wywoz">Wywóz odpadów</a>' in log


def test_presence(client: Any, make_user: Any) -> None:
    user = make_user("agent")
    sign_in(client, user.login)
    assert "Mój status: <strong>Niedostępny" in client.get("/telephony/console").get_data(as_text=True)
    post(client, "/telephony/console/presence", status="available")
    assert db.session.get(AgentPresence, user.id).status == "available"  # type: ignore[union-attr]
    page = post(client, "/telephony/console/presence", status="asleep").get_data(as_text=True)
    assert "Nieznany status: asleep." in page
    db.session.expire_all()
    assert db.session.get(AgentPresence, user.id).status == "available"  # type: ignore[union-attr]


def test_unit_staff_have_no_console(client: Any, make_user: Any, ringing: str) -> None:
    sign_in(client, make_user("unit_staff").login)
    assert client.get("/telephony/console").status_code == 403
    assert client.get("/telephony/console/calls").status_code == 403
    assert client.post(f"/telephony/calls/{SID}/take").status_code in (400, 403)
    assert call_row().agent_id is None


def test_unknown_call_and_missing_token(client: Any, make_user: Any) -> None:
    agent(client, make_user)
    assert "Nie ma takiego połączenia." in post(client, "/telephony/calls/CA123/take").get_data(as_text=True)
    assert client.post(f"/telephony/calls/{SID}/take").status_code == 400


def test_call_log_lists_calls_with_their_tickets_and_articles(client: Any, make_user: Any, ringing: str) -> None:
    agent(client, make_user)
    post(client, f"/telephony/calls/{SID}/take")
    page = client.get(f"/tickets/new?phone={CALLER}&name=Anna+Nowak&call={SID}").get_data(as_text=True)
    assert 'value="Anna Nowak"' in page
    log = client.get("/telephony/calls").get_data(as_text=True)
    assert CALLER in log
    assert "odpady i czystość" in log
    filtered = client.get("/telephony/calls?phone=600100&outcome=answered").get_data(as_text=True)
    assert CALLER not in filtered  # not ended yet: no outcome


def test_a_call_logged_by_hand(client: Any, make_user: Any) -> None:
    user = agent(client, make_user)
    token = csrf_token(client, "/telephony/calls")
    form = {"csrf_token": token, "phone": "600 200 300", "outcome": "answered", "note": "Pytał o godziny otwarcia"}
    page = client.post("/telephony/calls/log", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Zapisano połączenie od +48600200300." in page
    db.session.expire_all()
    logged = db.session.scalars(select(Call).where(Call.from_number == "+48600200300")).one()
    assert (logged.outcome, logged.agent_id, logged.twilio_status) == ("answered", user.id, "manual")
    assert re.fullmatch(r"CA[0-9a-f]{32}", logged.call_sid)


@pytest.mark.parametrize(
    ("phone", "outcome", "message"),
    [("", "answered", "To pole jest wymagane."), ("12", "answered", "numer"), ("600200300", "sleeping", "")],
)
def test_bad_hand_logged_call_is_refused(client: Any, make_user: Any, phone: str, outcome: str, message: str) -> None:
    agent(client, make_user)
    token = csrf_token(client, "/telephony/calls")
    response = client.post("/telephony/calls/log", data={"csrf_token": token, "phone": phone, "outcome": outcome})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Call)).all() == []


def test_only_available_agents_are_offered_calls_and_a_call_ending_means_wrap_up(
    client: Any, make_user: Any, ringing: str, twilio: Twilio, app: Any
) -> None:
    away = app.test_client()
    agent(away, make_user, status="away")
    assert f"Połączenie od {CALLER}" not in away.get("/telephony/console/calls").get_data(as_text=True)
    user = agent(client, make_user)
    assert f"Połączenie od {CALLER}" in client.get("/telephony/console/calls").get_data(as_text=True)
    post(client, f"/telephony/calls/{SID}/take")
    twilio.post("/telephony/status", Twilio.call(SID, "completed", CallDuration="120"))
    db.session.expire_all()
    assert db.session.get(AgentPresence, user.id).status == "wrap_up"  # type: ignore[union-attr]
    assert f"Połączenie od {CALLER}" not in client.get("/telephony/console/calls").get_data(as_text=True)


def test_the_console_is_told_of_a_new_call_at_once(client: Any, make_user: Any, twilio: Twilio) -> None:
    """The console's stream (server-sent events): the calls part now, then again as soon as a call arrives."""
    agent(client, make_user)
    response = client.get("/telephony/console/events", buffered=False)
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-store"
    events = response.iter_encoded()
    assert next(events) == b"retry: 1000\n\n"
    first = next(events).decode()
    assert first.startswith("event: calls\n")
    assert "Nikt nie czeka na połączenie." in first
    twilio.post("/telephony/voice", Twilio.call(SID))  # its commit wakes the stream
    second = next(events).decode()
    assert f"Połączenie od {CALLER}" in second
    assert all(line.startswith(("event:", "data:")) for line in second.strip().split("\n"))
    response.close()


def test_a_process_without_a_spare_thread_tells_the_console_to_poll(client: Any, make_user: Any, app: Any) -> None:
    from cct import push

    agent(client, make_user)
    slots = push.hub(app).slots
    taken = 0
    while slots.acquire(blocking=False):  # every stream this process allows is open
        taken += 1
    try:
        assert taken == app.config["CCT"].server.threads - push.RESERVED
        refused = client.get("/telephony/console/events")
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "30"
        page = client.get("/telephony/console").get_data(as_text=True)
        assert 'data-events="/telephony/console/events"' in page  # console.js then polls data-url
        assert client.get("/telephony/console/calls").status_code == 200
    finally:
        for _ in range(taken):
            slots.release()


def test_a_stream_gives_its_thread_back_however_it_ends(client: Any, make_user: Any, app: Any) -> None:
    from cct import push

    def free() -> int:
        slots, taken = push.hub(app).slots, 0
        while slots.acquire(blocking=False):
            taken += 1
        for _ in range(taken):
            slots.release()
        return taken

    agent(client, make_user)
    before = free()
    read = client.get("/telephony/console/events", buffered=False)
    next(read.iter_encoded())
    assert free() == before - 1  # held while the page is open
    read.close()  # the page went away
    assert free() == before
    unread = client.get("/telephony/console/events", buffered=False)
    unread.close()  # never read at all
    assert free() == before
    head = client.head("/telephony/console/events")
    assert head.status_code == 200
    head.close()  # as a server does once the answer is out; the body is never read
    assert free() == before
