"""The tickets API: token auth, unit scoping, optimistic locking, keyset pagination, JSON errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from tests.helpers import api_callers, count
from tickets.models import Ticket


@pytest.fixture
def api(city: Any, make_user: Any) -> Any:
    """A client with a token per role: api("agent").post(...)."""
    return api_callers(city.test_client(), make_user)


NEW = {
    "subject": "Nie świeci latarnia",
    "category": "oswietlenie",
    "resident_phone": "600100200",
    "address": "Lipowa 10",
}


def test_create_read_and_list(api: Any) -> None:
    agent = api("agent")
    created = agent.post("/api/v1/tickets", json=NEW)
    assert created.status_code == 201
    body = created.json
    assert body["state"] == "routed"
    assert body["unit"] == "ZDT"
    assert body["resident"]["phone"] == "+48600100200"
    year, seq = body["number"].split("/")
    assert created.headers["Location"] == f"/api/v1/tickets/{year}/{int(seq)}"
    assert agent.get(created.headers["Location"]).json == body
    listed = agent.get("/api/v1/tickets?phone=600100200").json
    assert [t["number"] for t in listed["tickets"]] == [body["number"]]
    assert listed["next"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**NEW, "category": "nope"}, "category"),
        ({**NEW, "consent_sms": "yes"}, "consent_sms"),
        ({**NEW, "channel": ["phone"]}, "channel"),
        ({**NEW, "lat": "north"}, "lat"),
        ({**NEW, "colour": "red"}, "colour"),
        ({"category": "oswietlenie"}, "subject"),
        ({**NEW, "subject": 42}, "subject"),
    ],
)
def test_bad_create_is_400_with_the_field_and_writes_nothing(api: Any, payload: dict[str, Any], field: str) -> None:
    before = count(Ticket)
    response = api("agent").post("/api/v1/tickets", json=payload)
    assert response.status_code == 400
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]
    assert count(Ticket) == before


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({**NEW, "resident_phone": "12"}, "bad_phone", "resident_phone"),
        ({**NEW, "resident_email": "nie-adres@"}, "bad_email", "resident_email"),
        ({**NEW, "lat": 53.1}, "coordinates_pair", "lat"),
        ({**NEW, "resident_phone": None, "consent_sms": True}, "consent_without_phone", "consent_sms"),
    ],
)
def test_content_that_fits_the_shape_but_cannot_be_taken_is_422(
    api: Any, payload: dict[str, Any], code: str, field: str
) -> None:
    before = count(Ticket)
    response = api("agent").post("/api/v1/tickets", json=payload)
    assert response.status_code == 422
    assert (response.json["error"]["code"], response.json["error"]["field"]) == (code, field)
    assert count(Ticket) == before
    documented = api("agent").get("/api/v1/openapi.json").json["paths"]["/api/v1/tickets"]["post"]["responses"]
    assert "422" in documented


def test_body_that_is_not_a_json_object(api: Any) -> None:
    agent = api("agent")
    for kwargs in ({"data": "subject=x"}, {"json": ["a"]}, {"data": "{broken", "content_type": "application/json"}):
        response = agent.post("/api/v1/tickets", **kwargs)
        assert response.status_code == 400
        assert response.json["error"]["code"] == "bad_json"


def test_unit_staff_cannot_see_or_change_other_units_tickets(api: Any) -> None:
    number = api("agent").post("/api/v1/tickets", json=NEW).json["number"]
    path = "/api/v1/tickets/" + number.replace("/", "/")
    waste = api("unit_staff", ("DGK",))
    assert waste.get(path).status_code == 404
    assert waste.post(path + "/transition", json={"version": 2, "state": "in_progress"}).status_code == 404
    assert number not in str(waste.get("/api/v1/tickets").json)
    roads = api("unit_staff", ("ZDT",))
    assert roads.get(path).status_code == 200
    moved = roads.post(path + "/transition", json={"version": roads.get(path).json["version"], "state": "in_progress"})
    assert moved.status_code == 200
    assert moved.json["state"] == "in_progress"


def test_agent_may_not_work_tickets(api: Any) -> None:
    agent = api("agent")
    number = agent.post("/api/v1/tickets", json=NEW).json["number"]
    response = agent.post(f"/api/v1/tickets/{number}/transition", json={"version": 2, "state": "in_progress"})
    assert response.status_code == 403
    assert agent.post(f"/api/v1/tickets/{number}/comments", json={"body": "Dzwonił znowu"}).status_code == 201
    refused = agent.post(f"/api/v1/tickets/{number}/comments", json={"body": "Odpowiedź", "public": True})
    assert refused.status_code == 403


def test_stale_version_and_illegal_transition_are_409(api: Any) -> None:
    number = api("agent").post("/api/v1/tickets", json=NEW).json["number"]
    boss = api("supervisor")
    path = f"/api/v1/tickets/{number}"
    version = boss.get(path).json["version"]
    assert boss.patch(path, json={"version": version, "subject": "Latarnia nr 12"}).status_code == 200
    stale = boss.patch(path, json={"version": version, "subject": "Inna"})
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "stale_version"
    assert boss.get(path).json["subject"] == "Latarnia nr 12"
    fresh = boss.get(path).json["version"]
    illegal = boss.post(path + "/transition", json={"version": fresh, "state": "closed"})
    assert illegal.status_code == 409
    assert illegal.json["error"]["code"] == "illegal_transition"
    assert boss.patch(path, json={"subject": "bez wersji"}).status_code == 400
    assert boss.patch(path, json={"version": fresh, "state": "closed"}).status_code == 400


def test_keyset_pagination_never_repeats_or_skips(api: Any) -> None:
    agent = api("agent")
    made = {agent.post("/api/v1/tickets", json={**NEW, "subject": f"Latarnia {i}"}).json["number"] for i in range(7)}
    seen: list[str] = []
    url = "/api/v1/tickets?limit=3"
    while url:
        page = agent.get(url).json
        seen.extend(t["number"] for t in page["tickets"])
        url = f"/api/v1/tickets?limit=3&after={page['next']}" if page["next"] else ""
    assert len(seen) == len(set(seen))
    assert made <= set(seen)
    assert agent.get("/api/v1/tickets?limit=0").status_code == 400
    assert agent.get("/api/v1/tickets?limit=abc").status_code == 400
    spaced = agent.get("/api/v1/tickets?limit=6%0A%09")  # pydantic alone would read "6\n\t" as 6
    assert spaced.status_code == 400
    assert (spaced.json["error"]["code"], spaced.json["error"]["field"]) == ("bad_format", "limit")
    assert agent.get("/api/v1/tickets?after=garbage").status_code == 400
    assert agent.get("/api/v1/tickets?state=lost").status_code == 400
    assert agent.get("/api/v1/tickets?unit=NOPE").json["error"]["field"] == "unit"


def test_categories_and_openapi(api: Any, city: Any) -> None:
    categories = api("agent").get("/api/v1/categories").json["categories"]
    assert {"code": "oswietlenie", "unit": "ZDT"}.items() <= next(
        c for c in categories if c["code"] == "oswietlenie"
    ).items()
    spec = city.test_client().get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/tickets/{year}/{seq}/transition" in spec["paths"]
    # every API route is documented, and nothing documented is missing (Flask's <int:year> is OpenAPI's {year})
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in city.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    assert routes - {"/api/v1/openapi.json"} == set(spec["paths"])
    assert db.session.scalar(select(Ticket.id).limit(1)) is None  # reading wrote nothing


def test_assignee_must_be_able_to_work_the_ticket(api: Any, make_user: Any) -> None:
    """Defect (issue 13): the API assigned a ticket to anyone with a login, an agent or another unit's staff, while
    the form offered only those who may work it. One rule now (tickets.policy.can_be_assigned), refused with 409."""
    number = api("agent").post("/api/v1/tickets", json=NEW).json["number"]  # routed to ZDT
    boss = api("supervisor")
    path = f"/api/v1/tickets/{number}"
    version = boss.get(path).json["version"]
    eligible = make_user("unit_staff", units=("ZDT",))
    db.session.commit()
    for outsider in (make_user("agent"), make_user("unit_staff", units=("DGK",))):
        db.session.commit()
        refused = boss.patch(path, json={"version": version, "assignee": outsider.login})
        assert refused.status_code == 409, outsider.login
        assert (refused.json["error"]["code"], refused.json["error"]["field"]) == ("not_eligible", "assignee")
        assert boss.get(path).json["assignee"] is None
    assigned = boss.patch(path, json={"version": version, "assignee": eligible.login})
    assert assigned.status_code == 200
    assert assigned.json["assignee"] == eligible.login
