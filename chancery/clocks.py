"""The statutory clocks of the letters the chancery registers and the cases it opens from them. Pure: times in
(aware datetimes), times out (UTC, the end of the last local day).

- complaint (KPA art. 237 § 1) and motion (art. 244 § 1, which sends to art. 237): one month, or 14 days when it came
  through a member of parliament, a senator or a councillor (art. 237 § 2) — counted by KPA art. 57 (cct.kpa): a
  month from the 31st ends on a shorter month's last day (§ 3), an end on a Saturday or a holiday moves to the next
  working day (§ 4);
- forwarding a complaint or motion to the competent body: 7 days (art. 231), counted the same way;
- a request for public information: 14 days, up to two months with a notice of why (UDIP art. 13 ust. 1–2), counted
  by cct.public_information as the press office and the helpline count it (calendar days: UDIP has no rule that
  moves an end off a free day);
- a petition: 3 months (the Act on petitions of 11 July 2014, art. 10 ust. 1); what that Act leaves open it sends to
  the Civil Code (art. 16), whose art. 115 moves an end on a Saturday or a holiday to the next working day, as KPA
  art. 57 § 4 does;
- letters of other kinds carry no statutory clock.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cct import kpa, public_information
from chancery.states import KPA_KINDS, LetterKind

PETITION_MONTHS = 3  # Act on petitions art. 10 ust. 1: "nie później niż w terminie 3 miesięcy od dnia jej złożenia"


def answer_due(kind: str, received: datetime, *, via_representative: bool, timezone: ZoneInfo) -> datetime | None:
    """When the answer to a letter of this kind is due by law; None when the law sets no term."""
    if kind in KPA_KINDS:
        return kpa.complaint_deadline(received, via_representative=via_representative, timezone=timezone)
    if kind == LetterKind.PUBLIC_INFO:
        return public_information.answer_deadline(received, timezone)
    if kind == LetterKind.PETITION:
        return kpa.months_term(received, PETITION_MONTHS, timezone)
    return None


def extension_limit(kind: str, received: datetime, timezone: ZoneInfo) -> datetime | None:
    """UDIP art. 13 ust. 2: how far a request for public information may be extended (with a notice)."""
    if kind == LetterKind.PUBLIC_INFO:
        return public_information.extended_deadline(received, timezone)
    return None


def forwarding_due(kind: str, received: datetime, timezone: ZoneInfo) -> datetime | None:
    """KPA art. 231: a complaint or motion for another body reaches it within 7 days; None for other kinds."""
    if kind in KPA_KINDS:
        return kpa.forwarding_deadline(received, timezone)
    return None
