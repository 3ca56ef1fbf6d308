"""Routing decisions, pure: rules in order, conditions as people write them, then category, then the fallback."""

from __future__ import annotations

from typing import Any

from cct import db
from cct.auth.actors import SYSTEM
from cct.polish import bare_street, normalise
from tests.factories import CategoryFactory
from tickets import operations as ops
from tickets.routing.decision import Facts, Rule, decide

LIGHTING, PARKS = 10, 11
FACTS = Facts(
    category_ids=(PARKS, LIGHTING), district="Antoniuk", address="ul. Żółkiewskiego 3", text="Lampa nie świeci"
)


def test_first_matching_rule_wins() -> None:
    rules = [
        Rule(1, "district", unit_id=101, district="Bojary"),
        Rule(2, "street", unit_id=102, street="Zolkiewskiego"),
        Rule(3, "category", unit_id=103, category_id=LIGHTING),
    ]
    decision = decide(FACTS, rules, category_unit_id=200)
    assert (decision.unit_id, decision.how, decision.rule.name) == (102, "rule", "street")


def test_rule_on_a_parent_category_covers_its_children() -> None:
    decision = decide(FACTS, [Rule(3, "lighting", unit_id=103, category_id=LIGHTING)], category_unit_id=200)
    assert decision.unit_id == 103


def test_all_conditions_of_a_rule_must_hold() -> None:
    rule = Rule(4, "both", unit_id=104, district="antoniuk", keywords="dziura, wyrwa")
    assert decide(FACTS, [rule], category_unit_id=200).how == "category"
    assert decide(Facts((1,), "ANTONIUK", None, "Wyrwa w jezdni"), [rule], None).unit_id == 104


def test_category_unit_then_fallback() -> None:
    assert decide(FACTS, [], category_unit_id=200).unit_id == 200
    fallback = decide(FACTS, [], category_unit_id=None)
    assert (fallback.unit_id, fallback.how) == (None, "fallback")


def test_normalisation_of_what_people_type() -> None:
    assert normalise("  Śmieci   NA  Łąkowej ") == "smieci na lakowej"
    assert bare_street("Ul. Lipowa 10") == "lipowa 10"
    assert bare_street("aleja Piłsudskiego") == "pilsudskiego"


def test_ticket_without_a_routing_answer_goes_to_the_intake_desk(city: Any) -> None:
    CategoryFactory(code="inne", name="Inne sprawy")
    db.session.commit()
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Pytanie", category="inne"))
    assert ticket.unit.code == "DKS-III"
    routed = [event for event in ticket.events if event.kind == "routed"]
    assert routed[0].detail["how"] == "fallback"
