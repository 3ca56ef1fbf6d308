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
from knowledge import contrast, index, search
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


def test_the_same_texts_give_the_same_weights() -> None:
    first = _weights("prawo-jazdy-x", LICENCE)
    assert _weights("prawo-jazdy-x", LICENCE) == first
    assert _weights("prawo-jazdy-x", LICENCE[:2]) != first


def test_an_article_without_a_word_has_no_weights() -> None:
    assert _weights("pusty", ["", "  ", "i w z"]) == (b"", b"")


def _shipped() -> dict[str, dict[str, Any]]:
    lines = resources.files("knowledge").joinpath(contrast.BACKGROUND_FILE).read_text("utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, filter(str.strip, lines))}


def test_the_background_ships_one_article_more_than_it_uses_each_with_words() -> None:
    shipped = _shipped()
    assert len(shipped) == contrast.BACKGROUND + 1
    assert list(contrast.background()) == list(shipped)
    assert all(contrast.background()[slug] for slug in shipped)  # every one has texts with words


def test_an_article_of_the_background_is_told_apart_from_the_others_not_from_itself() -> None:
    slug, record = next(iter(_shipped().items()))
    texts = [record["title"], *record["questions"]]
    title = contrast.features(record["title"])
    itself = contrast.score(title, *_weights(slug, texts))
    copy = contrast.score(title, *_weights(f"{slug}-kopia", texts))  # its own texts among the negatives too
    # (as a copy its title still scores: the texts its weights came from are more than the background's copy)
    assert itself > 1.4 * copy > 0


def test_without_a_background_no_article_has_weights_and_the_words_rank(
    publish: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(contrast, "BACKGROUND_FILE", "data/no-such-file.jsonl")
    contrast.background.cache_clear()
    contrast._background_source.cache_clear()  # noqa: SLF001 - the file is read once per process
    try:
        assert _weights("prawo-jazdy-x", LICENCE) == (b"", b"")
        assert "no background for knowledge.contrast" in caplog.text
        publish("prawo-jazdy-odbior", LICENCE[0], " ".join(LICENCE[4:]), unit="DSO", questions=tuple(LICENCE[1:3]))
        publish("basen", "Baseny miejskie", "Pływalnie są czynne codziennie.", unit="DSO")
        assert _first("odebrać prawo jazdy") == "prawo-jazdy-odbior"
    finally:
        monkeypatch.undo()
        contrast.background.cache_clear()
        contrast._background_source.cache_clear()  # noqa: SLF001


def test_a_candidate_without_weights_keeps_its_place() -> None:
    keys, weights = _weights("prawo-jazdy-odbior", LICENCE)
    other_keys, other_weights = _weights("basen", ["Baseny miejskie", "Pływalnie są czynne codziennie."])
    found = [
        ({"slug": "basen", contrast.CONTRAST_KEYS: other_keys, contrast.CONTRAST_WEIGHTS: other_weights}, 10.0),
        ({"slug": "bez-slow", contrast.CONTRAST_KEYS: b"", contrast.CONTRAST_WEIGHTS: b""}, 9.0),
        ({"slug": "prawo-jazdy-odbior", contrast.CONTRAST_KEYS: keys, contrast.CONTRAST_WEIGHTS: weights}, 8.0),
    ]
    reordered = contrast.rerank(found, "odebrać prawo jazdy")
    scores = {fields["slug"]: score for fields, score in reordered}
    assert reordered[0][0]["slug"] == "prawo-jazdy-odbior"
    assert scores["prawo-jazdy-odbior"] > 8.0
    assert scores["basen"] < 10.0
    assert scores["bez-slow"] == 9.0  # scored as the others' mean: no bonus, no loss
    assert contrast.rerank(found[1:2] + found[:1], "odebrać prawo jazdy") == found[1:2] + found[:1]  # one weighted


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


def test_an_articles_stored_weights_do_not_change_when_other_articles_do(publish: Any) -> None:
    publish("prawo-jazdy-odbior", LICENCE[0], " ".join(LICENCE[4:]), unit="DSO", questions=tuple(LICENCE[1:3]))
    stored = _stored("prawo-jazdy-odbior")
    publish("prawo-jazdy-wymiana", "Wymiana prawa jazdy", "Zniszczone prawo jazdy wymienia się w urzędzie.", unit="DSO")
    publish("dowod", "Odbiór dowodu osobistego", "Dowód odbiera się osobiście.", unit="DSO")
    assert _stored("prawo-jazdy-odbior") == stored


def _stored(slug: str) -> tuple[bytes, bytes]:
    with index.open_index().searcher() as searcher:
        fields = searcher.document(slug=slug)
    return fields[contrast.CONTRAST_KEYS], fields[contrast.CONTRAST_WEIGHTS]


def test_the_index_keeps_each_articles_weights(publish: Any) -> None:
    publish("prawo-jazdy-odbior", LICENCE[0], " ".join(LICENCE[4:]), unit="DSO", questions=tuple(LICENCE[1:3]))
    with index.open_index().searcher() as searcher:
        stored = searcher.document(slug="prawo-jazdy-odbior")
    keys = np.frombuffer(stored[contrast.CONTRAST_KEYS], dtype=np.uint32)
    weights = np.frombuffer(stored[contrast.CONTRAST_WEIGHTS], dtype=np.float16)
    assert len(keys) == len(weights) > 20  # the first article of an empty base is told apart from the background
    assert contrast.score(contrast.features("odebrać"), keys.tobytes(), weights.tobytes()) > 0


def test_weights_of_another_form_rebuild_the_index(publish: Any, index_dir: Path, monkeypatch: Any) -> None:
    """After an upgrade that changes what the weights are made of (FORM) or the background, the index is rebuilt:
    no article keeps weights made otherwise."""
    publish("prawo-jazdy-odbior", LICENCE[0], " ".join(LICENCE[4:]), unit="DSO", questions=tuple(LICENCE[1:3]))
    version = (index_dir / "cct-schema-version").read_text()
    assert version == f"{index.SCHEMA_VERSION}+contrast-{contrast.background_digest()}"
    monkeypatch.setattr(contrast, "FORM", "another form")
    monkeypatch.setattr(contrast, "REGULARISATION", 1.0)  # what the other form would change
    index.forget()
    search.forget_searcher()
    assert _first("odebrać prawo jazdy") == "prawo-jazdy-odbior"
    assert (index_dir / "cct-schema-version").read_text() != version
    assert _stored("prawo-jazdy-odbior") == _weights(
        "prawo-jazdy-odbior", contrast.texts(LICENCE[0], LICENCE[1:3], "", " ".join(LICENCE[4:]))
    )
