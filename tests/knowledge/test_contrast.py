"""The search's look at what sets each article apart (knowledge.contrast): weights learnt from an article's own texts
against a fixed background of city-hall language, kept in the index, reorder the first results; they depend on the
article's texts alone, and another background rebuilds the index."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cct import db
from cct.auth.actors import SYSTEM
from knowledge import contrast, index, ranking, search
from knowledge import operations as kb
from tests.knowledge.conftest import run_jobs

LICENCE = [
    "Odbiór prawa jazdy",
    "Kiedy mogę odebrać prawo jazdy?",
    "Czy ktoś może odebrać prawo jazdy za mnie?",
    "prawo jazdy, odbiór",
    "Prawo jazdy odbiera się osobiście w urzędzie, po powiadomieniu, że dokument jest gotowy.",
    "Wniosek o prawo jazdy składa się w urzędzie w godzinach jego pracy.",
]


def _weights(slug: str, texts: list[str]) -> tuple[bytes, bytes]:
    return contrast.weights(slug, texts)


def test_an_articles_own_words_weigh_more_than_the_city_halls_everyday_ones() -> None:
    keys, weights = _weights("prawo-jazdy-x", LICENCE)
    hashes = np.frombuffer(keys, dtype=np.uint32)
    assert list(hashes) == sorted(hashes)
    assert len(weights) == 2 * len(hashes)  # uint32 hashes, a float16 each
    own = contrast.score(contrast.features("odebrać"), keys, weights)
    for everyday in ("wniosek", "dokument"):  # in its texts, and in those of every other office matter
        assert own > 3 * contrast.score(contrast.features(everyday), keys, weights) > 0
    assert contrast.score(contrast.features("basen"), keys, weights) == 0.0  # no word of its texts


def test_an_articles_weights_depend_on_its_own_texts_alone() -> None:
    first = _weights("prawo-jazdy-x", LICENCE)
    assert _weights("prawo-jazdy-x", LICENCE) == first
    assert _weights("prawo-jazdy-x", LICENCE[:2]) != first


def test_an_article_without_a_word_has_no_weights() -> None:
    assert _weights("pusty", ["", "  ", "i w z"]) == (b"", b"")


def test_an_article_of_the_background_is_told_apart_from_the_others_not_from_itself() -> None:
    slug = next(iter(contrast.background()))
    shipped = {
        record["id"]: record
        for line in resources.files("knowledge").joinpath(contrast.BACKGROUND_FILE).read_text("utf-8").splitlines()
        if (record := json.loads(line))
    }
    texts = [shipped[slug]["title"], *shipped[slug]["questions"]]
    title = contrast.features(shipped[slug]["title"])
    itself = contrast.score(title, *_weights(slug, texts))
    copy = contrast.score(title, *_weights(f"{slug}-kopia", texts))  # its own texts among the negatives
    assert itself > 1.4 * copy


def test_close_scores_stay_close_and_far_ones_a_deviation_apart() -> None:
    assert ranking.standing([1.0, 1.001], 0.1) == pytest.approx([-0.1, 0.1])
    assert ranking.standing([1.0, 1.001], 0.1, least_spread=1.0) == pytest.approx([-0.00005, 0.00005])
    assert ranking.standing([1.0, 5.0], 0.1, least_spread=1.0) == pytest.approx([-0.1, 0.1])
    assert ranking.standing([2.0, 2.0, 2.0], 0.1) == [0.0, 0.0, 0.0]


@pytest.fixture
def demo_base(units: Any) -> None:
    lines = resources.files("knowledge").joinpath("data/demo_articles.jsonl").read_text(encoding="utf-8")
    kb.import_articles(SYSTEM, lines.splitlines(), create_units=True)
    db.session.commit()
    run_jobs(units)


def _first(text: str) -> str:
    return search.search(text, 5, learned=False).hits[0].slug


def test_what_sets_an_article_apart_puts_it_first(demo_base: None, monkeypatch: Any) -> None:
    # The words find the power of attorney first ("odebrać za mnie", "mąż"); the caller asks who may collect an ID
    # card, which only the collection article's own words answer ("dowodu nie może odebrać za Ciebie inna osoba")
    asked = "mąż chce odebrać mój dowód bo jestem w szpitalu"
    with monkeypatch.context() as without:
        without.setattr(contrast, "WEIGHT", 0.0)
        assert _first(asked) == "pelnomocnictwo"
    assert _first(asked) == "dowod-osobisty-odbior"


def test_the_index_keeps_each_articles_weights(publish: Any) -> None:
    publish("prawo-jazdy-odbior", LICENCE[0], " ".join(LICENCE[4:]), unit="DSO", questions=tuple(LICENCE[1:3]))
    with index.open_index().searcher() as searcher:
        stored = searcher.document(slug="prawo-jazdy-odbior")
    keys = np.frombuffer(stored[contrast.CONTRAST_KEYS], dtype=np.uint32)
    weights = np.frombuffer(stored[contrast.CONTRAST_WEIGHTS], dtype=np.float16)
    assert len(keys) == len(weights) > 20  # the first article of an empty base is told apart from the background
    assert contrast.score(contrast.features("odebrać"), keys.tobytes(), weights.tobytes()) > 0


def test_another_background_rebuilds_the_index(publish: Any, index_dir: Path, monkeypatch: Any) -> None:
    publish("prawo-jazdy-odbior", LICENCE[0], " ".join(LICENCE[4:]), unit="DSO", questions=tuple(LICENCE[1:3]))
    with index.open_index().searcher() as searcher:
        before = searcher.document(slug="prawo-jazdy-odbior")[contrast.CONTRAST_WEIGHTS]
    version = (index_dir / "cct-schema-version").read_text()
    assert contrast.background_digest() in version
    monkeypatch.setattr(contrast, "BACKGROUND", 5)
    contrast.background.cache_clear()
    try:
        index.forget()
        search.forget_searcher()
        assert _first("odebrać prawo jazdy") == "prawo-jazdy-odbior"
        assert (index_dir / "cct-schema-version").read_text() != version
        with index.open_index().searcher() as searcher:
            assert searcher.document(slug="prawo-jazdy-odbior")[contrast.CONTRAST_WEIGHTS] != before
    finally:
        monkeypatch.undo()
        contrast.background.cache_clear()
