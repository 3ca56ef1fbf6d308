"""The chancery's enumerations: how a letter came in, what kind it is, who sent it, how far it may be shown, where it
was routed, and the states of letters and cases. The moves between states are defined once here. No I/O."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp


class Delivery(StrEnum):
    POST = "post"
    REGISTERED = "registered"
    E_DELIVERY = "e_delivery"  # e-Doręczenia
    EPUAP = "epuap"
    EMAIL = "email"
    IN_PERSON = "in_person"
    COURIER = "courier"


DELIVERY_LABELS = {
    Delivery.POST: _l("post"),
    Delivery.REGISTERED: _l("registered post"),
    Delivery.E_DELIVERY: _l("e-Doręczenia"),
    Delivery.EPUAP: _l("ePUAP"),
    Delivery.EMAIL: _l("e-mail"),
    Delivery.IN_PERSON: _l("in person"),
    Delivery.COURIER: _l("courier"),
}


class LetterKind(StrEnum):
    LETTER = "letter"
    COMPLAINT = "complaint"  # skarga, KPA art. 227
    MOTION = "motion"  # wniosek, KPA art. 241
    PUBLIC_INFO = "public_info"  # wniosek o udostępnienie informacji publicznej, UDIP art. 10
    PETITION = "petition"  # petycja, the Act on petitions
    INVOICE = "invoice"
    OTHER = "other"


LETTER_KIND_LABELS = {
    LetterKind.LETTER: _l("letter"),
    LetterKind.COMPLAINT: _l("complaint"),
    LetterKind.MOTION: _l("motion"),
    LetterKind.PUBLIC_INFO: _l("request for public information"),
    LetterKind.PETITION: _l("petition"),
    LetterKind.INVOICE: _l("invoice"),
    LetterKind.OTHER: _l("other"),
}

# The kinds the KPA's complaint procedure covers: forwarded within 7 days when another body is competent (art. 231)
KPA_KINDS = (LetterKind.COMPLAINT.value, LetterKind.MOTION.value)


class SenderKind(StrEnum):
    PERSON = "person"
    INSTITUTION = "institution"


SENDER_KIND_LABELS = {SenderKind.PERSON: _l("person"), SenderKind.INSTITUTION: _l("institution")}


class Access(StrEnum):
    """Who may read a letter: everyone who works the chancery's register, or only the clerk and its assignee."""

    PUBLIC = "public"  # jawne
    INTERNAL = "internal"  # do użytku wewnętrznego
    RESTRICTED = "restricted"  # dane osobowe szczególnej kategorii, tajemnica ustawowo chroniona


ACCESS_LABELS = {
    Access.PUBLIC: _lp("access", "open"),
    Access.INTERNAL: _l("internal use"),
    Access.RESTRICTED: _l("restricted"),
}


class LetterState(StrEnum):
    REGISTERED = "registered"  # in the register, not yet passed on
    IN_CASE = "in_case"  # a case of the department handles it
    ROUTED = "routed"  # became a ticket or a media enquiry, or was forwarded to another body


LETTER_STATE_LABELS = {
    LetterState.REGISTERED: _l("registered"),
    LetterState.IN_CASE: _l("in a case"),
    LetterState.ROUTED: _l("passed on"),
}


class Route(StrEnum):
    HELPLINE = "helpline"  # a resident's matter: a ticket of the helpline (DKS-III)
    PRESS = "press"  # for the press team (DKS-I): a media enquiry
    FORWARD = "forward"  # another city unit or body is competent: forwarded with a covering letter


ROUTE_LABELS = {
    Route.HELPLINE: _l("the helpline (a ticket)"),
    Route.PRESS: _l("the press team (a media enquiry)"),
    Route.FORWARD: _l("forwarded to the competent body"),
}


class SendMethod(StrEnum):
    """How a letter leaves the office (the outgoing register)."""

    ORDINARY = "ordinary"  # list zwykły
    PRIORITY = "priority"  # list priorytetowy
    REGISTERED = "registered"  # list polecony
    REGISTERED_RECEIPT = "registered_receipt"  # polecony za zwrotnym potwierdzeniem odbioru (KPA art. 39)
    E_DELIVERY = "e_delivery"  # e-Doręczenia
    EPUAP = "epuap"
    EMAIL = "email"


SEND_METHOD_LABELS = {
    SendMethod.ORDINARY: _l("ordinary letter"),
    SendMethod.PRIORITY: _l("priority letter"),
    SendMethod.REGISTERED: _l("registered letter"),
    SendMethod.REGISTERED_RECEIPT: _l("registered with acknowledgement of receipt"),
    SendMethod.E_DELIVERY: _l("e-Doręczenia"),
    SendMethod.EPUAP: _l("ePUAP"),
    SendMethod.EMAIL: _l("e-mail"),
}

# What goes by post: it needs an address and stands in the postal sending book (pocztowa książka nadawcza)
POSTAL = (
    SendMethod.ORDINARY.value,
    SendMethod.PRIORITY.value,
    SendMethod.REGISTERED.value,
    SendMethod.REGISTERED_RECEIPT.value,
)


class CaseState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


CASE_STATE_LABELS = {CaseState.OPEN: _lp("case", "open"), CaseState.CLOSED: _lp("case", "closed")}


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


DIRECTION_LABELS = {Direction.IN: _l("incoming"), Direction.OUT: _l("outgoing")}


# A JRWA class's archival category (the 2011 regulation's list, and the 2015 one on classifying records): A (archival
# material, kept for ever), Bn (kept n years), BEn (n years, then examined by the state archive), Bc (while useful)
ARCHIVAL_CATEGORY_PATTERN = r"^(A|Bc|BE?[1-9]\d?)$"

EVENT_LABELS = {
    "registered": _l("Letter registered"),
    "scan_added": _l("Scan added"),
    "case_opened": _l("Case opened"),
    "letter_added": _l("Letter added to the case"),
    "document": _l("Document"),
    "sent": _l("Letter sent"),
    "action": _l("Action"),
    "routed_helpline": _l("Passed to the helpline as a ticket"),
    "routed_press": _l("Passed to the press team as a media enquiry"),
    "forwarded": _l("Forwarded to the competent body"),
    "sender_informed": _l("Sender informed"),
    "notice_to_post": _l("Notice to the sender to be posted"),
    "extended": _l("Deadline extended, with a notice of the delay (UDIP art. 13 ust. 2)"),
    "closed": _l("Case closed"),
    "reopened": _l("Case reopened"),
}


def labels() -> dict[str, dict[str, object]]:
    """The labels of every enum by value, for templates."""
    return {
        "DELIVERY_LABELS": {key.value: label for key, label in DELIVERY_LABELS.items()},
        "LETTER_KIND_LABELS": {key.value: label for key, label in LETTER_KIND_LABELS.items()},
        "SENDER_KIND_LABELS": {key.value: label for key, label in SENDER_KIND_LABELS.items()},
        "ACCESS_LABELS": {key.value: label for key, label in ACCESS_LABELS.items()},
        "LETTER_STATE_LABELS": {key.value: label for key, label in LETTER_STATE_LABELS.items()},
        "ROUTE_LABELS": {key.value: label for key, label in ROUTE_LABELS.items()},
        "CASE_STATE_LABELS": {key.value: label for key, label in CASE_STATE_LABELS.items()},
        "SEND_METHOD_LABELS": {key.value: label for key, label in SEND_METHOD_LABELS.items()},
        "DIRECTION_LABELS": {key.value: label for key, label in DIRECTION_LABELS.items()},
        "EVENT_LABELS": EVENT_LABELS,
    }
