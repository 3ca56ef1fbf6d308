"""Demo articles (the public relevance sample of ../shared/eval, shipped as data) for `cct demo`."""

from __future__ import annotations

from importlib import resources

from sqlalchemy import select

from cct import db
from cct.demo import demo_seeder
from knowledge import operations
from knowledge.models import Article


@demo_seeder
def seed() -> None:
    if db.session.scalar(select(Article.id).limit(1)) is not None:
        return
    lines = resources.files("knowledge").joinpath("data/demo_articles.jsonl").read_text(encoding="utf-8")
    operations.import_articles(None, lines.splitlines())
