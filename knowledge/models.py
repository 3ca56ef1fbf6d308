"""Knowledge-base tables: articles owned by units, their revisions, feedback, suggestions, uses and synonyms."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from cct.identifiers import CALL_SID_MAX
from cct.org.models import Unit
from knowledge import learned
from knowledge import schemas as limits
from knowledge.states import ArticleStatus, SuggestionState, Visibility

article_related = Table(
    "kb_article_related",
    Base.metadata,
    Column("article_id", Integer, ForeignKey("kb_articles.id", ondelete="CASCADE"), primary_key=True),
    Column("related_id", Integer, ForeignKey("kb_articles.id", ondelete="CASCADE"), primary_key=True),
    CheckConstraint("article_id <> related_id", name="not_self"),
)


class Article(Base):
    __tablename__ = "kb_articles"
    __table_args__ = (
        CheckConstraint(one_of("status", ArticleStatus), name="status_known"),
        CheckConstraint(one_of("visibility", Visibility), name="visibility_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(limits.SLUG_MAX), unique=True)
    title: Mapped[str] = mapped_column(String(limits.TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)  # Markdown
    tags: Mapped[list[str]] = mapped_column(JSON)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    visibility: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), index=True)
    # The revision residents and agents see; the row's own title/body/tags are the working copy, which may be ahead
    # of it (a change waiting for review). None until first published.
    published_number: Mapped[int | None] = mapped_column()
    review_by: Mapped[date | None] = mapped_column(Date)
    use_count: Mapped[int] = mapped_column()
    helped_count: Mapped[int] = mapped_column()
    not_helped_count: Mapped[int] = mapped_column()
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column()

    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Unit] = relationship()
    revisions: Mapped[list[ArticleRevision]] = relationship(
        back_populates="article", order_by="ArticleRevision.number.desc()", cascade="all, delete-orphan"
    )
    related: Mapped[list[Article]] = relationship(
        secondary=article_related,
        primaryjoin=id == article_related.c.article_id,
        secondaryjoin=id == article_related.c.related_id,
        order_by="Article.title",
    )

    def is_stale(self, today: date) -> bool:
        return self.live is not None and self.review_by is not None and self.review_by < today

    @property
    def live(self) -> ArticleRevision | None:
        """The published revision (None for an article never published or archived)."""
        if self.published_number is None or self.status == ArticleStatus.ARCHIVED:
            return None
        return next((r for r in self.revisions if r.number == self.published_number), None)


class ArticleRevision(Base):
    """What an article said after one save; never changed afterwards."""

    __tablename__ = "kb_article_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(limits.TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    visibility: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(String(limits.NOTE_MAX))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()


# joins an article to the revision readers see (none before its first publication)
PUBLISHED_REVISION = (ArticleRevision.article_id == Article.id) & (ArticleRevision.number == Article.published_number)


class ArticleFeedback(Base):
    """An agent's "helped / did not help" on an article."""

    __tablename__ = "kb_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    helped: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(String(limits.FEEDBACK_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleSuggestion(Base):
    """A change an agent proposes; it lands with the article's unit."""

    __tablename__ = "kb_suggestions"
    __table_args__ = (CheckConstraint(one_of("state", SuggestionState), name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10))
    answer: Mapped[str | None] = mapped_column(String(limits.ANSWER_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    article: Mapped[Article] = relationship()
    author: Mapped[User | None] = relationship()


class ArticleUse(Base):
    """An article used to answer a ticket or a call."""

    __tablename__ = "kb_article_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id", ondelete="CASCADE"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    call_sid: Mapped[str | None] = mapped_column(String(CALL_SID_MAX), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship()


class SynonymGroup(Base):
    """Words and phrases a caller may use for one thing ("auto, samochód, pojazd"); editors keep the list."""

    __tablename__ = "kb_synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[list[str]] = mapped_column(JSON)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SearchedQuery(Base):
    """A query staff searched, by its words' keys (knowledge.learned.query_key): how often, how often nothing was
    found, how often an article was opened after it. No member of staff, call or ticket is kept with it, and no word
    that may name a person (knowledge.learned.kept)."""

    __tablename__ = "kb_searched_queries"

    key: Mapped[str] = mapped_column(String(learned.KEY_MAX), primary_key=True)
    example: Mapped[str] = mapped_column(String(learned.EXAMPLE_MAX))  # the latest wording, for editors
    searches: Mapped[int] = mapped_column(default=0)
    without_result: Mapped[int] = mapped_column(default=0)
    opened: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_at: Mapped[datetime | None]  # an editor added it to an article as a question


class SearchDay(Base):
    """How often a query was searched on one day (in the office's time zone), and how often it found nothing: what
    the press office reads as residents' questions of the day and week. Like SearchedQuery, no person is kept."""

    __tablename__ = "kb_search_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(
        ForeignKey("kb_searched_queries.key", ondelete="CASCADE"), primary_key=True, index=True
    )
    searches: Mapped[int] = mapped_column(default=0)
    without_result: Mapped[int] = mapped_column(default=0)


class QueryChoice(Base):
    """An article staff opened after a query: what the search learns from (knowledge.learned.boost)."""

    __tablename__ = "kb_query_choices"

    key: Mapped[str] = mapped_column(ForeignKey("kb_searched_queries.key", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("kb_articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    choices: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship()


class WordChoice(Base):
    """How often staff opened an article after queries with a word (a word of their keys, knowledge.learned
    .key_words), and when last: what the choices teach by word (knowledge.learned.word_shares). The sum, per word
    and article, of the query choices (QueryChoice) whose query has the word: kept with them (knowledge.operations:
    recorded, cleared, keyed again). An article's rows go with it; a searched query is never deleted but by those
    operations (a deletion that cascaded to its choices alone would leave its words counted).
    """

    __tablename__ = "kb_word_choices"

    word: Mapped[str] = mapped_column(String(learned.KEY_MAX), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("kb_articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    choices: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[datetime] = mapped_column(default=utcnow)
