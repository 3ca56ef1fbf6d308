"""The supervisors' live board: agents and their states, callers waiting, today's calls (telephony's section), today's
tickets by channel and deadlines per unit (tickets'), every count a link to the list behind it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from cct import db
from cct.db import utcnow
from tests.factories import TicketFactory
from tests.helpers import csrf_token, sign_in
from tests.telephony.conftest import Twilio

pytestmark = pytest.mark.usefixtures("city", "office_open")
SID = "CA" + "b" * 32


def part(client: Any) -> str:
    response = client.get("/tickets/board?part=1")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def test_the_board_shows_agents_callers_and_deadlines(client: Any, make_user: Any, twilio: Twilio) -> None:
    agent = make_user("agent")
    sign_in(client, agent.login)
    client.post("/telephony/console/presence", data={"status": "available", "csrf_token": csrf_token(client, "/")})
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    phone_ticket = TicketFactory(channel="phone")
    TicketFactory(channel="web", category="odpady-wywoz")
    late = TicketFactory(channel="web")
    late.resolution_due = utcnow() - timedelta(hours=2)
    db.session.commit()
    twilio.post("/telephony/voice", Twilio.call(SID))
    twilio.post("/telephony/ivr?step=menu", Twilio.call(SID, "in-progress", Digits="2"))

    sign_in(client, make_user("supervisor").login)
    page = client.get("/tickets/board").get_data(as_text=True)
    assert "Tablica na żywo" in page
    assert 'data-every-ms="5000"' in page
    fragment = part(client)
    assert re.search(rf"{agent.full_name}</th><td><span class=\"badge presence-available\">Dostępny", fragment)
    assert re.search(r'href="/telephony/console">1</a> · najdłużej', fragment)  # one caller waiting
    assert re.search(r'href="/tickets/\?state=all&amp;opened=today&amp;channel=web"><strong>2</strong>', fragment)
    zdt = re.search(r'<th scope="row">ZDT</th>\s*<td><a class="count breached" href="([^"]+)">1</a>', fragment)
    assert zdt is not None

    # the counts lead to their lists
    web_today = client.get("/tickets/?state=all&opened=today&channel=web").get_data(as_text=True)
    assert late.number in web_today
    assert phone_ticket.number not in web_today
    overdue = client.get(zdt.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert late.number in overdue
    assert phone_ticket.number not in overdue


def test_the_board_is_the_supervisors(client: Any, make_user: Any) -> None:
    assert client.get("/tickets/board").status_code == 302  # to sign in
    sign_in(client, make_user("agent").login)
    assert client.get("/tickets/board").status_code == 403
    assert client.get("/tickets/board?part=1").status_code == 403


@pytest.mark.parametrize("query", [{"channel": "pigeon"}, {"opened": "yesterday"}])
def test_a_bad_list_address_is_a_400(client: Any, make_user: Any, query: dict[str, str]) -> None:
    sign_in(client, make_user("supervisor").login)
    assert client.get("/tickets/", query_string=query).status_code == 400
