"""Issue 18: arbitrary input at every route. Hypothesis picks a route of the app's URL map and sends it bytes,
nesting, NUL, oversized and malformed values — in the path, the query string, the body (raw, JSON, a form) and the
headers — as a stranger, as an administrator signed in, and to the API with an administrator's token. No answer may
be a 5xx, and an answer that refuses (4xx) leaves every table as it was: nothing half-written. On both databases.

The examples are derived from a fixed seed (derandomize), so a run is repeatable; a new route is fuzzed as soon as it
exists. Schemathesis (tests/api/test_contract.py) checks the API against its OpenAPI document besides."""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cct import db
from cct.app import load_models
from cct.auth import operations as accounts
from cct.auth.actors import SYSTEM
from tests.helpers import csrf_token, sign_in

# Tables a refused request may write on purpose: the refusal itself is what they record (failed sign-ins and their
# delays, a program's counted writes, a session's last request).
RECORDS_REFUSALS = {"login_attempts", "rate_counters", "user_sessions"}
EXAMPLES = 400
ARGUMENT = re.compile(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>")

NASTY = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "%00",
        "..%2F..%2Fetc%2Fpasswd",
        "'; DROP TABLE tickets; --",
        '<script>alert("x")</script>',
        "ą" * 3000,
        "9" * 40,
        "-1",
        "0",
        "2026/000001",
        "NaN",
        "1e309",
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        "\u202e\u0000\ufeff",
        " " * 500,
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=60), st.integers(-(2**70), 2**70).map(str))
JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), TEXT)
JSON = st.recursive(
    JSON_LEAF,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=6),
    max_leaves=20,
)
HEADER = TEXT.map(lambda value: value.replace("\r", "").replace("\n", ""))  # HTTP cannot carry a line break there
FIELDS = st.sampled_from(
    [
        "subject",
        "description",
        "category",
        "resident_phone",
        "q",
        "name",
        "title",
        "body",
        "login",
        "password",
        "email",
        "state",
        "unit",
        "reason",
        "version",
        "lat",
        "lon",
        "number",
        "code",
        "date",
        "subject_kind",
        "phone",
    ]
)


@st.composite
def requests_(draw: Any, rules: list[Any]) -> dict[str, Any]:
    rule = draw(st.sampled_from(rules))
    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    method = draw(st.sampled_from(methods))

    def argument(match: re.Match[str]) -> str:
        converter = match.group(1) or "string"
        value = draw(st.one_of(st.integers(0, 2**70).map(str), TEXT) if converter == "int" else TEXT)
        return urllib.parse.quote(value, safe="") or "x"

    path = ARGUMENT.sub(argument, rule.rule)
    query = draw(st.dictionaries(st.one_of(FIELDS, TEXT), TEXT, max_size=4))
    kind = draw(st.sampled_from(["none", "json", "form", "bytes", "deep"]))
    request: dict[str, Any] = {"method": method, "path": path, "query_string": query, "headers": {}}
    if kind == "json":
        request["data"] = json.dumps(draw(JSON), ensure_ascii=draw(st.booleans()))
        request["headers"]["Content-Type"] = "application/json"
    elif kind == "form":
        request["data"] = draw(st.dictionaries(st.one_of(FIELDS, TEXT), TEXT, max_size=8))
    elif kind == "bytes":
        request["data"] = draw(st.binary(max_size=2000))
        request["headers"]["Content-Type"] = draw(
            st.sampled_from(["application/json", "multipart/form-data; boundary=x", "text/plain", "image/png"])
        )
    elif kind == "deep":
        levels = draw(st.integers(100, 3000))
        request["data"] = "[" * levels + "]" * levels
        request["headers"]["Content-Type"] = "application/json"
    if draw(st.booleans()):
        request["headers"]["Idempotency-Key"] = draw(HEADER)
    if draw(st.booleans()):
        request["headers"]["Accept"] = draw(st.sampled_from(["application/json", "text/html", "*/*", "\x00"]))
    return request


def _counts(tables: list[Any]) -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table)) or 0 for table in tables}


def test_no_input_at_any_route_gets_a_5xx_or_leaves_a_half_write(city: Any, make_user: Any) -> None:
    app = city
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    tables = [table for table in load_models().sorted_tables if table.name not in RECORDS_REFUSALS]
    admin = make_user("admin")
    _secret_row, token = accounts.create_token(SYSTEM, admin, "fuzz")
    db.session.commit()
    stranger = app.test_client()
    staff = app.test_client()
    sign_in(staff, admin.login)
    staff_csrf = csrf_token(staff, "/")
    callers = {
        "stranger": (stranger, {}),
        "staff": (staff, {}),
        "api": (app.test_client(), {"Authorization": f"Bearer {token}"}),
    }
    seen: list[tuple[str, str, int]] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(request=requests_(rules), who=st.sampled_from(sorted(callers)), with_csrf=st.booleans())
    def one(request: dict[str, Any], who: str, with_csrf: bool) -> None:
        client, headers = callers[who]
        if who == "staff" and with_csrf and isinstance(request.get("data"), dict):
            request["data"]["csrf_token"] = staff_csrf  # past CSRF, into the view's own checks
        before = _counts(tables)
        response = client.open(
            request["path"],
            method=request["method"],
            query_string=request["query_string"],
            data=request.get("data"),
            headers=headers | request["headers"],
        )
        seen.append((request["method"], request["path"][:60], response.status_code))
        assert response.status_code < 500, (who, request["method"], request["path"][:200], response.status_code)
        if 400 <= response.status_code < 500:
            after = _counts(tables)
            changed = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
            assert not changed, (who, request["method"], request["path"][:200], response.status_code, changed)

    one()
    statuses = {status for _method, _path, status in seen}
    assert len(seen) >= EXAMPLES // 2
    assert {200, 400, 404} <= statuses  # the fuzz reached views, their checks, and missed routes alike
