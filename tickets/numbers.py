"""A ticket's number: "2026/000123" — the year it was opened and its place in that year. The one place that reads
and writes it, in every form people and programs use: with or without the leading zeros, with "/" (as printed and
read out) or "-" (Open311's service_request_id, where a slash would split the URL), with spaces typed around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_YEAR, MAX_YEAR = 2000, 9999
MAX_SEQ = 999_999_999
PATTERN = r"^\d{4}/\d{6,9}$"  # as written (str), for the API's document
_NUMBER = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{1,9})\s*$")
# only the place in the year, as people say it: "9", "000009", "nr 9", "#9"
_BARE = re.compile(r"^\s*(?:nr\.?|no\.?|#)?\s*(\d{1,9})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class TicketNumber:
    year: int
    seq: int

    @classmethod
    def parse(cls, text: str | None) -> TicketNumber | None:
        """The number in "2026/000123", "2026/123", "2026-000123" …; None when the text is not one."""
        match = _NUMBER.match(text or "")
        if match is None:
            return None
        year, seq = int(match.group(1)), int(match.group(2))
        if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= seq <= MAX_SEQ):
            return None
        return cls(year, seq)

    @classmethod
    def candidates(cls, text: str | None, this_year: int) -> list[TicketNumber]:
        """The numbers a text may mean: a whole number means itself; the place in the year alone ("9", "000009",
        "nr 9") means this year's ticket, or last year's (a resident calling in January about December's)."""
        whole = cls.parse(text)
        if whole is not None:
            return [whole]
        match = _BARE.match(text or "")
        if match is None or not 1 <= int(match.group(1)) <= MAX_SEQ:
            return []
        seq = int(match.group(1))
        return [cls(year, seq) for year in (this_year, this_year - 1) if MIN_YEAR <= year <= MAX_YEAR]

    def __str__(self) -> str:
        return f"{self.year}/{self.seq:06d}"

    @property
    def request_id(self) -> str:
        """Open311's service_request_id: "2026-000123"."""
        return f"{self.year}-{self.seq:06d}"
