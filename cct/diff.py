"""Word-level differences between two versions of a text: an article's revisions, a press answer's drafts, an
authorised interview."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """The new text as runs of unchanged, added and removed words (whitespace kept, so line breaks survive)."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            segments.append(Segment("same", "".join(before[a1:a2])))
            continue
        if operation in ("delete", "replace"):
            segments.append(Segment("removed", "".join(before[a1:a2])))
        if operation in ("insert", "replace"):
            segments.append(Segment("added", "".join(after[b1:b2])))
    return segments


def changed(segments: list[Segment]) -> bool:
    return any(segment.kind != "same" for segment in segments)
