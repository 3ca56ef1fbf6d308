"""The second look at a search's first results: the letters a query shares with an article (knowledge.grams)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from knowledge import contrast, grams, index, ranking, search


def slugs(text: str) -> list[str]:
    return [hit.slug for hit in search.search(text, 10).hits]


def test_grams_are_letters_of_folded_words_with_their_boundaries() -> None:
    found = grams.grams("Cisza NOCNA przez blok")
    assert set(found) == {"|cis", "cisz", "isza", "sza|", "|noc", "nocn", "ocna", "cna|", "|blo", "blok", "lok|"}
    assert grams.grams("Łąka") == grams.grams("laka")  # folded: Polish letters or not
    assert grams.grams("noc, noc")["|noc"] == 2
    assert grams.grams("ul.")["|ul|"] == 1  # a short word is one n-gram, whole
    assert grams.grams("i w przez gdzie") == {}  # stop words only


def test_an_article_vector_is_sorted_and_of_unit_length() -> None:
    distinct, keys, weights = grams.vector(["Wywóz śmieci", "Kiedy przyjedzie śmieciarka?"])
    assert set(distinct.split()) == set(grams.grams("Wywóz śmieci Kiedy przyjedzie śmieciarka?"))
    hashes = np.frombuffer(keys, dtype=np.uint32)
    assert list(hashes) == sorted(hashes)
    assert len(set(hashes)) == len(hashes)
    values = np.frombuffer(weights, dtype=np.float16).astype(np.float64)
    assert np.dot(values, values) == pytest.approx(1.0, rel=0.01)
    assert grams.vector(["", "i w"]) == ("", b"", b"")


def test_a_query_is_most_like_the_article_that_shares_its_letters(publish: Any) -> None:
    publish("skarga", "Skargi na obsługę w autobusach", "Chamstwo kierowcy albo kontrolera zgłoś przewoźnikowi.")
    publish("bilety", "Bilety komunikacji miejskiej", "Bilet kupisz w automacie.")
    publish("basen", "Baseny miejskie", "Pływalnie są czynne codziennie.")

    def similarity(text: str, slug: str) -> float:
        with index.open_index().searcher() as searcher:
            fields = searcher.stored_fields(searcher.document_number(slug=slug))
            return grams.Query(text, searcher).similarity(fields["gram_keys"], fields["gram_weights"])

    assert similarity("chamski kierowca", "skarga") > 0.1
    assert similarity("chamski kierowca", "bilety") < similarity("chamski kierowca", "skarga") / 4
    assert similarity("Chamstwo kierowcy albo kontrolera", "skarga") > similarity("chamski kierowca", "skarga")
    assert similarity("zzzz qqqq", "skarga") == 0.0  # letters no article has: nothing to compare


def test_the_similarity_is_a_cosine_however_many_articles_there_are(publish: Any) -> None:
    # rarity weighs the query's n-grams: among nine articles an n-gram only one has weighs ln(10/2) > 1, and a
    # similarity divided by anything but the weighted vector's own length would pass 1 and grow with the base
    topics = [
        "Baseny miejskie",
        "Dowód osobisty",
        "Podatek od nieruchomości",
        "Strefa płatnego parkowania",
        "Zameldowanie",
        "Karta Dużej Rodziny",
        "Wycinka drzew",
        "Cmentarz komunalny",
    ]
    for number, title in enumerate(topics):
        publish(f"t{number}", title, f"{title}: informacje w urzędzie.")
    publish("skarga", "Skargi na obsługę w autobusach", "Chamstwo kierowcy albo kontrolera zgłoś przewoźnikowi.")
    with index.open_index().searcher() as searcher:
        fields = searcher.stored_fields(searcher.document_number(slug="skarga"))
        whole = grams.Query(
            "Skargi na obsługę w autobusach. Chamstwo kierowcy albo kontrolera zgłoś przewoźnikowi.", searcher
        )
        part = grams.Query("chamski kierowca", searcher)
        assert 0.9 < whole.similarity(fields["gram_keys"], fields["gram_weights"]) <= 1.001  # its own words: near 1
        assert 0.0 < part.similarity(fields["gram_keys"], fields["gram_weights"]) < 0.9


def test_the_letters_order_close_neighbours_and_only_them(publish: Any, monkeypatch: Any) -> None:
    # "chamski" is no key of any article; by words both articles have "kierowca" once and score nearly alike, the
    # tickets' article a little higher; the complaints' article shares the caller's letters ("chamstwo")
    publish("bilety", "Bilety w autobusie", "Kierowca sprzedaje bilety jednorazowe; okresowe kupisz w automacie.")
    publish("skarga", "Skargi na obsługę w autobusach", "Chamstwo kierowcy lub spóźnienie zgłoś przewoźnikowi.")
    publish("strefa", "Strefa płatnego parkowania", "Strefa obowiązuje w dni robocze.")
    publish("basen", "Baseny miejskie", "Pływalnie są czynne codziennie.")
    publish("dowod", "Dowód osobisty", "Wniosek składa się w urzędzie.")
    monkeypatch.setattr(contrast, "WEIGHT", 0.0)  # the letters' look alone (knowledge.contrast has letters too)
    with monkeypatch.context() as words_only:
        words_only.setattr(grams, "GRAM_WEIGHT", 0.0)
        by_words = slugs("kierowca był chamski")
    assert by_words[0] == "bilety"
    assert slugs("kierowca był chamski")[0] == "skarga"
    assert slugs("parkowanie") == ["strefa"]  # one result: nothing to reorder


def test_only_the_first_results_are_looked_at_again(publish: Any, monkeypatch: Any) -> None:
    for number in range(4):
        publish(f"a{number}", f"Harmonogram odbioru {number}", "Odpady odbiera firma. " * (number + 1))
    monkeypatch.setattr(ranking, "RERANK_DEPTH", 2)
    monkeypatch.setattr(grams, "GRAM_WEIGHT", 0.0)
    plain = search.search("harmonogram odpadów", 10).hits
    monkeypatch.setattr(grams, "GRAM_WEIGHT", 50.0)
    looked = search.search("harmonogram odpadów", 10).hits
    assert [hit.slug for hit in looked[2:]] == [hit.slug for hit in plain[2:]]
    assert [hit.score for hit in looked[2:]] == [hit.score for hit in plain[2:]]
