"""Polish words → folded lemmas, as callers type them (the knowledge base's search, IVR speech, press and letters).

Every word is reduced to its lemma (simplemma; "śmieciami" → "śmieć") and then folded to ASCII ("smiec"), so an
article and a query meet on one key whatever the inflection and whether Polish letters were typed. A lemmatiser
cannot lemmatise a word typed without its Polish letters ("smieciami" is not in any dictionary), so such a query word
is first restored: the Polish letters are tried in its ambiguous places until the dictionary knows the word.

simplemma's default dictionary costs ~360 MB per process; the same dictionary as a memory-mapped trie
(cct.lexicon) costs ~20 MB shared by all processes and answers a lookup in about a microsecond.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamDictionaryFactory

from cct import lexicon
from cct.polish import fold

LANG = "pl"
JOINERS = "'’-"  # what joins the parts of one word ("e-dowód", "d'Artagnan"); in a character class, "-" last
WORD = re.compile(rf"\w+(?:[{JOINERS}]\w+)*", re.UNICODE)
JOINER = re.compile(f"[{JOINERS}]")
log = logging.getLogger(__name__)
# The ASCII letters people type instead of Polish ones, and the Polish letters they may stand for
_POLISH = {"a": "ą", "c": "ć", "e": "ę", "l": "ł", "n": "ń", "o": "ó", "s": "ś", "z": "źż"}
# A word with more ambiguous places than this is not restored (the candidates double with each place).
_MAX_RESTORE_CANDIDATES = 4096

# Function words and the fillers of spoken questions ("ile", "gdzie", "chcę") and of a call ("dzień dobry", "proszę
# pani", "muszę", "wiem"), with the forms callers use of some ("pana", "państwa", "mną"): they say nothing about the
# topic, and in a long question they outweighed it. ("więc" is none: folded, it is "wiec", a rally.) The longer
# frames of a call ("dzwonię w sprawie", "nie wiem, do kogo się zwrócić") are the knowledge search's to leave out.
STOP_WORDS = frozenset(
    """
    a aby ale albo ani aż bez bo by być był była było były chcieć chcę czy czyli dla do dlaczego gdy gdzie go i
    ich ile im in jak jaki jaka jakie jako je jeg jego jej jest jestem już każdy kiedy kto która które który
    lub ma mam mieć mi mnie mogę móc mój na nad nam nas nie niż o od oraz po pod przez przy się są ta tak tam
    te ten to tu tym u w we wy z za ze że żeby co coś czym ktoś mieć móc być ten który jaki swój on ona ono oni
    mój twój nasz wasz sam też jeszcze tylko bardzo można trzeba
    dzień dobry witam halo proszę pan pani państwo no ok okej chciałbym chciałabym chciałem właśnie jakiś jakaś
    musieć muszę wiedzieć wiem teraz znowu moja moje ja mną pana panu panem panią państwa państwu naprawdę
    może nikt nic
    """.split()  # noqa: SIM905 - a word list reads better as text
)


FOLDED_STOP_WORDS = frozenset(fold(word) for word in STOP_WORDS)


class _Lemmatizer:
    """simplemma with its memory-frugal Polish dictionary, loaded on first use (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._strategy = None
        self._dictionary = None

    def _load(self) -> None:
        with self._lock:
            if self._strategy is not None:
                return
            factory = _dictionary_factory()
            self._dictionary = factory.get_dictionary(LANG)
            self._strategy = DefaultStrategy(dictionary_factory=factory)

    def warm_up(self) -> None:
        self._load()

    def lemma(self, word: str) -> str | None:
        """The lemma of a lower-case word, or None when the dictionary and simplemma's rules do not know it."""
        if self._strategy is None:
            self._load()
        return self._strategy.get_lemma(word, LANG)  # type: ignore[union-attr]

    def known(self, word: str) -> bool:
        if self._dictionary is None:
            self._load()
        return word in self._dictionary  # type: ignore[operator]


def _dictionary_factory() -> Any:
    """The memory-mapped trie (cct.lexicon); simplemma's stream dictionary when the trie cannot be had."""
    try:
        return lexicon.TrieDictionaryFactory(LANG, lexicon.load(LANG))
    except Exception:
        log.warning("no lexicon trie; using simplemma's (slower) stream dictionary", exc_info=True)
        return StreamDictionaryFactory()


LEMMATIZER = _Lemmatizer()


@lru_cache(maxsize=200_000)
def lemma_keys(word: str) -> tuple[str, ...]:
    """The folded lemma(s) of one lower-case word, as the index stores them (a word of an article)."""
    lemma = LEMMATIZER.lemma(word)
    return (fold(lemma if lemma else word),)


@lru_cache(maxsize=50_000)
def query_keys(word: str) -> tuple[str, ...]:
    """The folded lemma(s) of one word a caller typed: restored first when its Polish letters are missing."""
    if not word.isascii():
        return lemma_keys(word)
    # An ASCII word may be a real word ("kot") or one typed without its Polish letters ("smieci"); the dictionary
    # even knows some such spellings as variants, so the restored spellings count either way.
    as_typed = [word] if LEMMATIZER.known(word) else []
    restored = [*as_typed, *restorations(word)]
    if not restored:
        return lemma_keys(word)
    keys: list[str] = []
    for candidate in restored:
        for key in lemma_keys(candidate):
            if key not in keys:
                keys.append(key)
    return tuple(keys)


@lru_cache(maxsize=50_000)
def restorations(word: str) -> tuple[str, ...]:
    """The spellings of an ASCII word with Polish letters put back that the dictionary knows ("smieci" → "śmieci")."""
    places = [i for i, c in enumerate(word) if c in _POLISH]
    if not places:
        return ()
    options = [c + _POLISH[c] if i in places else c for i, c in enumerate(word)]
    total = 1
    for option in options:
        total *= len(option)
    if total > _MAX_RESTORE_CANDIDATES:
        return ()
    found = []
    for letters in itertools.product(*options):
        candidate = "".join(letters)
        if candidate != word and LEMMATIZER.known(candidate):
            found.append(candidate)
    return tuple(found)


def in_dictionary(word: str) -> bool:
    """Whether the dictionary knows a lower-case word, as typed or with its Polish letters put back."""
    return LEMMATIZER.known(word) or (word.isascii() and bool(restorations(word)))


_ALPHABET = "aąbcćdeęfghijklłmnńoóprsśtuwyzźż"


# A word's one-edit variants are ~66 per letter, each looked up: a longer "word" is no typo of a word but a number, a
# code or a name, and is not guessed for (about 1 ms a word of ten letters).
MAX_EDITED_LETTERS = 20


@lru_cache(maxsize=20_000)
def known_edits(word: str) -> tuple[str, ...]:
    """The words the dictionary knows one edit (a letter missed, added, changed, two swapped) from a lower-case word it
    does not know even with its Polish letters put back: what a typo of an inflected form ("wydzaiłów", "gozi") was
    meant to be. A word the dictionary knows is no typo, and nothing is guessed for it, nor for what is not a word of
    letters up to MAX_EDITED_LETTERS long."""
    if len(word) > MAX_EDITED_LETTERS or not word.isalpha() or in_dictionary(word):
        return ()
    found: set[str] = set()
    for at in range(len(word) + 1):
        head, tail = word[:at], word[at:]
        found.update(head + letter + tail for letter in _ALPHABET)
        if tail:
            found.add(head + tail[1:])
            found.update(head + letter + tail[1:] for letter in _ALPHABET)
        if len(tail) > 1:
            found.add(head + tail[1] + tail[0] + tail[2:])
    found.discard(word)
    return tuple(sorted(candidate for candidate in found if LEMMATIZER.known(candidate)))


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lower-case word) for every word of a text."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), match.group().lower()


def content_words(text: str) -> Iterator[tuple[str, str]]:
    """(lower-case word, its folded form) for every word of a text that is not a stop word."""
    for _start, _end, word in words(text):
        surface = fold(word)
        if surface not in FOLDED_STOP_WORDS:
            yield word, surface


# -- derivation ---------------------------------------------------------------------------------------------------
# A lemma tells a word's inflected forms apart from other words, but not the words derived from one another: "nocna"
# is "nocny", "w nocy" is "noc"; "świecąca" is "świecący", "nie świeci" is "świecić"; "hałasują" is "hałasować",
# "hałas" is "hałas". A second, weaker key per word is its folded lemma without the ending that makes it a verb, an
# adjective or a noun of its kind, so such words meet there ("~noc", "~swiec", "~halas"). pystempel's Polish
# stemmer was measured for this and does not do it (its PoliMorf table maps "nocna" to "nocny", its small one
# "nocy" to "nt") while costing 185 MB a process. Longer endings are tried first; what is left keeps 3 letters.
DERIVATION_MARK = "~"
_DERIVATION_ENDINGS = tuple(
    sorted(
        """owac ywac iwac ac ec ic yc uc acy ecy owy owa owe ny na ne ni ski ska skie cki cka ka ko ek unek osc
        anie enie a o e y i u""".split(),  # noqa: SIM905 - a word list reads better as text
        key=len,
        reverse=True,
    )
)
_DERIVATION_STEM_MIN = 3
# Callers' diminutives ("dowodzik", "melduneczek", "karteczka") become the word they diminish first; only the
# endings that are diminutive whatever comes before them ("-nik" is a doer, "chodnik" no small "chód").
_DIMINUTIVE_ENDINGS = (("eczek", "ek"), ("eczka", "ka"), ("eczko", "ko"), ("uszek", ""), ("dzik", "d"), ("rzyk", "rz"))


@lru_cache(maxsize=200_000)
def derivation_key(key: str) -> str:
    """The derivational key of a folded lemma key ("nocny" → "~noc", "dowodzik" → "~dowod")."""
    for diminutive, base in _DIMINUTIVE_ENDINGS:
        if key.endswith(diminutive) and len(key) - len(diminutive) >= _DERIVATION_STEM_MIN:
            key = key[: -len(diminutive)] + base
            break
    for ending in _DERIVATION_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= _DERIVATION_STEM_MIN:
            return DERIVATION_MARK + key[: -len(ending)]
    return DERIVATION_MARK + key


# A word negated by its prefix ("nieodebrane", "nieczynna") also stands for the word it negates, as a caller says it
# in two words ("nie odebrali"): "nie" itself is a stop word, so the two meet on the negated word's keys.
NEGATION = "nie"


def negation_keys(word: str) -> tuple[str, ...]:
    """The keys of the word a "nie-" word negates, when the dictionary knows it ("nieodebrane" → "odebrać")."""
    rest = word[len(NEGATION) :]
    if word.startswith(NEGATION) and len(rest) >= 4 and LEMMATIZER.known(rest):
        return lemma_keys(rest)
    return ()


# A compound written with a hyphen ("e-dowodu", "IN-1", "info-car") is one word, lemmatised by its last part
# ("e-dowod"); callers also leave the hyphen out ("edowod"), type a space for it ("e dowód", "in 1") or name a part
# alone ("dowód"). Such a word also stands for its keys written as one and for its parts, and two words a query has
# side by side, stop words too, are looked for as such a compound (knowledge.search: only when the index has it). A
# part counts when it is a word of three letters or more: "e-mail" is no "e", "IN-1" no "1".
MIN_PART_LETTERS = 3


def compound_keys(word: str, keys: Collection[str], *, query: bool = False) -> list[str]:
    """A compound's other keys beside `keys`, its own: those keys written as one word ("e-dowod" → "edowod") and its
    parts' ("dowod"); none for a word of one part (parts are joined by a hyphen or an apostrophe)."""
    parts = JOINER.split(word)
    if len(parts) < 2:
        return []
    as_one = [JOINER.sub("", key) for key in keys if JOINER.search(key)]
    of_parts = [
        (query_keys(part) if query else lemma_keys(part))[0]
        for part in parts
        if len(part) >= MIN_PART_LETTERS and part.isalpha()
    ]
    return [key for key in dict.fromkeys(as_one + of_parts) if key not in keys and key not in FOLDED_STOP_WORDS]


def compound_key(first: str, second: str) -> str:
    """The key two query words side by side would have as a hyphenated compound ("e", "dowodu" → "e-dowod")."""
    return f"{fold(first)}-{query_keys(second)[0]}"


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: what the caller typed (for a typo, the keys it was corrected to) and the index keys it
    stands for."""

    text: str
    keys: tuple[str, ...]

    @property
    def derived(self) -> tuple[str, ...]:
        """The derivational keys of its keys (weaker: knowledge.search weighs them less)."""
        return tuple(dict.fromkeys(derivation_key(key) for key in self.keys))


def word_keys(word: str, *, query: bool = False) -> list[str]:
    """The keys one lower-case word is found by (none for a stop word): its folded lemma(s) (as a query word: with its
    Polish letters restored first), those of the word a "nie-" word negates, its folded surface form, and a
    compound's keys written as one word and its parts' keys (compound_keys)."""
    surface = fold(word)
    if surface in FOLDED_STOP_WORDS:
        return []
    found = (*(query_keys(word) if query else lemma_keys(word)), *negation_keys(word), surface)
    keys = list(dict.fromkeys(key for key in found if key not in FOLDED_STOP_WORDS))
    return keys + compound_keys(word, keys, query=query)


def text_keys(text: str) -> str:
    """A text's keys for matching in SQL: each once, space-separated and framed by spaces (" noc nocny stadion "),
    so that `LIKE '% key %'` finds a whole key (short records: press answers, positions; articles have an index)."""
    keys = dict.fromkeys(key for _start, _end, word in words(text) for key in word_keys(word))
    return f" {' '.join(keys)} " if keys else ""


def analyse_query(text: str) -> list[QueryWord]:
    """The meaningful words of a query, each with its keys (stop words dropped)."""
    result = []
    for word, _surface in content_words(text):
        # The word as typed counts too (word_keys): the lemmatiser is not consistent between the forms of one word
        # (it gives "parkowanie" → "parkować" but "parkowania" → "parkowanie"), and the index keeps every word's form.
        result.append(QueryWord(word, tuple(word_keys(word, query=True))))
    return result
