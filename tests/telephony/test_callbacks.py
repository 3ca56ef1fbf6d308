"""The agents' callback list: missed callers are called back and what came of it is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from telephony.models import Callback
from tests.helpers import csrf_token, sign_in
from tests.telephony.conftest import CALLER, Twilio

LIST = "/telephony/callbacks"


@pytest.fixture
def missed(twilio: Twilio, office_open: None) -> Callback:
    sid = "CA" + "c" * 32
    twilio.post("/telephony/voice", Twilio.call(sid))
    twilio.post("/telephony/ivr?step=left", Twilio.call(sid, "in-progress", QueueResult="hangup", QueueTime="70"))
    twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration="80"))
    return db.session.scalars(select(Callback)).one()


@pytest.fixture
def agent(client: Any, make_user: Any, office_open: None) -> Any:
    # Signed in inside the travelled time: a session cookie signed "in the future" of the clock is refused.
    user = make_user("agent")
    sign_in(client, user.login)
    return client


def record(client: Any, callback: Callback, **form: str) -> Any:
    return client.post(
        f"{LIST}/{callback.id}", data={**form, "csrf_token": csrf_token(client, LIST)}, follow_redirects=True
    )


def current(callback: Callback) -> Callback:
    db.session.expire_all()
    found = db.session.get(Callback, callback.id)
    assert found is not None
    return found


def test_agent_calls_back_until_reached(agent: Any, missed: Callback) -> None:
    page = agent.get(LIST).get_data(as_text=True)
    assert f'href="tel:{CALLER}"' in page
    assert "Rozłączył się w kolejce" in page

    page = record(agent, missed, result="no_answer", note="Nie odbiera").get_data(as_text=True)
    assert "Zapisano" in page
    again = current(missed)
    assert (again.state, again.attempts) == ("open", 1)
    assert "Nie odbiera" in (again.outcome_note or "")
    assert f'href="tel:{CALLER}"' in page  # still on the list

    page = record(agent, missed, result="reached", note="Zgłoszenie przyjęte").get_data(as_text=True)
    done = current(missed)
    assert (done.state, done.attempts) == ("done", 2)
    assert "Nikt nie czeka na oddzwonienie." in page


def test_bad_result_or_closed_callback_changes_nothing(agent: Any, missed: Callback) -> None:
    page = record(agent, missed, result="maybe").get_data(as_text=True)
    assert "Wybierz, czym zakończyło się połączenie." in page
    assert current(missed).attempts == 0
    page = record(agent, missed, result="no_answer", note="x" * 2001).get_data(as_text=True)
    assert current(missed).attempts == 0
    record(agent, missed, result="gave_up")
    page = record(agent, missed, result="reached").get_data(as_text=True)
    assert "Ktoś już zamknął to oddzwonienie." in page
    closed = current(missed)
    assert (closed.state, closed.attempts) == ("gave_up", 1)


def test_form_without_csrf_token_is_refused(agent: Any, missed: Callback) -> None:
    assert agent.post(f"{LIST}/{missed.id}", data={"result": "reached"}).status_code == 400
    assert current(missed).state == "open"


def test_unit_staff_do_not_see_the_callback_list(client: Any, make_user: Any, missed: Callback) -> None:
    sign_in(client, make_user("unit_staff").login)
    assert client.get(LIST).status_code == 403
    assert client.post(f"{LIST}/{missed.id}", data={"result": "reached"}).status_code in (400, 403)
    assert current(missed).state == "open"


def test_unknown_callback_is_404(agent: Any) -> None:
    assert agent.post(f"{LIST}/999999", data={"csrf_token": csrf_token(agent, LIST)}).status_code == 404
