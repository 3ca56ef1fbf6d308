"""What changes tickets: one declared operation per action. Validate → mutate → flush → record; the request (or the
job, or the command) commits. Every change reaches the ticket's history through cct.actions.history, which
`record_history` below writes as rows of the ticket's timeline.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, update

from cct import contacts, db, files, mail
from cct.actions import audit, history, operation
from cct.auth import queries as accounts
from cct.auth.actors import RESIDENT, SYSTEM, Actor, actor_id
from cct.auth.roles import Role
from cct.changes import apply_changes, plain
from cct.db import utcnow
from cct.errors import Conflict, Unprocessable, UserError
from cct.identifiers import CALL_SID_MAX, is_call_sid
from cct.notifications.operations import notify
from cct.office_calendar import office_calendar
from cct.org import queries as units
from cct.signals import ON_TICKET
from cct.web import path_for
from tickets import clocks, duplicates, notices, placeholders, policy, queries, sla
from tickets import schemas as limits
from tickets.attributes import check_definitions
from tickets.models import (
    Attachment,
    Category,
    ReplyTemplate,
    Ticket,
    TicketComment,
    TicketCounter,
    TicketEvent,
    TicketTag,
    ticket_links,
)
from tickets.routing import policy as routing_policy
from tickets.routing import queries as routing
from tickets.schemas import TicketInput, TicketsSettings
from tickets.states import OPEN, STATE_LABELS, Channel, Priority, StatutoryKind, TicketState, can_transition

PUBLIC_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
OVERDUE_BATCH = 500


def _settings() -> TicketsSettings:
    return current_app.config["CCT"].tickets


def _check_version(ticket: Ticket, expected_version: int | None) -> None:
    """Optimistic locking: a change based on an old copy of the ticket is refused, never merged silently."""
    if expected_version is not None and expected_version != ticket.version:
        raise Conflict(
            "stale_version",
            _(
                "Someone else changed ticket %(number)s in the meantime. Reload it to see their change, "
                "then try again.",
                number=ticket.number,
            ),
            "version",
        )


# -- checking what people typed ------------------------------------------------------------------------------------


def _text(value: Any, name: str, limit: int, required: bool = False) -> str | None:
    return contacts.clean_text(value, name, limit, required) or None


def _choice(value: Any, allowed: Iterable[str], name: str) -> str:
    if not isinstance(value, str) or value not in set(allowed):
        raise UserError("bad_choice", _("Not on the list: %(value)s.", value=value), name)
    return str(value)


def clean_phone(value: Any, field: str = "resident_phone") -> str | None:
    return contacts.clean_phone(_text(value, field, limits.PHONE_TYPED_MAX), field)


def _email(value: Any) -> str | None:
    return contacts.clean_email(_text(value, "resident_email", limits.EMAIL_MAX), "resident_email")


def _call_sid(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not is_call_sid(value):
        raise UserError(
            "bad_call_sid", _("Not a call identifier: %(value)s.", value=str(value)[:CALL_SID_MAX]), "call_sid"
        )
    return str(value)


def _coordinates(lat: Any, lon: Any) -> tuple[float | None, float | None]:
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise Unprocessable("coordinates_pair", _("Give both latitude and longitude, or neither."), "lat")
    if isinstance(lat, bool) or isinstance(lon, bool):
        raise UserError("bad_coordinates", _("Latitude and longitude must be numbers."), "lat")
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise UserError("bad_coordinates", _("Latitude and longitude must be numbers."), "lat") from None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise UserError("bad_coordinates", _("Latitude and longitude are out of range."), "lat")
    return lat_f, lon_f


def _tags(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, list | tuple):
        raise UserError("bad_tags", _("Tags must be a list of words."), "tags")
    cleaned = sorted({str(value).strip().lower()[: limits.TAG_MAX] for value in values if str(value).strip()})
    if len(cleaned) > limits.TAGS_MAX:
        raise UserError("too_many_tags", _("At most %(n)d tags.", n=limits.TAGS_MAX), "tags")
    return cleaned


def _consent_without_phone() -> Unprocessable:
    return Unprocessable("consent_without_phone", _("SMS updates need the resident's phone number."), "consent_sms")


def _consent_without_email() -> Unprocessable:
    return Unprocessable("consent_without_email", _("E-mail updates need the resident's address."), "consent_email")


def _media_url(value: Any) -> str | None:
    url = _text(value, "media_url", limits.MEDIA_URL_MAX)
    if url and not url.startswith(("https://", "http://")):
        raise UserError("bad_media_url", _("media_url must be an http(s) address."), "media_url")
    return url


def get_category(code: str) -> Category:
    """An active category by its code, or a UserError on the field `category`."""
    category = queries.category_by_code(code)
    if category is None:
        raise UserError("unknown_category", _("Unknown category: %(code)s.", code=code), "category")
    return category


def subject_from(description: str, fallback: str) -> str:
    """A subject for what a resident wrote (a report, an app's request, an SMS): its first line, cut at a word, or
    `fallback` (the category's name) when it has none."""
    text = description.split("\n", 1)[0].strip()
    if not text:
        return fallback
    cut = limits.SUBJECT_FROM_TEXT_MAX
    return text if len(text) <= cut else text[:cut].rsplit(" ", 1)[0] + "…"


# -- categories ----------------------------------------------------------------------------------------------------


def _hours(value: Any, name: str) -> float:
    try:
        hours = float(str(value).replace(",", ".")) if not isinstance(value, int | float) else float(value)
    except (TypeError, ValueError):
        hours = float("nan")
    if not 0 < hours <= limits.SLA_HOURS_MAX:  # NaN fails too
        raise UserError(
            "bad_hours",
            _("Give the office hours as a number above 0 and at most %(max)d.", max=limits.SLA_HOURS_MAX),
            name,
        )
    return hours


def _category_values(values: Mapping[str, Any], category: Category | None) -> dict[str, Any]:
    """What a category holds, checked: the same rules for a new one and a changed one."""
    parent = None
    if values.get("parent"):
        parent = queries.category_by_code(str(values["parent"]), active_only=False)
        if parent is None:
            raise UserError("unknown_category", _("Unknown category: %(code)s.", code=values["parent"]), "parent")
        if parent.parent_id is not None or (category is not None and parent.id == category.id):
            raise UserError("bad_parent", _("A category's parent is a top-level category, not itself."), "parent")
        if category is not None and queries.has_subcategories(category):
            raise UserError(
                "has_subcategories", _("This category has sub-categories: it stays at the top level."), "parent"
            )
    statutory = values.get("statutory_kind") or None
    if statutory is not None:
        _choice(statutory, (k.value for k in StatutoryKind), "statutory_kind")
    cleaned = {
        "name": contacts.clean_text(values.get("name"), "name", limits.CATEGORY_NAME_MAX, required=True),
        "parent": parent,
        "default_unit": units.require_unit(values["unit"]) if values.get("unit") else None,
        "priority": _choice(values.get("priority") or Priority.NORMAL.value, (p.value for p in Priority), "priority"),
        "first_response_hours": _hours(values.get("first_response_hours", 8), "first_response_hours"),
        "resolution_hours": _hours(values.get("resolution_hours", 40), "resolution_hours"),
        "statutory_kind": statutory,
        "keywords": contacts.clean_text(values.get("keywords"), "keywords", limits.CATEGORY_KEYWORDS_MAX),
        "active": bool(values.get("active", True)),
        "public_reports": bool(values.get("public_reports", False)),
    }
    if cleaned["first_response_hours"] > cleaned["resolution_hours"]:
        raise UserError("bad_sla", _("The first response must be due before the resolution."), "first_response_hours")
    return cleaned


@operation("category.created", _l("Category created"))
def create_category(actor: Actor, values: Mapping[str, Any]) -> Category:
    """A category of matters: its code, name, parent, default unit, priority, SLA targets in office hours, the
    statutory clock it starts, the words callers use for it, and whether residents report it in public."""
    policy.require(routing_policy.can_manage(actor), _("Only administrators add categories."))
    code = contacts.clean_text(values.get("code"), "code", limits.CATEGORY_CODE_MAX, required=True)
    if not limits.CATEGORY_CODE.fullmatch(code):
        raise UserError("bad_code", _("A code is small letters, digits and dashes, e.g. drogi-dziury."), "code")
    if queries.category_by_code(code, active_only=False) is not None:
        raise UserError("code_taken", _("The code %(code)s is already used.", code=code), "code")
    cleaned = _category_values(values, None)
    category = Category(
        code=code, open311_attributes=check_definitions(values.get("open311_attributes", [])), **cleaned
    )
    db.session.add(category)
    db.session.flush()
    audit(category, actor, {"code": [None, code], **{key: [None, value] for key, value in cleaned.items()}})
    return category


@operation("category.updated", _l("Category changed"))
def update_category(actor: Actor, category: Category, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Change a category: tickets opened from now on take its new unit, priority and SLA targets; tickets already
    open keep the deadlines they were given."""
    policy.require(routing_policy.can_manage(actor), _("Only administrators change categories."))
    changes = apply_changes(category, _category_values(values, category))
    db.session.flush()
    if changes:
        audit(category, actor, changes)
    return changes


# -- numbering -------------------------------------------------------------------------------------------------------

_TAKE_NUMBER: dict[str, Any] = {}  # the year's counter upsert, by database dialect


def allocate_number(year: int) -> int:
    """The next number of the year, from one atomic upsert: concurrent requests never get the same one. The
    counter's row stays locked until the transaction ends, so the number is taken as late as possible."""
    connection = db.session.connection()
    dialect = connection.dialect.name
    statement = _TAKE_NUMBER.get(dialect)
    if statement is None:
        counters = TicketCounter.__table__
        statement = _TAKE_NUMBER[dialect] = (
            db.insert(counters, dialect)
            .values(year=bindparam("year"), last_number=1)
            .on_conflict_do_update(index_elements=["year"], set_={"last_number": counters.c.last_number + 1})
            .returning(counters.c.last_number)
        )
    return int(connection.execute(statement, {"year": year}).scalar_one())


def new_public_code() -> str:
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(limits.PUBLIC_CODE_LENGTH))


# -- opening -------------------------------------------------------------------------------------------------------


@operation("ticket.created", _l("Ticket opened"))
def create_ticket(
    actor: Actor, data: TicketInput, *, articles: Sequence[str] = (), attachments: Sequence[files.Upload] = ()
) -> Ticket:
    """Open a ticket, give it its number and deadlines, and route it to a unit. `articles`: the knowledge base's
    articles the agent answered from during the call (their slugs); the "created" event names them, and the
    knowledge base, listening, links them to the ticket in the same transaction. `attachments`: files it comes with
    (a registered letter's scan), checked as every attachment is."""
    policy.require(policy.can_create(actor, data.channel), _("You may not open tickets."))
    told = limits.told_articles(articles)
    subject = _text(data.subject, "subject", limits.SUBJECT_MAX, required=True)
    description = _text(data.description, "description", limits.DESCRIPTION_MAX) or ""
    category = get_category(str(data.category or ""))
    channel = _choice(data.channel, (c.value for c in Channel), "channel")
    priority = _choice(data.priority or category.priority, (p.value for p in Priority), "priority")
    statutory_kind = data.statutory_kind or category.statutory_kind
    if statutory_kind is not None:
        _choice(statutory_kind, (k.value for k in StatutoryKind), "statutory_kind")
    phone, email = clean_phone(data.resident_phone), _email(data.resident_email)
    if data.consent_sms and phone is None:
        raise _consent_without_phone()
    if data.consent_email and email is None:
        raise _consent_without_email()
    lat, lon = _coordinates(data.lat, data.lon)
    call_sid = _call_sid(data.call_sid)
    media_url = _media_url(data.media_url)
    now = utcnow()
    calendar = office_calendar()
    ticket = Ticket(
        year=now.astimezone(calendar.timezone).year,
        subject=subject,
        description=description,
        category=category,
        channel=channel,
        priority=priority,
        state=TicketState.NEW.value,
        resident_name=_text(data.resident_name, "resident_name", limits.NAME_MAX),
        resident_phone=phone,
        resident_email=email,
        consent_sms=bool(data.consent_sms),
        consent_email=bool(data.consent_email),
        address=_text(data.address, "address", limits.ADDRESS_MAX),
        district=_text(data.district, "district", limits.DISTRICT_MAX),
        lat=lat,
        lon=lon,
        statutory_kind=statutory_kind,
        via_representative=bool(data.via_representative),
        media_url=media_url,
        open311_attributes=dict(data.attributes),
        public_code=new_public_code(),
        created_by_id=actor_id(actor),
        created_at=now,
        tag_rows=[TicketTag(tag=tag) for tag in _tags(data.tags)],
    )
    ticket.first_response_due, ticket.resolution_due = sla.deadlines(
        now, category.first_response_hours, category.resolution_hours, calendar
    )
    received = data.received_at or now
    if received.tzinfo is None or received > now:
        raise Unprocessable("bad_received_at", _("The matter cannot have come in after now."), "received_at")
    if statutory_kind:
        ticket.statutory_due = clocks.statutory_deadline(
            received, statutory_kind, via_representative=ticket.via_representative, timezone=calendar.timezone
        )
    unit, routing_detail = routing.route(category, ticket.district, ticket.address, f"{subject}\n{description}")
    ticket.unit = unit
    ticket.state = TicketState.ROUTED.value
    duplicate = _likely_duplicate(ticket)  # flagged for the agent, who merges the two or dismisses the flag
    if duplicate:
        ticket.suspected_duplicate_of = duplicate[0]
    db.session.add(ticket)
    ticket.seq = allocate_number(ticket.year)  # as late as possible: the year's counter stays locked from here
    db.session.flush()
    origin: dict[str, Any] = {"call_sid": call_sid} if call_sid else {}
    if media_url:
        origin["media_url"] = media_url
    if data.attributes:
        origin["attributes"] = dict(data.attributes)
    if told:
        origin["articles"] = told
    history(ticket, actor, "created", channel=channel, category=category.code, **origin)
    changes = {"state": [TicketState.NEW.value, ticket.state], "unit": [None, unit.code]}
    history(ticket, actor, "routed", changes, **routing_detail)
    if duplicate:
        history(ticket, actor, "likely_duplicate", of=duplicate[0].number, distance_m=duplicate[1])
    for upload in attachments:
        _attach(actor, ticket, upload.filename, upload.data)
    return ticket


def _likely_duplicate(ticket: Ticket) -> tuple[Ticket, int | None] | None:
    """The open ticket of the same category near the same place, opened within the window, and how far it is (m)."""
    settings = _settings()
    if settings.duplicate_window_hours <= 0 or (ticket.lat is None and not duplicates.address_key(ticket.address)):
        return None
    candidates = queries.duplicate_candidates(
        ticket.category.id,
        ticket.created_at - timedelta(hours=settings.duplicate_window_hours),
        ticket.lat,
        ticket.lon,
        ticket.address,
        settings.duplicate_radius_m,
    )
    new = duplicates.Place(0, ticket.created_at, ticket.lat, ticket.lon, ticket.address)  # 0: no ticket's id
    found = duplicates.likely_duplicate(new, candidates, settings.duplicate_radius_m)
    if found is None:
        return None
    original = queries.by_id(found[0].id)
    if original is None:  # removed since: nothing to flag
        return None
    return original, (round(found[1]) if found[1] is not None else None)


# -- routing -------------------------------------------------------------------------------------------------------


@operation("ticket.rerouted", _l("Ticket rerouted"))
def reroute(actor: Actor, ticket: Ticket, unit_code: str, reason: str, expected_version: int | None) -> None:
    """Send an open ticket to another unit by hand, with a reason that stays in its history."""
    policy.require(policy.can_reroute(actor), _("You may not send tickets to another unit."))
    _check_version(ticket, expected_version)
    if not ticket.is_open:
        raise Conflict("not_open", _("Only an open ticket can be sent to another unit."), "unit")
    reason_text = _text(reason, "reason", limits.REASON_MAX, required=True)
    unit = units.require_unit(unit_code)
    if unit.id == ticket.unit_id:
        raise UserError("same_unit", _("The ticket is already with %(unit)s.", unit=unit.code), "unit")
    old_unit = ticket.unit.code if ticket.unit else None
    ticket.unit = unit
    ticket.assignee = None
    if ticket.state == TicketState.IN_PROGRESS.value:
        ticket.state = TicketState.ROUTED.value
    db.session.flush()
    history(
        ticket, actor, "rerouted", {"unit": [old_unit, unit.code]}, how="manual", reason=reason_text, unit=unit.code
    )


# -- working a ticket ------------------------------------------------------------------------------------------------


@operation("ticket.state_changed", _l("Ticket state changed"))
def transition(
    actor: Actor,
    ticket: Ticket,
    target: str,
    *,
    expected_version: int | None,
    reason: str | None = None,
) -> None:
    """Move a ticket to another state, keeping its clocks honest; an illegal move is refused (409)."""
    policy.require(policy.can_work(actor, ticket))
    _check_version(ticket, expected_version)
    current = _legal_move(ticket, target)
    goal = TicketState(target)
    detail = _change_state(ticket, current, goal, reason)
    changes: dict[str, Any] = {"state": [current.value, goal.value]}
    if goal == TicketState.IN_PROGRESS and ticket.assignee is None and policy.can_be_assigned(actor, ticket):
        ticket.assignee = actor  # who starts the work takes the ticket (nobody else picks it up meanwhile)
        db.session.flush()
        changes["assignee"] = [None, actor.login]
    history(ticket, actor, "state_changed", changes, **detail)


def _change_state(ticket: Ticket, current: TicketState, goal: TicketState, reason: str | None) -> dict[str, Any]:
    """Move the ticket, keeping its clocks honest (the pause of waiting for the resident, the reopen window);
    returns what its history notes of the move."""
    now = utcnow()
    calendar = office_calendar()
    detail: dict[str, Any] = {}
    if goal == TicketState.REJECTED:
        ticket.rejection_reason = _text(reason, "reason", limits.REASON_MAX)
        if not ticket.rejection_reason:
            raise Unprocessable("reason_required", _("Say why the ticket is rejected."), "reason")
        detail["reason"] = ticket.rejection_reason
    if current == TicketState.RESOLVED and goal == TicketState.IN_PROGRESS:
        window = timedelta(days=_settings().reopen_days)
        if ticket.resolved_at is None or now - ticket.resolved_at > window:
            raise Conflict(
                "reopen_window_passed",
                _("This ticket was resolved more than %(days)d days ago; open a new one.", days=window.days),
                "state",
            )
        ticket.resolved_at = None
        detail["reopened"] = True
    if current == TicketState.WAITING:
        paused_for = calendar.between(ticket.paused_at or now, now)
        ticket.paused_at = None
        if ticket.resolution_due is not None:
            ticket.resolution_due = calendar.add(ticket.resolution_due, paused_for)
        detail["paused_office_seconds"] = int(paused_for.total_seconds())
    if goal == TicketState.WAITING:
        ticket.paused_at = now
    if (
        goal in (TicketState.IN_PROGRESS, TicketState.WAITING, TicketState.RESOLVED)
        and ticket.first_response_at is None
    ):
        ticket.first_response_at = now
    if goal == TicketState.RESOLVED:
        ticket.resolved_at = now
    if goal == TicketState.CLOSED:
        ticket.closed_at = now
    ticket.state = goal.value
    db.session.flush()
    return detail


def _legal_move(ticket: Ticket, target: str) -> TicketState:
    """The ticket's state, when the move to `target` is one tickets.states allows; else a UserError (409)."""
    try:
        goal = TicketState(target)
    except ValueError:
        raise UserError("unknown_state", _("Unknown state: %(state)s.", state=target), "state") from None
    current = TicketState(ticket.state)
    if not can_transition(current, goal):
        raise Conflict(
            "illegal_transition",
            _(
                "A ticket that is %(current)s cannot become %(target)s.",
                current=STATE_LABELS[current],
                target=STATE_LABELS[goal],
            ),
            "state",
        )
    return current


EDITABLE = ("subject", "description", "priority", "address", "district", "resident_name", "assignee", "tags")


@operation("ticket.updated", _l("Ticket changed"))
def update_ticket(
    actor: Actor, ticket: Ticket, values: Mapping[str, Any], expected_version: int | None
) -> dict[str, list[Any]]:
    """Change a ticket's details; only what really changed is recorded."""
    policy.require(policy.can_work(actor, ticket))
    _check_version(ticket, expected_version)
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise UserError("not_editable", _("This field cannot be changed here: %(name)s.", name=unknown[0]), unknown[0])
    cleaned: dict[str, Any] = {}
    if "subject" in values:
        cleaned["subject"] = _text(values["subject"], "subject", limits.SUBJECT_MAX, required=True)
    if "description" in values:
        cleaned["description"] = _text(values["description"], "description", limits.DESCRIPTION_MAX) or ""
    if "priority" in values:
        cleaned["priority"] = _choice(values["priority"], (p.value for p in Priority), "priority")
    for name, limit in (("address", limits.ADDRESS_MAX), ("district", limits.DISTRICT_MAX)):
        if name in values:
            cleaned[name] = _text(values[name], name, limit)
    if "resident_name" in values:
        cleaned["resident_name"] = _text(values["resident_name"], "resident_name", limits.NAME_MAX)
    changes: dict[str, list[Any]] = {}
    for name, new in cleaned.items():
        old = getattr(ticket, name)
        if old != new:
            setattr(ticket, name, new)
            changes[name] = [old, new]
    if "assignee" in values:
        assignee = _assignee(values["assignee"], ticket)
        old_login = ticket.assignee.login if ticket.assignee else None
        new_login = assignee.login if assignee else None
        if old_login != new_login:
            ticket.assignee = assignee
            changes["assignee"] = [old_login, new_login]
    if "tags" in values:
        tags = _tags(values["tags"])
        if tags != ticket.tags:
            changes["tags"] = [ticket.tags, tags]
            ticket.tag_rows = [TicketTag(tag=tag) for tag in tags]
    if changes:
        db.session.flush()
        history(ticket, actor, "updated", changes)
    return changes


def _assignee(login: Any, ticket: Ticket) -> Any:
    if login in (None, ""):
        return None
    user = accounts.user_by_login(str(login))
    if user is None or user.login != login or not user.active:
        raise UserError("unknown_user", _("No user with the login %(login)s.", login=login), "assignee")
    if not policy.can_be_assigned(user, ticket):  # 409: it depends on the ticket's unit now, not on the request
        raise Conflict(
            "not_eligible",
            _(
                "%(login)s cannot handle this ticket: it is not in their unit, or they do not work tickets.",
                login=user.login,
            ),
            "assignee",
        )
    return user


@operation("ticket.commented", _l("Ticket commented"))
def add_comment(actor: Actor, ticket: Ticket, body: str, *, public: bool) -> TicketComment:
    """A public reply to the resident, or an internal note; the first public reply counts as the first response."""
    policy.require(policy.can_work(actor, ticket) if public else policy.can_note(actor, ticket))
    text = _text(body, "body", limits.COMMENT_MAX, required=True)
    comment = TicketComment(ticket_id=ticket.id, author_id=actor_id(actor), body=text, public=public)
    db.session.add(comment)
    if public and ticket.first_response_at is None:
        ticket.first_response_at = utcnow()
    db.session.flush()
    history(ticket, actor, "reply" if public else "note", comment_id=comment.id)
    return comment


def reply_and_resolve(actor: Actor, ticket: Ticket, body: str, *, expected_version: int | None) -> None:
    """The unit's answer and the end of the matter in one step: a public reply, then the move to resolved (two
    declared operations, one transaction; a stale copy or an illegal move refuses both)."""
    _check_version(ticket, expected_version)
    _legal_move(ticket, TicketState.RESOLVED.value)
    add_comment(actor, ticket, body, public=True)
    transition(actor, ticket, TicketState.RESOLVED.value, expected_version=None)


@operation("ticket.resident_added", _l("Resident added a comment or photos"))
def add_from_resident(ticket: Ticket, body: str, photos: Sequence[tuple[str, bytes]]) -> TicketComment | None:
    """A resident's comment and photos (already stripped of their metadata) on their own open ticket: they land in
    its history and the ticket's unit is told."""
    if TicketState(ticket.state) not in OPEN:
        raise Conflict("ticket_not_open", _("This report is closed; send a new report instead."))
    text = _text(body, "comment", limits.COMMENT_MAX) or ""
    if not text and not photos:
        raise UserError("nothing_added", _("Write a comment or add a photo."), "comment")
    comment = None
    if text:
        comment = TicketComment(ticket_id=ticket.id, body=text, public=False, by_resident=True)
        db.session.add(comment)
        db.session.flush()
        history(ticket, RESIDENT, "resident_comment", comment_id=comment.id)
    for name, data in photos:
        _attach(RESIDENT, ticket, name, data)
    with force_locale(current_app.config["CCT"].default_locale):
        added = ([_("a comment")] if text else []) + (
            [ngettext("%(num)d photo", "%(num)d photos", len(photos))] if photos else []
        )
        message = _("The resident added to ticket %(number)s: %(what)s.", number=ticket.number, what=", ".join(added))
    link = path_for("tickets.show", year=ticket.year, seq=ticket.seq)
    if ticket.unit_id is not None:
        notify(Role.UNIT_STAFF, "resident_added", message, link, unit_id=ticket.unit_id)
    else:  # not routed yet: whoever routes it hears
        notify(Role.SUPERVISOR, "resident_added", message, link)
    return comment


@operation("ticket.merged", _l("Tickets merged"))
def mark_duplicate(actor: Actor, ticket: Ticket, original: Ticket, expected_version: int | None) -> None:
    """Close a ticket as a duplicate of another; its tags move to the one that stays."""
    policy.require(policy.can_merge(actor, ticket))
    if original.id == ticket.id:
        raise UserError("own_duplicate", _("A ticket cannot duplicate itself."), "duplicate_of")
    if original.state == TicketState.REJECTED.value:
        raise UserError(
            "duplicate_of_rejected", _("Ticket %(number)s is rejected itself.", number=original.number), "duplicate_of"
        )
    _check_version(ticket, expected_version)
    current = _legal_move(ticket, TicketState.REJECTED.value)
    detail = _change_state(ticket, current, TicketState.REJECTED, _("Duplicate of %(number)s.", number=original.number))
    ticket.duplicate_of = original
    ticket.suspected_duplicate_of = None
    merged = sorted(set(original.tags) | set(ticket.tags))
    if merged != original.tags:
        original.tag_rows = [TicketTag(tag=tag) for tag in merged]
    db.session.flush()
    history(ticket, actor, "state_changed", {"state": [current.value, TicketState.REJECTED.value]}, **detail)
    history(original, actor, "merged", duplicate=ticket.number)
    # its resident is told the number that goes on (telephony texts them; the status page shows it)
    history(ticket, actor, "merged_into", into=original.number)


@operation("ticket.duplicate_dismissed", _l("Likely duplicate dismissed"))
def dismiss_likely_duplicate(actor: Actor, ticket: Ticket, expected_version: int | None) -> None:
    """The agent judged the flagged ticket a different matter: the flag goes, the judgement stays in the history."""
    policy.require(policy.can_merge(actor, ticket))
    _check_version(ticket, expected_version)
    if ticket.suspected_duplicate_of is None:
        raise Conflict("no_likely_duplicate", _("This ticket is not flagged as a likely duplicate."), "duplicate_of")
    number = ticket.suspected_duplicate_of.number
    ticket.suspected_duplicate_of = None
    db.session.flush()
    history(ticket, actor, "not_duplicate", of=number)


@operation("ticket.deadline_extended", _l("Ticket deadline extended"))
def extend_public_info_deadline(actor: Actor, ticket: Ticket, reason: str, expected_version: int | None) -> None:
    """UDIP art. 13 ust. 2: the two-month deadline applies only once the requester has been told why."""
    policy.require(policy.can_work(actor, ticket))
    _check_version(ticket, expected_version)
    refusal = policy.extension_refusal(ticket)
    if refusal is not None:
        raise refusal
    ticket.extension_reason = _text(reason, "reason", limits.REASON_MAX, required=True)
    ticket.extension_notice_at = utcnow()
    old_due = ticket.statutory_due
    ticket.statutory_due = clocks.extended_public_info_deadline(ticket.created_at, office_calendar().timezone)
    db.session.flush()
    history(ticket, actor, "deadline_extended", {"statutory_due": [old_due, ticket.statutory_due]}, reason=reason)


@operation("ticket.attachment_added", _l("Attachment added to a ticket"))
def add_attachment(actor: Actor, ticket: Ticket, filename: str, data: bytes) -> Attachment:
    """Keep a photo (JPEG, PNG) or a PDF, judged by its content rather than its name."""
    policy.require(policy.can_note(actor, ticket))
    return _attach(actor, ticket, filename, data)


def _attach(actor: Actor, ticket: Ticket, filename: str, data: bytes) -> Attachment:
    name, content_type = files.checked(
        filename,
        data,
        field="file",
        max_mb=_settings().attachment_max_mb,
        name_limit=limits.ATTACHMENT_NAME_MAX,
        default_name="attachment",
        wrong_type=_("Only JPEG or PNG photos and PDF documents can be attached."),
    )
    attachment = Attachment(
        ticket_id=ticket.id,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by_id=actor_id(actor),
    )
    db.session.add(attachment)
    db.session.flush()
    history(ticket, actor, "attachment", attachment_id=attachment.id, filename=name)
    return attachment


@operation("ticket.linked", _l("Tickets linked"))
def link(actor: Actor, ticket: Ticket, other: Ticket) -> None:
    """Mark two tickets as related (both show the link)."""
    policy.require(policy.can_note(actor, ticket) and policy.can_see(actor, other))
    if ticket.id == other.id:
        raise UserError("own_link", _("A ticket cannot be related to itself."), "related")
    if queries.are_linked(ticket, other):
        return
    low, high = sorted((ticket.id, other.id))
    db.session.execute(ticket_links.insert().values(ticket_id=low, related_id=high))
    history(ticket, actor, "linked", related=other.number)
    history(other, actor, "linked", related=ticket.number)


@operation("ticket.consent_changed", _l("Resident's consent changed"))
def set_consent(actor: Actor, ticket: Ticket, *, sms: bool | None = None, email: bool | None = None) -> None:
    """The resident gives or withdraws consent to SMS or e-mail updates about this ticket (the change is recorded
    in its history)."""
    policy.require(actor.is_system or policy.can_work(actor, ticket))
    changes: dict[str, list[Any]] = {}
    if sms is not None and sms != ticket.consent_sms:
        if sms and not ticket.resident_phone:
            raise _consent_without_phone()
        changes["consent_sms"] = [ticket.consent_sms, sms]
        ticket.consent_sms = sms
    if email is not None and email != ticket.consent_email:
        if email and not ticket.resident_email:
            raise _consent_without_email()
        changes["consent_email"] = [ticket.consent_email, email]
        ticket.consent_email = email
    if changes:
        db.session.flush()
        history(ticket, actor, "consent_changed", changes)


@operation("ticket.sms_consent_withdrawn", _l("SMS consent withdrawn"))
def withdraw_sms_consent(actor: Actor, phone: str) -> int:
    """A resident asked for no more SMS (STOP): every ticket opened with that number stops sending them; returns
    how many did."""
    withdrawn = queries.opened_with_phone(phone, consent_sms=True)
    for ticket in withdrawn:
        set_consent(actor, ticket, sms=False)
    return len(withdrawn)


@operation("ticket.sla_breached", _l("Ticket deadline missed"))
def mark_overdue(now: Any = None) -> list[Ticket]:
    """Open tickets past their resolution deadline (and not waiting for the resident) are marked breached, once, and
    the supervisors told."""
    now = now or utcnow()
    overdue = queries.newly_overdue(now, OVERDUE_BATCH)
    if not overdue:
        return []
    # A bulk UPDATE, not the ORM: a background flag must not bump the version and void a form someone has open.
    db.session.execute(
        update(Ticket)
        .where(Ticket.id.in_([ticket.id for ticket in overdue]))
        .values(breached_at=now)
        .execution_options(synchronize_session=False)
    )
    for ticket in overdue:
        history(ticket, SYSTEM, "sla_breached", due=ticket.resolution_due)
    numbers = ", ".join(ticket.number for ticket in overdue[:10]) + ("…" if len(overdue) > 10 else "")
    with force_locale(current_app.config["CCT"].default_locale):
        message = _(
            "%(count)d ticket(s) went past the resolution deadline: %(numbers)s.", count=len(overdue), numbers=numbers
        )
    notify(Role.SUPERVISOR, "sla_breached", message, path_for("tickets.dashboard"))
    return overdue


# -- what the history and the residents hear of a change -------------------------------------------------------------


def record_history(
    sender: Any, *, actor: Any, kind: str, changes: dict[str, Any], detail: dict[str, Any], **_: Any
) -> None:
    """The `history_event` subscriber: a ticket's change becomes a row of its timeline, in the same transaction; so
    does another domain's event that names the ticket it happened on (cct.signals.ON_TICKET)."""
    ticket_id = sender.id if isinstance(sender, Ticket) else detail.get(ON_TICKET)
    if not isinstance(ticket_id, int) or isinstance(ticket_id, bool):
        return
    db.session.add(
        TicketEvent(
            ticket_id=ticket_id,
            at=utcnow(),
            actor_id=actor_id(actor),
            kind=kind,
            changes={key: plain(value) for key, value in changes.items()},
            # a resident without an account is no user: the timeline names them from this
            detail={key: plain(value) for key, value in detail.items()}
            | ({"by": "resident"} if actor is RESIDENT else {}),
        )
    )


MAIL_SUBJECTS = {
    notices.OPENED: lambda number, other: _("Your report %(number)s was received", number=number),
    notices.RESOLVED: lambda number, other: _("Your report %(number)s is resolved", number=number),
    notices.MERGED: lambda number, other: _(
        "Your report %(number)s was joined with report %(other)s", number=number, other=other
    ),
}


def mail_update(sender: Any, *, kind: str, changes: dict[str, Any], **_: Any) -> None:
    """The `history_event` subscriber for e-mail: the update a change owes a resident who agreed to e-mail is
    queued (cct.mail sends it through the jobs table, once per reason)."""
    if not isinstance(sender, Ticket) or not (sender.consent_email and sender.resident_email):
        return
    if not mail.settings().enabled:
        return
    owed = notices.owed_update(kind, changes, sender.number, sender.resolved_at)
    if owed is None:
        return
    update_kind, purpose = owed
    fields = queries.resident_update(sender)
    with force_locale("pl"):
        subject = MAIL_SUBJECTS[update_kind](sender.number, fields["surviving"])
        body = render_template(f"tickets/mail/{update_kind}.txt", ticket=sender, **fields)
    mail.queue(sender.resident_email, subject, body, purpose)


# -- answer templates ------------------------------------------------------------------------------------------------


@operation("ticket_template.saved", _l("Answer template saved"))
def save_reply_template(
    actor: Actor, template: ReplyTemplate | None, unit_code: str | None, title: str, body: str
) -> ReplyTemplate:
    """Create or change an answer template; its placeholders must be ones tickets.placeholders knows."""
    unit = units.require_unit(unit_code) if unit_code else None
    unit_id = unit.id if unit else None
    policy.require(policy.can_keep_templates(actor, unit_id), _("You may not keep this unit's answer templates."))
    if template is not None:
        policy.require(policy.can_keep_templates(actor, template.unit_id))
    clean_title = _text(title, "title", limits.TEMPLATE_TITLE_MAX, required=True) or ""
    clean_body = _text(body, "body", limits.COMMENT_MAX, required=True) or ""
    wrong = placeholders.unknown(clean_body)
    if wrong is None:
        raise UserError("bad_braces", _("A brace without its pair: write {{ and }} for a brace itself."), "body")
    if wrong:
        raise UserError(
            "unknown_placeholder",
            _(
                "Unknown placeholders: %(wrong)s. Known: %(known)s.",
                wrong=", ".join("{" + name + "}" for name in wrong),
                known=", ".join("{" + name + "}" for name in placeholders.NAMES),
            ),
            "body",
        )
    before = {"title": template.title, "body": template.body, "unit": template.unit_id} if template else {}
    if template is None:
        template = ReplyTemplate()
        db.session.add(template)
    template.unit_id, template.title, template.body, template.updated_at = unit_id, clean_title, clean_body, utcnow()
    db.session.flush()
    after = {"title": template.title, "body": template.body, "unit": template.unit_id}
    audit(template, actor, {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value})
    return template


@operation("ticket_template.archived", _l("Answer template archived"))
def archive_reply_template(actor: Actor, template: ReplyTemplate) -> None:
    """A template no longer offered (kept for the audit log's sake)."""
    policy.require(policy.can_keep_templates(actor, template.unit_id))
    template.active = False
    db.session.flush()
    audit(template, actor, {"active": [True, False]}, title=template.title)
