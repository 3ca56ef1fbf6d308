"""Search keys derived from records are computed again once per version of the code (cct.derived): the fingerprint
follows the code's files and the analysis' dictionary; the work is skipped by the same code, done again by another,
and never half-recorded (tests/cct/test_cli.py runs the command itself)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.derived import fingerprint as fingerprints
from cct.derived import operations
from cct.derived.models import CodeFingerprint

NAME = "test.derived"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "derivingpkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text('"""A domain that derives keys."""\n')
    (root / "sub" / "keys.py").write_text("def key(text):\n    return text.lower()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("derivingpkg")
    yield root
    sys.modules.pop("derivingpkg", None)


def test_the_fingerprint_follows_the_files_of_the_packages(package: Path) -> None:
    first = fingerprints.fingerprint(["derivingpkg"])
    assert first == fingerprints.fingerprint(["derivingpkg"])
    assert first != fingerprints.fingerprint(["cct", "derivingpkg"])
    (package / "sub" / "keys.py").write_text("def key(text):\n    return text.casefold()\n")
    changed = fingerprints.fingerprint(["derivingpkg"])
    assert changed != first
    (package / "sub" / "more.py").write_text("")  # a new module, even an empty one
    assert fingerprints.fingerprint(["derivingpkg"]) != changed
    (package / "sub" / "more.py").unlink()
    assert fingerprints.fingerprint(["derivingpkg"]) == changed
    (package / "sub" / "stop_words.txt").write_text("i\noraz\n")  # data the code may read counts too
    with_data = fingerprints.fingerprint(["derivingpkg"])
    assert with_data != changed
    (package / "sub" / "__pycache__").mkdir()  # bytecode follows the sources: it does not
    (package / "sub" / "__pycache__" / "keys.cpython-313.pyc").write_bytes(b"\x00compiled")
    assert fingerprints.fingerprint(["derivingpkg"]) == with_data


def test_the_fingerprint_follows_the_dictionarys_version(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = fingerprints.fingerprint(["derivingpkg"])
    real = fingerprints.version  # importlib.metadata's: what pip installed
    monkeypatch.setattr(fingerprints, "version", lambda name: "0.0.1" if name == "simplemma" else real(name))
    assert fingerprints.fingerprint(["derivingpkg"]) != before


def test_a_package_without_source_files_has_no_fingerprint(package: Path) -> None:
    (package / "__init__.py").unlink()
    (package / "sub" / "keys.py").unlink()
    with pytest.raises(ValueError, match="no source files"):
        fingerprints.fingerprint(["derivingpkg"])


def _fingerprint_rows() -> list[tuple[str, str]]:
    return [tuple(row) for row in db.session.execute(select(CodeFingerprint.name, CodeFingerprint.fingerprint))]


def test_work_is_done_once_per_fingerprint_and_never_half_recorded(committed_app: Any, package: Path) -> None:
    done: list[str] = []

    def work() -> int:
        done.append("keys")
        return 3

    def failing() -> int:
        raise RuntimeError("the analysis failed")

    with committed_app.app_context():
        with pytest.raises(RuntimeError):
            operations.unless_done(NAME, [work, failing], ["derivingpkg"])
        db.session.rollback()
        assert _fingerprint_rows() == []  # the next upgrade does it all again
        assert operations.unless_done(NAME, [work], ["derivingpkg"]) == 3
        db.session.commit()
        assert _fingerprint_rows() == [(NAME, fingerprints.fingerprint(["derivingpkg"]))]
        assert operations.unless_done(NAME, [work], ["derivingpkg"]) is None  # the same code
        assert operations.unless_done(NAME, [work], ["derivingpkg"], force=True) == 3
        db.session.commit()
        (package / "sub" / "keys.py").write_text("def key(text):\n    return text.casefold()\n")  # an update
        assert operations.unless_done(NAME, [work], ["derivingpkg"]) == 3
        db.session.commit()
        assert _fingerprint_rows() == [(NAME, fingerprints.fingerprint(["derivingpkg"]))]
    assert done == ["keys", "keys", "keys", "keys"]


@pytest.mark.parametrize("earlier", [None, "an earlier version"])
def test_two_upgrades_at_once_do_the_work_once(committed_app: Any, package: Path, earlier: str | None) -> None:
    """The second waits for the first's transaction (the row is locked; on SQLite the database is) and then skips,
    the first time as after an update."""
    if earlier is not None:
        with committed_app.app_context():
            db.session.add(CodeFingerprint(name=NAME, fingerprint=earlier))
            db.session.commit()
    started, release = threading.Event(), threading.Event()
    done: list[str] = []
    outcomes: list[int | None | str] = []

    def slow_work() -> int:
        done.append("slow")
        started.set()
        release.wait(timeout=30)
        return 1

    def upgrade(work: Any) -> None:
        with committed_app.app_context():
            try:
                outcomes.append(operations.unless_done(NAME, [work], ["derivingpkg"]))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - what the test reports
                outcomes.append(repr(error))
            finally:
                db.session.rollback()

    first = threading.Thread(target=upgrade, args=(slow_work,))
    first.start()
    assert started.wait(timeout=30)
    second = threading.Thread(target=upgrade, args=(lambda: done.append("second") or 1,))
    second.start()
    second.join(timeout=1)
    assert second.is_alive()  # waiting for the first
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert outcomes == [1, None]
    assert done == ["slow"]
