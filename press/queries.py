"""Reads of the press office: enquiries by number and by deadline, contacts, the questions units were asked, the
interviews waiting for authorisation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from cct import db
from cct.db import utcnow
from cct.office_calendar import office_calendar
from cct.polish import normalise
from cct.word_search import keys_met, words_met
from press import clocks, policy
from press.figures import Asked
from press.models import (
    Authorisation,
    Clipping,
    Correction,
    Enquiry,
    Journalist,
    Outlet,
    Position,
    PressFile,
    Release,
    Survey,
    UnitRequest,
)
from press.monitoring import Seen
from press.planning.models import Conference, Post
from press.schemas import parse_number
from press.states import ENQUIRY_OPEN, CorrectionState, FileOwner, Outcome, PositionState, ReleaseState


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


# -- words: earlier answers, positions -----------------------------------------------------------------------------


def answered_about(text: str, limit: int = 50) -> Sequence[Enquiry]:
    """Enquiries whose subject, questions or answer speak of `text` ("co mówiliśmy o stadionie?"): those meeting
    the most of its words first, then answered ones, then the newest."""
    met = keys_met(Enquiry.search_keys, text)
    if not met:
        return []
    score = words_met(met)
    answered = Enquiry.sent_at.is_not(None)
    return db.session.scalars(
        select(Enquiry)
        .where(or_(*met))
        .order_by(score.desc(), answered.desc(), Enquiry.received_at.desc())
        .limit(limit)
    ).all()


def positions() -> Sequence[Position]:
    return db.session.scalars(select(Position).order_by(Position.valid_from.desc(), Position.id.desc())).all()


def position(position_id: int) -> Position | None:
    return db.session.get(Position, position_id)


def _current(today: date) -> Any:
    return and_(
        Position.state == PositionState.APPROVED.value,
        Position.valid_from <= today,
        or_(Position.valid_to.is_(None), Position.valid_to >= today),
    )


def current_positions(today: date, text: str = "", limit: int = 5) -> Sequence[Position]:
    """Approved positions holding today (those speaking of `text`, when given), newest first."""
    statement = select(Position).where(_current(today))
    if text:
        met = keys_met(Position.search_keys, text)
        if not met:
            return []
        statement = statement.where(and_(*met))  # a position answers the whole question, or is not shown
    return db.session.scalars(statement.order_by(Position.valid_from.desc(), Position.id.desc()).limit(limit)).all()


def current_position(position_id: int, today: date) -> Position | None:
    return db.session.scalar(select(Position).where(Position.id == position_id, _current(today)))


# -- releases ------------------------------------------------------------------------------------------------------


def releases(state: str | None = None, limit: int = 200) -> Sequence[Release]:
    """Unpublished ones first, then by publication, newest first."""
    statement = select(Release)
    if state is not None:
        statement = statement.where(Release.state == state)
    return db.session.scalars(
        statement.order_by(Release.published_at.desc().nulls_first(), Release.id.desc()).limit(limit)
    ).all()


def release(release_id: int) -> Release | None:
    return db.session.get(Release, release_id)


def published_releases(limit: int = 50) -> Sequence[Release]:
    return db.session.scalars(
        select(Release)
        .where(Release.state == ReleaseState.PUBLISHED.value)
        .order_by(Release.published_at.desc(), Release.id.desc())
        .limit(limit)
    ).all()


def published_release(release_id: int) -> Release | None:
    return db.session.scalar(
        select(Release).where(Release.id == release_id, Release.state == ReleaseState.PUBLISHED.value)
    )


# -- media monitoring ----------------------------------------------------------------------------------------------


def clippings(limit: int = 100) -> Sequence[Clipping]:
    return db.session.scalars(
        select(Clipping).order_by(Clipping.published_on.desc(), Clipping.id.desc()).limit(limit)
    ).all()


def clipping(clipping_id: int) -> Clipping | None:
    return db.session.get(Clipping, clipping_id)


def clippings_between(first: date, last: date) -> Sequence[Clipping]:
    return db.session.scalars(
        select(Clipping)
        .where(Clipping.published_on >= first, Clipping.published_on <= last)
        .order_by(Clipping.published_on, Clipping.id)
    ).all()


def seen(item: Clipping) -> Seen:
    return Seen(item.published_on, item.tone, tuple(item.topics), item.outlet.name, item.reach)


def correction_clocks(correction: Correction | None, clipping: Clipping) -> dict[str, Any]:
    """A correction's deadlines as its pages and the API show them (the rules are press.clocks'): sent by (art. 31a
    ust. 3), published by (art. 32 ust. 1, from the editors' receipt), and whether the editors are late."""
    calendar = office_calendar()
    send_by = clocks.correction_send_by(clipping.published_on, calendar.timezone)
    due = None
    if correction is not None and correction.received_on is not None:
        due = clocks.publication_due(clipping.medium, correction.received_on, calendar.timezone, calendar.is_holiday)
    late = correction is not None and clocks.correction_late(
        due, correction.published_on, correction.state == CorrectionState.SENT, utcnow(), calendar.timezone
    )
    return {"send_by": send_by, "publication_due": due, "late": late}


def correction(correction_id: int) -> Correction | None:
    return db.session.get(Correction, correction_id)


def corrections_under_way() -> Sequence[Correction]:
    """Corrections drafted or sent, not yet published or refused."""
    return db.session.scalars(
        select(Correction)
        .where(Correction.state.in_([CorrectionState.DRAFT.value, CorrectionState.SENT.value]))
        .order_by(Correction.id)
    ).all()


def enquiries_since(since: datetime) -> Sequence[Enquiry]:
    return db.session.scalars(select(Enquiry).where(Enquiry.received_at >= since).order_by(Enquiry.received_at)).all()


def asked(item: Enquiry) -> Asked:
    return Asked(
        item.received_at, item.sent_at, item.answer_due, item.outlet.name if item.outlet else "", tuple(item.tags)
    )


# -- files and surveys ---------------------------------------------------------------------------------------------


# what a file may be kept with: the record's kind -> its table
FILE_OWNERS: dict[FileOwner, type[Any]] = {
    FileOwner.AUTHORISATION: Authorisation,
    FileOwner.CLIPPING: Clipping,
    FileOwner.SURVEY: Survey,
    FileOwner.CONFERENCE: Conference,
    FileOwner.POST: Post,
}


def file_owner(kind: FileOwner, owner_id: int) -> Any:
    """The record a file is (to be) kept with, or None."""
    return db.session.get(FILE_OWNERS[kind], owner_id)


def files_of(owner: str, owner_id: int) -> Sequence[PressFile]:
    return db.session.scalars(
        select(PressFile).where(PressFile.owner_kind == owner, PressFile.owner_id == owner_id).order_by(PressFile.id)
    ).all()


def press_file(file_id: int) -> PressFile | None:
    return db.session.get(PressFile, file_id)


def surveys(text: str = "", limit: int = 100) -> Sequence[Survey]:
    """The survey register, newest fieldwork first; with `text`, those meeting the most of its words first."""
    statement = select(Survey)
    if text:
        met = keys_met(Survey.search_keys, text)
        if not met:
            return []
        score = words_met(met)
        statement = statement.where(or_(*met)).order_by(score.desc())
    return db.session.scalars(statement.order_by(Survey.field_from.desc(), Survey.id.desc()).limit(limit)).all()


def survey(survey_id: int) -> Survey | None:
    return db.session.get(Survey, survey_id)
