"""Statutory clocks in calendar days, set by law beside the SLA. Pure: times in, times out.

A deadline ends with the last local day it names (23:59:59 in the office's time zone).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cct import kpa, public_information
from tickets.states import StatutoryKind


def statutory_deadline(received: datetime, kind: str, *, via_representative: bool, timezone: ZoneInfo) -> datetime:
    """The end of the last day for an answer.

    complaint (KPA art. 237 § 1) and motion (KPA art. 244 § 1 with art. 237): one month, or 14 days when it came
    through an MP, a senator or a councillor (art. 237 § 2), counted by KPA art. 57 (cct.kpa: an end on a Saturday
    or a holiday moves to the next working day); public information (UDIP art. 13 ust. 1): 14 days.
    """
    if kind in (StatutoryKind.COMPLAINT, StatutoryKind.MOTION):
        return kpa.complaint_deadline(received, via_representative=via_representative, timezone=timezone)
    if kind == StatutoryKind.PUBLIC_INFO:
        return public_information.answer_deadline(received, timezone)
    raise ValueError(f"no statutory clock for {kind!r}")


def forwarding_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """KPA art. 231: a complaint or motion outside the city's remit is forwarded to the competent body within 7 days."""
    return kpa.forwarding_deadline(received, timezone)


def extended_public_info_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """UDIP art. 13 ust. 2 (cct.public_information): at most two months, once the requester is told why."""
    return public_information.extended_deadline(received, timezone)
