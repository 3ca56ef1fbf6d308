"""Shapes the whole API shares: text without NUL, the error object, the account and the units."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from cct.org.states import UnitKind

# Text as the API takes it: never a NUL character (PostgreSQL cannot store one; cct.web refuses it everywhere);
# text that is required has something besides spaces.
NO_NUL = r"^[^\x00]*$"
# What counts as a space is spelled out, character by character (those Python's str.strip removes): `\s` means a
# different set in each regex dialect (ECMAScript's, which clients read the document with, leaves out U+0085; the
# server's Rust regex counts it), so "\u0085" was valid by the document and refused by the server.
BLANK = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x10000)) if c.isspace())
NON_BLANK = rf"^[^\x00]*[^{BLANK}\x00][^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]


def whole_number(value: Any) -> Any:
    """JSON's 3.0 is the integer 3 (JSON Schema says so); 3.5 stays a float and is refused."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# A whole number in a request: strict (the text "3" is refused), but 3.0 is 3
Integer = Annotated[int, BeforeValidator(whole_number)]
VOCABULARY = "x-cct-vocabulary"


def vocabulary(name: str, description: str | None = None, **field: Any) -> Any:
    """A text field whose values are the codes of a live list (categories, units …): the OpenAPI document lists them
    as the field's enum when it is made (cct.api.openapi.add_vocabulary); the operation checks them anyway."""
    return Field(description=description, json_schema_extra={VOCABULARY: name}, **field)


def text(max_length: int, min_length: int = 0) -> type[str]:
    """Text of bounded length (the limits come from a domain's schemas); with a minimum, not only spaces."""
    pattern = NON_BLANK if min_length else NO_NUL
    return Annotated[str, StringConstraints(pattern=pattern, min_length=min_length, max_length=max_length)]  # type: ignore[return-value]


class Input(BaseModel):
    """A request's shape: strict types (JSON's true is a boolean, "true" is not), unknown keys refused."""

    model_config = ConfigDict(strict=True, extra="forbid")


def _is_text(annotation: Any) -> bool:
    """Whether a field takes text: str, possibly constrained (Annotated) or optional (a union with None)."""
    if annotation is str:
        return True
    if get_origin(annotation) in (Annotated, Union, types.UnionType):
        return any(_is_text(argument) for argument in get_args(annotation))
    return False


class Query(BaseModel):
    """A query string's shape: every value arrives as text and is read as the type it stands for."""

    model_config = ConfigDict(extra="ignore")

    @field_validator("*", mode="before")
    @classmethod
    def _as_written(cls, value: Any, info: ValidationInfo) -> Any:
        """A number, a date or a choice is read as it stands: pydantic would take "6\\n\\t" for 6, the document
        says an integer, and a client sending it has a bug worth hearing about. Text fields keep their spaces."""
        field = cls.model_fields.get(info.field_name or "")
        if isinstance(value, str) and value != value.strip() and field and not _is_text(field.annotation):
            raise PydanticCustomError("spaces_around", "spaces around a value that is not text")
        return value


class Output(BaseModel):
    """An answer's shape."""

    model_config = ConfigDict(from_attributes=True)


class ErrorDetail(Output):
    code: str
    message: str
    field: str | None


class Error(Output):
    """Every error the API answers: a code for programs, a message for people, the field at fault (or null)."""

    error: ErrorDetail


class Me(Output):
    login: str
    full_name: str
    roles: list[str]
    units: list[str]


class UnitOut(Output):
    code: str
    name: str
    kind: UnitKind
    parent: str | None
    phone: str | None
    email: str | None
    active: bool


class UnitList(Output):
    units: list[UnitOut]
