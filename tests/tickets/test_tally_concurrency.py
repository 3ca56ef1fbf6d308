"""Two transactions changing tickets of the same tallies in opposite orders both commit (PostgreSQL: the tallies
are written once, sorted, at the commit, so neither waits on the other crosswise; SQLite writes one at a time)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from cct import db
from cct.auth.actors import SYSTEM
from cct.org import operations as org
from tests.city import UNITS
from tickets import demo as tickets_demo
from tickets import operations as ops
from tickets import tallies
from tickets.models import Ticket


def test_crosswise_changes_of_shared_tallies_both_commit(committed_app: Any, backend: str) -> None:
    """Defect (review): tallies written at every flush locked their rows in the order of the flushes, so two such
    transactions deadlocked on PostgreSQL."""
    if backend == "sqlite":
        pytest.skip("SQLite writes one transaction at a time: the second waits for the first, nothing crosses")
    with committed_app.app_context():
        for code, name, kind, parent, _phone, _email in UNITS:
            org.create_unit(SYSTEM, {"code": code, "name": name, "kind": kind, "parent_code": parent})
        tickets_demo.seed()
        categories = ["oswietlenie", "drogi-dziury", "drogi-dziury", "oswietlenie"]
        ids = [
            ops.create_ticket(SYSTEM, ops.TicketInput(subject=f"T{n}", category=c)).id for n, c in enumerate(categories)
        ]
        db.session.commit()
    both_changed_one = threading.Barrier(2, timeout=20)
    errors: list[BaseException] = []

    def change(first: int, second: int) -> None:
        try:
            with committed_app.app_context():
                try:
                    db.session.get(Ticket, first).state = "in_progress"
                    db.session.flush()
                    both_changed_one.wait()
                    db.session.get(Ticket, second).state = "in_progress"
                    db.session.flush()
                    db.session.commit()
                finally:
                    db.session.rollback()
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [
        threading.Thread(target=change, args=(ids[0], ids[1])),  # lamp first, then pothole
        threading.Thread(target=change, args=(ids[2], ids[3])),  # pothole first, then lamp
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with committed_app.app_context():
        assert tallies.counts("state", states=None) == [("in_progress", 4)]
