"""The Whoosh search index, derived from the database.

Changes reach it through the jobs table (`kb.index` jobs, enqueued in the transaction that changes an article), so a
crash loses nothing: the job runs again. Writers of several processes share one folder; Whoosh's writer lock is
waited for (up to LOCK_WAIT_SECONDS) instead of failing at once, and a job that still cannot get it fails and is
retried with backoff. A missing or unreadable index is rebuilt from the database, in a fresh folder swapped in
whole, under a file lock so two processes never rebuild at once.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import shutil
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from whoosh import fields, index
from whoosh.writing import LockError

from cct import db
from cct.jobs.operations import enqueue, handler
from knowledge.analysis import polish_analyzer
from knowledge.markdown import plain_text
from knowledge.models import Article, ArticleRevision, ArticleStatus

log = logging.getLogger(__name__)

INDEX_NAME = "articles"
LOCK_WAIT_SECONDS = 20.0
UNREADABLE_RETRIES, UNREADABLE_PAUSE_SECONDS = 3, 0.3
# Bumped when the schema or the analysis changes: an index built by another version is rebuilt.
# Segments are written as separate files, never compound: whoosh-reloaded reads a compound segment by copying
# its parts into memory (a BytesIO over the mmap), which costs every searcher the index's size again in RAM.
SCHEMA_VERSION = "3"
TITLE_WEIGHT, TAGS_WEIGHT = 3, 2
_analyzer = polish_analyzer()
SCHEMA = fields.Schema(
    slug=fields.ID(stored=True, unique=True),
    # What search matches: the title three times, the tags twice and the body once, in one field. Field boosts by
    # repetition score like BM25F over three fields, with a third of the posting lists to walk per word.
    text=fields.TEXT(analyzer=_analyzer),
    title=fields.STORED,
    tags=fields.STORED,
    body=fields.STORED,
    unit=fields.ID(stored=True),
    tag=fields.KEYWORD(commas=True, lowercase=True),
    visibility=fields.ID(stored=True),
    status=fields.ID(stored=True),
)

_opened: dict[str, Any] = {}
_opened_lock = threading.Lock()


def index_dir() -> Path:
    override = current_app.config.get("CCT_KB_INDEX_DIR")
    if override:
        return Path(override)
    settings = current_app.config["CCT"]
    return Path(settings.knowledge.index_dir(settings.instance_path))


def document(article: Article, live: ArticleRevision) -> dict[str, Any]:
    """What the index holds of an article: its published revision (never the working copy)."""
    body = plain_text(live.body)
    tags = ", ".join(live.tags)
    return {
        "slug": article.slug,
        "text": "\n".join([live.title] * TITLE_WEIGHT + [tags] * TAGS_WEIGHT + [body]),
        "title": live.title,
        "tags": tags,
        "body": body,
        "unit": article.unit.code,
        "tag": ",".join(tag.lower() for tag in live.tags),
        "visibility": live.visibility,
        "status": ArticleStatus.PUBLISHED.value,
    }


def _live_rows(*conditions: Any, limit: int | None = None) -> Any:
    """(article, its published revision) for articles that have one and are not archived."""
    return db.session.execute(
        select(Article, ArticleRevision)
        .join(
            ArticleRevision,
            (ArticleRevision.article_id == Article.id) & (ArticleRevision.number == Article.published_number),
        )
        .options(joinedload(Article.unit))
        .where(Article.status != ArticleStatus.ARCHIVED, *conditions)
        .order_by(Article.id)
        .limit(limit)
    )


def _batches(size: int = 500) -> Iterator[list[dict[str, Any]]]:
    """Index documents of every live article, a batch at a time, each read in a short transaction of its own."""
    after = 0
    while True:
        rows = _live_rows(Article.id > after, limit=size).all()
        batch = [document(article, revision) for article, revision in rows]
        db.session.commit()  # after every read, the last (empty) one too: see rebuild()
        if not rows:
            return
        after = max(article.id for article, _revision in rows)
        yield batch


@contextmanager
def _rebuild_lock(folder: Path, exclusive: bool = True) -> Iterator[None]:
    """Across processes: a rebuild (exclusive) swaps the folder only when no writer (shared) is at work in it, or a
    writer's commit would land in the new folder with segments of the old one."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.rebuild.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _version_file(folder: Path) -> Path:
    return folder / "cct-schema-version"


def _usable(folder: Path) -> Any | None:
    """The index in `folder` when it opens and reads cleanly and is of this schema version, else None."""
    # Whoosh leaves open the file it failed to read; it is closed when the failure is forgotten, here, quietly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            if _version_file(folder).read_text().strip() != SCHEMA_VERSION:
                return None
            opened = index.open_dir(str(folder), indexname=INDEX_NAME)
            with opened.searcher() as searcher:
                searcher.doc_count()
                searcher.lexicon("text")
            return opened
        except Exception:  # noqa: BLE001, S110 - any failure to read means "rebuild it"
            pass
        gc.collect()
    return None


def rebuild() -> int:
    """Build the index afresh from the database and swap it in; returns the number of articles indexed."""
    folder = index_dir()
    # Never wait for the lock inside a transaction: on SQLite it holds the write lock the lock's holder needs.
    db.session.commit()
    with _rebuild_lock(folder):
        fresh = folder.parent / f".{folder.name}.new-{uuid.uuid4().hex[:8]}"
        fresh.mkdir(parents=True)
        try:
            built = index.create_in(str(fresh), SCHEMA, indexname=INDEX_NAME)
            writer = built.writer(limitmb=128, compound=False)
            count = 0
            for batch in _batches():
                for fields_ in batch:
                    writer.add_document(**fields_)
                count += len(batch)
            writer.commit()
            _version_file(fresh).write_text(SCHEMA_VERSION)
            old = folder.parent / f".{folder.name}.old-{uuid.uuid4().hex[:8]}"
            if folder.exists():
                os.rename(folder, old)
            os.rename(fresh, folder)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
    with _opened_lock:
        _opened.pop(str(folder), None)
    log.info("knowledge index rebuilt: %d articles", count)
    return count


def open_index() -> Any:
    """The index, rebuilt first when it is missing, unreadable or of another schema version."""
    folder = index_dir()
    key = str(folder)
    with _opened_lock:
        opened = _opened.get(key)
    if opened is not None and folder.exists():
        return opened
    opened = _usable(folder)
    for _retry in range(UNREADABLE_RETRIES if folder.exists() else 0):
        # Another process may be in the middle of a commit: an existing index must stay unreadable for a while
        # before it is rebuilt (a rebuild of tens of thousands of articles takes minutes).
        if opened is not None:
            break
        time.sleep(UNREADABLE_PAUSE_SECONDS)
        opened = _usable(folder)
    if opened is None:
        log.warning("knowledge index at %s missing or unreadable: rebuilding it from the database", folder)
        rebuild()
        opened = _usable(folder)
        if opened is None:
            raise RuntimeError(f"the knowledge index at {folder} cannot be built")
    with _opened_lock:
        _opened[key] = opened
    return opened


def forget() -> None:
    """Drop this process's handle on the index (after a failure while reading it)."""
    with _opened_lock:
        _opened.pop(str(index_dir()), None)


def _writer() -> Any:
    """Whoosh's writer, waiting for another process's lock instead of failing at once."""
    return open_index().writer(timeout=LOCK_WAIT_SECONDS, delay=0.05, limitmb=16, compound=False)


def apply(slugs: list[str]) -> None:
    """Bring the index in line with the database for these articles."""
    documents = {article.slug: document(article, revision) for article, revision in _live_rows(Article.slug.in_(slugs))}
    # End the read before the slow part: on SQLite an open transaction holds the database's write lock.
    db.session.commit()
    open_index()  # (rebuilt first if need be: before the shared lock, which a rebuild could not get past)
    with _rebuild_lock(index_dir(), exclusive=False):
        _write(slugs, documents)


def _write(slugs: list[str], documents: dict[str, dict[str, Any]]) -> None:
    try:
        writer = _writer()
    except LockError:
        raise RuntimeError("the knowledge index is locked by another writer; the job will be retried") from None
    try:
        for slug in slugs:
            if slug in documents:
                writer.update_document(**documents[slug])
            else:
                writer.delete_by_term("slug", slug)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def schedule(slug: str) -> None:
    """Ask for the index to follow an article's change; part of the caller's transaction."""
    enqueue("kb.index", {"slugs": [slug]})


@handler("kb.index")
def _index_job(payload: dict[str, Any]) -> None:
    apply([str(slug) for slug in payload.get("slugs", [])])
