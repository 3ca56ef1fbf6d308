"""How the Code of Administrative Procedure (KPA) counts a term, for every domain that answers a complaint, a motion
or a letter to forward (tickets, the chancery). Pure: times in, times out; a deadline ends with the last local day
it names (23:59:59 in the office's time zone).

- art. 57 § 1: a term in days does not count the day of the event that starts it; it ends with its last day.
- art. 57 § 3: a term in months ends on the day of the last month that matches the first day, or on the last day of
  that month when it has no such day (received 31 January, one month: the end of February).
- art. 57 § 4: when the end falls on a Saturday or a day free from work by statute (Sundays and public holidays),
  the term ends on the next day that is neither.
- art. 237 § 1 and § 2 (with art. 244 § 1 for motions): a complaint or motion is answered within a month, or within
  14 days when it came through a member of parliament, a senator or a councillor.
- art. 231: one outside the city's remit goes to the competent body within 7 days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cct.office_calendar import add_months, end_of_day, is_polish_holiday

COMPLAINT_MONTHS = 1  # art. 237 § 1: "nie później niż w ciągu miesiąca"
REPRESENTATIVE_DAYS = 14  # art. 237 § 2: "nie później niż w ciągu czternastu dni"
FORWARDING_DAYS = 7  # art. 231: "niezwłocznie, nie później niż w terminie siedmiu dni"
SATURDAY = 5
SUNDAY = 6


def is_free_day(day: date) -> bool:
    """art. 57 § 4: a Saturday, a Sunday or a public holiday (the Act on days free from work)."""
    return day.weekday() in (SATURDAY, SUNDAY) or is_polish_holiday(day)


def off_free_days(day: date) -> date:
    """art. 57 § 4: the last day of a term, moved to the next day that is neither a Saturday nor free from work."""
    while is_free_day(day):
        day += timedelta(days=1)
    return day


def days_term(start: datetime, days: int, timezone: ZoneInfo) -> datetime:
    """art. 57 § 1 and § 4: the end of a term of `days` days from the local day of `start`."""
    last = start.astimezone(timezone).date() + timedelta(days=days)
    return end_of_day(off_free_days(last), timezone)


def months_term(start: datetime, months: int, timezone: ZoneInfo) -> datetime:
    """art. 57 § 3 and § 4: the end of a term of `months` months from the local day of `start`."""
    last = add_months(start.astimezone(timezone).date(), months)
    return end_of_day(off_free_days(last), timezone)


def complaint_deadline(received: datetime, *, via_representative: bool, timezone: ZoneInfo) -> datetime:
    """art. 237 (and art. 244 § 1 for a motion): a month, or 14 days through an MP, a senator or a councillor."""
    if via_representative:
        return days_term(received, REPRESENTATIVE_DAYS, timezone)
    return months_term(received, COMPLAINT_MONTHS, timezone)


def forwarding_deadline(received: datetime, timezone: ZoneInfo) -> datetime:
    """art. 231: a complaint or motion for another body is forwarded to it within 7 days."""
    return days_term(received, FORWARDING_DAYS, timezone)
