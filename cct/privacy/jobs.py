"""The daily retention job: it owns its transactions (a round of every rule, committed, until none has more)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.privacy import operations
from cct.privacy.schemas import Retained

log = logging.getLogger(__name__)
MAX_ROUNDS = 10_000  # a rule that never runs out (a fault) stops the job rather than spinning


def apply_retention(_payload: dict[str, Any], now: datetime | None = None) -> list[Retained]:
    """Every rule, in rounds that each commit, until none has more; then one audit row with the counts (only when
    something was removed)."""
    now = now or utcnow()
    totals: dict[str, Retained] = {}
    for _round in range(MAX_ROUNDS):
        done = operations.retention(now, apply=True)
        db.session.commit()
        for rule in done:
            known = totals.get(rule.rule)
            totals[rule.rule] = Retained(rule.rule, rule.label, rule.period, rule.count + (known.count if known else 0))
        if all(rule.count < operations.BATCH for rule in done):
            break
    else:
        log.error("the retention rules still had records after %d rounds", MAX_ROUNDS)
    counts = {rule.rule: rule.count for rule in totals.values() if rule.count}
    if counts:
        operations.record_run(SYSTEM, counts)
        db.session.commit()
        log.info("personal data past retention removed: %s", counts)
    return list(totals.values())
