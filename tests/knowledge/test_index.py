"""The search index is derived from the database: rebuilt when missing or damaged, fed by jobs, shared by
processes whose writers wait for each other instead of losing updates."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.jobs.models import Job
from knowledge import contrast, index, search
from knowledge import operations as kb
from tests.helpers import PROJECT_ROOT, fresh_database, run_cct, with_articles
from tests.knowledge.conftest import run_jobs


def slugs(text: str) -> list[str]:
    return [hit.slug for hit in search.search(text, 10).hits]


def test_publishing_enqueues_an_index_job_in_the_same_transaction(units: Any) -> None:
    article = kb.save(SYSTEM, kb.ArticleInput(title="Psy w parku", body="", unit="DOS", tags=[], visibility="public"))
    kb.publish(SYSTEM, article)
    db.session.rollback()  # the change is gone, and so is its job
    assert db.session.query(Job).filter(Job.kind == "kb.index").count() == 0


def test_a_deleted_index_is_rebuilt_from_the_database(publish: Any, index_dir: Path) -> None:
    publish("psy", "Psy w parku", "Psy na smyczy.", unit="DOS")
    assert slugs("psy") == ["psy"]
    for path in sorted(index_dir.iterdir(), reverse=True):
        path.unlink()
    index_dir.rmdir()
    index.forget()
    assert slugs("psy") == ["psy"]
    assert index_dir.exists()


def test_a_damaged_index_is_rebuilt(publish: Any, index_dir: Path) -> None:
    publish("psy", "Psy w parku", "Psy na smyczy.", unit="DOS")
    for path in index_dir.iterdir():
        if path.name.startswith("articles_") and not path.name.endswith("WRITELOCK"):
            path.write_bytes(b"\x00garbage")  # every segment file (the table of contents intact)
    index.forget()
    assert slugs("psy") == ["psy"]


def test_a_damaged_table_of_contents_is_rebuilt(publish: Any, index_dir: Path) -> None:
    publish("psy", "Psy w parku", "Psy na smyczy.", unit="DOS")
    for toc in index_dir.glob("_articles_*.toc"):
        toc.write_bytes(toc.read_bytes()[:10])
    index.forget()
    assert slugs("psy") == ["psy"]


def test_cct_kb_reindex_rebuilds_it(units: Any, index_dir: Path) -> None:
    # (the command itself runs in test_two_processes below; here the function it calls)
    assert index.rebuild() == 0
    assert (
        index_dir / "cct-schema-version"
    ).read_text() == f"{index.SCHEMA_VERSION}+contrast-{contrast.background_digest()}"


def test_a_writer_waits_for_another_ones_lock(publish: Any, units: Any) -> None:
    publish("psy", "Psy w parku", "Psy na smyczy.", unit="DOS")
    held = index.open_index().writer()  # another process's writer, as far as Whoosh's lock file is concerned
    released = threading.Event()

    def release_soon() -> None:
        time.sleep(0.5)
        held.commit()
        released.set()

    threading.Thread(target=release_soon).start()
    article = kb.save(SYSTEM, kb.ArticleInput(title="Koty", body="", unit="DOS", tags=[], visibility="public"))
    kb.publish(SYSTEM, article)
    db.session.commit()
    assert run_jobs(units) == 1
    assert released.is_set()
    assert slugs("koty") == [article.slug]


def test_a_job_that_cannot_get_the_lock_fails_and_is_retried(publish: Any, units: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(index, "LOCK_WAIT_SECONDS", 0.2)
    held = index.open_index().writer()
    try:
        article = kb.save(SYSTEM, kb.ArticleInput(title="Koty", body="", unit="DOS", tags=[], visibility="public"))
        kb.publish(SYSTEM, article)
        db.session.commit()
        run_jobs(units)
        job = db.session.query(Job).filter(Job.kind == "kb.index").one()
        assert job.state == "pending"
        assert "locked" in (job.last_error or "")
    finally:
        held.cancel()
    job.run_after = utcnow()  # its backoff has passed
    db.session.commit()
    assert run_jobs(units) == 1  # the lock is free now: the retry succeeds
    assert slugs("koty") == [article.slug]


PUBLISH_SCRIPT = """
import sys, time
from cct.app import create_app
from cct import db
from cct.auth.actors import SYSTEM
from cct.jobs.worker import Worker
from knowledge import operations as kb
app = create_app()
with app.app_context():
    from cct.lemmas import LEMMATIZER
    LEMMATIZER.warm_up()
    article = kb.save(SYSTEM, kb.ArticleInput(slug=sys.argv[1], title=sys.argv[2], body="", unit="DGK", tags=[],
                                            visibility="public"))
    kb.publish(SYSTEM, article)
    while time.time() < float(sys.argv[3]):
        time.sleep(0.01)
    db.session.commit()
Worker(app).run_pending()
"""


def test_two_processes_publishing_at_once_both_reach_the_index(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        env = with_articles(url, tmp_path, {"id": "odpady", "unit": "DGK", "title": "Odpady", "body": "Wywóz"})
        start = str(time.time() + 8)
        full_env = {**{k: v for k, v in __import__("os").environ.items() if not k.startswith("CCT_")}, **env}
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", PUBLISH_SCRIPT, slug, title, start],
                env=full_env,
                cwd=PROJECT_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for slug, title in (("gabaryty", "Odbiór gabarytów"), ("szklo", "Pojemniki na szkło"))
        ]
        for process in processes:
            _out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
        for query, slug in (("gabaryty", "gabaryty"), ("szkło", "szklo"), ("odpady", "odpady")):
            found = run_cct("kb", "export", env=env)
            assert slug in found.stdout
            searched = subprocess.run(
                [sys.executable, "-c", SEARCH_SCRIPT, query],
                env=full_env,
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert searched.stdout.split() == [slug], searched.stderr
        reindexed = run_cct("kb", "reindex", env=env)
        assert "indexed 3" in reindexed.stdout


SEARCH_SCRIPT = """
import sys
from cct.app import create_app
from knowledge import search
app = create_app()
with app.app_context():
    print(" ".join(hit.slug for hit in search.search(sys.argv[1], 10).hits))
"""
