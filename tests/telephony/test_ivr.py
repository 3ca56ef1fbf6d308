"""The IVR's pure parts: the office hours as callers hear them, and menu choices by key or by words."""

from __future__ import annotations

import pytest

from cct.lemmas import analyse_query
from telephony import ivr
from telephony.schemas import IvrOption

OPTIONS = [
    IvrOption(key="1", label="drogi", category="drogi", words=["dziura", "chodnik", "latarnia"]),
    IvrOption(key="2", label="odpady", category="odpady", words=["śmieci", "odpady", "pojemnik"]),
    IvrOption(key="4", label="inne", category="", words=["inne"]),
]


def keys(text: str) -> set[str]:
    return {key for word in analyse_query(text) for key in word.keys}


def test_hours_are_spoken_per_run_of_days() -> None:
    weekly = ("07:30-15:30",) * 4 + ("07:30-13:00", "", "")
    assert ivr.hours_text(weekly) == "poniedziałek–czwartek od 7:30 do 15:30, piątek od 7:30 do 13:00"
    assert ivr.hours_text(("", "08:00-16:00", "", "", "", "09:00-12:00", "")) == (
        "wtorek od 8:00 do 16:00, sobota od 9:00 do 12:00"
    )


@pytest.mark.parametrize(
    ("digits", "speech", "key", "category"),
    [
        ("2", None, "2", "odpady"),
        ("4", None, "4", None),  # an option without a category
        ("7", None, "other", None),  # a key no option has
        (None, "Nikt nie wywiózł smieci z pojemników", "2", "odpady"),  # inflected, without Polish letters
        (None, "dziura w chodniku przy latarni", "1", "drogi"),
        (None, "chciałbym zapytać o coś", "other", None),
        (None, None, "other", None),
        ("", "  ", "other", None),
    ],
)
def test_menu_choice(digits: str | None, speech: str | None, key: str, category: str | None) -> None:
    choice = ivr.choose(OPTIONS, digits, speech, keys)
    assert (choice.key, choice.category) == (key, category)


def test_what_the_caller_said_is_kept_short() -> None:
    said = "odpady " * 100
    assert len(ivr.choose(OPTIONS, None, said, keys).heard or "") == 300
