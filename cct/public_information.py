"""The clock of a request for public information (the Act on Access to Public Information, UDIP), which every domain
that receives one counts the same way: a resident's request that became a ticket, a journalist's question to the
press office (Press Law art. 3a sends the press to UDIP), a letter the chancery registers. Pure: times in, times out.

A deadline ends with the last local day it names (23:59:59 in the office's time zone).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cct.office_calendar import add_months, end_of_day

ANSWER_DAYS = 14  # UDIP art. 13 ust. 1: "bez zbędnej zwłoki, nie później jednak niż w terminie 14 dni"
EXTENDED_MONTHS = 2  # UDIP art. 13 ust. 2: only with a notice of the delay, its reason and the new date


def answer_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """UDIP art. 13 ust. 1: the end of the 14th day after the day the request came in."""
    return end_of_day((received.astimezone(timezone) + timedelta(days=ANSWER_DAYS)).date(), timezone)


def extended_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """UDIP art. 13 ust. 2: at most two months from the request, and only once the requester is told why."""
    return end_of_day(add_months(received.astimezone(timezone), EXTENDED_MONTHS).date(), timezone)
