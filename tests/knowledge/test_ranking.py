"""The vectorised BM25F ranking gives Whoosh's own scores and order, over several segments and with deletions; a word's
keys count by the best of them."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import fields, index, query, scoring

from knowledge import ranking

FIELD = "text"
WORDS = "odpad harmonogram dowod wniosek latarnia ulica autobus bilet pies drzewo podatek meldunek".split()  # noqa: SIM905


@pytest.fixture
def searcher(tmp_path: Path) -> Any:
    """An index of 300 documents in three segments, some documents deleted, term frequencies and lengths varied."""
    schema = fields.Schema(slug=fields.ID(stored=True, unique=True), text=fields.TEXT, unit=fields.ID(stored=True))
    ix = index.create_in(str(tmp_path), schema)
    rng = random.Random(5)
    for part in range(3):
        writer = ix.writer()
        for n in range(part * 100, part * 100 + 100):
            text = " ".join(rng.choices(WORDS[: 4 + n % 9], k=rng.randint(2, 40)))
            writer.add_document(slug=f"d{n}", text=text, unit="ZDT" if n % 3 else "DGK")
        writer.commit(merge=False)
    writer = ix.writer()
    for n in (3, 150, 151, 299):
        writer.delete_by_term("slug", f"d{n}")
    writer.commit(merge=False)
    with ix.searcher(weighting=scoring.BM25F(B=ranking.B, K1=ranking.K1)) as opened:
        assert len(opened.reader().leaf_readers()) == 3
        assert opened.reader().has_deletions()
        yield opened


def whoosh_ranking(searcher: Any, clauses: list[ranking.Clause], **options: Any) -> list[tuple[int, float]]:
    """The reference the ranking must agree with, from Whoosh's own scores: a phrase's as Whoosh's And of its keys,
    a word's as the best of its keys' (not Whoosh's DisjunctionMax: its matcher takes the max of both sides' scores
    even where they stand on different documents), each times its boost, summed over the clauses; best first, then
    the older document."""
    scores: dict[int, float] = {}
    for clause in clauses:
        terms = [query.Term(FIELD, key) for key in clause.keys]
        best: dict[int, float] = {}
        for found in [query.And(terms)] if clause.every_key else terms:
            for hit in searcher.search(found, limit=None, **options):
                best[hit.docnum] = max(best.get(hit.docnum, 0.0), hit.score)
        for docnum, score in best.items():
            scores[docnum] = scores.get(docnum, 0.0) + score * clause.boost
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


CASES = [
    [ranking.Clause(("odpad",))],
    [ranking.Clause(("dowod", "wniosek")), ranking.Clause(("ulica",), 0.5)],
    [ranking.Clause(("latarnia",)), ranking.Clause(("autobus", "bilet"), 0.7, every_key=True)],
    [ranking.Clause(("pies",)), ranking.Clause(("drzewo",)), ranking.Clause(("meldunek",), 0.7)],
    [ranking.Clause(("harmonogram", "nieznane")), ranking.Clause(("podatek", "pies"), 0.7, every_key=True)],
]


@pytest.mark.parametrize("clauses", CASES)
def test_scores_and_order_are_whooshs_bm25f(searcher: Any, clauses: list[ranking.Clause]) -> None:
    expected = whoosh_ranking(searcher, clauses)
    ranked = ranking.Ranker(searcher, FIELD).rank(clauses, 1000)
    assert ranked.total == len(expected) > 0
    assert ranked.docnums == [docnum for docnum, _score in expected]
    assert ranked.scores == pytest.approx([score for _docnum, score in expected], rel=1e-6)
    assert not {3, 150, 151, 299} & {int(searcher.stored_fields(d)["slug"][1:]) for d in ranked.docnums}


def test_limit_keeps_the_best_and_counts_every_match(searcher: Any) -> None:
    clauses = CASES[1]
    everything = ranking.Ranker(searcher, FIELD).rank(clauses, 1000)
    best = ranking.Ranker(searcher, FIELD).rank(clauses, 7)
    assert best.docnums == everything.docnums[:7]
    assert best.total == everything.total > 7
    assert ranking.Ranker(searcher, FIELD).rank(clauses, 0).docnums == []


def test_ties_go_to_the_older_document(searcher: Any) -> None:
    ranker = ranking.Ranker(searcher, FIELD)
    ranked = ranker.rank([ranking.Clause(("odpad",))], 1000)
    pairs = list(zip(ranked.scores, ranked.docnums, strict=True))
    assert pairs == sorted(pairs, key=lambda pair: (-pair[0], pair[1]))
    assert len(set(ranked.scores)) < len(ranked.scores)  # the corpus has ties, so the order among them was checked


def test_filter_mask_narrows_the_results(searcher: Any) -> None:
    ranker = ranking.Ranker(searcher, FIELD)
    allowed = ranker.mask(searcher.docs_for_query(query.Term("unit", "DGK")))
    ranked = ranker.rank(CASES[1], 1000, allowed)
    assert ranked.docnums
    assert {searcher.stored_fields(d)["unit"] for d in ranked.docnums} == {"DGK"}
    expected = whoosh_ranking(searcher, CASES[1], filter=query.Term("unit", "DGK"))
    assert ranked.docnums == [docnum for docnum, _score in expected]


def test_keys_starting_with_a_prefix_come_from_every_segment(searcher: Any) -> None:
    ranker = ranking.Ranker(searcher, FIELD)
    assert ranker.keys_starting("po") == ["podatek"]
    assert ranker.keys_starting("d") == ["dowod", "drzewo"]
    assert ranker.keys_starting("zz") == []


def test_a_full_posting_cache_is_emptied_and_refilled(searcher: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = ranking.Ranker(searcher, FIELD).rank(CASES[3], 1000)
    monkeypatch.setattr(ranking, "MAX_CACHED_POSTINGS", 40)
    for leaf, _offset in searcher.reader().leaf_readers():
        leaf.__dict__.pop("_cct_leaf", None)
    ranker = ranking.Ranker(searcher, FIELD)
    assert ranker.rank(CASES[3], 1000) == expected
    assert all(leaf.cached <= 40 for leaf, _offset in ranker.leaves)


def test_a_long_posting_list_is_read_whole_a_block_at_a_time(tmp_path: Path) -> None:
    """Whoosh writes a posting list in blocks of 128: a key in 1,000 documents, some deleted, is read block by block
    into the same postings the matcher hands out one by one, and scores as Whoosh scores it."""
    schema = fields.Schema(slug=fields.ID(stored=True, unique=True), text=fields.TEXT)
    ix = index.create_in(str(tmp_path), schema)
    writer = ix.writer()
    for n in range(1000):
        writer.add_document(slug=f"d{n}", text="odpad " * (1 + n % 5) + ("pies" if n % 7 else "drzewo"))
    writer.commit()
    writer = ix.writer()
    for n in (0, 500, 999):
        writer.delete_by_term("slug", f"d{n}")
    writer.commit(merge=False)
    with ix.searcher(weighting=scoring.BM25F(B=ranking.B, K1=ranking.K1)) as opened:
        (reader, _offset), *_others = opened.reader().leaf_readers()
        walked: list[tuple[int, float]] = []
        matcher = reader.postings(FIELD, "odpad")
        while matcher.is_active():
            walked.append((matcher.id(), matcher.weight()))
            matcher.next()
        assert len(walked) == 997  # the deleted ones filtered out
        docnums, weights = ranking._leaf(reader, FIELD).posting("odpad")
        assert len(docnums) == 1000  # read whole: the ranker masks the deleted ones
        assert [(int(d), float(w)) for d, w in zip(docnums, weights, strict=True) if d not in (0, 500, 999)] == walked
        ranked = ranking.Ranker(opened, FIELD).rank(CASES[0], 1000)
        reference = whoosh_ranking(opened, CASES[0])
        assert ranked.docnums == [docnum for docnum, _score in reference]
        assert ranked.scores == pytest.approx([score for _docnum, score in reference])


def test_standing_puts_values_a_deviation_apart_unless_they_differ_by_a_hair() -> None:
    assert ranking.standing([1.0, 1.001], 0.1) == pytest.approx([-0.1, 0.1])
    assert ranking.standing([1.0, 1.001], 0.1, least_spread=1.0) == pytest.approx([-0.00005, 0.00005])
    assert ranking.standing([1.0, 5.0], 0.1, least_spread=1.0) == pytest.approx([-0.1, 0.1])
    assert ranking.standing([2.0, 2.0, 2.0], 0.1) == [0.0, 0.0, 0.0]


def test_a_second_look_reorders_the_first_results_in_units_of_the_best_score(monkeypatch: Any) -> None:
    monkeypatch.setattr(ranking, "RERANK_DEPTH", 3)
    found = [("a", 10.0), ("b", 9.0), ("c", 8.0), ("d", 7.9)]
    looked = ranking.second_look(found, lambda head: [0.0, 0.05, 0.3])
    # 10 + 0, 9 + 0.5, 8 + 3: c comes first; d, beyond the depth, stays where it was whatever it would have gained
    assert looked == [("c", pytest.approx(11.0)), ("a", 10.0), ("b", pytest.approx(9.5)), ("d", 7.9)]
    tied = [("a", 1.0), ("b", 1.0)]
    assert ranking.second_look(tied, lambda head: [0.0, 0.0]) == tied  # ties keep their order
    assert ranking.second_look(found, lambda head: None) == found  # the look has nothing to say
    assert ranking.second_look([("a", 1.0)], lambda head: [5.0]) == [("a", 1.0)]  # nothing to reorder
    seen: list[list[str]] = []
    ranking.second_look(found, lambda head: seen.append(head) or None)
    assert seen == [["a", "b", "c"]]  # the look is given the first results' fields
