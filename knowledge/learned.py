"""What agents' choices teach the search: a query's key, and the bounded, fading boost an article earns when agents
open it after that query.

A query is grouped by its words' keys (lemmas, folded, sorted), so "nie odebrali śmieci" and "śmieci nie odebrali"
are one query; words with digits (a phone, a PESEL, a house number) never enter it: no personal data is kept with
the queries. An article agents opened after a query earns a boost that grows with the choices but never beyond
MAX_SHARE of the best match's score, and halves every HALF_LIFE_DAYS since the last choice, so a stale habit fades.
"""

from __future__ import annotations

import math
import re

from cct.lemmas import analyse_query

KEY_MAX = 300
EXAMPLE_MAX = 200
MAX_SHARE = 0.5  # of the best lexical score: learning reorders near matches and adds a missed article, never rules
SATURATION = 3.0  # choices at which the boost reaches ~63 % of its bound
HALF_LIFE_DAYS = 90.0
MIN_SHARE = 0.01  # below this a faded habit is forgotten
_DIGITS = re.compile(r"\S*\d\S*")


def without_digits(text: str) -> str:
    """The text without any word holding a digit, spaces tidied (what may be kept of a query)."""
    return " ".join(_DIGITS.sub(" ", text).split())


def query_key(text: str) -> str:
    """The query's meaningful words' first keys, sorted; "" when nothing is left."""
    words = analyse_query(without_digits(text))
    return " ".join(sorted({word.keys[0] for word in words if word.keys}))[:KEY_MAX]


def example(text: str) -> str:
    """How the query is shown to editors: lower case, without digits."""
    return without_digits(text).lower()[:EXAMPLE_MAX]


def boost(choices: int, days_since_last: float) -> float:
    """The share of the best match's score an article earns from `choices` made `days_since_last` ago."""
    if choices <= 0:
        return 0.0
    faded = choices * 0.5 ** (max(days_since_last, 0.0) / HALF_LIFE_DAYS)
    share = MAX_SHARE * (1 - math.exp(-faded / SATURATION))
    return share if share >= MIN_SHARE else 0.0
