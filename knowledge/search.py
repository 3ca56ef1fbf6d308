"""Searching the knowledge base as agents and residents type: Polish analysis, synonyms, typo tolerance, BM25F.

A query, without what a caller says about the call itself (knowledge.call_talk), becomes, per meaningful word, its
index keys (lemmas, folded), scored with BM25 over one field in which the title counts three times, the tags twice
and the body once (see knowledge.index). Synonym groups kept by editors add the other members of a group found in
the query, a little weaker than the words typed. A word whose keys the index has never seen and that the dictionary
does not know is a typo: it falls back to the nearest keys of the index (one or two edits), else to the words one
edit away that the dictionary knows. The first results are then looked at again by the letters the query shares with
them (knowledge.grams), which orders close neighbours.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import select
from whoosh import query

from cct import db
from cct.db import utcnow
from cct.lemmas import (
    FOLDED_STOP_WORDS,
    QueryWord,
    analyse_query,
    compound_key,
    derivation_key,
    in_dictionary,
    known_edits,
    lemma_keys,
    word_keys,
    words,
)
from cct.polish import fold
from knowledge import contrast, grams, index, policy, ranking, semantic, snippets
from knowledge.call_talk import without_call_talk
from knowledge.learned import MAX_SHARE, boost_now, key_words, query_key, word_shares
from knowledge.models import PUBLISHED_REVISION, Article, ArticleRevision, QueryChoice, SynonymGroup, WordChoice
from knowledge.states import Visibility

log = logging.getLogger(__name__)
FIELD = "text"  # title, tags and body, weighted by repetition (see knowledge.index)
# A synonym weighs less than the word typed: on the tuning part (613 queries, in-process) 0.3 → 582 first places,
# 0.5 → 583, 0.6 → 584, 0.7 → 581, 0.8 → 578; a synonym is a neighbour of what the caller meant, not the word itself.
SYNONYM_WEIGHT = 0.6
# A word the index does not know, corrected to the nearest keys it does: one edit away (a letter missed, doubled,
# swapped: "wymledowanie") is almost surely the word meant; two edits (long words only) less surely.
FUZZY_WEIGHTS = {1: 0.8, 2: 0.5}
DERIVATION_WEIGHT = 0.35  # a word derived from the one typed ("nocna" for "w nocy"; cct.lemmas.derivation_key)
MAX_QUERY_WORDS = 32
SYNONYM_CACHE_SECONDS = 30.0
MAX_FUZZY_KEYS = 20
MIN_FUZZY_LENGTH = 4  # shorter words are not corrected: one edit makes them another word


@dataclass(frozen=True)
class Hit:
    slug: str
    title: str
    unit: str
    score: float
    snippet: Markup
    visibility: str
    status: str


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    total: int


# -- synonyms ----------------------------------------------------------------------------------------------------

Member = tuple[str, ...]  # the folded lemma keys of one word or phrase
_synonyms: dict[str, Any] = {"at": 0.0, "groups": []}
_synonyms_lock = threading.Lock()


def member_keys(phrase: str) -> Member:
    keys: list[str] = []
    for _start, _end, word in words(phrase):
        key = lemma_keys(word)[0]
        if key not in FOLDED_STOP_WORDS:
            keys.append(key)
    return tuple(keys)


def forget_synonyms() -> None:
    """Drop this process's copy of the synonym list (other processes reload theirs within SYNONYM_CACHE_SECONDS)."""
    with _synonyms_lock:
        _synonyms["at"] = 0.0


def synonym_groups() -> list[list[Member]]:
    with _synonyms_lock:
        if time.monotonic() - _synonyms["at"] < SYNONYM_CACHE_SECONDS:
            return _synonyms["groups"]
    groups = []
    for terms in db.session.scalars(select(SynonymGroup.terms)):
        members = [member for member in dict.fromkeys(member_keys(term) for term in terms) if member]
        if len(members) > 1:
            groups.append(members)
    with _synonyms_lock:
        _synonyms.update(at=time.monotonic(), groups=groups)
    return groups


def _expansions(query_words: list[QueryWord], groups: list[list[Member]]) -> dict[Member, float]:
    """The other members of every synonym group that the query's words contain (a phrase as consecutive words), with
    SYNONYM_WEIGHT; failing that, of a group with a one-word member that a query word is derived from or into
    ("autobusowa": "autobus"), with DERIVATION_WEIGHT, what the word's own derivational key weighs."""
    found: dict[Member, float] = {}
    present = {key for word in query_words for key in word.keys}  # most groups have no member starting with one
    derived = {key for word in query_words for key in word.derived}
    for members in groups:
        weight = SYNONYM_WEIGHT
        met = next((member for member in members if member[0] in present and _contains(query_words, member)), None)
        if met is None:
            weight = DERIVATION_WEIGHT
            met = next(
                (member for member in members if len(member) == 1 and derivation_key(member[0]) in derived), None
            )
        if met is None:
            continue
        for other in members:
            if other != met and found.get(other, 0.0) < weight:
                found[other] = weight
    return found


def _contains(query_words: list[QueryWord], member: Member) -> bool:
    size = len(member)
    for start in range(len(query_words) - size + 1):
        if all(member[i] in query_words[start + i].keys for i in range(size)):
            return True
    return False


# -- building the query ------------------------------------------------------------------------------------------


@dataclass
class Built:
    clauses: list[ranking.Clause]  # per word its keys, synonyms and corrections weaker
    keys: set[str]  # every index key the query looks for (with fuzzy expansions): what the snippets highlight
    spelled: str  # the query's words as understood, a typo replaced by the keys it was corrected to (for its letters)


def _near_keys(ranker: ranking.Ranker, key: str) -> tuple[list[str], int] | None:
    """The index keys nearest to a word the index does not know, within one edit (two for long words), and their
    distance, or None: the typo fallback. The keys compared are those starting with the word's first two letters, or
    with its first and third (the second and third swapped, "siwatła", or a second letter slipped in, "wryobić"): a
    typo seldom hits the first letter, and titles and bodies hold the words worth correcting to. Only the nearest
    count: a key one edit away is meant rather than one two away."""
    if len(key) < MIN_FUZZY_LENGTH:
        return None
    distance = 1 if len(key) <= 7 else 2
    candidates = ranker.keys_starting(key[:2])
    if len(key) > 2 and key[2] != key[1]:
        candidates = [*candidates, *ranker.keys_starting(key[0] + key[2])]
    near = process.extract(key, candidates, scorer=OSA.distance, score_cutoff=distance, limit=None)
    if not near:
        return None
    nearest = min(found_distance for _found, found_distance, _index in near)
    keys = sorted(found for found, found_distance, _index in near if found_distance == nearest)
    return keys[:MAX_FUZZY_KEYS], int(nearest)


def _near_words(ranker: ranking.Ranker, word: str) -> tuple[list[str], int] | None:
    """The index keys of the words one edit from a typo that the dictionary knows (cct.lemmas.known_edits), or None:
    the typo fallback's second try, for a form no article has ("wydzaiłów": the articles say "wydział", "wydziale",
    two edits or more from it)."""
    if len(word) < MIN_FUZZY_LENGTH:
        return None
    keys = dict.fromkeys(key for edit in known_edits(word) for key in lemma_keys(edit))
    found = [key for key in keys if ranker.doc_frequency(key)]
    return (found[:MAX_FUZZY_KEYS], 1) if found else None


def _compounds(text: str, ranker: ranking.Ranker) -> list[str]:
    """The hyphenated compounds of the index that two words of the query side by side make ("e dowód": "e-dowód")."""
    typed = [word for _start, _end, word in words(text)][: 2 * MAX_QUERY_WORDS]
    found = (compound_key(first, second) for first, second in itertools.pairwise(typed) if first.isalnum())
    return [key for key in dict.fromkeys(found) if ranker.doc_frequency(key)]


def build_query(text: str, ranker: ranking.Ranker, groups: list[list[Member]] | None = None) -> Built | None:
    text = without_call_talk(text)
    query_words = analyse_query(text)[:MAX_QUERY_WORDS]
    compounds = _compounds(text, ranker)  # even of stop words ("w z": "w-z")
    if not query_words and not compounds:
        return None
    clauses: list[ranking.Clause] = []
    keys: set[str] = set()

    def add(found: Iterable[str], boost: float = 1.0, every_key: bool = False) -> None:
        found = tuple(found)
        clauses.append(ranking.Clause(found, boost, every_key))
        keys.update(found)

    understood: list[QueryWord] = []  # the words as meant (typos corrected): what synonyms are looked up by
    for word in query_words:
        if any(ranker.doc_frequency(key) for key in word.keys):
            add(word.keys)
            add(word.derived, DERIVATION_WEIGHT)
        elif not in_dictionary(word.text) and (
            near := _near_keys(ranker, fold(word.text)) or _near_words(ranker, word.text)
        ):
            # A typo (a word the dictionary knows is none: "kolor" is missing from the base, not a typo of "koło"):
            # the word meant, found by its nearest keys ("wymeldowanie"), with all its keys, a little weaker; its
            # letters are theirs too, or the typo would cost the article it meant at the second look (grams)
            nearest, distance = near
            word = QueryWord(
                " ".join(nearest), tuple(dict.fromkeys(k for key in nearest for k in word_keys(key, query=True)))
            )
            add(word.keys, FUZZY_WEIGHTS[distance])
            add(word.derived, DERIVATION_WEIGHT * FUZZY_WEIGHTS[distance])
        elif any(ranker.doc_frequency(key) for key in word.derived):
            add(word.derived, DERIVATION_WEIGHT)
        understood.append(word)
    for key in compounds:
        add((key,))
    for member, weight in _expansions(understood, synonym_groups() if groups is None else groups).items():
        add(member, weight, every_key=len(member) > 1)
    if not clauses:
        return None
    return Built(clauses, keys, " ".join(word.text for word in understood))


# -- searching ---------------------------------------------------------------------------------------------------


def _filters(public_only: bool, unit: str | None, tag: str | None) -> list[query.Query]:
    """The index holds published articles only; these narrow them further."""
    parts: list[query.Query] = []
    if public_only:
        parts.append(query.Term("visibility", Visibility.PUBLIC.value))
    if unit:
        parts.append(query.Term("unit", unit.strip().upper()))
    if tag:
        parts.append(query.Term("tag", tag.strip().lower()))
    return parts


def search(
    text: str,
    limit: int,
    *,
    public_only: bool = False,
    unit: str | None = None,
    tag: str | None = None,
    learned: bool = False,
) -> Results:
    """The best `limit` published articles for a query, best first, with highlighted snippets; `learned`: with what
    staff's choices taught (knowledge.learned; staff searches only, never the residents' FAQ)."""
    for attempt in range(3):
        try:
            return _search(text, limit, public_only, unit, tag, learned)
        except Exception:
            # Another process may have just replaced segments this searcher was reading (Whoosh opens some files
            # lazily), or the index is damaged: read it afresh, then have it checked (and rebuilt if unreadable).
            if attempt == 2:
                raise
            log.warning("search failed (attempt %d); reopening the index", attempt + 1, exc_info=True)
            forget_searcher()
            if attempt == 1:
                index.forget()
    raise AssertionError("unreachable")


def _allowed(searcher: Any, ranker: ranking.Ranker, filters: list[query.Query]) -> Any:
    """The documents the filters let through (a mask), worked out once per searcher (the index changes rarely)."""
    if not filters:
        return None
    cache = searcher.__dict__.setdefault("_cct_filters", {})
    key = tuple(repr(f) for f in filters)
    if key not in cache:
        cache[key] = ranker.mask(searcher.docs_for_query(query.And(filters)))
    return cache[key]


def _ranker(searcher: Any) -> ranking.Ranker:
    ranker = searcher.__dict__.get("_cct_ranker")
    if ranker is None:
        ranker = searcher.__dict__["_cct_ranker"] = ranking.Ranker(searcher, FIELD)
    return ranker


class _Shared:
    """One searcher per process, shared by its threads under a lock: a searcher maps the index and caches its
    term tables (tens of MB each), and Whoosh's matching is pure Python, so threads would not search any faster
    side by side under the GIL anyway. Renewed when the index has changed or was rebuilt in a new folder."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.searcher: Any = None
        self.stamp: tuple[Any, ...] | None = None

    def current(self) -> Any:
        folder = index.index_dir()
        ix = index.open_index()
        stamp = (str(folder), os.stat(folder).st_ino, id(ix))
        if self.searcher is not None and self.stamp == stamp:
            if not self.searcher.up_to_date():
                # A new searcher, not searcher.refresh(): whoosh-reloaded's refresh keeps the segments a merge
                # replaced beside the merged one, and their articles count twice, then again after the next merge
                # (a server whose job worker indexed an import: one query's matches 45 -> 304 over forty searches,
                # its distinct results 10 -> 1). The per-searcher caches start again; the index changes rarely.
                # The new one is opened before the old one is let go: if opening fails, this one stays usable.
                fresh = _opened(ix.searcher())
                old, self.searcher = self.searcher, fresh
                _close(old)
            return self.searcher
        self.forget()
        self.searcher, self.stamp = _opened(ix.searcher()), stamp
        return self.searcher

    def forget(self) -> None:
        old, self.searcher, self.stamp = self.searcher, None, None
        if old is not None:
            _close(old)


def _close(searcher: Any) -> None:
    """Let a searcher go; one Whoosh already closed (or cannot close) is let go all the same."""
    try:
        searcher.close()
    except Exception:  # noqa: BLE001 - nothing depends on it any more
        log.warning("closing a knowledge searcher failed", exc_info=True)


def _opened(searcher: Any) -> Any:
    """The searcher with each segment's stored fields opened now. Whoosh opens that file at the first document read,
    and a writer (an article indexed by the job worker) may merge the segment away and delete its files in between:
    a file opened before stays readable (POSIX), one opened after is missing and the search fails (retried, but
    three in a row, while an import's index jobs ran, were a 500)."""
    for reader, _offset in searcher.reader().leaf_readers():
        if reader.doc_count_all():
            reader.stored_fields(0)
    return searcher


_shared = _Shared()


def forget_searcher() -> None:
    with _shared.lock:
        _shared.forget()


def _search(text: str, limit: int, public_only: bool, unit: str | None, tag: str | None, learned: bool) -> Results:
    groups = synonym_groups()
    chosen, taught = learned_shares(text) if learned else ({}, {})
    # the query's meaning before the searcher's lock: the model takes its own turns
    meaning = semantic.query_vector(text) if index.semantic_on() else None
    # The database's turn first, the searcher's lock second, always in that order: whoever holds the searcher's lock
    # may need the database (to rebuild a missing index), and on SQLite a transaction holds the database's write
    # lock, so the other order could deadlock. The transaction is the caller's; it is never ended here.
    db.session.connection()
    with _shared.lock:
        searcher = _shared.current()
        ranker = _ranker(searcher)
        built = build_query(text, ranker, groups)
        shares = {
            docnum: share
            for slug, share in chosen.items()
            if (docnum := searcher.document_number(slug=slug)) is not None
        }
        if built is None and not shares:
            return Results([], 0)
        built = built or Built([], set(), text)  # words the index lacks, but articles agents chose for them
        allowed = _allowed(searcher, ranker, _filters(public_only, unit, tag))
        ranked = ranker.rank(built.clauses, max(limit, ranking.RERANK_DEPTH), allowed, shares)
        found = [
            (searcher.stored_fields(docnum), score) for docnum, score in zip(ranked.docnums, ranked.scores, strict=True)
        ]
        found = contrast.rerank(grams.rerank(found, built.spelled, searcher), built.spelled)
        found = semantic.rerank(found, meaning)
        found = _taught_rerank(found, taught)[: max(limit, 0)]
        hits = [_hit(fields, score, built.keys) for fields, score in _unique(found)]
        total = max(ranked.total, len(hits))
    true = _still_true(hits, public_only)
    return Results(true, total - (len(hits) - len(true)))  # what was withdrawn meanwhile is not counted either


def learned_shares(text: str) -> tuple[dict[str, float], dict[str, float]]:
    """What staff's choices taught about this query, by article slug, as shares of the best match's score: those made
    after the query itself (knowledge.learned.boost), and those made after other queries with its words
    (knowledge.learned.word_shares: the query's own choices left out of its words', as they count already), the two
    together within MAX_SHARE."""
    key = query_key(text)
    now = utcnow()
    own = db.session.execute(
        select(Article.slug, QueryChoice.choices, QueryChoice.last_at)
        .join(Article, Article.id == QueryChoice.article_id)
        .where(QueryChoice.key == key)
    ).all()
    shares = {slug: boost_now(choices, last_at, now) for slug, choices, last_at in own}
    chosen = {slug: share for slug, share in shares.items() if share > 0}
    asked = key_words(key)
    if not asked:
        return chosen, {}
    own_choices = {slug: choices for slug, choices, _last_at in own}
    rows = db.session.execute(
        select(WordChoice.word, Article.slug, WordChoice.choices, WordChoice.last_at)
        .join(Article, Article.id == WordChoice.article_id)
        .where(WordChoice.word.in_(asked))
    ).all()
    others = [(word, slug, choices - own_choices.get(slug, 0), last_at) for word, slug, choices, last_at in rows]
    taught = word_shares(asked, [row for row in others if row[2] > 0], now)
    return chosen, {slug: min(share, MAX_SHARE - chosen.get(slug, 0.0)) for slug, share in taught.items()}


def _taught_rerank(found: list[tuple[dict[str, Any], float]], shares: dict[str, float]) -> Any:
    """The first results (ranking.second_look), each with its taught share of the best one's score. What other
    queries taught reorders what this one's words found; it adds no article of its own."""
    if not shares:
        return found
    return ranking.second_look(found, lambda head: [shares.get(fields["slug"], 0.0) for fields in head])


def _unique(found: list[tuple[dict[str, Any], float]]) -> Any:
    """Each article once, even while an update is half-way through another process's commit."""
    seen: set[str] = set()
    for fields, score in found:
        if fields["slug"] not in seen:
            seen.add(fields["slug"])
            yield fields, score


def _hit(fields: dict[str, Any], score: float, keys: set[str]) -> Hit:
    body = fields["body"]
    return Hit(
        slug=fields["slug"],
        title=fields["title"],
        unit=fields["unit"],
        score=round(score, 4),
        snippet=snippets.snippet(body, keys) or snippets.snippet(fields["title"], keys) or snippets.shorten(body),
        visibility=fields["visibility"],
        status=fields["status"],
    )


def _still_true(hits: list[Hit], public_only: bool) -> list[Hit]:
    """Drop hits the database no longer backs (the index follows changes a moment later, through a job): archived or
    deleted meanwhile. An article whose changes wait for review stays: readers see its published revision, which is
    what the index holds. (Dropping every article not in the status PUBLISHED hid such articles from every search.)"""
    if not hits:
        return hits
    rows = db.session.execute(
        select(Article.slug, ArticleRevision.visibility)
        .join(ArticleRevision, PUBLISHED_REVISION)
        .where(Article.slug.in_([h.slug for h in hits]), policy.live())
    ).all()
    current = dict(rows)
    return [
        hit for hit in hits if hit.slug in current and (not public_only or current[hit.slug] == Visibility.PUBLIC.value)
    ]
