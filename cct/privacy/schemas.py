"""Personal data (GDPR): [privacy] in config.toml, the person an administrator asks about, and the shapes in which the
domains answer the privacy slots (cct.privacy.__init__ lists them). Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field

from cct.contacts import clean_email
from cct.errors import Unprocessable
from cct.phones import to_e164
from cct.sections import Section

RETENTION_JOB = "privacy.retention"  # the daily job (cct.privacy.jobs), which `cct privacy retention` runs at once
SUBJECT_MAX = 254  # an e-mail address at its longest
REF_MAX = 120
REASON_MAX = 2000


class PrivacySettings(Section):
    """[privacy] in config.toml: what the shell keeps about people, and for how long."""

    sign_in_log_days: int = Field(ge=1, le=3650)
    audit_address_months: int = Field(ge=1, le=120)
    access_log_months: int = Field(ge=1, le=240)
    finished_jobs_days: int = Field(ge=1, le=3650)


class AccessKind(StrEnum):
    TICKET = "ticket"  # a ticket's page (or the API's ticket) with a resident's name or contacts
    CALL = "call"  # a call taken: the caller's number and history
    SEARCH = "search"  # a search by a phone number or an e-mail address
    EXPORT = "export"  # a spreadsheet with residents' names and contacts
    SUBJECT = "subject"  # an administrator's look at everything held about a person
    SUBJECT_EXPORT = "subject_export"  # … and its export for the person


ACCESS_LABELS = {
    AccessKind.TICKET: _l("ticket"),
    AccessKind.CALL: _l("call"),
    AccessKind.SEARCH: _l("search by phone or e-mail"),
    AccessKind.EXPORT: _l("export with residents' data"),
    AccessKind.SUBJECT: _l("data of a person (administrator)"),
    AccessKind.SUBJECT_EXPORT: _l("export of a person's data (administrator)"),
}


@dataclass(frozen=True)
class Subject:
    """A person as the system knows them: by a phone number (E.164) or an e-mail address (compared without case)."""

    kind: Literal["phone", "email"]
    value: str

    @property
    def phone(self) -> str | None:
        return self.value if self.kind == "phone" else None

    @property
    def email(self) -> str | None:
        return self.value if self.kind == "email" else None


def subject_from(typed: str | None, field_name: str = "subject") -> Subject:
    """The person typed (a phone number in any usual form, or an e-mail address); a clear error otherwise."""
    text = (typed or "").strip()[:SUBJECT_MAX]
    if "@" in text:
        return Subject("email", (clean_email(text, field_name) or "").lower())
    phone = to_e164(text) if text else None
    if phone is None:
        raise Unprocessable(
            "bad_subject", _("Give a phone number (e.g. 600 123 456) or an e-mail address."), field_name
        )
    return Subject("phone", phone)


def looks_like_contact(text: str) -> Subject | None:
    """The phone number or e-mail address a search was for, or None when the words are something else."""
    try:
        return subject_from(text) if text.strip() else None
    except Unprocessable:
        return None


@dataclass(frozen=True)
class Retained:
    """One retention rule of a domain ("privacy.retention"): what it removes, after how long (and which setting
    says so), and how many records it anonymised (or, in a dry run, would)."""

    rule: str
    label: str
    period: str
    count: int


@dataclass(frozen=True)
class Held:
    """What one domain holds about a person ("privacy.held"): records as JSON-ready dicts, the fields' labels (in
    order) for the readable summary, and files the person gave (name, bytes) for the export's ZIP."""

    key: str
    label: str
    fields: tuple[tuple[str, str], ...]
    records: list[dict[str, Any]]
    files: tuple[tuple[str, bytes], ...] = field(default=())


@dataclass(frozen=True)
class Erasable:
    """What erasing a person would do in one domain ("privacy.erase"): records erased, and records kept with why
    (a legal duty to keep, a matter still being handled)."""

    label: str
    erased: int
    kept: int = 0
    kept_because: str = ""
