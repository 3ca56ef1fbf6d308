"""An existing Open311 client library, unchanged, against the real server: `georeport` (PyPI) reads services,
definitions and requests in JSON and in XML; a request is posted as the spec says, with a key an administrator
issued in the UI."""

from __future__ import annotations

import re

import pytest
import requests
from georeport import GeoReport

from tests.e2e.browser import DEMO_PASSWORD


def issue_key(base: str, name: str) -> str:
    admin = requests.Session()
    page = admin.get(f"{base}/login", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    admin.post(f"{base}/login", data={"login": "admin", "password": DEMO_PASSWORD, "csrf_token": token}, timeout=10)
    page = admin.get(f"{base}/admin/open311-keys/", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    issued = admin.post(f"{base}/admin/open311-keys/", data={"name": name, "csrf_token": token}, timeout=10).text
    return re.search(r'<code class="secret">(o311_[^<]+)</code>', issued).group(1)  # type: ignore[union-attr]


@pytest.mark.parametrize("output", ["json", "xml"])
def test_the_georeport_client_works_unchanged(live_server: str, output: str) -> None:
    root = f"{live_server}/open311/v2"
    # each case posts its own report: under xdist the two cases may run against two servers
    key = issue_key(live_server, f"georeport-client-{output}")
    posted = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": key,
            "jurisdiction_id": "bialystok.pl",
            "service_code": "oswietlenie",
            "lat": "53.1325",
            "long": "23.1688",
            "description": "Latarnia nie świeci przy przystanku",
        },
        timeout=10,
    )
    assert posted.status_code == 201, posted.text
    client = GeoReport(root, jurisdiction="bialystok.pl", output_format=output)

    services = client.get_service_list()
    codes = {service["service_code"] for service in services}
    assert {"drogi-dziury", "oswietlenie", "odpady-wywoz"} <= codes
    definition = client.get_service_definition("drogi-dziury")
    assert definition["service_code"] == "drogi-dziury"
    found = client.get_service_requests(service_code="oswietlenie", status="open")
    rows = found if isinstance(found, list) else [found]  # xmltodict gives one element as a mapping
    assert any(row["description"] == "Latarnia nie świeci przy przystanku" for row in rows)
    one = client.get_service_request(rows[0]["service_request_id"])
    assert one["service_request_id"] == rows[0]["service_request_id"]
    assert one["status"] == "open"
