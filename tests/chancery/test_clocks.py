"""The statutory clocks of letters and cases at their edges (chancery.clocks, cct.kpa)."""

from __future__ import annotations

from datetime import date

import pytest

from cct import kpa
from chancery import clocks
from tests.chancery.conftest import WARSAW, local


def _last_day(kind: str, received: tuple[int, ...], via_representative: bool = False) -> date:
    due = clocks.answer_due(kind, local(*received), via_representative=via_representative, timezone=WARSAW)
    assert due is not None
    local_due = due.astimezone(WARSAW)
    assert (local_due.hour, local_due.minute, local_due.second) == (23, 59, 59)  # the end of the last day
    return local_due.date()


@pytest.mark.parametrize(
    ("kind", "received", "last_day"),
    [
        # KPA art. 57 § 3: a month from 31 March ends on 30 April (Thursday)
        ("complaint", (2026, 3, 31, 10, 0), date(2026, 4, 30)),
        # a month from 31 January 2026 ends on 28 February, a Saturday: § 4 moves it to Monday 2 March
        ("complaint", (2026, 1, 31, 10, 0), date(2026, 3, 2)),
        # a month from 30 January 2028 (leap year) ends on 29 February, a Tuesday
        ("motion", (2028, 1, 30, 9, 0), date(2028, 2, 29)),
        # a month from 11 October 2026 ends on 11 November, Independence Day (Wednesday): Thursday 12 November
        ("complaint", (2026, 10, 11, 9, 0), date(2026, 11, 12)),
        # ends on Friday 25 December (Christmas), Saturday, Sunday: Monday 28 December
        ("motion", (2026, 11, 25, 9, 0), date(2026, 12, 28)),
        # the day it came in does not count (art. 57 § 1); a letter at 23:30 local time is that day's
        ("complaint", (2026, 6, 15, 23, 30), date(2026, 7, 15)),
    ],
)
def test_complaints_and_motions_by_kpa_article_57(kind: str, received: tuple[int, ...], last_day: date) -> None:
    assert _last_day(kind, received) == last_day


def test_through_a_councillor_fourteen_days_off_free_days() -> None:
    # 14 days from Sunday 1 November 2026 end on Sunday 15 November: Monday 16 November (art. 237 § 2, art. 57 § 4)
    assert _last_day("complaint", (2026, 11, 1, 12, 0), via_representative=True) == date(2026, 11, 16)
    # from Friday 6 November: Friday 20 November, a working day, stays
    assert _last_day("motion", (2026, 11, 6, 12, 0), via_representative=True) == date(2026, 11, 20)


def test_public_information_counts_calendar_days_and_petitions_move_off_free_days() -> None:
    # UDIP art. 13 ust. 1: 14 days; on 20 December 2026 it ends on Sunday 3 January 2027 and stays there
    assert _last_day("public_info", (2026, 12, 20, 23, 30)) == date(2027, 1, 3)
    # the Act on petitions art. 10 ust. 1: three months; 30 November → 28 February 2027, a Sunday: Monday 1 March
    # (art. 16 of that Act, Civil Code art. 115); from 15 September → Tuesday 15 December, a working day
    assert _last_day("petition", (2026, 11, 30, 10, 0)) == date(2027, 3, 1)
    assert _last_day("petition", (2026, 9, 15, 10, 0)) == date(2026, 12, 15)
    limit = clocks.extension_limit("public_info", local(2026, 12, 31, 12, 0), WARSAW)
    assert limit is not None
    assert limit.astimezone(WARSAW).date() == date(2027, 2, 28)


@pytest.mark.parametrize("kind", ["letter", "invoice", "other"])
def test_other_kinds_have_no_statutory_clock(kind: str) -> None:
    assert clocks.answer_due(kind, local(2026, 12, 1, 9, 0), via_representative=False, timezone=WARSAW) is None
    assert clocks.forwarding_due(kind, local(2026, 12, 1, 9, 0), WARSAW) is None
    assert clocks.extension_limit(kind, local(2026, 12, 1, 9, 0), WARSAW) is None


def test_forwarding_within_seven_days() -> None:
    # KPA art. 231: from Saturday 26 December 2026, seven days end on Saturday 2 January 2027 → Monday 4 January
    due = clocks.forwarding_due("complaint", local(2026, 12, 26, 10, 0), WARSAW)
    assert due is not None
    assert due.astimezone(WARSAW).date() == date(2027, 1, 4)
    # from Tuesday 1 December: Tuesday 8 December
    due = clocks.forwarding_due("motion", local(2026, 12, 1, 10, 0), WARSAW)
    assert due is not None
    assert due.astimezone(WARSAW).date() == date(2026, 12, 8)


def test_free_days_are_saturdays_sundays_and_holidays() -> None:
    assert kpa.is_free_day(date(2026, 12, 5))  # Saturday
    assert kpa.is_free_day(date(2026, 12, 6))  # Sunday
    assert kpa.is_free_day(date(2026, 12, 24))  # Christmas Eve, a public holiday from 2025
    assert not kpa.is_free_day(date(2026, 12, 4))  # Friday
    assert kpa.off_free_days(date(2026, 12, 24)) == date(2026, 12, 28)
