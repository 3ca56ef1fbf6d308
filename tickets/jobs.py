"""The tickets' background job: overdue tickets are marked and the supervisors told, every five minutes."""

from __future__ import annotations

from typing import Any

from tickets import operations

SLA_SCAN = "tickets.sla_scan"
SLA_SCAN_EVERY_SECONDS = 300


def sla_scan(_payload: dict[str, Any]) -> None:
    """Runs in the job's transaction; the worker commits it with the job's "done" mark."""
    operations.mark_overdue()
