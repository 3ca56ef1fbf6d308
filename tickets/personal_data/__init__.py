"""Residents' personal data in tickets: the retention rule ([tickets] personal_data_months), what a person's export
holds, and erasure on request — answered through cct.privacy's slots."""

from __future__ import annotations

from flask import Flask

from cct import slots
from tickets.personal_data import operations, queries


def init_app(app: Flask) -> None:
    slots.fill(app, "privacy.retention", operations.retention)
    slots.fill(app, "privacy.held", queries.held)
    slots.fill(app, "privacy.erase", operations.erase)
