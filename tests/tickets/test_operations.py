"""Tickets from intake to resolution, through the operations that the screens and the API call."""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from cct import db, kpa
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.demo import UNITS
from cct.errors import Conflict, UserError
from cct.org import operations as org
from tests.helpers import count
from tickets import demo as tickets_demo
from tickets import operations as ops
from tickets import tallies
from tickets.models import Attachment, Ticket, TicketEvent
from tickets.states import TRANSITIONS, TicketState


def open_ticket(**overrides: Any) -> Ticket:
    data = {"subject": "Nie świeci latarnia", "category": "oswietlenie", "address": "ul. Lipowa 10"} | overrides
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(**data))
    db.session.commit()
    return ticket


def events(ticket: Ticket) -> list[TicketEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id))
    )


def test_new_ticket_gets_number_deadlines_and_a_unit_with_the_reason(city: Any) -> None:
    ticket = open_ticket(resident_phone="600 100 200", consent_sms=True)
    assert ticket.number == f"{ticket.year}/{ticket.seq:06d}"
    assert ticket.state == "routed"
    assert ticket.unit.code == "ZDT"
    assert ticket.resident_phone == "+48600100200"
    assert ticket.first_response_due < ticket.resolution_due
    assert ticket.priority == "normal"  # from the category
    kinds = [(e.kind, e.detail.get("how")) for e in events(ticket)]
    assert kinds == [("created", None), ("routed", "category")]
    assert events(ticket)[1].detail["unit"] == "ZDT"


def test_a_new_ticket_in_the_session_holds_exactly_what_its_row_holds(city: Any) -> None:
    # after create_ticket the object is persistent and flushed: what it holds is what its row holds
    ticket = ops.create_ticket(
        SYSTEM,
        ops.TicketInput(
            subject="Skarga na hałas",
            category="oswietlenie",
            description="Od tygodnia",
            resident_name="Anna Nowak",
            resident_phone="600 100 200",
            resident_email="anna@example.com",
            consent_sms=True,
            consent_email=True,
            address="ul. Lipowa 10",
            district="Centrum",
            lat=53.13,
            lon=23.16,
            tags=["noc", "Lipowa"],
            statutory_kind="complaint",
        ),
    )
    held = {column.key: getattr(ticket, column.key) for column in Ticket.__table__.columns}
    held_tags = ticket.tags
    assert ticket in db.session
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Ticket, ticket.id)
    assert stored is not None
    assert {column.key: getattr(stored, column.key) for column in Ticket.__table__.columns} == held
    assert stored.tags == held_tags == ["lipowa", "noc"]
    assert held["version"] == 1
    assert None not in (held["category_id"], held["unit_id"], held["statutory_due"], held["public_code"])
    assert held["open311_attributes"] == {}


def test_a_new_ticket_can_be_changed_in_the_request_that_opened_it(city: Any) -> None:
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Latarnia", category="oswietlenie", tags=["noc"]))
    ops.update_ticket(SYSTEM, ticket, {"subject": "Dwie latarnie"}, expected_version=1)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Ticket, ticket.id)
    assert stored is not None
    assert (stored.subject, stored.version, stored.tags) == ("Dwie latarnie", 2, ["noc"])
    assert [event.kind for event in events(stored)] == ["created", "routed", "updated"]


def test_a_savepoint_rolled_back_takes_out_only_the_tickets_written_inside_it(city: Any) -> None:
    before = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Przed", category="oswietlenie", tags=["a"]))
    savepoint = db.session.begin_nested()
    inside = ops.create_ticket(SYSTEM, ops.TicketInput(subject="W środku", category="oswietlenie", tags=["b"]))
    inside_tag = inside.tag_rows[0]
    savepoint.rollback()
    assert before in db.session
    assert inside not in db.session
    assert inside_tag not in db.session
    after = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Po", category="oswietlenie"))
    db.session.commit()
    subjects = db.session.scalars(select(Ticket.subject).order_by(Ticket.id)).all()
    assert subjects[-2:] == ["Przed", "Po"]
    assert after.seq == before.seq + 1  # the number taken inside the savepoint went back with it


def test_routing_rule_wins_over_the_category_and_is_named(city: Any) -> None:
    ticket = open_ticket(subject="Agresywny pies na podwórku", category="zwierzeta", description="pogryzł dziecko")
    assert ticket.unit.code == "SM"
    routed = events(ticket)[-1]
    assert routed.detail["how"] == "rule"
    assert routed.detail["rule_name"] == "Groźne psy do Straży Miejskiej"


def test_keyword_rule_applies_in_any_category_and_ignores_diacritics(city: Any) -> None:
    ticket = open_ticket(subject="Brak wody w kranie", category="informacja", description="od rana")
    assert ticket.unit.code == "WODOC"
    ticket = open_ticket(subject="brak wody", category="drogi")
    assert ticket.unit.code == "WODOC"


def test_sub_category_inherits_its_parents_unit(city: Any) -> None:
    assert open_ticket(subject="Dziura", category="drogi-dziury").unit.code == "ZDT"


def test_statutory_clock_for_a_complaint(city: Any) -> None:
    ticket = open_ticket(subject="Skarga na pracownika", category="skargi", via_representative=True)
    assert ticket.statutory_kind == "complaint"
    local_created = ticket.created_at.astimezone(ops.office_calendar().timezone)
    due = ticket.statutory_due.astimezone(ops.office_calendar().timezone).date()
    # 14 days through a councillor (KPA art. 237 § 2), not a month, and moved off a Saturday or a day free from work
    # (art. 57 § 4: a ticket opened on a Saturday is due on the Monday 16 days later; tests/chancery/test_clocks.py has
    # the edges)
    fourteen = local_created.date() + timedelta(days=14)
    assert due == kpa.off_free_days(fourteen)
    assert 0 <= (due - fourteen).days <= 4


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"subject": "x" * 201}, "subject"),
        ({"category": "no-such-category"}, "category"),
        ({"resident_phone": "12345"}, "resident_phone"),
        ({"resident_email": "not-an-address"}, "resident_email"),
        ({"channel": "pigeon"}, "channel"),
        ({"priority": "whenever"}, "priority"),
        ({"lat": 53.1, "lon": None}, "lat"),
        ({"lat": 123, "lon": 23.1}, "lat"),
        ({"consent_sms": True}, "consent_sms"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(city: Any, changes: dict[str, Any], field: str) -> None:
    before = (count(Ticket), count(TicketEvent), db.session.scalar(select(func.count()).select_from(Ticket)))
    with pytest.raises(UserError) as caught:
        ops.create_ticket(SYSTEM, ops.TicketInput(**({"subject": "Latarnia", "category": "oswietlenie"} | changes)))
    db.session.rollback()
    assert caught.value.field == field
    assert caught.value.message
    assert (count(Ticket), count(TicketEvent), db.session.scalar(select(func.count()).select_from(Ticket))) == before


def test_eight_threads_creating_400_tickets_get_400_distinct_numbers(committed_app: Any) -> None:
    with committed_app.app_context():
        for code, name, kind, parent, _phone, _email in UNITS:
            org.create_unit(SYSTEM, {"code": code, "name": name, "kind": kind, "parent_code": parent})
        tickets_demo.seed()
        db.session.commit()
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def create(count_per_thread: int) -> None:
        try:
            for i in range(count_per_thread):
                with committed_app.app_context():
                    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(subject=f"Zgłoszenie {i}", category="drogi"))
                    db.session.commit()
                    with lock:
                        numbers.append(ticket.number)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(50,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert len(numbers) == 400
    assert len(set(numbers)) == 400
    seqs = sorted(int(number.split("/")[1]) for number in numbers)
    assert seqs == list(range(1, 401))  # no gaps either: every number was committed
    with committed_app.app_context():  # and the dashboard's tallies added up under the same concurrency
        assert tallies.counts("state", states=None) == [("routed", 400)]


# -- the state machine as a table ---------------------------------------------------------------------------------

ALL_STATES = list(TicketState)


def _bring_to(ticket: Ticket, state: TicketState) -> None:
    path = {
        TicketState.ROUTED: [],
        TicketState.IN_PROGRESS: ["in_progress"],
        TicketState.WAITING: ["waiting"],
        TicketState.RESOLVED: ["resolved"],
        TicketState.CLOSED: ["resolved", "closed"],
        TicketState.REJECTED: ["rejected"],
    }[state]
    for step in path:
        ops.transition(SYSTEM, ticket, step, expected_version=None, reason="poza właściwością miasta")
    db.session.commit()


@pytest.mark.parametrize("source", [s for s in ALL_STATES if s != TicketState.NEW])
@pytest.mark.parametrize("target", [s for s in ALL_STATES if s != TicketState.NEW])
def test_state_machine_table(city: Any, source: TicketState, target: TicketState) -> None:
    ticket = open_ticket()
    _bring_to(ticket, source)
    allowed = target in TRANSITIONS[source]
    history_before = len(events(ticket))
    if allowed:
        ops.transition(SYSTEM, ticket, target.value, expected_version=ticket.version, reason="powód")
        db.session.commit()
        assert ticket.state == target.value
        assert events(ticket)[-1].changes == {"state": [source.value, target.value]}
    else:
        with pytest.raises(Conflict) as caught:
            ops.transition(SYSTEM, ticket, target.value, expected_version=ticket.version, reason="powód")
        db.session.rollback()
        assert caught.value.status == 409
        db.session.refresh(ticket)
        assert ticket.state == source.value
        assert len(events(ticket)) == history_before


def test_reject_needs_a_reason(city: Any) -> None:
    ticket = open_ticket()
    with pytest.raises(UserError) as caught:
        ops.transition(SYSTEM, ticket, "rejected", expected_version=ticket.version, reason=" ")
    assert caught.value.field == "reason"


def test_waiting_pauses_the_sla_clock(city: Any) -> None:
    ticket = open_ticket()
    due_before = ticket.resolution_due
    ops.transition(SYSTEM, ticket, "waiting", expected_version=ticket.version)
    db.session.commit()
    assert ticket.paused_at is not None
    ticket.paused_at -= timedelta(days=3)  # as if the resident took three days to answer
    db.session.commit()
    ops.transition(SYSTEM, ticket, "in_progress", expected_version=ticket.version)
    db.session.commit()
    assert ticket.paused_at is None
    paused = events(ticket)[-1].detail["paused_office_seconds"]
    assert paused >= 2 * 8 * 3600  # three calendar days hold at least two office days
    expected = ops.office_calendar().add(due_before, timedelta(seconds=paused))
    assert abs((ticket.resolution_due - expected).total_seconds()) < 2


def test_reopen_only_within_the_window(city: Any) -> None:
    ticket = open_ticket()
    ops.transition(SYSTEM, ticket, "resolved", expected_version=ticket.version)
    db.session.commit()
    ticket.resolved_at = utcnow() - timedelta(days=30)
    db.session.commit()
    with pytest.raises(Conflict) as caught:
        ops.transition(SYSTEM, ticket, "in_progress", expected_version=ticket.version)
    db.session.rollback()
    assert caught.value.code == "reopen_window_passed"
    assert "otwórz nowe" in caught.value.message
    db.session.refresh(ticket)
    ticket.resolved_at = utcnow() - timedelta(days=1)
    db.session.commit()
    ops.transition(SYSTEM, ticket, "in_progress", expected_version=ticket.version)
    db.session.commit()
    assert ticket.state == "in_progress"
    assert events(ticket)[-1].detail["reopened"] is True


def test_stale_version_is_a_conflict_and_overwrites_nothing(city: Any) -> None:
    ticket = open_ticket()
    seen_version = ticket.version
    ops.update_ticket(SYSTEM, ticket, {"subject": "Latarnia przy Lipowej 10"}, expected_version=seen_version)
    db.session.commit()
    with pytest.raises(Conflict) as caught:
        ops.update_ticket(SYSTEM, ticket, {"subject": "Inna zmiana"}, expected_version=seen_version)
    db.session.rollback()
    assert caught.value.code == "stale_version"
    db.session.refresh(ticket)
    assert ticket.subject == "Latarnia przy Lipowej 10"


def test_manual_reroute_is_explained(city: Any) -> None:
    ticket = open_ticket()
    ops.reroute(SYSTEM, ticket, "DOS", "Latarnia stoi w parku", expected_version=ticket.version)
    db.session.commit()
    last = events(ticket)[-1]
    assert last.kind == "rerouted"
    assert last.changes == {"unit": ["ZDT", "DOS"]}
    assert last.detail["reason"] == "Latarnia stoi w parku"
    with pytest.raises(UserError):
        ops.reroute(SYSTEM, ticket, "NOPE", "x", expected_version=ticket.version)


def test_duplicate_closes_one_and_keeps_the_other(city: Any) -> None:
    original, copy = open_ticket(tags=["lipowa"]), open_ticket(tags=["noc"])
    ops.mark_duplicate(SYSTEM, copy, original, expected_version=copy.version)
    db.session.commit()
    assert copy.state == "rejected"
    assert copy.duplicate_of_id == original.id
    assert original.number in copy.rejection_reason
    assert original.tags == ["lipowa", "noc"]
    assert events(original)[-1].kind == "merged"


def test_history_cannot_be_edited(city: Any) -> None:
    event = events(open_ticket())[0]
    event.kind = "forged"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_attachments_by_content_and_size(city: Any, make_app: Any) -> None:
    ticket = open_ticket()
    photo = ops.add_attachment(SYSTEM, ticket, "C:\\zdjęcia\\latarnia.png", _png())
    pdf = ops.add_attachment(SYSTEM, ticket, "pismo.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    db.session.commit()
    assert (photo.content_type, photo.filename) == ("image/png", "latarnia.png")
    assert pdf.content_type == "application/pdf"
    before = count(Attachment)
    for name, data, code in [
        ("zdjecie.jpg", b"MZ\x90\x00 this is a program, not a photo", "bad_file_type"),
        ("pusty.png", b"", "empty_file"),
        ("duzy.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024) + b"%%EOF", "file_too_large"),
    ]:
        with pytest.raises(UserError) as caught:
            ops.add_attachment(SYSTEM, ticket, name, data)
        db.session.rollback()
        assert caught.value.code == code
    assert count(Attachment) == before


def test_public_info_deadline_extension_needs_a_notice(city: Any) -> None:
    ticket = open_ticket(subject="Wniosek o informację publiczną", category="informacja-publiczna")
    first_due = ticket.statutory_due
    ops.extend_public_info_deadline(SYSTEM, ticket, "Duża liczba dokumentów", expected_version=ticket.version)
    db.session.commit()
    assert ticket.extension_notice_at is not None
    assert ticket.statutory_due > first_due
    with pytest.raises(Conflict):
        ops.extend_public_info_deadline(SYSTEM, ticket, "znowu", expected_version=ticket.version)
    other = open_ticket()
    with pytest.raises(UserError):
        ops.extend_public_info_deadline(SYSTEM, other, "nie dotyczy", expected_version=other.version)
    answered = open_ticket(subject="Wniosek o informację publiczną", category="informacja-publiczna")
    ops.transition(SYSTEM, answered, "rejected", expected_version=None, reason="Informacja nie istnieje.")
    with pytest.raises(Conflict) as closed:  # a request already answered has no deadline left to extend
        ops.extend_public_info_deadline(SYSTEM, answered, "po czasie", expected_version=answered.version)
    assert closed.value.code == "not_open"
