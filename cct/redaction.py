"""Taking a person out of text that stays (a ticket's description, an agent's note): their e-mail addresses, phone
numbers, and the name, address and contacts known to belong to them give way to ERASED. A rule, pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

ERASED = "[usunięto]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a phone number as people write one: 9 to 15 digits in groups parted by a space, a dash or brackets, with or without
# +48 / 0048 (not a dot: "1510.12.2026" is a case mark, "12.03.2026" a date)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ ()-]{0,2}\d){8,14}(?!\w)")
_DATE_FIRST = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")  # "2026-12-02 10:30" is a moment, not a number
_SHORTEST_WORD = 3  # a name's words shorter than this ("Jo") are too common to take out of a text
_STEMMED = 5  # a word this long is taken out from its stem on (Polish declines names: Kowalski, Kowalskiego, Kowalskim)


def _phone(match: re.Match[str]) -> str:
    return match.group(0) if _DATE_FIRST.match(match.group(0)) else ERASED


def _word(word: str) -> str:
    """A name's word as a pattern: whole, or from its stem on with any Polish ending."""
    if len(word) >= _STEMMED:
        return rf"(?<!\w){re.escape(word[:-2])}\w{{0,5}}(?!\w)"
    return rf"(?<!\w){re.escape(word)}\w{{0,3}}(?!\w)"  # a short one with its ending: Jan, Jana, Janem


def redact(text: str | None, known: Iterable[str | None] = ()) -> str | None:
    """`text` without e-mail addresses, phone numbers and the `known` values (a name also word by word: "Jan
    Kowalski-Nowak" takes out "Kowalskiego" alone too, as a whole word, in any case)."""
    if not text:
        return text
    text = _EMAIL.sub(ERASED, text)
    text = _PHONE.sub(_phone, text)
    for value in sorted({v.strip() for v in known if v and v.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
        for word in re.split(r"[\s-]+", value):
            if len(word) >= _SHORTEST_WORD and not word.isdigit():
                text = re.sub(_word(word), ERASED, text, flags=re.IGNORECASE)
    return text


def redact_values(values: dict[str, object], keys: Iterable[str], known: Iterable[str | None] = ()) -> dict:
    """A history row's {field: value or [old, new]} with the personal `keys` erased and the rest's text redacted."""
    personal = set(keys)
    known = tuple(known)

    def clean(value: object) -> object:
        if isinstance(value, str):
            return redact(value, known)
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        return value

    def erased(value: object) -> object:
        if isinstance(value, list):
            return [None if item is None else ERASED for item in value]
        return None if value is None else ERASED

    return {key: erased(value) if key in personal else clean(value) for key, value in values.items()}
