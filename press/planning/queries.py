"""Reads of the press office's planning: conferences, planned posts, what the calendar shows in a period, and whose
calendar a feed token opens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from cct import db
from cct.auth.models import User
from press.models import Release
from press.planning.models import CalendarToken, Conference, Post, SpeechDraft
from press.states import ConferenceState, PostState, ReleaseState

# what the public sees: conferences once announced (held or cancelled since, too); one held without an announcement
# (a briefing the outlets were invited to directly) stays inside the office
ANNOUNCED = Conference.announced_at.is_not(None)


def conferences(now: datetime, limit: int = 200) -> list[Conference]:
    """Coming ones first (the soonest first), then past ones (the latest first)."""
    coming = db.session.scalars(
        select(Conference).where(Conference.ends_at >= now).order_by(Conference.starts_at).limit(limit)
    ).all()
    past = db.session.scalars(
        select(Conference).where(Conference.ends_at < now).order_by(Conference.starts_at.desc()).limit(limit)
    ).all()
    return [*coming, *past][:limit]


def conference(conference_id: int) -> Conference | None:
    return db.session.get(Conference, conference_id)


def public_conferences(since: datetime, limit: int = 50) -> Sequence[Conference]:
    """Announced conferences (and those held or cancelled after announcement) ending after `since`, soonest first."""
    return db.session.scalars(
        select(Conference).where(ANNOUNCED, Conference.ends_at >= since).order_by(Conference.starts_at).limit(limit)
    ).all()


def public_conference(conference_id: int) -> Conference | None:
    return db.session.scalar(select(Conference).where(Conference.id == conference_id, ANNOUNCED))


def upcoming_conferences(since: datetime, limit: int = 5) -> Sequence[Conference]:
    return db.session.scalars(
        select(Conference)
        .where(
            Conference.ends_at >= since,
            Conference.state.in_([ConferenceState.PLANNED.value, ConferenceState.ANNOUNCED.value]),
        )
        .order_by(Conference.starts_at)
        .limit(limit)
    ).all()


def speech(draft_id: int) -> SpeechDraft | None:
    return db.session.get(SpeechDraft, draft_id)


def conferences_between(first: datetime, last: datetime) -> Sequence[Conference]:
    return db.session.scalars(
        select(Conference)
        .where(Conference.starts_at < last, Conference.ends_at > first)
        .order_by(Conference.starts_at, Conference.id)
    ).all()


def post(post_id: int) -> Post | None:
    return db.session.get(Post, post_id)


def posts_to_approve() -> Sequence[Post]:
    """Drafts waiting for the spokesperson, the soonest to go out first."""
    return db.session.scalars(
        select(Post).where(Post.state == PostState.DRAFT.value).order_by(Post.planned_at, Post.id)
    ).all()


def posts_between(first: datetime, last: datetime) -> Sequence[Post]:
    return db.session.scalars(
        select(Post).where(Post.planned_at >= first, Post.planned_at < last).order_by(Post.planned_at, Post.id)
    ).all()


def releases_between(first: datetime, last: datetime) -> Sequence[Release]:
    """Releases published in the period: they appear in the calendar by themselves."""
    return db.session.scalars(
        select(Release)
        .where(
            Release.state == ReleaseState.PUBLISHED.value,
            Release.published_at >= first,
            Release.published_at < last,
        )
        .order_by(Release.published_at, Release.id)
    ).all()


def releases_to_publish() -> Sequence[Release]:
    return db.session.scalars(
        select(Release).where(Release.state == ReleaseState.APPROVED.value).order_by(Release.approved_at)
    ).all()


def releases_for_follow_up() -> Sequence[Release]:
    return db.session.scalars(select(Release).order_by(Release.id.desc()).limit(100)).all()


def token_of(user_id: int) -> CalendarToken | None:
    return db.session.get(CalendarToken, user_id)


def user_by_token(token_sha256: str) -> User | None:
    """The active member of staff whose calendar the token opens (whether they still work in the press office is
    the view's question, asked of press.policy)."""
    return db.session.scalar(
        select(User)
        .join(CalendarToken, CalendarToken.user_id == User.id)
        .where(CalendarToken.token_sha256 == token_sha256, User.active.is_(True))
    )
