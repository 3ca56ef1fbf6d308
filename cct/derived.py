"""What `cct db upgrade` derives from records by code (slot "db.upgraded": the search keys the press office, the
chancery and the knowledge base compute with this version's analysis) is computed again only when the code that
computes it may have changed. The fingerprint of the code an upgrade ran it with is kept; an upgrade by the same code
skips the work. `scripts/start` runs `cct db upgrade` at every start: 100,000 searched queries took 9 s to key again
each time, though only an update can change a key (bench/kb_rekey.py).

The fingerprint is a digest of the source of the shell (cct, which holds the analysis: cct.lemmas) and of every
package that derives something, and of the version of simplemma, whose dictionary the analysis reads. Any change to
that source — a comment too — runs the work again: it is safe to run at any time, only slow, so a fingerprint that
changes too often costs seconds, one that changes too rarely would leave records keyed by an older analysis.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterable
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cct import db
from cct.db import Base, utcnow

LIBRARIES = ("simplemma",)  # whose data the analysis reads: a new version may lemmatise a word otherwise


class CodeFingerprint(Base):
    """The fingerprint of the code that last derived what `name` stands for ("db.upgraded")."""

    __tablename__ = "code_fingerprints"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def fingerprint(packages: Iterable[str]) -> str:
    """A digest of every Python source file of the packages (by path inside each and content) and of LIBRARIES'
    versions."""
    digest = hashlib.sha256()
    for name in sorted({"cct", *packages}):
        root = Path(importlib.import_module(name).__file__ or "").parent
        for path in sorted(root.rglob("*.py")):
            digest.update(f"{name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    for library in LIBRARIES:
        digest.update(f"{library}=={version(library)}\0".encode())
    return digest.hexdigest()


def unless_done(name: str, work: Iterable[Callable[[], int]], *, force: bool = False) -> int | None:
    """Every piece of work run, the number of records each changed added up, and the fingerprint of the code that ran
    them kept with `name` (in the caller's transaction), unless that code already ran them (None: skipped) or
    `force`."""
    work = list(work)
    current = fingerprint(piece.__module__.partition(".")[0] for piece in work)
    kept = db.session.get(CodeFingerprint, name)
    if kept is not None and kept.fingerprint == current and not force:
        return None
    changed = sum(piece() for piece in work)
    if kept is None:
        db.session.add(CodeFingerprint(name=name, fingerprint=current))
    else:
        kept.fingerprint = current
    return changed
