"""Reading the knowledge base: articles by slug, the lists the screens and the API show (filtered in SQL by what the
reader may see, knowledge.policy), the work lists of units and editors, the FAQ, the synonyms, what answered a call."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import joinedload

from cct import db
from cct.office_calendar import local_today
from knowledge import learned, policy
from knowledge.models import (
    PUBLISHED_REVISION,
    Article,
    ArticleRevision,
    ArticleSuggestion,
    ArticleUse,
    QueryChoice,
    SearchDay,
    SearchedQuery,
    SynonymGroup,
    WordChoice,
)
from knowledge.schemas import record_fields
from knowledge.states import IN_WORK, ArticleStatus, SuggestionState, Visibility


def by_slug(slug: str) -> Article | None:
    return db.session.scalar(select(Article).options(joinedload(Article.unit)).where(Article.slug == slug))


def readable(user: Any, slug: str) -> Article | None:
    """The article if `user` may read it."""
    article = by_slug(slug)
    return article if article is not None and policy.can_read(user, article) else None


def has_articles() -> bool:
    return db.session.scalar(select(Article.id).limit(1)) is not None


def by_slugs(slugs: Iterable[str]) -> list[Article]:
    wanted = list(slugs)
    if not wanted:
        return []
    return list(db.session.scalars(select(Article).where(Article.slug.in_(wanted))))


def slugs_like(base: str) -> set[str]:
    return set(db.session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))


def revision(article: Article, number: int) -> ArticleRevision | None:
    return db.session.scalar(
        select(ArticleRevision).where(ArticleRevision.article_id == article.id, ArticleRevision.number == number)
    )


def latest_revision_number(article: Article) -> int:
    found = db.session.scalar(select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id))
    return int(found or 0)


def page(user: Any, status: str, unit: str | None, after: str | None, limit: int) -> tuple[list[Article], str | None]:
    """A page of the articles `user` may read in one status, by slug; and the cursor of the next page."""
    statement = (
        select(Article)
        .options(joinedload(Article.unit))
        .where(Article.status == status, policy.visible_to(user))
        .order_by(Article.slug)
        .limit(limit + 1)
    )
    if after:
        statement = statement.where(Article.slug > after)
    if unit:
        statement = statement.where(Article.unit.has(code=unit))
    rows = list(db.session.scalars(statement))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].slug if more and rows else None)


def in_work(user: Any, limit: int = 50) -> list[Article]:
    """Drafts and articles in review that `user` may edit, latest change first."""
    statement = (
        select(Article)
        .options(joinedload(Article.unit))
        .where(Article.status.in_([status.value for status in IN_WORK]), policy.editable_by(user))
        .order_by(Article.updated_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def stale(user: Any | None = None) -> list[Article]:
    """Published articles past their review date, oldest first (those `user` may edit, or all)."""
    statement = (
        select(Article)
        .options(joinedload(Article.unit))
        .where(Article.status == ArticleStatus.PUBLISHED, Article.review_by < local_today())
        .order_by(Article.review_by, Article.title)
    )
    if user is not None:
        statement = statement.where(policy.editable_by(user))
    return list(db.session.scalars(statement))


def open_suggestions(user: Any) -> list[ArticleSuggestion]:
    """Agents' suggestions waiting for the units (and editors) that may act on them, oldest first."""
    statement = (
        select(ArticleSuggestion)
        .join(Article)
        .options(joinedload(ArticleSuggestion.article).joinedload(Article.unit), joinedload(ArticleSuggestion.author))
        .where(ArticleSuggestion.state == SuggestionState.OPEN.value, policy.editable_by(user))
        .order_by(ArticleSuggestion.created_at)
    )
    return list(db.session.scalars(statement))


def open_suggestions_count(user: Any) -> int:
    statement = (
        select(func.count())
        .select_from(ArticleSuggestion)
        .join(Article)
        .where(ArticleSuggestion.state == SuggestionState.OPEN.value, policy.editable_by(user))
    )
    return int(db.session.scalar(statement) or 0)


def suggestion(suggestion_id: int) -> ArticleSuggestion | None:
    return db.session.get(ArticleSuggestion, suggestion_id)


def public_articles() -> list[tuple[Article, ArticleRevision]]:
    """The residents' FAQ: the articles readers see whose published revision is public, with it, by its title. An
    article whose changes wait for review is listed by what was published (it was left out, as search left it out)."""
    rows = db.session.execute(
        select(Article, ArticleRevision)
        .options(joinedload(Article.unit))
        .join(ArticleRevision, PUBLISHED_REVISION)
        .where(policy.live(), ArticleRevision.visibility == Visibility.PUBLIC.value)
        .order_by(ArticleRevision.title)
    )
    return [(article, revision) for article, revision in rows]


def public_article(slug: str) -> tuple[Article, ArticleRevision] | None:
    article = by_slug(slug)
    live = article.live if article is not None else None
    if article is None or live is None or live.visibility != Visibility.PUBLIC.value:
        return None
    return article, live


def use_exists(article: Article, ticket_id: int | None, call_sid: str | None) -> bool:
    condition = ArticleUse.ticket_id == ticket_id if ticket_id is not None else ArticleUse.call_sid == call_sid
    return db.session.scalar(select(ArticleUse.id).where(ArticleUse.article_id == article.id, condition)) is not None


def used_for_ticket(ticket_id: int) -> list[tuple[str, str]]:
    """The articles linked to a ticket, (slug, title) in the order they were linked."""
    rows = db.session.execute(
        select(Article.slug, Article.title)
        .join(ArticleUse, ArticleUse.article_id == Article.id)
        .where(ArticleUse.ticket_id == ticket_id)
        .order_by(ArticleUse.id)
    )
    return [(slug, title) for slug, title in rows]


def used_for_calls(call_sids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """The articles noted for each call, (slug, title) in the order they were noted."""
    found: dict[str, list[tuple[str, str]]] = {}
    if not call_sids:
        return found
    rows = db.session.execute(
        select(ArticleUse.call_sid, Article.slug, Article.title)
        .join(Article, Article.id == ArticleUse.article_id)
        .where(ArticleUse.call_sid.in_(call_sids))
        .order_by(ArticleUse.id)
    )
    for sid, slug, title in rows:
        found.setdefault(sid, []).append((slug, title))
    return found


def titles(article_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, slug, title) of the articles asked for (the audit log names them)."""
    if not article_ids:
        return []
    rows = db.session.execute(select(Article.id, Article.slug, Article.title).where(Article.id.in_(article_ids)))
    return [(article_id, slug, title) for article_id, slug, title in rows]


def synonym_groups() -> list[list[str]]:
    return [list(terms) for terms in db.session.scalars(select(SynonymGroup.terms).order_by(SynonymGroup.id))]


def synonyms_text() -> str:
    return "\n".join(", ".join(group) for group in synonym_groups())


def export_lines() -> Iterator[str]:
    """Every article that is not archived, as JSONL lines of the import format (the working copy)."""
    articles = db.session.scalars(
        select(Article)
        .options(joinedload(Article.unit))
        .where(Article.status != ArticleStatus.ARCHIVED)
        .order_by(Article.slug)
    )
    for article in articles:
        yield json.dumps(record_fields(article), ensure_ascii=False)


# -- what staff search and choose (knowledge.learned) -----------------------------------------------------------------


UNANSWERED = and_(SearchedQuery.answered_at.is_(None), or_(SearchedQuery.without_result > 0, SearchedQuery.opened == 0))


def unanswered(limit: int = 100) -> list[SearchedQuery]:
    """Searches that found nothing, or after which nobody opened an article: the most searched first."""
    statement = (
        select(SearchedQuery)
        .where(UNANSWERED)
        .order_by(SearchedQuery.searches.desc(), SearchedQuery.last_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def learned_choices(limit: int = 200) -> list[tuple[QueryChoice, SearchedQuery]]:
    """What agents' choices taught the search, the most chosen first."""
    statement = (
        select(QueryChoice, SearchedQuery)
        .join(SearchedQuery, SearchedQuery.key == QueryChoice.key)
        .order_by(QueryChoice.choices.desc(), QueryChoice.last_at.desc())
        .limit(limit)
    )
    return [(choice, query) for choice, query in db.session.execute(statement)]


def learned_words(limit: int = 50) -> list[tuple[WordChoice, Article, float]]:
    """What agents' choices taught by word, the most chosen first: each word and article, with the article's part
    of all the choices made after searches with that word."""
    totals = select(WordChoice.word, func.sum(WordChoice.choices).label("total")).group_by(WordChoice.word).subquery()
    statement = (
        select(WordChoice, Article, totals.c.total)
        .join(Article, Article.id == WordChoice.article_id)
        .join(totals, totals.c.word == WordChoice.word)
        .order_by(WordChoice.choices.desc(), WordChoice.last_at.desc(), WordChoice.word)
        .limit(limit)
    )
    return [(row, article, row.choices / total) for row, article, total in db.session.execute(statement)]


def published_titles() -> list[tuple[str, str]]:
    """(slug, title as published) of every article readers see — changes of its own may wait for review — by title
    (what an editor picks an article from)."""
    statement = (
        select(Article.slug, ArticleRevision.title)
        .join(ArticleRevision, PUBLISHED_REVISION)
        .where(policy.live())
        .order_by(ArticleRevision.title)
    )
    return [(slug, title) for slug, title in db.session.execute(statement)]


def published_named(text: str) -> list[str]:
    """The slugs of the articles readers see that an editor named: by its slug, else by its title (case and spacing
    aside) — more than one when titles repeat."""
    wanted = " ".join(text.split()).casefold()
    titles = published_titles()
    if any(slug == wanted for slug, _title in titles):
        return [wanted]
    return [slug for slug, title in titles if " ".join(title.split()).casefold() == wanted]


def unanswered_count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(SearchedQuery).where(UNANSWERED)) or 0)


# -- what staff searched, by day: counts for the press office's signals ---------------------------------------------


def searched_between(first: date, last: date, limit: int | None = 200) -> list[tuple[str, str, int, int]]:
    """(query key, its latest wording, searches, searches that found nothing) on the days first..last, the most
    searched first (all of them with no limit)."""
    searches = func.sum(SearchDay.searches)
    statement = (
        select(SearchDay.key, SearchedQuery.example, searches, func.sum(SearchDay.without_result))
        .join(SearchedQuery, SearchedQuery.key == SearchDay.key)
        .where(SearchDay.day >= first, SearchDay.day <= last)
        .group_by(SearchDay.key, SearchedQuery.example)
        .order_by(searches.desc(), SearchDay.key)
        .limit(limit)
    )
    return [(key, example, int(n), int(empty)) for key, example, n, empty in db.session.execute(statement)]


def searched_on_topic(first: date, last: date, words: Iterable[str]) -> int:
    """How many searches on the days first..last held one of the words (in any of its forms: knowledge.learned)."""
    keys = {learned.query_key(word) for word in words} - {""}
    if not keys:
        return 0
    spaced = literal(" ") + SearchDay.key + literal(" ")
    # a keyword of several words is met when the query holds all of them
    held = or_(*(and_(*(spaced.contains(f" {part} ", autoescape=True) for part in key.split())) for key in keys))
    statement = select(func.coalesce(func.sum(SearchDay.searches), 0)).where(
        SearchDay.day >= first, SearchDay.day <= last, held
    )
    return int(db.session.scalar(statement) or 0)
