"""Amounts in złoty as the chancery keeps them: whole grosze (an int), read from what a person types ("6,50",
"6.50", "1 234,56") or an API gives (a Decimal), and written back the Polish way ("1 234,56"). One rule for the
postage of the outgoing register, the costs and per-diem rates of business trips and the values of the inventory
book."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from cct.errors import Unprocessable


class BadAmount(ValueError):
    """Not an amount in złoty with at most two decimal places between 0 and the field's maximum."""


def grosze(value: Decimal | str | int | None, maximum: Decimal) -> int | None:
    """Grosze of an amount in złoty; None for nothing typed. BadAmount when it is not one, is negative, has more
    than two decimal places or exceeds `maximum`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, str):
            value = Decimal(value.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
        else:
            value = Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise BadAmount(str(value)) from None
    if not value.is_finite() or value < 0 or value > maximum or value != value.quantize(Decimal("0.01")):
        raise BadAmount(str(value))
    return int(value * 100)


def zloty(amount: int | None) -> str:
    """Grosze as złoty the Polish way, thousands apart: 650 → "6,50", 123456 → "1 234,56"; None → ""."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 100)
    return f"{sign}{whole:,}".replace(",", "\u00a0") + f",{part:02d}"


def amount(value: Any, maximum: Decimal, field: str, *, code: str = "bad_amount", example: str = "45,00") -> int | None:
    """An operation's reading of a typed amount: grosze, None for nothing typed, or a refusal naming the field, with
    the example and the maximum written the Polish way."""
    try:
        return grosze(value, maximum)
    except BadAmount:
        limit = zloty(int(maximum * 100))
        raise Unprocessable(
            code, _("Give an amount in złoty, e.g. %(example)s (0–%(max)s zł).", example=example, max=limit), field
        ) from None
