"""The knowledge base's background job: the search index follows the articles a change names."""

from __future__ import annotations

from typing import Any

from cct import db
from knowledge import index, operations

INDEX = operations.INDEX_JOB


def reindex(payload: dict[str, Any]) -> None:
    """Bring the index in line with the database for the articles of the payload. The articles are read in the job's
    transaction, which ends before the index is written: on SQLite a transaction holds the database's write lock, and
    other processes' writers wait for the index's locks."""
    slugs = [str(slug) for slug in payload.get("slugs", [])]
    documents = index.documents(slugs)
    db.session.commit()  # a job owns its transaction
    index.write(slugs, documents)
