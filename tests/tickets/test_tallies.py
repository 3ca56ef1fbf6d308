"""The dashboard's tallies (tickets.tallies) agree with the tickets after every kind of change, a rollback, a change
of a ticket loaded before the last commit, and rows loaded behind the application (`cct tickets recount`)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text

from cct import db
from cct.auth.actors import SYSTEM
from tests.factories import TicketFactory
from tests.helpers import sign_in
from tickets import operations as ops
from tickets import tallies
from tickets.models import Ticket, TicketTally
from tickets.states import OPEN_VALUES

pytestmark = pytest.mark.usefixtures("city")


def live(by: str, states: tuple[str, ...] | None = None) -> dict[Any, int]:
    column = getattr(Ticket, by)
    statement = select(column, func.count()).group_by(column)
    if states is not None:
        statement = statement.where(Ticket.state.in_(states))
    return {key: int(n) for key, n in db.session.execute(statement)}


def assert_tallies_match() -> None:
    """Every dimension, over all tickets and over the open ones, as the tickets themselves count."""
    for by in tallies.DIMENSIONS:
        for states in (None, OPEN_VALUES):
            assert dict(tallies.counts(by, states=states)) == live(by, states), (by, states)


def test_every_change_of_a_ticket_moves_its_tallies(make_user: Any) -> None:
    worker = make_user("unit_staff", units=("ZDT",))
    lamp = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Nie świeci latarnia", category="oswietlenie"))
    hole = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Dziura", category="drogi-dziury"))
    other = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Dziura znowu", category="drogi-dziury"))
    db.session.commit()
    assert_tallies_match()
    assert dict(tallies.counts("state", states=None))["routed"] == 3

    ops.transition(worker, lamp, "in_progress", expected_version=None)  # starting work takes the ticket
    db.session.commit()
    assert lamp.assignee_id == worker.id
    assert_tallies_match()
    assert (worker.id, 1) in tallies.counts("assignee_id", states=OPEN_VALUES)

    ops.reroute(SYSTEM, lamp, "DGK", "Ich teren", expected_version=None)
    hole.category = ops.get_category("oswietlenie")  # no operation moves a category; the ORM may
    ops.mark_duplicate(SYSTEM, other, hole, expected_version=None)
    ops.reply_and_resolve(SYSTEM, hole, "Naprawione", expected_version=None)
    db.session.commit()
    assert_tallies_match()
    assert dict(tallies.counts("state", states=None)) == {"routed": 1, "resolved": 1, "rejected": 1}

    db.session.delete(other)
    db.session.commit()
    assert_tallies_match()


def test_a_ticket_changed_after_the_commit_that_expired_it(make_user: Any) -> None:
    """The value a change replaced is known even when the ticket was not loaded since the last commit."""
    ticket = TicketFactory(category="oswietlenie")
    db.session.commit()
    db.session.expire_all()
    ticket.state = "in_progress"
    ticket.assignee_id = make_user("unit_staff", units=("ZDT",)).id
    db.session.commit()
    db.session.expire_all()
    ops.reroute(SYSTEM, ticket, "DGK", "Ich teren", expected_version=None)
    db.session.commit()
    assert_tallies_match()


def test_a_rolled_back_change_leaves_the_tallies_as_they_were() -> None:
    TicketFactory(category="oswietlenie")
    db.session.commit()
    before = tallies.counts("category_id", states=None)
    ops.create_ticket(SYSTEM, ops.TicketInput(subject="Latarnia", category="oswietlenie"))
    db.session.flush()
    db.session.rollback()
    assert tallies.counts("category_id", states=None) == before
    ops.create_ticket(SYSTEM, ops.TicketInput(subject="Latarnia", category="oswietlenie"))
    db.session.commit()
    assert tallies.counts("category_id", states=None) != before
    assert_tallies_match()


def test_counts_narrowed_by_unit_category_and_visible_units() -> None:
    lamps = [TicketFactory(category="oswietlenie") for _ in range(2)]
    TicketFactory(category="odpady-wywoz")
    db.session.commit()
    roads = lamps[0].unit_id
    assert tallies.counts("state", states=None, unit_id=roads) == [("routed", 2)]
    assert tallies.counts("unit_id", states=OPEN_VALUES, category_id=lamps[0].category_id) == [(roads, 2)]
    assert tallies.counts("state", states=None, unit_ids=[roads]) == [("routed", 2)]
    assert tallies.counts("state", states=None, unit_ids=[]) == []
    assert tallies.counts("state", states=("closed",)) == []


def test_recount_settles_rows_written_behind_the_application(app: Any) -> None:
    ticket = TicketFactory(category="oswietlenie")
    db.session.commit()
    db.session.execute(text("UPDATE tickets SET state = 'in_progress' WHERE id = :id"), {"id": ticket.id})
    db.session.execute(text("INSERT INTO ticket_tallies VALUES ('closed', 0, 1, 0, 7)"))
    with pytest.raises(AssertionError):
        assert_tallies_match()
    result = app.test_cli_runner().invoke(args=["tickets", "recount"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{db.session.scalar(select(func.count()).select_from(TicketTally))} tallies"
    assert_tallies_match()


def test_the_dashboard_shows_the_tallies_and_with_words_the_tickets(client: Any, make_user: Any) -> None:
    TicketFactory(category="oswietlenie", subject="Latarnia przy Lipowej")
    TicketFactory(category="oswietlenie", subject="Latarnia przy Sienkiewicza")
    db.session.commit()
    db.session.execute(text("UPDATE ticket_tallies SET tickets = 40 WHERE state = 'routed'"))  # told apart below
    sign_in(client, make_user("supervisor").login)
    counted = client.get("/tickets/dashboard?state=all").get_data(as_text=True)
    assert ">40<" in counted
    searched = client.get("/tickets/dashboard?state=all&q=Lipowej").get_data(as_text=True)
    assert ">40<" not in searched
    assert '<th scope="row">przekazane</th><td>1</td>' in searched  # counted on the one ticket the words find
