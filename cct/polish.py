"""Polish text as people type it: folded to ASCII lower case, and streets without their "ul." prefix.

One place for the rule every module compares Polish text by: "Żeromskiego", "zeromskiego" and "ŻEROMSKIEGO" fold to
the same key, so a street, a routing keyword, a search word or an address meets its match whether or not the
Polish letters were typed. (Lemmas — "śmieciami" → "śmieć" — are cct.lemmas'.)
"""

from __future__ import annotations

import unicodedata

_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
# The words a street's name may start with ("ul. Lipowa", "aleja Piłsudskiego"), folded, without their dot.
STREET_PREFIXES = frozenset({"ul", "ulica", "al", "aleja", "pl", "plac", "os", "osiedle"})


def fold(text: str) -> str:
    """Lower case without Polish letters or other accents: "Śmieci" → "smieci". Spaces are left as they are."""
    folded = text.lower().translate(_FOLD)
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def normalise(text: str | None) -> str:
    """Folded, with single spaces and none at the ends: " Ul.  Lipowa " → "ul. lipowa"."""
    return " ".join(fold(text or "").split())


def bare_street(text: str | None) -> str:
    """A street's name normalised and without its leading prefix: "ul. Lipowa 14" → "lipowa 14"."""
    normalised = normalise(text)
    first, _space, rest = normalised.partition(" ")
    if rest and first.rstrip(".") in STREET_PREFIXES:
        return rest
    return normalised
