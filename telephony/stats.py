"""Supervisors' call statistics for a period: volumes by hour and day, answered and abandoned shares, queue waits
(average, 90th percentile, share answered within 30 s) and calls per agent. Pure over the call records given."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telephony.states import Outcome

SERVICE_LEVEL_SECONDS = 30


@dataclass
class CallStats:
    total: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    by_hour: list[int] = field(default_factory=lambda: [0] * 24)
    by_day: dict[date, int] = field(default_factory=dict)
    by_agent: list[tuple[str, int]] = field(default_factory=list)
    average_wait: float | None = None
    p90_wait: float | None = None
    within_service_level: float | None = None  # of the calls that reached the queue, answered within 30 s

    def share(self, outcome: str) -> float | None:
        ended = sum(self.outcomes.values())
        return self.outcomes[outcome] / ended if ended else None


def nearest_rank(values: list[int], share: float) -> float:
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(share * len(ordered)) - 1)])


def compute(calls: Iterable[Any], first_day: date, last_day: date, timezone: ZoneInfo) -> CallStats:
    stats = CallStats()
    day = first_day
    while day <= last_day:
        stats.by_day[day] = 0
        day += timedelta(days=1)
    waits: list[int] = []
    answered_in_time = queued = 0
    agents: Counter[str] = Counter()
    for call in calls:
        stats.total += 1
        local = call.started_at.astimezone(timezone)
        stats.by_hour[local.hour] += 1
        stats.by_day[local.date()] = stats.by_day.get(local.date(), 0) + 1
        if call.outcome:
            stats.outcomes[call.outcome] += 1
        if call.queue_seconds is not None:
            queued += 1
            waits.append(call.queue_seconds)
            if call.outcome == Outcome.ANSWERED.value and call.queue_seconds <= SERVICE_LEVEL_SECONDS:
                answered_in_time += 1
        if call.outcome == Outcome.ANSWERED.value and call.agent is not None:
            agents[call.agent.full_name] += 1
    if waits:
        stats.average_wait = sum(waits) / len(waits)
        stats.p90_wait = nearest_rank(waits, 0.9)
    if queued:
        stats.within_service_level = answered_in_time / queued
    stats.by_agent = sorted(agents.items(), key=lambda item: (-item[1], item[0]))
    return stats


def period(days: int, timezone: ZoneInfo, today: date) -> tuple[date, datetime, datetime]:
    """The first day of the last `days` days up to today, and the period's bounds (local midnights)."""
    first_day = today - timedelta(days=days - 1)
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=timezone)
    end = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=timezone)
    return first_day, start, end
