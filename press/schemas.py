"""What the press office's fields may hold, and the shapes of its JSON API (/api/v1/press/)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator, Field

from cct.api.schemas import Input, Integer, Output, Query, text, whole_number
from cct.auth.schemas import LOGIN_MAX
from press.states import CorrectionState, EnquiryState, Medium, Outcome, OutletKind, ReceivedVia, ReleaseState, Tone

NAME_MAX = 200
EMAIL_MAX = 254
PHONE_TYPED_MAX = 40
SUBJECT_MAX = 300
QUESTIONS_MAX = 20_000
ANSWER_MAX = 50_000
INTERVIEW_MAX = 100_000
REASON_MAX = 4_000
NOTE_MAX = 2_000
TAG_MAX = 60
TAGS_MAX = 10
NUMBER_MAX = 20  # "ZP/2026/0001", as typed
PAGE_MAX = 200
URL_MAX = 1000
FILENAME_MAX = 200
FILE_MAX_MB = 25  # a conference's presentation, a survey's report
PLACE_MAX = 300
SPEAKERS_MAX = 2_000
POST_MAX = 10_000  # longer than any channel takes: the channel's own limit is shown, not enforced
REACH_MAX = 100_000_000  # people: more than any outlet reaches


@dataclass
class EnquiryInput:
    """A media enquiry as a press officer registers it (from the form or the API): names, not ids."""

    journalist: str
    outlet: str | None
    outlet_kind: str | None
    questions: str
    received_at: datetime
    subject: str = ""
    via: str = ReceivedVia.EMAIL.value
    journalist_email: str | None = None
    journalist_phone: str | None = None
    requested_by: datetime | None = None
    tags: list[str] = field(default_factory=list)
    officer: str | None = None  # a login; None: the one who registers it


@dataclass
class AuthorisationInput:
    interviewee: str
    outlet: str
    outlet_kind: str | None
    text: str
    received_at: datetime
    journalist: str | None = None
    agreed_due: datetime | None = None  # the time agreed with the journalist (required where the law gives none)


# -- the JSON API --------------------------------------------------------------------------------------------------

Name = text(NAME_MAX, 1)
Tag = text(TAG_MAX, 1)


class NewEnquiry(Input):
    """A journalist's question: who asked (names find or create the contacts), what, when it came in."""

    journalist: Name
    outlet: text(NAME_MAX) | None = None  # type: ignore[valid-type]
    outlet_kind: OutletKind | None = Field(None, description="Needed when the outlet is new")
    question: text(QUESTIONS_MAX, 1)  # type: ignore[valid-type]
    received_at: AwareDatetime
    subject: text(SUBJECT_MAX) = ""  # type: ignore[valid-type]
    received_via: ReceivedVia = ReceivedVia.EMAIL
    journalist_email: text(EMAIL_MAX) | None = None  # type: ignore[valid-type]
    journalist_phone: text(PHONE_TYPED_MAX) | None = None  # type: ignore[valid-type]
    requested_by: AwareDatetime | None = Field(None, description="The time the journalist asked to be answered by")
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)
    officer: text(LOGIN_MAX) | None = Field(None, description="The press officer's login (default: the caller)")  # type: ignore[valid-type]

    def as_input(self) -> EnquiryInput:
        return EnquiryInput(
            journalist=self.journalist,
            outlet=self.outlet,
            outlet_kind=self.outlet_kind.value if self.outlet_kind else None,
            questions=self.question,
            received_at=self.received_at,
            subject=self.subject,
            via=self.received_via.value,
            journalist_email=self.journalist_email,
            journalist_phone=self.journalist_phone,
            requested_by=self.requested_by,
            tags=list(self.tags),
            officer=self.officer,
        )


class NewAuthorisation(Input):
    """An interview's text to authorise (Press Law art. 14a)."""

    interviewee: Name
    outlet: Name
    outlet_kind: OutletKind | None = Field(None, description="Needed when the outlet is new")
    text: text(INTERVIEW_MAX, 1)  # type: ignore[valid-type]
    received_at: AwareDatetime
    journalist: text(NAME_MAX) | None = None  # type: ignore[valid-type]
    agreed_due: AwareDatetime | None = Field(
        None, description="The time agreed with the journalist: required for radio, TV, online media and agencies"
    )

    def as_input(self) -> AuthorisationInput:
        return AuthorisationInput(
            interviewee=self.interviewee,
            outlet=self.outlet,
            outlet_kind=self.outlet_kind.value if self.outlet_kind else None,
            text=self.text,
            received_at=self.received_at,
            journalist=self.journalist,
            agreed_due=self.agreed_due,
        )


class UnitRequestOut(Output):
    unit: str
    question: str
    due: datetime
    answer: str | None
    answered_at: datetime | None


class EnquiryOut(Output):
    number: str
    state: EnquiryState
    received_at: datetime
    received_via: ReceivedVia
    journalist: str
    outlet: str | None
    outlet_kind: OutletKind | None
    subject: str
    question: str
    tags: list[str]
    officer: str | None
    requested_by: datetime | None
    answer_due: datetime = Field(description="UDIP art. 13: 14 days, or the extended date once a notice was recorded")
    extension_reason: str | None
    refusal_due: datetime | None = Field(description="Press Law art. 4 ust. 3: 3 days, once the editor-in-chief asks")
    target: datetime = Field(description="The journalist's requested time when earlier than the legal deadline")
    overdue: bool
    approved_by: str | None
    sent_at: datetime | None
    sent_text: str | None
    unit_requests: list[UnitRequestOut]


class EnquiryPage(Output):
    enquiries: list[EnquiryOut]


class EnquiryListQuery(Query):
    state: EnquiryState | None = Field(None, description="Default: every state")
    limit: int = Field(50, ge=1, le=PAGE_MAX)


class EnquiryPath(Input):
    number: text(NUMBER_MAX, 1)  # type: ignore[valid-type]


class AuthorisationOut(Output):
    id: int
    interviewee: str
    outlet: str
    outlet_kind: OutletKind
    journalist: str | None
    received_at: datetime
    authorisation_due: datetime = Field(
        description="Press Law art. 14a ust. 4–5: 6 h for a daily, 24 h for a periodical"
    )
    outcome: Outcome
    decided_by: str | None
    decided_at: datetime | None
    text: str
    authorised_text: str | None


class AuthorisationPage(Output):
    authorisations: list[AuthorisationOut]


class AuthorisationPath(Input):
    id: Integer = Field(ge=1)


class NewRelease(Input):
    """A press release's draft: it is approved by the spokesperson and published on the pages."""

    title: text(SUBJECT_MAX, 1)  # type: ignore[valid-type]
    lead: text(NOTE_MAX, 1)  # type: ignore[valid-type]
    body: text(ANSWER_MAX, 1)  # type: ignore[valid-type]


class ReleaseChangeOut(Output):
    at: datetime
    by: str | None
    note: str


class ReleaseOut(Output):
    id: int
    state: ReleaseState
    title: str
    lead: str
    body: str
    author: str | None
    approved_by: str | None
    approved_at: datetime | None
    published_at: datetime | None
    url: str | None = Field(description="The public page, once published")
    changes: list[ReleaseChangeOut] = Field(description="Changes after publication, with their notes")


class ReleasePage(Output):
    releases: list[ReleaseOut]


class ReleaseListQuery(Query):
    state: ReleaseState | None = Field(None, description="Default: every state")
    limit: int = Field(50, ge=1, le=PAGE_MAX)


class ReleasePath(Input):
    release_id: Integer = Field(ge=1)


class NewClipping(Input):
    """A piece of coverage: the outlet found by name (or added, its kind taken from the medium)."""

    outlet: Name
    medium: Medium
    published_on: date
    title: text(SUBJECT_MAX, 1)  # type: ignore[valid-type]
    url: text(URL_MAX) | None = None  # type: ignore[valid-type]
    author: text(NAME_MAX) | None = None  # type: ignore[valid-type]
    topics: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)
    tone: Tone = Tone.NEUTRAL
    # the bounds before the whole-number reading, so the document shows them as minimum and maximum
    reach: Annotated[int, Field(ge=0, le=REACH_MAX), BeforeValidator(whole_number)] | None = Field(
        None, description="People reached"
    )
    summary: text(NOTE_MAX) | None = None  # type: ignore[valid-type]
    units: list[text(20, 1)] = Field(default_factory=list, max_length=20, description="City units' codes")  # type: ignore[valid-type]


class CorrectionOut(Output):
    id: int
    state: CorrectionState
    sent_on: date | None
    received_on: date | None
    published_on: date | None
    publication_due: datetime | None = Field(
        description="Press Law art. 32 ust. 1: from the editors' receipt, 3 working days online, 7 days a daily"
    )
    late: bool


class ClippingOut(Output):
    id: int
    outlet: str
    medium: Medium
    published_on: date
    title: str
    url: str | None
    author: str | None
    topics: list[str]
    tone: Tone
    reach: int | None
    summary: str | None
    units: list[str]
    correction_send_by: datetime | None = Field(
        description="Press Law art. 31a ust. 3: 21 days from the publication (none for social media)"
    )
    corrections: list[CorrectionOut]


class ClippingPage(Output):
    clippings: list[ClippingOut]


class ClippingListQuery(Query):
    limit: int = Field(50, ge=1, le=PAGE_MAX)


class ClippingPath(Input):
    clipping_id: Integer = Field(ge=1)


_NUMBER = re.compile(r"^\s*(?:zp\s*[/-]?\s*)?(\d{4})\s*[/-]\s*(\d{1,6})\s*$", re.IGNORECASE)


def parse_number(text: str | None) -> tuple[int, int] | None:
    """(year, place) of an enquiry's number as people type it: "ZP/2026/0007", "zp 2026/7", "2026-7"."""
    match = _NUMBER.match(text or "")
    if match is None or int(match.group(2)) == 0:
        return None
    return int(match.group(1)), int(match.group(2))
