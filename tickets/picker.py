"""The category picker's rule: which categories a few typed letters mean, the way agents and callers say them.

An agent types what the caller says, not the category's code: "smieci", "nieodebr", "latarnia", "oswietlenei",
"Odpady i czystość › Nieodebrane odpady". Each category is known by its code, its name, its parent's name and the
keywords a unit gave it ("latarnia lampa nie świeci"), all folded (cct.polish) so Polish letters are optional.
A typed word meets a category's word when it is the same, when it starts it (a few letters), when the two share
a stem (an inflected form: "latarni" and "latarnia") or when it is one typo away (two for long words). Inputs in,
decision out: tickets.queries gives the choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from cct.polish import normalise

WORD = re.compile(r"[0-9a-z]+")
# how much a word of each part of a category weighs: its own name and code most, its parent's name least
NAME, CODE, KEYWORD, PARENT = 1.0, 1.0, 0.8, 0.5
# how well a typed word meets a category's word
SAME, START, STEM, TYPO = 1.0, 0.8, 0.7, 0.5
SHORTEST_TYPO = 4  # shorter words are too easily another word with one letter changed
LONG_WORD = 8  # from this length two typos still mean the word
SHORTEST_STEM = 5  # "latarn…": a common beginning this long, within two letters of both ends, is one word's forms
SEPARATORS = ("—", " - ", "›", ">", "/")


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    parent: str | None
    keywords: str

    @property
    def path(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent else self.name

    @property
    def label(self) -> str:
        return f"{self.code} — {self.path}"


def _words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def _meets(typed: str, word: str) -> float:
    if typed == word:
        return SAME
    if word.startswith(typed):
        return START
    common = len(_common_prefix(typed, word))
    if common >= SHORTEST_STEM and common >= max(len(typed), len(word)) - 2:
        return STEM
    if len(typed) >= SHORTEST_TYPO:
        allowed = 2 if len(typed) >= LONG_WORD else 1
        # the whole word or its beginning, with a letter wrong, missing, extra or two swapped
        lengths = range(max(1, len(typed) - allowed), len(typed) + allowed + 1)
        if any(OSA.distance(typed, word[:length], score_cutoff=allowed) <= allowed for length in lengths):
            return TYPO
    return 0.0


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _parts(choice: Choice) -> list[tuple[float, list[str]]]:
    return [
        (NAME, _words(choice.name)),
        (CODE, _words(choice.code)),
        (KEYWORD, _words(choice.keywords)),
        (PARENT, _words(choice.parent or "")),
    ]


def score(text: str, choice: Choice) -> float:
    """How well the typed text means this category: 0 when a word of it meets nothing of the category."""
    typed = [word for word in _words(text) if len(word) > 1]
    if not typed:
        return 0.0
    parts = _parts(choice)
    total = 0.0
    for word in typed:
        best = max((weight * _meets(word, own) for weight, words in parts for own in words), default=0.0)
        if best == 0.0:
            return 0.0
        total += best
    return total / len(typed)


def matches(text: str, choices: list[Choice], limit: int = 8) -> list[Choice]:
    """The categories the text may mean, best first (the category's own words before its parent's)."""
    scored = [(score(text, choice), choice) for choice in choices]
    found = [(value, choice) for value, choice in scored if value > 0]
    found.sort(key=lambda pair: (-pair[0], pair[1].path))
    return [choice for _value, choice in found[:limit]]


def _keys(choice: Choice) -> set[str]:
    names = {choice.code, choice.name, choice.path, choice.label, f"{choice.code} {choice.path}"}
    return {_key(name) for name in names}


def _key(text: str) -> str:
    for separator in SEPARATORS:
        text = text.replace(separator, " ")
    return " ".join(_words(text))


def resolve(text: str, choices: list[Choice]) -> Choice | None:
    """The one category the text names exactly (its code, its name, its path or the picker's line, with or without
    Polish letters); None when it names none or several (two categories may share a name under different parents)."""
    key = _key(text)
    if not key:
        return None
    named = [choice for choice in choices if key in _keys(choice)]
    if len(named) == 1:
        return named[0]
    by_code = [choice for choice in named if _key(choice.code) == key]
    return by_code[0] if len(by_code) == 1 else None
