"""What the chancery's fields may hold, and the shapes of its JSON API (/api/v1/chancery/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from pydantic import AwareDatetime, Field

from cct.api.schemas import Input, Integer, Output, Query, text, vocabulary
from chancery.states import Access, CaseState, Delivery, LetterKind, LetterState, SenderKind

NAME_MAX = 300
ADDRESS_MAX = 500
REFERENCE_MAX = 100
SUBJECT_MAX = 500
NOTE_MAX = 4_000
TITLE_MAX = 500
JRWA_SYMBOL_MAX = 4  # four digits at most: the fourth level of the list
JRWA_TITLE_MAX = 300
JRWA_ROWS_MAX = 5_000  # a whole office's list has a few hundred classes
JRWA_FILE_MAX_KB = 512
UNIT_SYMBOL_MAX = 20  # "DKS-II"
CASE_MARK_MAX = 60  # "DKS-II.1431.15.2026", as typed
ATTACHMENTS_MAX = 999
FILENAME_MAX = 200
FILE_MAX_MB = 25  # a scanned letter of many pages
PAGE_MAX = 200
DOCUMENT_TITLE_MAX = 300
BODY_MAX = 300  # the body a letter is forwarded to (name)
DUE_SOON_DAYS = 3  # the clerk's desk lists what falls due within this many days
EMAIL_MAX = 254
CASE_CLASS = "chancery_case_class"  # the vocabulary of JRWA classes cases are opened in (the OpenAPI document)


@dataclass
class LetterInput:
    """An incoming letter as the clerk registers it (from the form or the API): names, not ids."""

    sender: str
    subject: str
    kind: str
    delivery: str
    received_at: datetime
    sender_kind: str = SenderKind.PERSON.value
    sender_address: str | None = None
    sender_email: str | None = None
    sender_reference: str | None = None
    letter_date: date | None = None
    attachments: int = 0
    access: str = Access.PUBLIC.value
    unit: str | None = None  # the code of the unit that handles it (default: the clerk's own)
    assignee: str | None = None  # a login
    via_representative: bool = False  # came through an MP, a senator or a councillor (KPA art. 237 § 2)


@dataclass
class OutgoingInput:
    """A letter that leaves the office, as the clerk enters it in the outgoing register."""

    recipient: str
    method: str
    sent_on: date | None
    subject: str
    address: str | None = None
    case: str | None = None  # a case mark, when the letter belongs to a case (an entry without one is allowed)
    postage: Decimal | str | None = None  # in złoty ("6,50" as typed)
    tracking: str | None = None  # the postal number (numer nadawczy) of a registered letter


POSTAGE_MAX = Decimal("1000.00")  # złoty: more than any letter costs
TRACKING_MAX = 40


# -- the JSON API --------------------------------------------------------------------------------------------------


class NewLetter(Input):
    """An incoming letter: who sent it, what about, what kind, how and when it came in."""

    sender: text(NAME_MAX, 1)  # type: ignore[valid-type]
    subject: text(SUBJECT_MAX, 1)  # type: ignore[valid-type]
    kind: LetterKind
    delivery: Delivery
    received_at: AwareDatetime = Field(
        description="When the letter came in: not later than now and not before 1990 (422 otherwise)"
    )
    sender_kind: SenderKind = SenderKind.PERSON
    sender_address: text(ADDRESS_MAX) | None = None  # type: ignore[valid-type]
    sender_email: text(EMAIL_MAX) | None = None  # type: ignore[valid-type]
    sender_reference: text(REFERENCE_MAX) | None = Field(None, description="The sender's own reference (znak pisma)")  # type: ignore[valid-type]
    letter_date: date | None = Field(None, description="The date the letter bears: not after the day it came in")
    attachments: Integer = Field(0, ge=0, le=ATTACHMENTS_MAX)
    access: Access = Access.PUBLIC
    unit: text(UNIT_SYMBOL_MAX) | None = vocabulary(  # type: ignore[valid-type]
        "unit", "The code of the unit that handles it (default DKS-II)", default=None
    )
    via_representative: bool = Field(
        False, description="Came through an MP, a senator or a councillor (KPA art. 237 § 2: 14 days)"
    )

    def as_input(self) -> LetterInput:
        return LetterInput(
            sender=self.sender,
            subject=self.subject,
            kind=self.kind.value,
            delivery=self.delivery.value,
            received_at=self.received_at,
            sender_kind=self.sender_kind.value,
            sender_address=self.sender_address,
            sender_email=self.sender_email,
            sender_reference=self.sender_reference,
            letter_date=self.letter_date,
            attachments=self.attachments,
            access=self.access.value,
            unit=self.unit,
            via_representative=self.via_representative,
        )


class LetterOut(Output):
    number: str = Field(description="The register's number: 15/2026")
    state: LetterState
    received_at: datetime
    delivery: Delivery
    kind: LetterKind
    sender: str
    sender_kind: SenderKind
    sender_address: str | None
    sender_reference: str | None
    letter_date: date | None
    subject: str
    attachments: int
    access: Access
    unit: str | None
    assignee: str | None
    via_representative: bool
    due: datetime | None = Field(description="The statutory deadline of its kind (KPA art. 237, UDIP art. 13 …)")
    forwarding_due: datetime | None = Field(description="KPA art. 231: 7 days to forward a complaint or motion")
    case_marks: list[str]
    routed_to: str | None = Field(description="Where it was passed on: a ticket's or an enquiry's number, or a body")
    has_scan: bool


class LetterPage(Output):
    letters: list[LetterOut]


class LetterListQuery(Query):
    q: text(200) | None = Field(None, description="Words, searched with the knowledge base's Polish analysis")  # type: ignore[valid-type]
    kind: LetterKind | None = None
    year: int | None = Field(None, ge=1990, le=2100)
    limit: int = Field(50, ge=1, le=PAGE_MAX)


class LetterPath(Input):
    number: text(20, 1) = Field(description="The register's number written as 2026-15")  # type: ignore[valid-type]


class NewCase(Input):
    """A case to open in the department's case list: its JRWA class and title, optionally from a registered letter."""

    jrwa: text(JRWA_SYMBOL_MAX, 1) = vocabulary(  # type: ignore[valid-type]
        CASE_CLASS, "The symbol of a JRWA class cases are opened in, e.g. 1431"
    )
    title: text(TITLE_MAX, 1)  # type: ignore[valid-type]
    letter: text(20) | None = Field(None, description="The letter it is opened from: 15/2026 or 2026-15")  # type: ignore[valid-type]
    unit: text(UNIT_SYMBOL_MAX) | None = vocabulary(  # type: ignore[valid-type]
        "unit", "The unit's symbol in the case mark (default DKS-II)", default=None
    )


class CaseEventOut(Output):
    at: datetime
    actor: str | None
    action: str
    document: str | None


class CaseOut(Output):
    case_mark: str = Field(description="Unit symbol . JRWA symbol . number in the case list . year")
    state: CaseState
    title: str
    jrwa: str
    jrwa_title: str
    archival_category: str | None
    unit: str
    year: int
    number: int
    opened_at: datetime
    closed_at: datetime | None
    letters: list[str]
    due: datetime | None = Field(description="The statutory deadline of the letter it was opened from")
    record: list[CaseEventOut] = Field(description="The case record (metryka sprawy, KPA art. 66a)")


class CasePage(Output):
    cases: list[CaseOut]


class CaseListQuery(Query):
    state: CaseState | None = None
    jrwa: text(JRWA_SYMBOL_MAX) | None = None  # type: ignore[valid-type]
    year: int | None = Field(None, ge=1990, le=2100)
    limit: int = Field(50, ge=1, le=PAGE_MAX)


class CasePath(Input):
    mark: text(CASE_MARK_MAX, 1) = Field(description="The case mark, e.g. DKS-II.1431.15.2026")  # type: ignore[valid-type]
