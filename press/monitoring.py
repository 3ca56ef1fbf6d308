"""The media monitoring's weekly figures: clippings by day and tone, by topic, by outlet, with their reach. Pure:
the clippings' values in, the figures out (the report page draws them as bars)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from press.states import Tone


@dataclass(frozen=True)
class Seen:
    published_on: date
    tone: str
    topics: tuple[str, ...]
    outlet: str
    reach: int | None


@dataclass
class Week:
    first_day: date
    days: list[date]
    tones_by_day: dict[date, Counter[str]]
    topics: list[tuple[str, int]]
    outlets: list[tuple[str, int]]
    tones: Counter[str] = field(default_factory=Counter)
    clippings: int = 0
    reach: int = 0

    @property
    def busiest_day(self) -> int:
        return max((sum(counts.values()) for counts in self.tones_by_day.values()), default=0)


def week_of(day: date) -> date:
    """The Monday of the ISO week a day falls in."""
    return day - timedelta(days=day.weekday())


def weekly(first_day: date, clippings: Iterable[Seen], top: int = 10) -> Week:
    """The figures of the seven days from `first_day` (clippings outside them are left out)."""
    days = [first_day + timedelta(days=offset) for offset in range(7)]
    by_day: dict[date, Counter[str]] = {day: Counter() for day in days}
    topics: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    tones: Counter[str] = Counter()
    count = reach = 0
    for seen in clippings:
        if seen.published_on not in by_day:
            continue
        by_day[seen.published_on][seen.tone] += 1
        tones[seen.tone] += 1
        topics.update(seen.topics)
        outlets[seen.outlet] += 1
        count += 1
        reach += seen.reach or 0
    return Week(
        first_day=first_day,
        days=days,
        tones_by_day=by_day,
        topics=topics.most_common(top),
        outlets=outlets.most_common(top),
        tones=Counter({tone.value: tones[tone.value] for tone in Tone}),
        clippings=count,
        reach=reach,
    )
