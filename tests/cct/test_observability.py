"""/healthz and the request id that ties log lines to a request."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from cct.logging import RequestIdFilter, configure


def test_request_id_is_generated_or_kept(client: Any) -> None:
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-abc-12345"})
    assert kept.headers["X-Request-ID"] == "proxy-abc-12345"
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" {"level":"ERROR"}'})
    assert forged.headers["X-Request-ID"] != 'x" {"level":"ERROR"}'
    assert len(forged.headers["X-Request-ID"]) == 32


def test_access_log_line_carries_the_request_id(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="cct.access")
    response = client.get("/healthz?phone=48600100200", headers={"X-Request-ID": "trace-0000-1111"})
    records = [r for r in caplog.records if r.name == "cct.access"]
    assert records
    record = records[-1]
    assert record.path == "/healthz"
    assert record.status == 200
    assert response.headers["X-Request-ID"] == "trace-0000-1111"
    assert "48600100200" not in json.dumps(record.__dict__, default=str)  # query strings never reach the log


def test_json_log_format_includes_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    configure("INFO", "json")
    root = logging.getLogger()
    handler = next(h for h in root.handlers if getattr(h, "_cct", False))
    try:
        from cct.logging import request_id_var

        token = request_id_var.set("abc123abc123")
        logging.getLogger("cct.test").info("hello", extra={"status": 200})
        request_id_var.reset(token)
        line = capsys.readouterr().err.strip().splitlines()[-1]
        data = json.loads(line)
        assert data["message"] == "hello"
        assert data["request_id"] == "abc123abc123"
        assert data["level"] == "INFO"
        assert data["status"] == 200
    finally:
        root.removeHandler(handler)
    assert any(isinstance(f, RequestIdFilter) for f in handler.filters)


def test_healthz_reports_an_unreachable_database(make_app: Any, tmp_path: Any) -> None:
    broken = make_app(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}


def test_unexpected_error_is_a_polish_500_page_or_json_and_is_logged(
    make_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from cct.auth.access import public

    app = make_app()

    @app.route("/boom")
    @public
    def boom() -> str:
        raise RuntimeError("kaboom")

    @app.route("/api/v1/boom")
    @public
    def api_boom() -> str:
        raise RuntimeError("kaboom")

    client = app.test_client()
    page = client.get("/boom")
    assert page.status_code == 500
    assert "Coś poszło nie tak" in page.get_data(as_text=True)
    assert "kaboom" not in page.get_data(as_text=True)
    api = client.get("/api/v1/boom")
    assert api.status_code == 500
    assert api.json == {"error": {"code": "internal_error", "message": "Internal error.", "field": None}}
    assert any("kaboom" in (record.exc_text or "") or record.exc_info for record in caplog.records)


def test_nul_characters_are_refused_before_they_reach_the_database(client: Any) -> None:
    assert client.get("/api/v1/openapi.json?x=a%00b").json["error"]["code"] == "nul_character"
    assert client.get("/login?next=/%00").status_code == 400
