"""The JSON API keeps its OpenAPI document: schemathesis with every check (`schemathesis run --checks all`, the
repository's schemathesis.toml), against the service as a user starts it, with an administrator's token — no failure
and no warning of any kind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from tests.helpers import PROJECT_ROOT, run_cct, serving

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def _get(base: str, path: str, token: str) -> dict[str, Any]:
    request = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - the local server
        return json.load(answer)


def _existing(base: str, token: str) -> str:
    """Path parameters of a ticket and an article the demo data made, so that the operations on one are tried on
    something that exists (schemathesis warns of "missing test data" otherwise)."""
    number = _get(base, "/api/v1/tickets?limit=1", token)["tickets"][0]["number"]
    slug = _get(base, "/api/v1/kb/articles?limit=1", token)["articles"][0]["slug"]
    year, seq = number.split("/")
    return f'\n[parameters]\nyear = {int(year)}\nseq = {int(seq)}\nslug = "{slug}"\n'


def test_schemathesis_finds_nothing(backend: str, tmp_path: Path) -> None:
    with serving(backend, tmp_path) as (base, env):
        issued = run_cct("users", "token", "admin", env=env)
        assert issued.returncode == 0, issued.stderr
        token = issued.stdout.strip().splitlines()[-1]
        config = tmp_path / "schemathesis.toml"
        config.write_text((PROJECT_ROOT / "schemathesis.toml").read_text() + _existing(base, token))
        clean = {key: value for key, value in os.environ.items() if not key.startswith("CCT_")}
        result = subprocess.run(  # noqa: S603 - our own test tool
            [
                str(SCHEMATHESIS),
                "--config-file",
                str(config),
                "--no-color",
                "run",
                f"{base}/api/v1/openapi.json",
                "--checks",
                "all",
                "--header",
                f"Authorization: Bearer {token}",
                "--max-examples",
                "40",
            ],
            env={**clean, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks", "PYTHONPATH": str(PROJECT_ROOT)},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-8000:]
    summary = report[report.rindex("SUMMARY") :]
    assert "Warnings" not in summary, report[-6000:]  # the warnings' details come before the summary
    assert "Selected: 16/16" in summary, summary
