"""What an article's fields may hold, the shapes articles travel in (the JSON API, the JSONL import format), and the
settings of the knowledge base ([knowledge] in config.toml). The limits are read by the table, the forms, the
operations and the API alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from cct.api.schemas import Input, Integer, Output, Query, text, vocabulary
from cct.sections import Section
from knowledge.states import ArticleStatus, Step, Visibility

SLUG_MAX = 120
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TITLE_MAX = 300
BODY_MAX = 100_000
TAG_MAX = 60
TAGS_MAX = 30
QUESTION_MAX = 200  # a question residents ask about the article's matter, shown on it and searched like its title
QUESTIONS_MAX = 20
NOTE_MAX = 300  # what changed, for the history; also why an article is sent back
FEEDBACK_MAX = 1_000
SUGGESTION_MAX = 5_000
ANSWER_MAX = 1_000
SYNONYM_MAX = 80
SYNONYMS_TYPED_MAX = 100_000
QUERY_MAX = 500
RELATED_TYPED_MAX = 2_000
SEARCH_LIMIT_MAX = 50
PAGE_MAX = 200


# -- settings ------------------------------------------------------------------------------------------------------


class KnowledgeSettings(Section):
    """[knowledge] in config.toml."""

    index_path: str
    review_months: int = Field(ge=1, le=60)
    search_limit: int = Field(ge=1, le=SEARCH_LIMIT_MAX)
    semantic: bool

    def index_dir(self, instance_path: str) -> str:
        return self.index_path or str(Path(instance_path) / "kb-index")


# -- an article's content --------------------------------------------------------------------------------------------


@dataclass
class ArticleInput:
    """An article's working copy as a form, the API or an import gives it (knowledge.operations.save checks it)."""

    title: str
    body: str
    unit: str
    tags: list[str]
    visibility: str
    slug: str | None = None
    questions: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, content: Any, unit: str, **changes: Any) -> ArticleInput:
        """The content of an article (its working copy) or of one of its revisions, with `changes`."""
        values = {
            "title": content.title,
            "body": content.body,
            "unit": unit,
            "tags": list(content.tags),
            "visibility": content.visibility,
            "questions": list(content.questions),
        }
        return cls(**(values | changes))


def record_fields(article: Any) -> dict[str, Any]:
    """An article in the import format (one JSON object a line, as ../shared/eval/kb_articles.jsonl)."""
    return {
        "id": article.slug,
        "unit": article.unit.code,
        "title": article.title,
        "body": article.body,
        "tags": list(article.tags),
        "visibility": article.visibility,
        "questions": list(article.questions),
    }


# -- the JSON API ----------------------------------------------------------------------------------------------------

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Title = text(TITLE_MAX, 1)
Body = text(BODY_MAX)
Tag = text(TAG_MAX)
Question = text(QUESTION_MAX, 1)
UnitCode = text(32, 1)
Note = text(NOTE_MAX)
SearchText = text(QUERY_MAX, 1)
UnitFilter = text(32)
SlugText = text(SLUG_MAX)
TagFilter = text(TAG_MAX)
PathSlug = text(SLUG_MAX, 1)


class NewArticle(Input):
    """An article to create: a draft, with its first revision."""

    slug: Slug | None = None
    title: Title
    body: Body = Field("", description="Markdown")
    unit: UnitCode = vocabulary("unit", "The owning unit's code")
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)
    visibility: Visibility = Visibility.INTERNAL
    questions: list[Question] = Field(
        default_factory=list, max_length=QUESTIONS_MAX, description="Questions residents ask about the matter"
    )

    def as_input(self) -> ArticleInput:
        return ArticleInput(
            title=self.title,
            body=self.body,
            unit=self.unit,
            tags=self.tags,
            visibility=self.visibility,
            slug=self.slug,
            questions=self.questions,
        )


class ArticleChanges(Input):
    """The working copy's fields to change (a new revision; a draft again until published). Send the version you
    read; a field left out stays as it is."""

    version: Integer = Field(ge=1)
    note: Note | None = Field(None, description="What changed, for the history")
    title: Title | None = None
    body: Body | None = None
    unit: UnitCode | None = vocabulary("unit", "The owning unit's code", default=None)
    tags: list[Tag] | None = Field(None, max_length=TAGS_MAX)
    visibility: Visibility | None = None
    questions: list[Question] | None = Field(None, max_length=QUESTIONS_MAX)

    def over(self, current: Mapping[str, Any]) -> ArticleInput:
        """The working copy with these changes (the fields sent that are not null)."""
        sent = {name: getattr(self, name) for name in self.model_fields_set if name not in ("version", "note")}
        merged = {**current, **{name: value for name, value in sent.items() if value is not None}}
        return ArticleInput(**merged)


class ArticleStep(Input):
    action: Step
    reason: Note | None = Field(None, description="Why it is sent back (send_back only)")


class ArticleListQuery(Query):
    status: ArticleStatus = ArticleStatus.PUBLISHED
    unit: UnitFilter | None = vocabulary("unit_any", "The owning unit's code", default=None)
    limit: int = Field(50, ge=1, le=PAGE_MAX)
    after: SlugText | None = Field(None, description="`next` of the last page")


class SearchQuery(Query):
    q: SearchText
    limit: int | None = Field(None, ge=1, le=SEARCH_LIMIT_MAX, description="Default: [knowledge] search_limit")


class StaffSearchQuery(SearchQuery):
    unit: UnitFilter | None = vocabulary("unit_any", "The owning unit's code", default=None)
    tag: TagFilter | None = None


class SlugPath(Input):
    slug: PathSlug


class SearchHit(Output):
    slug: str
    title: str
    unit: str
    score: float
    snippet: str = Field(description="HTML: escaped text, the matched words in <mark>")


class SearchResults(Output):
    results: list[SearchHit]
    total: int = Field(ge=0)


class PublishedOut(Output):
    revision: int
    title: str
    body: str
    visibility: Visibility


class ArticleOut(Output):
    """An article as the reader may see it: its working copy for those who may edit it (and editors), otherwise
    its published revision."""

    slug: str
    title: str
    body: str
    unit: str
    tags: list[str]
    questions: list[str]
    visibility: Visibility
    status: ArticleStatus
    published: PublishedOut | None
    review_by: date | None
    use_count: int
    helped: int
    not_helped: int
    related: list[str]
    updated_at: datetime
    version: int


class ArticlePage(Output):
    articles: list[ArticleOut]
    next: str | None
