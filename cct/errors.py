"""Errors a user can cause: a code, a message for people and, where it applies, the field at fault."""

from __future__ import annotations


class UserError(Exception):
    """Raised by operations; views show it next to the field, the API answers {"error": {...}} with `status`."""

    status = 400

    def __init__(self, code: str, message: str, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status

    def as_json(self) -> dict[str, dict[str, str | None]]:
        return {"error": {"code": self.code, "message": self.message, "field": self.field}}


class NotFound(UserError):
    status = 404


class Conflict(UserError):
    status = 409


class Forbidden(UserError):
    status = 403


class Refused(UserError):
    """Everything wrong with one input at once, by field: a person corrects it all in one go."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__(errors[0].code, errors[0].message, errors[0].field, errors[0].status)
        self.errors = errors


class Unprocessable(UserError):
    """The input has the right shape, but its content cannot be taken: a phone number outside the numbering plan, an
    address that cannot receive mail, one coordinate without the other, a rejection without its reason — rules no
    schema of the input can state (the JSON API answers them 422, after 400 for whatever does not fit its shape)."""

    status = 422
