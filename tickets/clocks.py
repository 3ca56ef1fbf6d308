"""Statutory clocks in calendar days, set by law beside the SLA. Pure: times in, times out.

A deadline ends with the last local day it names (23:59:59 in the office's time zone).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cct import public_information
from cct.office_calendar import add_months, end_of_day
from tickets.states import StatutoryKind

FORWARDING_DAYS = 7  # KPA art. 231: a complaint or motion outside the city's remit goes to the competent body
REPRESENTATIVE_DAYS = 14  # KPA art. 237 § 2: one that came through an MP, a senator or a councillor


def statutory_deadline(received: datetime, kind: str, *, via_representative: bool, timezone: ZoneInfo) -> datetime:
    """The end of the last day for an answer.

    complaint (KPA art. 237 § 1) and motion (KPA art. 244 § 1 with art. 237): one month, or 14 days when it came
    through an MP, a senator or a councillor (art. 237 § 2); public information (UDIP art. 13 ust. 1): 14 days.
    """
    local = received.astimezone(timezone)
    if kind in (StatutoryKind.COMPLAINT, StatutoryKind.MOTION):
        last = local + timedelta(days=REPRESENTATIVE_DAYS) if via_representative else add_months(local, 1)
    elif kind == StatutoryKind.PUBLIC_INFO:
        return public_information.answer_deadline(received, timezone)
    else:
        raise ValueError(f"no statutory clock for {kind!r}")
    return end_of_day(last.date(), timezone)


def forwarding_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """KPA art. 231: a complaint or motion outside the city's remit is forwarded to the competent body within 7 days."""
    return end_of_day((received.astimezone(timezone) + timedelta(days=FORWARDING_DAYS)).date(), timezone)


def extended_public_info_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """UDIP art. 13 ust. 2 (cct.public_information): at most two months, once the requester is told why."""
    return public_information.extended_deadline(received, timezone)
