"""BM25F ranking over the Whoosh index's posting lists, a whole query at once.

Whoosh matches and scores a query one posting at a time in pure Python; at 10,000 articles that was three quarters
of a search's time, and most of it went to the common words every query has. Here each index key's posting list is
read once per index segment (segments never change once written) into arrays, and a query is scored for every
document at once with numpy — with the formula and parameters of `whoosh.scoring.BM25F`, Whoosh's own statistics
(document frequency, field lengths) and the same order of results (best score first, then the older document). A
query word scores by the best of its keys (a dis-max), a phrase by all of its keys (an And), and the clauses add up.
Whoosh still holds the index, its analysis, its term dictionary and its stored fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from math import log
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.reading import TermNotFound

B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F's defaults, which the index was searched with before
MAX_CACHED_POSTINGS = 1_000_000  # per segment, 8 bytes each: the cache is emptied when it would hold more
RERANK_DEPTH = 10  # the first results the second looks reorder (second_look)
MAX_CACHED_PREFIXES = 2000  # per segment: the keys starting with a word's first two letters, for the typo fallback


@dataclass(frozen=True)
class Clause:
    """A query word's keys (a document scores by the best of them it contains), or a phrase's (it must contain them
    all, and scores for each)."""

    keys: tuple[str, ...]
    boost: float = 1.0
    every_key: bool = False


@dataclass(frozen=True)
class Ranked:
    docnums: list[int]  # the best first
    scores: list[float]
    total: int  # documents that matched at all


class _Leaf:
    """One segment's field lengths and posting lists as arrays, kept with the segment's reader. Like the searcher it
    belongs to, it is used by one thread at a time (knowledge.search holds the process's searcher lock)."""

    def __init__(self, reader: Any, field: str) -> None:
        self.reader = reader
        self.field = field
        count = reader.doc_count_all()
        self.lengths = np.fromiter(
            (reader.doc_field_length(docnum, field, 1) or 1 for docnum in range(count)), dtype=np.float64, count=count
        )
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.cached = 0  # postings held in self.postings
        self.prefixed: dict[str, tuple[str, ...]] = {}

    def keys_starting(self, prefix: str) -> tuple[str, ...]:
        found = self.prefixed.get(prefix)
        if found is None:
            from_bytes = self.reader.schema[self.field].from_bytes
            found = tuple(from_bytes(key) for key in self.reader.expand_prefix(self.field, prefix))
            if len(self.prefixed) >= MAX_CACHED_PREFIXES:
                self.prefixed.clear()
            self.prefixed[prefix] = found
        return found

    def posting(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers in the segment, term frequencies) of a key; empty when the segment lacks it."""
        found = self.postings.get(key)
        if found is not None:
            return found
        docnums: list[int] = []
        weights: list[float] = []
        try:
            matcher = self.reader.postings(self.field, key)
        except TermNotFound:  # the segment lacks the key
            pass
        else:
            _read_postings(matcher, docnums, weights)
        found = (np.array(docnums, dtype=np.int32), np.array(weights, dtype=np.float32))
        size = max(len(docnums), 1)  # a key the segment lacks is kept too, and counts, or misses would pile up
        if self.cached + size > MAX_CACHED_POSTINGS:
            self.postings.clear()
            self.cached = 0
        self.postings[key] = found
        self.cached += size
        return found


def _read_postings(matcher: Any, docnums: list[int], weights: list[float]) -> None:
    """A posting list whole, deleted documents included (Ranker masks them out). Whoosh's own matcher of its on-disk
    format (whoosh3's W3LeafMatcher) is read a block of postings at a time: a posting at a time through the matcher
    interface was the most of a search that met a key for the first time (a query of long lists: p95 +40 %)."""
    leaf = matcher
    while isinstance(leaf, WrappingMatcher):  # the deleted documents' filter
        leaf = leaf.child
    if not isinstance(leaf, W3LeafMatcher):
        while matcher.is_active():
            docnums.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return
    while leaf.is_active():
        leaf._read_ids()  # noqa: SLF001 - the block's arrays, which its id()/weight() hand out one by one
        leaf._read_weights()  # noqa: SLF001
        docnums.extend(leaf._ids)  # noqa: SLF001
        weights.extend(leaf._weights)  # noqa: SLF001
        leaf._next_block()  # noqa: SLF001


def _leaf(reader: Any, field: str) -> _Leaf:
    leaf = reader.__dict__.get("_cct_leaf")
    if leaf is None or leaf.field != field:
        leaf = _Leaf(reader, field)
        reader.__dict__["_cct_leaf"] = leaf
    return leaf


class Ranker:
    """Scores queries against one Whoosh searcher (one state of the index)."""

    def __init__(self, searcher: Any, field: str) -> None:
        reader = searcher.reader()
        self.reader = reader
        self.field = field
        self.size = reader.doc_count_all()
        self.avgfl = searcher.avg_field_length(field) or 1
        self.leaves = [(_leaf(leaf, field), offset) for leaf, offset in reader.leaf_readers()]
        self.live: np.ndarray | None = None
        if reader.has_deletions():
            self.live = np.zeros(self.size, dtype=bool)
            self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True

    def keys_starting(self, prefix: str) -> list[str]:
        """Every key of the index that starts with the prefix (what the typo fallback compares a word with)."""
        if len(self.leaves) == 1:
            return list(self.leaves[0][0].keys_starting(prefix))
        return sorted({key for leaf, _offset in self.leaves for key in leaf.keys_starting(prefix)})

    def doc_frequency(self, key: str) -> int:
        """The documents holding the key, as Whoosh counts them (deleted ones too, until their segment is merged),
        from the posting lists scoring reads anyway rather than from a second look into the term dictionary."""
        return sum(len(leaf.posting(key)[0]) for leaf, _offset in self.leaves)

    def idf(self, key: str) -> float:
        """As whoosh.scoring.WeightingModel.idf: deleted documents still count until their segment is merged."""
        return log(self.size / (self.doc_frequency(key) + 1)) + 1

    def key_scores(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, BM25 score) of every document holding the key."""
        idf = self.idf(key)
        parts_docs, parts_scores = [], []
        for leaf, offset in self.leaves:
            docnums, weights = leaf.posting(key)
            if not len(docnums):
                continue
            tf = weights.astype(np.float64)
            norm = K1 * ((1 - B) + B * leaf.lengths[docnums] / self.avgfl)
            parts_docs.append(docnums.astype(np.int64) + offset)
            parts_scores.append(idf * (tf * (K1 + 1)) / (tf + norm))
        if not parts_docs:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        return np.concatenate(parts_docs), np.concatenate(parts_scores)

    def rank(
        self,
        clauses: Sequence[Clause],
        limit: int,
        allowed: np.ndarray | None = None,
        shares: Mapping[int, float] | None = None,
    ) -> Ranked:
        """The `limit` best documents for the clauses (scores summed), among `allowed` ones (a mask) if given; a
        document in `shares` gains that share of the best document's score (knowledge.learned), matched or not."""
        if not self.size:  # an empty knowledge base: nothing to score (idf would divide by it)
            return Ranked([], [], 0)
        scores = np.zeros(self.size, dtype=np.float64)
        for clause in clauses:
            if clause.every_key:
                self._add_phrase(scores, clause)
                continue
            if len(clause.keys) == 1:
                docnums, key_scores = self.key_scores(clause.keys[0])
                scores[docnums] += key_scores * clause.boost  # a key's documents are distinct
                continue
            # One word, several keys (its lemma, its form as typed, the word it negates): a document scores by the
            # best of them, not their sum, or an article holding both "mieszkanie" and "mieszkaniu" would count
            # the caller's one word twice and outrank one that says it once in its title.
            best_key = np.zeros(self.size, dtype=np.float64)
            for key in clause.keys:
                docnums, key_scores = self.key_scores(key)
                best_key[docnums] = np.maximum(best_key[docnums], key_scores)
            scores += best_key * clause.boost
        if shares:
            best = float(scores.max()) or 1.0
            for docnum, share in shares.items():
                if 0 <= docnum < self.size:
                    scores[docnum] += share * best
        matched = scores > 0
        if self.live is not None:
            matched &= self.live
        if allowed is not None:
            matched &= allowed
        candidates = np.flatnonzero(matched)
        total = len(candidates)
        if total > limit > 0:
            # Every document scoring at least the limit-th best score, so ties at the edge are ordered like the rest.
            edge = np.partition(scores[candidates], total - limit)[total - limit]
            candidates = candidates[scores[candidates] >= edge]
        order = np.lexsort((candidates, -scores[candidates]))[: max(limit, 0)]
        best = candidates[order]
        return Ranked([int(d) for d in best], [float(s) for s in scores[best]], total)

    def _add_phrase(self, scores: np.ndarray, clause: Clause) -> None:
        """A phrase's words scored only in documents that hold them all."""
        per_key = [self.key_scores(key) for key in clause.keys]
        common = per_key[0][0]
        for docnums, _scores in per_key[1:]:
            common = np.intersect1d(common, docnums, assume_unique=True)
        if not len(common):
            return
        for docnums, key_scores in per_key:
            inside = np.isin(docnums, common, assume_unique=True)
            scores[docnums[inside]] += key_scores[inside] * clause.boost

    def mask(self, docnums: Any) -> np.ndarray:
        """A filter's documents as a mask over the index."""
        allowed = np.zeros(self.size, dtype=bool)
        allowed[np.fromiter(docnums, dtype=np.int64)] = True
        return allowed


def sparse_dot(keys: np.ndarray, weights: np.ndarray, stored_keys: bytes, stored_weights: bytes) -> float:
    """The dot product of a sparse vector (its feature hashes, sorted, and their weights) with one an article keeps
    in the index as bytes (the hashes as sorted uint32, the weights as float16)."""
    article_keys = np.frombuffer(stored_keys, dtype=np.uint32)
    if not len(article_keys) or not len(keys):
        return 0.0
    at = np.searchsorted(article_keys, keys)
    at[at == len(article_keys)] = 0
    shared = article_keys[at] == keys
    article_weights = np.frombuffer(stored_weights, dtype=np.float16)
    return float(np.dot(weights[shared], article_weights[at[shared]].astype(np.float64)))


def standing(values: Sequence[float], weight: float, least_spread: float = 0.0) -> list[float]:
    """Bonuses for the second looks that score the first results on a scale of their own (meaning, contrast): weight
    times how many standard deviations each value stands above their mean, the deviation taken as at least
    `least_spread` (values that differ by a hair do not become a whole deviation apart); all 0 when they do not
    differ."""
    spread = max(float(np.std(values)), least_spread) if len(values) else 0.0
    if spread == 0.0:
        return [0.0] * len(values)
    mean = float(np.mean(values))
    return [weight * (value - mean) / spread for value in values]


def second_look(
    found: list[tuple[Any, float]], bonuses: Callable[[list[Any]], Sequence[float] | None]
) -> list[tuple[Any, float]]:
    """A second look at a search's first results (letters: knowledge.grams; contrast: knowledge.contrast; meaning:
    knowledge.semantic; what agents' choices taught: knowledge.search). `bonuses` is given the stored fields of the
    first RERANK_DEPTH of (stored fields, score), best first, and gives each a bonus in units of the best one's score
    (so a look weighs the same whatever words score: the number of articles, the query's length), or None to leave
    them as they are. They are sorted again with their bonuses — stably, so ties keep the order they had; the rest
    stay as they were (a look reorders neighbours, it brings no article up from further down). Fewer than two
    results are left as they are."""
    head = found[:RERANK_DEPTH]
    if len(head) < 2:
        return found
    given = bonuses([fields for fields, _score in head])
    if given is None:
        return found
    best = head[0][1]
    rescored = [(fields, score + best * bonus) for (fields, score), bonus in zip(head, given, strict=True)]
    rescored.sort(key=lambda pair: -pair[1])
    return rescored + found[len(head) :]
