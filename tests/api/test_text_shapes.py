"""Required text in the API: the document's pattern and the server agree on what is "only spaces"."""

from __future__ import annotations

import re

import pytest
from pydantic import TypeAdapter, ValidationError

from cct.api.schemas import NON_BLANK, text
from chancery.schemas import LetterListQuery
from knowledge.schemas import StaffSearchQuery

REQUIRED = TypeAdapter(text(20, 1))


@pytest.mark.parametrize("blank", [" ", "\t\n", "\x85", "\u00a0", "\u2028", "\u3000", " \x85 "])
def test_only_spaces_is_refused_by_the_document_and_the_server_alike(blank: str) -> None:
    # Python's re reads the document's pattern as clients do (schemathesis generated "\x85" from `\s` before)
    assert re.fullmatch(NON_BLANK, blank) is None
    with pytest.raises(ValidationError):
        REQUIRED.validate_python(blank)


@pytest.mark.parametrize("value", ["a", " a ", "\x85a", "ż"])
def test_text_with_a_letter_is_taken_by_both(value: str) -> None:
    assert re.fullmatch(NON_BLANK, value) is not None
    assert REQUIRED.validate_python(value) == value


def test_a_query_string_refuses_spaces_around_numbers_not_around_text() -> None:
    assert LetterListQuery.model_validate({"q": " pismo\n"}).q == " pismo\n"  # optional text keeps its spaces
    assert StaffSearchQuery.model_validate({"q": "odpady", "tag": " wywóz "}).tag == " wywóz "
    with pytest.raises(ValidationError, match="spaces_around"):
        LetterListQuery.model_validate({"limit": "6\n\t"})
    with pytest.raises(ValidationError, match="spaces_around"):
        LetterListQuery.model_validate({"year": " 2026"})
