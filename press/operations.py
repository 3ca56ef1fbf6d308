"""What changes in the press office. Each writer is a declared operation: it checks who may do it, validates,
changes the rows, flushes, and emits the audit and the enquiry's timeline (`record_history` writes the timeline).
The legal clocks come from press.clocks; the states' moves from press.states."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from cct import contacts, db, files, mail
from cct.actions import audit, history, operation
from cct.auth import queries as accounts
from cct.auth.actors import SYSTEM, Actor, actor_id
from cct.changes import apply_changes, plain
from cct.db import utcnow
from cct.errors import Conflict, NotFound, Unprocessable, UserError
from cct.lemmas import text_keys
from cct.office_calendar import end_of_day, local_today, office_calendar, require_plausible
from cct.org import queries as units
from cct.polish import normalise
from cct.word_search import refresh_keys
from press import clocks, policy, queries
from press import schemas as limits
from press.models import (
    Authorisation,
    Clipping,
    Correction,
    Draft,
    Enquiry,
    EnquiryEvent,
    Journalist,
    Outlet,
    Position,
    PressCounter,
    PressFile,
    Release,
    ReleaseChange,
    Survey,
    UnitRequest,
)
from press.planning.models import ConferenceOutlet
from press.schemas import AuthorisationInput, EnquiryInput
from press.states import (
    CORRECTABLE,
    DECISIONS,
    OUTCOME_LABELS,
    CorrectionState,
    EnquiryState,
    FileOwner,
    Medium,
    Outcome,
    OutletKind,
    PositionState,
    ReceivedVia,
    ReleaseState,
    SentVia,
    Tone,
    enquiry_may_move,
    release_may_move,
)

ENQUIRIES = "enquiry"  # the register's name in press_counters
M = TypeVar("M")


def _text(value: Any, name: str, limit: int, required: bool = False) -> str:
    return contacts.clean_text(value, name, limit, required)


def _aware(value: datetime | None, name: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise Unprocessable("naive_time", _("Give the time with its time zone."), name)
    return value


def _required_time(value: datetime | None, name: str) -> datetime:
    found = _aware(value, name)
    if found is None:
        raise Unprocessable("required", _("This field is required."), name)
    return found


def _not_future(value: datetime, name: str) -> None:
    if value > utcnow():
        raise Unprocessable("in_future", _("This time has not come yet."), name)


def _move(enquiry: Enquiry, target: EnquiryState) -> dict[str, list[str]]:
    if not enquiry_may_move(enquiry.state, target):
        raise Conflict("wrong_state", _("The enquiry cannot go there from where it is now."), "state")
    change = {"state": [enquiry.state, target.value]}
    enquiry.state = target.value
    return change


def _record(enquiry: Enquiry, actor: Actor, kind: str, changes: dict[str, Any] | None = None, **detail: Any) -> None:
    db.session.flush()
    audit(enquiry, actor, changes, number=enquiry.number, **detail)
    history(enquiry, actor, kind, changes, **detail)


def record_history(
    sender: Any, *, actor: Any, kind: str, changes: dict[str, Any], detail: dict[str, Any], **_: Any
) -> None:
    """The `history_event` subscriber: a change of an enquiry becomes a line of its timeline."""
    if not isinstance(sender, Enquiry):
        return
    db.session.add(
        EnquiryEvent(
            enquiry_id=sender.id,
            at=utcnow(),
            actor_id=actor_id(actor),
            kind=kind,
            changes={key: plain(value) for key, value in changes.items()},
            detail={key: plain(value) for key, value in detail.items()},
        )
    )


def _enquiry_text(enquiry: Enquiry) -> str:
    """What an enquiry is found by: its subject, questions and what was sent."""
    return "\n".join((enquiry.subject, enquiry.questions, enquiry.sent_text or ""))


def _position_text(position: Position) -> str:
    return "\n".join((position.title, position.text, " ".join(position.tags)))


def _survey_text(survey: Survey) -> str:
    return "\n".join((survey.title, survey.conducted_by, survey.findings, " ".join(survey.tags)))


SEARCHED: dict[type[Any], Callable[[Any], str]] = {
    Enquiry: _enquiry_text,
    Position: _position_text,
    Survey: _survey_text,
}


def _index(record: Enquiry | Position | Survey) -> None:
    """The record's words as search keys (cct.word_search)."""
    record.search_keys = text_keys(SEARCHED[type(record)](record))


def refresh_search_keys() -> int:
    """The "db.upgraded" slot's filler: every enquiry's, position's and survey's keys by the analysis of this
    version (cct.word_search.refresh_keys); how many changed."""
    return sum(refresh_keys(model, text_of) for model, text_of in SEARCHED.items())


def _allocate(register: str, year: int) -> int:
    """The next number of a register's year, from one atomic upsert (concurrent requests never share one)."""
    return db.increment(PressCounter.__table__, {"register": register, "year": year}, "last_number")


def _create_or_change(
    model: type[M], existing: M | None, fields: dict[str, Any], **on_create: Any
) -> tuple[M, dict[str, Any]]:
    """A new row of `model` with `fields` (and `on_create`), or `existing` changed to them; with {field: [old, new]}
    of what the audit records."""
    if existing is None:
        made = model(**fields, **on_create)
        db.session.add(made)
        return made, {key: [None, value] for key, value in fields.items()}
    return existing, apply_changes(existing, fields)


# -- contacts ------------------------------------------------------------------------------------------------------


def _kind(value: str | None, field: str) -> str:
    try:
        return OutletKind(value or "").value
    except ValueError:
        raise Unprocessable("unknown_outlet_kind", _("Choose the kind of outlet."), field) from None


@operation("press.outlet_saved", _l("Media outlet saved"))
def save_outlet(actor: Actor, values: dict[str, Any], outlet: Outlet | None = None) -> Outlet:
    """A new outlet, or changes to one: name (one outlet per name, however it is spelled), kind, editor-in-chief."""
    policy.require_work(actor)
    name = _text(values.get("name"), "name", limits.NAME_MAX, required=True)
    same = queries.outlet_named(name)
    if same is not None and same is not outlet:
        raise Conflict("outlet_exists", _("The outlet %(name)s is already in the contacts.", name=same.name), "name")
    fields = {
        "name": name,
        "name_key": normalise(name),
        "kind": _kind(values.get("kind"), "kind"),
        "editor_in_chief": _text(values.get("editor_in_chief"), "editor_in_chief", limits.NAME_MAX) or None,
        "email": contacts.clean_email(values.get("email"), "email"),
    }
    outlet, changes = _create_or_change(Outlet, outlet, fields)
    changes.pop("name_key", None)
    db.session.flush()
    audit(outlet, actor, changes)
    return outlet


@operation("press.journalist_saved", _l("Journalist saved"))
def save_journalist(actor: Actor, values: dict[str, Any], journalist: Journalist | None = None) -> Journalist:
    policy.require_work(actor)
    name = _text(values.get("full_name"), "full_name", limits.NAME_MAX, required=True)
    outlet_id = values.get("outlet_id")
    outlet = queries.outlet(int(outlet_id)) if outlet_id else None
    if outlet_id and outlet is None:
        raise Unprocessable("unknown_outlet", _("No such outlet."), "outlet_id")
    fields = {
        "full_name": name,
        "name_key": normalise(name),
        "outlet_id": outlet.id if outlet else None,
        "email": contacts.clean_email(values.get("email"), "email"),
        "phone": contacts.clean_phone(values.get("phone"), "phone"),
    }
    journalist, changes = _create_or_change(Journalist, journalist, fields)
    changes.pop("name_key", None)
    db.session.flush()
    audit(journalist, actor, changes)
    return journalist


def _outlet_for(actor: Actor, name: str | None, kind: str | None) -> Outlet | None:
    """The outlet of that name, or a new one (its kind is then required)."""
    name = _text(name, "outlet", limits.NAME_MAX)
    if not name:
        return None
    found = queries.outlet_named(name)
    if found is not None:
        return found
    if not kind:
        raise Unprocessable(
            "outlet_kind_required", _("%(name)s is a new outlet: say what kind it is.", name=name), "outlet_kind"
        )
    return save_outlet(actor, {"name": name, "kind": kind})


def _journalist_for(
    actor: Actor, name: str, outlet: Outlet | None, email: str | None = None, phone: str | None = None
) -> Journalist:
    """The journalist of that name at that outlet, given the contact details not yet known; or a new one."""
    name = _text(name, "journalist", limits.NAME_MAX, required=True)
    email = contacts.clean_email(email, "journalist_email")
    phone = contacts.clean_phone(phone, "journalist_phone")
    found = queries.journalist_named(name, outlet)
    if found is None:
        values = {"full_name": name, "outlet_id": outlet.id if outlet else None, "email": email, "phone": phone}
        return save_journalist(actor, values)
    if (email and email != found.email) or (phone and phone != found.phone):
        values = {
            "full_name": found.full_name,
            "outlet_id": found.outlet_id,
            "email": email or found.email,
            "phone": phone or found.phone,
        }
        save_journalist(actor, values, found)
    return found


@operation("press.journalists_merged", _l("Journalists merged"))
def merge_journalists(actor: Actor, keep: Journalist, duplicate: Journalist) -> None:
    """One person entered twice: their enquiries and interviews move to `keep`, which takes the contact details it
    lacked; the duplicate is removed."""
    policy.require_work(actor)
    if keep.id == duplicate.id:
        raise Unprocessable("same_journalist", _("Choose two different journalists."), "duplicate")
    filled = {}
    for key in ("email", "phone", "outlet_id"):
        if getattr(keep, key) is None and getattr(duplicate, key) is not None:
            filled[key] = [None, getattr(duplicate, key)]
            setattr(keep, key, getattr(duplicate, key))
    for model in (Enquiry, Authorisation):
        db.session.execute(
            update(model).where(model.journalist_id == duplicate.id).values(journalist_id=keep.id),
            execution_options={"synchronize_session": False},
        )
    audit(keep, actor, filled, merged=duplicate.full_name, merged_id=duplicate.id)
    db.session.delete(duplicate)
    db.session.flush()
    db.session.expire_all()


@operation("press.outlets_merged", _l("Media outlets merged"))
def merge_outlets(actor: Actor, keep: Outlet, duplicate: Outlet) -> None:
    """One outlet entered twice: its journalists, enquiries, interviews, clippings and conference invitations move
    to `keep` (an invitation both had stays once)."""
    policy.require_work(actor)
    if keep.id == duplicate.id:
        raise Unprocessable("same_outlet", _("Choose two different outlets."), "duplicate")
    both = select(ConferenceOutlet.conference_id).where(ConferenceOutlet.outlet_id == keep.id)
    db.session.execute(
        delete(ConferenceOutlet).where(
            ConferenceOutlet.outlet_id == duplicate.id, ConferenceOutlet.conference_id.in_(both)
        ),
        execution_options={"synchronize_session": False},
    )
    for model in (Journalist, Enquiry, Authorisation, Clipping, ConferenceOutlet):
        db.session.execute(
            update(model).where(model.outlet_id == duplicate.id).values(outlet_id=keep.id),
            execution_options={"synchronize_session": False},
        )
    filled = {}
    for key in ("editor_in_chief", "email"):
        if getattr(keep, key) is None and getattr(duplicate, key) is not None:
            filled[key] = [None, getattr(duplicate, key)]
            setattr(keep, key, getattr(duplicate, key))
    audit(keep, actor, filled, merged=duplicate.name, merged_id=duplicate.id)
    db.session.delete(duplicate)
    db.session.flush()
    db.session.expire_all()


# -- enquiries -----------------------------------------------------------------------------------------------------


def _tags(values: list[str]) -> list[str]:
    tags: list[str] = []
    for value in values:
        tag = _text(value, "tags", limits.TAG_MAX).lower()
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > limits.TAGS_MAX:
        raise Unprocessable("too_many_tags", _("At most %(n)d tags.", n=limits.TAGS_MAX), "tags")
    return tags


@operation("press.enquiry_registered", _l("Media enquiry registered"))
def register_enquiry(actor: Actor, data: EnquiryInput) -> Enquiry:
    """A journalist's question: numbered, with its 14-day clock (UDIP art. 13) from the moment it came in."""
    policy.require_work(actor)
    officer = actor if not data.officer else accounts.user_by_login(data.officer)
    if officer is None or (not getattr(officer, "is_system", False) and not policy.can_work(officer)):
        raise Unprocessable("unknown_officer", _("No press officer with this login."), "officer")
    return _register(actor, data, officer)


@operation("press.letter_received", _l("Letter for the press team received from the chancery"))
def receive_letter(actor: Actor, data: EnquiryInput) -> Enquiry:
    """A letter the chancery registered for the press team becomes a media enquiry, with no officer yet: its clock
    counts from the day the letter came in."""
    policy.require_receive(actor)
    # the sender becomes a press contact as the enquiry's consequence, not as the clerk's own work on the contacts
    return _register(actor, data, None, contacts_by=SYSTEM)


def letter_to_press(
    *, actor: Actor, sender: str, email: str | None, subject: str, text: str, received_at: datetime
) -> str:
    """The "letter.to_press" slot: a letter the chancery registered for the press team becomes a media enquiry (its
    sender a contact, its text the question); the enquiry's number goes back to the letter's history."""
    data = EnquiryInput(
        journalist=sender[: limits.NAME_MAX],
        outlet=None,
        outlet_kind=None,
        questions=text,
        received_at=received_at,
        subject=subject[: limits.SUBJECT_MAX],
        via=ReceivedVia.LETTER.value,
        journalist_email=email,
    )
    return receive_letter(actor, data).number


def _register(actor: Actor, data: EnquiryInput, officer: Any, contacts_by: Actor | None = None) -> Enquiry:
    received = _required_time(data.received_at, "received_at")
    _not_future(received, "received_at")
    requested = _aware(data.requested_by, "requested_by")
    questions = _text(data.questions, "question", limits.QUESTIONS_MAX, required=True)
    subject = _text(data.subject, "subject", limits.SUBJECT_MAX) or questions.splitlines()[0][: limits.SUBJECT_MAX]
    try:
        via = ReceivedVia(data.via).value
    except ValueError:
        raise Unprocessable("unknown_channel", _("Choose how the enquiry came in."), "received_via") from None
    if requested is not None and requested <= received:
        raise Unprocessable("requested_before", _("The requested time must come after the enquiry."), "requested_by")
    tags = _tags(data.tags)
    outlet = _outlet_for(contacts_by or actor, data.outlet, data.outlet_kind)
    journalist = _journalist_for(
        contacts_by or actor, data.journalist, outlet, data.journalist_email, data.journalist_phone
    )
    timezone = office_calendar().timezone
    enquiry = Enquiry(
        received_at=received,
        received_via=via,
        journalist_id=journalist.id,
        outlet_id=outlet.id if outlet else None,
        subject=subject,
        questions=questions,
        tags=tags,
        requested_by=requested,
        officer_id=actor_id(officer) if officer is not None else None,
        answer_due=clocks.answer_due(received, timezone),
        state=EnquiryState.OPEN.value,
        year=received.astimezone(timezone).year,
    )
    _index(enquiry)
    enquiry.seq = _allocate(ENQUIRIES, enquiry.year)  # as late as possible: the counter stays locked from here
    db.session.add(enquiry)
    _record(enquiry, actor, "registered", journalist=journalist.full_name, outlet=outlet.name if outlet else None)
    return enquiry


@operation("press.enquiry_assigned", _l("Media enquiry assigned"))
def assign(actor: Actor, enquiry: Enquiry, login: str) -> None:
    policy.require_work(actor)
    officer = accounts.user_by_login(login or "")
    if officer is None or not policy.can_work(officer):
        raise Unprocessable("unknown_officer", _("No press officer with this login."), "officer")
    if officer.id == enquiry.officer_id:
        return
    before = enquiry.officer.login if enquiry.officer else None
    enquiry.officer_id = officer.id
    _record(enquiry, actor, "assigned", {"officer": [before, officer.login]})


@operation("press.unit_asked", _l("City unit asked for input"))
def ask_unit(actor: Actor, enquiry: Enquiry, unit_code: str, question: str, due_at: datetime | None) -> UnitRequest:
    """A question to a city unit, due by `due_at` (never after the answer to the journalist is due); it waits in
    the unit's queue until the unit answers."""
    policy.require_work(actor)
    if enquiry.state not in (EnquiryState.OPEN, EnquiryState.AWAITING_APPROVAL):
        raise Conflict("wrong_state", _("Units are asked while the answer is being prepared."), "state")
    unit = units.require_unit(unit_code or "", "unit")
    question = _text(question, "question", limits.QUESTIONS_MAX, required=True)
    due = _required_time(due_at, "due_at")
    if due <= utcnow():
        raise Unprocessable("due_passed", _("The time for the unit's answer must be in the future."), "due_at")
    if due > enquiry.answer_due:
        raise Unprocessable(
            "due_after_answer", _("The unit must answer before the journalist's answer is due."), "due_at"
        )
    request = UnitRequest(enquiry=enquiry, unit_id=unit.id, question=question, due_at=due, asked_by_id=actor_id(actor))
    db.session.add(request)
    _record(enquiry, actor, "unit_asked", unit=unit.code, due=due)
    return request


@operation("press.unit_answered", _l("City unit answered the press office"))
def answer_unit_request(actor: Actor, request: UnitRequest, answer: str) -> None:
    policy.require_answer(actor, request)
    if request.answered_at is not None:
        raise Conflict("already_answered", _("This question has been answered already."), "answer")
    request.answer = _text(answer, "answer", limits.ANSWER_MAX, required=True)
    request.answered_at = utcnow()
    request.answered_by_id = actor_id(actor)
    _record(request.enquiry, actor, "unit_answered", unit=request.unit.code)


@operation("press.draft_saved", _l("Answer drafted"))
def save_draft(actor: Actor, enquiry: Enquiry, text: str) -> Draft:
    """A new version of the answer. A draft written after the approval, or while it waits for it, needs a new
    approval: the enquiry goes back to being prepared."""
    policy.require_work(actor)
    if enquiry.state not in (EnquiryState.OPEN, EnquiryState.AWAITING_APPROVAL, EnquiryState.APPROVED):
        raise Conflict("wrong_state", _("This enquiry has been answered already."), "state")
    text = _text(text, "text", limits.ANSWER_MAX, required=True)
    latest = enquiry.drafts[-1] if enquiry.drafts else None
    if latest is not None and latest.text == text:
        return latest
    draft = Draft(enquiry=enquiry, number=(latest.number + 1) if latest else 1, text=text, author_id=actor_id(actor))
    db.session.add(draft)
    changes: dict[str, Any] = {}
    if enquiry.state != EnquiryState.OPEN:
        changes = _move(enquiry, EnquiryState.OPEN)
        enquiry.approved_draft = enquiry.approved_by_id = enquiry.approved_at = None
    _record(enquiry, actor, "drafted", changes, draft=draft.number)
    return draft


@operation("press.submitted", _l("Answer sent for approval"))
def submit(actor: Actor, enquiry: Enquiry) -> None:
    policy.require_work(actor)
    if not enquiry.drafts:
        raise Unprocessable("no_draft", _("Write the answer first."), "text")
    changes = _move(enquiry, EnquiryState.AWAITING_APPROVAL)
    _record(enquiry, actor, "submitted", changes, draft=enquiry.drafts[-1].number)


@operation("press.approved", _l("Answer approved"))
def approve(actor: Actor, enquiry: Enquiry, draft_number: int | None) -> None:
    """The spokesperson approves the draft they read: if a newer one came meanwhile, they must read that."""
    policy.require_approver(actor)
    latest = enquiry.drafts[-1].number if enquiry.drafts else None
    if latest is None or draft_number != latest:
        raise Conflict("draft_changed", _("The answer has changed since you opened it: read the latest version."))
    changes = _move(enquiry, EnquiryState.APPROVED)
    enquiry.approved_draft = latest
    enquiry.approved_by_id = actor_id(actor)
    enquiry.approved_at = utcnow()
    _record(enquiry, actor, "approved", changes, draft=latest)


@operation("press.returned", _l("Answer returned for changes"))
def send_back(actor: Actor, enquiry: Enquiry, note: str) -> None:
    policy.require_approver(actor)
    note = _text(note, "note", limits.NOTE_MAX, required=True)
    changes = _move(enquiry, EnquiryState.OPEN)
    _record(enquiry, actor, "returned", changes, note=note)


def _approved_text(enquiry: Enquiry) -> str:
    return next(draft.text for draft in enquiry.drafts if draft.number == enquiry.approved_draft)


@operation("press.answer_sent", _l("Answer sent to the journalist"))
def send_answer(actor: Actor, enquiry: Enquiry, via: str) -> None:
    """The approved text goes to the journalist, by e-mail through [mail] or handed over another way; the text sent
    is kept either way."""
    policy.require_work(actor)
    if enquiry.state != EnquiryState.APPROVED:
        raise Conflict("not_approved", _("Only an approved answer may be sent."), "state")
    text = _approved_text(enquiry)
    to = None
    if via == SentVia.EMAIL:
        to = enquiry.journalist.email
        if not to:
            raise Unprocessable("no_email", _("The journalist has no e-mail address: add it to the contact first."))
        subject = _("Answer to your question %(number)s: %(subject)s", number=enquiry.number, subject=enquiry.subject)
        if mail.queue(to, subject, text, purpose=f"press-answer:{enquiry.id}") is None:
            raise Unprocessable("mail_off", _("E-mail is not configured: send the answer another way and record it."))
    elif via != SentVia.OTHER:
        raise Unprocessable("unknown_channel", _("Choose how the answer goes out."), "via")
    changes = _move(enquiry, EnquiryState.SENT)
    enquiry.sent_at, enquiry.sent_via, enquiry.sent_to, enquiry.sent_text = utcnow(), via, to, text
    _index(enquiry)
    _record(enquiry, actor, "sent", changes, via=via, to=to)


@operation("press.extended", _l("Answer's deadline extended"))
def extend(actor: Actor, enquiry: Enquiry, new_due: datetime | None, reason: str) -> None:
    """UDIP art. 13 ust. 2: the answer may take up to two months from the question, only with a notice telling the
    journalist why and by when; the notice goes by e-mail when the journalist has an address."""
    policy.require_work(actor)
    if enquiry.state not in (EnquiryState.OPEN, EnquiryState.AWAITING_APPROVAL, EnquiryState.APPROVED):
        raise Conflict("wrong_state", _("This enquiry has been answered already."), "state")
    reason = _text(reason, "reason", limits.REASON_MAX, required=True)
    due = _required_time(new_due, "new_due")
    timezone = office_calendar().timezone
    limit = clocks.extension_limit(enquiry.received_at, timezone)
    if due <= enquiry.answer_due:
        raise Unprocessable("not_later", _("The new date must come after the current deadline."), "new_due")
    if due > limit:
        raise Unprocessable(
            "beyond_two_months",
            _("At most two months from the enquiry (UDIP art. 13 ust. 2): by %(date)s.", date=_day(limit)),
            "new_due",
        )
    changes = {"answer_due": [enquiry.answer_due, due]}
    enquiry.answer_due = enquiry.extended_due = due
    enquiry.extension_reason = reason
    to = enquiry.journalist.email
    if to:
        body = _(
            "Your question %(number)s (%(subject)s) will be answered by %(date)s. Reason: %(reason)s",
            number=enquiry.number,
            subject=enquiry.subject,
            date=_day(due),
            reason=reason,
        )
        mail.queue(
            to,
            _("Notice of delay: %(number)s", number=enquiry.number),
            body,
            f"press-delay:{enquiry.id}:{due.isoformat()}",
        )
    _record(enquiry, actor, "extended", changes, reason=reason, notified=to)


def _day(moment: datetime) -> str:
    return moment.astimezone(office_calendar().timezone).strftime("%d.%m.%Y")


@operation("press.refusal_asked", _l("Editor-in-chief asked for a written refusal"))
def refusal_asked(actor: Actor, enquiry: Enquiry, asked_at: datetime | None) -> None:
    """Press Law art. 4 ust. 3: from this moment a refusal is delivered in writing within three days."""
    policy.require_work(actor)
    asked = _aware(asked_at, "asked_at") or utcnow()
    _not_future(asked, "asked_at")
    if asked < enquiry.received_at:
        raise Unprocessable("asked_before", _("The request cannot come before the enquiry."), "asked_at")
    enquiry.refusal_asked_at = asked
    _record(enquiry, actor, "refusal_asked", at=asked)


@operation("press.refused", _l("Information refused"))
def refuse(actor: Actor, enquiry: Enquiry, reason: str) -> None:
    """The spokesperson refuses the information, with its reasons; the written refusal (art. 4 ust. 3: the body it
    comes from, its date, the editors, the information refused, the reasons) goes by e-mail when there is an
    address, and its text is kept as what was sent."""
    policy.require_approver(actor)
    reason = _text(reason, "refusal_reason", limits.REASON_MAX, required=True)
    changes = _move(enquiry, EnquiryState.REFUSED)
    now = utcnow()
    text = _(
        "Refusal of information\n\nFrom: %(body)s\nDate: %(date)s\nTo the editors of: %(outlet)s\n"
        "Information asked for (%(number)s): %(subject)s\n\nReasons: %(reason)s",
        body=_("Białystok City Hall, Department of Social Communication"),
        date=_day(now),
        outlet=enquiry.outlet.name if enquiry.outlet else enquiry.journalist.full_name,
        number=enquiry.number,
        subject=enquiry.subject,
        reason=reason,
    )
    to = enquiry.journalist.email or (enquiry.outlet.email if enquiry.outlet else None)
    if to:
        mail.queue(
            to, _("Refusal of information: %(number)s", number=enquiry.number), text, f"press-refusal:{enquiry.id}"
        )
    enquiry.refusal_reason, enquiry.refused_at = reason, now
    enquiry.sent_at, enquiry.sent_via, enquiry.sent_to, enquiry.sent_text = (
        now,
        SentVia.EMAIL if to else SentVia.OTHER,
        to,
        text,
    )
    _index(enquiry)
    _record(enquiry, actor, "refused", changes, reason=reason, to=to)


@operation("press.closed", _l("Media enquiry closed"))
def close(actor: Actor, enquiry: Enquiry, note: str | None) -> None:
    """An answered or refused enquiry is closed; one still open only with a note of why (withdrawn, answered at a
    press conference …)."""
    policy.require_work(actor)
    note = _text(note, "note", limits.NOTE_MAX) or None
    if enquiry.state == EnquiryState.OPEN and not note:
        raise Unprocessable("note_required", _("Say why the enquiry is closed without an answer."), "note")
    changes = _move(enquiry, EnquiryState.CLOSED)
    enquiry.closed_at = utcnow()
    _record(enquiry, actor, "closed", changes, note=note)


# -- interview authorisation (Press Law art. 14a) -----------------------------------------------------------------


@operation("press.authorisation_registered", _l("Interview received for authorisation"))
def register_authorisation(
    actor: Actor, data: AuthorisationInput, original: files.Upload | None = None
) -> Authorisation:
    """The interview's text pasted, or taken from the PDF it came in (kept with it); a scan needs the text pasted,
    since the changes are shown against it."""
    policy.require_work(actor)
    if original is not None:
        content_type = check_file(original.filename, original.data)[1]
        if not (data.text or "").strip() and content_type == "application/pdf":
            data.text = files.pdf_text(original.data)[: limits.INTERVIEW_MAX]
        if not (data.text or "").strip():
            raise Unprocessable(
                "text_required", _("The file holds no text to compare the changes with: paste the text."), "text"
            )
    received = _required_time(data.received_at, "received_at")
    _not_future(received, "received_at")
    agreed = _aware(data.agreed_due, "agreed_due")
    if agreed is not None and agreed <= received:
        raise Unprocessable("agreed_before", _("The agreed time must come after the text was received."), "agreed_due")
    interviewee = _text(data.interviewee, "interviewee", limits.NAME_MAX, required=True)
    text = _text(data.text, "text", limits.INTERVIEW_MAX, required=True)
    outlet = _outlet_for(actor, data.outlet, data.outlet_kind)
    if outlet is None:
        raise Unprocessable("required", _("This field is required."), "outlet")
    journalist = _journalist_for(actor, data.journalist, outlet) if data.journalist else None
    due = clocks.authorisation_due(received, outlet.kind, agreed)
    if due is None:
        raise Unprocessable(
            "agreed_due_required",
            _("The law sets no time for this kind of outlet: give the time agreed with the journalist."),
            "agreed_due",
        )
    item = Authorisation(
        interviewee=interviewee,
        outlet_id=outlet.id,
        outlet_kind=outlet.kind,
        journalist_id=journalist.id if journalist else None,
        received_at=received,
        agreed_due=agreed,
        due_at=due,
        text=text,
        outcome=Outcome.PENDING.value,
        registered_by_id=actor_id(actor),
    )
    db.session.add(item)
    db.session.flush()
    audit(item, actor, {"outcome": [None, item.outcome]}, due=due, outlet=outlet.name)
    if original is not None:
        keep_file(actor, FileOwner.AUTHORISATION, item.id, original.filename, original.data)
    return item


@operation("press.authorisation_decided", _l("Interview authorisation decided"))
def decide_authorisation(
    actor: Actor, item: Authorisation, outcome: str, authorised_text: str | None = None, note: str | None = None
) -> None:
    """The interviewee's answer: authorised, authorised with changes (the changed text is kept, shown as a diff),
    or refused. Recorded only while it waits: once the time is over the law has decided (art. 14a ust. 7)."""
    policy.require_work(actor)
    if item.outcome != Outcome.PENDING:
        raise Conflict("decided", _("This authorisation has been decided already."), "outcome")
    try:
        decision = Outcome(outcome)
    except ValueError:
        decision = None
    if decision not in DECISIONS:
        raise Unprocessable("unknown_outcome", _("Choose the outcome."), "outcome")
    changed = _text(authorised_text, "authorised_text", limits.INTERVIEW_MAX) or None
    if decision == Outcome.CHANGED:
        if not changed:
            raise Unprocessable("changes_required", _("Paste the text with the changes."), "authorised_text")
        if changed == item.text:
            raise Unprocessable(
                "no_changes", _("The text is the same as received: choose “authorised”."), "authorised_text"
            )
    else:
        changed = None
    now = utcnow()
    if now > item.due_at:
        raise Conflict(
            "lapsed", _("The time for authorisation is over: the text counts as authorised (art. 14a ust. 7).")
        )
    item.outcome, item.authorised_text = decision.value, changed
    item.note = _text(note, "note", limits.NOTE_MAX) or None
    item.decided_by_id, item.decided_at = actor_id(actor), now
    db.session.flush()
    audit(item, actor, {"outcome": [Outcome.PENDING.value, decision.value]}, label=str(OUTCOME_LABELS[decision]))


@operation("press.authorisation_deemed", _l("Interview deemed authorised"))
def deem_lapsed(now: datetime) -> int:
    """Press Law art. 14a ust. 7: a text not authorised in time counts as authorised without reservations."""
    count = 0
    for authorisation_id in queries.lapsed_authorisation_ids(now):
        item = queries.authorisation(authorisation_id)
        if item is None or item.outcome != Outcome.PENDING:
            continue
        item.outcome, item.decided_at = Outcome.DEEMED.value, item.due_at
        db.session.flush()
        audit(item, SYSTEM, {"outcome": [Outcome.PENDING.value, Outcome.DEEMED.value]})
        count += 1
    return count


# -- official positions --------------------------------------------------------------------------------------------


def _period(values: dict[str, Any]) -> tuple[date, date | None]:
    starts, ends = values.get("valid_from"), values.get("valid_to")
    if not isinstance(starts, date):
        raise Unprocessable("required", _("This field is required."), "valid_from")
    if ends is not None and not isinstance(ends, date):
        raise Unprocessable("bad_date", _("Give a date."), "valid_to")
    if ends is not None and ends < starts:
        raise Unprocessable("ends_before", _("The position cannot end before it starts."), "valid_to")
    return starts, ends


@operation("press.position_saved", _l("Official position saved"))
def save_position(actor: Actor, values: dict[str, Any], position: Position | None = None) -> Position:
    """A draft of an official position (a new one, or changes to a draft: an approved one is withdrawn and
    replaced, never edited under the agents' eyes)."""
    policy.require_work(actor)
    if position is not None and position.state != PositionState.DRAFT:
        raise Conflict("not_draft", _("Only a draft may be changed: withdraw this position and write a new one."))
    starts, ends = _period(values)
    fields = {
        "title": _text(values.get("title"), "title", limits.SUBJECT_MAX, required=True),
        "text": _text(values.get("text"), "text", limits.ANSWER_MAX, required=True),
        "tags": _tags(list(values.get("tags") or [])),
        "valid_from": starts,
        "valid_to": ends,
    }
    position, changes = _create_or_change(
        Position, position, fields, state=PositionState.DRAFT.value, author_id=actor_id(actor)
    )
    _index(position)
    db.session.flush()
    audit(position, actor, changes)
    return position


@operation("press.position_approved", _l("Official position approved"))
def approve_position(actor: Actor, position: Position) -> None:
    policy.require_approver(actor)
    if position.state != PositionState.DRAFT:
        raise Conflict("not_draft", _("Only a draft may be approved."))
    position.state = PositionState.APPROVED.value
    position.approved_by_id, position.approved_at = actor_id(actor), utcnow()
    db.session.flush()
    audit(position, actor, {"state": [PositionState.DRAFT.value, PositionState.APPROVED.value]})


@operation("press.position_withdrawn", _l("Official position withdrawn"))
def withdraw_position(actor: Actor, position: Position) -> None:
    policy.require_approver(actor)
    if position.state == PositionState.WITHDRAWN:
        return
    before = position.state
    position.state = PositionState.WITHDRAWN.value
    db.session.flush()
    audit(position, actor, {"state": [before, PositionState.WITHDRAWN.value]})


# -- press releases ------------------------------------------------------------------------------------------------


def _release_fields(values: dict[str, Any]) -> dict[str, str]:
    return {
        "title": _text(values.get("title"), "title", limits.SUBJECT_MAX, required=True),
        "lead": _text(values.get("lead"), "lead", limits.NOTE_MAX, required=True),
        "body": _text(values.get("body"), "body", limits.ANSWER_MAX, required=True),
    }


def _release_move(release: Release, target: ReleaseState) -> dict[str, list[str]]:
    if not release_may_move(release.state, target):
        raise Conflict("wrong_state", _("The release cannot go there from where it is now."), "state")
    change = {"state": [release.state, target.value]}
    release.state = target.value
    return change


@operation("press.release_saved", _l("Press release saved"))
def save_release(actor: Actor, values: dict[str, Any], release: Release | None = None) -> Release:
    """A new release, or changes before publication (an approved one goes back to be approved again)."""
    policy.require_work(actor)
    fields = _release_fields(values)
    if release is None:
        release = Release(**fields, state=ReleaseState.DRAFT.value, author_id=actor_id(actor))
        db.session.add(release)
        changes: dict[str, Any] = {"state": [None, ReleaseState.DRAFT.value]}
    else:
        if release.state == ReleaseState.PUBLISHED:
            raise Conflict("published", _("A published release is changed with a correction note."))
        changes = apply_changes(release, fields)
        if changes and release.state != ReleaseState.DRAFT:
            changes |= _release_move(release, ReleaseState.DRAFT)
            release.approved_by_id = release.approved_at = None
    db.session.flush()
    audit(release, actor, changes)
    return release


@operation("press.release_submitted", _l("Press release sent for approval"))
def submit_release(actor: Actor, release: Release) -> None:
    policy.require_work(actor)
    changes = _release_move(release, ReleaseState.AWAITING_APPROVAL)
    db.session.flush()
    audit(release, actor, changes)


@operation("press.release_approved", _l("Press release approved"))
def approve_release(actor: Actor, release: Release) -> None:
    policy.require_approver(actor)
    changes = _release_move(release, ReleaseState.APPROVED)
    release.approved_by_id, release.approved_at = actor_id(actor), utcnow()
    db.session.flush()
    audit(release, actor, changes)


@operation("press.release_returned", _l("Press release returned for changes"))
def return_release(actor: Actor, release: Release, note: str) -> None:
    policy.require_approver(actor)
    note = _text(note, "note", limits.NOTE_MAX, required=True)
    changes = _release_move(release, ReleaseState.DRAFT)
    db.session.flush()
    audit(release, actor, changes, note=note)


@operation("press.release_published", _l("Press release published"))
def publish_release(actor: Actor, release: Release) -> None:
    """On /prasa and in its Atom feed from now on."""
    policy.require_work(actor)
    changes = _release_move(release, ReleaseState.PUBLISHED)
    release.published_at = utcnow()
    db.session.flush()
    audit(release, actor, changes)


@operation("press.release_corrected", _l("Published press release corrected"))
def correct_release(actor: Actor, release: Release, values: dict[str, Any], note: str) -> None:
    """A change after publication: only the spokesperson, always with a note; the text before it is kept and the
    public page lists every change."""
    policy.require_approver(actor)
    if release.state != ReleaseState.PUBLISHED:
        raise Conflict("not_published", _("Only a published release is corrected; change a draft directly."))
    note = _text(note, "note", limits.NOTE_MAX, required=True)
    before = ReleaseChange(
        release_id=release.id,
        actor_id=actor_id(actor),
        note=note,
        title_before=release.title,
        lead_before=release.lead,
        body_before=release.body,
    )
    changes = apply_changes(release, _release_fields(values))
    if not changes:
        raise Unprocessable("no_changes", _("Nothing was changed."), "body")
    db.session.add(before)
    db.session.flush()
    audit(release, actor, changes, note=note)


# -- media monitoring and corrections (Press Law art. 31a–33) ------------------------------------------------------

MEDIUM_OUTLET_KIND = {
    Medium.DAILY: OutletKind.DAILY,
    Medium.PERIODICAL: OutletKind.PERIODICAL,
    Medium.ONLINE: OutletKind.ONLINE,
    Medium.RADIO: OutletKind.RADIO,
    Medium.TV: OutletKind.TV,
    Medium.SOCIAL: OutletKind.ONLINE,
}


def _choice(enum: Any, value: Any, field: str, message: str) -> str:
    try:
        return str(enum(value).value)
    except ValueError:
        raise Unprocessable("unknown_choice", message, field) from None


def _date_of(value: Any, field: str, required: bool = True) -> date | None:
    if value is None and not required:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise Unprocessable("bad_date", _("Give a date."), field)
    require_plausible(value, field)
    return value


def _units(codes: list[str]) -> list[Any]:
    """The city units named by their codes; an unknown code is a content error (422), like any other field's."""
    try:
        return units.units_by_codes(codes, "units") if codes else []
    except UserError as error:
        raise Unprocessable(error.code, error.message, error.field) from None


@operation("press.clipping_saved", _l("Media clipping saved"))
def save_clipping(actor: Actor, values: dict[str, Any]) -> Clipping:
    """A piece of coverage: the outlet is found by name (or added, its kind taken from the medium)."""
    policy.require_work(actor)
    medium = _choice(Medium, values.get("medium"), "medium", _("Choose the medium."))
    published = _date_of(values.get("published_on"), "published_on")
    if published > local_today():
        raise Unprocessable("in_future", _("This time has not come yet."), "published_on")
    outlet = _outlet_for(actor, values.get("outlet"), MEDIUM_OUTLET_KIND[Medium(medium)].value)
    if outlet is None:
        raise Unprocessable("required", _("This field is required."), "outlet")
    reach = values.get("reach")
    if reach is not None and (not isinstance(reach, int) or reach < 0 or reach > limits.REACH_MAX):
        raise Unprocessable("bad_reach", _("Give the reach as a whole number of people."), "reach")
    url = _text(values.get("url"), "url", limits.URL_MAX) or None
    if url and not url.startswith(("https://", "http://")):
        raise Unprocessable("bad_url", _("Give the address starting with https:// or http://."), "url")
    codes = [code for code in values.get("units") or [] if code]
    clipping = Clipping(
        outlet_id=outlet.id,
        medium=medium,
        published_on=published,
        title=_text(values.get("title"), "title", limits.SUBJECT_MAX, required=True),
        url=url,
        author=_text(values.get("author"), "author", limits.NAME_MAX) or None,
        topics=_tags(list(values.get("topics") or [])),
        tone=_choice(Tone, values.get("tone"), "tone", _("Choose the tone.")),
        reach=reach,
        summary=_text(values.get("summary"), "summary", limits.NOTE_MAX) or None,
        registered_by_id=actor_id(actor),
        units=_units(codes),
    )
    db.session.add(clipping)
    db.session.flush()
    audit(clipping, actor, {"title": [None, clipping.title]}, outlet=outlet.name)
    return clipping


def _check_correction(clipping: Clipping, fragment: str, text: str) -> None:
    if Medium(clipping.medium) not in CORRECTABLE:
        raise Unprocessable("not_press", _("The Press Law's correction applies to the press, radio and TV only."))
    if clocks.correction_too_long(text, fragment):
        raise Unprocessable(
            "too_long",
            _(
                "The correction has %(n)d characters; at most twice the fragment it corrects: %(limit)d (Press Law "
                "art. 31a).",
                n=clocks.correction_volume(text),
                limit=clocks.CORRECTION_LENGTH_FACTOR * clocks.correction_volume(fragment),
            ),
            "text",
        )


@operation("press.correction_drafted", _l("Correction drafted"))
def draft_correction(
    actor: Actor, clipping: Clipping, values: dict[str, Any], correction: Correction | None = None
) -> Correction:
    """The correction of a fragment of the clipping: at most twice its length (art. 31a); changed while a draft."""
    policy.require_work(actor)
    if correction is not None and correction.state != CorrectionState.DRAFT:
        raise Conflict("sent", _("A correction that was sent is not changed."))
    fragment = _text(values.get("fragment"), "fragment", limits.ANSWER_MAX, required=True)
    text = _text(values.get("text"), "text", limits.ANSWER_MAX, required=True)
    signatory = _text(values.get("signatory"), "signatory", limits.NAME_MAX, required=True)
    _check_correction(clipping, fragment, text)
    if correction is None:
        correction = Correction(clipping=clipping, written_by_id=actor_id(actor), state=CorrectionState.DRAFT.value)
        db.session.add(correction)
    correction.fragment, correction.text, correction.signatory = fragment, text, signatory
    db.session.flush()
    audit(correction, actor, {"state": [None, correction.state]}, clipping=clipping.title)
    return correction


@operation("press.correction_sent", _l("Correction sent to the editors"))
def correction_sent(actor: Actor, correction: Correction, sent_on: Any, received_on: Any = None) -> None:
    """Posted or handed in (art. 31a ust. 3: within 21 days of the publication); the editors' deadline counts from
    the day they received it."""
    policy.require_work(actor)
    if correction.state != CorrectionState.DRAFT:
        raise Conflict("sent", _("This correction was sent already."))
    sent = _date_of(sent_on, "sent_on")
    received = _date_of(received_on, "received_on", required=False)
    timezone = office_calendar().timezone
    if sent > local_today():
        raise Unprocessable("in_future", _("This time has not come yet."), "sent_on")
    if sent < correction.clipping.published_on:
        raise Unprocessable(
            "before_publication", _("A correction is sent after the material was published."), "sent_on"
        )
    send_by = clocks.correction_send_by(correction.clipping.published_on, timezone)
    if end_of_day(sent, timezone) > send_by:
        raise Unprocessable(
            "too_late",
            _(
                "Too late: a correction is sent within 21 days of the publication (Press Law art. 31a ust. 3), "
                "by %(date)s.",
                date=_day(send_by),
            ),
            "sent_on",
        )
    if received is not None and received < sent:
        raise Unprocessable("received_before", _("The editors cannot receive it before it was sent."), "received_on")
    correction.state, correction.sent_on, correction.received_on = CorrectionState.SENT.value, sent, received
    db.session.flush()
    audit(correction, actor, {"state": [CorrectionState.DRAFT.value, CorrectionState.SENT.value]}, sent_on=sent)


@operation("press.correction_outcome", _l("Correction's publication recorded"))
def correction_outcome(
    actor: Actor,
    correction: Correction,
    published_on: Any,
    received_on: Any = None,
    refused: bool = False,
    note: str | None = None,
) -> None:
    """What the editors did: published it on a day (late or not is shown against art. 32), or refused (art. 33)."""
    policy.require_work(actor)
    if correction.state != CorrectionState.SENT:
        raise Conflict("not_sent", _("Record the sending first."))
    note = _text(note, "note", limits.NOTE_MAX) or None
    received = _date_of(received_on, "received_on", required=False) or correction.received_on
    if refused:
        if not note:
            raise Unprocessable("note_required", _("Say what the editors answered."), "note")
        correction.state, correction.note, correction.received_on = CorrectionState.REFUSED.value, note, received
    else:
        published = _date_of(published_on, "published_on")
        if published > local_today():
            raise Unprocessable("in_future", _("This time has not come yet."), "published_on")
        if published < correction.sent_on:
            raise Unprocessable("before_sent", _("It cannot be published before it was sent."), "published_on")
        correction.state, correction.published_on, correction.received_on = (
            CorrectionState.PUBLISHED.value,
            published,
            received,
        )
        correction.note = note
    db.session.flush()
    audit(correction, actor, {"state": [CorrectionState.SENT.value, correction.state]})


# -- files ---------------------------------------------------------------------------------------------------------


def check_file(filename: str, data: bytes) -> tuple[str, str]:
    """(the file's safe name, its content type) of an acceptable upload: a PDF, JPEG or PNG within the size limit."""
    return files.checked(
        filename,
        data,
        field="file",
        max_mb=limits.FILE_MAX_MB,
        name_limit=limits.FILENAME_MAX,
        default_name="plik",
        wrong_type=_("Only PDF documents and JPEG or PNG images can be kept."),
    )


@operation("press.file_kept", _l("File kept"))
def keep_file(actor: Actor, owner: FileOwner, owner_id: int, filename: str, data: bytes) -> PressFile:
    """A file kept with one of the press office's records (the interview as it came in, a clipping's scan, a
    survey's report, a conference's materials, a post's image)."""
    policy.require_work(actor)
    if queries.file_owner(FileOwner(owner), owner_id) is None:
        raise NotFound("owner_not_found", _("There is no such record to keep the file with."), "file")
    name, content_type = check_file(filename, data)
    kept = PressFile(
        owner_kind=FileOwner(owner).value,
        owner_id=owner_id,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by_id=actor_id(actor),
    )
    db.session.add(kept)
    db.session.flush()
    audit(kept, actor, {"filename": [None, name]}, owner=f"{kept.owner_kind} {owner_id}")
    return kept


# -- surveys and studies -------------------------------------------------------------------------------------------


@operation("press.survey_saved", _l("Survey saved"))
def save_survey(actor: Actor, values: dict[str, Any], survey: Survey | None = None) -> Survey:
    """A survey or study in the register (new, or changed): who ran it, its fieldwork, its key findings, tags."""
    policy.require_work(actor)
    starts = _date_of(values.get("field_from"), "field_from")
    ends = _date_of(values.get("field_to"), "field_to", required=False)
    if ends is not None and ends < starts:
        raise Unprocessable("ends_before", _("The fieldwork cannot end before it starts."), "field_to")
    if starts > local_today():
        raise Unprocessable("in_future", _("This time has not come yet."), "field_from")
    fields = {
        "title": _text(values.get("title"), "title", limits.SUBJECT_MAX, required=True),
        "conducted_by": _text(values.get("conducted_by"), "conducted_by", limits.NAME_MAX, required=True),
        "commissioned_by": _text(values.get("commissioned_by"), "commissioned_by", limits.NAME_MAX) or None,
        "field_from": starts,
        "field_to": ends,
        "sample": _text(values.get("sample"), "sample", limits.NAME_MAX) or None,
        "findings": _text(values.get("findings"), "findings", limits.ANSWER_MAX, required=True),
        "tags": _tags(list(values.get("tags") or [])),
    }
    survey, changes = _create_or_change(Survey, survey, fields, registered_by_id=actor_id(actor))
    _index(survey)
    db.session.flush()
    audit(survey, actor, changes)
    return survey
