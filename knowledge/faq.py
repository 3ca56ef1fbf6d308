"""The residents' FAQ: published public articles, searchable, no login."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from cct import db
from cct.auth.access import public
from knowledge import search
from knowledge.models import Article, ArticleStatus, Visibility

bp = Blueprint("faq", __name__, url_prefix="/faq", template_folder="templates")


def _public_articles() -> list[tuple[Article, Any]]:
    articles = db.session.scalars(
        select(Article)
        .options(joinedload(Article.unit))
        .where(Article.status == ArticleStatus.PUBLISHED.value, Article.published_number.is_not(None))
        .order_by(Article.title)
    )
    return [(a, a.live) for a in articles if a.live is not None and a.live.visibility == Visibility.PUBLIC.value]


@bp.route("/")
@public
def index() -> Any:
    text = (request.args.get("q") or "").strip()[:500]
    results = search.search(text, 20, public_only=True) if text else None
    articles = None if text else _public_articles()
    return render_template("faq/index.html", text=text, results=results, articles=articles)


@bp.route("/<slug>")
@public
def show(slug: str) -> Any:
    article = db.session.scalar(select(Article).options(joinedload(Article.unit)).where(Article.slug == slug))
    live = article.live if article is not None else None
    if live is None or live.visibility != Visibility.PUBLIC.value:
        abort(404)
    related = [
        (other, other.live)
        for other in article.related  # type: ignore[union-attr]
        if other.live is not None and other.live.visibility == Visibility.PUBLIC.value
    ]
    return render_template("faq/show.html", article=article, live=live, related=related)
