"""Demo articles for `cct demo`: the topics Białystok's helpline is asked most, public and internal, with the
questions residents ask (the first fifteen are the public relevance sample of ../shared/eval)."""

from __future__ import annotations

from datetime import timedelta
from importlib import resources

from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.office_calendar import local_today
from knowledge import learned, operations, queries
from knowledge.models import SearchDay, SearchedQuery


def seed() -> None:
    """The demo articles, published (only into a knowledge base without any)."""
    if queries.has_articles():
        return
    lines = resources.files("knowledge").joinpath("data/demo_articles.jsonl").read_text(encoding="utf-8")
    operations.import_articles(SYSTEM, lines.splitlines())


# What agents searched in the last five weeks: the query, searches a day in the four weeks before this one and in the
# last seven days, and whether it found nothing (the press office's signals read them).
SEARCHES: list[tuple[str, int, int, bool]] = [
    ("odśnieżanie ulic", 0, 3, False),
    ("dowód osobisty odbiór", 2, 2, False),
    ("harmonogram wywozu odpadów", 1, 2, False),
    ("wywóz choinek", 0, 1, True),
]


def seed_searches() -> None:
    """Agents' searches of the last five weeks, as the panel counts them (only when none were counted yet)."""
    if db.session.scalar(select(SearchedQuery.key).limit(1)) is not None:
        return
    today = local_today()
    for text, before, lately, empty in SEARCHES:
        key = learned.query_key(text)
        days = [(today - timedelta(days=n), before) for n in range(7, 35)]
        days += [(today - timedelta(days=n), lately) for n in range(7)]
        total = sum(count for _day, count in days)
        db.session.add(
            SearchedQuery(
                key=key,
                example=learned.example(text),
                searches=total,
                without_result=total if empty else 0,
                opened=0 if empty else total // 2,
                last_at=utcnow(),
            )
        )
        db.session.flush()  # the query before its days (they refer to it)
        for day, count in days:
            if count:
                db.session.add(SearchDay(day=day, key=key, searches=count, without_result=count if empty else 0))
    db.session.flush()
