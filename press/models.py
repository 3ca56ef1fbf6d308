"""The press office's tables: media contacts (outlets, journalists), media enquiries with their drafts, the questions
they put to city units and their timeline, interviews to authorise, positions, releases, monitoring and corrections,
surveys, and the files kept with them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from cct.org.models import Unit
from press import schemas as limits
from press.states import (
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
)


class Outlet(Base):
    __tablename__ = "press_outlets"
    __table_args__ = (CheckConstraint(one_of("kind", OutletKind), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    # the name folded and with single spaces: "Kurier  Poranny" and "kurier poranny" are one outlet
    name_key: Mapped[str] = mapped_column(String(limits.NAME_MAX), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    editor_in_chief: Mapped[str | None] = mapped_column(String(limits.NAME_MAX))
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Journalist(Base):
    __tablename__ = "press_journalists"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(limits.NAME_MAX), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("press_outlets.id", ondelete="SET NULL"), index=True)
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    outlet: Mapped[Outlet | None] = relationship()


class PressCounter(Base):
    """The last number given out in a register and year (enquiries: ZP/2026/0001); numbers restart each year."""

    __tablename__ = "press_counters"

    register: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)


class Enquiry(Base):
    __tablename__ = "press_enquiries"
    __table_args__ = (
        CheckConstraint(one_of("state", EnquiryState), name="state_known"),
        CheckConstraint(one_of("received_via", ReceivedVia), name="received_via_known"),
        CheckConstraint(f"sent_via IS NULL OR {one_of('sent_via', SentVia)}", name="sent_via_known"),
        # a sent answer keeps its text, and an extension its reason (UDIP art. 13 ust. 2)
        CheckConstraint("sent_at IS NULL OR sent_text IS NOT NULL", name="sent_text_kept"),
        CheckConstraint("extended_due IS NULL OR extension_reason IS NOT NULL", name="extension_has_reason"),
        UniqueConstraint("year", "seq", name="uq_press_enquiries_year_seq"),
        Index("ix_press_enquiries_open_due", "state", "answer_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default=EnquiryState.OPEN.value)
    received_at: Mapped[datetime] = mapped_column()
    received_via: Mapped[str] = mapped_column(String(20))
    journalist_id: Mapped[int] = mapped_column(ForeignKey("press_journalists.id", ondelete="RESTRICT"), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("press_outlets.id", ondelete="RESTRICT"), index=True)
    subject: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    questions: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON)
    requested_by: Mapped[datetime | None] = mapped_column()
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    answer_due: Mapped[datetime] = mapped_column()  # the 14 days, or the extended date
    extended_due: Mapped[datetime | None] = mapped_column()
    extension_reason: Mapped[str | None] = mapped_column(Text)
    refusal_asked_at: Mapped[datetime | None] = mapped_column()  # the editor-in-chief asked for a written refusal
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    refused_at: Mapped[datetime | None] = mapped_column()
    approved_draft: Mapped[int | None] = mapped_column(Integer)  # the number of the approved draft
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    sent_via: Mapped[str | None] = mapped_column(String(10))
    sent_to: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX))
    sent_text: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column()
    # the subject's, questions' and sent answer's words as cct.lemmas keys: "what did we say about the stadium?"
    search_keys: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    journalist: Mapped[Journalist] = relationship()
    outlet: Mapped[Outlet | None] = relationship()
    officer: Mapped[User | None] = relationship(foreign_keys=[officer_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    drafts: Mapped[list[Draft]] = relationship(back_populates="enquiry", order_by="Draft.number")
    unit_requests: Mapped[list[UnitRequest]] = relationship(back_populates="enquiry", order_by="UnitRequest.id")
    events: Mapped[list[EnquiryEvent]] = relationship(order_by="EnquiryEvent.id")

    @property
    def number(self) -> str:
        return f"ZP/{self.year}/{self.seq:04d}"


class Draft(Base):
    """A version of the answer; the spokesperson approves one by its number."""

    __tablename__ = "press_enquiry_drafts"
    __table_args__ = (UniqueConstraint("enquiry_id", "number", name="uq_press_enquiry_drafts_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("press_enquiries.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    enquiry: Mapped[Enquiry] = relationship(back_populates="drafts")
    author: Mapped[User | None] = relationship()


class UnitRequest(Base):
    """The press office asks a city unit for input; the unit answers in its own queue."""

    __tablename__ = "press_unit_requests"
    __table_args__ = (Index("ix_press_unit_requests_waiting", "unit_id", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("press_enquiries.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    question: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column()
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column()

    enquiry: Mapped[Enquiry] = relationship(back_populates="unit_requests")
    unit: Mapped[Unit] = relationship()
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class EnquiryEvent(Base):
    """A line of an enquiry's timeline: what happened, who did it, and its details."""

    __tablename__ = "press_enquiry_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("press_enquiries.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(60))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()


class Authorisation(Base):
    """An interview's text sent for authorisation (Press Law art. 14a) and what came of it."""

    __tablename__ = "press_authorisations"
    __table_args__ = (
        CheckConstraint(one_of("outlet_kind", OutletKind), name="outlet_kind_known"),
        CheckConstraint(one_of("outcome", Outcome), name="outcome_known"),
        CheckConstraint("outcome <> 'changed' OR authorised_text IS NOT NULL", name="changes_kept"),
        Index("ix_press_authorisations_pending", "outcome", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interviewee: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    outlet_id: Mapped[int] = mapped_column(ForeignKey("press_outlets.id", ondelete="RESTRICT"), index=True)
    outlet_kind: Mapped[str] = mapped_column(String(20))  # the outlet's kind when the text came in
    journalist_id: Mapped[int | None] = mapped_column(ForeignKey("press_journalists.id", ondelete="RESTRICT"))
    received_at: Mapped[datetime] = mapped_column()
    agreed_due: Mapped[datetime | None] = mapped_column()
    due_at: Mapped[datetime] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20), default=Outcome.PENDING.value)
    authorised_text: Mapped[str | None] = mapped_column(Text)  # the text with the interviewee's changes
    note: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    outlet: Mapped[Outlet] = relationship()
    journalist: Mapped[Journalist | None] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class Position(Base):
    """An official position of the city on a current matter: approved by the spokesperson, valid from a day (to a
    day), shown to the helpline's agents in their knowledge panel while it holds."""

    __tablename__ = "press_positions"
    __table_args__ = (
        CheckConstraint(one_of("state", PositionState), name="state_known"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
        CheckConstraint("state <> 'approved' OR approved_at IS NOT NULL", name="approval_recorded"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON)
    valid_from: Mapped[date] = mapped_column()
    valid_to: Mapped[date | None] = mapped_column()
    state: Mapped[str] = mapped_column(String(20), default=PositionState.DRAFT.value)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column()
    search_keys: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class Release(Base):
    """A press release: drafted, approved by the spokesperson, published on /prasa (and its Atom feed); changed after
    publication only with a note, each change kept."""

    __tablename__ = "press_releases"
    __table_args__ = (
        CheckConstraint(one_of("state", ReleaseState), name="state_known"),
        CheckConstraint("state <> 'published' OR published_at IS NOT NULL", name="publication_recorded"),
        Index("ix_press_releases_published", "state", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    lead: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=ReleaseState.DRAFT.value)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column()
    published_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    changes: Mapped[list[ReleaseChange]] = relationship(order_by="ReleaseChange.id")


class ReleaseChange(Base):
    """A change to a published release: when, by whom, why, and the text before it."""

    __tablename__ = "press_release_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("press_releases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text)
    title_before: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    lead_before: Mapped[str] = mapped_column(Text)
    body_before: Mapped[str] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()


clipping_units = Table(
    "press_clipping_units",
    Base.metadata,
    Column("clipping_id", ForeignKey("press_clippings.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Clipping(Base):
    """A piece of coverage the press office noted: where and when it appeared, about what, in which tone, to whom."""

    __tablename__ = "press_clippings"
    __table_args__ = (
        CheckConstraint(one_of("medium", Medium), name="medium_known"),
        CheckConstraint(one_of("tone", Tone), name="tone_known"),
        CheckConstraint("reach IS NULL OR reach >= 0", name="reach_not_negative"),
        Index("ix_press_clippings_published_on", "published_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("press_outlets.id", ondelete="RESTRICT"), index=True)
    medium: Mapped[str] = mapped_column(String(20))
    published_on: Mapped[date] = mapped_column()
    title: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    url: Mapped[str | None] = mapped_column(String(limits.URL_MAX))
    author: Mapped[str | None] = mapped_column(String(limits.NAME_MAX))
    topics: Mapped[list[str]] = mapped_column(JSON)
    tone: Mapped[str] = mapped_column(String(10))
    reach: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    outlet: Mapped[Outlet] = relationship()
    units: Mapped[list[Unit]] = relationship(secondary=clipping_units, order_by=Unit.code)
    corrections: Mapped[list[Correction]] = relationship(back_populates="clipping", order_by="Correction.id")


class Correction(Base):
    """A correction of a clipping (Press Law art. 31a–33): its text against the fragment it corrects, when it was
    sent, when the editors received and published it."""

    __tablename__ = "press_corrections"
    __table_args__ = (
        CheckConstraint(one_of("state", CorrectionState), name="state_known"),
        CheckConstraint("state = 'draft' OR sent_on IS NOT NULL", name="sent_recorded"),
        CheckConstraint("state <> 'published' OR published_on IS NOT NULL", name="publication_recorded"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clipping_id: Mapped[int] = mapped_column(ForeignKey("press_clippings.id", ondelete="CASCADE"), index=True)
    fragment: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    signatory: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    state: Mapped[str] = mapped_column(String(20), default=CorrectionState.DRAFT.value)
    sent_on: Mapped[date | None] = mapped_column()
    received_on: Mapped[date | None] = mapped_column()  # by the editors: their deadline counts from it
    published_on: Mapped[date | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    clipping: Mapped[Clipping] = relationship(back_populates="corrections")
    written_by: Mapped[User | None] = relationship()


class PressFile(Base):
    """A file the press office keeps with one of its records (FileOwner: an interview's text, a clipping's scan, a
    survey's report, a conference's materials, a post's image): a PDF, JPEG or PNG judged by its content."""

    __tablename__ = "press_files"
    __table_args__ = (
        CheckConstraint(one_of("owner_kind", FileOwner), name="owner_kind_known"),
        CheckConstraint("size > 0", name="not_empty"),
        Index("ix_press_files_owner", "owner_kind", "owner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(limits.FILENAME_MAX))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()


class Survey(Base):
    """A survey or study the press office keeps: who ran it, when, what it found; searchable by its words."""

    __tablename__ = "press_surveys"
    __table_args__ = (CheckConstraint("field_to IS NULL OR field_to >= field_from", name="field_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    conducted_by: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    commissioned_by: Mapped[str | None] = mapped_column(String(limits.NAME_MAX))
    field_from: Mapped[date] = mapped_column(index=True)
    field_to: Mapped[date | None] = mapped_column()
    sample: Mapped[str | None] = mapped_column(String(limits.NAME_MAX))  # "1 000 residents, CATI"
    findings: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON)
    search_keys: Mapped[str] = mapped_column(Text, default="")
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
