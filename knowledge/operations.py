"""What changes the knowledge base: one function per user action. Validate → mutate → flush → schedule; the caller
commits. Every save is a revision; residents and agents see the published revision, while the working copy may be
ahead of it, waiting for an editor.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from cct import contacts, db
from cct.auth.models import User
from cct.auth.roles import Role
from cct.db import utcnow
from cct.errors import Conflict, NotFound, UserError
from cct.org.models import Unit
from cct.signals import entity_created, entity_updated
from knowledge import index
from knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleRevision,
    ArticleStatus,
    ArticleSuggestion,
    ArticleUse,
    SuggestionState,
    SynonymGroup,
    Visibility,
    article_json_fields,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TITLE = 300
MAX_BODY = 100_000
MAX_TAGS = 30


def _today() -> date:
    return datetime.now(ZoneInfo(current_app.config["CCT"].timezone)).date()


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# -- who may do what ---------------------------------------------------------------------------------------------


def is_editor(user: User) -> bool:
    return bool({Role.EDITOR, Role.ADMIN} & set(user.roles))


def can_edit(user: User, article: Article | None, unit: Unit | None = None) -> bool:
    """Editors edit any article; unit staff their own units' articles."""
    if is_editor(user):
        return True
    target = unit or (article.unit if article else None)
    return Role.UNIT_STAFF in user.roles and target is not None and target.id in {u.id for u in user.units}


def can_read(user: User, article: Article) -> bool:
    """Staff read published articles; drafts only those who may edit them."""
    return article.live is not None or can_edit(user, article)


def _require_edit(user: User | None, article: Article | None, unit: Unit | None = None) -> None:
    if user is not None and not can_edit(user, article, unit):
        raise UserError("forbidden", _("Only the owning unit's staff and editors may change this article."), status=403)


def _require_editor(user: User | None) -> None:
    if user is not None and not is_editor(user):
        raise UserError("forbidden", _("Only knowledge-base editors may do this."), status=403)


# -- lookups -----------------------------------------------------------------------------------------------------


def get_article(slug: str) -> Article:
    article = db.session.scalar(select(Article).options(joinedload(Article.unit)).where(Article.slug == slug))
    if article is None:
        raise NotFound("article_not_found", _("No article %(slug)s.", slug=slug), "slug")
    return article


def _unit(code: Any) -> Unit:
    if not isinstance(code, str) or not code.strip():
        raise UserError("required", _("This field is required."), "unit")
    unit = db.session.scalar(select(Unit).where(Unit.code == code.strip().upper(), Unit.active.is_(True)))
    if unit is None:
        raise UserError("unknown_unit", _("Unknown unit: %(codes)s.", codes=code), "unit")
    return unit


# -- input -------------------------------------------------------------------------------------------------------


@dataclass
class ArticleInput:
    title: str
    body: str
    unit: str
    tags: list[str]
    visibility: str
    slug: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, partial_of: Article | None = None) -> ArticleInput:
        known = {"slug", "title", "body", "unit", "tags", "visibility"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise UserError("unknown_field", _("Unknown field: %(name)s.", name=unknown[0]), unknown[0])
        base: dict[str, Any] = (
            {**article_json_fields(partial_of), "slug": partial_of.slug} if partial_of is not None else {}
        )
        base.pop("id", None)
        merged = {**base, **dict(data)}
        for name in ("title", "unit"):
            if name not in merged:
                raise UserError("required", _("This field is required."), name)
        return cls(
            title=merged["title"],
            body=merged.get("body", ""),
            unit=merged["unit"],
            tags=merged.get("tags", []),
            visibility=merged.get("visibility", Visibility.INTERNAL.value),
            slug=merged.get("slug"),
        )


def clean_slug(value: Any) -> str:
    slug = contacts.clean_text(value, "slug", 120, required=True).lower()
    if not SLUG.match(slug):
        raise UserError("bad_slug", _("A slug is lower-case letters, digits and hyphens, e.g. odbior-odpadow."), "slug")
    return slug


def slug_from_title(title: str) -> str:
    from knowledge.analysis import fold

    words = re.findall(r"[a-z0-9]+", fold(title))
    return "-".join(words)[:80].strip("-") or "artykul"


def _tags(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise UserError("bad_tags", _("Tags must be a list of words."), "tags")
    cleaned = list(dict.fromkeys(" ".join(v.split())[:60] for v in values if v.strip()))
    if len(cleaned) > MAX_TAGS:
        raise UserError("too_many_tags", _("At most %(n)d tags.", n=MAX_TAGS), "tags")
    return cleaned


def _visibility(value: Any) -> str:
    if value not in {v.value for v in Visibility}:
        raise UserError("bad_choice", _("Not on the list: %(value)s.", value=value), "visibility")
    return str(value)


# -- saving ------------------------------------------------------------------------------------------------------


def _revise(article: Article, actor: User | None, note: str | None) -> ArticleRevision:
    number = (
        db.session.scalar(select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id)) or 0
    ) + 1
    revision = ArticleRevision(
        article=article,
        number=number,
        title=article.title,
        body=article.body,
        tags=list(article.tags),
        visibility=article.visibility,
        status=article.status,
        note=note,
        author_id=actor.id if actor else None,
    )
    db.session.add(revision)
    return revision


def save(
    actor: User | None,
    data: ArticleInput,
    *,
    article: Article | None = None,
    expected_version: int | None = None,
    note: str | None = None,
) -> Article:
    """Create an article or change its working copy; either way a new revision, and the article is a draft again
    until it is published (the published revision stays what residents and agents see)."""
    title = contacts.clean_text(data.title, "title", MAX_TITLE, required=True)
    body = contacts.clean_text(data.body, "body", MAX_BODY)
    unit = _unit(data.unit)
    tags = _tags(data.tags)
    visibility = _visibility(data.visibility)
    note = contacts.clean_text(note, "note", 300) or None
    if article is None:
        _require_edit(actor, None, unit)
        slug = clean_slug(data.slug) if data.slug else _free_slug(slug_from_title(title))
        if db.session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
            raise Conflict("slug_taken", _("An article with the slug %(slug)s already exists.", slug=slug), "slug")
        article = Article(
            slug=slug,
            title=title,
            body=body,
            tags=tags,
            unit=unit,
            visibility=visibility,
            status=ArticleStatus.DRAFT.value,
            use_count=0,
            helped_count=0,
            not_helped_count=0,
        )
        db.session.add(article)
        db.session.flush()
        _revise(article, actor, note or _("Created"))
        entity_created.send(article, actor=actor, action="kb.article.created", changes={"slug": [None, slug]})
        return article
    _require_edit(actor, article)
    if unit.id != article.unit_id:
        _require_edit(actor, None, unit)  # unit staff cannot give an article away to a unit they do not belong to
    if expected_version is not None and expected_version != article.version:
        raise Conflict(
            "stale_version",
            _("Someone else changed this article in the meantime. Reload it to see their change, then try again."),
            "version",
        )
    changed = (title, body, tags, visibility, unit.id) != (
        article.title,
        article.body,
        list(article.tags),
        article.visibility,
        article.unit_id,
    )
    if not changed:
        return article
    article.title, article.body, article.tags, article.visibility, article.unit = title, body, tags, visibility, unit
    if article.status != ArticleStatus.ARCHIVED:
        article.status = ArticleStatus.DRAFT.value
    db.session.flush()
    revision = _revise(article, actor, note)
    entity_updated.send(article, actor=actor, action="kb.article.saved", changes={"revision": [None, revision.number]})
    return article


def _free_slug(base: str) -> str:
    taken = set(db.session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, 10_000) if f"{base}-{n}" not in taken)


def _set_status(article: Article, actor: User | None, status: ArticleStatus, action: str) -> None:
    old = article.status
    article.status = status.value
    db.session.flush()
    entity_updated.send(article, actor=actor, action=action, changes={"status": [old, status.value]})


def submit(actor: User | None, article: Article) -> None:
    """Unit staff hand a draft to the editors."""
    _require_edit(actor, article)
    if article.status != ArticleStatus.DRAFT:
        raise Conflict("not_draft", _("Only a draft can be sent for review."), "status")
    _set_status(article, actor, ArticleStatus.IN_REVIEW, "kb.article.submitted")


def publish(actor: User | None, article: Article) -> None:
    """Editors make the working copy the one everybody sees, and set the next review date."""
    _require_editor(actor)
    if article.status not in (ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW):
        raise Conflict("not_publishable", _("Only a draft or an article in review can be published."), "status")
    latest = db.session.scalar(select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id))
    article.published_number = latest
    article.published_at = utcnow()
    article.review_by = _add_months(_today(), current_app.config["CCT"].knowledge.review_months)
    _set_status(article, actor, ArticleStatus.PUBLISHED, "kb.article.published")
    db.session.expire(article, ["revisions"])
    index.schedule(article.slug)


def send_back(actor: User | None, article: Article, reason: str) -> None:
    """Editors return an article in review to its unit, saying why."""
    _require_editor(actor)
    if article.status != ArticleStatus.IN_REVIEW:
        raise Conflict("not_in_review", _("Only an article in review can be sent back."), "status")
    reason = contacts.clean_text(reason, "reason", 300, required=True)
    _set_status(article, actor, ArticleStatus.DRAFT, "kb.article.sent_back")
    _revise(article, actor, _("Sent back: %(reason)s", reason=reason))


def archive(actor: User | None, article: Article) -> None:
    _require_editor(actor)
    if article.status == ArticleStatus.ARCHIVED:
        raise Conflict("archived", _("The article is already archived."), "status")
    _set_status(article, actor, ArticleStatus.ARCHIVED, "kb.article.archived")
    index.schedule(article.slug)


def unarchive(actor: User | None, article: Article) -> None:
    _require_editor(actor)
    if article.status != ArticleStatus.ARCHIVED:
        raise Conflict("not_archived", _("Only an archived article can be brought back."), "status")
    _set_status(article, actor, ArticleStatus.DRAFT, "kb.article.unarchived")


def restore(actor: User | None, article: Article, number: int, expected_version: int | None = None) -> None:
    """Make an earlier revision the working copy again (as a new revision; nothing is lost)."""
    revision = db.session.scalar(
        select(ArticleRevision).where(ArticleRevision.article_id == article.id, ArticleRevision.number == number)
    )
    if revision is None:
        raise NotFound("revision_not_found", _("No revision %(n)d of this article.", n=number), "revision")
    save(
        actor,
        ArticleInput(
            title=revision.title,
            body=revision.body,
            unit=article.unit.code,
            tags=list(revision.tags),
            visibility=revision.visibility,
        ),
        article=article,
        expected_version=expected_version,
        note=_("Restored revision %(n)d", n=number),
    )


def set_related(actor: User | None, article: Article, slugs: Iterable[str]) -> None:
    _require_edit(actor, article)
    wanted = [s.strip() for s in slugs if s.strip()]
    found = list(db.session.scalars(select(Article).where(Article.slug.in_(wanted))))
    missing = sorted(set(wanted) - {a.slug for a in found})
    if missing:
        raise UserError("article_not_found", _("No article %(slug)s.", slug=missing[0]), "related")
    article.related = [a for a in found if a.id != article.id]
    db.session.flush()


# -- agents' side ------------------------------------------------------------------------------------------------


def feedback(actor: User | None, article: Article, helped: bool, comment: str | None = None) -> None:
    comment = contacts.clean_text(comment, "comment", 1000) or None
    db.session.add(
        ArticleFeedback(article_id=article.id, user_id=actor.id if actor else None, helped=helped, comment=comment)
    )
    column = Article.helped_count if helped else Article.not_helped_count
    db.session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values({column: column + 1})
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.expire(article, ["helped_count", "not_helped_count"])


def suggest(actor: User | None, article: Article, body: str) -> ArticleSuggestion:
    """An agent proposes a change; it lands with the article's unit."""
    text = contacts.clean_text(body, "body", 5000, required=True)
    suggestion = ArticleSuggestion(
        article_id=article.id, author_id=actor.id if actor else None, body=text, state=SuggestionState.OPEN.value
    )
    db.session.add(suggestion)
    db.session.flush()
    entity_created.send(
        suggestion, actor=actor, action="kb.suggestion.created", changes={"article": [None, article.slug]}
    )
    return suggestion


def close_suggestion(actor: User | None, suggestion: ArticleSuggestion, done: bool, answer: str | None) -> None:
    _require_edit(actor, suggestion.article)
    if suggestion.state != SuggestionState.OPEN:
        raise Conflict("suggestion_closed", _("This suggestion is already closed."))
    suggestion.state = (SuggestionState.DONE if done else SuggestionState.DECLINED).value
    suggestion.answer = contacts.clean_text(answer, "answer", 1000) or None
    suggestion.closed_at = utcnow()
    db.session.flush()


def record_use(
    actor: User | None, article: Article, *, ticket_id: int | None = None, call_sid: str | None = None
) -> bool:
    """Count an article as used for a ticket or a call (once per ticket or call); True when newly recorded."""
    if ticket_id is None and call_sid is None:
        raise UserError("use_target", _("Say which ticket or call the article was used for."))
    condition = ArticleUse.ticket_id == ticket_id if ticket_id is not None else ArticleUse.call_sid == call_sid
    exists = db.session.scalar(select(ArticleUse.id).where(ArticleUse.article_id == article.id, condition))
    if exists is not None:
        return False
    db.session.add(
        ArticleUse(article_id=article.id, ticket_id=ticket_id, call_sid=call_sid, user_id=actor.id if actor else None)
    )
    db.session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values(use_count=Article.use_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.expire(article, ["use_count"])
    return True


def stale_articles(unit_ids: Iterable[int] | None = None) -> list[Article]:
    """Published articles past their review date, oldest first (for some units, or all)."""
    statement = (
        select(Article)
        .options(joinedload(Article.unit))
        .where(Article.status == ArticleStatus.PUBLISHED, Article.review_by < _today())
        .order_by(Article.review_by, Article.title)
    )
    if unit_ids is not None:
        statement = statement.where(Article.unit_id.in_(list(unit_ids) or [-1]))
    return list(db.session.scalars(statement))


# -- synonyms ----------------------------------------------------------------------------------------------------


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
        if any(len(member) > 80 for member in members):
            raise UserError("too_long", _("Line %(n)d: a phrase has at most 80 characters.", n=number), "synonyms")
        groups.append(members)
    return groups


def save_synonyms(actor: User | None, text: str) -> int:
    """Replace the synonym dictionary; returns the number of groups."""
    _require_editor(actor)
    groups = parse_synonyms(text)
    db.session.query(SynonymGroup).delete()
    for members in groups:
        db.session.add(SynonymGroup(terms=members, updated_by_id=actor.id if actor else None))
    db.session.flush()
    entity_updated.send(None, actor=actor, action="kb.synonyms.saved", changes={"groups": [None, len(groups)]})
    from knowledge.search import forget_synonyms

    forget_synonyms()
    return len(groups)


def synonyms_text() -> str:
    return "\n".join(", ".join(g) for g in db.session.scalars(select(SynonymGroup.terms).order_by(SynonymGroup.id)))


# -- import / export ---------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: list[str] | None = None


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
            _tags(record.get("tags"))
            _visibility(record.get("visibility", Visibility.PUBLIC.value))
            contacts.clean_text(record.get("body"), "body", MAX_BODY)
            contacts.clean_text(record["title"], "title", MAX_TITLE)
        except UserError as error:
            raise UserError(
                error.code, _("Line %(n)d: %(error)s", n=number, error=error.message), error.field
            ) from None
        records.append({**record, "_line": number})
    return records


def import_articles(actor: User | None, lines: Iterable[str], *, create_units: bool = False) -> ImportReport:
    """Import the JSONL format idempotently by slug: new articles are created, changed ones get a revision; all end
    up published. Nothing is written when any line is at fault (the caller rolls back on error)."""
    records = parse_jsonl(lines)
    report = ImportReport(units_created=[])
    codes = sorted({r["unit"].strip().upper() for r in records})
    existing = set(db.session.scalars(select(Unit.code).where(Unit.code.in_(codes))))
    missing = [code for code in codes if code not in existing]
    if missing and not create_units:
        raise UserError(
            "unknown_unit",
            _("Unknown unit: %(codes)s. Create it first, or import with --create-units.", codes=", ".join(missing)),
            "unit",
        )
    for code in missing:
        from cct.org import operations as org

        org.create_unit(actor, {"code": code, "name": code, "kind": "department"})
        report.units_created.append(code)  # type: ignore[union-attr]
    for record in records:
        data = ArticleInput(
            slug=record["id"],
            title=record["title"],
            body=record.get("body", ""),
            unit=record["unit"],
            tags=record.get("tags", []),
            visibility=record.get("visibility", Visibility.PUBLIC.value),
        )
        article = db.session.scalar(select(Article).where(Article.slug == clean_slug(record["id"])))
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
        publish(None, article)
    return report


def export_articles() -> Iterable[str]:
    """Every article that is not archived, as JSONL lines of the import format (the working copy)."""
    articles = db.session.scalars(
        select(Article)
        .options(joinedload(Article.unit))
        .where(Article.status != ArticleStatus.ARCHIVED)
        .order_by(Article.slug)
    )
    for article in articles:
        yield json.dumps(article_json_fields(article), ensure_ascii=False)
