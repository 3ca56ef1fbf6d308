"""What changes at the chancery desk. Each writer is a declared operation: it checks who may do it, validates,
changes the rows, flushes, and emits the audit and the history (`record_history` writes a letter's history and a
case's record, the metryka of KPA art. 66a). The statutory clocks come from chancery.clocks; JRWA files are read by
chancery.jrwa. A letter passed to the helpline becomes a ticket through tickets.operations; one for the press team
becomes a media enquiry through the "letter.to_press" slot, which the press office fills."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import contacts, db, files, mail, slots
from cct.actions import audit, history, operation
from cct.auth import queries as accounts
from cct.auth.actors import Actor, actor_id
from cct.changes import plain
from cct.db import utcnow
from cct.errors import Conflict, Unprocessable
from cct.lemmas import text_keys
from cct.office_calendar import local_today, office_calendar, require_plausible
from cct.org import queries as units
from cct.word_search import refresh_keys
from chancery import clocks, jrwa, money, policy, queries
from chancery import schemas as limits
from chancery.models import (
    Case,
    CaseDocument,
    CaseLetter,
    ChanceryCounter,
    ChanceryEvent,
    ChanceryFile,
    JrwaClass,
    Letter,
    Outgoing,
)
from chancery.schemas import LetterInput, OutgoingInput
from chancery.states import (
    POSTAL,
    Access,
    CaseState,
    Delivery,
    Direction,
    LetterKind,
    LetterState,
    Route,
    SenderKind,
    SendMethod,
)
from tickets import operations as tickets
from tickets import schemas as ticket_limits
from tickets.schemas import TicketInput

LETTERS, CASES, OUTGOING = "letters", "cases", "outgoing"  # the registers' names in chancery_counters
DEFAULT_UNIT = "DKS-II"  # the clerk's own unit: the unit symbol of a case mark unless another is given
TICKET_KINDS = {  # the statutory kind a ticket from a letter of this kind carries (tickets.clocks counts it)
    LetterKind.COMPLAINT.value: "complaint",
    LetterKind.MOTION.value: "motion",
    LetterKind.PUBLIC_INFO.value: "public_info",
}


def _text(value: Any, name: str, limit: int, required: bool = False) -> str:
    return contacts.clean_text(value, name, limit, required)


def choice(enum: Any, value: Any, field: str, message: str) -> str:
    try:
        return str(enum(value).value)
    except ValueError:
        raise Unprocessable(f"unknown_{field}", message, field) from None


def allocate(register: str, key: str, year: int) -> int:
    """The next number of a register's year, from one atomic upsert: two clerks (or two API clients) opening cases
    in one class at once never share a number, on SQLite as on PostgreSQL, and a rolled-back case leaves no gap."""
    return db.increment(ChanceryCounter.__table__, {"register": register, "key": key, "year": year}, "last_number")


def record_history(
    sender: Any, *, actor: Any, kind: str, changes: dict[str, Any], detail: dict[str, Any], **_: Any
) -> None:
    """The `history_event` subscriber: a change of a letter becomes a line of its history (and of the record of the
    case it is in); a change of a case, a line of the case's record."""
    if isinstance(sender, Letter):
        letter_id, case_id = sender.id, (sender.cases[-1].id if sender.cases else None)
    elif isinstance(sender, Case):
        letter_id, case_id = detail.get("letter_id"), sender.id
    else:
        return
    db.session.add(
        ChanceryEvent(
            letter_id=letter_id,
            case_id=case_id,
            at=utcnow(),
            actor_id=actor_id(actor),
            kind=kind,
            document=detail.get("document"),
            detail={key: plain(value) for key, value in {**detail, **changes}.items()},
        )
    )


def _record(item: Letter | Case, actor: Actor, kind: str, changes: dict[str, Any] | None = None, **detail: Any) -> None:
    db.session.flush()
    number = item.number if isinstance(item, Letter) else item.case_mark
    audit(item, actor, changes, number=number, **{k: v for k, v in detail.items() if k != "letter_id"})
    history(item, actor, kind, changes, **detail)


def check_file(filename: str, data: bytes, field: str = "scan") -> tuple[str, str]:
    """(the file's safe name, its content type) of an acceptable scan: a PDF, JPEG or PNG within the size limit."""
    return files.checked(
        filename,
        data,
        field=field,
        max_mb=limits.FILE_MAX_MB,
        name_limit=limits.FILENAME_MAX,
        default_name="skan",
        wrong_type=_("A scan is a PDF document or a JPEG or PNG image."),
    )


def _keep(actor: Actor, upload: files.Upload, letter: Letter | None = None, field: str = "scan") -> ChanceryFile:
    name, content_type = check_file(upload.filename, upload.data, field)
    kept = ChanceryFile(
        letter_id=letter.id if letter else None,
        filename=name,
        content_type=content_type,
        size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        data=upload.data,
        uploaded_by_id=actor_id(actor),
    )
    db.session.add(kept)
    db.session.flush()
    return kept


def _letter_text(letter: Letter) -> str:
    """What a letter is found by: its subject, sender, the sender's reference."""
    return "\n".join((letter.subject, letter.sender_name, letter.sender_reference or ""))


def _index(letter: Letter) -> None:
    letter.search_keys = text_keys(_letter_text(letter))


def refresh_search_keys() -> int:
    """The "db.upgraded" slot's filler: every letter's keys by the analysis of this version
    (cct.word_search.refresh_keys); how many changed."""
    return refresh_keys(Letter, _letter_text)


def _user(login: str | None, field: str) -> Any:
    if not login:
        return None
    found = accounts.user_by_login(login)
    if found is None or not found.active:
        raise Unprocessable("unknown_user", _("No active account with this login."), field)
    return found


# -- the incoming register -----------------------------------------------------------------------------------------


@operation("chancery.letter_registered", _l("Letter registered"))
def register_letter(actor: Actor, data: LetterInput, scan: files.Upload | None = None) -> Letter:
    """An incoming letter in the register: numbered in its year, with the statutory clock of its kind from the moment
    it came in (chancery.clocks), and its scan when there is one."""
    policy.require_work(actor)
    if data.received_at is None or data.received_at.tzinfo is None:
        raise Unprocessable("required", _("Give the time the letter came in."), "received_at")
    if data.received_at > utcnow():
        raise Unprocessable("in_future", _("This time has not come yet."), "received_at")
    require_plausible(data.received_at, "received_at")
    require_plausible(data.letter_date, "letter_date")
    if (
        data.letter_date is not None
        and data.letter_date > data.received_at.astimezone(office_calendar().timezone).date()
    ):
        raise Unprocessable("letter_after_receipt", _("A letter cannot be dated after it came in."), "letter_date")
    if not 0 <= int(data.attachments) <= limits.ATTACHMENTS_MAX:
        raise Unprocessable("bad_attachments", _("Give the number of attachments (0–999)."), "attachments")
    kind = choice(LetterKind, data.kind, "kind", _("Choose the kind of letter."))
    unit = units.require_unit(DEFAULT_UNIT if data.unit is None else data.unit, "unit")  # "" is no unit's code
    timezone = office_calendar().timezone
    letter = Letter(
        received_at=data.received_at,
        delivery=choice(Delivery, data.delivery, "delivery", _("Choose how the letter came in.")),
        kind=kind,
        sender_name=_text(data.sender, "sender", limits.NAME_MAX, required=True),
        sender_kind=choice(SenderKind, data.sender_kind, "sender_kind", _("Choose who sent it.")),
        sender_address=_text(data.sender_address, "sender_address", limits.ADDRESS_MAX) or None,
        sender_email=contacts.clean_email(data.sender_email, "sender_email"),
        sender_reference=_text(data.sender_reference, "sender_reference", limits.REFERENCE_MAX) or None,
        letter_date=data.letter_date,
        subject=_text(data.subject, "subject", limits.SUBJECT_MAX, required=True),
        attachments=int(data.attachments),
        access=choice(Access, data.access, "access", _("Choose who may read it.")),
        via_representative=bool(data.via_representative),
        unit_id=unit.id,
        assignee_id=getattr(_user(data.assignee, "assignee"), "id", None),
        due_at=clocks.answer_due(
            kind, data.received_at, via_representative=bool(data.via_representative), timezone=timezone
        ),
        state=LetterState.REGISTERED.value,
        year=data.received_at.astimezone(timezone).year,
        created_by_id=actor_id(actor),
    )
    _index(letter)
    if scan is not None:
        check_file(scan.filename, scan.data)  # refused before the number is taken
    letter.seq = allocate(LETTERS, "", letter.year)  # as late as possible: the counter stays locked from here
    db.session.add(letter)
    db.session.flush()
    detail: dict[str, Any] = {"document": _("letter %(number)s", number=letter.number), "letter_kind": kind}
    if scan is not None:
        detail["scan"] = _keep(actor, scan, letter).filename
    _record(letter, actor, "registered", **detail)
    return letter


@operation("chancery.scan_added", _l("Letter's scan added"))
def add_scan(actor: Actor, letter: Letter, scan: files.Upload) -> ChanceryFile:
    policy.require_work(actor)
    policy.require_content(actor, letter)
    kept = _keep(actor, scan, letter)
    _record(letter, actor, "scan_added", scan=kept.filename, document=kept.filename)
    return kept


# -- JRWA ----------------------------------------------------------------------------------------------------------

JRWA_PROBLEMS = {
    "not_text": _l("The file is not a text (CSV) file."),
    "empty": _l("The file holds no classes."),
    "header": _l("The first row must name the columns symbol, title and category."),
    "too_many": _l("Too many rows for a list of record classes."),
    "symbol": _l("A symbol is one to four digits."),
    "title": _l("Every class needs a title (at most 300 characters)."),
    "category": _l("An archival category is A, Bc, B with years (B5) or BE with years (BE10)."),
    "duplicate": _l("This symbol is listed twice."),
    "no_parent": _l("The class above this one is missing from the list."),
    "category_on_parent": _l("A class with subclasses has no archival category."),
    "no_category": _l("A class at the end of a branch needs its archival category."),
}


@operation("chancery.jrwa_imported", _l("JRWA imported"))
def import_jrwa(actor: Actor, text: str | bytes) -> tuple[int, int]:
    """The office's list of record classes from CSV (chancery.jrwa reads it): new classes added, known ones updated;
    nothing is written when any row is wrong. A class cases were opened in keeps its symbol; its title may change.
    Returns (added, changed)."""
    policy.require_work(actor)
    try:
        rows = jrwa.parse(jrwa.decode(text) if isinstance(text, bytes) else text)
    except jrwa.JrwaProblem as problem:
        message = str(JRWA_PROBLEMS[problem.code])
        if problem.line:
            message = _("Line %(line)d: %(problem)s", line=problem.line, problem=message)
        raise Unprocessable(f"jrwa_{problem.code}", message, "file") from None
    known = {found.symbol: found for found in queries.jrwa_classes()}
    added = changed = 0
    for row in rows:
        existing = known.get(row.symbol)
        if existing is None:
            db.session.add(JrwaClass(symbol=row.symbol, title=row.title, category=row.category))
            added += 1
        elif (existing.title, existing.category) != (row.title, row.category):
            existing.title, existing.category = row.title, row.category
            changed += 1
    db.session.flush()
    audit(None, actor, None, added=added, changed=changed, classes=len(rows))
    return added, changed


# -- cases ---------------------------------------------------------------------------------------------------------


def _case_class(symbol: str) -> JrwaClass:
    found = queries.jrwa_class(symbol)
    if found is None:
        raise Unprocessable("unknown_jrwa", _("No class %(symbol)s in the JRWA.", symbol=symbol), "jrwa")
    if found.category is None:
        raise Unprocessable(
            "jrwa_has_subclasses",
            _("Class %(symbol)s has subclasses: open the case in one of them.", symbol=symbol),
            "jrwa",
        )
    return found


@operation("chancery.case_opened", _l("Case opened"))
def open_case(
    actor: Actor, symbol: str, title: str, letter: Letter | None = None, unit_symbol: str | None = None
) -> Case:
    """A case in the unit's case list for the JRWA class and this year, with its case mark (DKS-II.1431.15.2026:
    unit, class, the next number in that list, year); opened from a letter, it takes the letter's party, date and
    statutory deadline, and the letter becomes its first document."""
    policy.require_work(actor)
    if letter is not None:
        policy.require_content(actor, letter)
    unit = units.require_unit(DEFAULT_UNIT if unit_symbol is None else unit_symbol, "unit")  # "" is no code
    jrwa_class = _case_class(symbol)
    title = _text(title, "title", limits.TITLE_MAX, required=True)
    timezone = office_calendar().timezone
    now = utcnow()
    case = Case(
        unit_symbol=unit.code,
        jrwa_id=jrwa_class.id,
        jrwa=jrwa_class,
        year=now.astimezone(timezone).year,
        title=title,
        state=CaseState.OPEN.value,
        party=letter.sender_name if letter else None,
        letter_dated=(letter.letter_date or letter.received_at.astimezone(timezone).date()) if letter else None,
        due_at=letter.due_at if letter else None,
        opened_at=now,
        opened_by_id=actor_id(actor),
    )
    case.seq = allocate(CASES, f"{unit.code}|{jrwa_class.symbol}", case.year)
    db.session.add(case)
    db.session.flush()
    _record(case, actor, "case_opened", document=case.case_mark, title=title)
    if letter is not None:
        _add_letter(actor, case, letter)
    return case


def _lock(letter: Letter) -> None:
    """The letter's row locked till the commit (PostgreSQL; SQLite writes one transaction at a time anyway): two
    clerks, or a double click, routing or filing the same letter at once go one after the other, and the second
    sees what the first did."""
    db.session.refresh(letter, with_for_update=True)


def _add_letter(actor: Actor, case: Case, letter: Letter) -> None:
    _lock(letter)
    if queries.letter_in_case(case.id, letter.id):
        raise Conflict("letter_in_case", _("This letter is already in the case."), "letter")
    db.session.add(CaseLetter(case_id=case.id, letter_id=letter.id))
    changes: dict[str, Any] = {}
    if letter.state == LetterState.REGISTERED:
        changes = {"state": [letter.state, LetterState.IN_CASE.value]}
        letter.state = LetterState.IN_CASE.value
    if letter.due_at is not None and (case.due_at is None or letter.due_at < case.due_at):
        changes["due_at"] = [case.due_at, letter.due_at]  # the case is due when its earliest letter is
        case.due_at = letter.due_at
    db.session.flush()
    db.session.expire(letter, ["cases"])
    _record(
        case,
        actor,
        "letter_added",
        changes,
        letter_id=letter.id,
        document=_("letter %(number)s: %(subject)s", number=letter.number, subject=letter.subject),
        direction=Direction.IN.value,
    )


@operation("chancery.letter_added", _l("Letter added to a case"))
def add_letter(actor: Actor, case: Case, letter: Letter) -> None:
    """A later letter in the same matter joins the case's documents."""
    policy.require_work(actor)
    policy.require_content(actor, letter)
    _require_open(case)
    _add_letter(actor, case, letter)


def _require_open(case: Case) -> None:
    if case.state != CaseState.OPEN:
        raise Conflict("case_closed", _("The case is closed: reopen it first."), "case")


@operation("chancery.document_added", _l("Document added to a case"))
def add_document(
    actor: Actor, case: Case, direction: str, title: str, dated: date | None, upload: files.Upload | None = None
) -> CaseDocument:
    """A document of the case (a note, a draft, a letter sent out), with its file when there is one."""
    policy.require_work(actor)
    _require_open(case)
    direction = choice(Direction, direction, "direction", _("Choose whether it came in or went out."))
    title = _text(title, "title", limits.DOCUMENT_TITLE_MAX, required=True)
    require_plausible(dated, "dated")
    kept = _keep(actor, upload, field="file") if upload is not None else None
    return _document(actor, case, direction, title, dated or local_today(), kept)


def _document(
    actor: Actor, case: Case, direction: str, title: str, dated: date, kept: ChanceryFile | None, kind: str = "document"
) -> CaseDocument:
    document = CaseDocument(
        case_id=case.id,
        direction=direction,
        title=title,
        dated=dated,
        file_id=kept.id if kept else None,
        created_by_id=actor_id(actor),
    )
    db.session.add(document)
    _record(case, actor, kind, document=title, direction=direction, file=kept.filename if kept else None)
    return document


@operation("chancery.case_action", _l("Action recorded in a case"))
def record_action(actor: Actor, case: Case, action: str) -> None:
    """An action without a document (a phone call to the party, a consultation) in the case's record."""
    policy.require_work(actor)
    _require_open(case)
    _record(case, actor, "action", action=_text(action, "action", limits.NOTE_MAX, required=True))


@operation("chancery.case_closed", _l("Case closed"))
def close_case(actor: Actor, case: Case, note: str) -> None:
    policy.require_work(actor)
    _require_open(case)
    case.closing_note = _text(note, "note", limits.NOTE_MAX) or None
    case.closed_at = utcnow()
    changes = {"state": [case.state, CaseState.CLOSED.value]}
    case.state = CaseState.CLOSED.value
    _record(case, actor, "closed", changes, note=case.closing_note)


@operation("chancery.case_reopened", _l("Case reopened"))
def reopen_case(actor: Actor, case: Case, reason: str) -> None:
    policy.require_work(actor)
    if case.state != CaseState.CLOSED:
        raise Conflict("case_open", _("The case is open."), "case")
    reason = _text(reason, "reason", limits.NOTE_MAX, required=True)
    changes = {"state": [case.state, CaseState.OPEN.value]}
    case.state, case.closed_at = CaseState.OPEN.value, None
    _record(case, actor, "reopened", changes, reason=reason)


# -- routing a letter ----------------------------------------------------------------------------------------------


def _routable(actor: Actor, letter: Letter) -> None:
    policy.require_content(actor, letter)
    _lock(letter)
    if letter.routed_to is not None:
        raise Conflict("already_routed", _("This letter was already passed on."), "route")


def _routed(letter: Letter, route: Route, reference: str) -> dict[str, Any]:
    changes = {"state": [letter.state, LetterState.ROUTED.value], "routed_to": [None, route.value]}
    letter.state, letter.routed_to, letter.routed_ref, letter.routed_at = (
        LetterState.ROUTED.value,
        route.value,
        reference[: limits.BODY_MAX],
        utcnow(),
    )
    return changes


@operation("chancery.routed_helpline", _l("Letter passed to the helpline"))
def route_to_helpline(actor: Actor, letter: Letter, category: str, description: str = "") -> Any:
    """A resident's matter for the helpline: a ticket in the category, with the letter's scans attached and the
    statutory clock of its kind counted from the day the letter came in. Returns the ticket."""
    policy.require_work(actor)
    _routable(actor, letter)
    text = _text(description, "description", limits.NOTE_MAX)
    received = _day(letter.received_at.astimezone(office_calendar().timezone).date())
    lines = [
        _(
            "Letter %(number)s of %(day)s, received %(received)s.",
            number=letter.number,
            day=_day(letter.letter_date),
            received=received,
        ),
        # the sender's address is where the answer goes, not where the matter is: not the ticket's address
        _("Sender: %(name)s, %(address)s", name=letter.sender_name, address=letter.sender_address or "—"),
        text,
    ]
    if letter.access == Access.RESTRICTED:  # a restricted letter's scan stays with the chancery
        scans = []
        lines.append(_("The scan is restricted: it stays with the chancery."))
    else:
        scans = [files.Upload(kept.filename, kept.data) for kept in queries.scans(letter.id)]
    ticket = tickets.create_ticket(
        actor,
        TicketInput(
            subject=letter.subject[:200],
            category=category,
            channel="letter",
            description="\n".join(line for line in lines if line),
            resident_name=letter.sender_name[: ticket_limits.NAME_MAX],
            resident_email=letter.sender_email,
            statutory_kind=TICKET_KINDS.get(letter.kind),
            via_representative=letter.via_representative,
            received_at=letter.received_at,
        ),
        attachments=scans,
    )
    changes = _routed(letter, Route.HELPLINE, ticket.number)
    _record(
        letter, actor, "routed_helpline", changes, ticket=ticket.number, document=_("ticket %(n)s", n=ticket.number)
    )
    return ticket


def _day(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "—"


@operation("chancery.routed_press", _l("Letter passed to the press team"))
def route_to_press(actor: Actor, letter: Letter) -> str:
    """A letter for the press team becomes a media enquiry (the press office fills the "letter.to_press" slot and
    counts its clock from the day the letter came in). Returns the enquiry's number."""
    policy.require_work(actor)
    _routable(actor, letter)
    number = slots.first(
        "letter.to_press",
        actor=actor,
        sender=letter.sender_name,
        email=letter.sender_email,
        subject=letter.subject,
        text="\n".join(
            line
            for line in (
                _("Letter %(number)s: %(subject)s", number=letter.number, subject=letter.subject),
                _("Sender's reference: %(reference)s", reference=letter.sender_reference)
                if letter.sender_reference
                else "",
                letter.sender_address or "",
            )
            if line
        ),
        received_at=letter.received_at,
    )
    if number is None:
        raise Unprocessable("no_press_office", _("The press office's module is not installed here."), "route")
    changes = _routed(letter, Route.PRESS, number)
    _record(letter, actor, "routed_press", changes, enquiry=number, document=_("media enquiry %(n)s", n=number))
    return str(number)


@operation("chancery.forwarded", _l("Letter forwarded to the competent body"))
def forward(actor: Actor, letter: Letter, body: str, address: str, unit_code: str | None = None) -> None:
    """Another city unit or body is competent: the letter goes there with a covering letter, and the sender is told
    (KPA art. 65 § 1; a complaint or motion within 7 days, art. 231). The covering letter and the notice are printed
    from the letter's history (views); with the sender's e-mail the notice is sent at once through [mail]."""
    policy.require_work(actor)
    _routable(actor, letter)
    if unit_code:
        unit = units.require_unit(unit_code, "unit")
        body, address = unit.name, address or ""
    body = _text(body, "body", limits.BODY_MAX, required=True)
    address = _text(address, "address", limits.ADDRESS_MAX)
    changes = _routed(letter, Route.FORWARD, body)
    timezone = office_calendar().timezone
    forwarding_due = clocks.forwarding_due(letter.kind, letter.received_at, timezone)
    late = forwarding_due is not None and utcnow() > forwarding_due
    _record(
        letter,
        actor,
        "forwarded",
        changes,
        body=body,
        address=address,
        late=late,
        document=_("covering letter to %(body)s", body=body),
    )
    if letter.sender_email and mail.settings().enabled:
        with force_locale("pl"):  # a letter of the office, in Polish whatever the clerk's screen speaks
            notice = _(
                'Your letter of %(day)s (our number %(number)s, "%(subject)s") was forwarded to %(body)s, which is '
                "competent to handle it.",
                day=_day(letter.letter_date),
                number=letter.number,
                subject=letter.subject,
                body=body,
            )
            subject = _("Your letter was forwarded")
        mail.queue(letter.sender_email, subject, notice, f"chancery-forwarded-{letter.id}")
        document = _("notice to the sender")
        _record(letter, actor, "sender_informed", via="email", to=letter.sender_email, document=document)
    else:  # the notice is printed from the letter's page (views) and posted: only then is the sender told
        _record(letter, actor, "notice_to_post", to=letter.sender_address, document=_("notice to the sender"))


# -- the outgoing register -----------------------------------------------------------------------------------------


def _postage(value: Decimal | str | None) -> int | None:
    """Grosze of the postage as typed ("6,50", "6.50") or given (a Decimal)."""
    return money.amount(value, limits.POSTAGE_MAX, "postage", code="bad_postage", example="6,50")


@operation("chancery.letter_sent", _l("Letter sent, in the outgoing register"))
def record_outgoing(actor: Actor, data: OutgoingInput) -> Outgoing:
    """A letter that left the office: numbered in its year, in the postal sending book of its day when it went by
    post, and among its case's documents (and record) when it belongs to one; an entry without a case is allowed."""
    policy.require_work(actor)
    method = choice(SendMethod, data.method, "method", _("Choose how the letter was sent."))
    recipient = _text(data.recipient, "recipient", limits.NAME_MAX, required=True)
    address = _text(data.address, "address", limits.ADDRESS_MAX) or None
    if method in POSTAL and address is None:
        raise Unprocessable("address_required", _("A letter sent by post needs the recipient's address."), "address")
    subject = _text(data.subject, "subject", limits.SUBJECT_MAX, required=True)
    sent_on = data.sent_on or local_today()
    require_plausible(sent_on, "sent_on")
    if sent_on > local_today():
        raise Unprocessable("in_future", _("This day has not come yet."), "sent_on")
    case = None
    if data.case:
        case = queries.case_by_mark(data.case)
        if case is None:
            raise Unprocessable("unknown_case", _("No case with this mark."), "case")
        _require_open(case)
    entry = Outgoing(
        year=sent_on.year,
        sent_on=sent_on,
        method=method,
        recipient=recipient,
        address=address,
        subject=subject,
        case_id=case.id if case else None,
        postage=_postage(data.postage),
        tracking=_text(data.tracking, "tracking", limits.TRACKING_MAX) or None,
        created_by_id=actor_id(actor),
    )
    entry.seq = allocate(OUTGOING, "", entry.year)
    db.session.add(entry)
    db.session.flush()
    audit(entry, actor, None, number=entry.number, recipient=recipient, method=method)
    if case is not None:
        title = _(
            "outgoing %(number)s to %(recipient)s: %(subject)s",
            number=entry.number,
            recipient=recipient,
            subject=subject,
        )[: limits.DOCUMENT_TITLE_MAX]
        _document(actor, case, Direction.OUT.value, title, sent_on, None, kind="sent")
    return entry


@operation("chancery.deadline_extended", _l("Deadline of a request for public information extended"))
def extend_public_info(actor: Actor, letter: Letter, reason: str) -> None:
    """UDIP art. 13 ust. 2: when the information cannot be given within 14 days, the requester is told why and by when
    it will be — at most two months from the request. The letter (and its open cases) are then due by that date; the
    notice goes by e-mail when the sender gave one, else it is printed from the letter's page and posted."""
    policy.require_work(actor)
    policy.require_content(actor, letter)
    _lock(letter)
    limit = clocks.extension_limit(letter.kind, letter.received_at, office_calendar().timezone)
    if limit is None:
        raise Conflict("not_public_info", _("Only a request for public information is extended this way."), "reason")
    if letter.due_at is not None and letter.due_at >= limit:
        raise Conflict("already_extended", _("This request's deadline was already extended."), "reason")
    reason = _text(reason, "reason", limits.NOTE_MAX, required=True)
    changes = {"due_at": [letter.due_at, limit]}
    letter.due_at = limit
    for case in letter.cases:
        if case.state == CaseState.OPEN and (case.due_at is None or case.due_at < limit):
            case.due_at = limit
    day = _day(limit.astimezone(office_calendar().timezone).date())
    if letter.sender_email and mail.settings().enabled:
        with force_locale("pl"):
            notice = _(
                "Your request of %(day)s (our number %(number)s) cannot be answered within 14 days: %(reason)s. "
                "You will receive the information by %(due)s (art. 13 ust. 2 of the Act on Access to Public "
                "Information).",
                day=_day(letter.letter_date or letter.received_at.date()),
                number=letter.number,
                reason=reason,
                due=day,
            )
            subject = _("Your request for public information: a later date")
        mail.queue(letter.sender_email, subject, notice, f"chancery-extended-{letter.id}")
        via = "email"
    else:
        via = "post"
    _record(letter, actor, "extended", changes, reason=reason, via=via, document=_("notice of the delay"))
