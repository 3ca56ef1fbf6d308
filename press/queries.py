"""Reads of the press office: enquiries by number and by deadline, contacts, the questions units were asked, the
interviews waiting for authorisation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from cct import db
from cct.polish import normalise
from press import policy
from press.models import Authorisation, Enquiry, Journalist, Outlet, UnitRequest
from press.schemas import parse_number
from press.states import ENQUIRY_OPEN, Outcome


def enquiry(enquiry_id: int) -> Enquiry | None:
    return db.session.get(Enquiry, enquiry_id)


def enquiry_by_number(text: str | None) -> Enquiry | None:
    parsed = parse_number(text)
    if parsed is None:
        return None
    year, seq = parsed
    return db.session.scalar(select(Enquiry).where(Enquiry.year == year, Enquiry.seq == seq))


def enquiries(state: str | None = None, words: str = "", limit: int = 200) -> Sequence[Enquiry]:
    """Open ones first by their deadline, then the rest newest first; `state` "open" means every open state."""
    statement = select(Enquiry)
    if state == "open":
        statement = statement.where(Enquiry.state.in_([s.value for s in ENQUIRY_OPEN]))
    elif state:
        statement = statement.where(Enquiry.state == state)
    for word in normalise(words).split():
        pattern = f"%{word}%"
        statement = statement.where(
            or_(
                func.lower(Enquiry.subject).like(pattern),
                func.lower(Enquiry.questions).like(pattern),
                Enquiry.journalist.has(Journalist.name_key.like(pattern)),
                Enquiry.outlet.has(Outlet.name_key.like(pattern)),
            )
        )
    is_open = Enquiry.state.in_([s.value for s in ENQUIRY_OPEN])
    ordered = statement.order_by(is_open.desc(), Enquiry.answer_due, Enquiry.received_at.desc())
    return db.session.scalars(ordered.limit(limit)).all()


def open_enquiries() -> Sequence[Enquiry]:
    return enquiries("open")


def enquiries_of(journalist: Journalist | None = None, outlet: Outlet | None = None) -> Sequence[Enquiry]:
    statement = select(Enquiry).order_by(Enquiry.received_at.desc())
    if journalist is not None:
        statement = statement.where(Enquiry.journalist_id == journalist.id)
    if outlet is not None:
        statement = statement.where(Enquiry.outlet_id == outlet.id)
    return db.session.scalars(statement).all()


# -- contacts ------------------------------------------------------------------------------------------------------


def outlets() -> Sequence[Outlet]:
    return db.session.scalars(select(Outlet).order_by(Outlet.name_key)).all()


def outlet(outlet_id: int) -> Outlet | None:
    return db.session.get(Outlet, outlet_id)


def outlet_named(name: str) -> Outlet | None:
    return db.session.scalar(select(Outlet).where(Outlet.name_key == normalise(name)))


def journalists(words: str = "") -> Sequence[Journalist]:
    statement = select(Journalist).order_by(Journalist.name_key, Journalist.id)
    for word in normalise(words).split():
        statement = statement.where(Journalist.name_key.like(f"%{word}%"))
    return db.session.scalars(statement).all()


def journalist(journalist_id: int) -> Journalist | None:
    return db.session.get(Journalist, journalist_id)


def journalist_named(name: str, outlet: Outlet | None) -> Journalist | None:
    """The journalist of that name at that outlet (or with no outlet)."""
    where = Journalist.outlet_id == outlet.id if outlet is not None else Journalist.outlet_id.is_(None)
    return db.session.scalar(
        select(Journalist).where(Journalist.name_key == normalise(name), where).order_by(Journalist.id).limit(1)
    )


def enquiry_counts(journalist_ids: Sequence[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Enquiry.journalist_id, func.count())
        .where(Enquiry.journalist_id.in_(journalist_ids))
        .group_by(Enquiry.journalist_id)
    )
    return {journalist_id: count for journalist_id, count in rows}


# -- questions to units ---------------------------------------------------------------------------------------------


def unit_request(request_id: int) -> UnitRequest | None:
    return db.session.get(UnitRequest, request_id)


def waiting_unit_requests(user: Any) -> Sequence[UnitRequest]:
    """The questions the user's units have not answered yet, the soonest due first."""
    return db.session.scalars(
        select(UnitRequest)
        .where(policy.unit_requests_for(user), UnitRequest.answered_at.is_(None))
        .order_by(UnitRequest.due_at)
    ).all()


# -- authorisations -------------------------------------------------------------------------------------------------


def authorisation(authorisation_id: int) -> Authorisation | None:
    return db.session.get(Authorisation, authorisation_id)


def authorisations(limit: int = 200) -> Sequence[Authorisation]:
    """Those waiting first (soonest due), then the decided ones, newest first."""
    waiting = Authorisation.outcome == Outcome.PENDING.value
    return db.session.scalars(
        select(Authorisation)
        .order_by(waiting.desc(), Authorisation.due_at, Authorisation.received_at.desc())
        .limit(limit)
    ).all()


def pending_authorisations() -> Sequence[Authorisation]:
    return db.session.scalars(
        select(Authorisation).where(Authorisation.outcome == Outcome.PENDING.value).order_by(Authorisation.due_at)
    ).all()


def lapsed_authorisation_ids(now: datetime) -> list[int]:
    """Waiting authorisations whose time is over (art. 14a ust. 7 decides them)."""
    return list(
        db.session.scalars(
            select(Authorisation.id).where(Authorisation.outcome == Outcome.PENDING.value, Authorisation.due_at <= now)
        )
    )
