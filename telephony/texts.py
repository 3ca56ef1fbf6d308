"""The automatic SMS to residents: which there are, their texts until an administrator changes them, the
placeholders a text may use, and a text filled in. Pure."""

from __future__ import annotations

import string

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct.errors import UserError
from telephony.schemas import SMS_MAX, SUMMARY_MAX

TEMPLATES = {
    "ticket_opened": _l("Ticket opened"),
    "ticket_resolved": _l("Ticket resolved"),
    "ticket_merged": _l("Ticket joined with another on the same matter"),
}
# The texts until an administrator changes them (residents read Polish; the table keeps only changed texts).
DEFAULT_TEMPLATES = {
    "ticket_opened": (
        "Urząd Miejski w Białymstoku: przyjęliśmy zgłoszenie nr {number} ({subject}). "
        "Stan: {link} albo SMS o treści STATUS {number}"
    ),
    "ticket_resolved": "Urząd Miejski w Białymstoku: zgłoszenie nr {number} zostało załatwione. {summary}",
    "ticket_merged": (
        "Urząd Miejski w Białymstoku: zgłoszenie nr {number} dotyczy tej samej sprawy co zgłoszenie nr {surviving} "
        "i będzie załatwione razem z nim. Stan sprawdzisz tu: {link}"
    ),
}
PLACEHOLDERS = {
    "number": _l("the ticket's number"),
    "subject": _l("its subject"),
    "state": _l("its state"),
    "unit": _l("the unit handling it"),
    "summary": _l("the last public reply"),
    "code": _l("the code that, with the number, shows the ticket at /zgloszenia/status"),
    "surviving": _l("the number of the ticket it was joined with (when joined)"),
    "link": _l("the address of its status page, number and code included"),
}


def check_template(key: str, body: str) -> str:
    """A template's text, or a UserError naming what is wrong with it (an unknown {placeholder}, too long)."""
    body = (body or "").strip()
    if len(body) > SMS_MAX:
        raise UserError("too_long", _("At most %(n)d characters.", n=SMS_MAX), key)
    try:
        fields = [(name, spec, conversion) for _text, name, spec, conversion in string.Formatter().parse(body)]
    except ValueError:
        raise UserError("bad_template", _("Braces must pair up: {number}, not {number."), key) from None
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + (name or "") + "}"
            raise UserError("unknown_placeholder", _("Unknown placeholder %(name)s.", name=shown), key)
    return body


def summary(text: str) -> str:
    """The last public reply, short enough for an SMS (cut at a word)."""
    text = text.strip()
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX].rsplit(" ", 1)[0] + "…"


def render(body: str, values: dict[str, str]) -> str:
    """A template filled with a ticket's values (tickets.queries.resident_update), within an SMS's length."""
    filled = {name: values.get(name, "") for name in PLACEHOLDERS}
    filled["summary"] = summary(filled["summary"])
    return body.format_map(filled).strip()[:SMS_MAX]


def ticket_received(number: str) -> str:
    return f"Dziękujemy. Przyjęliśmy zgłoszenie nr {number}. Stan sprawdzisz, wysyłając: STATUS {number}"


def ticket_state(number: str, state: str) -> str:
    return f"Zgłoszenie nr {number}: {state}."


NO_SUCH_TICKET = (
    "Nie znaleziono zgłoszenia nr {number} dla tego numeru telefonu. Sprawdź numer albo dopisz kod zgłoszenia: "
    "STATUS {number} KOD"
)
STOPPED = "Nie będziemy już wysyłać SMS-ów o Twoich zgłoszeniach."
EMPTY = "Wiadomość jest pusta. Opisz sprawę lub wyślij STATUS i numer zgłoszenia, np. STATUS 2026/000123."
NOT_OPENED = "Nie udało się przyjąć zgłoszenia SMS-em. Prosimy zadzwonić na infolinię Urzędu Miejskiego."
