"""The knowledge base in the JSON API: search (staff and public), article CRUD and workflow."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from cct import db
from cct.api import json_body, user_error
from cct.auth.access import public, requires
from cct.errors import NotFound, UserError
from cct.org.models import Unit
from knowledge import operations, search
from knowledge.models import Article, ArticleStatus, article_json_fields

bp = Blueprint("api_kb", __name__, url_prefix="/api/v1")
bp.register_error_handler(UserError, user_error)
MAX_LIMIT = 50
MAX_QUERY = 500
MAX_PAGE = 200


def _search_args() -> tuple[str, int]:
    text = request.args.get("q", "")
    if not text.strip():
        raise UserError("required", _("Type something to search for."), "q")
    if len(text) > MAX_QUERY:
        raise UserError("too_long", _("At most %(n)d characters.", n=MAX_QUERY), "q")
    raw_limit = request.args.get("limit")
    limit = current_app.config["CCT"].knowledge.search_limit
    if raw_limit is not None:
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
            raise UserError("bad_limit", _("limit must be a whole number from 1 to %(n)d.", n=MAX_LIMIT), "limit")
        limit = int(raw_limit)
    return text, limit


def _results_json(results: search.Results) -> dict[str, Any]:
    return {
        "results": [
            {"slug": h.slug, "title": h.title, "unit": h.unit, "score": h.score, "snippet": str(h.snippet)}
            for h in results.hits
        ],
        "total": results.total,
    }


@bp.route("/kb/search")
@requires("kb.view")
def staff_search() -> Any:
    text, limit = _search_args()
    return jsonify(
        _results_json(search.search(text, limit, unit=request.args.get("unit"), tag=request.args.get("tag")))
    )


@bp.route("/public/kb/search")
@public
def public_search() -> Any:
    text, limit = _search_args()
    return jsonify(_results_json(search.search(text, limit, public_only=True)))


# -- articles ----------------------------------------------------------------------------------------------------


def article_json(article: Article) -> dict[str, Any]:
    live = article.live
    return {
        **{key: value for key, value in article_json_fields(article).items() if key != "id"},
        "slug": article.slug,
        "status": article.status,
        "published": (
            {"revision": live.number, "title": live.title, "body": live.body, "visibility": live.visibility}
            if live
            else None
        ),
        "review_by": article.review_by.isoformat() if article.review_by else None,
        "use_count": article.use_count,
        "helped": article.helped_count,
        "not_helped": article.not_helped_count,
        "related": [related.slug for related in article.related],
        "updated_at": article.updated_at.isoformat(),
        "version": article.version,
    }


def _article(slug: str) -> Article:
    article = db.session.scalar(select(Article).options(joinedload(Article.unit)).where(Article.slug == slug))
    if article is None or not operations.can_read(current_user, article):
        raise NotFound("article_not_found", _("No article %(slug)s.", slug=slug), "slug")
    return article


@bp.route("/kb/articles", methods=["GET"])
@requires("kb.view")
def list_articles() -> Any:
    raw_limit = request.args.get("limit", "50")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_PAGE:
        raise UserError("bad_limit", _("limit must be a whole number from 1 to %(n)d.", n=MAX_PAGE), "limit")
    limit = int(raw_limit)
    status = request.args.get("status", ArticleStatus.PUBLISHED.value)
    if status not in {s.value for s in ArticleStatus}:
        raise UserError("bad_choice", _("Not on the list: %(value)s.", value=status), "status")
    statement = (
        select(Article)
        .options(joinedload(Article.unit))
        .where(Article.status == status)
        .order_by(Article.slug)
        .limit(limit + 1)
    )
    if request.args.get("after"):
        statement = statement.where(Article.slug > request.args["after"])
    if request.args.get("unit"):
        statement = statement.where(Article.unit.has(Unit.code == request.args["unit"].strip().upper()))
    rows = [a for a in db.session.scalars(statement) if operations.can_read(current_user, a)]
    more = len(rows) > limit
    rows = rows[:limit]
    return jsonify({"articles": [article_json(a) for a in rows], "next": rows[-1].slug if more and rows else None})


@bp.route("/kb/articles", methods=["POST"])
@requires("kb.edit")
def create_article() -> Any:
    data = json_body()
    article = operations.save(current_user, operations.ArticleInput.from_mapping(data))
    db.session.commit()
    response = jsonify(article_json(article))
    response.status_code = 201
    response.headers["Location"] = url_for(".get_article", slug=article.slug)
    return response


@bp.route("/kb/articles/<slug>", methods=["GET"])
@requires("kb.view")
def get_article(slug: str) -> Any:
    return jsonify(article_json(_article(slug)))


@bp.route("/kb/articles/<slug>", methods=["PATCH"])
@requires("kb.edit")
def update_article(slug: str) -> Any:
    article = _article(slug)
    data = json_body()
    version = data.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool):
        raise UserError(
            "version_required", _("Send the article's version from your last read (optimistic locking)."), "version"
        )
    note = data.pop("note", None)
    if "slug" in data and data["slug"] != article.slug:
        raise UserError("slug_fixed", _("An article's slug never changes."), "slug")
    operations.save(
        current_user,
        operations.ArticleInput.from_mapping(data, partial_of=article),
        article=article,
        expected_version=version,
        note=note,
    )
    db.session.commit()
    return jsonify(article_json(article))


ACTIONS = {
    "submit": lambda user, article, data: operations.submit(user, article),
    "publish": lambda user, article, data: operations.publish(user, article),
    "send_back": lambda user, article, data: operations.send_back(user, article, data.get("reason", "")),
    "archive": lambda user, article, data: operations.archive(user, article),
    "unarchive": lambda user, article, data: operations.unarchive(user, article),
}


@bp.route("/kb/articles/<slug>/transition", methods=["POST"])
@requires("kb.edit")
def transition(slug: str) -> Any:
    article = _article(slug)
    data = json_body()
    action = data.get("action")
    if action not in ACTIONS:
        raise UserError("bad_choice", _("Not on the list: %(value)s.", value=action), "action")
    ACTIONS[action](current_user, article, data)
    db.session.commit()
    return jsonify(article_json(article))
