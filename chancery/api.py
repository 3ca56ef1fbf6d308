"""The chancery in the JSON API (/api/v1/chancery/): the incoming register and the cases, each answer with its
computed deadlines. Clients need no internal ids: a letter is named by its register number, a case by its mark, a
JRWA class by its symbol."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.api.endpoints import body, documented, query, respond
from cct.auth.access import requires
from cct.errors import NotFound
from cct.office_calendar import office_calendar
from chancery import clocks, operations, policy, queries
from chancery.models import Case, Letter
from chancery.schemas import (
    CaseEventOut,
    CaseListQuery,
    CaseOut,
    CasePage,
    CasePath,
    LetterListQuery,
    LetterOut,
    LetterPage,
    LetterPath,
    NewCase,
    NewLetter,
)

bp = Blueprint("api_chancery", __name__, url_prefix="/api/v1/chancery")
NOT_FOUND = (400, 401, 403, 404)


def letter_out(letter: Letter) -> LetterOut:
    readable = policy.can_read_content(current_user, letter)  # a restricted letter's sender's address is the clerk's
    return LetterOut(
        number=letter.number,
        state=letter.state,
        received_at=letter.received_at,
        delivery=letter.delivery,
        kind=letter.kind,
        sender=letter.sender_name,
        sender_kind=letter.sender_kind,
        sender_address=letter.sender_address if readable else None,
        sender_reference=letter.sender_reference,
        letter_date=letter.letter_date,
        subject=letter.subject,
        attachments=letter.attachments,
        access=letter.access,
        unit=letter.unit.code if letter.unit else None,
        assignee=letter.assignee.login if letter.assignee else None,
        via_representative=letter.via_representative,
        due=letter.due_at,
        forwarding_due=clocks.forwarding_due(letter.kind, letter.received_at, office_calendar().timezone),
        case_marks=[case.case_mark for case in letter.cases],
        routed_to=letter.routed_ref,
        has_scan=bool(queries.scans(letter.id)),
    )


def case_out(case: Case) -> CaseOut:
    return CaseOut(
        case_mark=case.case_mark,
        state=case.state,
        title=case.title,
        jrwa=case.jrwa.symbol,
        jrwa_title=case.jrwa.title,
        archival_category=case.jrwa.category,
        unit=case.unit_symbol,
        year=case.year,
        number=case.seq,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        letters=[letter.number for letter in case.letters],
        due=case.due_at,
        record=[
            CaseEventOut(
                at=event.at,
                actor=event.actor.login if event.actor else None,
                action=event.kind,
                document=event.document,
            )
            for event in queries.case_record(case.id)
        ],
    )


@bp.get("/letters")
@requires("chancery.work")
@documented(
    "The incoming register, newest first (or by words)",
    "listChanceryLetters",
    query=LetterListQuery,
    responses={200: LetterPage},
)
def list_letters() -> Any:
    args = query(LetterListQuery)
    found = queries.letters(args.q or "", kind=args.kind.value if args.kind else None, year=args.year, limit=args.limit)
    return respond(LetterPage(letters=[letter_out(letter) for letter in found]))


@bp.post("/letters")
@requires("chancery.work")
@documented(
    "Register an incoming letter (numbered in its year; its statutory deadline computed from its kind)",
    "createChanceryLetter",
    body=NewLetter,
    responses={201: LetterOut},
    headers={201: {"Location": "The letter's address in the API"}},
)
def create_letter() -> Any:
    letter = operations.register_letter(current_user, body(NewLetter).as_input())
    return respond(letter_out(letter), 201, {"Location": url_for(".get_letter", number=f"{letter.year}-{letter.seq}")})


@bp.get("/letters/<number>")
@requires("chancery.work")
@documented(
    "One letter by its register number (15/2026 written as 2026-15)",
    "getChanceryLetter",
    path=LetterPath,
    responses={200: LetterOut},
    errors=NOT_FOUND,
)
def get_letter(number: str) -> Any:
    letter = queries.letter_by_number(number)
    if letter is None:
        raise NotFound("letter_not_found", _("No letter %(number)s in the register.", number=number), "number")
    return respond(letter_out(letter))


@bp.get("/cases")
@requires("chancery.work")
@documented("Cases: open ones first by deadline", "listChanceryCases", query=CaseListQuery, responses={200: CasePage})
def list_cases() -> Any:
    args = query(CaseListQuery)
    found = queries.cases(
        state=args.state.value if args.state else None, symbol=args.jrwa, year=args.year, limit=args.limit
    )
    return respond(CasePage(cases=[case_out(case) for case in found]))


@bp.post("/cases")
@requires("chancery.work")
@documented(
    "Open a case in a JRWA class (its case mark: unit.class.number.year), optionally from a registered letter",
    "createChanceryCase",
    body=NewCase,
    responses={201: CaseOut},
    headers={201: {"Location": "The case's address in the API"}},
)
def create_case() -> Any:
    data = body(NewCase)
    letter = queries.require_letter(data.letter) if data.letter else None
    case = operations.open_case(current_user, data.jrwa, data.title, letter=letter, unit_symbol=data.unit)
    return respond(case_out(case), 201, {"Location": url_for(".get_case", mark=case.case_mark)})


@bp.get("/cases/<mark>")
@requires("chancery.work")
@documented(
    "One case by its mark (DKS-II.1431.15.2026)",
    "getChanceryCase",
    path=CasePath,
    responses={200: CaseOut},
    errors=NOT_FOUND,
)
def get_case(mark: str) -> Any:
    case = queries.case_by_mark(mark)
    if case is None:
        raise NotFound("case_not_found", _("No case %(mark)s.", mark=mark), "mark")
    return respond(case_out(case))
