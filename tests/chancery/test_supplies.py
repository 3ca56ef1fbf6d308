"""Office supplies on both databases: staff ask, the clerk or the Director approves, the clerk issues from the
stock, which never goes below nothing (not even with two issues at once); deliveries, counts, reorder levels, and
every bad input refused with nothing written."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.errors import UserError
from chancery.supplies import operations, queries
from chancery.supplies.models import SupplyItem, SupplyMove, SupplyRequest
from tests.chancery.conftest import client_of
from tests.factories import UserFactory
from tests.helpers import PASSWORD, count, csrf_token

PAGE = "/chancery/supplies/"


@pytest.fixture
def paper(chancery_app: Any, people: dict[str, Any]) -> SupplyItem:
    UserFactory(login="director", full_name="Robert Rzecznik", roles=("spokesperson",), password=PASSWORD)
    item = operations.add_item(SYSTEM, "Papier ksero A4", "ryza", 5)
    operations.record_delivery(SYSTEM, item, 8, "FV 1/2026")
    db.session.commit()
    return item


def test_a_request_approved_by_the_director_and_issued_by_the_clerk(chancery_app: Any, paper: SupplyItem) -> None:
    agent = client_of(chancery_app, "agent")
    token = csrf_token(agent, "/chancery/supplies/mine")
    asked = agent.post(
        "/chancery/supplies/mine", data={"item": paper.id, "quantity": "3", "note": "", "csrf_token": token}
    )
    assert asked.status_code == 303
    assert agent.get(PAGE).status_code == 403  # an agent asks, never decides
    request = db.session.scalar(select(SupplyRequest))
    assert request.state == "requested"
    director = client_of(chancery_app, "director")
    token = csrf_token(director, PAGE)
    assert director.post(f"{PAGE}requests/{request.id}/approve", data={"csrf_token": token}).status_code == 302
    assert director.post(f"{PAGE}requests/{request.id}/issue", data={"csrf_token": token}).status_code == 403
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, PAGE)
    assert clerk.post(f"{PAGE}requests/{request.id}/issue", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(SupplyRequest, request.id).state == "issued"
    assert db.session.get(SupplyItem, paper.id).stock == 5
    assert db.session.get(SupplyItem, paper.id).low  # 5 is the reorder level
    mine = agent.get("/chancery/supplies/mine").get_data(as_text=True)
    assert "wydane" in mine
    assert "Do zamówienia: Papier ksero A4" in clerk.get("/").get_data(as_text=True)
    # issued once: a second issue is refused and the stock stays
    assert clerk.post(f"{PAGE}requests/{request.id}/issue", data={"csrf_token": token}).status_code == 302
    assert db.session.get(SupplyItem, paper.id).stock == 5


def test_a_rejection_says_why(chancery_app: Any, paper: SupplyItem, people: dict[str, Any]) -> None:
    request = operations.request_supplies(people["agent"], paper.id, 1)
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    token = csrf_token(clerk, PAGE)
    clerk.post(f"{PAGE}requests/{request.id}/reject", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(SupplyRequest, request.id).state == "requested"
    data = {"csrf_token": token, "decision-decision_note": "jest w szafie na korytarzu"}
    clerk.post(f"{PAGE}requests/{request.id}/reject", data=data)
    db.session.expire_all()
    assert db.session.get(SupplyRequest, request.id).state == "rejected"


def test_the_stock_never_goes_below_nothing(chancery_app: Any, paper: SupplyItem, people: dict[str, Any]) -> None:
    big = operations.request_supplies(people["agent"], paper.id, 9)
    operations.decide(SYSTEM, big, approve=True)
    db.session.commit()
    with pytest.raises(UserError) as refused:
        operations.issue(SYSTEM, big)
    assert refused.value.code == "not_in_stock"
    db.session.rollback()
    assert db.session.get(SupplyItem, paper.id).stock == 8
    assert count(SupplyMove) == 1  # the delivery only


def test_two_issues_at_once_cannot_both_take_the_last_reams(committed_app: Any) -> None:
    """Two approved requests for 5 of 8 reams issued at the same moment: one is issued, the other refused, and the
    stock is 3 (the atomic UPDATE … WHERE stock + change >= 0), on SQLite and on PostgreSQL."""
    with committed_app.app_context():
        item = operations.add_item(SYSTEM, "Papier ksero A4", "ryza", 5)
        operations.record_delivery(SYSTEM, item, 8)
        requests = [operations.request_supplies(SYSTEM, item.id, 5) for _ in range(2)]
        for asked in requests:
            operations.decide(SYSTEM, asked, approve=True)
        db.session.commit()
        item_id, ids = item.id, [asked.id for asked in requests]
    outcomes: list[str] = []
    start = threading.Barrier(2, timeout=30)

    def issue(request_id: int) -> None:
        with committed_app.app_context():
            try:
                start.wait()
                operations.issue(SYSTEM, queries.request(request_id))
                db.session.commit()
                outcomes.append("issued")
            except UserError as error:
                outcomes.append(error.code)
            finally:
                db.session.rollback()

    threads = [threading.Thread(target=issue, args=(request_id,)) for request_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["issued", "not_in_stock"]
    with committed_app.app_context():
        assert queries.item(item_id).stock == 3


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("items", {"item-name": "papier ksero a4", "item-measure": "ryza", "item-reorder_level": "1"}),  # kept already
        ("items", {"item-name": "Zszywacz", "item-measure": "szt.", "item-reorder_level": "-1"}),
        ("delivery", {"in-item": "", "in-quantity": "5", "in-note": ""}),
        ("delivery", {"in-item": "{paper}", "in-quantity": "0", "in-note": ""}),
        ("count", {"count-item": "{paper}", "count-counted": "3", "count-note": ""}),  # a count says why
    ],
)
def test_bad_input_is_refused_with_nothing_written(
    chancery_app: Any, paper: SupplyItem, path: str, data: dict[str, str]
) -> None:
    clerk = client_of(chancery_app, "clerk")
    form = {key: value.replace("{paper}", str(paper.id)) for key, value in data.items()}
    answer = clerk.post(f"{PAGE}{path}", data=form | {"csrf_token": csrf_token(clerk, PAGE)})
    assert answer.status_code in (400, 409)
    db.session.expire_all()
    assert (count(SupplyItem), count(SupplyMove), db.session.get(SupplyItem, paper.id).stock) == (1, 1, 8)


def test_a_count_sets_the_stock_with_its_reason(chancery_app: Any, paper: SupplyItem) -> None:
    clerk = client_of(chancery_app, "clerk")
    data = {"count-item": paper.id, "count-counted": "6", "count-note": "dwie ryzy zawilgocone"}
    assert clerk.post(f"{PAGE}count", data=data | {"csrf_token": csrf_token(clerk, PAGE)}).status_code == 303
    db.session.expire_all()
    move = db.session.scalars(select(SupplyMove).order_by(SupplyMove.id.desc())).first()
    assert (move.kind, move.change, move.stock_after, move.note) == ("count", -2, 6, "dwie ryzy zawilgocone")


def test_one_request_issued_twice_at_once_leaves_the_stock_once(committed_app: Any) -> None:
    """Two clicks on *Wydaj* for the same request at the same moment: one issues it, the other is told it is
    issued already, and the stock goes down once, on SQLite and on PostgreSQL."""
    with committed_app.app_context():
        item = operations.add_item(SYSTEM, "Długopis", "szt.", 0)
        operations.record_delivery(SYSTEM, item, 10)
        asked = operations.request_supplies(SYSTEM, item.id, 4)
        operations.decide(SYSTEM, asked, approve=True)
        db.session.commit()
        item_id, request_id = item.id, asked.id
    outcomes: list[str] = []
    start = threading.Barrier(2, timeout=30)

    def issue() -> None:
        with committed_app.app_context():
            try:
                start.wait()
                operations.issue(SYSTEM, queries.request(request_id))
                db.session.commit()
                outcomes.append("issued")
            except UserError as error:
                outcomes.append(error.code)
            finally:
                db.session.rollback()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["issued", "request_state"]
    with committed_app.app_context():
        assert queries.item(item_id).stock == 6
        assert len([move for move in queries.moves() if move.kind == "issue"]) == 1
