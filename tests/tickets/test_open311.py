"""Open311 GeoReport v2: discovery, services, service definitions in JSON and XML, the spec's errors; api keys."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.errors import UserError
from tests.city import ATTRIBUTES
from tests.helpers import fresh_database, run_cct
from tickets.attributes import check_definitions
from tickets.open311 import operations as keys
from tickets.open311 import queries as open311

pytestmark = pytest.mark.usefixtures("city")
BASE = "/open311/v2"


def xml(response: Any) -> ElementTree.Element:
    assert response.content_type == "text/xml; charset=utf-8"
    body = response.get_data()
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(body)  # noqa: S314 - our own server's answer


def test_discovery(client: Any) -> None:
    found = client.get(f"{BASE}/discovery.json").get_json()
    (endpoint,) = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://localhost/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["type"] == "production"
    assert found["changeset"].endswith("Z")
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


def test_services_in_json_and_xml(client: Any) -> None:
    services = client.get(f"{BASE}/services.json").get_json()
    by_code = {s["service_code"]: s for s in services}
    potholes = by_code["drogi-dziury"]
    assert potholes == {
        "service_code": "drogi-dziury",
        "service_name": "Dziura w jezdni lub chodniku",
        "description": "Drogi i chodniki › Dziura w jezdni lub chodniku",
        "metadata": True,
        "type": "realtime",
        "keywords": "wyrwa, ubytek, asfalt, płyty",
        "group": "Drogi i chodniki",
    }
    assert by_code["oswietlenie"]["metadata"] is False
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    first = root.find("service")
    assert first is not None
    fields = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
    assert [child.tag for child in first] == fields  # the spec's order
    assert {s.findtext("service_code") for s in root.findall("service")} == set(by_code)
    assert root.find("service[service_code='drogi-dziury']/metadata").text == "true"  # type: ignore[union-attr]


def test_service_definition_with_attributes(client: Any) -> None:
    definition = client.get(f"{BASE}/services/drogi-dziury.json").get_json()
    assert definition["service_code"] == "drogi-dziury"
    size, roadway = definition["attributes"]
    assert size == {
        "variable": True,
        "code": "wielkosc",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": "",
        "order": 1,
        "description": "Jak duży jest ubytek?",
        "values": [
            {"key": "maly", "name": "mały (do 30 cm)"},
            {"key": "sredni", "name": "średni (30–100 cm)"},
            {"key": "duzy", "name": "duży (ponad metr)"},
        ],
    }
    assert "values" not in roadway
    root = xml(client.get(f"{BASE}/services/drogi-dziury.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("attributes/attribute/code") == "wielkosc"
    assert [v.findtext("key") for v in root.findall("attributes/attribute/values/value")] == ["maly", "sredni", "duzy"]
    plain = client.get(f"{BASE}/services/oswietlenie.json").get_json()
    assert plain == {"service_code": "oswietlenie", "attributes": []}


def test_errors_are_in_the_specs_format(client: Any) -> None:
    missing = client.get(f"{BASE}/services/no-such-thing.json")
    assert missing.status_code == 404
    assert missing.get_json() == [{"code": 404, "description": "No service with the code 'no-such-thing'"}]
    root = xml(client.get(f"{BASE}/services/no-such-thing.xml"))
    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"
    wrong_format = client.get(f"{BASE}/services.yaml")
    assert wrong_format.status_code == 404
    assert xml(wrong_format).findtext("error/description") == "Unknown format .yaml; use .xml or .json"
    elsewhere = client.get(f"{BASE}/services.json?jurisdiction_id=warszawa.pl")
    assert elsewhere.status_code == 404
    assert "jurisdiction_id" in elsewhere.get_json()[0]["description"]
    assert client.get(f"{BASE}/services.json?jurisdiction_id=bialystok.pl").status_code == 200
    assert client.get(f"{BASE}/nothing.json").get_json()[0]["code"] == 404


def test_shipped_attributes_are_valid_and_bad_ones_are_named() -> None:
    for attributes in ATTRIBUTES.values():
        assert check_definitions(attributes) == attributes
    good = {"code": "a", "datatype": "string", "description": "A"}
    bad_cases = [
        ("nope", "Atrybuty muszą być listą."),
        ([{"datatype": "string", "description": "x"}], "Każdy atrybut musi mieć kod."),
        ([good, good], "Dwa atrybuty mają ten sam kod a."),
        ([{**good, "datatype": "colour"}], "Nieznany typ danych atrybutu a."),
        ([{**good, "description": " "}], "Atrybut a musi mieć opis."),
        ([{**good, "datatype": "singlevaluelist"}], "Atrybut listowy a musi mieć wartości."),
    ]
    for attributes, message in bad_cases:
        with pytest.raises(UserError, match=message):
            check_definitions(attributes)


def test_api_keys_issue_check_and_revoke(isolated: Any) -> None:
    key, plain = keys.create_key(SYSTEM, "FixMyStreet Białystok")
    db.session.commit()
    assert plain.startswith("o311_")
    assert key.prefix == plain[:11]
    assert key.key_hash != plain
    assert open311.key_for(plain).id == key.id
    with pytest.raises(UserError, match="istnieje"):
        keys.create_key(SYSTEM, "FixMyStreet Białystok")
    with pytest.raises(UserError):
        keys.create_key(SYSTEM, "  ")
    keys.revoke_key(SYSTEM, "FixMyStreet Białystok")
    db.session.commit()
    for wrong in (plain, "o311_guess"):
        found = open311.key_for(wrong)
        assert found is None or not found.active
    with pytest.raises(UserError):
        keys.revoke_key(SYSTEM, "nobody")


def test_keys_from_the_command_line(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        env = {"CCT_DATABASE_URL": url, "CCT_INSTANCE_PATH": str(tmp_path / "instance"), "CCT_LOG_LEVEL": "WARNING"}
        assert run_cct("db", "upgrade", env=env).returncode == 0
        created = run_cct("open311", "keys", "create", "Aplikacja miejska", env=env)
        assert created.returncode == 0, created.stderr
        (line,) = created.stdout.splitlines()
        assert line.startswith("o311_")
        again = run_cct("open311", "keys", "create", "Aplikacja miejska", env=env)
        assert again.returncode != 0
        assert "Aplikacja miejska" in again.stderr
        listed = run_cct("open311", "keys", "list", env=env)
        assert listed.stdout.startswith(f"Aplikacja miejska\t{line[:11]}")
        assert run_cct("open311", "keys", "revoke", "Aplikacja miejska", env=env).returncode == 0
        assert run_cct("open311", "keys", "list", env=env).stdout.split("\t")[-1].strip() != "active"
        missing = run_cct("open311", "keys", "revoke", "Nieznana", env=env)
        assert missing.returncode != 0
        assert json.dumps("Nieznana")[1:-1] in missing.stderr


def test_admins_issue_and_revoke_keys_in_the_ui(client: Any, make_user: Any) -> None:
    from tests.helpers import csrf_token, sign_in

    sign_in(client, make_user("admin").login)
    page = client.post(
        "/admin/open311-keys/",
        data={"name": "Miejska aplikacja", "csrf_token": csrf_token(client, "/admin/open311-keys/")},
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    issued = re.search(r'<code class="secret">(o311_[^<]+)</code>', html)
    assert issued
    assert open311.key_for(issued.group(1)).name == "Miejska aplikacja"
    again = client.post(
        "/admin/open311-keys/",
        data={"name": "Miejska aplikacja", "csrf_token": csrf_token(client, "/admin/open311-keys/")},
    )
    assert again.status_code == 400
    assert "Klucz o nazwie Miejska aplikacja już istnieje." in again.get_data(as_text=True)
    (key,) = open311.all_keys()
    listing = client.post(
        f"/admin/open311-keys/{key.id}/revoke",
        data={"csrf_token": csrf_token(client, "/admin/open311-keys/")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Unieważniono klucz Miejska aplikacja." in listing
    assert issued.group(1) not in listing  # shown once only
    db.session.expire_all()
    assert not open311.key_for(issued.group(1)).active


def test_only_admins_manage_keys(client: Any, make_user: Any) -> None:
    from tests.helpers import sign_in

    sign_in(client, make_user("supervisor").login)
    assert client.get("/admin/open311-keys/").status_code == 403


# -- service requests ----------------------------------------------------------------------------------------------


@pytest.fixture
def api_key(isolated: Any) -> str:
    _key, plain = keys.create_key(SYSTEM, "Aplikacja testowa")
    db.session.commit()
    return plain


def pothole(api_key: str, **extra: Any) -> dict[str, Any]:
    return {
        "api_key": api_key,
        "jurisdiction_id": "bialystok.pl",
        "service_code": "drogi-dziury",
        "lat": "53.1325",
        "long": "23.1688",
        "address_string": "ul. Lipowa 12, Białystok",
        "attribute[wielkosc]": "duzy",
        "description": "Głęboka dziura na przejściu dla pieszych",
        "media_url": "https://example.org/foto/1.jpg",
        "first_name": "Anna",
        "last_name": "Nowak",
        "email": "anna.nowak@example.org",
        "phone": "+48600100200",
        **extra,
    }


def test_a_posted_request_becomes_a_ticket_and_is_public_without_personal_data(client: Any, api_key: str) -> None:
    from tickets.models import Ticket

    posted = client.post(f"{BASE}/requests.json", data=pothole(api_key))
    assert posted.status_code == 201, posted.get_data(as_text=True)
    (answer,) = posted.get_json()
    request_id = answer["service_request_id"]
    assert re.fullmatch(r"\d{4}-\d{6}", request_id)
    assert answer["service_notice"].startswith("Zgłoszenie nr")
    ticket = db.session.scalars(select(Ticket)).one()
    assert (ticket.channel, ticket.category.code, ticket.unit.code) == ("open311", "drogi-dziury", "ZDT")
    assert (ticket.resident_name, ticket.resident_phone) == ("Anna Nowak", "+48600100200")
    assert ticket.open311_attributes == {"wielkosc": "duzy"}
    assert ticket.media_url == "https://example.org/foto/1.jpg"
    # Defect (issue 13): the photo and the attributes were set after the ticket was made (born at version 2, the
    # fields missing from its history); they are part of the ticket's input now.
    assert ticket.version == 1
    (created,) = [event for event in ticket.events if event.kind == "created"]
    assert created.detail["media_url"] == "https://example.org/foto/1.jpg"
    assert created.detail["attributes"] == {"wielkosc": "duzy"}

    (found,) = client.get(f"{BASE}/requests/{request_id}.json").get_json()
    assert found["service_request_id"] == request_id
    assert found["status"] == "open"
    assert found["service_code"] == "drogi-dziury"
    assert found["agency_responsible"].startswith("Zarząd Dróg")
    assert (found["lat"], found["long"]) == (53.1325, 23.1688)
    assert found["address"] == "ul. Lipowa 12, Białystok"
    assert found["media_url"] == "https://example.org/foto/1.jpg"
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", found[field]), field
    everything = client.get(f"{BASE}/requests.json").get_data(as_text=True) + client.get(
        f"{BASE}/requests/{request_id}.xml"
    ).get_data(as_text=True)
    for personal in ("Anna", "Nowak", "600100200", "anna.nowak@example.org"):
        assert personal not in everything

    root = xml(client.get(f"{BASE}/requests/{request_id}.xml"))
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == request_id
    assert root.findtext("request/status") == "open"
    assert root.findtext("request/long") == "23.1688"
    posted_xml = xml(client.post(f"{BASE}/requests.xml", data=pothole(api_key, description="Druga dziura")))
    assert re.fullmatch(r"\d{4}-\d{6}", posted_xml.findtext("request/service_request_id") or "")


def test_listing_filters(client: Any, api_key: str) -> None:
    from tickets import operations as tickets_ops
    from tickets.models import Ticket

    first = client.post(f"{BASE}/requests.json", data=pothole(api_key)).get_json()[0]["service_request_id"]
    waste = {
        "api_key": api_key,
        "service_code": "odpady-wywoz",
        "address_string": "ul. Sienkiewicza 5",
        "attribute[frakcja][]": ["papier", "szklo"],
    }
    second = client.post(f"{BASE}/requests.json", data=waste).get_json()[0]["service_request_id"]
    ticket = db.session.scalars(select(Ticket).where(Ticket.seq == int(second.split("-")[1]))).one()
    assert ticket.open311_attributes == {"frakcja": ["papier", "szklo"]}
    tickets_ops.transition(SYSTEM, ticket, "rejected", expected_version=None, reason="Odebrano zgodnie z harmonogramem")
    db.session.commit()

    def ids(query: str) -> list[str]:
        return [r["service_request_id"] for r in client.get(f"{BASE}/requests.json?{query}").get_json()]

    assert set(ids("")) == {first, second}
    assert ids("service_code=odpady-wywoz") == [second]
    assert ids("status=open") == [first]
    assert ids("status=closed") == [second]
    assert set(ids("status=open,closed")) == {first, second}
    assert ids(f"service_request_id={first}") == [first]
    assert set(ids(f"service_request_id={first},{second}")) == {first, second}
    assert ids("start_date=2030-01-01T00:00:00Z") == []
    assert set(ids("start_date=2020-01-01T00:00:00Z&end_date=2030-01-01T00:00:00Z")) == {first, second}
    closed = client.get(f"{BASE}/requests/{second}.json").get_json()[0]
    assert (closed["status"], closed["status_notes"]) == ("closed", "Odebrano zgodnie z harmonogramem")


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"api_key": ""}, 403, "api_key is required"),
        ({"api_key": "o311_not-a-key"}, 403, "Invalid or revoked api_key"),
        ({"service_code": ""}, 400, "service_code is required"),
        ({"service_code": "nope"}, 400, "No service with the code 'nope'"),
        ({"lat": "", "long": "", "address_string": ""}, 400, "A location is required"),
        ({"attribute[wielkosc]": ""}, 400, "attribute[wielkosc] is required"),
        ({"attribute[wielkosc]": "ogromny"}, 400, "attribute[wielkosc] has no value 'ogromny'"),
        ({"lat": "north"}, 400, "Latitude and longitude must be numbers."),
        ({"lat": "52.2297", "long": "21.0122"}, 400, "outside the city"),  # Warsaw: the web form refuses it too
        ({"lat": "nan", "long": "23.1688"}, 400, "outside the city"),
        ({"attribute[glebokosc]": "30"}, 400, "has no attribute 'glebokosc'"),
        ({"attribute[wielkosc][]": "duzy", "attribute[x][]": "1"}, 400, "has no attribute 'x'"),
        ({"phone": "12"}, 400, "phone"),
        ({"email": "not-an-address"}, 400, "e-mail"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url must be an http(s) address"),
        ({"description": "x" * 4001}, 400, "at most 4000 characters"),
        ({"jurisdiction_id": "warszawa.pl"}, 404, "Unknown jurisdiction_id"),
    ],
)
def test_bad_posts_are_refused_in_the_specs_format_and_write_nothing(
    client: Any, api_key: str, change: dict[str, str], status: int, message: str
) -> None:
    from tickets.models import Ticket

    response = client.post(f"{BASE}/requests.json", data=pothole(api_key) | change)
    assert response.status_code == status
    (error,) = response.get_json()
    assert error["code"] == status
    assert message.lower() in error["description"].lower()
    assert db.session.scalars(select(Ticket)).all() == []
    as_xml = xml(client.post(f"{BASE}/requests.xml", data=pothole(api_key) | change))
    assert as_xml.findtext("error/code") == str(status)


def test_revoked_key_is_refused(client: Any, api_key: str) -> None:
    keys.revoke_key(SYSTEM, "Aplikacja testowa")
    db.session.commit()
    response = client.post(f"{BASE}/requests.json", data=pothole(api_key))
    assert response.status_code == 403


def test_unknown_request_bad_dates_and_tokens(client: Any) -> None:
    assert client.get(f"{BASE}/requests/2026-999999.json").status_code == 404
    assert client.get(f"{BASE}/requests/garbage.json").status_code == 404
    assert client.get(f"{BASE}/requests.json?start_date=yesterday").status_code == 400
    later_first = "start_date=2026-12-01T00:00:00Z&end_date=2026-11-01T00:00:00Z"
    assert client.get(f"{BASE}/requests.json?{later_first}").status_code == 400
    assert client.get(f"{BASE}/requests.json?status=pending").status_code == 400
    token = client.get(f"{BASE}/tokens/abc.xml")
    assert token.status_code == 404
    assert xml(token).findtext("error/code") == "404"


def test_only_residents_reports_in_public_matters_are_public(client: Any, api_key: str) -> None:
    from tickets import operations as tickets_ops

    posted = client.post(f"{BASE}/requests.json", data=pothole(api_key)).get_json()[0]["service_request_id"]
    phoned = tickets_ops.create_ticket(
        SYSTEM, tickets_ops.TicketInput(subject="Pan Jan z Lipowej 3 pyta o dziurę", category="drogi-dziury")
    )
    id_card = tickets_ops.create_ticket(
        SYSTEM, tickets_ops.TicketInput(subject="Zgubiony dowód", category="dowody", channel="web")
    )
    db.session.commit()
    listed = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").get_json()]
    assert listed == [posted]
    for hidden in (phoned, id_card):
        one = client.get(f"{BASE}/requests/{hidden.ticket_number.request_id}.json")
        assert one.status_code == 404
    codes = {s["service_code"] for s in client.get(f"{BASE}/services.json").get_json()}
    assert "drogi-dziury" in codes
    assert not codes & {"dowody", "podatki", "skargi", "informacja-publiczna"}
    assert client.get(f"{BASE}/services/dowody.json").status_code == 404
    refused = client.post(f"{BASE}/requests.json", data=pothole(api_key, service_code="dowody"))
    assert refused.status_code == 400
