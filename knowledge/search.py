"""Searching the knowledge base as agents and residents type: Polish analysis, synonyms, typo tolerance, BM25F.

A query becomes, per meaningful word, the best of its matches in title, tags and body (a disjunction-max, so a word
found everywhere does not drown the others), summed over the words with BM25F. Synonym groups kept by editors add
the other members of a group found in the query, a little weaker than the words typed. A word whose keys the index
has never seen falls back to fuzzy matching (one or two edits), which catches typos.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import select
from whoosh import highlight, query, scoring

from cct import db
from knowledge import index
from knowledge.analysis import FOLDED_STOP_WORDS, QueryWord, analyse_query, lemma_keys, words
from knowledge.models import Article, ArticleStatus, SynonymGroup, Visibility

FIELD_BOOSTS = {"title": 3.0, "tags": 2.0, "body": 1.0}
SYNONYM_WEIGHT = 0.7
FUZZY_WEIGHT = 0.5
TIE_BREAK = 0.2
MAX_QUERY_WORDS = 32
SYNONYM_CACHE_SECONDS = 30.0


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


def _expansions(query_words: list[QueryWord], groups: list[list[Member]]) -> list[Member]:
    """Other members of every synonym group that the query's words contain (a phrase as consecutive words)."""
    found: list[Member] = []
    for members in groups:
        for member in members:
            if _contains(query_words, member):
                found.extend(other for other in members if other != member and other not in found)
                break
    return found


def _contains(query_words: list[QueryWord], member: Member) -> bool:
    size = len(member)
    for start in range(len(query_words) - size + 1):
        if all(member[i] in query_words[start + i].keys for i in range(size)):
            return True
    return False


# -- building the query ------------------------------------------------------------------------------------------


def _any_field(keys: tuple[str, ...] | list[str], boost: float = 1.0) -> query.Query:
    per_field = []
    for field, field_boost in FIELD_BOOSTS.items():
        terms = [query.Term(field, key) for key in keys]
        per_field.append(query.Or(terms, boost=field_boost) if len(terms) > 1 else terms[0].with_boost(field_boost))
    return query.DisjunctionMax(per_field, boost=boost, tiebreak=TIE_BREAK)


def _fuzzy(keys: tuple[str, ...]) -> query.Query:
    per_field = []
    for field, field_boost in FIELD_BOOSTS.items():
        for key in keys:
            distance = 1 if len(key) <= 6 else 2
            per_field.append(query.FuzzyTerm(field, key, boost=field_boost, maxdist=distance, prefixlength=1))
    return query.DisjunctionMax(per_field, boost=FUZZY_WEIGHT, tiebreak=TIE_BREAK)


def build_query(text: str, reader: Any) -> query.Query | None:
    query_words = analyse_query(text)[:MAX_QUERY_WORDS]
    if not query_words:
        return None
    clauses: list[query.Query] = []
    for word in query_words:
        known = any(reader.doc_frequency(field, key) for field in FIELD_BOOSTS for key in word.keys)
        clauses.append(_any_field(word.keys) if known else _fuzzy(word.keys))
    for member in _expansions(query_words, synonym_groups()):
        if len(member) == 1:
            clauses.append(_any_field(member, SYNONYM_WEIGHT))
        else:
            clauses.append(query.And([_any_field((key,)) for key in member], boost=SYNONYM_WEIGHT))
    return query.Or(clauses)


# -- searching ---------------------------------------------------------------------------------------------------


def _filters(public_only: bool, statuses: tuple[str, ...], unit: str | None, tag: str | None) -> query.Query:
    parts: list[query.Query] = [query.Or([query.Term("status", status) for status in statuses])]
    if public_only:
        parts.append(query.Term("visibility", Visibility.PUBLIC.value))
    if unit:
        parts.append(query.Term("unit", unit.strip().upper()))
    if tag:
        parts.append(query.Term("tag", tag.strip().lower()))
    return query.And(parts)


_formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
_fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)


def search(
    text: str,
    limit: int,
    *,
    public_only: bool = False,
    statuses: tuple[str, ...] = (ArticleStatus.PUBLISHED.value,),
    unit: str | None = None,
    tag: str | None = None,
) -> Results:
    """The best `limit` articles for a query, best first, with highlighted snippets."""
    try:
        return _search(text, limit, public_only, statuses, unit, tag)
    except (OSError, EOFError, ValueError, KeyError):
        # A damaged index (a file lost or cut short) is rebuilt from the database, then searched once more.
        index.forget()
        index.rebuild()
        return _search(text, limit, public_only, statuses, unit, tag)


def _search(
    text: str, limit: int, public_only: bool, statuses: tuple[str, ...], unit: str | None, tag: str | None
) -> Results:
    ix = index.open_index()
    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        built = build_query(text, searcher.reader())
        if built is None:
            return Results([], 0)
        results = searcher.search(built, limit=limit, filter=_filters(public_only, statuses, unit, tag))
        results.formatter = _formatter
        results.fragmenter = _fragmenter
        total = len(results)
        hits = []
        for hit in results:
            highlighted = hit.highlights("body", top=2) or hit.highlights("title")
            # Whoosh's formatter escapes the text around the <mark>s; an unhighlighted start is escaped here.
            snippet = Markup(highlighted) if highlighted else Markup.escape(_shorten(hit["body"]))  # noqa: S704
            hits.append(
                Hit(
                    slug=hit["slug"],
                    title=hit["title"],
                    unit=hit["unit"],
                    score=round(float(hit.score), 4),
                    snippet=snippet,
                    visibility=hit["visibility"],
                    status=hit["status"],
                )
            )
    return Results(_still_true(hits, public_only, statuses), total)


def _shorten(text: str, size: int = 160) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + " …"


def _still_true(hits: list[Hit], public_only: bool, statuses: tuple[str, ...]) -> list[Hit]:
    """Drop hits the database no longer backs (the index follows changes a moment later, through a job)."""
    if not hits:
        return hits
    rows = db.session.execute(
        select(Article.slug, Article.status, Article.visibility).where(Article.slug.in_([h.slug for h in hits]))
    ).all()
    current = {slug: (status, visibility) for slug, status, visibility in rows}
    kept = []
    for hit in hits:
        state = current.get(hit.slug)
        if state is None or state[0] not in statuses:
            continue
        if public_only and state[1] != Visibility.PUBLIC.value:
            continue
        kept.append(hit)
    return kept
