"""Reads of the chancery: the incoming register (by number, by words, by deadline), the JRWA, the cases by mark and
the case list (spis spraw) of a unit, class and year, a letter's history and a case's record."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from cct import db
from cct.errors import Unprocessable
from cct.word_search import keys_met, words_met
from chancery.models import Case, CaseLetter, ChanceryEvent, ChanceryFile, JrwaClass, Letter, Outgoing
from chancery.states import POSTAL, CaseState, LetterState

LETTER_NUMBER = re.compile(r"^\s*(?:(\d{1,9})\s*/\s*(\d{4})|(\d{4})\s*-\s*(\d{1,9}))\s*$")
UNIT_SYMBOL = re.compile(r"[A-Z0-9ĄĆĘŁŃÓŚŹŻ-]{1,20}")
CASE_MARK = re.compile(r"^\s*([A-Za-z0-9ĄĆĘŁŃÓŚŹŻąćęłńóśźż-]{1,20})\.(\d{1,4})\.(\d{1,9})\.(\d{4})\s*$")


def parse_letter_number(text: str | None) -> tuple[int, int] | None:
    """(year, number) of "15/2026" or "2026-15", else None."""
    found = LETTER_NUMBER.match(text or "")
    if found is None:
        return None
    if found.group(1):
        return int(found.group(2)), int(found.group(1))
    return int(found.group(3)), int(found.group(4))


def letter(letter_id: int) -> Letter | None:
    return db.session.get(Letter, letter_id)


def letter_by_number(text: str | None) -> Letter | None:
    parsed = parse_letter_number(text)
    if parsed is None:
        return None
    year, seq = parsed
    return db.session.scalar(select(Letter).where(Letter.year == year, Letter.seq == seq))


def letters(
    words: str = "", kind: str | None = None, year: int | None = None, state: str | None = None, limit: int = 100
) -> Sequence[Letter]:
    """The register newest first; with words, those meeting the most of them first (the knowledge base's Polish
    analysis: "parkowanie" finds "parkowania", "nieodebrane" finds "nie odebrano")."""
    statement = select(Letter)
    if kind:
        statement = statement.where(Letter.kind == kind)
    if year:
        statement = statement.where(Letter.year == year)
    if state:
        statement = statement.where(Letter.state == state)
    order = [Letter.received_at.desc(), Letter.id.desc()]
    if words.strip():
        met = keys_met(Letter.search_keys, words)
        if not met:
            return []
        statement = statement.where(or_(*met))
        order.insert(0, words_met(met).desc())
    return db.session.scalars(statement.order_by(*order).limit(limit)).all()


def letter_events(letter_id: int) -> Sequence[ChanceryEvent]:
    return db.session.scalars(
        select(ChanceryEvent).where(ChanceryEvent.letter_id == letter_id).order_by(ChanceryEvent.id)
    ).all()


def scans(letter_id: int) -> Sequence[ChanceryFile]:
    return db.session.scalars(
        select(ChanceryFile).where(ChanceryFile.letter_id == letter_id).order_by(ChanceryFile.id)
    ).all()


def file(file_id: int) -> ChanceryFile | None:
    return db.session.get(ChanceryFile, file_id)


def letters_due(now: datetime, days: int) -> Sequence[Letter]:
    """Letters not yet in a case or passed on whose statutory clock ends within `days` days or has ended."""
    return db.session.scalars(
        select(Letter)
        .where(Letter.state == LetterState.REGISTERED, Letter.due_at.is_not(None))
        .where(Letter.due_at < now + timedelta(days))
        .order_by(Letter.due_at)
    ).all()


def letters_waiting_count() -> int:
    waiting = select(func.count()).select_from(Letter).where(Letter.state == LetterState.REGISTERED)
    return db.session.scalar(waiting) or 0


def require_letter(text: str | None, field: str = "letter") -> Letter:
    """The letter a user names by its register number ("15/2026", "2026-15"), or the error to show by the field."""
    found = letter_by_number(text)
    if found is None:
        raise Unprocessable("unknown_letter", _("No letter with this number in the register."), field)
    return found


def letters_waiting(limit: int = 50) -> Sequence[Letter]:
    """Letters registered and not yet handled (no case, not passed on), oldest first."""
    return db.session.scalars(
        select(Letter).where(Letter.state == LetterState.REGISTERED).order_by(Letter.received_at).limit(limit)
    ).all()


# -- JRWA ----------------------------------------------------------------------------------------------------------


def jrwa_classes() -> Sequence[JrwaClass]:
    return db.session.scalars(select(JrwaClass).order_by(JrwaClass.symbol)).all()


def jrwa_class(symbol: str | None) -> JrwaClass | None:
    return db.session.scalar(select(JrwaClass).where(JrwaClass.symbol == (symbol or "").strip()))


def case_classes() -> Sequence[JrwaClass]:
    """The classes cases are opened in: those with an archival category (at the end of a branch)."""
    return db.session.scalars(select(JrwaClass).where(JrwaClass.category.is_not(None)).order_by(JrwaClass.symbol)).all()


# -- cases ---------------------------------------------------------------------------------------------------------


def case(case_id: int) -> Case | None:
    return db.session.get(Case, case_id)


def case_by_mark(text: str | None) -> Case | None:
    found = CASE_MARK.match(text or "")
    if found is None:
        return None
    unit, symbol, seq, year = found.group(1).upper(), found.group(2), int(found.group(3)), int(found.group(4))
    return db.session.scalar(
        select(Case)
        .join(JrwaClass, Case.jrwa_id == JrwaClass.id)
        .where(Case.unit_symbol == unit, JrwaClass.symbol == symbol, Case.seq == seq, Case.year == year)
    )


def cases(
    state: str | None = None, symbol: str | None = None, year: int | None = None, limit: int = 200
) -> Sequence[Case]:
    """Open cases first by their deadline, then the newest."""
    statement = select(Case).join(JrwaClass, Case.jrwa_id == JrwaClass.id)
    if state:
        statement = statement.where(Case.state == state)
    if symbol:
        statement = statement.where(JrwaClass.symbol == symbol)
    if year:
        statement = statement.where(Case.year == year)
    still_open = Case.state == CaseState.OPEN
    return db.session.scalars(
        statement.order_by(still_open.desc(), Case.due_at.is_(None), Case.due_at, Case.opened_at.desc()).limit(limit)
    ).all()


def case_list(unit_symbol: str, symbol: str, year: int) -> Sequence[Case]:
    """The case list (spis spraw) of a unit, JRWA class and year, in the order of its numbers."""
    return db.session.scalars(
        select(Case)
        .join(JrwaClass, Case.jrwa_id == JrwaClass.id)
        .where(Case.unit_symbol == unit_symbol, JrwaClass.symbol == symbol, Case.year == year)
        .order_by(Case.seq)
    ).all()


def case_list_choices() -> Sequence[tuple[str, str, int]]:
    """The (unit symbol, JRWA symbol, year) of every case list that has a case, newest year first."""
    rows = db.session.execute(
        select(Case.unit_symbol, JrwaClass.symbol, Case.year)
        .join(JrwaClass, Case.jrwa_id == JrwaClass.id)
        .distinct()
        .order_by(Case.year.desc(), Case.unit_symbol, JrwaClass.symbol)
    ).all()
    return [(unit, symbol, year) for unit, symbol, year in rows]


def cases_due(now: datetime, days: int) -> Sequence[Case]:
    """Open cases whose deadline ends within `days` days or has ended."""
    return db.session.scalars(
        select(Case)
        .where(Case.state == CaseState.OPEN, Case.due_at.is_not(None), Case.due_at < now + timedelta(days))
        .order_by(Case.due_at)
    ).all()


def case_record(case_id: int) -> Sequence[ChanceryEvent]:
    """The case's record (metryka sprawy): every action on it, in order."""
    return db.session.scalars(
        select(ChanceryEvent).where(ChanceryEvent.case_id == case_id).order_by(ChanceryEvent.at, ChanceryEvent.id)
    ).all()


def letter_in_case(case_id: int, letter_id: int) -> bool:
    return (
        db.session.scalar(
            select(CaseLetter).where(and_(CaseLetter.case_id == case_id, CaseLetter.letter_id == letter_id))
        )
        is not None
    )


# -- the outgoing register -----------------------------------------------------------------------------------------


def outgoing(limit: int = 100) -> Sequence[Outgoing]:
    return db.session.scalars(select(Outgoing).order_by(Outgoing.sent_on.desc(), Outgoing.id.desc()).limit(limit)).all()


def sending_book(day: date) -> Sequence[Outgoing]:
    """The postal sending book (pocztowa książka nadawcza) of a day: what went by post, in the register's order."""
    return db.session.scalars(
        select(Outgoing).where(Outgoing.sent_on == day, Outgoing.method.in_(POSTAL)).order_by(Outgoing.seq)
    ).all()
