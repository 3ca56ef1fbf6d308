"""Callers' personal data in calls and texts: the retention rule ([twilio] caller_data_months), what a person's
export holds, and erasure on request — answered through cct.privacy's slots."""

from __future__ import annotations

from flask import Flask

from cct import slots
from telephony.personal_data import operations, queries


def init_app(app: Flask) -> None:
    slots.fill(app, "privacy.retention", operations.retention)
    slots.fill(app, "privacy.held", queries.held)
    slots.fill(app, "privacy.erase", operations.erase)
