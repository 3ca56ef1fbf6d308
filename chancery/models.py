"""The chancery's tables: the incoming register (letters and their scans), the JRWA (the office's list of record
classes), the cases opened in it with their case marks, the documents of a case, and one timeline that is both a
letter's history and a case's record (metryka sprawy, KPA art. 66a)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from cct.org.models import Unit
from chancery import schemas as limits
from chancery.states import (
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


class ChanceryCounter(Base):
    """The last number given out in a register: the incoming register's per year (key ""), a case list's per unit,
    JRWA class and year (key "DKS-II|1431")."""

    __tablename__ = "chancery_counters"

    register: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)


class JrwaClass(Base):
    """A class of the office's uniform list of records (jednolity rzeczowy wykaz akt): its symbol, its title and its
    archival category (a class with subclasses has none: cases are opened only in the classes at the end of a
    branch)."""

    __tablename__ = "chancery_jrwa"
    __table_args__ = (CheckConstraint("length(symbol) BETWEEN 1 AND 4", name="symbol_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(limits.JRWA_SYMBOL_MAX), unique=True)
    title: Mapped[str] = mapped_column(String(limits.JRWA_TITLE_MAX))
    category: Mapped[str | None] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Letter(Base):
    """An entry of the incoming register (rejestr przesyłek wpływających)."""

    __tablename__ = "chancery_letters"
    __table_args__ = (
        CheckConstraint(one_of("delivery", Delivery), name="delivery_known"),
        CheckConstraint(one_of("kind", LetterKind), name="kind_known"),
        CheckConstraint(one_of("sender_kind", SenderKind), name="sender_kind_known"),
        CheckConstraint(one_of("access", Access), name="access_known"),
        CheckConstraint(one_of("state", LetterState), name="state_known"),
        CheckConstraint(f"routed_to IS NULL OR {one_of('routed_to', Route)}", name="route_known"),
        CheckConstraint("attachments >= 0", name="attachments_not_negative"),
        UniqueConstraint("year", "seq", name="uq_chancery_letters_year_seq"),
        Index("ix_chancery_letters_open_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default=LetterState.REGISTERED.value)
    received_at: Mapped[datetime] = mapped_column()
    delivery: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    sender_name: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    sender_kind: Mapped[str] = mapped_column(String(20))
    sender_address: Mapped[str | None] = mapped_column(String(limits.ADDRESS_MAX))
    sender_email: Mapped[str | None] = mapped_column(String(limits.EMAIL_MAX))
    sender_reference: Mapped[str | None] = mapped_column(String(limits.REFERENCE_MAX))
    letter_date: Mapped[date | None] = mapped_column()
    subject: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    attachments: Mapped[int] = mapped_column(Integer, default=0)
    access: Mapped[str] = mapped_column(String(20), default=Access.PUBLIC.value)
    via_representative: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    due_at: Mapped[datetime | None] = mapped_column()  # the statutory clock of its kind (chancery.clocks)
    routed_to: Mapped[str | None] = mapped_column(String(20))
    routed_ref: Mapped[str | None] = mapped_column(String(limits.BODY_MAX))  # a ticket's number, an enquiry's, a body
    routed_at: Mapped[datetime | None] = mapped_column()
    # the subject's and sender's words as cct.lemmas keys, searched with the knowledge base's Polish analysis
    search_keys: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    cases: Mapped[list[Case]] = relationship(
        secondary="chancery_case_letters", back_populates="letters", order_by="Case.id", viewonly=True
    )

    @property
    def number(self) -> str:
        return f"{self.seq}/{self.year}"


class Case(Base):
    """A case (sprawa) in a unit's case list for a JRWA class and year; its mark is unit.symbol.number.year."""

    __tablename__ = "chancery_cases"
    __table_args__ = (
        CheckConstraint(one_of("state", CaseState), name="state_known"),
        CheckConstraint("state <> 'closed' OR closed_at IS NOT NULL", name="closed_when"),
        UniqueConstraint("unit_symbol", "jrwa_id", "year", "seq", name="uq_chancery_cases_mark"),
        Index("ix_chancery_cases_open_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_symbol: Mapped[str] = mapped_column(String(limits.UNIT_SYMBOL_MAX))
    jrwa_id: Mapped[int] = mapped_column(ForeignKey("chancery_jrwa.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(limits.TITLE_MAX))
    state: Mapped[str] = mapped_column(String(20), default=CaseState.OPEN.value)
    # the party: the sender of the letter it was opened from (the case list's column "od kogo wpłynęła")
    party: Mapped[str | None] = mapped_column(String(limits.NAME_MAX))
    letter_dated: Mapped[date | None] = mapped_column()
    due_at: Mapped[datetime | None] = mapped_column()
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column()
    closing_note: Mapped[str | None] = mapped_column(Text)

    jrwa: Mapped[JrwaClass] = relationship()
    opened_by: Mapped[User | None] = relationship()
    letters: Mapped[list[Letter]] = relationship(
        secondary="chancery_case_letters", back_populates="cases", order_by="Letter.id"
    )
    documents: Mapped[list[CaseDocument]] = relationship(back_populates="case", order_by="CaseDocument.id")

    @property
    def case_mark(self) -> str:
        return f"{self.unit_symbol}.{self.jrwa.symbol}.{self.seq}.{self.year}"


class CaseLetter(Base):
    """A registered letter among a case's documents."""

    __tablename__ = "chancery_case_letters"

    case_id: Mapped[int] = mapped_column(ForeignKey("chancery_cases.id", ondelete="CASCADE"), primary_key=True)
    letter_id: Mapped[int] = mapped_column(
        ForeignKey("chancery_letters.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class CaseDocument(Base):
    """A document of a case that is not a registered letter: a note, a draft, a letter sent out (with its file)."""

    __tablename__ = "chancery_case_documents"
    __table_args__ = (CheckConstraint(one_of("direction", Direction), name="direction_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("chancery_cases.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(limits.DOCUMENT_TITLE_MAX))
    dated: Mapped[date] = mapped_column()
    file_id: Mapped[int | None] = mapped_column(ForeignKey("chancery_files.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="documents")
    file: Mapped[ChanceryFile | None] = relationship()


class ChanceryFile(Base):
    """A file the chancery keeps: a letter's scan, a case document's file (PDF, JPEG or PNG, judged by content)."""

    __tablename__ = "chancery_files"
    __table_args__ = (CheckConstraint("size > 0", name="not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("chancery_letters.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(limits.FILENAME_MAX))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Outgoing(Base):
    """An entry of the outgoing register: a letter that left the office, with its case when it has one."""

    __tablename__ = "chancery_outgoing"
    __table_args__ = (
        CheckConstraint(one_of("method", SendMethod), name="method_known"),
        CheckConstraint("postage IS NULL OR postage >= 0", name="postage_not_negative"),
        UniqueConstraint("year", "seq", name="uq_chancery_outgoing_year_seq"),
        Index("ix_chancery_outgoing_sent_on", "sent_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    sent_on: Mapped[date] = mapped_column()
    method: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(limits.NAME_MAX))
    address: Mapped[str | None] = mapped_column(String(limits.ADDRESS_MAX))
    subject: Mapped[str] = mapped_column(String(limits.SUBJECT_MAX))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("chancery_cases.id", ondelete="RESTRICT"), index=True)
    postage: Mapped[int | None] = mapped_column(Integer)  # grosze
    tracking: Mapped[str | None] = mapped_column(String(limits.TRACKING_MAX))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case | None] = relationship()

    @property
    def number(self) -> str:
        return f"{self.seq}/{self.year}"


class ChanceryEvent(Base):
    """A line of a letter's history and, where it has a case, of the case's record (metryka sprawy, KPA art. 66a:
    who did what, when, with which document)."""

    __tablename__ = "chancery_events"
    __table_args__ = (CheckConstraint("letter_id IS NOT NULL OR case_id IS NOT NULL", name="belongs_somewhere"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("chancery_letters.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("chancery_cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    document: Mapped[str | None] = mapped_column(String(limits.DOCUMENT_TITLE_MAX))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()
