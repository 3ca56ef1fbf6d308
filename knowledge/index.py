"""The Whoosh search index, derived from the database.

Changes reach it through the jobs table (`kb.index` jobs, enqueued in the transaction that changes an article), so a
crash loses nothing: the job runs again. Writers of several processes share one folder; Whoosh's writer lock is
waited for (up to LOCK_WAIT_SECONDS) instead of failing at once, and a job that still cannot get it fails and is
retried with backoff. A missing or unreadable index is rebuilt from the database in a fresh folder of its own,
which is then swapped in whole under a file lock.

It reads the database in the caller's transaction and never ends it (the request, job or command owns it). On
SQLite every transaction holds the database's write lock, so nothing here waits for a lock of its own while it
still needs the database: the articles are read first, the index's locks are taken after, and a reader takes the
database's turn before the searcher's lock (knowledge.search).
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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select
from whoosh import analysis, fields, formats, index
from whoosh.writing import LockError

from cct import db
from cct.db import utcnow
from cct.org.models import Unit
from knowledge import contrast, grams, semantic
from knowledge.analyzer import polish_analyzer
from knowledge.markdown import plain_text
from knowledge.models import PUBLISHED_REVISION, Article, ArticleRevision
from knowledge.states import ArticleStatus

log = logging.getLogger(__name__)

INDEX_NAME = "articles"
LOCK_WAIT_SECONDS = 20.0
UNREADABLE_RETRIES, UNREADABLE_PAUSE_SECONDS = 3, 0.3
# Bumped when the schema or the analysis changes: an index built by another version is rebuilt.
# Segments are written as separate files, never compound: whoosh-reloaded reads a compound segment by copying
# its parts into memory (a BytesIO over the mmap), which costs every searcher the index's size again in RAM.
SCHEMA_VERSION = "10"
TITLE_WEIGHT, TAGS_WEIGHT = 3, 2
_analyzer = polish_analyzer()
SCHEMA = fields.Schema(
    slug=fields.ID(stored=True, unique=True),
    # What search matches: the title and the questions residents ask three times, the tags twice and the body once,
    # in one field. Field boosts by repetition score like BM25F over several fields, with a fraction of the posting
    # lists to walk per word.
    text=fields.TEXT(analyzer=_analyzer),
    title=fields.STORED,
    tags=fields.STORED,
    body=fields.STORED,
    unit=fields.ID(stored=True),
    tag=fields.KEYWORD(commas=True, lowercase=True),
    # The article's letters, for the second look at a search's first results (knowledge.grams): its distinct
    # character n-grams (indexed for their document frequencies only) and its n-gram vector.
    # (its value is already the distinct n-grams, space-separated: grams.vector)
    grams=fields.FieldType(formats.Existence(), analysis.SpaceSeparatedTokenizer(), scorable=False),
    gram_keys=fields.STORED,
    gram_weights=fields.STORED,
    # What sets the article's words apart from others' (knowledge.contrast): learnt weights of its features
    contrast_keys=fields.STORED,
    contrast_weights=fields.STORED,
    # The article's meaning (knowledge.semantic: a float16 vector per passage, b"" with the model off) and what it
    # was made of
    meaning=fields.STORED,
    meaning_of=fields.STORED,
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


def semantic_on() -> bool:
    return bool(current_app.config["CCT"].knowledge.semantic)


def schema_version() -> str:
    """The version an index is built to: the schema's, the background its contrast was learnt against
    (knowledge.contrast), and whether it holds the articles' meaning and in what form (knowledge.semantic.FORM)."""
    version = f"{SCHEMA_VERSION}+contrast-{contrast.background_digest()}"
    return f"{version}+meaning-{semantic.FORM}" if semantic_on() else version


def document(row: Any) -> dict[str, Any]:
    """What the index holds of an article: its published revision (never the working copy). What is learnt from its
    texts — its contrast weights and its meaning — is left to finished(), which needs no database (the regression and
    the model take a while: not in the caller's transaction when it can)."""
    body = plain_text(row.body)
    tags = ", ".join(row.tags)
    distinct, gram_keys, gram_weights = grams.vector([row.title, *row.questions, tags, body])
    passages = semantic.passages(row.title, row.questions, body)
    return {
        "slug": row.slug,
        "text": "\n".join([row.title, *row.questions] * TITLE_WEIGHT + [tags] * TAGS_WEIGHT + [body]),
        "title": row.title,
        "tags": tags,
        "body": body,
        "unit": row.unit,
        "tag": ",".join(tag.lower() for tag in row.tags),
        "visibility": row.visibility,
        "status": ArticleStatus.PUBLISHED.value,
        "grams": distinct,
        "gram_keys": gram_keys,
        "gram_weights": gram_weights,
        CONTRAST_TEXTS: contrast.texts(row.title, row.questions, tags, body),
        PASSAGES: passages,
        "meaning_of": semantic.digest(passages),
    }


# not fields: what finished() makes the contrast weights and the "meaning" field of
CONTRAST_TEXTS, PASSAGES = "contrast texts", "meaning passages"


def finished(fields_: dict[str, Any], known: dict[str, tuple[str, bytes]] | None = None) -> dict[str, Any]:
    """The document with what is learnt from its texts: its contrast weights (knowledge.contrast), and its meaning —
    the vectors an index already holds for the same passages in the same form (`known`: slug → (meaning_of,
    meaning)), else the model's; b"" when the installation has it off."""
    fields_ = dict(fields_)
    fields_[contrast.CONTRAST_KEYS], fields_[contrast.CONTRAST_WEIGHTS] = contrast.weights(
        fields_["slug"], fields_.pop(CONTRAST_TEXTS)
    )
    texts = fields_.pop(PASSAGES)
    if not semantic_on():
        fields_["meaning"] = b""
        return fields_
    made_of, meaning = (known or {}).get(fields_["slug"], ("", b""))
    fields_["meaning"] = meaning if meaning and made_of == fields_["meaning_of"] else semantic.article_vectors(texts)
    return fields_


def _known_meanings(folder: Path, slugs: list[str] | None = None) -> dict[str, tuple[str, bytes]]:
    """slug → (meaning_of, meaning) of the index in `folder` (of these articles, or all), whatever its version: what
    the model made for passages that did not change is kept. Empty when there is none or it cannot be read."""
    if not semantic_on():
        return {}
    known: dict[str, tuple[str, bytes]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            with index.open_dir(str(folder), indexname=INDEX_NAME).searcher() as searcher:
                if slugs is None:
                    found: Iterable[dict[str, Any]] = searcher.all_stored_fields()  # one at a time: bodies too
                else:
                    found = (stored for slug in slugs if (stored := searcher.document(slug=slug)))
                for stored in found:
                    if stored.get("meaning"):
                        known[stored["slug"]] = (stored.get("meaning_of", ""), stored["meaning"])
        except Exception:  # noqa: BLE001 - no readable index: nothing to keep
            return {}
    return known


def _live_rows(*conditions: Any, limit: int | None = None) -> list[Any]:
    """The published revision's columns of articles that have one and are not archived (plain rows: a rebuild of
    tens of thousands of articles holds no objects in the caller's session)."""
    return list(
        db.session.execute(
            select(
                Article.id,
                Article.slug,
                Unit.code.label("unit"),
                ArticleRevision.title,
                ArticleRevision.body,
                ArticleRevision.tags,
                ArticleRevision.questions,
                ArticleRevision.visibility,
            )
            .join(ArticleRevision, PUBLISHED_REVISION)
            .join(Unit, Unit.id == Article.unit_id)
            .where(Article.status != ArticleStatus.ARCHIVED, *conditions)
            .order_by(Article.id)
            .limit(limit)
        )
    )


def _batches(size: int = 500) -> Iterator[list[dict[str, Any]]]:
    """Index documents of every live article, a batch at a time."""
    after = 0
    while True:
        rows = _live_rows(Article.id > after, limit=size)
        if not rows:
            return
        after = rows[-1].id
        yield [document(row) for row in rows]


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
            if _version_file(folder).read_text().strip() != schema_version():
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
    """Build the index afresh from the database and swap it in; returns the number of articles indexed.

    The new index is written in a folder of its own, with no lock held, while the articles are read; only the swap
    takes the lock, and needs the database no more. An article a writer indexed in the old folder meanwhile is
    indexed again in the new one after the swap."""
    folder = index_dir()
    started = utcnow()
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = folder.parent / f".{folder.name}.new-{uuid.uuid4().hex[:8]}"
    fresh.mkdir(parents=True)
    known = _known_meanings(folder)
    try:
        built = index.create_in(str(fresh), SCHEMA, indexname=INDEX_NAME)
        writer = built.writer(limitmb=128, compound=False)
        count = 0
        for batch in _batches():
            for fields_ in batch:
                writer.add_document(**finished(fields_, known))
            count += len(batch)
        writer.commit()
        _version_file(fresh).write_text(schema_version())
        with _rebuild_lock(folder):
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
    changed = list(db.session.scalars(select(Article.slug).where(Article.updated_at >= started)))
    if changed:
        apply(changed)
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


def documents(slugs: list[str]) -> dict[str, dict[str, Any]]:
    """What the index should hold of these articles (those with no published revision: nothing)."""
    return {row.slug: document(row) for row in _live_rows(Article.slug.in_(slugs))}


def write(slugs: list[str], found: dict[str, dict[str, Any]]) -> None:
    """Make the index hold `found` for these articles, and nothing for the others (needs no database)."""
    known = _known_meanings(index_dir(), list(found))
    found = {slug: finished(fields_, known) for slug, fields_ in found.items()}
    open_index()  # (rebuilt first if need be: before the shared lock, which a rebuild's swap could not get past)
    with _rebuild_lock(index_dir(), exclusive=False):
        _write(slugs, found)


def apply(slugs: list[str]) -> None:
    """Bring the index in line with the database for these articles (read first; the index's locks after)."""
    write(slugs, documents(slugs))


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
