"""The fingerprint `cct db upgrade` keeps of the code that derived search keys (cct.derived): it changes with any of
that code's source and with the analysis' dictionary, and only then (tests/cct/test_cli.py runs the command)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cct import derived


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "derivingpkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text('"""A domain that derives keys."""\n')
    (root / "sub" / "keys.py").write_text("def key(text):\n    return text.lower()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    sys.modules.pop("derivingpkg", None)


def test_the_fingerprint_follows_the_source_of_the_deriving_packages(package: Path) -> None:
    first = derived.fingerprint(["derivingpkg"])
    assert first == derived.fingerprint(["derivingpkg"])
    assert first != derived.fingerprint([])  # the shell's alone
    (package / "sub" / "keys.py").write_text("def key(text):\n    return text.casefold()\n")
    changed = derived.fingerprint(["derivingpkg"])
    assert changed != first
    (package / "sub" / "more.py").write_text("")  # a new module, even an empty one
    assert derived.fingerprint(["derivingpkg"]) != changed
    (package / "sub" / "more.py").unlink()
    assert derived.fingerprint(["derivingpkg"]) == changed
    (package / "sub" / "notes.txt").write_text("not code")  # what the interpreter never runs does not count
    assert derived.fingerprint(["derivingpkg"]) == changed


def test_the_fingerprint_follows_the_dictionarys_version(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = derived.fingerprint(["derivingpkg"])
    real = derived.version
    monkeypatch.setattr(derived, "version", lambda name: "0.0.1" if name == "simplemma" else real(name))
    assert derived.fingerprint(["derivingpkg"]) != before
