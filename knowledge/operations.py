"""What changes the knowledge base: one declared operation per action. Validate → mutate → flush → record; the
request (or the command) commits. Every save is a revision; residents and agents see the published revision, while the
working copy may be ahead of it, waiting for an editor. The search index follows published revisions through
`kb.index` jobs added in the same transaction (knowledge.jobs).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, select, update

from cct import contacts, db, slots
from cct.actions import audit, history, operation
from cct.auth.actors import Actor, actor_id
from cct.db import utcnow
from cct.errors import Conflict, NotFound, Unprocessable, UserError
from cct.identifiers import CALL_SID_MAX, is_call_sid
from cct.jobs.operations import enqueue
from cct.office_calendar import add_months, local_today
from cct.org import operations as org
from cct.org import queries as units
from cct.org.models import Unit
from cct.org.states import UnitKind
from cct.polish import fold
from cct.signals import ANSWERED_FROM_KNOWLEDGE_BASE, ON_TICKET
from knowledge import learned, policy, queries, search
from knowledge import schemas as limits
from knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleRevision,
    ArticleSuggestion,
    ArticleUse,
    QueryChoice,
    SearchDay,
    SearchedQuery,
    SynonymGroup,
    WordChoice,
)
from knowledge.schemas import ArticleInput
from knowledge.states import STEPS, ArticleStatus, Step, SuggestionState, Visibility, can_take

SLUG = re.compile(limits.SLUG_PATTERN)
INDEX_JOB = "kb.index"


def _reindex(article: Article) -> None:
    """The search index follows the article's published revision (a job in this transaction)."""
    enqueue(INDEX_JOB, {"slugs": [article.slug]})


# -- checking what people typed ------------------------------------------------------------------------------------


def clean_slug(value: Any) -> str:
    slug = contacts.clean_text(value, "slug", limits.SLUG_MAX, required=True).lower()
    if not SLUG.match(slug):
        raise UserError("bad_slug", _("A slug is lower-case letters, digits and hyphens, e.g. odbior-odpadow."), "slug")
    return slug


def slug_from_title(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(title))
    return "-".join(words)[:80].strip("-") or "artykul"


def clean_tags(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise UserError("bad_tags", _("Tags must be a list of words."), "tags")
    cleaned = list(dict.fromkeys(" ".join(v.split())[: limits.TAG_MAX] for v in values if v.strip()))
    if len(cleaned) > limits.TAGS_MAX:
        raise UserError("too_many_tags", _("At most %(n)d tags.", n=limits.TAGS_MAX), "tags")
    return cleaned


def question_key(question: str) -> str:
    """What tells one question from another: "Jak się wymeldować?" and "jak się  wymeldować ?" are one."""
    return " ".join(question.split()).casefold().rstrip("?!. ")


def clean_questions(values: Any, field: str = "questions") -> list[str]:
    """Questions residents ask about the article's matter: a list, or text with one question a line. `field`: the
    input an error is about."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.splitlines()
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise UserError("bad_questions", _("Questions must be a list of texts."), field)
    kept: dict[str, str] = {}  # one of each question, the first as written: case, spacing and closing marks aside
    for value in values:
        if key := question_key(value):  # a line of spaces or of punctuation alone says nothing
            kept.setdefault(key, " ".join(value.split()))
    cleaned = list(kept.values())
    if any(len(question) > limits.QUESTION_MAX for question in cleaned):
        raise UserError("too_long", _("A question has at most %(max)d characters.", max=limits.QUESTION_MAX), field)
    if len(cleaned) > limits.QUESTIONS_MAX:
        raise UserError("too_many_questions", _("At most %(n)d questions.", n=limits.QUESTIONS_MAX), field)
    return cleaned


def _visibility(value: Any) -> str:
    if value not in {v.value for v in Visibility}:
        raise UserError("bad_choice", _("Not on the list: %(value)s.", value=value), "visibility")
    return str(value)


def _unit(code: Any) -> Unit:
    if not isinstance(code, str) or not code.strip():
        raise UserError("required", _("This field is required."), "unit")
    return units.require_unit(code)


def _free_slug(base: str) -> str:
    taken = queries.slugs_like(base)
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, 10_000) if f"{base}-{n}" not in taken)


# -- saving ----------------------------------------------------------------------------------------------------------


def _revise(article: Article, actor: Actor, note: str | None) -> ArticleRevision:
    revision = ArticleRevision(
        article=article,
        number=queries.latest_revision_number(article) + 1,
        title=article.title,
        body=article.body,
        tags=list(article.tags),
        questions=list(article.questions),
        visibility=article.visibility,
        status=article.status,
        note=note,
        author_id=actor_id(actor),
    )
    db.session.add(revision)
    return revision


@operation("kb.article.saved", _l("Article saved"))
def save(
    actor: Actor,
    data: ArticleInput,
    *,
    article: Article | None = None,
    expected_version: int | None = None,
    note: str | None = None,
) -> Article:
    """Create an article or change its working copy; either way a new revision, and the article is a draft again
    until it is published (the published revision stays what residents and agents see)."""
    title = contacts.clean_text(data.title, "title", limits.TITLE_MAX, required=True)
    body = contacts.clean_text(data.body, "body", limits.BODY_MAX)
    unit = _unit(data.unit)
    tags = clean_tags(data.tags)
    questions = clean_questions(data.questions)
    visibility = _visibility(data.visibility)
    note = contacts.clean_text(note, "note", limits.NOTE_MAX) or None
    if article is None:
        policy.require_edit(actor, None, unit)
        slug = clean_slug(data.slug) if data.slug else _free_slug(slug_from_title(title))
        if queries.by_slug(slug) is not None:
            raise Conflict("slug_taken", _("An article with the slug %(slug)s already exists.", slug=slug), "slug")
        article = Article(
            slug=slug,
            title=title,
            body=body,
            tags=tags,
            questions=questions,
            unit=unit,
            visibility=visibility,
            status=ArticleStatus.DRAFT.value,
            use_count=0,
            helped_count=0,
            not_helped_count=0,
        )
        db.session.add(article)
        db.session.flush()
        revision = _revise(article, actor, note or _("Created"))
        db.session.flush()
        audit(article, actor, {"slug": [None, slug], "revision": [None, revision.number]})
        return article
    policy.require_edit(actor, article)
    if unit.id != article.unit_id:
        policy.require_edit(actor, None, unit)  # unit staff cannot give an article away to a unit they do not belong to
    if expected_version is not None and expected_version != article.version:
        raise Conflict(
            "stale_version",
            _("Someone else changed this article in the meantime. Reload it to see their change, then try again."),
            "version",
        )
    changed = (title, body, tags, questions, visibility, unit.id) != (
        article.title,
        article.body,
        list(article.tags),
        list(article.questions),
        article.visibility,
        article.unit_id,
    )
    if not changed:
        return article
    article.title, article.body, article.tags, article.visibility, article.unit = title, body, tags, visibility, unit
    article.questions = questions
    if article.status != ArticleStatus.ARCHIVED:
        article.status = ArticleStatus.DRAFT.value
    db.session.flush()
    revision = _revise(article, actor, note)
    db.session.flush()
    audit(article, actor, {"revision": [revision.number - 1, revision.number]})
    return article


def _may_take(actor: Actor, article: Article, step: Step) -> None:
    """Refuse a step the actor may not take (403), or the article's state does not allow (409)."""
    if not policy.can_take(actor, article, step):
        if step == Step.SUBMIT:
            policy.require_edit(actor, article)
        policy.require_editor(actor)
    if not can_take(step, article.status):
        raise Conflict(f"cannot_{step.value}", _STEP_REFUSALS[step](), "status")


def _step(actor: Actor, article: Article, step: Step) -> None:
    _may_take(actor, article, step)
    old = article.status
    article.status = STEPS[step][1].value
    db.session.flush()
    audit(article, actor, {"status": [old, article.status]})


_STEP_REFUSALS = {
    Step.SUBMIT: lambda: _("Only a draft can be sent for review."),
    Step.PUBLISH: lambda: _("Only a draft or an article in review can be published."),
    Step.SEND_BACK: lambda: _("Only an article in review can be sent back."),
    Step.ARCHIVE: lambda: _("The article is already archived."),
    Step.UNARCHIVE: lambda: _("Only an archived article can be brought back."),
}


@operation("kb.article.submitted", _l("Article sent for review"))
def submit(actor: Actor, article: Article) -> None:
    """Unit staff hand a draft to the editors."""
    _step(actor, article, Step.SUBMIT)


@operation("kb.article.published", _l("Article published"))
def publish(actor: Actor, article: Article) -> None:
    """Editors make the working copy the one everybody sees, and set the next review date."""
    _may_take(actor, article, Step.PUBLISH)
    article.published_number = queries.latest_revision_number(article)
    article.published_at = utcnow()
    article.review_by = add_months(local_today(), current_app.config["CCT"].knowledge.review_months)
    _step(actor, article, Step.PUBLISH)
    db.session.expire(article, ["revisions"])
    _reindex(article)


@operation("kb.article.sent_back", _l("Article sent back to its author"))
def send_back(actor: Actor, article: Article, reason: str) -> None:
    """Editors return an article in review to its unit, saying why."""
    reason = contacts.clean_text(reason, "reason", limits.NOTE_MAX)
    if not reason:
        raise Unprocessable("reason_required", _("Say why the article goes back."), "reason")
    _step(actor, article, Step.SEND_BACK)
    _revise(article, actor, _("Sent back: %(reason)s", reason=reason))
    db.session.flush()


@operation("kb.article.archived", _l("Article archived"))
def archive(actor: Actor, article: Article) -> None:
    _step(actor, article, Step.ARCHIVE)
    _reindex(article)


@operation("kb.article.unarchived", _l("Article restored from the archive"))
def unarchive(actor: Actor, article: Article) -> None:
    _step(actor, article, Step.UNARCHIVE)


STEP_OPERATIONS = {
    Step.SUBMIT: lambda actor, article, reason: submit(actor, article),
    Step.PUBLISH: lambda actor, article, reason: publish(actor, article),
    Step.SEND_BACK: lambda actor, article, reason: send_back(actor, article, reason or ""),
    Step.ARCHIVE: lambda actor, article, reason: archive(actor, article),
    Step.UNARCHIVE: lambda actor, article, reason: unarchive(actor, article),
}


def take_step(actor: Actor, article: Article, step: str, reason: str | None = None) -> None:
    """One of the workflow's steps by its name (the forms and the API name them)."""
    try:
        chosen = Step(step)
    except ValueError:
        raise UserError("bad_choice", _("Not on the list: %(value)s.", value=step), "action") from None
    STEP_OPERATIONS[chosen](actor, article, reason)


@operation("kb.article.restored", _l("Article version restored"))
def restore(actor: Actor, article: Article, number: int, expected_version: int | None = None) -> None:
    """Make an earlier revision the working copy again (as a new revision; nothing is lost)."""
    revision = queries.revision(article, number)
    if revision is None:
        raise NotFound("revision_not_found", _("No revision %(n)d of this article.", n=number), "revision")
    save(
        actor,
        ArticleInput.of(revision, article.unit.code),
        article=article,
        expected_version=expected_version,
        note=_("Restored revision %(n)d", n=number),
    )
    audit(article, actor, restored=number)


@operation("kb.article.related_set", _l("Related articles set"))
def set_related(actor: Actor, article: Article, slugs: Iterable[str]) -> None:
    """The articles shown as related to this one."""
    policy.require_edit(actor, article)
    wanted = [s.strip() for s in slugs if s.strip()]
    found = queries.by_slugs(wanted)
    missing = sorted(set(wanted) - {a.slug for a in found})
    if missing:
        raise UserError("article_not_found", _("No article %(slug)s.", slug=missing[0]), "related")
    old = sorted(a.slug for a in article.related)
    article.related = [a for a in found if a.id != article.id]
    new = sorted(a.slug for a in article.related)
    db.session.flush()
    if old != new:
        audit(article, actor, {"related": [old, new]})


# -- agents' side ----------------------------------------------------------------------------------------------------


@operation("kb.feedback.given", _l("Feedback on an article"))
def feedback(actor: Actor, article: Article, helped: bool, comment: str | None = None) -> None:
    """An agent's "helped / did not help" on an article."""
    policy.require_read(actor, article)
    comment = contacts.clean_text(comment, "comment", limits.FEEDBACK_MAX) or None
    given = ArticleFeedback(article_id=article.id, user_id=actor_id(actor), helped=helped, comment=comment)
    db.session.add(given)
    column = Article.helped_count if helped else Article.not_helped_count
    db.session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values({column: column + 1})
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.expire(article, ["helped_count", "not_helped_count"])
    audit(given, actor, article=article.slug, helped=helped)


@operation("kb.suggestion.created", _l("Article suggestion made"))
def suggest(actor: Actor, article: Article, body: str) -> ArticleSuggestion:
    """An agent proposes a change; it lands with the article's unit."""
    policy.require_read(actor, article)
    text = contacts.clean_text(body, "body", limits.SUGGESTION_MAX, required=True)
    suggestion = ArticleSuggestion(
        article_id=article.id, author_id=actor_id(actor), body=text, state=SuggestionState.OPEN.value
    )
    db.session.add(suggestion)
    db.session.flush()
    audit(suggestion, actor, {"article": [None, article.slug]})
    return suggestion


@operation("kb.suggestion.closed", _l("Article suggestion closed"))
def close_suggestion(actor: Actor, suggestion: ArticleSuggestion, done: bool, answer: str | None) -> None:
    """The unit (or an editor) took the suggestion in, or declined it, with an answer to its author."""
    policy.require_edit(actor, suggestion.article)
    if suggestion.state != SuggestionState.OPEN:
        raise Conflict("suggestion_closed", _("This suggestion is already closed."))
    suggestion.state = (SuggestionState.DONE if done else SuggestionState.DECLINED).value
    suggestion.answer = contacts.clean_text(answer, "answer", limits.ANSWER_MAX) or None
    suggestion.closed_at = utcnow()
    db.session.flush()
    audit(suggestion, actor, {"state": [SuggestionState.OPEN.value, suggestion.state]})


@operation("kb.article.used", _l("Article used for a ticket or a call"))
def record_use(actor: Actor, article: Article, *, ticket_id: int | None = None, call_sid: str | None = None) -> bool:
    """Count an article as used for a ticket or a call (once per ticket or call); True when newly recorded."""
    policy.require_read(actor, article)
    if ticket_id is None and call_sid is None:
        raise UserError("use_target", _("Say which ticket or call the article was used for."))
    if call_sid is not None and not is_call_sid(call_sid):
        shown = str(call_sid)[:CALL_SID_MAX]
        raise UserError("bad_call_sid", _("Not a call identifier: %(value)s.", value=shown), "call")
    if queries.use_exists(article, ticket_id, call_sid):
        return False
    use = ArticleUse(article_id=article.id, ticket_id=ticket_id, call_sid=call_sid, user_id=actor_id(actor))
    db.session.add(use)
    db.session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values(use_count=Article.use_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.expire(article, ["use_count"])
    audit(use, actor, article=article.slug, ticket_id=ticket_id, call_sid=call_sid)
    if ticket_id is not None:  # unit staff see on the ticket what the caller was told
        history(use, actor, "article_used", **{ON_TICKET: ticket_id}, article=article.title, slug=article.slug)
    return True


def link_told_articles(sender: Any, *, actor: Actor, kind: str, detail: dict[str, Any], **_signal: Any) -> None:
    """The `history_event` subscriber: the articles an agent answered from during a call are linked, in the same
    transaction, to the ticket they opened (its "created" event names them) or to the call they closed without one
    (the call's "answered_from_knowledge_base" event names them and the call). An article that does not exist, or
    that the agent may not read, refuses the whole action: the agent sees why, and nothing is saved."""
    slugs = detail.get("articles")
    if not slugs or not isinstance(slugs, list):
        return
    if kind == "created":
        ticket_id = slots.first("ticket.resolve", number=str(getattr(sender, "number", "")), user=actor)
        if ticket_id is None:
            return
        target: dict[str, Any] = {"ticket_id": int(ticket_id)}
    elif kind == ANSWERED_FROM_KNOWLEDGE_BASE and detail.get("call_sid"):
        target = {"call_sid": str(detail["call_sid"])}
    else:
        return
    for given in slugs:
        slug = str(given)[: limits.SLUG_MAX]
        article = queries.readable(actor, slug)
        if article is None or article.live is None:
            raise UserError("unknown_article", _("No article %(slug)s in the knowledge base.", slug=slug), "articles")
        record_use(actor, article, **target)


# -- what staff search and choose ------------------------------------------------------------------------------------
# Statistics, like an article's use count, not actions on something anyone owns: they are not audited, so that no
# log ties a member of staff to what they searched. What editors do with them is (below).


# What is counted of a searched query, of its day and of an article chosen after it: added up in SQL where rows meet
# (two agents reporting one query at once; `cct db upgrade` joining two keys of one query)
QUERY_COUNTS = ("searches", "without_result", "opened")
DAY_COUNTS = ("searches", "without_result")
CHOICE_COUNTS = ("choices",)


def _added(model: Any, new: Any, counts: tuple[str, ...]) -> dict[str, Any]:
    """An upsert's assignments adding the new row's counts (`new`: its `excluded`) to those of the row it meets."""
    return {column: getattr(model, column) + getattr(new, column) for column in counts}


def record_search(actor: Actor, text: str, *, chosen: Article | None = None, counted: bool = False) -> bool:
    """A query searched at work (the panel reports it when the agent pauses on it or opens a result), whether it
    found anything, and the article opened after it (the search learns from that: knowledge.learned). `counted`:
    the query was reported before, only the choice is new. False when there was nothing to keep."""
    if not policy.learns_from(actor):
        return False
    text = contacts.clean_text(text, "q", limits.QUERY_MAX) or ""
    key = learned.query_key(text)
    if not key:
        return False
    if chosen is not None:
        policy.require_read(actor, chosen)
    now = utcnow()
    nothing = not counted and chosen is None and not search.search(text, 1, learned=False).hits
    # upserts that count in SQL: two agents reporting the same query at once both count, neither fails
    searched = db.insert(SearchedQuery).values(
        key=key,
        example=learned.example(text),
        searches=0 if counted else 1,
        without_result=int(nothing),
        opened=int(chosen is not None),
        last_at=now,
    )
    db.session.execute(
        searched.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "example": searched.excluded.example,
                "last_at": now,
                **_added(SearchedQuery, searched.excluded, QUERY_COUNTS),
            },
        )
    )
    if not counted:
        daily = db.insert(SearchDay).values(day=local_today(), key=key, searches=1, without_result=int(nothing))
        db.session.execute(
            daily.on_conflict_do_update(
                index_elements=["day", "key"], set_=_added(SearchDay, daily.excluded, DAY_COUNTS)
            )
        )
    if chosen is not None:
        choice = db.insert(QueryChoice).values(key=key, article_id=chosen.id, choices=1, last_at=now)
        db.session.execute(
            choice.on_conflict_do_update(
                index_elements=["key", "article_id"],
                set_={**_added(QueryChoice, choice.excluded, CHOICE_COUNTS), "last_at": now},
            )
        )
        _add_to_words([{"key": key, "article_id": chosen.id, "choices": 1, "last_at": now}])
    return True


def _add_to_words(choices: list[dict[str, Any]]) -> None:
    """Query choices (key, article_id, choices, last_at) counted for their queries' words too (WordChoice)."""
    rows = _by_word(choices)
    _upsert(
        WordChoice,
        ("word", "article_id"),
        [{column: row[column] for column in ("word", "article_id", "choices", "last_at")} for row in rows],
        lambda new: {**_added(WordChoice, new, CHOICE_COUNTS), "last_at": _later(WordChoice, new)},
    )


def _by_word(choices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Query choices as the (word, article) rows they count for, summed, in the order rows are locked in."""
    rows = _merged(
        [{**choice, "word": word} for choice in choices for word in learned.key_words(choice["key"])],
        ("word", "article_id"),
        ("choices",),
    )
    return sorted(rows, key=lambda row: (row["word"], row["article_id"]))


def _take_from_words(choices: list[dict[str, Any]]) -> None:
    """Query choices no longer counted for their queries' words (cleared, or moving to another key)."""
    for row in _by_word(choices):
        where = (WordChoice.word == row["word"]) & (WordChoice.article_id == row["article_id"])
        db.session.execute(update(WordChoice).where(where).values(choices=WordChoice.choices - row["choices"]))
        db.session.execute(delete(WordChoice).where(where, WordChoice.choices <= 0))


REKEY_BATCH = 500  # searched queries read, or taken out with their days and choices, at a time


def refresh_learning_keys(batch: int = REKEY_BATCH) -> int:
    """The "db.upgraded" slot's filler: every searched query keyed again by this version's analysis, from its stored
    wording (`example`, the latest one: a query's whole history follows it, even where a new analysis would tell
    older wordings apart), so a query searched before the analysis changed and the same query searched after it are
    one: one line on the editors' list, one count a day for the press office, one set of choices the search learns
    from. Where keys meet, the counts add up, the later wording and time stand, an article's choices add up, and a
    query an editor answered stays answered. A wording cut at EXAMPLE_MAX characters no longer holds the whole
    query: its key is left. The keys are only as good as query_key(example(text)) == query_key(text), which holds
    while the analysis reads lower-case words (tests/knowledge/test_learning.py). Returns how many queries moved.

    The counts are added in SQL (INSERT … ON CONFLICT), so a search a running server counts under a new key meanwhile
    is not overwritten; the queries taken out are locked first (PostgreSQL), so one counted under an old key waits."""
    moving = _moved_keys(batch)
    # a key another query moves away from (A → B while B → C, or two keys that swap) is free only once every such
    # query is taken out: they are merged together, after the others, which move a batch at a time
    free = [key for key in moving if moving[key] not in moving]
    for start in range(0, len(free), batch):
        _merge_learning(*_take_out(moving, free[start : start + batch]))
    chained = [key for key in moving if moving[key] in moving]
    taken: tuple[list[dict[str, Any]], ...] = ([], [], [])
    for start in range(0, len(chained), batch):
        for into, rows in zip(taken, _take_out(moving, chained[start : start + batch]), strict=True):
            into.extend(rows)
    _merge_learning(*taken)
    return len(moving)


def _moved_keys(batch: int) -> dict[str, str]:
    """Old key → new key of every query whose wording this version keys otherwise, read a page at a time."""
    moving: dict[str, str] = {}
    last = ""
    page = select(SearchedQuery.key, SearchedQuery.example).order_by(SearchedQuery.key).limit(batch)
    while rows := db.session.execute(page.where(SearchedQuery.key > last)).all():
        for key, wording in rows:
            fresh = learned.query_key(wording) if len(wording) < learned.EXAMPLE_MAX else ""
            if fresh and fresh != key:
                moving[key] = fresh
        last = rows[-1].key
    return moving


def _take_out(moving: dict[str, str], keys: list[str]) -> tuple[list[dict[str, Any]], ...]:
    """The queries, days and choices of `keys`, under their new keys, deleted from under the old ones."""
    taken = []
    for model in (SearchedQuery, SearchDay, QueryChoice):  # the queries first: locked, nobody counts under them now
        statement = select(model.__table__).where(model.key.in_(keys))
        if model is SearchedQuery:
            statement = statement.with_for_update()
        rows = list(db.session.execute(statement).mappings())
        if model is QueryChoice:
            _take_from_words([dict(row) for row in rows])  # counted again for the new key's words when merged
        taken.append([{**row, "key": moving[row["key"]]} for row in rows])
    for model in (QueryChoice, SearchDay, SearchedQuery):  # the children before the query they name
        db.session.execute(delete(model).where(model.key.in_(keys)))
    return tuple(taken)


def _merge_learning(searched: list[dict[str, Any]], days: list[dict[str, Any]], choices: list[dict[str, Any]]) -> None:
    """Rows taken out, added to what stands under their new keys (made where nothing does)."""

    def query_set(new: Any) -> dict[str, Any]:
        newer = new.last_at > SearchedQuery.last_at
        return {
            **_added(SearchedQuery, new, QUERY_COUNTS),
            "example": case((newer, new.example), else_=SearchedQuery.example),
            "last_at": case((newer, new.last_at), else_=SearchedQuery.last_at),
            "answered_at": case(
                (SearchedQuery.answered_at.is_(None), new.answered_at),
                (new.answered_at > SearchedQuery.answered_at, new.answered_at),
                else_=SearchedQuery.answered_at,
            ),
        }

    _upsert(SearchedQuery, ("key",), _merged(searched, ("key",), QUERY_COUNTS), query_set)
    _upsert(
        SearchDay,
        ("day", "key"),
        _merged(days, ("day", "key"), DAY_COUNTS),
        lambda new: _added(SearchDay, new, DAY_COUNTS),
    )
    _upsert(
        QueryChoice,
        ("key", "article_id"),
        _merged(choices, ("key", "article_id"), CHOICE_COUNTS),
        lambda new: {**_added(QueryChoice, new, CHOICE_COUNTS), "last_at": _later(QueryChoice, new)},
    )
    _add_to_words(choices)


def _later(model: Any, new: Any) -> Any:
    """In an upsert: the later of a row's last_at and the new one's."""
    return case((new.last_at > model.last_at, new.last_at), else_=model.last_at)


def _merged(rows: list[dict[str, Any]], identity: tuple[str, ...], counts: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of one identity as one (an upsert may not meet a row twice): counts added up, the other columns of the
    row last searched or chosen (`last_at`), answered when any was (the latest time)."""
    one: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        identified = tuple(row[column] for column in identity)
        if identified not in one:
            one[identified] = dict(row)  # a copy: the caller's rows stay as they were (they may be counted again)
            continue
        have = one[identified]
        summed = {column: have[column] + row[column] for column in counts}
        answered = [at for at in (have.get("answered_at"), row.get("answered_at")) if at is not None]
        if "last_at" in row and row["last_at"] > have["last_at"]:
            have.update(row)
        have.update(summed)
        if "answered_at" in row:
            have["answered_at"] = max(answered, default=None)
    return list(one.values())


def _upsert(model: Any, identity: tuple[str, ...], rows: list[dict[str, Any]], merge: Any) -> None:
    if not rows:
        return
    statement = db.insert(model)
    statement = statement.on_conflict_do_update(index_elements=list(identity), set_=merge(statement.excluded))
    db.session.execute(statement, rows)  # one statement for many rows, sent in batches the driver takes


@operation("kb.learned.forgotten", _l("Learned search choice cleared"))
def forget_choice(actor: Actor, key: str, article: Article) -> None:
    """Editors clear what agents' choices taught the search about one query and article."""
    policy.require_editor(actor)
    # deleted first, its count as deleted: an agent's choice meanwhile is taken back with it, never left in the words
    # (and the rows are locked in record_search's order: the query's choice, then its words)
    deleted = db.session.execute(
        delete(QueryChoice)
        .where(QueryChoice.key == key, QueryChoice.article_id == article.id)
        .returning(QueryChoice.choices, QueryChoice.last_at)
    ).first()
    if deleted is None:
        raise NotFound("choice_not_found", _("Nothing was learned for this query and article."), "key")
    choices, last_at = deleted
    _take_from_words([{"key": key, "article_id": article.id, "choices": choices, "last_at": last_at}])
    db.session.flush()
    audit(article, actor, {"learned": [choices, 0]}, query=key)


@operation("kb.query.answered", _l("Search query added to an article as a question"))
def add_question(actor: Actor, key: str, article: Article, question: str | None = None) -> None:
    """What agents searched without finding becomes one of an article's questions: as the editor words it, or as
    the query was last typed without the caller's talk about the call (knowledge.learned.question). When the
    article's working copy is what is published, it is published again at once (if the editor may publish); when
    changes wait for review, the question joins them and goes live with them. The query leaves the list."""
    policy.require_edit(actor, article)
    record = db.session.get(SearchedQuery, key)
    if record is None or record.answered_at is not None:
        raise NotFound("query_not_found", _("This search is no longer on the list."), "key")
    if article.live is None or article.status == ArticleStatus.ARCHIVED:
        raise Conflict("article_not_published", _("Only a published article can answer a search."), "article")
    if question is None:
        question = learned.question(record.example)
    elif not isinstance(question, str) or not question_key(question):
        raise UserError("question_required", _("Write the question as residents would ask it."), "question")
    if question_key(question) in {question_key(asked) for asked in article.questions}:
        raise Conflict(
            "question_exists",
            _(
                "“%(title)s” has this question already: word it otherwise or choose another article.",
                title=article.title,
            ),
            "question",
        )
    was_live = article.status == ArticleStatus.PUBLISHED
    questions = clean_questions([*article.questions, question], field="question")
    save(
        actor,
        ArticleInput.of(article, article.unit.code, questions=questions),
        article=article,
        note=_("Question added from the searches: %(question)s", question=question),
    )
    if was_live and policy.can_take(actor, article, Step.PUBLISH):
        publish(actor, article)
    record.answered_at = utcnow()  # its learned choices stay: they still teach the search
    db.session.flush()
    audit(article, actor, {"questions": [len(questions) - 1, len(questions)]}, query=key)


# -- synonyms --------------------------------------------------------------------------------------------------------


def parse_synonyms(text: str) -> list[list[str]]:
    """One group a line, members separated by commas: "auto, samochód, pojazd"."""
    if not isinstance(text, str):
        raise UserError("not_text", _("This field must be text."), "synonyms")
    groups = []
    for number, line in enumerate(text.splitlines(), start=1):
        members = list(dict.fromkeys(" ".join(m.split()).lower() for m in line.split(",") if m.strip()))
        if not members:
            continue
        if len(members) < 2:
            raise UserError(
                "synonym_alone", _("Line %(n)d: a group needs at least two words or phrases.", n=number), "synonyms"
            )
        if any(len(member) > limits.SYNONYM_MAX for member in members):
            raise UserError(
                "too_long",
                _("Line %(n)d: a phrase has at most %(max)d characters.", n=number, max=limits.SYNONYM_MAX),
                "synonyms",
            )
        groups.append(members)
    return groups


@operation("kb.synonyms.saved", _l("Synonyms saved"))
def save_synonyms(actor: Actor, text: str) -> int:
    """Replace the synonym dictionary; returns the number of groups."""
    policy.require_editor(actor)
    groups = parse_synonyms(text)
    before = len(queries.synonym_groups())
    db.session.query(SynonymGroup).delete()
    for members in groups:
        db.session.add(SynonymGroup(terms=members, updated_by_id=actor_id(actor)))
    db.session.flush()
    audit(None, actor, {"groups": [before, len(groups)]})
    search.forget_synonyms()
    return len(groups)


# -- import ------------------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: list[str] = field(default_factory=list)


def parse_jsonl(lines: Iterable[str]) -> list[dict[str, Any]]:
    """Records of the import format, each checked; the first fault names its line."""
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise UserError(
                "bad_json", _("Line %(n)d: not valid JSON (%(error)s).", n=number, error=error.msg)
            ) from None
        if not isinstance(record, dict):
            raise UserError("bad_json", _("Line %(n)d: a line must be a JSON object.", n=number))
        for name in ("id", "title", "unit"):
            if not isinstance(record.get(name), str) or not record[name].strip():
                raise UserError("required", _("Line %(n)d: %(name)s is missing.", n=number, name=name), name)
        try:
            clean_slug(record["id"])
            clean_tags(record.get("tags"))
            clean_questions(record.get("questions"))
            _visibility(record.get("visibility", Visibility.PUBLIC.value))
            contacts.clean_text(record.get("body"), "body", limits.BODY_MAX)
            contacts.clean_text(record["title"], "title", limits.TITLE_MAX)
        except UserError as error:
            raise UserError(
                error.code, _("Line %(n)d: %(error)s", n=number, error=error.message), error.field
            ) from None
        records.append({**record, "_line": number})
    return records


@operation("kb.imported", _l("Knowledge base imported"))
def import_articles(actor: Actor, lines: Iterable[str], *, create_units: bool = False) -> ImportReport:
    """Import the JSONL format idempotently by slug: new articles are created, changed ones get a revision; all end
    up published. Nothing is written when any line is at fault (the caller rolls back on error)."""
    records = parse_jsonl(lines)
    report = ImportReport()
    codes = sorted({units.clean_code(r["unit"]) for r in records})
    missing = [code for code in codes if units.unit_by_code(code, active_only=False) is None]
    if missing and not create_units:
        raise UserError(
            "unknown_unit",
            _("Unknown unit: %(codes)s. Create it first, or import with --create-units.", codes=", ".join(missing)),
            "unit",
        )
    for code in missing:
        org.create_unit(actor, {"code": code, "name": code, "kind": UnitKind.DEPARTMENT.value})
        report.units_created.append(code)
    for record in records:
        data = ArticleInput(
            slug=record["id"],
            title=record["title"],
            body=record.get("body", ""),
            unit=record["unit"],
            tags=record.get("tags", []),
            visibility=record.get("visibility", Visibility.PUBLIC.value),
        )
        article = queries.by_slug(clean_slug(record["id"]))
        # a file without questions (the shared sample's format) keeps those the article has
        data.questions = record["questions"] if "questions" in record else list(article.questions if article else [])
        if article is None:
            article = save(actor, data, note=_("Imported"))
            report.created += 1
        else:
            before = article.version
            save(actor, data, article=article, note=_("Imported"))
            if article.version == before and article.status == ArticleStatus.PUBLISHED:
                report.unchanged += 1
                continue
            report.updated += 1
        publish(actor, article)
    audit(None, actor, created=report.created, updated=report.updated, unchanged=report.unchanged)
    return report
