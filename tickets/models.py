from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from cct.org.models import Unit
from tickets import schemas as limits
from tickets.numbers import TicketNumber
from tickets.states import OPEN_VALUES, Channel, Priority, StatutoryKind, TicketState

# "The ticket is open", written out for SQL from tickets.states.OPEN: the queues' partial indexes are built on it,
# and a query uses them only when it states the same condition literally.
OPEN_SQL = text(f"state IN ({', '.join(repr(value) for value in OPEN_VALUES)})")


class Category(Base):
    """What a matter is about; it brings the default unit, priority and SLA targets."""

    __tablename__ = "ticket_categories"
    __table_args__ = (
        CheckConstraint(one_of("priority", Priority), name="priority_known"),
        CheckConstraint(f"statutory_kind IS NULL OR {one_of('statutory_kind', StatutoryKind)}", name="statutory_known"),
        CheckConstraint("first_response_hours > 0 AND resolution_hours >= first_response_hours", name="sla_sane"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(limits.CATEGORY_CODE_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(limits.CATEGORY_NAME_MAX))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_categories.id", ondelete="RESTRICT"), index=True)
    default_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    priority: Mapped[str] = mapped_column(String(10), default=Priority.NORMAL.value)
    # SLA targets in office hours
    first_response_hours: Mapped[float] = mapped_column(Float, default=8.0)
    resolution_hours: Mapped[float] = mapped_column(Float, default=40.0)
    statutory_kind: Mapped[str | None] = mapped_column(String(12))
    # extra words callers use for this matter, for the category search in the agent's form
    keywords: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # a matter of public space (a pothole, a broken lamp): offered on the residents' report form and Open311, and its
    # web and Open311 reports are shown on the public map
    public_reports: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # what a report in this category asks besides the description (Open311 service attributes; see tickets.open311)
    open311_attributes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default=text("'[]'"))

    parent: Mapped[Category | None] = relationship(remote_side=[id])
    default_unit: Mapped[Unit | None] = relationship()

    @property
    def path(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent else self.name


class TicketCounter(Base):
    """The last ticket number given out in a year; numbers restart at 1 each year."""

    __tablename__ = "ticket_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)


ticket_links = Table(
    "ticket_links",
    Base.metadata,
    Column("ticket_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("related_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, index=True),
    CheckConstraint("ticket_id < related_id", name="ordered"),
)


SEARCHED_TEXT = ("subject", "resident_name", "address", "description")  # the columns the staff search's words look in


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_tickets_year_seq"),
        CheckConstraint(one_of("state", TicketState), name="state_known"),
        CheckConstraint(one_of("channel", Channel), name="channel_known"),
        CheckConstraint(one_of("priority", Priority), name="priority_known"),
        CheckConstraint(f"statutory_kind IS NULL OR {one_of('statutory_kind', StatutoryKind)}", name="statutory_known"),
        CheckConstraint("state = 'new' OR unit_id IS NOT NULL", name="routed_has_unit"),
        CheckConstraint("(state = 'waiting') = (paused_at IS NOT NULL)", name="paused_iff_waiting"),
        CheckConstraint("(state = 'rejected') = (rejection_reason IS NOT NULL)", name="rejected_iff_reason"),
        CheckConstraint("duplicate_of_id IS NULL OR state = 'rejected'", name="duplicate_is_rejected"),
        CheckConstraint("duplicate_of_id IS NULL OR duplicate_of_id <> id", name="not_own_duplicate"),
        CheckConstraint(
            "suspected_duplicate_of_id IS NULL OR suspected_duplicate_of_id <> id", name="not_own_suspected_duplicate"
        ),
        CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="lat_lon_together"),
        CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180)", name="lat_lon_range"),
        CheckConstraint("version >= 1", name="version_positive"),
        # The queues: open tickets by deadline, all of them or one unit's; partial, so closed tickets cost nothing.
        # The date opened rides along, so a period narrows them in the index: the dashboard's overdue list for the
        # last 30 days read 25,000 older overdue tickets at 5,000,000 (106 ms) before finding this month's (1 ms).
        Index(
            "ix_tickets_open_by_due",
            "resolution_due",
            "id",
            "created_at",
            postgresql_where=OPEN_SQL,
            sqlite_where=OPEN_SQL,
        ),
        Index(
            "ix_tickets_open_unit_by_due",
            "unit_id",
            "resolution_due",
            "id",
            "created_at",
            postgresql_where=OPEN_SQL,
            sqlite_where=OPEN_SQL,
        ),
        Index("ix_tickets_state_due", "state", "resolution_due", "id"),
        # a resident's tickets by e-mail in any case ("Moje zgłoszenia", a person's data): tickets.queries.opened_by.
        # PostgreSQL only: SQLite's batch migrations, copying the table, would drop an index on an expression.
        Index("ix_tickets_resident_email_lower", func.lower(text("resident_email"))).ddl_if(dialect="postgresql"),
        # By date, with the columns the dashboard counts: a period's counts are read from the index alone (a month of
        # 5,000,000 tickets, 41,000 of them: 5 ms a count; see tickets.tallies for the counts without a period).
        Index("ix_tickets_created_counted", "created_at", "state", "unit_id", "category_id", "assignee_id"),
        # The staff search's words (ILIKE '%word%', tickets.queries.matching) on PostgreSQL: trigram indexes read
        # only the tickets holding the word's trigrams instead of every ticket (migration 0014; SQLite scans).
        *(
            Index(
                f"ix_tickets_trgm_{column}", column, postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"}
            ).ddl_if(dialect="postgresql")
            for column in SEARCHED_TEXT
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    seq: Mapped[int]
    subject: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    # the four columns counted in TicketTally: active history, so a change always knows the value it replaced
    category_id: Mapped[int] = mapped_column(
        ForeignKey("ticket_categories.id", ondelete="RESTRICT"), index=True, active_history=True
    )
    channel: Mapped[str] = mapped_column(String(10))
    priority: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(12), default=TicketState.NEW.value, active_history=True)
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True, active_history=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, active_history=True
    )

    resident_name: Mapped[str | None] = mapped_column(String(limits.NAME_MAX))
    resident_phone: Mapped[str | None] = mapped_column(String(limits.PHONE_MAX), index=True)  # E.164
    resident_email: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX))
    consent_sms: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_email: Mapped[bool] = mapped_column(Boolean, default=False)

    address: Mapped[str | None] = mapped_column(String(limits.ADDRESS_MAX))
    district: Mapped[str | None] = mapped_column(String(limits.DISTRICT_MAX))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)

    first_response_due: Mapped[datetime]
    resolution_due: Mapped[datetime]
    first_response_at: Mapped[datetime | None]
    paused_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]

    statutory_kind: Mapped[str | None] = mapped_column(String(12))
    via_representative: Mapped[bool] = mapped_column(Boolean, default=False)
    statutory_due: Mapped[datetime | None]
    extension_notice_at: Mapped[datetime | None]
    extension_reason: Mapped[str | None] = mapped_column(Text)

    rejection_reason: Mapped[str | None] = mapped_column(Text)
    media_url: Mapped[str | None] = mapped_column(String(limits.MEDIA_URL_MAX))  # a photo elsewhere (Open311's)
    # with the number, lets the resident look the ticket up without an account (tickets.reports)
    public_code: Mapped[str | None] = mapped_column(String(8))
    # answers to the category's attributes (Open311 attribute[code]), e.g. {"wielkosc": "duzy"}
    open311_attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    # an open ticket of the same category at the same place, found when this one was opened (tickets.duplicates);
    # the agent merges the two or dismisses the flag
    suspected_duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True
    )

    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # indexed with what the dashboard counts (above)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # when the resident's personal data was taken out (tickets.personal_data: a retention rule, or an erasure)
    anonymised_at: Mapped[datetime | None]

    __mapper_args__ = {"version_id_col": version}

    category: Mapped[Category] = relationship(lazy="joined")
    unit: Mapped[Unit | None] = relationship(lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    duplicate_of: Mapped[Ticket | None] = relationship(remote_side=[id], foreign_keys=[duplicate_of_id])
    suspected_duplicate_of: Mapped[Ticket | None] = relationship(
        remote_side=[id], foreign_keys=[suspected_duplicate_of_id]
    )
    tag_rows: Mapped[list[TicketTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="TicketTag.tag"
    )
    events: Mapped[list[TicketEvent]] = relationship(order_by="TicketEvent.id", viewonly=True)
    comments: Mapped[list[TicketComment]] = relationship(order_by="TicketComment.id", viewonly=True)
    attachments: Mapped[list[Attachment]] = relationship(order_by="Attachment.id", viewonly=True)

    @property
    def ticket_number(self) -> TicketNumber:
        return TicketNumber(self.year, self.seq)

    @property
    def number(self) -> str:
        return str(self.ticket_number)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_VALUES

    @property
    def names_resident(self) -> bool:
        """Whether the ticket holds its resident's name or contacts (a look at it is a look at personal data)."""
        return bool(self.resident_name or self.resident_phone or self.resident_email)

    @property
    def resident_contact(self) -> str | None:
        """The phone, else the e-mail address, the resident is known by (the access log's subject)."""
        return self.resident_phone or self.resident_email

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    def __repr__(self) -> str:
        return f"<Ticket {self.number} {self.state}>"


class TicketTag(Base):
    __tablename__ = "ticket_tags"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(limits.TAG_MAX), primary_key=True, index=True)


class TicketEvent(Base):
    """One line of a ticket's history. Written by tickets.history from signals; never changed afterwards."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()
    ticket: Mapped[Ticket] = relationship()


@event.listens_for(TicketEvent, "before_update")
@event.listens_for(TicketEvent, "before_delete")
def _history_is_append_only(_mapper: Any, _connection: Any, target: TicketEvent) -> None:
    raise PermissionError(f"ticket history is append-only (event {target.id})")


class TicketTally(Base):
    """How many tickets there are with one state, unit, category and assignee (0: none): the dashboard's counts at
    millions of tickets without reading them. Derived data, kept by tickets.tallies in the flush that changes a
    ticket and rebuilt by `cct tickets recount`; why it exists is written there."""

    __tablename__ = "ticket_tallies"

    state: Mapped[str] = mapped_column(String(12), primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    assignee_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tickets: Mapped[int] = mapped_column(Integer, default=0)


class ReplyTemplate(Base):
    """An answer a unit (or, without a unit, the whole contact centre) gives often, with placeholders filled from the
    ticket it is used on (tickets.placeholders)."""

    __tablename__ = "ticket_reply_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(limits.TEMPLATE_TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()


class TicketComment(Base):
    """A public reply (the resident sees it) or an internal note (staff only)."""

    __tablename__ = "ticket_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean)
    # the resident's own words, added from "Moje zgłoszenia" (tickets.mine): staff see them; they are never a public
    # reply (public is False), so no public page shows them
    by_resident: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


class Attachment(Base):
    __tablename__ = "ticket_attachments"
    __table_args__ = (CheckConstraint("size > 0", name="not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(limits.ATTACHMENT_NAME_MAX))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
