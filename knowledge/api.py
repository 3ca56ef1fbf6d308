"""The knowledge base in the JSON API: search (staff and public), article CRUD and workflow. Shapes from
knowledge.schemas; who sees what from knowledge.policy (in SQL for lists)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.api.endpoints import body, documented, query, respond
from cct.auth.access import public, requires
from cct.errors import NotFound
from cct.org import queries as units
from knowledge import operations, policy, queries, search
from knowledge.models import Article
from knowledge.schemas import (
    ArticleChanges,
    ArticleListQuery,
    ArticleOut,
    ArticlePage,
    ArticleStep,
    NewArticle,
    PublishedOut,
    SearchHit,
    SearchQuery,
    SearchResults,
    SlugPath,
    StaffSearchQuery,
    record_fields,
)

bp = Blueprint("api_kb", __name__, url_prefix="/api/v1")
NOT_FOUND = (400, 401, 403, 404)
CONFLICT = (*NOT_FOUND, 409)


def _results(results: search.Results) -> SearchResults:
    return SearchResults(
        results=[
            SearchHit(slug=h.slug, title=h.title, unit=h.unit, score=h.score, snippet=str(h.snippet))
            for h in results.hits
        ],
        total=results.total,
    )


def _exact_unit(code: str | None, *, active_only: bool) -> None:
    if code is not None:
        units.require_unit(code, active_only=active_only, exact=True)


def _limit(given: int | None) -> int:
    return given if given is not None else current_app.config["CCT"].knowledge.search_limit


@bp.get("/kb/search")
@requires("kb.view")
@documented(
    "Search published articles (public and internal), best first",
    "searchKnowledgeBase",
    query=StaffSearchQuery,
    responses={200: SearchResults},
)
def staff_search() -> Any:
    args = query(StaffSearchQuery)
    _exact_unit(args.unit, active_only=False)
    return respond(_results(search.search(args.q, _limit(args.limit), unit=args.unit, tag=args.tag, learned=True)))


@bp.get("/public/kb/search")
@public
@documented(
    "Search the residents' FAQ (published public articles); no token needed",
    "searchPublicFaq",
    query=SearchQuery,
    responses={200: SearchResults},
    errors=(400,),
    public=True,
)
def public_search() -> Any:
    args = query(SearchQuery)
    return respond(_results(search.search(args.q, _limit(args.limit), public_only=True)))


# -- articles ------------------------------------------------------------------------------------------------------


def article_out(article: Article) -> ArticleOut:
    """The article as the caller may see it: the working copy for those who may edit it, else what is published."""
    live = article.live
    shown: Any = article if policy.can_read_drafts(current_user, article) or live is None else live
    return ArticleOut(
        slug=article.slug,
        title=shown.title,
        body=shown.body,
        unit=article.unit.code,
        tags=list(shown.tags),
        questions=list(shown.questions),
        visibility=shown.visibility,
        status=article.status,
        published=PublishedOut(revision=live.number, title=live.title, body=live.body, visibility=live.visibility)
        if live
        else None,
        review_by=article.review_by,
        use_count=article.use_count,
        helped=article.helped_count,
        not_helped=article.not_helped_count,
        related=[related.slug for related in article.related if policy.can_read(current_user, related)],
        updated_at=article.updated_at,
        version=article.version,
    )


def _article(slug: str) -> Article:
    article = queries.readable(current_user, slug)
    if article is None:
        raise NotFound("article_not_found", _("No article %(slug)s.", slug=slug), "slug")
    return article


@bp.get("/kb/articles")
@requires("kb.view")
@documented("Articles by slug, a page at a time", "listArticles", query=ArticleListQuery, responses={200: ArticlePage})
def list_articles() -> Any:
    args = query(ArticleListQuery)
    _exact_unit(args.unit, active_only=False)
    rows, cursor = queries.page(current_user, args.status.value, args.unit, args.after, args.limit)
    return respond(ArticlePage(articles=[article_out(a) for a in rows], next=cursor))


@bp.post("/kb/articles")
@requires("kb.edit")
@documented(
    "Create an article (a draft, with its first revision)",
    "createArticle",
    body=NewArticle,
    responses={201: ArticleOut},
    errors=(400, 401, 403, 409),
    headers={201: {"Location": "The article's address in the API"}},
)
def create_article() -> Any:
    data = body(NewArticle)
    _exact_unit(data.unit, active_only=True)
    article = operations.save(current_user, data.as_input())
    return respond(article_out(article), 201, {"Location": url_for(".get_article", slug=article.slug)})


@bp.get("/kb/articles/<slug>")
@requires("kb.view")
@documented(
    "One article: its working copy (for those who may edit it) and its published revision",
    "getArticle",
    path=SlugPath,
    responses={200: ArticleOut},
    errors=NOT_FOUND,
)
def get_article(slug: str) -> Any:
    return respond(article_out(_article(slug)))


@bp.patch("/kb/articles/<slug>")
@requires("kb.edit")
@documented(
    "Change the working copy (a new revision; a draft again until published)",
    "updateArticle",
    path=SlugPath,
    body=ArticleChanges,
    responses={200: ArticleOut},
    errors=CONFLICT,
)
def update_article(slug: str) -> Any:
    article = _article(slug)
    data = body(ArticleChanges)
    _exact_unit(data.unit, active_only=True)
    policy.require_edit(current_user, article)  # before the fields: who may not change it learns only that
    current = {**record_fields(article), "slug": article.slug}
    current.pop("id")
    operations.save(current_user, data.over(current), article=article, expected_version=data.version, note=data.note)
    return respond(article_out(article))


@bp.post("/kb/articles/<slug>/transition")
@requires("kb.edit")
@documented(
    "Submit for review, publish, send back (with a reason), archive or bring back",
    "transitionArticle",
    path=SlugPath,
    body=ArticleStep,
    responses={200: ArticleOut},
    errors=CONFLICT,
)
def transition(slug: str) -> Any:
    article = _article(slug)
    data = body(ArticleStep)
    operations.take_step(current_user, article, data.action.value, data.reason)
    return respond(article_out(article))
