"""Knowledge-base screens for staff: search, article, editing, review, revisions, stale list, suggestions, synonyms,
and the agent's panel (search while typing, read beside the ticket, "use this article")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from cct import db
from cct.auth.access import requires
from cct.errors import UserError
from cct.forms import form_page, local_path, unit_choices
from knowledge import operations, search
from knowledge.diff import changed, word_diff
from knowledge.forms import (
    ArticleForm,
    CloseSuggestionForm,
    FeedbackForm,
    StatusForm,
    SuggestionForm,
    SynonymsForm,
    UseForm,
)
from knowledge.markdown import to_html
from knowledge.models import (
    STATUS_LABELS,
    VISIBILITY_LABELS,
    Article,
    ArticleStatus,
    ArticleSuggestion,
    SuggestionState,
)
from tickets import queries as ticket_queries
from tickets.operations import CALL_SID

bp = Blueprint(
    "kb", __name__, url_prefix="/kb", template_folder="templates", static_folder="static", static_url_path="/static"
)
PANEL_LIMIT = 8


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {
        "KB_STATUS_LABELS": {s.value: label for s, label in STATUS_LABELS.items()},
        "KB_VISIBILITY_LABELS": {v.value: label for v, label in VISIBILITY_LABELS.items()},
        "markdown": to_html,
    }


def _article_or_404(slug: str) -> Article:
    article = db.session.scalar(select(Article).options(joinedload(Article.unit)).where(Article.slug == slug))
    if article is None or not operations.can_read(current_user, article):
        abort(404)
    return article


def _article_url(article: Article) -> str:
    return url_for("kb.show", slug=article.slug)


def _my_unit_ids() -> list[int] | None:
    """None for editors (every unit), else the user's own units."""
    return None if operations.is_editor(current_user) else [unit.id for unit in current_user.units]


# -- search ------------------------------------------------------------------------------------------------------


@bp.route("/")
@requires("kb.view")
def index() -> Any:
    text = (request.args.get("q") or "").strip()[:500]
    unit = (request.args.get("unit") or "").strip() or None
    tag = (request.args.get("tag") or "").strip() or None
    results = search.search(text, 20, unit=unit, tag=tag) if text else None
    work: dict[str, Any] = {}
    if current_user.has_permission("kb.edit"):
        unit_ids = _my_unit_ids()
        drafts = (
            select(Article)
            .options(joinedload(Article.unit))
            .where(Article.status.in_([ArticleStatus.DRAFT.value, ArticleStatus.IN_REVIEW.value]))
            .order_by(Article.updated_at.desc())
            .limit(50)
        )
        if unit_ids is not None:
            drafts = drafts.where(Article.unit_id.in_(unit_ids or [-1]))
        work["drafts"] = list(db.session.scalars(drafts))
        work["stale"] = len(operations.stale_articles(unit_ids))
        work["suggestions"] = _open_suggestions_count(unit_ids)
    return render_template(
        "kb/index.html",
        text=text,
        unit=unit,
        tag=tag,
        results=results,
        work=work,
        units=unit_choices(),
    )


def _open_suggestions_count(unit_ids: list[int] | None) -> int:
    statement = (
        select(func.count())
        .select_from(ArticleSuggestion)
        .join(Article)
        .where(ArticleSuggestion.state == SuggestionState.OPEN.value)
    )
    if unit_ids is not None:
        statement = statement.where(Article.unit_id.in_(unit_ids or [-1]))
    return int(db.session.scalar(statement) or 0)


# -- one article -------------------------------------------------------------------------------------------------


@bp.route("/a/<slug>")
@requires("kb.view")
def show(slug: str) -> Any:
    article = _article_or_404(slug)
    may_edit = operations.can_edit(current_user, article)
    live = article.live
    working = request.args.get("draft") == "1" and may_edit
    shown = None if working else live
    return render_template(
        "kb/show.html",
        article=article,
        shown=shown,
        working=working or live is None,
        ahead=live is not None and article.revisions and article.revisions[0].number != live.number,
        may_edit=may_edit,
        is_editor=operations.is_editor(current_user),
        status_form=StatusForm(prefix="status"),
        feedback_form=FeedbackForm(prefix="feedback"),
        suggestion_form=SuggestionForm(prefix="suggestion"),
        use_form=UseForm(prefix="use", data={"ticket": request.args.get("ticket", "")}),
        stale=article.is_stale(operations._today()),
    )


def _act(slug: str, form_class: type, prefix: str, action: Callable[[Article, Any], str]) -> Any:
    """The article page's forms: validate, run, commit, back to the article; an error is flashed."""
    article = _article_or_404(slug)
    form = form_class(prefix=prefix)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(_article_url(article))
    try:
        message = action(article, form)
    except UserError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(request.form.get("next") or _article_url(article))


STATUS_ACTIONS: dict[str, Callable[[Any, Article, StatusForm], None]] = {
    "submit": lambda user, article, form: operations.submit(user, article),
    "publish": lambda user, article, form: operations.publish(user, article),
    "send_back": lambda user, article, form: operations.send_back(user, article, form.reason.data or ""),
    "archive": lambda user, article, form: operations.archive(user, article),
    "unarchive": lambda user, article, form: operations.unarchive(user, article),
}


def _status_message(action: str) -> str:
    return {
        "submit": _("Sent for review."),
        "publish": _("Published."),
        "send_back": _("Sent back to the unit."),
        "archive": _("Archived."),
        "unarchive": _("Brought back as a draft."),
    }[action]


@bp.route("/a/<slug>/status", methods=["POST"])
@requires("kb.edit")
def change_status(slug: str) -> Any:
    def act(article: Article, form: StatusForm) -> str:
        if form.action.data not in STATUS_ACTIONS:
            raise UserError("bad_choice", _("Not on the list: %(value)s.", value=form.action.data))
        STATUS_ACTIONS[form.action.data](current_user, article, form)
        return _status_message(form.action.data)

    return _act(slug, StatusForm, "status", act)


@bp.route("/a/<slug>/feedback", methods=["POST"])
@requires("kb.view")
def feedback(slug: str) -> Any:
    def act(article: Article, form: FeedbackForm) -> str:
        operations.feedback(current_user, article, form.helped.data == "1", form.comment.data)
        return _("Thank you: your feedback is recorded.")

    return _act(slug, FeedbackForm, "feedback", act)


@bp.route("/a/<slug>/suggest", methods=["POST"])
@requires("kb.view")
def suggest(slug: str) -> Any:
    def act(article: Article, form: SuggestionForm) -> str:
        operations.suggest(current_user, article, form.body.data)
        return _("Your suggestion went to %(unit)s.", unit=article.unit.name)

    return _act(slug, SuggestionForm, "suggestion", act)


def _ticket_id(number: str) -> int:
    year_text, _sep, seq_text = number.strip().partition("/")
    ticket = ticket_queries.find(int(year_text), int(seq_text)) if year_text.isdigit() and seq_text.isdigit() else None
    if ticket is None or not ticket_queries.can_see(current_user, ticket):
        raise UserError("ticket_not_found", _("No ticket with the number %(number)s.", number=number), "ticket")
    return ticket.id


@bp.route("/a/<slug>/use", methods=["POST"])
@requires("kb.view")
def use(slug: str) -> Any:
    wants_json = request.accept_mimetypes.best == "application/json"
    article = _article_or_404(slug)
    form = UseForm(prefix="use")
    call_sid = (form.call.data or "").strip()
    try:
        if not form.validate_on_submit() or not (call_sid or (form.ticket.data or "").strip()):
            raise UserError("required", _("Give the ticket's number."), "ticket")
        if call_sid:
            if not CALL_SID.match(call_sid):
                raise UserError("bad_call_sid", _("Not a call identifier: %(value)s.", value=call_sid), "call")
            recorded = operations.record_use(current_user, article, call_sid=call_sid)
        else:
            recorded = operations.record_use(current_user, article, ticket_id=_ticket_id(form.ticket.data or ""))
    except UserError as error:
        db.session.rollback()
        if wants_json:
            return jsonify(error.as_json()), error.status
        flash(error.message, "error")
        return redirect(_article_url(article))
    db.session.commit()
    if call_sid:
        message = _("Article noted for this call.") if recorded else _("This article was already noted for this call.")
    else:
        number = (form.ticket.data or "").strip()
        message = (
            _("Article linked to ticket %(number)s.", number=number)
            if recorded
            else _("This article was already linked to ticket %(number)s.", number=number)
        )
    if wants_json:
        return jsonify({"message": message, "use_count": article.use_count})
    flash(message, "success")
    return redirect(local_path(request.form.get("next")) or _article_url(article))


# -- editing -----------------------------------------------------------------------------------------------------


def _editable_units() -> list[Any]:
    if operations.is_editor(current_user):
        return unit_choices()
    return unit_choices(current_user.units)


def _related(text: str | None) -> list[str]:
    return [slug.strip() for slug in (text or "").split(",") if slug.strip()]


@bp.route("/new", methods=["GET", "POST"])
@requires("kb.edit")
def create() -> Any:
    form = ArticleForm()
    form.unit.choices = _editable_units()
    created: list[Article] = []

    def action() -> str:
        article = operations.save(current_user, _input(form), note=form.note.data)
        if form.related.data:
            operations.set_related(current_user, article, _related(form.related.data))
        created.append(article)
        return _("Article saved as a draft.")

    return form_page(form, action, lambda: _article_url(created[0]) + "?draft=1", "kb/form.html", article=None)


def _input(form: ArticleForm, slug: str | None = None) -> operations.ArticleInput:
    return operations.ArticleInput(
        title=form.title.data or "",
        body=form.body.data or "",
        unit=form.unit.data or "",
        tags=operations._tags(form.tags.data),
        visibility=form.visibility.data or "",
        slug=slug,
    )


@bp.route("/a/<slug>/edit", methods=["GET", "POST"])
@requires("kb.edit")
def edit(slug: str) -> Any:
    article = _article_or_404(slug)
    if not operations.can_edit(current_user, article):
        abort(403)
    form = ArticleForm(
        data={
            "title": article.title,
            "unit": article.unit.code,
            "visibility": article.visibility,
            "tags": ", ".join(article.tags),
            "body": article.body,
            "related": ", ".join(related.slug for related in article.related),
            "version": article.version,
        }
        if request.method == "GET"
        else None
    )
    form.unit.choices = _editable_units()
    if article.unit.code not in {choice.value for choice in form.unit.choices}:
        form.unit.choices = [*unit_choices([article.unit]), *form.unit.choices]

    def action() -> str:
        operations.save(
            current_user, _input(form), article=article, expected_version=form.version.data, note=form.note.data
        )
        operations.set_related(current_user, article, _related(form.related.data))
        return _("Article saved as a draft. Readers see the published version until it is published again.")

    return form_page(form, action, _article_url(article) + "?draft=1", "kb/form.html", article=article)


# -- revisions ---------------------------------------------------------------------------------------------------


@bp.route("/a/<slug>/revisions")
@requires("kb.view")
def revisions(slug: str) -> Any:
    article = _article_or_404(slug)
    return render_template("kb/revisions.html", article=article, may_edit=operations.can_edit(current_user, article))


@bp.route("/a/<slug>/revisions/<int:number>")
@requires("kb.view")
def revision(slug: str, number: int) -> Any:
    article = _article_or_404(slug)
    by_number = {r.number: r for r in article.revisions}
    current = by_number.get(number)
    if current is None:
        abort(404)
    previous = max((r for r in article.revisions if r.number < number), key=lambda r: r.number, default=None)
    title_diff = word_diff(previous.title if previous else "", current.title)
    body_diff = word_diff(previous.body if previous else "", current.body)
    tags_diff = word_diff(", ".join(previous.tags) if previous else "", ", ".join(current.tags))
    return render_template(
        "kb/revision.html",
        article=article,
        revision=current,
        previous=previous,
        title_diff=title_diff,
        body_diff=body_diff,
        tags_diff=tags_diff,
        any_change=changed(title_diff) or changed(body_diff) or changed(tags_diff),
        may_edit=operations.can_edit(current_user, article),
        restore_form=StatusForm(prefix="restore"),
    )


@bp.route("/a/<slug>/revisions/<int:number>/restore", methods=["POST"])
@requires("kb.edit")
def restore(slug: str, number: int) -> Any:
    def act(article: Article, _form: Any) -> str:
        operations.restore(current_user, article, number)
        return _("Revision %(n)d is the working copy again (as a new draft).", n=number)

    return _act(slug, StatusForm, "restore", act)


# -- lists for units and editors ---------------------------------------------------------------------------------


@bp.route("/stale")
@requires("kb.edit")
def stale() -> Any:
    articles = operations.stale_articles(_my_unit_ids())
    by_unit: dict[str, list[Article]] = {}
    for article in articles:
        by_unit.setdefault(f"{article.unit.code} — {article.unit.name}", []).append(article)
    return render_template("kb/stale.html", by_unit=by_unit)


@bp.route("/suggestions")
@requires("kb.edit")
def suggestions() -> Any:
    unit_ids = _my_unit_ids()
    statement = (
        select(ArticleSuggestion)
        .join(Article)
        .options(joinedload(ArticleSuggestion.article).joinedload(Article.unit), joinedload(ArticleSuggestion.author))
        .where(ArticleSuggestion.state == SuggestionState.OPEN.value)
        .order_by(ArticleSuggestion.created_at)
    )
    if unit_ids is not None:
        statement = statement.where(Article.unit_id.in_(unit_ids or [-1]))
    return render_template(
        "kb/suggestions.html", suggestions=list(db.session.scalars(statement)), form=CloseSuggestionForm()
    )


@bp.route("/suggestions/<int:suggestion_id>", methods=["POST"])
@requires("kb.edit")
def close_suggestion(suggestion_id: int) -> Any:
    suggestion = db.session.get(ArticleSuggestion, suggestion_id)
    if suggestion is None:
        abort(404)
    form = CloseSuggestionForm()
    if form.validate_on_submit():
        try:
            operations.close_suggestion(current_user, suggestion, form.outcome.data == "done", form.answer.data)
        except UserError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Suggestion closed."), "success")
    return redirect(url_for("kb.suggestions"))


@bp.route("/synonyms", methods=["GET", "POST"])
@requires("kb.synonyms")
def synonyms() -> Any:
    form = SynonymsForm(data={"synonyms": operations.synonyms_text()} if request.method == "GET" else None)

    def action() -> str:
        count = operations.save_synonyms(current_user, form.synonyms.data or "")
        return _("Synonyms saved: %(n)d groups.", n=count)

    return form_page(form, action, url_for("kb.synonyms"), "kb/synonyms.html")


# -- the agent's panel -------------------------------------------------------------------------------------------


@bp.route("/panel/search")
@requires("kb.view")
def panel_search() -> Any:
    """Results while the agent types (JSON for the panel's script; the session cookie authenticates it)."""
    text = (request.args.get("q") or "").strip()[:500]
    if not text:
        return jsonify({"results": [], "total": 0})
    results = search.search(text, PANEL_LIMIT)
    return jsonify(
        {
            "results": [
                {
                    "slug": hit.slug,
                    "title": hit.title,
                    "unit": hit.unit,
                    "snippet": str(hit.snippet),
                    "url": url_for("kb.show", slug=hit.slug),
                    "panel_url": url_for("kb.panel_article", slug=hit.slug),
                }
                for hit in results.hits
            ],
            "total": results.total,
        }
    )


@bp.route("/panel/a/<slug>")
@requires("kb.view")
def panel_article(slug: str) -> Any:
    """An article as a fragment for the panel beside the ticket or the call."""
    article = _article_or_404(slug)
    if article.live is None:
        abort(404)
    return render_template("kb/_panel_article.html", article=article, live=article.live)
