"""Reads of the office supplies: the items with their stock (those to reorder first), requests waiting for a
decision or an issue, a person's own requests, and an item's moves."""

from __future__ import annotations

from sqlalchemy import select

from cct import db
from chancery.supplies.models import SupplyItem, SupplyMove, SupplyRequest
from chancery.supplies.states import RequestState


def items() -> list[SupplyItem]:
    return list(db.session.scalars(select(SupplyItem).order_by(SupplyItem.name_key)))


def item(item_id: int) -> SupplyItem | None:
    return db.session.get(SupplyItem, item_id)


def item_named(key: str) -> SupplyItem | None:
    return db.session.scalar(select(SupplyItem).where(SupplyItem.name_key == key))


def to_reorder() -> list[SupplyItem]:
    statement = select(SupplyItem).where(SupplyItem.stock <= SupplyItem.reorder_level)
    return list(db.session.scalars(statement.order_by(SupplyItem.name_key)))


def request(request_id: int) -> SupplyRequest | None:
    return db.session.get(SupplyRequest, request_id)


def open_requests() -> list[SupplyRequest]:
    """Waiting for approval or for issue, the oldest first."""
    states = (RequestState.REQUESTED.value, RequestState.APPROVED.value)
    statement = select(SupplyRequest).where(SupplyRequest.state.in_(states))
    return list(db.session.scalars(statement.order_by(SupplyRequest.created_at, SupplyRequest.id)))


def requests_of(user_id: int, limit: int = 50) -> list[SupplyRequest]:
    statement = select(SupplyRequest).where(SupplyRequest.requested_by_id == user_id)
    return list(db.session.scalars(statement.order_by(SupplyRequest.id.desc()).limit(limit)))


def moves(limit: int = 50) -> list[SupplyMove]:
    return list(db.session.scalars(select(SupplyMove).order_by(SupplyMove.id.desc()).limit(limit)))
