"""The press office's legal clocks. Pure: times in (aware datetimes), times out (UTC).

- A journalist's question to the city is a request for public information (Press Law art. 3a sends the press to the
  Act on Access to Public Information): answered within 14 days, or up to two months with a notice of why (UDIP
  art. 13 ust. 1–2) — counted by cct.public_information, as for every domain.
- A refusal is delivered in writing within three days when the editor-in-chief asks for it (Press Law art. 4 ust. 3).
- An interview is authorised within 6 hours for a daily and 24 hours for a periodical, unless the two sides agree
  otherwise (art. 14a ust. 4), counted from the moment the text was handed over (ust. 5); with no answer in that time
  the quotation counts as authorised without reservations (ust. 7).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cct import public_information
from cct.office_calendar import end_of_day
from press.states import OutletKind

REFUSAL_DAYS = 3  # Press Law art. 4 ust. 3: "w terminie trzech dni"
# Press Law art. 14a ust. 4: "nie później jednak niż w ciągu 1) 6 godzin - w odniesieniu do dzienników,
# 2) 24 godzin - w odniesieniu do czasopism - chyba że strony umówią się inaczej"
AUTHORISATION_HOURS = {OutletKind.DAILY: 6, OutletKind.PERIODICAL: 24}


def answer_due(received: datetime, timezone: ZoneInfo) -> datetime:
    """UDIP art. 13 ust. 1: the end of the 14th day after the question came in."""
    return public_information.answer_deadline(received, timezone)


def extension_limit(received: datetime, timezone: ZoneInfo) -> datetime:
    """UDIP art. 13 ust. 2: an extended answer is due at most two months from the question."""
    return public_information.extended_deadline(received, timezone)


def refusal_due(asked: datetime, timezone: ZoneInfo) -> datetime:
    """Press Law art. 4 ust. 3: the written refusal reaches the editors by the end of the third day after the
    editor-in-chief asked for it (calendar days: the Press Law does not move them off holidays, as KPA art. 57 § 4
    does for its own)."""
    return end_of_day((asked.astimezone(timezone) + timedelta(days=REFUSAL_DAYS)).date(), timezone)


def statutory_authorisation_hours(kind: str) -> int | None:
    """The hours art. 14a ust. 4 gives for this kind of outlet; None where the law gives none (radio, TV, online,
    agencies: the time agreed with the journalist)."""
    return AUTHORISATION_HOURS.get(OutletKind(kind))


def authorisation_due(received: datetime, kind: str, agreed: datetime | None = None) -> datetime | None:
    """When the authorisation is due: the time the two sides agreed, else the statutory hours counted as clock hours
    from the moment the text was received (art. 14a ust. 5) — elapsed time, so a night, a weekend or the change to or
    from summer time counts as the hours that really pass. None when neither applies."""
    if agreed is not None:
        return agreed.astimezone(UTC)
    hours = statutory_authorisation_hours(kind)
    if hours is None:
        return None
    return received.astimezone(UTC) + timedelta(hours=hours)


def working_target(legal_due: datetime, requested: datetime | None) -> datetime:
    """The journalist's own requested time is the press office's target when it comes before the legal deadline."""
    if requested is None:
        return legal_due
    return min(legal_due, requested.astimezone(UTC))
