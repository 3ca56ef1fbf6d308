"""tickets.picker at its edges: what a few typed letters mean, and when a text names exactly one category."""

from __future__ import annotations

import pytest

from tickets.picker import Choice, matches, resolve, score

LAMPS = Choice("oswietlenie", "Oświetlenie uliczne", None, "latarnia lampa nie świeci")
WASTE = Choice("odpady", "Odpady i czystość", None, "śmieci kosz")
MISSED = Choice("odpady-wywoz", "Nieodebrane odpady", "Odpady i czystość", "wywóz śmieciarka")
# two categories may share a name under different parents
PARK_TREES = Choice("zielen-parki", "Drzewa", "Parki", "")
STREET_TREES = Choice("zielen-ulice", "Drzewa", "Pasy drogowe", "")
ALL = [LAMPS, WASTE, MISSED, PARK_TREES, STREET_TREES]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("latarnia", LAMPS),  # a keyword
        ("LATARNIĄ", LAMPS),  # another case of it, in capitals
        ("lat", LAMPS),  # a few letters
        ("latrania", LAMPS),  # two letters swapped
        ("oswietlenei", LAMPS),
        ("nieodebr", MISSED),
        ("smieciarka", MISSED),  # without Polish letters
        ("odpady wywoz", MISSED),  # the code's words
    ],
)
def test_what_people_type_finds_the_category(typed: str, first: Choice) -> None:
    assert matches(typed, ALL)[0] == first


def test_a_category_own_name_weighs_more_than_its_parents() -> None:
    assert matches("odpady", ALL)[:2] == [WASTE, MISSED]


@pytest.mark.parametrize("typed", ["", "   ", "— › /", "x", "zzzz", "latarnia zzzz"])
def test_nothing_or_a_word_that_meets_nothing_finds_nothing(typed: str) -> None:
    assert matches(typed, ALL) == []


def test_short_words_are_not_taken_for_typos() -> None:
    assert score("kot", Choice("k", "Koty", None, "")) > 0  # a beginning
    assert score("lot", Choice("k", "Koty", None, "")) == 0  # one letter off, but too short to be a typo


def test_matches_are_capped() -> None:
    many = [Choice(f"c{n}", f"Drogi {n}", None, "") for n in range(20)]
    assert len(matches("drogi", many, limit=8)) == 8


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("oswietlenie", LAMPS),
        ("Oświetlenie uliczne", LAMPS),
        ("OSWIETLENIE ULICZNE", LAMPS),
        ("oswietlenie — Oświetlenie uliczne", LAMPS),
        ("Odpady i czystość › Nieodebrane odpady", MISSED),
        ("Odpady i czystość > Nieodebrane odpady", MISSED),
        ("Parki › Drzewa", PARK_TREES),
        ("zielen-ulice", STREET_TREES),
    ],
)
def test_a_text_that_names_one_category_is_it(typed: str, named: Choice) -> None:
    assert resolve(typed, ALL) == named


@pytest.mark.parametrize("typed", ["Drzewa", "latarnia", "oswietl", "", "odpady wywoz smieci"])
def test_a_text_that_names_none_or_several_is_not_taken(typed: str) -> None:
    assert resolve(typed, ALL) is None
