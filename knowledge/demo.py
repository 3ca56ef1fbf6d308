"""Demo articles for `cct demo`: the topics Białystok's helpline is asked most, public and internal, with the
questions residents ask (the first fifteen are the public relevance sample of ../shared/eval)."""

from __future__ import annotations

from importlib import resources

from cct.auth.actors import SYSTEM
from knowledge import operations, queries


def seed() -> None:
    """The demo articles, published (only into a knowledge base without any)."""
    if queries.has_articles():
        return
    lines = resources.files("knowledge").joinpath("data/demo_articles.jsonl").read_text(encoding="utf-8")
    operations.import_articles(SYSTEM, lines.splitlines())
