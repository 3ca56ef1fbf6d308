"""Issue 15's rule, checked: no question of the demo base and no synonym the service ships names a query of the
evaluation sets (bench/data). Otherwise the relevance figures would measure what was copied, not what was found.

A question "names" a query when, compared as words folded to ASCII lower case, it is the query, holds the query's
words in a row (a query of three words or more), or shares at least SIMILAR of the two's words (Jaccard). A
synonym names one when a term of it is the whole query. A failure names the article and a count, never the
query: the held-out part is not read query by query.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from cct.lemmas import WORD
from cct.polish import fold

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench" / "data"
QUERY_FILES = (
    "kb_sample_queries.jsonl",
    "kb_queries_extra.jsonl",
    "kb_callers_tune.jsonl",
    "kb_callers_heldout.jsonl",
)
DEMO_BASE = ROOT / "knowledge" / "data" / "demo_articles.jsonl"
SIMILAR = 0.8
MIGRATIONS = ROOT / "cct" / "migrations" / "versions"
SHIPPED = (
    ("0004_knowledge_base.py", "DEFAULT_SYNONYMS"),
    ("0017_helpline_synonyms.py", "GROUPS"),
    ("0030_colloquial_synonyms.py", "GROUPS"),
)


def tokens(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in WORD.findall(text))


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluation_queries() -> list[tuple[str, ...]]:
    return [tokens(item["q"]) for name in QUERY_FILES for item in _lines(DATA / name)]


def names(text: tuple[str, ...], query: tuple[str, ...]) -> bool:
    if not query:
        return False
    if text == query:
        return True
    if len(query) >= 3 and any(text[start : start + len(query)] == query for start in range(len(text))):
        return True
    together = set(text) | set(query)
    return len(set(text) & set(query)) / len(together) >= SIMILAR


def test_the_rule_sees_a_copied_query_and_lets_a_neighbour_pass() -> None:
    query = tokens("śmieci nie odebrane od tygodnia")
    assert names(tokens("Smieci nie odebrane od tygodnia!"), query)
    assert names(tokens("Co zrobić, gdy śmieci nie odebrane od tygodnia?"), query)
    assert names(tokens("śmieci od tygodnia nie odebrane"), query)  # the same words in another order
    assert not names(tokens("Śmieciarka nie przyjechała, co zrobić?"), query)
    assert not names(tokens("śmieci"), tokens("śmieci odbiór"))


def test_no_question_of_the_demo_base_names_an_evaluation_query() -> None:
    queries = evaluation_queries()
    assert len(queries) >= 850  # all four files were read
    articles = _lines(DEMO_BASE)
    assert sum(len(article["questions"]) for article in articles) >= 3 * len(articles)
    naming = {
        article["id"]: count
        for article in articles
        if (count := sum(names(tokens(question), query) for question in article["questions"] for query in queries))
    }
    assert naming == {}, f"questions naming evaluation queries, by article: {naming}"


def shipped_synonyms() -> list[list[str]]:
    """The groups a new installation starts with, read from the migrations that insert them: the database's table
    is the editors' list and may hold anything (another test's, or none after a test that empties every table)."""
    groups: list[list[str]] = []
    for name, attribute in SHIPPED:
        spec = importlib.util.spec_from_file_location(f"shipped_{name}", MIGRATIONS / name)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        groups.extend(getattr(module, attribute))
    return groups


def test_no_shipped_synonym_is_an_evaluation_query() -> None:
    queries = set(evaluation_queries())
    groups = shipped_synonyms()
    assert len(groups) >= 70  # every migration's list was read
    naming = [term for terms in groups for term in terms if tokens(term) in queries]
    assert len(naming) == 0, f"{len(naming)} shipped synonym terms are whole evaluation queries"


def test_the_held_out_part_holds_no_query_of_the_tuning_part() -> None:
    """A query tuned on is not held out, whatever file it is in (compared as words folded, so a copy with other
    letters or punctuation counts too). A failure gives a count, not the queries."""
    tuning = {tokens(item["q"]) for item in _lines(DATA / "kb_callers_tune.jsonl")}
    held_out = [tokens(item["q"]) for item in _lines(DATA / "kb_callers_heldout.jsonl")]
    assert len(tuning) >= 1000
    assert len(held_out) >= 300
    copies = sum(query in tuning for query in held_out)
    assert copies == 0, f"{copies} held-out queries are tuning queries"
