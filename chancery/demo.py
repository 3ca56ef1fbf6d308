"""Demo data for the chancery desk (`cct demo`): the example JRWA, three weeks of incoming letters of every kind
(senders made up, marked as such) — a complaint, a request for public information due soon, a petition, an invoice —
with cases opened from two of them, and letters sent today (two by post, in the day's sending book). Loaded only into
a register without any letters."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from chancery import operations
from chancery.jrwa import EXAMPLE
from chancery.models import Letter
from chancery.schemas import LetterInput, OutgoingInput

LETTERS = [  # (days ago, sender, sender kind, kind, delivery, subject, via a councillor)
    (20, "Jan Kowalski (demo)", "person", "complaint", "post", "Skarga na sposób załatwienia sprawy w urzędzie", False),
    (
        12,  # its 14 days end within the desk's 3: the clerk's list shows it
        "Fundacja Jawny Białystok (demo)",
        "institution",
        "public_info",
        "epuap",
        "Wniosek o udostępnienie informacji publicznej: liczba połączeń infolinii w 2026 r.",
        False,
    ),
    (6, "Anna Nowak (demo)", "person", "motion", "email", "Wniosek o wydłużenie godzin pracy infolinii", True),
    (
        4,
        "Stowarzyszenie Sąsiedzi z Bojar (demo)",
        "institution",
        "petition",
        "in_person",
        "Petycja w sprawie tablic informacyjnych na przystankach",
        False,
    ),
    (
        2,
        "Redakcja Gazety Podlaskiej (demo)",
        "institution",
        "letter",
        "email",
        "Prośba o stanowisko miasta w sprawie remontu stadionu",
        False,
    ),
    (
        1,
        "Drukarnia Podlaska sp. z o.o. (demo)",
        "institution",
        "invoice",
        "post",
        "Faktura za druk ulotek kampanii",
        False,
    ),
    (0, "Maria Wiśniewska (demo)", "person", "letter", "post", "Nieodebrane odpady przy ul. Lipowej 14", False),
]


def seed() -> None:
    if db.session.scalar(select(Letter.id).limit(1)) is not None:
        return
    operations.import_jrwa(SYSTEM, EXAMPLE.read_text(encoding="utf-8"))
    now = utcnow()
    made = []
    for days, sender, sender_kind, kind, delivery, subject, via_councillor in LETTERS:
        received = now - timedelta(days=days, hours=1)
        made.append(
            operations.register_letter(
                SYSTEM,
                LetterInput(
                    sender=sender,
                    subject=subject,
                    kind=kind,
                    delivery=delivery,
                    received_at=received,
                    sender_kind=sender_kind,
                    sender_address="ul. Przykładowa 1, 15-001 Białystok" if sender_kind == "person" else None,
                    letter_date=(received - timedelta(days=2)).date(),
                    attachments=1 if kind == "petition" else 0,
                    via_representative=via_councillor,
                ),
            )
        )
    complaint = operations.open_case(SYSTEM, "1510", "Skarga na sposób załatwienia sprawy", letter=made[0])
    operations.open_case(SYSTEM, "1431", "Liczba połączeń infolinii w 2026 r.", letter=made[1])
    for recipient, address, method, subject, case, postage in (
        (
            "Jan Kowalski (demo)",
            "ul. Przykładowa 1, 15-001 Białystok",
            "registered_receipt",
            "Zawiadomienie o przedłużeniu terminu",
            complaint.case_mark,
            "8,90",
        ),
        ("Wojewoda Podlaski", "ul. Mickiewicza 3, 15-213 Białystok", "registered", "Przekazanie pisma", None, "7,20"),
        ("Fundacja Jawny Białystok (demo)", None, "epuap", "Potwierdzenie otrzymania wniosku", None, None),
    ):
        operations.record_outgoing(SYSTEM, OutgoingInput(recipient, method, None, subject, address, case, postage))
