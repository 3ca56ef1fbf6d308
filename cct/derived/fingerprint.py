"""The fingerprint of the installed code: a digest of every file of its packages (sources, and the data files they
may read, by path inside each package and content; compiled bytecode left out), of the versions of the libraries
whose data the Polish analysis reads (simplemma's dictionary) and of the Unicode tables Python folds and lower-cases
letters by. Any change of them changes it — a comment, a template too: the work it guards is safe to do at any time,
only slow, so a fingerprint that changes too often costs seconds, one that changes too rarely would leave records
keyed by an older analysis."""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

LIBRARIES = ("simplemma",)
SKIPPED_PARTS = frozenset({"__pycache__"})  # folders of bytecode, which follows the sources


def fingerprint(packages: Iterable[str]) -> str:
    """The packages' (imported modules, by name) and LIBRARIES' digest; a package without a file is an error: its
    code could change unseen (an installation from bytecode or a zip)."""
    digest = hashlib.sha256()
    for name in sorted(set(packages)):
        module = sys.modules[name]
        if not module.__file__:
            raise ValueError(f"the package {name} has no files to take a fingerprint of")
        root = Path(module.__file__).parent
        files = sorted(
            path
            for path in root.rglob("*")
            if path.is_file() and path.suffix != ".pyc" and not SKIPPED_PARTS.intersection(path.relative_to(root).parts)
        )
        if not any(path.suffix == ".py" for path in files):
            raise ValueError(f"the package {name} has no source files to take a fingerprint of")
        for path in files:
            digest.update(f"{name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    for library in LIBRARIES:
        digest.update(f"{library}=={version(library)}\0".encode())
    digest.update(f"unicode {unicodedata.unidata_version}\0".encode())
    return digest.hexdigest()
