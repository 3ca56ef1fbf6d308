"""Which unit gets a ticket, and why. Pure: the facts and the rules in, a decision with its reason out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from cct.polish import bare_street, normalise

Case = TypeVar("Case")


@dataclass(frozen=True)
class Facts:
    category_ids: tuple[int, ...]  # the ticket's category first, then its ancestors
    district: str | None
    address: str | None
    text: str  # subject and description


@dataclass(frozen=True)
class Rule:
    id: int
    name: str
    unit_id: int
    category_id: int | None = None
    district: str | None = None
    street: str | None = None
    keywords: str | None = None

    def keyword_list(self) -> list[str]:
        return [normalise(word) for word in re.split(r"[,;\n]", self.keywords or "") if word.strip()]

    def matches(self, facts: Facts) -> bool:
        if self.category_id is not None and self.category_id not in facts.category_ids:
            return False
        if self.district and normalise(self.district) != normalise(facts.district):
            return False
        if self.street and bare_street(self.street) not in bare_street(facts.address):
            return False
        keywords = self.keyword_list()
        if keywords:
            text = normalise(facts.text)
            if not any(keyword in text for keyword in keywords):
                return False
        return True


@dataclass(frozen=True)
class Decision:
    unit_id: int | None  # None: the fallback unit (the intake desk)
    how: str  # "rule", "category" or "fallback"
    rule: Rule | None = None


def decide(facts: Facts, rules: Sequence[Rule], category_unit_id: int | None) -> Decision:
    """The first matching rule; else the category's default unit (its own or an ancestor's); else the fallback."""
    for rule in rules:
        if rule.matches(facts):
            return Decision(rule.unit_id, "rule", rule)
    if category_unit_id is not None:
        return Decision(category_unit_id, "category")
    return Decision(None, "fallback")


def moved(
    cases: Iterable[tuple[Case, Facts, int | None]], before: Sequence[Rule], after: Sequence[Rule]
) -> list[tuple[Case, int | None, int | None]]:
    """The cases (each with its facts and its category's unit) that the `after` rules send to another unit than the
    `before` rules: (case, unit before, unit after); None is the fallback unit. What a changed rule would move."""
    found = []
    for case, facts, category_unit_id in cases:
        old = decide(facts, before, category_unit_id).unit_id
        new = decide(facts, after, category_unit_id).unit_id
        if old != new:
            found.append((case, old, new))
    return found
