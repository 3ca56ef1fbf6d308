"""Reading tickets: lookups by number and code, the queues, the supervisors' view, what residents and other domains
may know of a ticket. Who sees what is tickets.policy's; nothing here writes."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import current_app
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import Select, and_, func, or_, select, tuple_

from cct import db
from cct.auth import queries as accounts
from cct.db import utcnow
from cct.identifiers import TICKET_NUMBER_TYPED_MAX
from cct.office_calendar import local_today, office_calendar
from cct.org.models import Unit
from cct.phones import to_e164
from cct.web import path_for, residents_url
from tickets import duplicates, notices, picker, policy, sla, tallies
from tickets.models import OPEN_SQL, Attachment, Category, ReplyTemplate, Ticket, TicketComment, ticket_links
from tickets.numbers import TicketNumber
from tickets.states import OPEN_VALUES, PUBLIC_CHANNELS, STATE_LABELS, TicketState

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# -- one ticket ----------------------------------------------------------------------------------------------------


def find(number: TicketNumber | str | None) -> Ticket | None:
    """A ticket by its number (in any form TicketNumber reads); a number that cannot exist matches nothing."""
    parsed = number if isinstance(number, TicketNumber) else TicketNumber.parse(number)
    if parsed is None:
        return None
    return db.session.scalar(select(Ticket).where(Ticket.year == parsed.year, Ticket.seq == parsed.seq))


def find_typed(text: str | None, user: Any = None) -> list[Ticket]:
    """The tickets a typed number may mean, in any form people type it ("2026/9", "9", "000009"), newest first;
    only those `user` may see when a user is given."""
    numbers = TicketNumber.candidates(text, local_today().year)
    if not numbers:
        return []
    statement = select(Ticket).where(tuple_(Ticket.year, Ticket.seq).in_([(n.year, n.seq) for n in numbers]))
    if user is not None:
        statement = statement.where(policy.visible_to(user))
    return list(db.session.scalars(statement.order_by(Ticket.year.desc())))


def by_number_and_code(number: str, code: str) -> Ticket | None:
    """The ticket with this number whose code matches (letters in any case, spaces ignored)."""
    given = code.strip().replace(" ", "").upper()
    if not given:
        return None
    # the number in any form people type it ("9" is this year's or last year's): the code tells which is theirs
    matching = [
        ticket for ticket in find_typed(number) if ticket.public_code and hmac.compare_digest(ticket.public_code, given)
    ]
    return matching[0] if matching else None


def for_its_resident(number: str, phone: str | None, code: str | None) -> Ticket | None:
    """The ticket with this number, told only to whom it belongs: the one who gives its code, or (an SMS) the phone
    it was opened with. Anyone else learns nothing, not even that the number exists (issue 18, defect 9)."""
    if code:
        return by_number_and_code(number, code)
    ticket = find(number)
    if ticket is None or not phone or not ticket.resident_phone:
        return None
    return ticket if hmac.compare_digest(ticket.resident_phone, phone) else None


def shown_number(text: str) -> str:
    """A number as typed, written as tickets' numbers are ("2026/1" → "2026/000001"), or the text itself."""
    number = TicketNumber.parse(text)
    return str(number) if number else text[:TICKET_NUMBER_TYPED_MAX]


def find_by_parts(year: int, seq: int) -> Ticket | None:
    """A ticket by the parts of its number in an address (/tickets/2026/123)."""
    return find(TicketNumber.parse(f"{year}/{seq}"))


def visible(user: Any, number: TicketNumber | str | None) -> Ticket | None:
    """The ticket if `user` may see it; another unit's ticket is not even confirmed to exist."""
    ticket = find(number)
    return ticket if ticket is not None and policy.can_see(user, ticket) else None


def visible_id(number: str, user: Any) -> int | None:
    """The id of the ticket with this number when `user` may see it (the slot "ticket.resolve" other domains ask)."""
    ticket = visible(user, number)
    return ticket.id if ticket is not None else None


def is_ticket(value: Any) -> bool:
    """Whether a signal's sender is a ticket (other domains listen to the same signals)."""
    return isinstance(value, Ticket)


def owed_update(ticket: Ticket, kind: str, changes: dict[str, Any]) -> tuple[str, str] | None:
    """The update a change to the ticket owes its resident, and its purpose key (tickets.notices)."""
    return notices.owed_update(kind, changes, ticket.number, ticket.resolved_at)


def by_id(ticket_id: int) -> Ticket | None:
    return db.session.get(Ticket, ticket_id)


def attachment(attachment_id: int) -> Attachment | None:
    """A file kept on a ticket (whoever asks must be allowed to see the ticket: policy.can_see)."""
    return db.session.get(Attachment, attachment_id)


@dataclass(frozen=True)
class Summary:
    """What another domain's page shows of a ticket: its number (and the parts of its address) and subject."""

    id: int
    number: str
    year: int
    seq: int
    subject: str
    state: str


def summaries(ticket_ids: list[int]) -> dict[int, Summary]:
    if not ticket_ids:
        return {}
    rows = db.session.execute(
        select(Ticket.id, Ticket.year, Ticket.seq, Ticket.subject, Ticket.state).where(Ticket.id.in_(ticket_ids))
    )
    return {
        row.id: Summary(row.id, str(TicketNumber(row.year, row.seq)), row.year, row.seq, row.subject, row.state)
        for row in rows
    }


def state_label(ticket: Ticket) -> str:
    """The ticket's state as residents read it (in Polish)."""
    with force_locale("pl"):
        return str(STATE_LABELS[TicketState(ticket.state)])


def sla_flag(ticket: Ticket, now: datetime | None = None) -> str | None:
    """ "breached", "near" or None for an open ticket (tickets.sla)."""
    if not ticket.is_open:
        return None
    return sla.flag(
        created_at=ticket.created_at,
        resolution_due=ticket.resolution_due,
        paused_at=ticket.paused_at,
        now=now or utcnow(),
        calendar=office_calendar(),
        near_ratio=current_app.config["CCT"].tickets.near_breach_ratio,
    )


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


def are_linked(ticket: Ticket, other: Ticket) -> bool:
    low, high = sorted((ticket.id, other.id))
    found = db.session.execute(
        select(ticket_links).where(ticket_links.c.ticket_id == low, ticket_links.c.related_id == high)
    ).first()
    return found is not None


def assignable_logins() -> list[str] | None:
    """The logins tickets may be given to (for the API's document; staff only: None for a reader without a token)."""
    if not current_user.is_authenticated:
        return None
    return [user.login for user in assignable_users()]


def assignable_users() -> list[Any]:
    """Everybody tickets may be given to (the queue's bulk action; each ticket still checks its own unit)."""
    return [user for user in accounts.active_users() if user.has_permission("tickets.work")]


def visible_by_ids(user: Any, ids: list[int]) -> list[Ticket]:
    """The tickets with these ids that `user` may see, in the order given."""
    found = {t.id: t for t in db.session.scalars(visible_tickets(user).where(Ticket.id.in_(ids)))}
    return [found[ticket_id] for ticket_id in ids if ticket_id in found]


def eligible_assignees(ticket: Ticket) -> list[Any]:
    """The people the ticket may be given to (tickets.policy.can_be_assigned), by name."""
    return [user for user in accounts.active_users() if policy.can_be_assigned(user, ticket)]


# -- categories ----------------------------------------------------------------------------------------------------


def active_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.active.is_(True)).order_by(Category.code)))


def all_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.code)))


def category_by_code(code: str, *, active_only: bool = True) -> Category | None:
    if not isinstance(code, str) or not code:
        return None
    statement = select(Category).where(Category.code == code)
    if active_only:
        statement = statement.where(Category.active.is_(True))
    return db.session.scalar(statement)


def categories_by_id(category_ids: list[int]) -> list[Category]:
    if not category_ids:
        return []
    return list(db.session.scalars(select(Category).where(Category.id.in_(category_ids))))


def has_subcategories(category: Category) -> bool:
    return db.session.scalar(select(Category.id).where(Category.parent_id == category.id).limit(1)) is not None


def categories_in_tree() -> list[Category]:
    """Every category, active or not, each parent followed by its children, by name (the administrators' list)."""
    found = list(db.session.scalars(select(Category)))

    def place(category: Category) -> tuple[str, bool, str]:
        top = category.parent or category
        return (top.name.casefold(), category.parent is not None, category.name.casefold())

    return sorted(found, key=place)


def category_choices() -> list[picker.Choice]:
    """The active categories as the picker knows them (code, name, parent's name, keywords)."""
    return [
        picker.Choice(
            category.code, category.name, category.parent.name if category.parent else None, category.keywords
        )
        for category in active_categories()
    ]


def typed_category(text: str) -> tuple[Category | None, list[picker.Choice]]:
    """The category an agent typed (exactly, or the only one a few letters can mean), else the nearest ones."""
    choices = category_choices()
    named = picker.resolve(text, choices)
    nearest = picker.matches(text, choices) if named is None else []
    if named is None and len(nearest) == 1:
        named = nearest[0]
    return (category_by_code(named.code) if named else None), nearest


def category_chain(category: Category) -> list[Category]:
    """The category, then its parent, and so on up to the root."""
    chain: list[Category] = []
    node: Category | None = category
    while node is not None and node not in chain:
        chain.append(node)
        node = node.parent
    return chain


# The categories residents report in, on the web form and through Open311: matters of public space (ID cards or
# taxes are not reported from the street)
PUBLIC_CATEGORY = and_(Category.active.is_(True), Category.public_reports.is_(True))


def public_categories() -> list[Category]:
    """The categories residents report in, by name within their group."""
    rows = db.session.scalars(select(Category).where(PUBLIC_CATEGORY).order_by(Category.code))
    return sorted(rows, key=lambda c: (c.parent.name if c.parent else c.name, c.parent is not None, c.name))


def public_category(code: str) -> Category | None:
    if not isinstance(code, str) or not code:
        return None
    return db.session.scalar(select(Category).where(Category.code == code, PUBLIC_CATEGORY))


# -- the queues ----------------------------------------------------------------------------------------------------


def visible_tickets(user: Any) -> Select[tuple[Ticket]]:
    return select(Ticket).where(policy.visible_to(user))


@dataclass(frozen=True)
class QueueFilter:
    states: tuple[str, ...] = OPEN_VALUES
    unit_id: int | None = None
    category_id: int | None = None
    phone: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    unit_ids: tuple[int, ...] | None = None  # "my units"
    due_from: datetime | None = None  # resolution deadline in [due_from, due_before)
    due_before: datetime | None = None
    text: str = ""  # the staff search: a number in any form, a phone, a name, a street, words of the matter
    channel: str | None = None
    created_from: datetime | None = None


def matching(text: str) -> Any:
    """The staff search's condition: the ticket whose number the text may be ("9", "2026/9") or the resident's phone
    (in any form people say it); any other text, in the name, the address, the subject or the description."""
    text = text.strip()
    numbers = TicketNumber.candidates(text, local_today().year)
    conditions = []
    if numbers:
        conditions.append(tuple_(Ticket.year, Ticket.seq).in_([(n.year, n.seq) for n in numbers]))
    phone = to_e164(text)
    if phone:
        conditions.append(Ticket.resident_phone == phone)
    if conditions:
        # a number or a phone is looked up by its index; OR-ed with the words' scan it would scan every ticket
        return or_(*conditions)
    like = f"%{text.replace('%', '').replace('_', '')}%"
    conditions.append(
        or_(
            Ticket.subject.ilike(like),
            Ticket.resident_name.ilike(like),
            Ticket.address.ilike(like),
            Ticket.description.ilike(like),
        )
    )
    return or_(*conditions)


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the (due, id) of the last row shown; pages never skip or repeat under inserts."""

    due: datetime
    id: int

    def encode(self) -> str:
        """URL-safe as it is: microseconds since the epoch, "~", the id."""
        return f"{(self.due - EPOCH) // timedelta(microseconds=1)}~{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        """The cursor in `text`, or None when it is not one. A position beyond any date a ticket can have stands for
        the first or the last possible one (its page is then simply everything, or nothing)."""
        due_text, _sep, id_text = text.partition("~")
        if not id_text.isdigit() or not due_text.lstrip("-").isdigit() or len(text) > 40:
            return None
        microseconds = int(due_text)
        try:
            due = EPOCH + timedelta(microseconds=microseconds)
        except OverflowError:
            due = datetime.max.replace(tzinfo=UTC) if microseconds > 0 else datetime.min.replace(tzinfo=UTC)
        return cls(due, int(id_text))

    @classmethod
    def after(cls, ticket: Ticket) -> Cursor:
        return cls(ticket.resolution_due, ticket.id)


def _narrowed(
    statement: Select[tuple[Ticket]],
    *,
    states: tuple[str, ...] | None,
    unit_id: int | None,
    category_id: int | None,
    created_from: datetime | None,
    created_to: datetime | None,
    text: str,
) -> Select[tuple[Ticket]]:
    """The filters the queues and the dashboard share, each written one way (None or "": any)."""
    if states is not None and set(states) == set(OPEN_VALUES):
        # written out, not bound: only then can the planner use the partial "open" indexes
        statement = statement.where(OPEN_SQL)
    elif states is not None:
        statement = statement.where(Ticket.state.in_(states))
    if unit_id is not None:
        statement = statement.where(Ticket.unit_id == unit_id)
    if category_id is not None:
        statement = statement.where(Ticket.category_id == category_id)
    if created_from is not None:
        statement = statement.where(Ticket.created_at >= created_from)
    if created_to is not None:
        statement = statement.where(Ticket.created_at < created_to)
    if text.strip():
        statement = statement.where(matching(text))
    return statement


def queue(user: Any, filters: QueueFilter, after: Cursor | None = None, limit: int = 50) -> list[Ticket]:
    """Tickets by resolution deadline, soonest first, then by id (the order the queue indexes keep)."""
    statement = _narrowed(
        visible_tickets(user),
        states=filters.states,
        unit_id=filters.unit_id,
        category_id=filters.category_id,
        created_from=filters.created_from,
        created_to=None,
        text=filters.text,
    )
    if filters.phone:
        statement = statement.where(Ticket.resident_phone == filters.phone)
    if filters.assignee_id is not None:
        statement = statement.where(Ticket.assignee_id == filters.assignee_id)
    if filters.unassigned:
        statement = statement.where(Ticket.assignee_id.is_(None))
    if filters.unit_ids is not None:
        statement = statement.where(Ticket.unit_id.in_(filters.unit_ids))
    if filters.due_from is not None:
        statement = statement.where(Ticket.resolution_due >= filters.due_from)
    if filters.due_before is not None:
        statement = statement.where(Ticket.resolution_due < filters.due_before)
    if filters.channel is not None:
        statement = statement.where(Ticket.channel == filters.channel)
    if after is not None:
        statement = statement.where(tuple_(Ticket.resolution_due, Ticket.id) > tuple_(after.due, after.id))
    statement = statement.order_by(Ticket.resolution_due, Ticket.id).limit(limit)
    return list(db.session.scalars(statement))


@dataclass(frozen=True)
class UnitLoad:
    unit_id: int
    code: str
    name: str
    overdue: int
    at_risk: int


def opened_by_channel(user: Any, since: datetime) -> list[tuple[str, int]]:
    """Tickets opened since `since` (the supervisors' board: today's), per channel, most first."""
    inner = visible_tickets(user).where(Ticket.created_at >= since).with_only_columns(Ticket.channel).subquery()
    rows = db.session.execute(
        select(inner.c.channel, func.count()).group_by(inner.c.channel).order_by(func.count().desc())
    )
    return [(channel, int(number)) for channel, number in rows]


def unit_load(user: Any, now: datetime, soon: datetime) -> list[UnitLoad]:
    """Open tickets past their deadline, and those whose deadline falls before `soon`, per unit (the board)."""
    overdue = func.count().filter(Ticket.resolution_due < now)
    at_risk = func.count().filter(Ticket.resolution_due >= now, Ticket.resolution_due < soon)
    statement = (
        select(Unit.id, Unit.code, Unit.name, overdue, at_risk)
        .join(Ticket, Ticket.unit_id == Unit.id)
        .where(OPEN_SQL, policy.visible_to(user), Ticket.resolution_due < soon)
        .group_by(Unit.id, Unit.code, Unit.name)
        .order_by(overdue.desc(), at_risk.desc(), Unit.code)
    )
    return [UnitLoad(*row) for row in db.session.execute(statement)]


def reply_templates_for(ticket: Ticket) -> list[ReplyTemplate]:
    """The answer templates offered on a ticket: the shared ones and its unit's, by title."""
    statement = select(ReplyTemplate).where(
        ReplyTemplate.active.is_(True),
        or_(ReplyTemplate.unit_id.is_(None), ReplyTemplate.unit_id == ticket.unit_id),
    )
    return list(db.session.scalars(statement.order_by(ReplyTemplate.title, ReplyTemplate.id)))


def kept_templates(user: Any) -> list[ReplyTemplate]:
    """The active templates `user` may change, by unit and title (the templates' page)."""
    statement = select(ReplyTemplate).where(ReplyTemplate.active.is_(True))
    if not user.has_permission("tickets.templates_all"):
        statement = statement.where(ReplyTemplate.unit_id.in_(user.unit_ids or [-1]))
    rows = db.session.scalars(statement.order_by(ReplyTemplate.unit_id.is_not(None), ReplyTemplate.title))
    return list(rows)


def reply_template(template_id: int) -> ReplyTemplate | None:
    return db.session.get(ReplyTemplate, template_id)


def earlier_tickets(phone: str, limit: int = 10) -> list[Ticket]:
    """A caller's previous tickets, newest first (for the agent while the caller is on the line)."""
    return list(
        db.session.scalars(
            select(Ticket).where(Ticket.resident_phone == phone).order_by(Ticket.created_at.desc()).limit(limit)
        )
    )


def all_states() -> list[str]:
    return [state.value for state in TicketState]


def opened_by(phone: str | None, email: str | None) -> Any:
    """Tickets opened with this phone number (E.164) or this e-mail address (in any case): whose they are."""
    if phone:
        return Ticket.resident_phone == phone
    return func.lower(Ticket.resident_email) == (email or "").lower()


def opened_with_phone(phone: str, *, consent_sms: bool | None = None) -> list[Ticket]:
    """Tickets opened with this phone number, open or closed (those with SMS consent given or not, when asked)."""
    statement = select(Ticket).where(Ticket.resident_phone == phone)
    if consent_sms is not None:
        statement = statement.where(Ticket.consent_sms.is_(consent_sms))
    return list(db.session.scalars(statement.order_by(Ticket.id)))


# -- the supervisor's view ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """Filters of the dashboard and its exports; empty means "any"."""

    text: str = ""
    state: str = "open"  # "open", "all" or one state
    unit_id: int | None = None
    category_id: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


def _states(search: Search) -> tuple[str, ...] | None:
    return {"open": OPEN_VALUES, "all": None}.get(search.state, (search.state,))


def searched(user: Any, search: Search, *, with_state: bool = True) -> Select[tuple[Ticket]]:
    return _narrowed(
        visible_tickets(user),
        states=_states(search) if with_state else None,
        unit_id=search.unit_id,
        category_id=search.category_id,
        created_from=search.created_from,
        created_to=search.created_to,
        text=search.text,
    )


# Up to this many tickets found, the newest are sorted from the matches, not read off the index of dates (below).
FOUND_SORTED_FROM_MATCHES = 10_000


def found(user: Any, search: Search, limit: int = 50) -> tuple[int, list[Ticket]]:
    """The tickets the dashboard's filters find: how many, and the newest `limit` of them.

    Words are rare among millions of tickets, and PostgreSQL cannot tell how rare: asked for the newest 50 it walks
    the index of dates back from today, testing each ticket, and a word on 111 of 5,000,000 tickets took 2.9 s
    (bench/tickets.py). The count, read through the words' trigram indexes, says how many there are; when they are
    few, their dates are read the same way and sorted here (4 ms); when many, the walk finds 50 of them soon."""
    statement = searched(user, search)
    total = int(db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0)
    if total > FOUND_SORTED_FROM_MATCHES:
        return total, list(
            db.session.scalars(statement.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit))
        )
    dated = db.session.execute(statement.with_only_columns(Ticket.created_at, Ticket.id)).all()
    newest = [ticket_id for _created, ticket_id in sorted(dated, reverse=True)[:limit]]
    tickets = {ticket.id: ticket for ticket in db.session.scalars(select(Ticket).where(Ticket.id.in_(newest)))}
    return total, [tickets[ticket_id] for ticket_id in newest]


def counts_by(user: Any, search: Search, column: Any, *, with_state: bool = True) -> list[tuple[Any, int]]:
    """Tickets per value of `column` (state, unit, category or assignee), most first: from the tallies when the
    filters are theirs (tickets.tallies), counted on the tickets when words or a period narrow them."""
    if not search.text.strip() and search.created_from is None and search.created_to is None:
        return tallies.counts(
            column.key,
            states=_states(search) if with_state else None,
            unit_id=search.unit_id,
            category_id=search.category_id,
            unit_ids=policy.visible_units(user),
        )
    inner = searched(user, search, with_state=with_state).with_only_columns(column.label("key")).subquery()
    rows = db.session.execute(
        select(inner.c.key, func.count()).group_by(inner.c.key).order_by(func.count().desc())
    ).all()
    return [(key, int(number)) for key, number in rows]


@dataclass(frozen=True)
class Dashboard:
    """What the supervisor's dashboard shows: counts per state, unit, category and person, the overdue, the oldest open
    and, for a search with words, the tickets found."""

    by_state: list[tuple[Any, int]]
    by_unit: list[tuple[Any, int]]
    by_category: list[tuple[Any, int]]
    by_assignee: list[tuple[Any, int]]
    overdue_total: int
    overdue: list[Ticket]
    oldest: list[Ticket]
    found_total: int
    found: list[Ticket]


def _most_first(values: Iterable[Any]) -> list[tuple[Any, int]]:
    counted: dict[Any, int] = {}
    for value in values:
        counted[value] = counted.get(value, 0) + 1
    return sorted(counted.items(), key=lambda pair: (-pair[1], pair[0] is None, pair[0] or 0))


def matched(
    user: Any, search: Search, now: datetime, *, found_limit: int = 50, overdue_limit: int = 20, oldest_limit: int = 10
) -> Dashboard | None:
    """Everything the dashboard shows for a search with words, from one read of the matching tickets' key columns;
    None when more than FOUND_SORTED_FROM_MATCHES match (then `counts_by`, `overdue`, `oldest_open` and `found` ask
    the database one by one).

    Why: each of those nine questions goes through the words' trigram indexes again; at 5,000,000 tickets on
    PostgreSQL the dashboard with words took p95 109 ms (bench/tickets.py, "dashboard, words"), over the 100 ms
    target, while the matches themselves are few. Read once, they are counted here, and the tickets shown are read
    by their ids. The answers are the same as the per-question ones (tests/tickets/test_dashboard.py)."""
    columns = (Ticket.id, Ticket.state, Ticket.unit_id, Ticket.category_id, Ticket.assignee_id)
    statement = searched(user, search, with_state=False).with_only_columns(
        *columns, Ticket.created_at, Ticket.resolution_due
    )
    # Read with a limit rather than counted first: a count of a common word walks every match, the limited read
    # stops after FOUND_SORTED_FROM_MATCHES + 1 rows; those wasted rows are the price of the common word's case.
    rows = db.session.execute(statement.limit(FOUND_SORTED_FROM_MATCHES + 1)).all()
    if len(rows) > FOUND_SORTED_FROM_MATCHES:
        return None
    states = _states(search)
    chosen = [row for row in rows if states is None or row.state in states]
    still_open = [row for row in rows if row.state in OPEN_VALUES]
    late = sorted((row for row in still_open if row.resolution_due < now), key=lambda row: (row.resolution_due, row.id))
    oldest = sorted(still_open, key=lambda row: (row.created_at, row.id))[:oldest_limit]
    newest = sorted(chosen, key=lambda row: (row.created_at, row.id), reverse=True)[:found_limit]
    wanted = {row.id for row in (*late[:overdue_limit], *oldest, *newest)}
    tickets = {ticket.id: ticket for ticket in db.session.scalars(select(Ticket).where(Ticket.id.in_(wanted)))}
    return Dashboard(
        by_state=_most_first(row.state for row in rows),
        by_unit=_most_first(row.unit_id for row in chosen),
        by_category=_most_first(row.category_id for row in chosen),
        by_assignee=_most_first(row.assignee_id for row in chosen),
        overdue_total=len(late),
        overdue=[tickets[row.id] for row in late[:overdue_limit]],
        oldest=[tickets[row.id] for row in oldest],
        found_total=len(chosen),
        found=[tickets[row.id] for row in newest],
    )


def dashboard(user: Any, search: Search, now: datetime) -> Dashboard:
    """What the supervisor's dashboard shows for its filters: with words, from the matches when they are few
    (`matched`); otherwise question by question (the counts from the tallies when the filters are theirs)."""
    if search.text.strip():
        answer = matched(user, search, now)
        if answer is not None:
            return answer
    overdue_total, late = overdue(user, search, now)
    found_total, newest = found(user, search) if search.text.strip() else (0, [])
    return Dashboard(
        by_state=counts_by(user, search, Ticket.state, with_state=False),
        by_unit=counts_by(user, search, Ticket.unit_id),
        by_category=counts_by(user, search, Ticket.category_id),
        by_assignee=counts_by(user, search, Ticket.assignee_id),
        overdue_total=overdue_total,
        overdue=late,
        oldest=oldest_open(user, search),
        found_total=found_total,
        found=newest,
    )


def overdue(user: Any, search: Search, now: datetime, limit: int = 20) -> tuple[int, list[Ticket]]:
    statement = searched(user, replace(search, state="open")).where(Ticket.resolution_due < now)
    total = db.session.scalar(statement.with_only_columns(func.count()).order_by(None)) or 0
    rows = db.session.scalars(statement.order_by(Ticket.resolution_due, Ticket.id).limit(limit)).all()
    return int(total), list(rows)


def oldest_open(user: Any, search: Search, limit: int = 10) -> list[Ticket]:
    statement = searched(user, replace(search, state="open")).order_by(Ticket.created_at, Ticket.id).limit(limit)
    return list(db.session.scalars(statement))


def export_rows(user: Any, search: Search, limit: int) -> Iterator[Ticket]:
    statement = searched(user, search).order_by(Ticket.created_at, Ticket.id).limit(limit)
    yield from db.session.scalars(statement.execution_options(yield_per=500))


def newly_overdue(now: datetime, limit: int) -> list[Ticket]:
    """Open tickets past their resolution deadline, not waiting for the resident, not yet marked breached."""
    return list(
        db.session.scalars(
            select(Ticket)
            .where(OPEN_SQL, Ticket.breached_at.is_(None), Ticket.paused_at.is_(None), Ticket.resolution_due < now)
            .order_by(Ticket.resolution_due, Ticket.id)
            .limit(limit)
        )
    )


# -- likely duplicates ---------------------------------------------------------------------------------------------


def duplicate_candidates(
    category_id: int,
    since: datetime,
    lat: float | None,
    lon: float | None,
    address: str | None,
    radius_m: float,
    *,
    public_only: bool = False,
) -> list[duplicates.Place]:
    """Open tickets of the category opened since `since` that may be at the same place (a box around the point,
    or any with an address), newest first; `public_only`: only those the public map shows."""
    query = select(Ticket.id, Ticket.created_at, Ticket.lat, Ticket.lon, Ticket.address).where(
        Ticket.category_id == category_id, Ticket.state.in_(OPEN_VALUES), Ticket.created_at >= since
    )
    if public_only:
        query = query.where(*PUBLIC_REPORT)
    if lat is not None and lon is not None:
        dlat, dlon = duplicates.degrees_around(lat, radius_m)
        near = Ticket.lat.between(lat - dlat, lat + dlat) & Ticket.lon.between(lon - dlon, lon + dlon)
        query = query.where(near | Ticket.address.is_not(None)) if address else query.where(near)
    else:
        query = query.where(Ticket.address.is_not(None))
    return [duplicates.Place(*row) for row in db.session.execute(query.order_by(Ticket.id.desc()).limit(500))]


# -- what residents may know -----------------------------------------------------------------------------------------


def status_url(ticket: Ticket) -> str:
    """The resident's status page of the ticket, number and code included, on the public address ("" if unknown)."""
    base = residents_url()
    if not (base and ticket.public_code):
        return ""
    query = urlencode({"number": ticket.number, "code": ticket.public_code})  # "/" escaped, as texts always had it
    return f"{base}{path_for('reports.lookup')}?{query}"


def public_replies(ticket: Ticket) -> list[TicketComment]:
    """What the resident was told, oldest first (a fresh query: `Ticket.comments` may be loaded already)."""
    return list(
        db.session.scalars(
            select(TicketComment)
            .where(TicketComment.ticket_id == ticket.id, TicketComment.public.is_(True))
            .order_by(TicketComment.id)
        )
    )


def public_replies_of(ticket_ids: list[int]) -> dict[int, list[TicketComment]]:
    """The public replies of several tickets at once, oldest first."""
    found: dict[int, list[TicketComment]] = {ticket_id: [] for ticket_id in ticket_ids}
    if ticket_ids:
        rows = db.session.scalars(
            select(TicketComment)
            .where(TicketComment.ticket_id.in_(ticket_ids), TicketComment.public.is_(True))
            .order_by(TicketComment.id)
        )
        for comment in rows:
            found[comment.ticket_id].append(comment)
    return found


def resident_update(ticket: Ticket) -> dict[str, str]:
    """What an update to the resident may say of the ticket (SMS and e-mail texts take their placeholders from it)."""
    replies = public_replies(ticket)
    last = replies[-1].body.strip() if replies else ""
    return {
        "number": ticket.number,
        "subject": ticket.subject,
        "state": state_label(ticket),
        "unit": ticket.unit.name if ticket.unit else "",
        "summary": last,
        "code": ticket.public_code or "",
        "surviving": ticket.duplicate_of.number if ticket.duplicate_of else "",
        "link": status_url(ticket),
    }


# A report the public may see, written once (the map, Open311's lists, the report form's "reported nearby"): a web or
# Open311 report in a category of public space, not merged into another.
PUBLIC_REPORT = (
    Ticket.channel.in_(PUBLIC_CHANNELS),
    Ticket.duplicate_of_id.is_(None),
    Ticket.category_id.in_(select(Category.id).where(Category.public_reports.is_(True))),
)


def public_reports_query() -> Select[tuple[Ticket]]:
    """Residents' reports the public may see: web and Open311 reports in categories of public space, but for
    duplicates merged into another (the other one stands for them)."""
    return select(Ticket).join(Category, Category.id == Ticket.category_id).where(*PUBLIC_REPORT)


def public_reports(*, category: str, state: str, days: int, page: int, per_page: int) -> tuple[list[Ticket], int]:
    """One page of recent public reports, newest first, and how many there are in all."""
    query = public_reports_query().where(Ticket.created_at >= utcnow() - timedelta(days=days))
    if category:
        parent = select(Category.id).where(Category.code == category).scalar_subquery()
        query = query.where(or_(Category.code == category, Category.parent_id == parent))
    if state == "open":
        query = query.where(Ticket.state.in_(OPEN_VALUES))
    elif state == "closed":
        query = query.where(Ticket.state.not_in(OPEN_VALUES))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return list(rows), total


NEARBY_SHOWN = 5


def nearby_public_reports(
    category: Category, lat: float | None, lon: float | None, address: str | None, radius_m: float, days: int
) -> list[tuple[Ticket, float | None]]:
    """Open public reports of the category near a place (within the radius or at the same address), from the
    public map's window, nearest first: what a resident about to report the same thing is shown."""
    if not category.public_reports or (lat is None and not duplicates.address_key(address)):
        return []
    since = utcnow() - timedelta(days=days)
    candidates = duplicate_candidates(category.id, since, lat, lon, address, radius_m, public_only=True)
    found = duplicates.nearby(duplicates.Place(0, utcnow(), lat, lon, address), candidates, radius_m)[:NEARBY_SHOWN]
    tickets = {
        ticket.id: ticket
        for ticket in db.session.scalars(select(Ticket).where(Ticket.id.in_([p.id for p, _d in found])))
    }
    return [(tickets[place.id], distance) for place, distance in found if place.id in tickets]


# -- what residents ask: counts for the press office's signals -----------------------------------------------------
# Counts only: no resident, address or text leaves here.


@dataclass(frozen=True)
class TopicTicket:
    """A ticket behind a signal, without anything that names or places a resident."""

    number: str
    created_at: datetime
    channel: str
    category: str
    subject: str
    state: str
    state_label: str
    unit: str | None


def _in_tree(codes: list[str]) -> Any:
    """The categories named, and the children of those that are parents."""
    return or_(Category.code.in_(codes), Category.parent_id.in_(select(Category.id).where(Category.code.in_(codes))))


def with_subcategories(category_codes: Iterable[str]) -> list[str]:
    """The codes named, with the codes of their subcategories ("drogi" takes in "drogi-zima" …)."""
    codes = [code for code in category_codes if code]
    if not codes:
        return []
    return sorted(db.session.scalars(select(Category.code).where(_in_tree(codes))))


def _topic(category_codes: Iterable[str], words: Iterable[str]) -> Any:
    """Tickets in the categories (a parent's code takes in its children) or whose subject or description holds one
    of the words (in any case, on both databases)."""
    codes = [code for code in category_codes if code]
    conditions = []
    if codes:
        conditions.append(Ticket.category_id.in_(select(Category.id).where(_in_tree(codes))))
    for word in words:
        if word.strip():
            needle = word.strip().lower()
            conditions.append(db.unicode_lower(Ticket.subject).contains(needle, autoescape=True))
            conditions.append(db.unicode_lower(Ticket.description).contains(needle, autoescape=True))
    return or_(*conditions) if conditions else None


def opened_by_category(start: datetime, end: datetime) -> list[tuple[str, str, int]]:
    """(category code, name, tickets opened in [start, end)), the most first."""
    count = func.count(Ticket.id)
    statement = (
        select(Category.code, Category.name, count)
        .join(Category, Category.id == Ticket.category_id)
        .where(Ticket.created_at >= start, Ticket.created_at < end)
        .group_by(Category.code, Category.name)
        .order_by(count.desc(), Category.code)
    )
    return [(code, name, int(n)) for code, name, n in db.session.execute(statement)]


def opened_on_topic(start: datetime, end: datetime, category_codes: Iterable[str], words: Iterable[str]) -> int:
    """How many tickets on a topic (categories or words) were opened in [start, end)."""
    topic = _topic(category_codes, words)
    if topic is None:
        return 0
    statement = select(func.count(Ticket.id)).where(Ticket.created_at >= start, Ticket.created_at < end, topic)
    return int(db.session.scalar(statement) or 0)


def tickets_on_topic(
    start: datetime, end: datetime, category_codes: Iterable[str], words: Iterable[str] = (), limit: int = 200
) -> list[TopicTicket]:
    """The tickets behind a signal, newest first (without the residents' data)."""
    topic = _topic(category_codes, words)
    if topic is None:
        return []
    statement = (
        select(Ticket)
        .where(Ticket.created_at >= start, Ticket.created_at < end, topic)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    return [
        TopicTicket(
            number=ticket.number,
            created_at=ticket.created_at,
            channel=ticket.channel,
            category=ticket.category.name if ticket.category else "",
            subject=ticket.subject,
            state=ticket.state,
            state_label=str(STATE_LABELS.get(ticket.state, ticket.state)),
            unit=ticket.unit.code if ticket.unit else None,
        )
        for ticket in db.session.scalars(statement)
    ]
