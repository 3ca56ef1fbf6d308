"""tickets.numbers: what a typed number may mean."""

from __future__ import annotations

import pytest

from tickets.numbers import MAX_SEQ, TicketNumber


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026/000009", [TicketNumber(2026, 9)]),
        ("2025-9", [TicketNumber(2025, 9)]),  # a whole number means only itself
        ("9", [TicketNumber(2026, 9), TicketNumber(2025, 9)]),
        ("000009", [TicketNumber(2026, 9), TicketNumber(2025, 9)]),
        ("nr 9", [TicketNumber(2026, 9), TicketNumber(2025, 9)]),
        ("Nr. 9", [TicketNumber(2026, 9), TicketNumber(2025, 9)]),
        ("#9", [TicketNumber(2026, 9), TicketNumber(2025, 9)]),
        (str(MAX_SEQ), [TicketNumber(2026, MAX_SEQ), TicketNumber(2025, MAX_SEQ)]),
    ],
)
def test_candidates(typed: str, meant: list[TicketNumber]) -> None:
    assert TicketNumber.candidates(typed, 2026) == meant


@pytest.mark.parametrize("typed", ["", None, "0", "000", "1234567890", "9a", "nr", "9 9", "-9", "²"])
def test_no_candidates(typed: str | None) -> None:
    assert TicketNumber.candidates(typed, 2026) == []


def test_the_first_year_has_no_year_before_it() -> None:
    assert TicketNumber.candidates("5", 2000) == [TicketNumber(2000, 5)]
