"""A category's attributes — what a report in it asks besides the description (Open311's service definitions): their
definitions checked, and the attribute[code] answers of a request read against them. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _

from cct.errors import UserError

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
LIST_DATATYPES = ("singlevaluelist", "multivaluelist")
ATTRIBUTE_VALUE_MAX = 1_000


class BadAnswer(ValueError):
    """An answer that does not fit its attribute (Open311's 400, with this description)."""


def check_definitions(attributes: Any) -> list[dict[str, Any]]:
    """A category's attribute definitions, or a UserError naming what is wrong with them."""

    def bad(message: str) -> UserError:
        return UserError("bad_attributes", message, "open311_attributes")

    if not isinstance(attributes, list):
        raise bad(_("Attributes must be a list."))
    codes: set[str] = set()
    for attribute in attributes:
        if not isinstance(attribute, dict) or not isinstance(attribute.get("code"), str) or not attribute["code"]:
            raise bad(_("Every attribute needs a code."))
        code = attribute["code"]
        if code in codes:
            raise bad(_("Two attributes share the code %(code)s.", code=code))
        codes.add(code)
        if attribute.get("datatype") not in DATATYPES:
            raise bad(_("Unknown datatype of attribute %(code)s.", code=code))
        if not isinstance(attribute.get("description"), str) or not attribute["description"].strip():
            raise bad(_("Attribute %(code)s needs a description.", code=code))
        values = attribute.get("values")
        if attribute["datatype"] in LIST_DATATYPES and not (
            isinstance(values, list)
            and values
            and all(
                isinstance(v, dict) and isinstance(v.get("key"), str) and isinstance(v.get("name"), str) for v in values
            )
        ):
            raise bad(_("List attribute %(code)s needs values.", code=code))
    return attributes


def definition_rows(attributes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A category's attributes in the spec's order of fields (values only for the list datatypes)."""
    rows = []
    for order, attribute in enumerate(sorted(attributes, key=lambda a: a.get("order", 0)), start=1):
        row: dict[str, Any] = {
            "variable": attribute.get("variable", True),
            "code": attribute["code"],
            "datatype": attribute["datatype"],
            "required": bool(attribute.get("required", False)),
            "datatype_description": attribute.get("datatype_description", ""),
            "order": attribute.get("order", order),
            "description": attribute["description"],
        }
        if attribute["datatype"] in LIST_DATATYPES:
            row["values"] = [{"key": v["key"], "name": v["name"]} for v in attribute.get("values", [])]
        rows.append(row)
    return rows


def answers(attributes: list[dict[str, Any]], given: Callable[[str], list[str]]) -> dict[str, Any]:
    """The answers a request gives (`given(code)`: the values sent as attribute[code] or attribute[code][]), checked
    against the definitions; BadAnswer names the first that does not fit."""
    values: dict[str, Any] = {}
    for attribute in attributes:
        code = attribute["code"]
        sent = [value.strip() for value in given(code) if value.strip()]
        if not sent:
            if attribute.get("required"):
                raise BadAnswer(f"attribute[{code}] is required: {attribute['description']}")
            continue
        if attribute["datatype"] in LIST_DATATYPES:
            allowed = {value["key"] for value in attribute["values"]}
            unknown = [value for value in sent if value not in allowed]
            if unknown:
                raise BadAnswer(f"attribute[{code}] has no value {unknown[0]!r}")
            if attribute["datatype"] == "singlevaluelist" and len(sent) > 1:
                raise BadAnswer(f"attribute[{code}] takes one value")
            values[code] = sent if attribute["datatype"] == "multivaluelist" else sent[0]
        elif attribute["datatype"] == "number":
            try:
                number = float(sent[0])
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                raise BadAnswer(f"attribute[{code}] must be a number")
            values[code] = number
        else:
            values[code] = sent[0][:ATTRIBUTE_VALUE_MAX]
    return values
