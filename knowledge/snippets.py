"""Snippets for search results: the passages of an article where the query's words are, with the words marked.

A word matches when its folded form or its folded lemma is one of the keys the query looked for, so "śmieciami" is
marked for a query "smieci". One pass over the words of the text's start finds the matches; they are grouped into
passages of at most MAX_CHARS, the passages with the most different matched keys win, and they are shown in the
order of the text, cut at word boundaries, joined by an ellipsis. Everything but the <mark> tags is escaped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from cct.lemmas import JOINERS, WORD, lemma_keys
from cct.polish import fold

SOURCE_CHARS = 3000  # the start of a long body: reading all of it costs more than the search
MAX_CHARS = 160  # one passage, context included
CONTEXT = 60  # at most this much of a passage's room comes before its first match
MIN_CONTEXT = 20
PASSAGES = 2
SEPARATOR = " … "

Match = tuple[int, int, str]  # start, end, key


@lru_cache(maxsize=200_000)
def _keys_of(word: str) -> tuple[str, str]:
    """A word as typed (any case) → its folded form and its folded lemma."""
    lower = word.lower()
    return fold(lower), lemma_keys(lower)[0]


class _CharFolds(dict[int, str]):
    """Each character folded alone (cct.polish.fold), a str.translate table filled as characters are met. One that
    folds to none or to several (a combining accent, a ligature) becomes NUL: such a text is matched word by word."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        value = self[code] = folded if len(folded) == 1 else "\0"
        return value


_CHAR_FOLDS = _CharFolds()


def matches(text: str, keys: set[str] | frozenset[str]) -> list[Match]:
    """Where the text's words meet the keys, by their folded form or their folded lemma.

    Only words that start as some key does are looked at: a lemma shares its word's first two letters but in rare
    suppletive forms ("ludzie" → "człowiek", left unmarked). Regular expressions over the text folded a character at
    a time find them, so a body's other hundreds of words cost no Python step and no dictionary look-up; a word at
    a time, this was a fifth of a search's time while the process was new (bench/kb_search.py).
    """
    starts = {key[:2] for key in keys if key[:1].isalnum()}  # derived keys ("~noc") are no word's
    if not starts:
        return []
    folded_text = text.translate(_CHAR_FOLDS)
    if "\0" in folded_text:  # a character that folds to none or several: positions would shift
        candidates = [word.span() for word in WORD.finditer(text)]
    else:
        candidates = sorted({word.span() for start in starts for word in _starting_with(start).finditer(folded_text)})
    found: list[Match] = []
    for start, end in candidates:
        folded, lemma = _keys_of(text[start:end])
        if folded in keys:
            found.append((start, end, folded))
        elif lemma in keys:
            found.append((start, end, lemma))
    return found


@lru_cache(maxsize=4096)
def _starting_with(start: str) -> re.Pattern[str]:
    """Whole words (as cct.lemmas.WORD splits them) that start with these letters: one pattern per start, compiled
    once (a pattern of a query's starts together was compiled anew for nearly every query)."""
    return re.compile(rf"(?<![\w{JOINERS}]){re.escape(start)}\w*(?:[{JOINERS}]\w+)*", re.UNICODE)


def _passages(found: list[Match]) -> list[list[Match]]:
    """Consecutive matches grouped so that each group leaves room for some context in MAX_CHARS."""
    span = MAX_CHARS - 2 * MIN_CONTEXT
    groups: list[list[Match]] = []
    for match in found:
        if groups and match[1] - groups[-1][0][0] <= span:
            groups[-1].append(match)
        else:
            groups.append([match])
    return groups


def _cut_start(text: str, position: int) -> int:
    """`position` moved forward to the start of a word (a passage does not begin mid-word)."""
    if position <= 0:
        return 0
    space = text.find(" ", position - 1)
    return space + 1 if space != -1 else position


def _cut_end(text: str, position: int) -> int:
    """`position` moved back to the end of a word."""
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position + 1)
    return space if space != -1 else position


def _bounds(text: str, group: list[Match]) -> tuple[int, int]:
    """Where a passage starts and ends: its matches with context around them, MAX_CHARS in all."""
    room = max(MAX_CHARS - (group[-1][1] - group[0][0]), 0)
    before = min(CONTEXT, room // 2)
    start = min(_cut_start(text, group[0][0] - before), group[0][0])
    end = max(_cut_end(text, group[-1][1] + room - before), group[-1][1])
    return start, end


def _render(text: str, start: int, end: int, found: list[Match]) -> Markup:
    parts: list[Markup] = []
    position = start
    for match_start, match_end, _key in found:
        parts.append(escape(text[position:match_start]))
        parts.append(Markup("<mark>%s</mark>") % text[match_start:match_end])
        position = match_end
    parts.append(escape(text[position:end]))
    return Markup("").join(parts)


def snippet(text: str, keys: set[str] | frozenset[str]) -> Markup | None:
    """The best passages of `text` for `keys` with the matches marked, or None when nothing in it matches."""
    text = text[:SOURCE_CHARS]
    found = matches(text, keys)
    if not found:
        return None
    groups = _passages(found)
    # most different keys first, then most matches, then the earlier passage; shown in the text's order
    ranked = sorted(range(len(groups)), key=lambda i: (-len({m[2] for m in groups[i]}), -len(groups[i]), i))
    spans: list[list[int]] = []
    for start, end in (_bounds(text, groups[i]) for i in sorted(ranked[:PASSAGES])):
        if spans and start <= spans[-1][1]:  # passages that overlap are shown as one
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    shown = Markup(SEPARATOR).join(  # noqa: S704 - a constant
        _render(text, start, end, [m for m in found if start <= m[0] and m[1] <= end]) for start, end in spans
    )
    before = Markup("… ") if spans[0][0] > 0 else Markup("")
    after = Markup(" …") if spans[-1][1] < len(text) else Markup("")
    return before + shown + after


def shorten(text: str, size: int = MAX_CHARS) -> Markup:
    """The start of a text, escaped, cut at a word boundary: the snippet when no word matched."""
    if len(text) <= size:
        return escape(text)
    return escape(text[:size].rsplit(" ", 1)[0]) + Markup(" …")
