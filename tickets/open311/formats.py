"""Open311's two formats: every answer as XML (the spec's required format) or JSON, from the same rows. Pure."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree


def document(top: ElementTree.Element) -> bytes:
    """The XML document with the declaration the spec asks for."""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(top, encoding="unicode").encode()


def fill(element: ElementTree.Element, row: dict[str, Any]) -> None:
    for key, value in row.items():
        child = ElementTree.SubElement(element, key)
        if isinstance(value, list):  # attributes → attribute, values → value
            for entry in value:
                fill(ElementTree.SubElement(child, key.removesuffix("s")), entry)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = str(value)


def rows_xml(root: str, item: str, rows: Iterable[dict[str, Any]]) -> bytes:
    top = ElementTree.Element(root)
    for row in rows:
        fill(ElementTree.SubElement(top, item), row)
    return document(top)


def one_xml(root: str, row: dict[str, Any]) -> bytes:
    top = ElementTree.Element(root)
    fill(top, row)
    return document(top)


def as_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def rows(fmt: str, root: str, item: str, found: list[dict[str, Any]]) -> bytes:
    """A list of rows in the format asked for."""
    return as_json(found) if fmt == "json" else rows_xml(root, item, found)
