"""The second look at a search's first results: how much of the query's spelling an article shares, letter by letter.

Search ranks by words (knowledge.ranking): a word counts when one of its keys (lemma, folded form, negated word,
derivational key) is the article's. Callers' words often miss every key and still share most of their letters with
the article's: another derivation the stemmer does not make ("chamski" and "chamstwo"), a compound's part, a form
the lemmatiser does not know. Here the query and each article are bags of character n-grams (four letters of folded
words, word boundaries marked, stop words left out): the article's are counted when it is indexed and kept with it,
the query's at search time, and the two compared by cosine: an article's n-grams weighted 1 + ln(count), a query's
also by how rare they are among the articles (a Whoosh field of each article's distinct n-grams gives the document
frequencies). Both vectors are of unit length, so the similarity is at most 1 whatever the number of articles (the
rarities still shift as the base grows, the bound does not). The first results by words (ranking.second_look) gain
GRAM_WEIGHT times that similarity, in units of the best result's score: the order among close neighbours changes, a
result far behind stays behind.

Chosen on the tuning part of bench/data only, its first 168 queries (bench/kb_relevance.py prints it and the held-out
part): top-1 159 → 161 of 168 queries, top-3 167 → 168; on all 414 now there, weights 2 to 4 give 387 to 390. Over
GRAM_WEIGHT 1.5–4 and n-grams of 3, 4, 5 or 3–5 letters the gain stayed +1 to +3 queries: the values are not a sharp
optimum. (A first version weighted the query's n-grams by rarity squared over the once-weighted length, unbounded and
growing with ln(articles): top-1 162 of 168 with it, 161 with this bounded one, within the spread above; at 10,000
articles its letters counted twice what they were chosen to.)
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable
from math import log
from typing import Any

import numpy as np

from cct.lemmas import JOINER, content_words
from knowledge import ranking

# Four letters: on the tuning part, 3–5-letter n-grams ranked as well (top-1 0.964 both) with three times as many of
# them to index (a rebuild of 10,000 articles: 215 s with 3–5 letters, 92 s with four, 36 s without n-grams).
SIZES = (4,)
BOUNDARY = "|"  # marks a word's start and end: "|nocna|" → "|noc", "nocn", "ocna", "cna|"
FIELD = "grams"  # the index field of each article's distinct n-grams, for their document frequencies
GRAM_WEIGHT = 3.0
MAX_CACHED_FREQUENCIES = 50_000  # per searcher (a few MB); emptied when it would hold more


def grams(text: str) -> Counter[str]:
    """The character n-grams of a text's words (folded, stop words left out), counted."""
    found: Counter[str] = Counter()
    for _word, folded in content_words(text):
        for part in JOINER.split(folded):  # a compound's parts as words: "e-dowód" shares "dowód"'s letters
            marked = f"{BOUNDARY}{part}{BOUNDARY}"
            for size in SIZES:
                found.update(marked[start : start + size] for start in range(len(marked) - size + 1))
    return found


def _hash(gram: str) -> int:
    return zlib.crc32(gram.encode())


def vector(parts: Iterable[str]) -> tuple[str, bytes, bytes]:
    """What the index keeps of an article's text: its distinct n-grams (the field's value, space-separated) and its
    vector, as bytes — the n-grams' hashes, sorted, and their weights, 1 + ln(count) over the vector's length."""
    counted = grams("\n".join(parts))
    if not counted:
        return "", b"", b""
    hashed: dict[int, float] = {}
    for gram, count in counted.items():
        key = _hash(gram)
        hashed[key] = hashed.get(key, 0.0) + 1 + log(count)
    keys = np.array(sorted(hashed), dtype=np.uint32)
    weights = np.array([hashed[int(key)] for key in keys], dtype=np.float32)
    weights /= np.sqrt(np.dot(weights, weights))
    return " ".join(counted), keys.tobytes(), weights.astype(np.float16).tobytes()


class Query:
    """A query's n-grams, weighted by their rarity in the index a searcher reads."""

    def __init__(self, text: str, searcher: Any) -> None:
        reader = searcher.reader()
        count = reader.doc_count_all()
        cache = searcher.__dict__.setdefault("_cct_gram_frequencies", {})
        if len(cache) >= MAX_CACHED_FREQUENCIES:
            cache.clear()
        hashed: dict[int, float] = {}
        for gram, times in grams(text).items():
            frequency = cache.get(gram)
            if frequency is None:
                frequency = cache[gram] = reader.doc_frequency(FIELD, gram)
            if not frequency:  # no article has it: it cannot be shared, and would only lengthen the query
                continue
            key = _hash(gram)
            hashed[key] = hashed.get(key, 0.0) + (1 + log(times)) * log((count + 1) / (frequency + 1))
        self.keys = np.array(sorted(hashed), dtype=np.uint32)
        self.weights = np.array([hashed[int(key)] for key in self.keys], dtype=np.float64)
        self.length = float(np.sqrt(np.dot(self.weights, self.weights)))

    def similarity(self, keys: bytes, weights: bytes) -> float:
        """The cosine of the query's n-grams and an article's, 0 to 1 (rarity weighs the query's side only: the
        article's vector is kept as indexed and cannot follow the index's frequencies)."""
        if not self.length:
            return 0.0
        return ranking.sparse_dot(self.keys, self.weights, keys, weights) / self.length


def rerank(found: list[tuple[dict[str, Any], float]], text: str, searcher: Any) -> list[tuple[dict[str, Any], float]]:
    """The first results (ranking.second_look), each with GRAM_WEIGHT times its n-gram similarity to the query."""

    def bonuses(head: list[dict[str, Any]]) -> list[float]:
        query = Query(text, searcher)
        return [
            GRAM_WEIGHT * query.similarity(fields.get("gram_keys", b""), fields.get("gram_weights", b""))
            for fields in head
        ]

    return ranking.second_look(found, bonuses)
