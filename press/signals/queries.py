"""Reads of the press office's signals: what residents asked in a period (ticket categories, the IVR's choices,
staff's knowledge-base searches and those that found nothing), a campaign's topic week by week, and the tickets
behind a signal. Tickets and searches through their domains' queries (DESIGN.md: the press office may read them);
the calls through the "signals.*" slots telephony fills."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select

from cct import db, slots
from cct.office_calendar import office_calendar, start_of_day
from cct.slots import Tally
from knowledge import queries as knowledge
from press.signals import rules
from press.signals.models import Campaign
from tickets import queries as tickets

SOURCES = ("category", "ivr", "search", "search_empty")  # what the signals page counts
TOPIC_SOURCES = ("tickets", "calls", "searches")  # what a campaign's chart counts


def period(first: date, last: date) -> tuple[datetime, datetime]:
    """The local days first..last as [start, end) in aware times."""
    zone = office_calendar().timezone
    return start_of_day(first, zone), start_of_day(last + timedelta(days=1), zone)


def counts(first: date, last: date, searches_limit: int | None = 200) -> list[Tally]:
    """What residents asked on the days first..last, by source (SOURCES)."""
    start, end = period(first, last)
    found = [Tally("category", code, name, n) for code, name, n in tickets.opened_by_category(start, end)]
    for tallies in slots.gathered("signals.counts", start=start, end=end):
        found.extend(tallies)
    for key, example, searches, empty in knowledge.searched_between(first, last, searches_limit):
        found.append(Tally("search", key, example, searches))
        if empty:
            found.append(Tally("search_empty", key, example, empty))
    return found


def baseline(first: date, last: date) -> list[Tally]:
    """What residents asked in the weeks a spike is measured against: every searched query, not only the most
    searched, so a query rising into the top is not taken for a new one."""
    return counts(first, last, searches_limit=None)


def topic_counts(campaign: Campaign, first: date, last: date, categories: list[str]) -> dict[str, int]:
    """A campaign's topic on the days first..last: tickets, calls and searches (TOPIC_SOURCES). `categories`: the
    campaign's with their subcategories, as the calls are counted by them."""
    start, end = period(first, last)
    calls = sum(
        tally.count
        for tallies in slots.gathered("signals.topic", start=start, end=end, categories=categories)
        for tally in tallies
    )
    return {
        "tickets": tickets.opened_on_topic(start, end, campaign.categories, campaign.keywords),
        "calls": calls,
        "searches": knowledge.searched_on_topic(first, last, campaign.keywords),
    }


def campaign_weeks(campaign: Campaign, today: date) -> list[rules.Week]:
    categories = tickets.with_subcategories(campaign.categories)  # once for every week
    return [
        rules.Week(first, phase, topic_counts(campaign, first, last, categories), days=(last - first).days + 1)
        for first, last, phase in rules.campaign_weeks(campaign.starts_on, campaign.ends_on, today)
    ]


def tickets_behind(category: str, first: date, last: date) -> list[tickets.TopicTicket]:
    start, end = period(first, last)
    return tickets.tickets_on_topic(start, end, [category])


def campaigns() -> Sequence[Campaign]:
    return db.session.scalars(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id.desc())).all()


def campaign(campaign_id: int) -> Campaign | None:
    return db.session.get(Campaign, campaign_id)


def category_choices() -> list[tuple[str, str]]:
    """The ticket categories a campaign may follow: (code, "parent › name")."""
    return sorted(((choice.code, choice.path) for choice in tickets.category_choices()), key=lambda pair: pair[1])
