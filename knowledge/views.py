"""Knowledge-base screens: for staff — search, article, editing, review, revisions, stale list, suggestions, synonyms,
and the agent's panel (search while typing, read beside the ticket or the call, "use this article"); for residents —
the FAQ (published public articles, searchable, no login)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct import slots
from cct.auth.access import public, requires
from cct.db import utcnow
from cct.diff import changed, word_diff
from cct.errors import UserError
from cct.forms import local_path, unit_choices
from cct.identifiers import is_call_sid
from cct.office_calendar import local_today
from cct.web import api_error, form_page, page_action, redisplay
from knowledge import learned, operations, policy, queries, search
from knowledge.call_talk import without_call_talk
from knowledge.forms import (
    AnswerQueryForm,
    ArticleForm,
    CloseSuggestionForm,
    FeedbackForm,
    ForgetChoiceForm,
    StatusForm,
    SuggestionForm,
    SynonymsForm,
    UseForm,
)
from knowledge.markdown import to_html
from knowledge.models import Article
from knowledge.schemas import QUERY_MAX, SLUG_MAX, ArticleInput
from knowledge.states import STATUS_LABELS, VISIBILITY_LABELS, Step, Visibility

bp = Blueprint(
    "kb", __name__, url_prefix="/kb", template_folder="templates", static_folder="static", static_url_path="/static"
)
faq_bp = Blueprint("faq", __name__, url_prefix="/faq", template_folder="templates")
PANEL_LIMIT = 8
PAGE_LIMIT = 20  # results a search page shows; it says so when more matched


def labels() -> dict[str, Any]:
    return {
        "KB_STATUS_LABELS": {s.value: label for s, label in STATUS_LABELS.items()},
        "KB_VISIBILITY_LABELS": {v.value: label for v, label in VISIBILITY_LABELS.items()},
        "markdown": to_html,
    }


def _typed_query(values: Any) -> str:
    """A search as typed, cut to the longest one searched (the pages, the panel and its reports alike)."""
    return (values.get("q") or "").strip()[:QUERY_MAX]


def _article_or_404(slug: str) -> Article:
    article = queries.readable(current_user, slug)
    if article is None:
        abort(404)
    return article


def _drafts_or_404(slug: str) -> Article:
    """An article whose working copy and revisions the user may read (those who may edit it, and editors)."""
    article = _article_or_404(slug)
    if not policy.can_read_drafts(current_user, article):
        abort(404)
    return article


def _article_url(article: Article) -> str:
    return url_for("kb.show", slug=article.slug)


# -- the agent's panel beside a ticket or a call (cct.slots) --------------------------------------------------------


def ticket_panel(number: str | None) -> str:
    """The slot "ticket.aside": the panel on the new-ticket form and beside a ticket."""
    if not current_user.has_permission("kb.view"):
        return ""
    return render_template("kb/_panel.html", panel_ticket=number, panel_call=None)


def call_panel(call_sid: str | None) -> str:
    """The slot "call.aside": the panel in the agent's console, for the call on the line."""
    if not current_user.has_permission("kb.view"):
        return ""
    return render_template("kb/_panel.html", panel_ticket=None, panel_call=call_sid)


def articles_for_ticket(ticket_id: int) -> list[slots.Link]:
    """The slot "ticket.articles": what the caller was told, from the knowledge base."""
    return [slots.Link(title, "kb.show", {"slug": slug}) for slug, title in queries.used_for_ticket(ticket_id)]


def articles_for_calls(call_sids: list[str]) -> dict[str, list[slots.Link]]:
    """The slot "calls.articles": the articles noted for each call."""
    return {
        sid: [slots.Link(title, "kb.show", {"slug": slug}) for slug, title in found]
        for sid, found in queries.used_for_calls(call_sids).items()
    }


def audit_object_types() -> dict[str, str]:
    """The slot "audit.object_types": what the audit log calls the knowledge base's objects."""
    return {
        "Article": _("Article"),
        "ArticleFeedback": _("Feedback on an article"),
        "ArticleSuggestion": _("Article suggestion"),
        "ArticleUse": _("Article used"),
    }


def audit_objects(refs: set[tuple[str, str]]) -> dict[tuple[str, str], slots.Link]:
    """The slot "audit.objects": the articles of a page of the audit log, by title."""
    ids = [int(object_id) for kind, object_id in refs if kind == "Article" and object_id.isdigit()]
    return {
        ("Article", str(article_id)): slots.Link(title, "kb.show", {"slug": slug})
        for article_id, slug, title in queries.titles(ids)
    }


# -- search ----------------------------------------------------------------------------------------------------------


@bp.route("/")
@requires("kb.view")
def index() -> Any:
    text = _typed_query(request.args)
    unit = (request.args.get("unit") or "").strip() or None
    tag = (request.args.get("tag") or "").strip() or None
    results = search.search(text, PAGE_LIMIT, unit=unit, tag=tag, learned=True) if text else None
    work: dict[str, Any] = {}
    if current_user.has_permission("kb.edit"):
        work["drafts"] = queries.in_work(current_user)
        work["stale"] = len(queries.stale(current_user))
        work["suggestions"] = queries.open_suggestions_count(current_user)
        if current_user.has_permission("kb.synonyms"):
            work["unanswered"] = queries.unanswered_count()
    return render_template(
        "kb/index.html", text=text, unit=unit, tag=tag, results=results, work=work, units=unit_choices()
    )


# -- one article -----------------------------------------------------------------------------------------------------


@bp.route("/a/<slug>")
@requires("kb.view")
def show(slug: str) -> Any:
    return _show_page(_article_or_404(slug))


def _show_page(article: Article, **forms: Any) -> str:
    """The article's page; a form given (one refused: its errors, what was typed) replaces the blank one."""
    may_edit = policy.can_edit(current_user, article)
    live = article.live
    # a refused review step shows the working copy it was about, as the page it was sent from did
    asked = request.args.get("draft") == "1" or "status_form" in forms
    working = asked and policy.can_read_drafts(current_user, article)
    shown = None if working else live
    return render_template(
        "kb/show.html",
        article=article,
        shown=shown,
        working=working or live is None,
        ahead=live is not None and article.revisions and article.revisions[0].number != live.number,
        may_edit=may_edit,
        may_read_drafts=policy.can_read_drafts(current_user, article),
        is_editor=policy.is_editor(current_user),
        stale=article.is_stale(local_today()),
        **{
            "status_form": StatusForm(prefix="status"),
            "feedback_form": FeedbackForm(prefix="feedback"),
            "suggestion_form": SuggestionForm(prefix="suggestion"),
            "use_form": UseForm(prefix="use", data={"ticket": request.args.get("ticket", "")}),
            **forms,
        },
    )


def _act(slug: str, form_class: type, prefix: str, action: Callable[[Article, Any], str]) -> Any:
    """The article page's forms: validate, run, back to the article (or the form's `next`); a refused form shows the
    page again with the message by its field and what was typed kept."""
    article = _article_or_404(slug)
    form = form_class(prefix=prefix)
    back = local_path(request.form.get("next")) or _article_url(article)
    return page_action(
        lambda **forms: _show_page(article, **forms), f"{prefix}_form", form, lambda: action(article, form), back
    )


STATUS_MESSAGES: dict[str, Callable[[], str]] = {
    Step.SUBMIT: lambda: _("Sent for review."),
    Step.PUBLISH: lambda: _("Published."),
    Step.SEND_BACK: lambda: _("Sent back to the unit."),
    Step.ARCHIVE: lambda: _("Archived."),
    Step.UNARCHIVE: lambda: _("Brought back as a draft."),
}


@bp.route("/a/<slug>/status", methods=["POST"])
@requires("kb.edit")
def change_status(slug: str) -> Any:
    def act(article: Article, form: StatusForm) -> str:
        operations.take_step(current_user, article, form.action.data or "", form.reason.data)
        return STATUS_MESSAGES[form.action.data]()

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
    """The ticket the agent named, when it exists and they may see it (asked through the slot "ticket.resolve")."""
    found = slots.first("ticket.resolve", number=number.strip(), user=current_user)
    if found is None:
        raise UserError("ticket_not_found", _("No ticket with the number %(number)s.", number=number), "ticket")
    return int(found)


@bp.route("/a/<slug>/use", methods=["POST"])
@requires("kb.view")
def use(slug: str) -> Any:
    """The article answered a ticket or a call: counted once for it (JSON for the panel's script, else a page)."""
    wants_json = request.accept_mimetypes.best == "application/json"
    article = _article_or_404(slug)
    form = UseForm(prefix="use")
    call_sid = (form.call.data or "").strip()
    # the page again, the message by the field and the number as typed (the panel's script, asking JSON, gets JSON)
    redisplay(lambda: (_show_page(article, use_form=form), 400), form)
    if not form.validate_on_submit() or not (call_sid or (form.ticket.data or "").strip()):
        raise UserError("required", _("Give the ticket's number."), "ticket")
    if call_sid:
        if not is_call_sid(call_sid):
            raise UserError("bad_call_sid", _("Not a call identifier: %(value)s.", value=call_sid), "call")
        recorded = operations.record_use(current_user, article, call_sid=call_sid)
        message = _("Article noted for this call.") if recorded else _("This article was already noted for this call.")
    else:
        number = (form.ticket.data or "").strip()
        recorded = operations.record_use(current_user, article, ticket_id=_ticket_id(number))
        message = (
            _("Article linked to ticket %(number)s.", number=number)
            if recorded
            else _("This article was already linked to ticket %(number)s.", number=number)
        )
    if wants_json:
        return jsonify({"message": message, "use_count": article.use_count})
    flash(message, "success")
    return redirect(local_path(request.form.get("next")) or _article_url(article), 303)


# -- editing ---------------------------------------------------------------------------------------------------------


def _editable_units() -> list[Any]:
    if policy.is_editor(current_user):
        return unit_choices()
    return unit_choices(current_user.units)


def _related(text: str | None) -> list[str]:
    return [slug.strip() for slug in (text or "").split(",") if slug.strip()]


def _input(form: ArticleForm, slug: str | None = None) -> ArticleInput:
    return ArticleInput(
        title=form.title.data or "",
        body=form.body.data or "",
        unit=form.unit.data or "",
        tags=operations.clean_tags(form.tags.data),
        visibility=form.visibility.data or "",
        slug=slug,
        questions=operations.clean_questions(form.questions.data),
    )


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


@bp.route("/a/<slug>/edit", methods=["GET", "POST"])
@requires("kb.edit")
def edit(slug: str) -> Any:
    article = _article_or_404(slug)
    if not policy.can_edit(current_user, article):
        abort(403)
    form = ArticleForm(
        data={
            "title": article.title,
            "unit": article.unit.code,
            "visibility": article.visibility,
            "tags": ", ".join(article.tags),
            "body": article.body,
            "questions": "\n".join(article.questions),
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


# -- revisions (only for those who may read the working copy) -------------------------------------------------------


@bp.route("/a/<slug>/revisions")
@requires("kb.view")
def revisions(slug: str) -> Any:
    article = _drafts_or_404(slug)
    return render_template("kb/revisions.html", article=article, may_edit=policy.can_edit(current_user, article))


@bp.route("/a/<slug>/revisions/<int:number>")
@requires("kb.view")
def revision(slug: str, number: int) -> Any:
    article = _drafts_or_404(slug)
    by_number = {r.number: r for r in article.revisions}
    current = by_number.get(number)
    if current is None:
        abort(404)
    previous = max((r for r in article.revisions if r.number < number), key=lambda r: r.number, default=None)
    title_diff = word_diff(previous.title if previous else "", current.title)
    body_diff = word_diff(previous.body if previous else "", current.body)
    tags_diff = word_diff(", ".join(previous.tags) if previous else "", ", ".join(current.tags))
    questions_diff = word_diff("\n".join(previous.questions) if previous else "", "\n".join(current.questions))
    return render_template(
        "kb/revision.html",
        article=article,
        revision=current,
        previous=previous,
        title_diff=title_diff,
        body_diff=body_diff,
        tags_diff=tags_diff,
        questions_diff=questions_diff,
        any_change=any(changed(diff) for diff in (title_diff, body_diff, tags_diff, questions_diff)),
        may_edit=policy.can_edit(current_user, article),
        restore_form=StatusForm(prefix="restore"),
    )


@bp.route("/a/<slug>/revisions/<int:number>/restore", methods=["POST"])
@requires("kb.edit")
def restore(slug: str, number: int) -> Any:
    def act(article: Article, _form: Any) -> str:
        operations.restore(current_user, article, number)
        return _("Revision %(n)d is the working copy again (as a new draft).", n=number)

    return _act(slug, StatusForm, "restore", act)


# -- lists for units and editors -------------------------------------------------------------------------------------


@bp.route("/stale")
@requires("kb.edit")
def stale() -> Any:
    by_unit: dict[str, list[Article]] = {}
    for article in queries.stale(current_user):
        by_unit.setdefault(f"{article.unit.code} — {article.unit.name}", []).append(article)
    return render_template("kb/stale.html", by_unit=by_unit)


@bp.route("/suggestions")
@requires("kb.edit")
def suggestions() -> Any:
    return render_template(
        "kb/suggestions.html", suggestions=queries.open_suggestions(current_user), form=CloseSuggestionForm()
    )


@bp.route("/suggestions/<int:suggestion_id>", methods=["POST"])
@requires("kb.edit")
def close_suggestion(suggestion_id: int) -> Any:
    suggestion = queries.suggestion(suggestion_id)
    if suggestion is None:
        abort(404)
    form = CloseSuggestionForm()
    if form.validate_on_submit():
        redisplay(lambda: redirect(url_for("kb.suggestions")))
        operations.close_suggestion(current_user, suggestion, form.outcome.data == "done", form.answer.data)
        flash(_("Suggestion closed."), "success")
    return redirect(url_for("kb.suggestions"))


@bp.route("/synonyms", methods=["GET", "POST"])
@requires("kb.synonyms")
def synonyms() -> Any:
    form = SynonymsForm(data={"synonyms": queries.synonyms_text()} if request.method == "GET" else None)

    def action() -> str:
        count = operations.save_synonyms(current_user, form.synonyms.data or "")
        return _("Synonyms saved: %(n)d groups.", n=count)

    return form_page(form, action, url_for("kb.synonyms"), "kb/synonyms.html")


# -- what staff searched and chose ------------------------------------------------------------------------------------


@bp.route("/searches")
@requires("kb.synonyms")
def searches() -> Any:
    """For editors: the searches that found nothing or led nowhere, and what agents' choices taught the search."""
    return _searches_page()


def _searches_page(refused: AnswerQueryForm | None = None) -> str:
    """The searches page; `refused`: the answer an editor sent for one search, shown again in its row with its
    message by the field it is about and what was typed."""
    unanswered = queries.unanswered()
    if refused and refused.key.data not in {query.key for query in unanswered}:
        # its row is gone (answered meanwhile, or beyond the list's length): what was refused is said on top
        for message in (*refused.article.errors, *refused.question.errors):
            flash(message, "error")
    return render_template(
        "kb/searches.html",
        unanswered=unanswered,
        choices=queries.learned_choices(),
        taught=queries.learned_words(),
        articles=queries.published_titles(),
        answer_form=refused or AnswerQueryForm(prefix="answer"),
        refused_key=refused.key.data if refused else None,
        forget_form=ForgetChoiceForm(prefix="forget"),
        now=utcnow(),
        share=learned.boost_now,
        question=learned.question,
    )


@bp.route("/searches/answer", methods=["POST"])
@requires("kb.synonyms")
def answer_search() -> Any:
    form = AnswerQueryForm(prefix="answer")
    if not form.validate_on_submit():
        if form.csrf_token.errors or form.key.errors:
            abort(400)
        return _searches_page(form), 400
    named = form.article.data.strip()
    slugs = queries.published_named(named)
    article = queries.readable(current_user, slugs[0]) if len(slugs) == 1 else None
    if article is None:
        form.article.errors = [
            _("Several articles have the title “%(name)s”: choose one from the list by its slug.", name=named)
            if len(slugs) > 1
            else _("No published article “%(name)s”: choose one from the list (its title or slug).", name=named)
        ]
        return _searches_page(form), 400
    redisplay(lambda: (_searches_page(form), 400), form)
    # the field as the editor left it; a form without it takes the query as typed, without the caller's frame
    question = form.question.data if form.question.name in request.form else None
    operations.add_question(current_user, form.key.data, article, question)
    flash(_("The search is now a question of “%(title)s”.", title=article.title), "success")
    return redirect(url_for("kb.searches"))


@bp.route("/searches/forget", methods=["POST"])
@requires("kb.synonyms")
def forget_search_choice() -> Any:
    form = ForgetChoiceForm(prefix="forget")
    if form.validate_on_submit():
        redisplay(lambda: redirect(url_for("kb.searches")))
        operations.forget_choice(current_user, form.key.data, _article_or_404(form.article.data))
        flash(_("Cleared: the search no longer favours this article."), "success")
    return redirect(url_for("kb.searches"))


# -- the agent's panel -----------------------------------------------------------------------------------------------


@bp.route("/panel/search")
@requires("kb.view")
def panel_search() -> Any:
    """Results while the agent types (JSON for the panel's script; the session cookie authenticates it)."""
    text = _typed_query(request.args)
    if not text:
        return jsonify({"results": [], "total": 0})
    results = search.search(text, PANEL_LIMIT, learned=True)
    # what other domains say on the matter comes first, marked as theirs (the press office's current positions)
    said = without_call_talk(text)  # the matter, without the caller's talk about the call
    others = [found for answer in slots.gathered("kb.panel.results", text=said) for found in answer]
    return jsonify(
        {
            "results": others
            + [
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
            "total": results.total + len(others),
        }
    )


@bp.route("/panel/searched", methods=["POST"])
@requires("kb.view")
def panel_searched() -> Any:
    """The panel (and the search page) reports a query the agent paused on, or opened a result of
    (knowledge.operations.record_search)."""
    slug = (request.form.get("slug") or "").strip()
    chosen = None
    if slug:
        chosen = queries.readable(current_user, slug[:SLUG_MAX])
        if chosen is None:
            return api_error(404, "article_not_found", _("No article %(slug)s.", slug=slug[:SLUG_MAX]), "slug")
    try:
        operations.record_search(
            current_user, _typed_query(request.form), chosen=chosen, counted=request.form.get("counted") == "1"
        )
    except UserError as error:
        return jsonify(error.as_json()), 422
    return "", 204


@bp.route("/panel/a/<slug>")
@requires("kb.view")
def panel_article(slug: str) -> Any:
    """An article as a fragment for the panel beside the ticket or the call."""
    article = _article_or_404(slug)
    if article.live is None:
        abort(404)
    return render_template("kb/_panel_article.html", article=article, live=article.live)


# -- the residents' FAQ ----------------------------------------------------------------------------------------------


@faq_bp.route("/", endpoint="index")
@public
def faq_index() -> Any:
    text = _typed_query(request.args)
    results = search.search(text, PAGE_LIMIT, public_only=True) if text else None
    articles = None if text else queries.public_articles()
    return render_template("faq/index.html", text=text, results=results, articles=articles)


@faq_bp.route("/<slug>", endpoint="show")
@public
def faq_show(slug: str) -> Any:
    found = queries.public_article(slug)
    if found is None:
        abort(404)
    article, live = found
    related = [
        (other, other.live)
        for other in article.related
        if other.live is not None and other.live.visibility == Visibility.PUBLIC.value
    ]
    return render_template("faq/show.html", article=article, live=live, related=related)
