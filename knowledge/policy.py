"""Who may do what with the knowledge base: pure checks, and the SQL filter of the articles a user may read.
Views, the API and the operations ask the same questions here; the system actors (imports, the demo) pass on
purpose."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_, true

from cct.errors import Forbidden, NotFound
from cct.org.models import Unit
from knowledge.models import Article
from knowledge.states import EDITORS_STEPS, ArticleStatus, Step


def is_editor(user: Any) -> bool:
    """Editors (and administrators) publish, send back, archive, and keep the synonyms; the system does as they do."""
    return user.is_system or user.has_permission("kb.publish")


def can_edit(user: Any, article: Article | None, unit: Unit | None = None) -> bool:
    """Editors edit any article; unit staff their own units' articles (or, for a new one, in their units)."""
    if is_editor(user):
        return True
    target = unit or (article.unit if article else None)
    return user.has_permission("kb.edit") and target is not None and target.id in user.unit_ids


def require_edit(user: Any, article: Article | None, unit: Unit | None = None) -> None:
    """Refuse (403) a change to an article (or a new one in `unit`) that `user` may not make."""
    if not can_edit(user, article, unit):
        raise Forbidden("forbidden", _("Only the owning unit's staff and editors may change this article."))


def require_editor(user: Any) -> None:
    """Refuse (403) what only editors do."""
    if not is_editor(user):
        raise Forbidden("forbidden", _("Only knowledge-base editors may do this."))


def learns_from(user: Any) -> bool:
    """Whose searches and choices teach the search and fill the editors' list of what was not found: those who answer
    callers (agents, and supervisors who step in). Never editors and unit staff checking the base (an editor trying a
    query of that list and opening its first result would take it off the list and teach the search the very pair
    being checked), residents (the FAQ) or the system."""
    return not user.is_system and bool(user.has_permission("kb.teach"))


def can_read_drafts(user: Any, article: Article) -> bool:
    """The working copy and every revision: only those who may edit the article, and editors."""
    return can_edit(user, article)


def can_read(user: Any, article: Article) -> bool:
    """Staff read published articles; an article never published only those who may edit it."""
    return article.live is not None or can_read_drafts(user, article)


def require_read(user: Any, article: Article) -> None:
    """Refuse what is done with an article `user` may not read as if it were not there (404)."""
    if not can_read(user, article):
        raise NotFound("article_not_found", _("No article %(slug)s.", slug=article.slug), "slug")


def live() -> ColumnElement[bool]:
    """The articles readers see, as a condition for a query (as `Article.live`): published once and not archived —
    changes of their own may wait for review meanwhile."""
    return Article.published_number.is_not(None) & (Article.status != ArticleStatus.ARCHIVED.value)


def visible_to(user: Any) -> ColumnElement[bool]:
    """The articles `user` may read, as a condition for a query (as `can_read`)."""
    if is_editor(user):
        return true()
    live_ = live()
    if user.has_permission("kb.edit"):
        return or_(live_, Article.unit_id.in_(sorted(user.unit_ids) or [-1]))
    return live_


def editable_by(user: Any) -> ColumnElement[bool]:
    """The articles `user` may edit, as a condition for a query (the work lists)."""
    if is_editor(user):
        return true()
    if not user.has_permission("kb.edit"):
        return Article.id.is_(None)
    return Article.unit_id.in_(sorted(user.unit_ids) or [-1])


def can_take(user: Any, article: Article, step: Step) -> bool:
    """Unit staff submit their units' drafts; every other step is an editor's."""
    return is_editor(user) if step in EDITORS_STEPS else can_edit(user, article)
