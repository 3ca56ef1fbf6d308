"""What changes tickets: one function per user action. Validate → mutate → flush → signal; the caller commits.

Every change reaches the ticket's history through `history_event` (tickets.history writes the rows).
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import bindparam, insert, inspect, select
from sqlalchemy.orm import make_transient_to_detached

from cct import contacts, db
from cct.auth.models import User
from cct.auth.roles import Role
from cct.config import Settings
from cct.db import utcnow
from cct.errors import Conflict, NotFound, UserError
from cct.org.models import Unit
from cct.signals import history_event
from tickets import catalog as tickets_catalog
from tickets import duplicates, history, routing, sla
from tickets.models import (
    Attachment,
    Category,
    Ticket,
    TicketComment,
    TicketCounter,
    TicketTag,
    ticket_links,
)
from tickets.states import OPEN, STATE_LABELS, Channel, Priority, StatutoryKind, TicketState, can_transition

MAX_SUBJECT = 200
MAX_TEXT = 20_000
ALLOWED_ATTACHMENTS = {"JPEG": "image/jpeg", "PNG": "image/png"}


CALL_SID = re.compile(r"^CA[0-9a-fA-F]{32}$")  # Twilio's call identifiers


def _settings() -> Settings:
    return current_app.config["CCT"]


@lru_cache(maxsize=8)
def _calendar(timezone: str, weekly: tuple[str, ...]) -> sla.OfficeCalendar:
    return sla.OfficeCalendar.from_settings(timezone, weekly)


def office_calendar() -> sla.OfficeCalendar:
    settings = _settings()
    return _calendar(settings.timezone, settings.tickets.office_hours.by_weekday())


def _emit(ticket: Ticket, actor: User | None, kind: str, changes: dict[str, Any] | None = None, **detail: Any) -> None:
    history_event.send(ticket, actor=actor, kind=kind, changes=changes or {}, detail=detail)


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


# -- lookups -----------------------------------------------------------------------------------------------------


def get_ticket(number: str) -> Ticket:
    """A ticket by its number, "2026/000123" (leading zeros optional)."""
    year_text, _sep, seq_text = number.strip().partition("/")
    if not (year_text.isdigit() and seq_text.isdigit()):
        raise NotFound("ticket_not_found", _("No ticket with the number %(number)s.", number=number), "number")
    ticket = db.session.scalar(select(Ticket).where(Ticket.year == int(year_text), Ticket.seq == int(seq_text)))
    if ticket is None:
        raise NotFound("ticket_not_found", _("No ticket with the number %(number)s.", number=number), "number")
    return ticket


def get_category(code: str, catalog: tickets_catalog.Catalog | None = None) -> Category:
    """An active category by its code, from the catalog (tickets.catalog): no query of its own."""
    catalog = catalog or tickets_catalog.current()
    category_id = catalog.category_ids.get(code)
    if category_id is None or not catalog.categories[category_id]["active"]:
        raise UserError("unknown_category", _("Unknown category: %(code)s.", code=code), "category")
    return tickets_catalog.attach(Category, catalog.categories[category_id])


def _unit(code: str, field_name: str = "unit") -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code.strip().upper(), Unit.active.is_(True)))
    if unit is None:
        raise UserError("unknown_unit", _("Unknown unit: %(codes)s.", codes=code), field_name)
    return unit


# -- numbering ---------------------------------------------------------------------------------------------------


_NEXT_NUMBER: dict[str, Any] = {}  # the year's counter upsert, built once for each database dialect


def _next_number(dialect: str) -> Any:
    statement = _NEXT_NUMBER.get(dialect)
    if statement is None:
        counters = TicketCounter.__table__
        statement = _NEXT_NUMBER[dialect] = (
            db.insert(counters, dialect)
            .values(year=bindparam("year"), last_number=1)
            .on_conflict_do_update(index_elements=["year"], set_={"last_number": counters.c.last_number + 1})
            .returning(counters.c.last_number)
        )
    return statement


def allocate_number(year: int) -> int:
    """The next number of the year, from one atomic upsert: concurrent requests never get the same one.

    The counter's row stays locked until the transaction ends, so the number is taken as late as possible.
    """
    connection = db.session.connection()
    return int(connection.execute(_next_number(connection.dialect.name), {"year": year}).scalar_one())


# -- creating ----------------------------------------------------------------------------------------------------


@dataclass
class TicketInput:
    subject: str
    category: str
    channel: str = Channel.PHONE.value
    description: str = ""
    priority: str | None = None
    resident_name: str | None = None
    resident_phone: str | None = None
    resident_email: str | None = None
    consent_sms: bool = False
    consent_email: bool = False
    address: str | None = None
    district: str | None = None
    lat: float | None = None
    lon: float | None = None
    tags: list[str] = field(default_factory=list)
    statutory_kind: str | None = None
    via_representative: bool = False
    call_sid: str | None = None  # the phone call it was opened during (telephony links the two)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TicketInput:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise UserError("unknown_field", _("Unknown field: %(name)s.", name=unknown[0]), unknown[0])
        if "subject" not in data or "category" not in data:
            missing = "subject" if "subject" not in data else "category"
            raise UserError("required", _("This field is required."), missing)
        for flag in ("consent_sms", "consent_email", "via_representative"):
            if flag in data and not isinstance(data[flag], bool):
                raise UserError("not_boolean", _("%(name)s must be true or false.", name=flag), flag)
        for name in ("lat", "lon"):
            if data.get(name) is not None and (isinstance(data[name], bool) or not isinstance(data[name], int | float)):
                raise UserError("bad_coordinates", _("Latitude and longitude must be numbers."), name)
        if not isinstance(data["category"], str):
            raise UserError("unknown_category", _("Unknown category: %(code)s.", code=data["category"]), "category")
        return cls(**dict(data))


def _text(value: Any, name: str, limit: int, required: bool = False) -> str | None:
    return contacts.clean_text(value, name, limit, required) or None


def _choice(value: Any, allowed: Iterable[str], name: str) -> str:
    if not isinstance(value, str) or value not in set(allowed):
        raise UserError("bad_choice", _("Not on the list: %(value)s.", value=value), name)
    return str(value)


def clean_phone(value: Any) -> str | None:
    return contacts.clean_phone(_text(value, "resident_phone", 40), "resident_phone")


def _email(value: Any) -> str | None:
    return contacts.clean_email(_text(value, "resident_email", 254), "resident_email")


def _call_sid(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not CALL_SID.match(value):
        raise UserError("bad_call_sid", _("Not a call identifier: %(value)s.", value=str(value)[:64]), "call_sid")
    return value


def _coordinates(lat: Any, lon: Any) -> tuple[float | None, float | None]:
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise UserError("coordinates_pair", _("Give both latitude and longitude, or neither."), "lat")
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
    cleaned = sorted({str(value).strip().lower()[:50] for value in values if str(value).strip()})
    if len(cleaned) > 20:
        raise UserError("too_many_tags", _("At most %(n)d tags.", n=20), "tags")
    return cleaned


def _set_deadlines(ticket: Ticket, category: Category) -> None:
    calendar = office_calendar()
    start = ticket.created_at
    ticket.first_response_due = calendar.add(start, timedelta(hours=category.first_response_hours))
    ticket.resolution_due = calendar.add(start, timedelta(hours=category.resolution_hours))
    if ticket.statutory_kind:
        ticket.statutory_due = sla.statutory_deadline(
            start, ticket.statutory_kind, via_representative=ticket.via_representative, timezone=calendar.timezone
        )


PUBLIC_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


def new_public_code() -> str:
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(6))


def create_ticket(actor: User | None, data: TicketInput) -> Ticket:
    """Open a ticket, give it its number and deadlines, and route it to a unit."""
    subject = _text(data.subject, "subject", MAX_SUBJECT, required=True)
    description = _text(data.description, "description", MAX_TEXT) or ""
    catalog = tickets_catalog.current()
    category = get_category(str(data.category or ""), catalog)
    channel = _choice(data.channel, (c.value for c in Channel), "channel")
    priority = _choice(data.priority or category.priority, (p.value for p in Priority), "priority")
    statutory_kind = data.statutory_kind or category.statutory_kind
    if statutory_kind is not None:
        _choice(statutory_kind, (k.value for k in StatutoryKind), "statutory_kind")
    phone, email = clean_phone(data.resident_phone), _email(data.resident_email)
    if data.consent_sms and phone is None:
        raise UserError("consent_without_phone", _("SMS updates need the resident's phone number."), "consent_sms")
    if data.consent_email and email is None:
        raise UserError("consent_without_email", _("E-mail updates need the resident's address."), "consent_email")
    lat, lon = _coordinates(data.lat, data.lon)
    now = utcnow()
    local_year = now.astimezone(ZoneInfo(_settings().timezone)).year
    ticket = Ticket(
        year=local_year,
        subject=subject,
        description=description,
        category=category,
        channel=channel,
        priority=priority,
        state=TicketState.NEW.value,
        resident_name=_text(data.resident_name, "resident_name", 200),
        resident_phone=phone,
        resident_email=email,
        consent_sms=bool(data.consent_sms),
        consent_email=bool(data.consent_email),
        address=_text(data.address, "address", 300),
        district=_text(data.district, "district", 100),
        lat=lat,
        lon=lon,
        statutory_kind=statutory_kind,
        via_representative=bool(data.via_representative),
        created_by_id=actor.id if actor else None,
        created_at=now,
    )
    tags = _tags(data.tags)
    ticket.public_code = new_public_code()
    _set_deadlines(ticket, category)
    unit, routing_detail = _route(ticket, catalog)
    origin = {"call_sid": call_sid} if (call_sid := _call_sid(data.call_sid)) else {}
    ticket.category_id, ticket.unit, ticket.unit_id = category.id, unit, unit.id
    ticket.state = TicketState.ROUTED.value
    if duplicate := _likely_duplicate(ticket):  # flagged for the agent, who merges the two or dismisses the flag
        ticket.suspected_duplicate_of, ticket.suspected_duplicate_of_id = duplicate[0], duplicate[0].id
    _insert_new(ticket, tags)  # takes the number too: as late as possible (allocate_number)
    with history.together():
        _emit(ticket, actor, "created", channel=channel, category=category.code, **origin)
        changes = {"state": [TicketState.NEW.value, ticket.state], "unit": [None, unit.code]}
        _emit(ticket, actor, "routed", changes, **routing_detail)
        if duplicate:
            _emit(ticket, actor, "likely_duplicate", of=duplicate[0].number, distance_m=duplicate[1])
    return ticket


_INSERT_TICKET = insert(Ticket.__table__).returning(Ticket.__table__.c.id)
_INSERT_TAG = insert(TicketTag.__table__)
_NUMBERED_COLUMNS = [column for column in Ticket.__table__.columns if column.key not in ("id", "seq")]
# PostgreSQL: the number and the row in one statement, so the year's counter stays locked one round trip less.
_NUMBERED_CTE = _next_number("postgresql").cte("next_number")
_INSERT_NUMBERED_TICKET = (
    insert(Ticket.__table__)
    .values(
        {
            **{column.key: bindparam(column.key, type_=column.type) for column in _NUMBERED_COLUMNS},
            "seq": select(_NUMBERED_CTE.c.last_number).scalar_subquery(),
        }
    )
    .add_cte(_NUMBERED_CTE)
    .returning(Ticket.__table__.c.id, Ticket.__table__.c.seq)
)


def _insert_new(ticket: Ticket, tags: list[str]) -> None:
    """Number a new ticket, write it with one INSERT and make the object persistent in the session as it stands.

    The ORM's unit of work would do the same for an `add` and a `flush`, at about a third of the whole cost of
    opening a ticket (it works out dependencies, defaults and the version column for one row). Every column is
    given here, so the object needs no reload: what it holds is what the row holds.
    """
    ticket.updated_at = ticket.created_at
    ticket.version = 1
    ticket.open311_attributes = ticket.open311_attributes or {}
    ticket.tag_rows = [TicketTag(tag=tag) for tag in tags]
    values: dict[str, Any] = {}
    state = inspect(ticket)
    for column in _NUMBERED_COLUMNS:
        if column.key not in state.dict:
            if column.default is not None or not column.nullable:
                raise AssertionError(f"_insert_new: {column.key} must be set")  # a new column needs a value here
            state.dict[column.key] = None
        values[column.key] = state.dict[column.key]
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        ticket.id, ticket.seq = connection.execute(_INSERT_NUMBERED_TICKET, values).one()
    else:
        ticket.seq = allocate_number(ticket.year)
        ticket.id = connection.execute(_INSERT_TICKET, {**values, "seq": ticket.seq}).scalar_one()
    if tags:
        connection.execute(_INSERT_TAG, [{"ticket_id": ticket.id, "tag": tag} for tag in tags])
    for tag_row in ticket.tag_rows:
        tag_row.ticket_id = ticket.id
        make_transient_to_detached(tag_row)
    db.attach_inserted(ticket)  # its tag rows come along


def subject_from(description: str, category: Category) -> str:
    """A subject for a resident's report: its first line, cut at a word, or the category's name."""
    text = description.split("\n", 1)[0].strip()
    if not text:
        return category.name
    return text if len(text) <= 80 else text[:80].rsplit(" ", 1)[0] + "…"


# -- likely duplicates -------------------------------------------------------------------------------------------


def _likely_duplicate(ticket: Ticket) -> tuple[Ticket, int | None] | None:
    """The open ticket of the same category near the same place, opened within the window, and how far it is (m).

    Asked before the new ticket is written (and numbered), so the year's counter is not held while it runs.
    """
    settings = _settings().tickets
    if settings.duplicate_window_hours <= 0 or (ticket.lat is None and not duplicates.address_key(ticket.address)):
        return None
    query = select(Ticket.id, Ticket.created_at, Ticket.lat, Ticket.lon, Ticket.address).where(
        Ticket.category_id == ticket.category_id,
        Ticket.state.in_([state.value for state in OPEN]),
        Ticket.created_at >= ticket.created_at - timedelta(hours=settings.duplicate_window_hours),
    )
    if ticket.lat is not None and ticket.lon is not None:
        dlat, dlon = duplicates.degrees_around(ticket.lat, settings.duplicate_radius_m)
        near = Ticket.lat.between(ticket.lat - dlat, ticket.lat + dlat) & Ticket.lon.between(
            ticket.lon - dlon, ticket.lon + dlon
        )
        query = query.where(near | Ticket.address.is_not(None)) if ticket.address else query.where(near)
    else:
        query = query.where(Ticket.address.is_not(None))
    candidates = [duplicates.Place(*row) for row in db.session.execute(query.order_by(Ticket.id.desc()).limit(500))]
    new = duplicates.Place(0, ticket.created_at, ticket.lat, ticket.lon, ticket.address)  # 0: no ticket's id
    found = duplicates.likely_duplicate(new, candidates, settings.duplicate_radius_m)
    if found is None:
        return None
    original = db.session.get(Ticket, found[0].id)
    assert original is not None  # noqa: S101 - found by the query above
    return original, (round(found[1]) if found[1] is not None else None)


def dismiss_likely_duplicate(actor: User | None, ticket: Ticket, expected_version: int | None) -> None:
    """The agent judged the flagged ticket a different matter: the flag goes, the judgement stays in the history."""
    _check_version(ticket, expected_version)
    if ticket.suspected_duplicate_of is None:
        raise Conflict("no_likely_duplicate", _("This ticket is not flagged as a likely duplicate."), "duplicate_of")
    number = ticket.suspected_duplicate_of.number
    ticket.suspected_duplicate_of = None
    db.session.flush()
    _emit(ticket, actor, "not_duplicate", of=number)


# -- routing -----------------------------------------------------------------------------------------------------


def explain_routing(
    category: Category,
    district: str | None,
    address: str | None,
    text: str,
    catalog: tickets_catalog.Catalog | None = None,
) -> tuple[Unit, dict[str, Any]]:
    """The unit that would get a ticket with these facts, and why (also the admins' "try a ticket" tool)."""
    catalog = catalog or tickets_catalog.current()
    chain = catalog.category_chain(category.id)
    facts = routing.Facts(category_ids=tuple(c["id"] for c in chain), district=district, address=address, text=text)
    category_unit = next((c["default_unit_id"] for c in chain if c["default_unit_id"] is not None), None)
    decision = routing.decide(facts, catalog.rules, category_unit)
    if decision.unit_id is None:
        fallback = _settings().tickets.fallback_unit.strip().upper()
        unit_id = catalog.unit_ids.get(fallback)
        if unit_id is None or not catalog.units[unit_id]["active"]:
            raise UserError("unknown_unit", _("Unknown unit: %(codes)s.", codes=fallback), "unit")
    else:
        unit_id = decision.unit_id
    unit = tickets_catalog.attach(Unit, catalog.units[unit_id])  # a foreign key guarantees it is there
    detail: dict[str, Any] = {"how": decision.how, "unit": unit.code, "unit_name": unit.name}
    if decision.rule is not None:
        detail.update(rule_id=decision.rule.id, rule_name=decision.rule.name)
    if decision.how == "category":
        detail["category"] = category.name
    return unit, detail


def _route(ticket: Ticket, catalog: tickets_catalog.Catalog) -> tuple[Unit, dict[str, Any]]:
    text = f"{ticket.subject}\n{ticket.description}"
    return explain_routing(ticket.category, ticket.district, ticket.address, text, catalog)


def reroute(actor: User | None, ticket: Ticket, unit_code: str, reason: str, expected_version: int | None) -> None:
    """Send an open ticket to another unit by hand, with a reason that stays in its history."""
    _check_version(ticket, expected_version)
    if TicketState(ticket.state) not in OPEN:
        raise Conflict("not_open", _("Only an open ticket can be sent to another unit."), "unit")
    reason_text = _text(reason, "reason", 2000, required=True)
    unit = _unit(unit_code)
    if unit.id == ticket.unit_id:
        raise UserError("same_unit", _("The ticket is already with %(unit)s.", unit=unit.code), "unit")
    old_unit = ticket.unit.code if ticket.unit else None
    ticket.unit = unit
    ticket.assignee_id = None
    if ticket.state == TicketState.IN_PROGRESS.value:
        ticket.state = TicketState.ROUTED.value
    db.session.flush()
    _emit(ticket, actor, "rerouted", {"unit": [old_unit, unit.code]}, how="manual", reason=reason_text, unit=unit.code)


# -- working a ticket --------------------------------------------------------------------------------------------


def transition(
    actor: User | None,
    ticket: Ticket,
    target: str,
    *,
    expected_version: int | None,
    reason: str | None = None,
) -> None:
    """Move a ticket to another state, keeping its clocks honest; an illegal move is refused (409)."""
    _check_version(ticket, expected_version)
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
    now = utcnow()
    detail: dict[str, Any] = {}
    if goal == TicketState.REJECTED:
        ticket.rejection_reason = _text(reason, "reason", 2000, required=True)
        detail["reason"] = ticket.rejection_reason
    if current == TicketState.RESOLVED and goal == TicketState.IN_PROGRESS:
        window = timedelta(days=_settings().tickets.reopen_days)
        if ticket.resolved_at is None or now - ticket.resolved_at > window:
            raise Conflict(
                "reopen_window_passed",
                _("This ticket was resolved more than %(days)d days ago; open a new one.", days=window.days),
                "state",
            )
        ticket.resolved_at = None
        detail["reopened"] = True
    if current == TicketState.WAITING:
        paused_for = office_calendar().between(ticket.paused_at or now, now)
        ticket.paused_at = None
        if ticket.resolution_due is not None:
            ticket.resolution_due = office_calendar().add(ticket.resolution_due, paused_for)
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
    _emit(ticket, actor, "state_changed", {"state": [current.value, goal.value]}, **detail)


EDITABLE = ("subject", "description", "priority", "address", "district", "resident_name", "assignee", "tags")


def update_ticket(
    actor: User | None, ticket: Ticket, values: Mapping[str, Any], expected_version: int | None
) -> dict[str, list[Any]]:
    """Change a ticket's details; only what really changed is recorded."""
    _check_version(ticket, expected_version)
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise UserError("not_editable", _("This field cannot be changed here: %(name)s.", name=unknown[0]), unknown[0])
    cleaned: dict[str, Any] = {}
    if "subject" in values:
        cleaned["subject"] = _text(values["subject"], "subject", MAX_SUBJECT, required=True)
    if "description" in values:
        cleaned["description"] = _text(values["description"], "description", MAX_TEXT) or ""
    if "priority" in values:
        cleaned["priority"] = _choice(values["priority"], (p.value for p in Priority), "priority")
    for name, limit in (("address", 300), ("district", 100), ("resident_name", 200)):
        if name in values:
            cleaned[name] = _text(values[name], name, limit)
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
        _emit(ticket, actor, "updated", changes)
    return changes


def _assignee(login: Any, ticket: Ticket) -> User | None:
    if login in (None, ""):
        return None
    user = db.session.scalar(select(User).where(User.login == str(login).strip().lower(), User.active.is_(True)))
    if user is None:
        raise UserError("unknown_user", _("No user with the login %(login)s.", login=login), "assignee")
    if Role.UNIT_STAFF in user.roles and ticket.unit_id not in {unit.id for unit in user.units}:
        raise UserError("not_in_unit", _("%(login)s does not work in the ticket's unit.", login=user.login), "assignee")
    return user


def add_comment(actor: User | None, ticket: Ticket, body: str, *, public: bool) -> TicketComment:
    """A public reply to the resident, or an internal note; the first public reply counts as the first response."""
    text = _text(body, "body", MAX_TEXT, required=True)
    comment = TicketComment(ticket_id=ticket.id, author_id=actor.id if actor else None, body=text, public=public)
    db.session.add(comment)
    if public and ticket.first_response_at is None:
        ticket.first_response_at = utcnow()
    db.session.flush()
    _emit(ticket, actor, "reply" if public else "note", comment_id=comment.id)
    return comment


def mark_duplicate(actor: User | None, ticket: Ticket, original: Ticket, expected_version: int | None) -> None:
    """Close a ticket as a duplicate of another; its tags and links move to the one that stays."""
    if original.id == ticket.id:
        raise UserError("own_duplicate", _("A ticket cannot duplicate itself."), "duplicate_of")
    if original.state == TicketState.REJECTED.value:
        raise UserError(
            "duplicate_of_rejected", _("Ticket %(number)s is rejected itself.", number=original.number), "duplicate_of"
        )
    transition(
        actor,
        ticket,
        TicketState.REJECTED.value,
        expected_version=expected_version,
        reason=_("Duplicate of %(number)s.", number=original.number),
    )
    ticket.duplicate_of = original
    ticket.suspected_duplicate_of = None
    merged = sorted(set(original.tags) | set(ticket.tags))
    if merged != original.tags:
        original.tag_rows = [TicketTag(tag=tag) for tag in merged]
    db.session.flush()
    _emit(original, actor, "merged", duplicate=ticket.number)
    # its resident is told the number that goes on (telephony texts them; the status page shows it)
    _emit(ticket, actor, "merged_into", into=original.number)


def extend_public_info_deadline(actor: User | None, ticket: Ticket, reason: str, expected_version: int | None) -> None:
    """UDIP art. 13(2): the two-month deadline applies only once the requester has been told why."""
    _check_version(ticket, expected_version)
    if ticket.statutory_kind != StatutoryKind.PUBLIC_INFO.value:
        raise UserError("not_public_info", _("Only a public-information request can be extended."), "statutory_kind")
    if ticket.extension_notice_at is not None:
        raise Conflict("already_extended", _("The deadline has already been extended."), "statutory_kind")
    ticket.extension_reason = _text(reason, "reason", 2000, required=True)
    ticket.extension_notice_at = utcnow()
    old_due = ticket.statutory_due
    ticket.statutory_due = sla.extended_public_info_deadline(ticket.created_at, office_calendar().timezone)
    db.session.flush()
    _emit(ticket, actor, "deadline_extended", {"statutory_due": [old_due, ticket.statutory_due]}, reason=reason)


def add_attachment(actor: User | None, ticket: Ticket, filename: str, data: bytes) -> Attachment:
    """Keep a photo (JPEG, PNG) or a PDF, judged by its content rather than its name."""
    limit = int(_settings().tickets.attachment_max_mb * 1024 * 1024)
    if not data:
        raise UserError("empty_file", _("The file is empty."), "file")
    if len(data) > limit:
        raise UserError(
            "file_too_large",
            _("The file is too large (at most %(mb)s MB).", mb=f"{_settings().tickets.attachment_max_mb:g}"),
            "file",
        )
    content_type = _sniff(data)
    if content_type is None:
        raise UserError("bad_file_type", _("Only JPEG or PNG photos and PDF documents can be attached."), "file")
    name = (filename or "attachment").replace("\\", "/").rsplit("/", 1)[-1][:200] or "attachment"
    attachment = Attachment(
        ticket_id=ticket.id,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by_id=actor.id if actor else None,
    )
    db.session.add(attachment)
    db.session.flush()
    _emit(ticket, actor, "attachment", attachment_id=attachment.id, filename=name)
    return attachment


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return ALLOWED_ATTACHMENTS.get(kind or "")


def link(actor: User | None, ticket: Ticket, other: Ticket) -> None:
    """Mark two tickets as related (both show the link)."""
    if ticket.id == other.id:
        raise UserError("own_link", _("A ticket cannot be related to itself."), "related")
    low, high = sorted((ticket.id, other.id))
    exists = db.session.execute(
        select(ticket_links).where(ticket_links.c.ticket_id == low, ticket_links.c.related_id == high)
    ).first()
    if exists:
        return
    db.session.execute(ticket_links.insert().values(ticket_id=low, related_id=high))
    _emit(ticket, actor, "linked", related=other.number)
    _emit(other, actor, "linked", related=ticket.number)


def related(ticket: Ticket) -> list[Ticket]:
    ids = db.session.execute(
        select(ticket_links.c.related_id)
        .where(ticket_links.c.ticket_id == ticket.id)
        .union(select(ticket_links.c.ticket_id).where(ticket_links.c.related_id == ticket.id))
    ).scalars()
    wanted = list(ids)
    if not wanted:
        return []
    return list(db.session.scalars(select(Ticket).where(Ticket.id.in_(wanted)).order_by(Ticket.id)))


def sla_flags(ticket: Ticket, now: datetime | None = None) -> str | None:
    """ "breached", "near" or None, from the resolution deadline and how much of the SLA time has passed."""
    if TicketState(ticket.state) not in OPEN or ticket.resolution_due is None:
        return None
    now = now or utcnow()
    moment = ticket.paused_at or now
    if moment >= ticket.resolution_due:
        return "breached"
    total = office_calendar().between(ticket.created_at, ticket.resolution_due)
    passed = office_calendar().between(ticket.created_at, moment)
    if total and passed / total >= _settings().tickets.near_breach_ratio:
        return "near"
    return None
