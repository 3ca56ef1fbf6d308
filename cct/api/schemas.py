"""Shapes the whole API shares: text without NUL, the error object, the account and the units."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from cct.org.models import UnitKind

# Text as the API takes it: never a NUL character (PostgreSQL cannot store one; cct.web refuses it everywhere).
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]


def text(max_length: int, min_length: int = 0) -> type[str]:
    """Text of bounded length (the limits come from a domain's schemas)."""
    return Annotated[str, StringConstraints(pattern=NO_NUL, min_length=min_length, max_length=max_length)]  # type: ignore[return-value]


class Input(BaseModel):
    """A request's shape: strict types (JSON's true is a boolean, "true" is not), unknown keys refused."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Query(BaseModel):
    """A query string's shape: every value arrives as text and is read as the type it stands for."""

    model_config = ConfigDict(extra="ignore")


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
