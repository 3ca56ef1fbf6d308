"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from typing import Any

from flask import Flask, g, request
from flask_login import current_user
from pythonjsonlogger.json import JsonFormatter

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
# A caller-supplied id (from a proxy) is kept only if it looks like one; anything else could forge log lines.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("cct.access")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure(level: str, fmt: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_cct", False)]:
        root.removeHandler(old)
    handler._cct = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        supplied = request.headers.get("X-Request-ID", "")
        g.request_id = supplied if _VALID_REQUEST_ID.match(supplied) else uuid.uuid4().hex
        g.request_started = time.perf_counter()
        g.request_id_token = request_id_var.set(g.request_id)

    @app.after_request
    def _finish(response: Any) -> Any:
        request_id = g.get("request_id")
        if request_id:
            response.headers["X-Request-ID"] = request_id
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,  # never the query string: it may carry personal data
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
                    "user_id": current_user.id if current_user and current_user.is_authenticated else None,
                },
            )
        return response

    @app.teardown_request
    def _forget(_exc: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id_var.reset(token)
