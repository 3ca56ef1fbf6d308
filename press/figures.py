"""The media enquiries' figures: how many, how fast they were answered (the median), how many on time, by outlet and
by topic. Pure: the enquiries' times in, the figures out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median


@dataclass(frozen=True)
class Asked:
    received_at: datetime
    answered_at: datetime | None  # the answer or the refusal sent
    due: datetime  # the legal deadline (an extension with its notice moves it)
    outlet: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    label: str
    count: int
    answered: int
    median_hours: float | None
    on_time: float | None  # the share of the answered ones sent by their deadline

    @classmethod
    def of(cls, label: str, rows: list[Asked]) -> Line:
        answered = [row for row in rows if row.answered_at is not None]
        hours = [(row.answered_at - row.received_at).total_seconds() / 3600 for row in answered]  # type: ignore[operator]
        on_time = sum(1 for row in answered if row.answered_at <= row.due)  # type: ignore[operator]
        return cls(
            label=label,
            count=len(rows),
            answered=len(answered),
            median_hours=median(hours) if hours else None,
            on_time=on_time / len(answered) if answered else None,
        )


@dataclass(frozen=True)
class Figures:
    total: Line
    by_outlet: list[Line]
    by_topic: list[Line]


def figures(rows: Iterable[Asked], no_outlet: str, no_topic: str) -> Figures:
    """The figures of the enquiries given; outlets and topics most asked first."""
    every = list(rows)
    outlets: dict[str, list[Asked]] = defaultdict(list)
    topics: dict[str, list[Asked]] = defaultdict(list)
    for row in every:
        outlets[row.outlet or no_outlet].append(row)
        for topic in row.topics or (no_topic,):
            topics[topic].append(row)

    def ranked(groups: dict[str, list[Asked]]) -> list[Line]:
        return sorted(
            (Line.of(label, group) for label, group in groups.items()), key=lambda line: (-line.count, line.label)
        )

    return Figures(total=Line.of("", every), by_outlet=ranked(outlets), by_topic=ranked(topics))
