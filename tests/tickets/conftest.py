from __future__ import annotations

from typing import Any

import pytest

from cct import db
from cct.demo import UNITS
from cct.org import operations as org
from tickets import demo as tickets_demo


@pytest.fixture
def city(isolated: Any) -> Any:
    """Białystok's demo units, ticket categories and routing rules, in the test's transaction."""
    for code, name, kind, parent, phone, email in UNITS:
        org.create_unit(
            None, {"code": code, "name": name, "kind": kind, "parent_code": parent, "phone": phone, "email": email}
        )
    tickets_demo.seed()
    db.session.commit()
    return isolated
