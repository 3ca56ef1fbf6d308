"""Demo data for the BIP records (`cct demo`): two entries of the department, one changed once. Loaded only when
there are none."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cct import db
from cct.auth import queries as accounts
from cct.auth.actors import SYSTEM
from cct.office_calendar import local_today
from chancery.bip import operations
from chancery.bip.models import BipEntry

HOURS = (
    "Infolinia Urzędu Miejskiego w Białymstoku (demo) odbiera połączenia w dni robocze w godzinach pracy urzędu.\n"
    "Zgłoszenia można składać także przez formularz na stronie i w aplikacji mobilnej."
)


def seed() -> None:
    if db.session.scalar(select(BipEntry.id).limit(1)) is not None:
        return
    clerk = accounts.user_by_login("kancelaria") or SYSTEM
    today = local_today()
    operations.publish(
        clerk,
        "Struktura i zadania Departamentu Komunikacji Społecznej (demo)",
        "Departament tworzą: Referat Prasowy (DKS-I), samodzielne stanowisko ds. organizacyjno-kancelaryjnych "
        "(DKS-II) i Referat Informacji Telefonicznej (DKS-III).",
        "Robert Rzecznik, Dyrektor Departamentu",
        today - timedelta(days=40),
    )
    hours = operations.publish(
        clerk, "Godziny pracy infolinii (demo)", HOURS, "Katarzyna Kierownik", today - timedelta(days=20)
    )
    operations.change(
        clerk,
        hours,
        hours.title,
        HOURS.replace("w dni robocze", "od poniedziałku do piątku"),
        hours.produced_by,
        hours.produced_on,
        "doprecyzowanie dni pracy infolinii",
    )
