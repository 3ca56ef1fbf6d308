"""What residents ask, read as signals: the tops of a period, the spikes against the weeks before, and an
information campaign's effect on the helpline. Pure: counts in, findings out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cct.slots import Tally

WINDOW_DAYS = 7  # a spike is the last seven days…
BASELINE_WEEKS = 4  # …against the average of the four weeks before them
MIN_COUNT = 5  # fewer contacts than this in the window are noise, not a signal
MIN_RISE = 50  # per cent above the baseline that counts as a spike
CAMPAIGN_MARGIN_WEEKS = 4  # a campaign's chart shows as many weeks before it (and after it, as far as today)
CAMPAIGN_MAX_DAYS = 366  # a year: a longer one is a programme, not a campaign (and its chart would be years long)


@dataclass(frozen=True)
class Spike:
    source: str
    key: str
    label: str
    count: int  # in the window
    baseline: float  # a week's average in the weeks before
    rise: int | None  # per cent above the baseline; None: nothing before (new)


def windows(last: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """(the spike window's first and last day, the baseline's first and last day) for a window ending on `last`."""
    first = last - timedelta(days=WINDOW_DAYS - 1)
    return (first, last), (first - timedelta(weeks=BASELINE_WEEKS), first - timedelta(days=1))


def spikes(window: Sequence[Tally], baseline: Sequence[Tally]) -> list[Spike]:
    """What rose: at least MIN_COUNT in the window and MIN_RISE per cent above the baseline's weekly average (or
    new), the largest rise first (new ones first of all, then by count)."""
    before = {(tally.source, tally.key): tally.count for tally in baseline}
    found = []
    for tally in window:
        if tally.count < MIN_COUNT:
            continue
        weekly = before.get((tally.source, tally.key), 0) / BASELINE_WEEKS
        if weekly == 0:
            found.append(Spike(tally.source, tally.key, tally.label, tally.count, 0.0, None))
            continue
        rise = round(100 * (tally.count - weekly) / weekly)
        if rise >= MIN_RISE:
            found.append(Spike(tally.source, tally.key, tally.label, tally.count, weekly, rise))
    return sorted(found, key=lambda spike: (spike.rise is not None, -(spike.rise or 0), -spike.count, spike.label))


def tops(tallies: Sequence[Tally], source: str, limit: int = 10) -> list[Tally]:
    """The most counted of one source."""
    return sorted((t for t in tallies if t.source == source and t.count), key=lambda t: (-t.count, t.label))[:limit]


@dataclass(frozen=True)
class Week:
    first: date
    phase: str  # before, during, after
    counts: dict[str, int]  # source -> count
    days: int = 7  # fewer for the week that is still going on

    def weekly(self, source: str) -> float:
        """The count scaled to a whole week."""
        return self.counts.get(source, 0) * 7 / self.days


def campaign_weeks(starts: date, ends: date, today: date) -> list[tuple[date, date, str]]:
    """The weeks a campaign's chart shows: (first day, last day, phase), from CAMPAIGN_MARGIN_WEEKS before its start to
    as many after its end, but not beyond today. The campaign's own weeks are counted from its first day."""
    weeks = []
    first = starts - timedelta(weeks=CAMPAIGN_MARGIN_WEEKS)
    limit = min(ends + timedelta(weeks=CAMPAIGN_MARGIN_WEEKS), today)
    while first <= limit:
        last = first + timedelta(days=6)
        phase = "before" if last < starts else ("after" if first > ends else "during")
        weeks.append((first, min(last, limit), phase))
        first = last + timedelta(days=1)
    return weeks


@dataclass(frozen=True)
class Effect:
    source: str
    before: float  # a week's average
    during: float | None
    after: float | None
    during_change: int | None  # per cent against before
    after_change: int | None


def effect(weeks: Sequence[Week], sources: Sequence[str]) -> list[Effect]:
    """Per source, the average week before, during and after the campaign (counted by day: a week still going on
    weighs as much as its days), and the change against before."""

    def average(phase: str, source: str) -> float | None:
        chosen = [week for week in weeks if week.phase == phase]
        if not chosen:
            return None
        # by day, then times seven: a week still going on weighs as much as its days, not as a whole week
        return 7 * sum(week.counts.get(source, 0) for week in chosen) / sum(week.days for week in chosen)

    def change(value: float | None, base: float | None) -> int | None:
        if value is None or not base:
            return None
        return round(100 * (value - base) / base)

    found = []
    for source in sources:
        before = average("before", source) or 0.0
        during, after = average("during", source), average("after", source)
        found.append(Effect(source, before, during, after, change(during, before), change(after, before)))
    return found
