"""Demo data: Białystok's structure as residents' matters meet it, and one account per role.

The unit names follow the City Hall's structure; contact numbers and addresses are illustrative, not a directory.
Running it again changes nothing, except to restore a demo account's password.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from sqlalchemy import select

from cct import db
from cct.auth import operations as auth_ops
from cct.auth.actors import SYSTEM
from cct.auth.models import User
from cct.auth.passwords import verify_password
from cct.org import operations as org_ops
from cct.org.models import Unit
from cct.org.states import UnitKind

D, C, E = UnitKind.DEPARTMENT.value, UnitKind.CITY_COMPANY.value, UnitKind.EXTERNAL_BODY.value

# code, name, kind, parent code, phone, e-mail
UNITS: list[tuple[str, str, str, str | None, str | None, str | None]] = [
    ("DKS", "Departament Komunikacji Społecznej", D, None, None, "dks@um.bialystok.pl"),
    ("DKS-I", "Referat Prasowy (DKS-I)", D, "DKS", None, "prasa@um.bialystok.pl"),
    ("DKS-II", "Kancelaria Departamentu (DKS-II)", D, "DKS", None, None),
    ("DKS-III", "Centrum Obsługi Telefonicznej (DKS-III)", D, "DKS", None, "kontakt@um.bialystok.pl"),
    ("DSO", "Departament Spraw Obywatelskich — dowody osobiste i meldunki", D, None, None, None),
    ("DSO-P", "Rejestracja pojazdów i prawa jazdy", D, "DSO", None, None),
    ("DSO-W", "Spis wyborców", D, "DSO", None, None),
    ("DPO", "Departament Podatków i Opłat Lokalnych", D, None, None, None),
    ("DGK", "Departament Gospodarki Komunalnej — czystość, odpady, gospodarka odpadami", D, None, None, None),
    ("DOS", "Departament Ochrony Środowiska — zieleń, zwierzęta, azbest", D, None, None, None),
    ("DED", "Departament Edukacji", D, None, None, None),
    ("DUR", "Departament Urbanistyki", D, None, None, None),
    ("DGE", "Departament Geodezji, Katastru i Gospodarki Nieruchomościami", D, None, None, None),
    ("USC", "Urząd Stanu Cywilnego", D, None, None, None),
    (
        "ZDT",
        "Zarząd Dróg i Transportu — drogi, chodniki, oświetlenie, sygnalizacja, komunikacja miejska",
        C,
        None,
        None,
        None,
    ),
    ("ZMK", "Zarząd Mienia Komunalnego — nieruchomości miejskie, cmentarz komunalny", C, None, None, None),
    ("MOPR", "Miejski Ośrodek Pomocy Rodzinie", C, None, None, None),
    ("SM", "Straż Miejska", C, None, None, None),
    ("WODOC", "Wodociągi Białostockie", C, None, None, None),
    ("BOSIR", "Białostocki Ośrodek Sportu i Rekreacji", C, None, None, None),
    ("POLICJA", "Komenda Miejska Policji", E, None, None, None),
]

# One published password for every demo account: this is a demo, and `seed` refuses a database with real ones.
DEMO_PASSWORD = "demo-Bialystok-2026"  # noqa: S105 - published on purpose
# login, full name, roles, units
ACCOUNTS: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("admin", "Adam Administrator", ("admin",), ()),
    ("kierownik", "Katarzyna Kierownik", ("supervisor",), ("DKS-III",)),
    ("konsultant", "Karol Konsultant", ("agent",), ("DKS-III",)),
    ("redaktor", "Renata Redaktor", ("editor",), ("DKS-III",)),
    ("drogi", "Damian Drogowiec", ("unit_staff",), ("ZDT",)),
    ("odpady", "Oliwia Odpadowa", ("unit_staff",), ("DGK",)),
    ("prasa", "Paulina Prasowa", ("press",), ("DKS-I",)),
    ("rzecznik", "Robert Rzecznik", ("spokesperson",), ("DKS-I",)),
    ("kancelaria", "Kamil Kancelaryjny", ("chancery",), ("DKS-II",)),
]


class DemoRefused(Exception):
    pass


SEEDERS = "cct.demo.seeders"  # app.extensions: the domains' demo data (categories, articles …), in order


def add_seeder(app: Flask, func: Callable[[], None]) -> None:
    """A domain's demo data, loaded by `cct demo` after the units and accounts (it must be safe to run again)."""
    seeders = app.extensions.setdefault(SEEDERS, [])
    if func not in seeders:
        seeders.append(func)


def seed_units() -> None:
    """The demo's city units (those not there yet)."""
    existing_units = set(db.session.scalars(select(Unit.code)))
    for code, name, kind, parent, phone, email in UNITS:
        if code not in existing_units:
            org_ops.create_unit(
                SYSTEM,
                {"code": code, "name": name, "kind": kind, "parent_code": parent, "phone": phone, "email": email},
            )


def seed(force: bool = False) -> list[tuple[str, str, str]]:
    """Create what is missing; return (login, password, roles) of the demo accounts."""
    demo_logins = {login for login, *_ in ACCOUNTS}
    others = db.session.scalars(select(User.login).where(User.login.not_in(demo_logins))).all()
    # a database an earlier `cct demo` made (every demo account is there) stays a demo database when someone adds
    # an account to try it, as the README shows: README command 1 runs the demo again on every start
    made_by_demo = set(db.session.scalars(select(User.login).where(User.login.in_(demo_logins)))) == demo_logins
    if others and not made_by_demo and not force:
        raise DemoRefused(
            f"the database already has {len(others)} non-demo account(s); demo accounts with published passwords "
            "do not belong there (use --force if this really is a demo database)"
        )
    seed_units()
    printed = []
    for login, full_name, roles, units in ACCOUNTS:
        password = DEMO_PASSWORD
        user = db.session.scalar(select(User).where(User.login == login))
        if user is None:
            auth_ops.create_user(
                SYSTEM, login=login, full_name=full_name, roles=roles, unit_codes=units, password=password
            )
        elif not others and not verify_password(user.password_hash, password):
            # only in a database of demo accounts alone: once real accounts share it, a changed password stays
            auth_ops.set_password(SYSTEM, user, password)
        printed.append((login, password, ", ".join(roles)))
    for module_seeder in current_app.extensions.get(SEEDERS, []):
        module_seeder()
    return printed
