"""What agents' choices teach the search: a query's key, and the bounded, fading boost an article earns when agents
open it after that query.

A query is grouped by its words' keys (lemmas, folded, sorted), so "nie odebrali śmieci" and "śmieci nie odebrali"
are one query, and so is "dzień dobry, dzwonię bo nie odebrali śmieci" (a caller's talk about the call is left out:
knowledge.call_talk). When the analysis changes, `cct db upgrade` keys the stored queries again from their wording
(knowledge.operations.refresh_learning_keys). What may identify a person never enters it: words with a digit (a
phone, a PESEL, a house number) or an "@" (an e-mail address), and words typed with a capital letter after the first
(a surname, a street); nor is who searched kept. An article agents opened after a query earns a boost that grows
with the choices but never beyond MAX_SHARE of the best match's score, and halves every HALF_LIFE_DAYS since the
last choice, so a stale habit fades.

A caller rarely words a matter as another did, so the choices also teach by word (word_shares): an article agents
opened after queries with a word ("wersalka" → bulky waste) rises, among what a new query with that word found, in
proportion to how much of that word's choices went to it; with the query's own choices, within the same bound.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

from cct.lemmas import analyse_query
from knowledge.call_talk import as_written_without_call_talk, without_call_talk

KEY_MAX = 300
EXAMPLE_MAX = 200
MAX_SHARE = 0.5  # of the best lexical score: learning reorders near matches and adds a missed article, never rules
SATURATION = 3.0  # choices at which the boost reaches ~63 % of its bound
HALF_LIFE_DAYS = 90.0
MIN_SHARE = 0.01  # below this a faded habit is forgotten
WORD_WEIGHT = 1.5  # what the choices after other queries with the same words teach (word_shares)
WORD_PRIOR = 2.0  # choices a word must have before it teaches much
_PERSONAL = re.compile(r"[\d@]")


def kept(text: str) -> str:
    """What may be kept of a query: its words without those that may name a person (see above)."""
    words = text.split()
    return " ".join(
        word for n, word in enumerate(words) if not _PERSONAL.search(word) and (n == 0 or not word[:1].isupper())
    )


def query_key(text: str) -> str:
    """The query's meaningful words' first keys, sorted; "" when nothing is left."""
    words = analyse_query(without_call_talk(kept(text)))
    return " ".join(sorted({word.keys[0] for word in words if word.keys}))[:KEY_MAX]


def key_words(key: str) -> list[str]:
    """The words of a query's key (each a word's first key, once); a key cut at KEY_MAX loses its last word, which
    may be cut too."""
    words = key.split()
    if len(key) >= KEY_MAX:
        words = words[:-1]
    return list(dict.fromkeys(words))


def word_shares(asked: list[str], taught: list[tuple[str, str, int, datetime]], now: datetime) -> dict[str, float]:
    """What the choices after other queries teach about this one's words: for each article, the share of the best
    match's score it earns, at most MAX_SHARE. `taught` is (word, article slug, choices, last chosen) of the other
    queries that share a word with the asked one (`asked`: its key's words). A word counts for an article by the
    choices made for it over all made for that word, plus WORD_PRIOR: a word agents chose one article for every time
    teaches that article; a word of every matter ("urząd") spreads thin. A word's choices for an article fade
    together, halving every HALF_LIFE_DAYS since the latest of them (a sum is kept, not each choice's time). The
    article's share is WORD_WEIGHT times the mean over the asked words, bounded.

    Chosen on bench/data's tuning part, agents' choices simulated as the expected article of other callers' queries
    (the queries of four hands, 773, then those of a fifth, none worded as one of them): weights 1 to 2 gave the
    fifth hand's 180 queries 159-164 first places against 153 without, and five-fold over all 953, 881-883 against
    874. With 1.5, through record_search and the staff search (bench/kb_learning.py): the fifth hand 153 → 161 of
    180 (top-3 173 → 178), the fourth after the first three hands' 613 choices 137 → 140 of 160."""
    if not asked:
        return {}
    faded: dict[tuple[str, str], float] = {}
    for word, slug, choices, last_at in taught:
        if word not in asked:
            continue
        days = max((now - last_at) / timedelta(days=1), 0.0)
        faded[word, slug] = faded.get((word, slug), 0.0) + choices * 0.5 ** (days / HALF_LIFE_DAYS)
    per_word: dict[str, float] = {}
    for (word, _slug), count in faded.items():
        per_word[word] = per_word.get(word, 0.0) + count
    taught_share: dict[str, float] = {}
    for (word, slug), count in faded.items():
        taught_share[slug] = taught_share.get(slug, 0.0) + count / (per_word[word] + WORD_PRIOR)
    shares = {slug: min(WORD_WEIGHT * total / len(asked), MAX_SHARE) for slug, total in taught_share.items()}
    return {slug: share for slug, share in shares.items() if share >= MIN_SHARE}


def example(text: str) -> str:
    """How the query is shown to editors: what may be kept of it, in lower case."""
    return kept(text).lower()[:EXAMPLE_MAX]


def question(wording: str) -> str:
    """The question a stored wording is offered to editors as: without the caller's talk about the call, with a
    capital letter ("dzień dobry, dzwonię w sprawie wywozu choinek" → "Wywozu choinek"; the editor words it)."""
    matter = as_written_without_call_talk(wording)
    return matter[:1].upper() + matter[1:]


def boost(choices: int, days_since_last: float) -> float:
    """The share of the best match's score an article earns from `choices` made `days_since_last` ago."""
    if choices <= 0:
        return 0.0
    faded = choices * 0.5 ** (max(days_since_last, 0.0) / HALF_LIFE_DAYS)
    share = MAX_SHARE * (1 - math.exp(-faded / SATURATION))
    return share if share >= MIN_SHARE else 0.0


def boost_now(choices: int, last_at: datetime, now: datetime) -> float:
    """`boost` for choices last made at `last_at`, as of `now` (the search and the editors' page alike)."""
    return boost(choices, (now - last_at) / timedelta(days=1))
