"""A resident reporting a place already reported (same category, near) is shown that report and may add theirs to it
instead; a report given only by a street is placed where the street list puts the street."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cct import db
from cct.auth.actors import SYSTEM
from tests.tickets.test_reports import FORM, LIPOWA, good_form, newest, send, stored
from tickets import operations as tickets
from tickets.models import Ticket, TicketEvent
from tickets.reports import streets

NEARBY = "/zgloszenia/w-poblizu"
NEAR_LIPOWA = (LIPOWA[0] + 0.0003, LIPOWA[1])  # about 33 m north
FAR = (53.1500, 23.1000)  # several kilometres away


def web_report(category: str = "drogi-dziury", **place: Any) -> Ticket:
    ticket = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(
            subject="Dziura", description="Głęboka wyrwa od tygodnia", category=category, channel="web", **place
        ),
    )
    db.session.commit()
    return ticket


def test_open_reports_nearby_are_shown_as_the_place_is_given(city: Any, client: Any) -> None:
    near = web_report(lat=LIPOWA[0], lon=LIPOWA[1], address="ul. Lipowa 14")
    web_report(lat=FAR[0], lon=FAR[1])  # too far
    web_report(category="oswietlenie", lat=LIPOWA[0], lon=LIPOWA[1])  # another kind of problem
    phoned = tickets.create_ticket(  # a call is never public
        SYSTEM, tickets.TicketInput(subject="Dziura", category="drogi-dziury", lat=LIPOWA[0], lon=LIPOWA[1])
    )
    closed = web_report(lat=LIPOWA[0], lon=LIPOWA[1])
    tickets.transition(SYSTEM, closed, "rejected", expected_version=None, reason="Nie dotyczy")
    db.session.commit()

    by_point = client.get(f"{NEARBY}?category=drogi-dziury&lat={NEAR_LIPOWA[0]}&lon={NEAR_LIPOWA[1]}")
    html = by_point.get_data(as_text=True)
    assert by_point.status_code == 200
    assert by_point.headers["Cache-Control"] == "no-store"
    assert "Czy ktoś już to zgłosił?" in html
    assert f'name="join" value="{near.number}"' in html
    assert "ok. 33 m od Twojego miejsca" in html
    assert html.count('name="join"') == 1
    for other in (phoned, closed):
        assert other.number not in html
    assert "Głęboka wyrwa" not in html  # descriptions are not public
    by_address = client.get(f"{NEARBY}?category=drogi-dziury&street=lipowa&house_number=14").get_data(as_text=True)
    assert f'value="{near.number}"' in by_address


@pytest.mark.parametrize(
    "query",
    [
        "",
        "category=drogi-dziury",  # no place
        "category=dowody&lat=53.1326&lon=23.1591",  # not a public category
        "category=nope&lat=53.1326&lon=23.1591",
        "category=drogi-dziury&lat=abc&lon=23.1",
        "category=drogi-dziury&lat=10&lon=10",  # outside the city
        "category=drogi-dziury&street=Marszałkowska&house_number=1",  # not on the list
        "category=drogi-dziury&street=lipowa&house_number=%3Cscript%3E",
        "category=drogi-dziury&street=" + "x" * 5000,
        "category=drogi-dziury&lat=" + "9" * 5000 + "&lon=1",
    ],
)
def test_nothing_is_shown_for_a_place_that_is_not_one(city: Any, client: Any, query: str) -> None:
    web_report(lat=LIPOWA[0], lon=LIPOWA[1], address="ul. Lipowa 14")
    response = client.get(f"{NEARBY}?{query}")
    assert response.status_code == 200
    assert "join" not in response.get_data(as_text=True)


def test_a_resident_adds_their_report_to_the_one_nearby(city: Any, client: Any) -> None:
    near = web_report(lat=LIPOWA[0], lon=LIPOWA[1])
    form = good_form(street="", house_number="", lat=str(NEAR_LIPOWA[0]), lon=str(NEAR_LIPOWA[1]), join=near.number)
    response = send(client, form)
    assert response.status_code == 303
    received = client.get(response.headers["Location"]).get_data(as_text=True)
    mine = newest()
    assert f"Twoje zgłoszenie dołączono do zgłoszenia {near.number}" in received
    assert mine.number in received  # their own number and code all the same
    assert mine.public_code in received
    assert (mine.state, mine.duplicate_of_id) == ("rejected", near.id)
    kinds = db.session.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_id == near.id)).all()
    assert "merged" in kinds  # the unit sees it on the report that goes on
    status = client.get(f"/zgloszenia/status?number={mine.number}&code={mine.public_code}").get_data(as_text=True)
    assert near.number in status


@pytest.mark.parametrize(
    ("join", "place"),
    [
        ("2026/999999", NEAR_LIPOWA),  # no such report
        (None, FAR),  # a report that is not near the place given
        ("", NEAR_LIPOWA),  # empty: a new report, nothing joined (checked below)
    ],
)
def test_joining_what_the_form_did_not_offer_is_refused_and_nothing_is_kept(
    city: Any, client: Any, join: str | None, place: tuple[float, float]
) -> None:
    near = web_report(lat=LIPOWA[0], lon=LIPOWA[1])
    before = stored()
    form = good_form(street="", house_number="", lat=str(place[0]), lon=str(place[1]), join=join or near.number)
    if join == "":
        form["join"] = ""
    response = send(client, form)
    if join == "":
        assert response.status_code == 303
        assert newest().duplicate_of_id is None
        return
    assert response.status_code == 400
    assert "nie jest już otwarte w pobliżu tego miejsca" in response.get_data(as_text=True)
    assert stored() == before


def test_a_closed_report_cannot_be_joined(city: Any, client: Any) -> None:
    near = web_report(lat=LIPOWA[0], lon=LIPOWA[1])
    tickets.transition(SYSTEM, near, "rejected", expected_version=None, reason="Nie dotyczy")
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(Ticket))
    form = good_form(street="", house_number="", lat=str(NEAR_LIPOWA[0]), lon=str(NEAR_LIPOWA[1]), join=near.number)
    assert send(client, form).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == before


def test_a_refused_form_shows_the_reports_nearby_without_the_script(city: Any, client: Any) -> None:
    near = web_report(lat=LIPOWA[0], lon=LIPOWA[1])
    form = good_form(description="x", street="", house_number="", lat=str(NEAR_LIPOWA[0]), lon=str(NEAR_LIPOWA[1]))
    response = send(client, form)
    assert response.status_code == 400
    assert f'name="join" value="{near.number}"' in response.get_data(as_text=True)


# -- street points --------------------------------------------------------------------------------------------------


def test_the_street_list_may_give_a_point_for_a_street(tmp_path: Path) -> None:
    own = tmp_path / "streets.txt"
    own.write_text(
        "ul. Testowa | 53.13245, 23.15562\n"
        "al. Próbna\n"
        "ul. Zła | 53.1, abc   # left without a point\n"
        "ul. Daleka | 95, 23.1\n"
        "ul. Średnik | 53.2; 23.2\n",
        encoding="utf-8",
    )
    listed = streets.load(str(own))
    assert listed.names == ("ul. Testowa", "al. Próbna", "ul. Zła", "ul. Daleka", "ul. Średnik")
    assert streets.point("ul. Testowa", str(own)) == (53.13245, 23.15562)
    assert streets.point("ul. Średnik", str(own)) == (53.2, 23.2)
    assert streets.point("al. Próbna", str(own)) is None
    assert listed.bad_points == (3, 4)
    assert streets.match("testowa", str(own)) == "ul. Testowa"


def test_a_report_given_by_its_address_alone_is_shown_at_its_street_on_the_map(city_app: Any, tmp_path: Path) -> None:
    own = tmp_path / "streets.txt"
    own.write_text(
        "ul. Lipowa | 53.13245, 23.15562\nul. Lipowa Boczna | 53.2, 23.2\nul. Bez Punktu\n", encoding="utf-8"
    )
    assert streets.point_of_address("ul. Lipowa 3", str(own)) == (53.13245, 23.15562)
    assert streets.point_of_address("ul. Lipowa Boczna 3", str(own)) == (53.2, 23.2)  # the longest name
    assert streets.point_of_address("ul. Lipowaa 3", str(own)) is None
    assert streets.point_of_address(None, str(own)) is None
    with city_app(reports={"streets_file": str(own)}) as app:
        resident = app.test_client()
        assert send(resident, good_form(street="Lipowa", house_number="3")).status_code == 303
        placed = newest()
        assert (placed.address, placed.lat) == ("ul. Lipowa 3", None)  # never stored: it counts in no distance
        assert send(resident, good_form(street="ul. Bez Punktu", house_number="1")).status_code == 303
        unplaced = newest()
        marked = good_form(street="Lipowa", house_number="5", lat="53.14", lon="23.16")
        assert send(resident, marked).status_code == 303
        exact = newest()
        html = resident.get("/zgloszenia/mapa").get_data(as_text=True)

        def item(ticket: Ticket) -> str:
            start = html.index(f'id="report-{ticket.year}-{ticket.seq}"')
            return html[start : html.index("</li>", start)]

        assert 'data-lat="53.13245" data-lon="23.15562" data-approximate="true"' in item(placed)
        assert "na mapie przy swojej ulicy, w przybliżeniu" in item(placed)
        assert "data-lat" not in item(unplaced)
        assert 'data-lat="53.14"' in item(exact)
        assert "data-approximate" not in item(exact)


def test_the_form_asks_for_nearby_reports(city: Any, client: Any) -> None:
    html = client.get(FORM).get_data(as_text=True)
    assert 'id="nearby" data-url="/zgloszenia/w-poblizu"' in html
    assert "nearby.js" in html
