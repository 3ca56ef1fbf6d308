"""Schemathesis against /api/v1/openapi.json: generated requests for every documented operation; the app must
never answer 5xx, and every response must conform to the document."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cct import db
from cct.auth import operations as auth_ops
from cct.auth.actors import SYSTEM
from tests import city
from tests.helpers import empty_all_tables
from tickets import operations as ops


@pytest.fixture(scope="module")
def supervisor_token(app: Any) -> Any:
    """Real data to find (units, categories, a ticket) and a supervisor's token; removed afterwards."""
    with app.app_context():
        city.build()
        user = auth_ops.create_user(SYSTEM, login="schemathesis", full_name="API", roles=["supervisor"], password=None)
        _token, plain = auth_ops.create_token(SYSTEM, user, "schemathesis")
        ops.create_ticket(SYSTEM, ops.TicketInput(subject="Latarnia", category="oswietlenie"))
        db.session.commit()
    yield plain
    empty_all_tables(db.get_database(app))


# No 5xx, and every status code, content type and body as documented. Not "every schema-valid request is
# accepted": a well-formed request may still name a category or phone number that does not exist (400).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_api_conforms_to_its_openapi_document(app: Any, supervisor_token: str) -> None:
    # Schemathesis' own pytest plugin does not run under pytest 9, so each operation gets a Hypothesis test here.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {supervisor_token}"}
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        conforms()
        checked.append(operation.label)
    spec = app.test_client().get("/api/v1/openapi.json").json
    documented = [
        f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item if method != "parameters"
    ]
    assert sorted(checked) == sorted(documented)
    assert len(checked) >= 9
