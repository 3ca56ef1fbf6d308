"""What a ticket's fields may hold, and the shapes tickets travel in.

The limits are defined here once: the table's columns (tickets.models), the staff's forms, the residents' report
form, Open311 and the JSON API all read them. `TicketInput` is what opening a ticket takes, from whichever channel;
the pydantic models are the JSON API's requests and answers (and, through cct.api.openapi, its document).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from flask_babel import gettext as _
from pydantic import Field, StringConstraints, field_validator

from cct.api.schemas import Input, Integer, Output, Query, text, vocabulary
from cct.auth.schemas import LOGIN_MAX
from cct.errors import Unprocessable
from cct.identifiers import CALL_SID_PATTERN, TICKET_NUMBER_TYPED_MAX
from cct.org.schemas import UNIT_CODE_MAX
from cct.sections import Section
from tickets.numbers import MAX_SEQ, MAX_YEAR, MIN_YEAR
from tickets.numbers import PATTERN as NUMBER_PATTERN
from tickets.states import Channel, Priority, StatutoryKind, TicketState

# -- limits -------------------------------------------------------------------------------------------------------

SUBJECT_MAX = 200
SUBJECT_FROM_TEXT_MAX = 80  # a subject made from what a resident wrote: its first words, cut there
DESCRIPTION_MAX = 20_000
REPORT_DESCRIPTION_MAX = 4_000  # what a resident writes on the report form or in an Open311 app
REPORT_DESCRIPTION_MIN = 10
NAME_MAX = 200
TEMPLATE_TITLE_MAX = 120  # an answer template's title
BULK_MAX = 100  # tickets changed at once from the queue
SEARCH_TEXT_MAX = 200  # what staff type into the queue's search box
PHONE_TYPED_MAX = 40  # as typed ("+48 600-100-200"); stored in E.164, at most 16 characters
PHONE_MAX = 20
EMAIL_MAX = 254
ADDRESS_MAX = 300
DISTRICT_MAX = 100
REASON_MAX = 2_000
COMMENT_MAX = 20_000
TAG_MAX = 50
TAGS_MAX = 20
MEDIA_URL_MAX = 500
CATEGORY_CODE_MAX = 64
# a category's code: in Open311 it is the service_code, in addresses and exports; typed by administrators
CATEGORY_CODE = re.compile(r"[a-z0-9][a-z0-9-]*")
SLA_HOURS_MAX = 2_000  # office hours: about a year of them
CATEGORY_NAME_MAX = 200
AT_RISK_OFFICE_HOURS = 4  # "at risk": the resolution deadline falls within this many office hours
NEAREST_SHOWN = 5  # categories named when what the agent typed is not one
ARTICLES_TOLD_MAX = 10  # knowledge-base articles told a caller: linked to a ticket, or to a call closed without one
ARTICLES_TYPED_MAX = ARTICLES_TOLD_MAX * 200  # their slugs, one per line, as the workspace sends them
CATEGORY_KEYWORDS_MAX = 2_000
ATTACHMENT_NAME_MAX = 200
NUMBER_TYPED_MAX = TICKET_NUMBER_TYPED_MAX
PUBLIC_CODE_LENGTH = 6
PAGE_MAX = 200


def told_articles(slugs: Iterable[str]) -> list[str]:
    """The articles an agent told a caller (their slugs, as the workspace lists them), each once; at most
    ARTICLES_TOLD_MAX, the same bound for a ticket opened and a call closed from the knowledge base."""
    told = list(dict.fromkeys(str(slug).strip() for slug in slugs if str(slug).strip()))
    if len(told) > ARTICLES_TOLD_MAX:
        raise Unprocessable(
            "too_many_articles",
            _("At most %(count)s articles can be linked at once.", count=ARTICLES_TOLD_MAX),
            "articles",
        )
    return told


# -- opening a ticket ----------------------------------------------------------------------------------------------


@dataclass
class TicketInput:
    """A new ticket as a channel gives it (the agent's form, the API, a resident's report, Open311, an SMS); every
    field is checked by tickets.operations.create_ticket."""

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
    media_url: str | None = None  # a photo elsewhere (Open311's media_url)
    attributes: dict[str, Any] = field(default_factory=dict)  # answers to the category's Open311 attributes
    # when the matter came in, where that was before the ticket (a registered letter): its statutory clock counts
    # from then; None: now
    received_at: datetime | None = None


# -- the JSON API --------------------------------------------------------------------------------------------------

# The live lists some fields take their values from (tickets' init_app gives them to the OpenAPI document)
CATEGORY, CATEGORY_ANY, ASSIGNEE = "ticket_category", "ticket_category_any", "assignee_login"
# A phone number as people write it ("600 100 200", "+48 600-100-200"): valid in the numbering plan (phonenumbers,
# Polish by default) — more than a pattern can say, hence a format of its own.
PHONE_FORMAT = {"format": "phone"}

Subject = text(SUBJECT_MAX, 1)
Description = text(DESCRIPTION_MAX)
CategoryCode = text(CATEGORY_CODE_MAX)
RequiredCode = text(CATEGORY_CODE_MAX, 1)
ResidentName = text(NAME_MAX)
TypedPhone = Annotated[text(PHONE_TYPED_MAX, 1), Field(json_schema_extra=PHONE_FORMAT)]
Email = Annotated[text(EMAIL_MAX, 1), Field(json_schema_extra={"format": "email"})]
Address = text(ADDRESS_MAX)
District = text(DISTRICT_MAX)
Reason = text(REASON_MAX)
CommentBody = text(COMMENT_MAX, 1)
Login = text(LOGIN_MAX)
UnitCode = text(UNIT_CODE_MAX)
Cursor = Annotated[str, StringConstraints(pattern=r"^-?\d{1,18}~\d{1,18}$")]
Tag = text(TAG_MAX)
CallSid = Annotated[str, StringConstraints(pattern=CALL_SID_PATTERN)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class NewTicket(Input):
    """A ticket to open: it is numbered, given its deadlines and routed at once."""

    subject: Subject
    category: RequiredCode = vocabulary(CATEGORY, "An active category's code (GET /api/v1/categories)")
    channel: Channel = Channel.PHONE
    description: Description = ""
    priority: Priority | None = None
    resident_name: ResidentName | None = None
    resident_phone: TypedPhone | None = None
    resident_email: Email | None = None
    consent_sms: bool = False
    consent_email: bool = False
    address: Address | None = None
    district: District | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)
    statutory_kind: StatutoryKind | None = None
    via_representative: bool = False
    call_sid: CallSid | None = Field(None, description="Twilio's CallSid of the call the ticket is opened during")

    def as_input(self) -> TicketInput:
        return TicketInput(**{name: getattr(self, name) for name in type(self).model_fields})


class TicketChanges(Input):
    """A ticket's details to change; send the version you read. A field left out stays as it is."""

    version: Integer = Field(ge=1)
    subject: Subject | None = None
    description: Description | None = None
    priority: Priority | None = None
    address: Address | None = None
    district: District | None = None
    resident_name: ResidentName | None = None
    assignee: Login | None = vocabulary(
        ASSIGNEE, "Who handles it: staff of the ticket's unit, or a supervisor (a login); null: nobody", default=None
    )
    tags: list[Tag] | None = Field(None, max_length=TAGS_MAX)

    def changes(self) -> dict[str, Any]:
        """The fields sent (a subject, priority or tags sent as null leave them as they are)."""
        sent = {name: getattr(self, name) for name in self.model_fields_set if name != "version"}
        return {name: value for name, value in sent.items() if value is not None or name not in NOT_NULL}


NOT_NULL = frozenset({"subject", "priority", "tags", "description"})


class TransitionIn(Input):
    version: Integer = Field(ge=1)
    state: TicketState
    reason: Reason | None = None


class NewComment(Input):
    body: CommentBody
    public: bool = Field(False, description="A reply the resident sees; false: an internal note")


class TicketListQuery(Query):
    state: TicketState | None = Field(None, description="Default: every open state")
    unit: UnitCode | None = vocabulary("unit_any", "A unit's code", default=None)
    category: CategoryCode | None = vocabulary(CATEGORY_ANY, "A category's code", default=None)
    phone: TypedPhone | None = Field(None, description="The resident's phone")
    limit: int = Field(50, ge=1, le=PAGE_MAX)
    after: Cursor | None = Field(None, description="`next` of the previous page")


class TicketPath(Input):
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    seq: int = Field(ge=1, le=MAX_SEQ)


class CategoryOut(Output):
    code: str
    name: str
    parent: str | None
    unit: str | None
    priority: Priority
    first_response_hours: float
    resolution_hours: float
    statutory_kind: StatutoryKind | None


class CategoryList(Output):
    categories: list[CategoryOut]


class ResidentOut(Output):
    name: str | None
    phone: str | None
    email: str | None
    consent_sms: bool
    consent_email: bool


class PlaceOut(Output):
    address: str | None
    district: str | None
    lat: float | None
    lon: float | None


class StatutoryOut(Output):
    kind: StatutoryKind
    due: datetime | None
    via_representative: bool
    extension_notice_at: datetime | None


class TicketOut(Output):
    number: str = Field(pattern=NUMBER_PATTERN)
    subject: str
    description: str
    category: str
    channel: Channel
    priority: Priority
    state: TicketState
    unit: str | None
    assignee: str | None
    resident: ResidentOut
    place: PlaceOut
    tags: list[str]
    first_response_due: datetime | None
    resolution_due: datetime | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    sla: str | None = Field(json_schema_extra={"enum": ["breached", "near", None]})
    statutory: StatutoryOut | None
    rejection_reason: str | None
    duplicate_of: str | None
    created_at: datetime
    updated_at: datetime
    version: int = Field(ge=1)


class TicketPage(Output):
    tickets: list[TicketOut]
    next: str | None


class CommentOut(Output):
    id: int
    body: str
    public: bool
    created_at: datetime


# -- settings ------------------------------------------------------------------------------------------------------


class TicketsSettings(Section):
    """[tickets] in config.toml."""

    fallback_unit: str = Field(min_length=1)
    reopen_days: int = Field(ge=0, le=365)
    near_breach_ratio: float = Field(gt=0, lt=1)
    attachment_max_mb: float = Field(gt=0, le=100)
    duplicate_radius_m: float = Field(ge=0, le=5000)
    duplicate_window_hours: float = Field(ge=0, le=24 * 365)
    personal_data_months: int = Field(ge=0, le=1200)
    personal_data_months_by_category: dict[str, int]
    statutory_personal_data_months: int = Field(ge=0, le=1200)

    @field_validator("personal_data_months_by_category")
    @classmethod
    def _months(cls, value: dict[str, int]) -> dict[str, int]:
        if any(months < 0 or months > 1200 for months in value.values()):
            raise ValueError("give months from 0 (never) to 1200 for each category code")
        return value


def inside(bounds: tuple[float, float, float, float], lat: float, lon: float) -> bool:
    """Whether a point lies within the city's bounds ([reports] bounds: south, west, north, east); NaN never does.
    The residents' form and Open311 apps are held to it alike."""
    south, west, north, east = bounds
    return south <= lat <= north and west <= lon <= east
