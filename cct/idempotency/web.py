"""The decorator a creating endpoint wears: `@idempotent` (RFC draft "The Idempotency-Key HTTP Header Field")."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextlib import nullcontext
from functools import wraps
from typing import Any, TypeVar

from flask import Response, abort, make_response, request
from flask_babel import force_locale
from flask_babel import gettext as _

from cct.idempotency import operations
from cct.idempotency.models import KEY_MAX
from cct.web import api_error

F = TypeVar("F", bound=Callable[..., Any])
HEADER = "Idempotency-Key"


def _digest(*parts: str | bytes) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode() if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.hexdigest()


def _client() -> str:
    """Whose key it is: the credential the request carries (an API token or an Open311 api_key), hashed."""
    return _digest(request.headers.get("Authorization", ""), request.form.get("api_key", ""))


def _fingerprint() -> str:
    """The request's method, path, form and body: what makes a retry the same request (the endpoints that take a key
    take no files)."""
    form = json.dumps(sorted(request.form.to_dict(flat=False).items()), ensure_ascii=False)
    return _digest(request.method, request.full_path, form, request.get_data(cache=True))


def _valid(key: str) -> bool:
    return 0 < len(key) <= KEY_MAX and all(" " <= character <= "~" for character in key)


def idempotent(refuse: Callable[[int, str], Response] | None = None, locale: str | None = None) -> Callable[[F], F]:
    """Answer a repeated request (the same Idempotency-Key from the same client within 24 hours) with the first
    answer; the same key with another request is refused, 422. `refuse(status, message)` shapes a refusal (Open311
    speaks its own error format, in English: `locale`; the JSON API's error object otherwise)."""

    def shaped(status: int, code: str, message: Callable[[], str]) -> Any:
        with force_locale(locale) if locale else nullcontext():
            text = message()
        if refuse is not None:
            return refuse(status, text)
        return api_error(status, code, text)

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = request.headers.get(HEADER)
            if key is None:
                return view(*args, **kwargs)
            if not _valid(key):
                return shaped(
                    400,
                    "bad_idempotency_key",
                    lambda: _("%(header)s must be 1–%(max)d printable ASCII characters.", header=HEADER, max=KEY_MAX),
                )
            client, fingerprint = _client(), _fingerprint()
            earlier = operations.claim(client, key, fingerprint)
            if earlier is not None:
                if earlier.fingerprint != fingerprint:
                    return shaped(
                        422,
                        "idempotency_key_reused",
                        lambda: _("This %(header)s was used with another request in the last 24 hours.", header=HEADER),
                    )
                if earlier.status is None:  # cannot be seen from outside its transaction; kept for safety
                    abort(409)
                replay = Response(earlier.body, status=earlier.status, content_type=earlier.content_type)
                if earlier.location:
                    replay.headers["Location"] = earlier.location
                replay.headers["Idempotent-Replayed"] = "true"
                return replay
            response = make_response(view(*args, **kwargs))
            if 200 <= response.status_code < 300:
                operations.complete(client, key, response)
            else:
                operations.release(client, key)
            return response

        return wrapper  # type: ignore[return-value]

    return decorate
