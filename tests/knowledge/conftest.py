from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cct import db
from cct.jobs.worker import Worker
from knowledge import search
from knowledge.models import Article
from tests import city
from tests.factories import ArticleFactory


@pytest.fixture
def index_dir(app: Any, tmp_path: Path) -> Iterator[Path]:
    """A search index of the test's own (the session's app otherwise shares one folder between tests)."""
    folder = tmp_path / "kb-index"
    app.config["CCT_KB_INDEX_DIR"] = str(folder)
    search.forget_synonyms()  # the synonym list is cached per process; each test's transaction has its own
    yield folder
    app.config.pop("CCT_KB_INDEX_DIR", None)
    search.forget_synonyms()


@pytest.fixture
def units(isolated: Any, index_dir: Path) -> Any:
    """The tests' city units (tests.city) in the test's transaction, and a fresh index."""
    city.build_units()
    db.session.commit()
    return isolated


def run_jobs(app: Any) -> int:
    """Run every due job (the index follows the database through them), as the worker does."""
    worker = Worker(app, "test-worker")
    count = 0
    while worker.run_once():
        count += 1
    return count


@pytest.fixture
def publish(units: Any) -> Any:
    """Create and publish an article (and bring the index up to date)."""

    def make(
        slug: str,
        title: str,
        body: str = "",
        unit: str = "ZDT",
        tags: tuple[str, ...] = (),
        visibility: str = "public",
        questions: tuple[str, ...] = (),
    ) -> Article:
        article = ArticleFactory(
            slug=slug,
            title=title,
            body=body,
            unit=unit,
            tags=list(tags),
            visibility=visibility,
            questions=list(questions),
        )
        db.session.commit()
        run_jobs(units)
        return article

    return make
