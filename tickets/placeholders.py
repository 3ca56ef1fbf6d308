"""Answer templates' placeholders: "{numer}" and the like, filled from the ticket a template is used on.

The names are Polish, as the people who write the templates read them. A template may only name these (a typo is
refused when it is saved, not discovered in a reply to a resident); braces that are not a placeholder are written
doubled ("{{" gives "{"). Inputs in, text out: the view gives the ticket's values.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

# placeholder -> what it stands for (shown beside the template form)
NAMES = {
    "numer": "the ticket's number",
    "kod": "the resident's code for the status page",
    "kategoria": "the category",
    "jednostka": "the unit handling it",
    "termin": "the resolution deadline",
    "mieszkaniec": "the resident's name",
}
_FORMATTER = string.Formatter()


def unknown(body: str) -> list[str] | None:
    """The placeholders the body names that do not exist ([] when all are known); None when its braces are broken."""
    try:
        fields = [name for _text, name, _spec, _conversion in _FORMATTER.parse(body) if name is not None]
    except ValueError:
        return None
    return sorted({name for name in fields if name not in NAMES})


def fill(body: str, values: Mapping[str, str]) -> str:
    """The template with its placeholders replaced (an unknown or empty value leaves an empty place)."""
    parts = []
    for text, name, _spec, _conversion in _FORMATTER.parse(body):
        parts.append(text)
        if name is not None:
            parts.append(values.get(name, "") or "")
    return "".join(parts)
