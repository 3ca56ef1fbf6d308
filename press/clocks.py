"""The press office's legal clocks. Pure: times in (aware datetimes), times out (UTC).

- A journalist's question to the city is a request for public information (Press Law art. 3a sends the press to the
  Act on Access to Public Information): answered within 14 days, or up to two months with a notice of why (UDIP
  art. 13 ust. 1–2) — counted by cct.public_information, as for every domain.
- A refusal is delivered in writing within three days when the editor-in-chief asks for it (Press Law art. 4 ust. 3).
- An interview is authorised within 6 hours for a daily and 24 hours for a periodical, unless the two sides agree
  otherwise (art. 14a ust. 4), counted from the moment the text was handed over (ust. 5); with no answer in that time
  the quotation counts as authorised without reservations (ust. 7).
- A correction is sent within 21 days of the publication and is at most twice as long as the fragment it corrects
  (art. 31a); the outlet publishes it by the deadline its medium has (art. 32 ust. 1).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from cct import public_information
from cct.office_calendar import end_of_day
from press.states import Medium, OutletKind

REFUSAL_DAYS = 3  # Press Law art. 4 ust. 3: "w terminie trzech dni"
# Press Law art. 14a ust. 4: "nie później jednak niż w ciągu 1) 6 godzin - w odniesieniu do dzienników,
# 2) 24 godzin - w odniesieniu do czasopism - chyba że strony umówią się inaczej"
AUTHORISATION_HOURS = {OutletKind.DAILY: 6, OutletKind.PERIODICAL: 24}
SATURDAY = 5


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


# -- corrections (Press Law chapter 5) -----------------------------------------------------------------------------

CORRECTION_SEND_DAYS = 21  # art. 31a ust. 3: "w terminie nie dłuższym niż 21 dni od dnia opublikowania materiału"
CORRECTION_LENGTH_FACTOR = 2  # art. 31a: at most twice the volume of the fragment it corrects
DAILY_PUBLICATION_DAYS = 7  # art. 32 ust. 1 pkt 2: a daily, "nie później jednak niż w terminie 7 dni"
ONLINE_PUBLICATION_WORKING_DAYS = 3  # art. 32 ust. 1 pkt 1: the electronic form, "w terminie 3 dni roboczych"


def correction_send_by(published: date, timezone: ZoneInfo) -> datetime:
    """Art. 31a ust. 3: a correction is posted or handed in at the latest on the 21st day after the publication."""
    return end_of_day(published + timedelta(days=CORRECTION_SEND_DAYS), timezone)


def correction_volume(text: str) -> int:
    """A text's volume as the 2× rule compares it: its characters, with every run of white space counted as one."""
    return len(" ".join(text.split()))


def correction_too_long(correction: str, fragment: str) -> bool:
    """Art. 31a: the correction may be at most twice as long as the fragment of the material it corrects."""
    return correction_volume(correction) > CORRECTION_LENGTH_FACTOR * correction_volume(fragment)


def publication_due(
    medium: str, received: date, timezone: ZoneInfo, is_day_off: Callable[[date], bool]
) -> datetime | None:
    """When the outlet must publish a correction it received on `received` (art. 32 ust. 1); None where the law names
    an issue or a broadcast rather than a day (a periodical's next issue, pkt 3; radio and TV's nearest analogous
    broadcast, pkt 4), which the press officer records by hand.

    - online (the electronic form of a daily or periodical, pkt 1): the third working day after receipt — Saturdays,
      Sundays and public holidays are not working days;
    - a daily (pkt 2): at the latest the 7th day after receipt.
    """
    if medium == Medium.ONLINE:
        day, left = received, ONLINE_PUBLICATION_WORKING_DAYS
        while left:
            day += timedelta(days=1)
            if day.weekday() < SATURDAY and not is_day_off(day):
                left -= 1
        return end_of_day(day, timezone)
    if medium == Medium.DAILY:
        return end_of_day(received + timedelta(days=DAILY_PUBLICATION_DAYS), timezone)
    return None


def correction_late(
    due: datetime | None, published: date | None, waiting: bool, now: datetime, timezone: ZoneInfo
) -> bool:
    """Art. 32 ust. 1: the outlet is late when it published the correction after its day, or has not published it
    (`waiting`: sent, neither published nor refused) and the day is over."""
    if due is None:
        return False
    if published is not None:
        return end_of_day(published, timezone) > due
    return waiting and now > due
