"""The press office's legal clocks at their edges: UDIP art. 13 (14 days, two months), Press Law art. 4 ust. 3
(3 days) and art. 14a ust. 4–5 (6 and 24 clock hours from receipt, or the agreed time)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from cct.office_calendar import is_polish_holiday
from press import clocks

WARSAW = ZoneInfo("Europe/Warsaw")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WARSAW)  # type: ignore[misc]


def test_answer_due_at_the_end_of_the_fourteenth_day_and_at_most_two_months_later() -> None:
    received = local(2026, 12, 2, 23, 30)
    assert clocks.answer_due(received, WARSAW) == local(2026, 12, 16, 23, 59, 59)
    assert clocks.extension_limit(received, WARSAW) == local(2027, 2, 2, 23, 59, 59)
    # 31 December + two months: the end of February
    assert clocks.extension_limit(local(2026, 12, 31, 9), WARSAW) == local(2027, 2, 28, 23, 59, 59)


def test_written_refusal_due_three_calendar_days_after_the_request_even_over_a_holiday() -> None:
    friday = local(2026, 12, 4, 16, 0)
    assert clocks.refusal_due(friday, WARSAW) == local(2026, 12, 7, 23, 59, 59)
    # 24 December + 3 = 27 December, a Sunday after Christmas: the Press Law does not move it
    assert clocks.refusal_due(local(2026, 12, 24, 8), WARSAW) == local(2026, 12, 27, 23, 59, 59)
    # asked one second before midnight: that day still counts as the day of the request
    assert clocks.refusal_due(local(2026, 12, 4, 23, 59, 59), WARSAW) == local(2026, 12, 7, 23, 59, 59)


def test_a_daily_has_six_clock_hours_from_a_friday_night() -> None:
    received = local(2026, 12, 4, 23, 30)  # Friday
    assert clocks.authorisation_due(received, "daily") == local(2026, 12, 5, 5, 30).astimezone(UTC)
    assert clocks.authorisation_due(received, "periodical") == local(2026, 12, 5, 23, 30).astimezone(UTC)


def test_clock_hours_are_hours_that_pass_across_the_change_to_and_from_summer_time() -> None:
    # 29 March 2026: 02:00 becomes 03:00, so six hours from 23:30 end at 06:30 on the wall clock
    assert clocks.authorisation_due(local(2026, 3, 28, 23, 30), "daily") == local(2026, 3, 29, 6, 30).astimezone(UTC)
    # 25 October 2026: 03:00 becomes 02:00, so six hours from 23:30 end at 04:30
    assert clocks.authorisation_due(local(2026, 10, 24, 23, 30), "daily") == local(2026, 10, 25, 4, 30).astimezone(UTC)
    # a periodical's 24 hours across the spring change end an hour later on the wall clock
    due = clocks.authorisation_due(local(2026, 3, 28, 12, 0), "periodical")
    assert due == local(2026, 3, 29, 13, 0).astimezone(UTC)


@pytest.mark.parametrize("kind", ["radio", "tv", "online", "agency"])
def test_other_media_have_the_time_agreed_and_none_without_it(kind: str) -> None:
    received = local(2026, 12, 2, 10)
    assert clocks.authorisation_due(received, kind) is None
    agreed = local(2026, 12, 2, 18)
    assert clocks.authorisation_due(received, kind, agreed) == agreed.astimezone(UTC)


def test_an_agreed_time_replaces_the_statutory_hours() -> None:
    received = local(2026, 12, 2, 10)
    agreed = local(2026, 12, 3, 10)
    assert clocks.authorisation_due(received, "daily", agreed) == agreed.astimezone(UTC)


def test_the_journalists_requested_time_is_the_target_only_when_earlier() -> None:
    legal = local(2026, 12, 16, 23, 59, 59)
    assert clocks.working_target(legal, None) == legal
    assert clocks.working_target(legal, local(2026, 12, 3, 12)) == local(2026, 12, 3, 12)
    assert clocks.working_target(legal, local(2027, 1, 10, 12)) == legal


def test_a_correction_is_sent_within_21_days_of_the_publication() -> None:
    assert clocks.correction_send_by(date(2026, 12, 2), WARSAW) == local(2026, 12, 23, 23, 59, 59)
    # published on 31 January: the 21st day after is 21 February
    assert clocks.correction_send_by(date(2027, 1, 31), WARSAW) == local(2027, 2, 21, 23, 59, 59)


def test_a_correction_at_most_twice_the_fragment_counted_without_extra_spaces() -> None:
    fragment = "Miasto nie naprawiło mostu."  # 27 characters
    assert clocks.correction_volume(fragment) == 27
    assert not clocks.correction_too_long("x" * 54, fragment)
    assert clocks.correction_too_long("x" * 55, fragment)
    assert not clocks.correction_too_long("Most  naprawiono\n\n w maju." + " " * 40, fragment)  # runs of spaces are one


def test_an_online_outlet_publishes_within_three_working_days() -> None:
    def closed(day: date) -> bool:
        return is_polish_holiday(day)

    # received on Thursday 10 December 2026: Friday, Monday, Tuesday
    assert clocks.publication_due("online", date(2026, 12, 10), WARSAW, closed) == local(2026, 12, 15, 23, 59, 59)
    # received on Wednesday 23 December: Christmas Eve (a holiday since 2025), Christmas, Saturday the 26th and Sunday
    # are not working days; Monday 28th, Tuesday 29th, Wednesday 30th are
    assert clocks.publication_due("online", date(2026, 12, 23), WARSAW, closed) == local(2026, 12, 30, 23, 59, 59)
    # a daily: seven calendar days, holidays or not
    assert clocks.publication_due("daily", date(2026, 12, 23), WARSAW, closed) == local(2026, 12, 30, 23, 59, 59)


@pytest.mark.parametrize("medium", ["periodical", "radio", "tv", "social"])
def test_other_media_publish_in_their_next_issue_or_broadcast(medium: str) -> None:
    assert clocks.publication_due(medium, date(2026, 12, 10), WARSAW, lambda _day: False) is None
