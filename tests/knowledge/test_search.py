"""Polish search as callers type: inflection, missing Polish letters, typos, synonyms, field boosts, filters."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cct import db
from cct.auth.actors import SYSTEM
from cct.lemmas import WORD, analyse_query, derivation_key, known_edits, query_keys, text_keys
from cct.polish import fold
from knowledge import grams, index, ranking, search, snippets
from knowledge import operations as kb
from knowledge import queries as kb_queries
from tests.knowledge.conftest import run_jobs


def slugs(text: str, **filters: Any) -> list[str]:
    return [hit.slug for hit in search.search(text, 10, **filters).hits]


@pytest.fixture
def base(publish: Any) -> Any:
    publish(
        "odpady-harmonogram",
        "Harmonogram odbioru odpadów",
        "Śmieci odbiera firma według harmonogramu.",
        unit="DGK",
        tags=("śmieci", "wywóz"),
    )
    publish(
        "prawo-jazdy",
        "Wymiana prawa jazdy",
        "Wniosek o wymianę prawa jazdy składa się w wydziale.",
        unit="DSO-P",
        tags=("prawo jazdy",),
    )
    publish("dowod", "Dowód osobisty", "Dowód osobisty wydaje się w ciągu 30 dni.", unit="DSO")
    publish("latarnie", "Niedziałające latarnie", "Zgłoś lampę, która nie świeci.", unit="ZDT", visibility="internal")
    return publish


def test_analysis_reduces_inflected_forms_to_one_folded_key() -> None:
    assert query_keys("śmieciami") == query_keys("śmieci") == ("smiec",)
    assert query_keys("samochodu") == ("samochod",)
    assert fold("Źdźbło ŁĄKI") == "zdzblo laki"


def test_words_typed_without_polish_letters_are_restored() -> None:
    assert "smiec" in query_keys("smieciami")
    assert "zaswiadczenie" in query_keys("zaswiadczenia")


def test_stop_words_and_question_fillers_are_dropped() -> None:
    assert [w.text for w in analyse_query("ile kosztuje wymiana dowodu i gdzie")] == ["kosztuje", "wymiana", "dowodu"]


def test_inflection_and_missing_polish_letters(base: Any) -> None:
    assert slugs("wywóz śmieci")[0] == "odpady-harmonogram"
    assert slugs("smieciami")[0] == "odpady-harmonogram"
    assert slugs("dowodu osobistego")[0] == "dowod"
    assert slugs("wymienic prawo jazdy")[0] == "prawo-jazdy"


def test_words_derived_from_one_another_meet_on_a_weaker_key(publish: Any) -> None:
    assert derivation_key(query_keys("nocna")[0]) == derivation_key(query_keys("nocy")[0]) == "~noc"
    assert derivation_key(query_keys("świecąca")[0]) == derivation_key(query_keys("świeci")[0]) == "~swiec"
    publish("cisza", "Cisza nocna", "Zakłócanie spokoju zgłasza się Straży Miejskiej.", unit="SM")
    publish("park", "Oświetlenie parku", "Lampa w parku należy do miasta.")  # older: first on a tie
    publish("latarnie", "Oświetlenie uliczne", "Lampa świecąca za słabo też jest usterką.")
    publish("koncerty", "Koncerty w parku", "Koncert w nocy? Tylko za zgodą miasta.")
    assert slugs("glosno w nocy")[0] == "koncerty"  # the word itself first,
    assert "cisza" in slugs("glosno w nocy")  # the derived one found too, below it
    assert slugs("lampa nie świeci")[0] == "latarnie"


def test_a_diminutive_meets_the_word_it_diminishes(publish: Any) -> None:
    assert derivation_key(query_keys("dowodzik")[0]) == derivation_key(query_keys("dowód")[0]) == "~dowod"
    assert derivation_key(query_keys("melduneczek")[0]) == derivation_key(query_keys("meldunku")[0])
    assert derivation_key(query_keys("karteczka")[0]) == derivation_key(query_keys("karta")[0])
    assert derivation_key("chodnik") != derivation_key("chod")  # "-nik" makes a doer or a thing, not a small one
    publish("meldunek", "Meldunek na pobyt czasowy", "Meldunek załatwisz w urzędzie.")
    publish("dowod", "Dowód osobisty", "Wniosek o dowód składa się w urzędzie.")
    assert slugs("melduneczek na studia")[0] == "meldunek"  # three edits from "meldunek": no typo fallback


def test_a_hyphenated_compound_is_found_as_callers_write_it(publish: Any) -> None:
    assert {"e-doreczenia", "edoreczenia"} <= set(text_keys("Złóż przez e-Doręczenia").split())  # press, chancery
    assert text_keys("e-mail").split() == ["e-mail", "email", "mail"]  # a part: a word of three letters or more
    assert text_keys("IN-1").split() == ["in-1", "in1"]
    publish("edowod", "Zgubiony e-dowód", "Zawieś certyfikaty e-dowodu przez internet.", unit="DSO")
    publish("in1", "Informacja IN-1", "Formularz IN-1 składa osoba fizyczna.", unit="DGK")
    publish("dowod", "Dowód osobisty", "Wniosek o wydanie składa się w urzędzie, odbiór osobiście.", unit="DSO")
    assert slugs("edowod")[0] == "edowod"  # written as one word
    assert slugs("e dowód")[0] == "edowod"  # with a space for the hyphen: the compound and its part "dowód" meet
    assert slugs("in 1") == ["in1"]  # "in" is a stop word, "1" no word of any article: only the compound meets
    assert slugs("in1") == ["in1"]
    publish("wz", "Warunki zabudowy", "Decyzję w-z wydaje urząd.", unit="DGK")
    assert slugs("w z") == ["wz"]  # two stop words side by side, a compound of the index


def test_a_word_negated_by_its_prefix_meets_the_two_words_callers_say(publish: Any) -> None:
    publish("wywoz", "Wywóz odpadów", "Odpady odbiera firma według harmonogramu.", unit="DGK")  # older: first on a tie
    publish("reklamacja", "Reklamacja odpadów", "Odpady nieodebrane w terminie zgłoś w urzędzie.", unit="DGK")
    assert slugs("nie odebrali odpadów")[0] == "reklamacja"


def test_typos_fall_back_to_fuzzy_matching(base: Any) -> None:
    assert slugs("harmonogarm")[0] == "odpady-harmonogram"
    assert slugs("osobsity")[0] == "dowod"
    # the corrected word is what the snippet marks
    assert "<mark>harmonogramu</mark>" in str(search.search("harmonogarm", 10).hits[0].snippet)


def test_a_typo_in_the_second_letter_is_corrected_too(publish: Any) -> None:
    publish("swiatla", "Awaria sygnalizacji świetlnej", "Światła na skrzyżowaniu migają na żółto.", unit="ZDT")
    publish("epuap", "Skrzynka ePUAP", "Pismo przez ePUAP trafia do kancelarii.")
    # typos of words the dictionary does not know either (its one-edit words would not find them)
    assert slugs("siwatła") == ["swiatla"]  # the second and third letters swapped
    assert slugs("eupap") == ["epuap"]
    assert slugs("expuap") == ["epuap"]  # a letter slipped in second


def test_a_word_the_dictionary_knows_is_not_taken_for_a_typo(publish: Any) -> None:
    publish("rowery", "Rower miejski", "Koło roweru przebite? Zgłoś to operatorowi.")
    assert slugs("kolor") == []  # a word no article has, not a typo of "koło"
    assert slugs("kolo") == ["rowery"]  # "koło" typed without its Polish letter
    assert slugs("roweer") == ["rowery"]


def test_a_typo_of_a_form_no_article_has_is_corrected_by_the_dictionary(publish: Any) -> None:
    assert known_edits("wydzaiłów") == ("wydziałów",)
    assert "grozi" in known_edits("gozi")
    assert known_edits("działa") == ()  # a word the dictionary knows is no typo
    assert known_edits("kolo") == ()  # nor is one typed without its Polish letters ("koło"; "kilo" is one edit away)
    assert known_edits("12345") == known_edits("a" * 21) == ()  # a number, or no word: nothing guessed
    publish("kody", "Kody jednostek", "Każdy wydział ma swój kod; w wydziale podasz go przy sprawie.")
    publish("druki", "Wzory druków", "Druki do pobrania w kancelarii.")
    assert slugs("wydzaiłów") == ["kody"]  # three edits from "wydziale" and "wydział", one from "wydziałów"


def test_the_second_look_compares_the_letters_of_the_word_meant(publish: Any, monkeypatch: Any) -> None:
    publish("karta", "Białostocka Karta Miejska", "Kartę miejską wyrabia się w punkcie obsługi.")
    publish("bilety", "Bilety komunikacji miejskiej", "Bilet kupisz w automacie.")
    looked_at = []
    rerank = grams.rerank
    monkeypatch.setattr(
        grams, "rerank", lambda found, text, searcher: looked_at.append(text) or rerank(found, text, searcher)
    )
    assert slugs("zgubiona karrta miejska")[0] == "karta"
    # "zgubiona" is in no article but the dictionary knows it: no typo, it stays as typed
    assert looked_at == ["zgubiona karta miejska"]


def test_a_word_one_edit_away_is_taken_for_the_word_meant(publish: Any) -> None:
    publish("online", "Sprawy przez internet", "Przez internet złożysz wniosek. Internet, ePUAP i profil zaufany.")
    publish("wymeldowanie", "Wymeldowanie", "Wymeldowanie z pobytu stałego w urzędzie lub przez internet.")
    assert slugs("wymledowanie przez internet")[0] == "wymeldowanie"  # two letters swapped: one edit
    # it weighs nearly as much as the word typed right, its other forms (two edits away) adding nothing
    typed_right = search.search("wymeldowanie", 10).hits[0]
    one_edit = search.search("wymledowanie", 10).hits[0]
    assert one_edit.slug == typed_right.slug == "wymeldowanie"
    assert one_edit.score == pytest.approx(search.FUZZY_WEIGHTS[1] * typed_right.score, rel=0.01)


def test_synonyms_kept_by_editors(base: Any) -> None:
    assert slugs("legitymacja") == []
    assert slugs("uprawnienia kierowcy") == []
    kb.save_synonyms(SYSTEM, "legitymacja, dowód osobisty\nuprawnienia kierowcy, prawo jazdy")
    db.session.commit()
    assert slugs("legitymacja")[0] == "dowod"  # a word stands for a phrase
    assert slugs("zgubiona legitymacja")[0] == "dowod"
    assert slugs("uprawnień kierowcy")[0] == "prawo-jazdy"  # a phrase, inflected, stands for another


def test_a_word_derived_from_a_synonym_reaches_its_group_more_weakly(publish: Any) -> None:
    publish("bilety", "Bilety komunikacji miejskiej", "Bilet kupisz w kiosku.")
    publish("karty", "Karta Dużej Rodziny", "Karta dla rodzin wielodzietnych.")
    kb.save_synonyms(SYSTEM, "autobus, komunikacja miejska")
    db.session.commit()
    # "autobusowa" is no form of "autobus", but derived from it ("~autobus"): the group is reached all the same
    assert set(slugs("karta autobusowa")) == {"bilety", "karty"}
    # a synonym reached through a derived word weighs what the word's own derived key weighs, less than the word
    assert slugs("autobusowa") == ["bilety"]
    assert search.search("autobusowa", 10).hits[0].score < search.search("autobus", 10).hits[0].score


def test_shipped_synonyms(base: Any) -> None:
    assert slugs("odbiór nieczystości")[0] == "odpady-harmonogram"  # nieczystości = odpady = śmieci


def test_title_outweighs_body(publish: Any) -> None:
    publish("a-body", "Informacje ogólne", "Tu jest mowa o parkowaniu w strefie.")
    publish("b-title", "Strefa płatnego parkowania", "Opłaty i abonamenty.")
    assert slugs("parkowanie")[:2] == ["b-title", "a-body"]


def test_a_question_residents_ask_counts_like_the_title(publish: Any) -> None:
    publish("a-body", "Informacje ogólne", "Kto zgubił dowód, zgłasza to w urzędzie.")
    publish("b-question", "Utrata dokumentu tożsamości", "Zgłoś utratę.", questions=("Zgubiłem dowód, co robić?",))
    assert slugs("zgubilem dowod")[:2] == ["b-question", "a-body"]


def test_filters_and_visibility(base: Any) -> None:
    assert slugs("latarnie") == ["latarnie"]
    assert slugs("latarnie", public_only=True) == []
    assert slugs("śmieci", unit="DSO") == []
    assert slugs("śmieci", tag="wywóz") == ["odpady-harmonogram"]


def test_snippets_highlight_matches_and_escape_text(publish: Any) -> None:
    publish("html", "Hałas w nocy", "Zgłoś <b>hałas</b> straży miejskiej.", unit="SM")
    hit = search.search("hałas", 5).hits[0]
    assert re.search(r"<mark[^>]*>hałas</mark>", hit.snippet)
    assert "&lt;b&gt;" in hit.snippet  # the article's text is shown as text
    assert "<b>" not in hit.snippet


def test_snippet_shows_the_best_passages_cut_at_words_with_every_match_marked(publish: Any) -> None:
    filler = "Zdanie bez związku ze sprawą stoi tutaj. " * 8
    body = (
        f"Wstęp o urzędzie. {filler}Pojemniki na śmieci stoją przy ulicy. {filler}"
        f"Harmonogram wywozu śmieci jest w internecie. {filler}Koniec."
    )
    publish("odpady-dlugi", "Odbiór odpadów", body, unit="DGK")
    snippet = str(search.search("smieci harmonogram", 5).hits[0].snippet)
    assert re.findall(r"<mark>([^<]*)</mark>", snippet) == ["śmieci", "Harmonogram", "śmieci"]
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert " … " in snippet  # two passages from different places
    text = re.sub(r"</?mark>", "", snippet).strip(" …")
    for passage in text.split(" … "):
        assert passage in body  # whole words: a passage is a piece of the text
        assert len(passage) <= 160


def test_snippet_falls_back_to_the_title_and_then_the_start(publish: Any) -> None:
    publish("tytul", "Hałas w nocy", "Zgłoszenia przyjmuje straż miejska całą dobę.", unit="SM")
    assert str(search.search("hałasy", 5).hits[0].snippet) == "<mark>Hałas</mark> w nocy"
    assert snippets.snippet("Nic tu nie pasuje.", {"halas"}) is None
    assert str(snippets.shorten("słowo " * 50)).endswith("słowo …")


def test_snippet_matches_are_the_words_meeting_a_key_by_form_or_lemma() -> None:
    text = "Śmieciami, e-kolejka i ŚMIECI; kolejka-e. Wywóz odpadów: wywozu nie było. Über naïve śmieci."
    keys = {"smiec", "e-kolejka", "wywoz", "odpad", "~noc"}
    expected = [
        (start, end, key)
        for start, end, key in (
            (m.start(), m.end(), fold(m.group()) if fold(m.group()) in keys else query_keys(m.group().lower())[0])
            for m in WORD.finditer(text)
        )
        if key in keys
    ]
    assert [text[start:end] for start, end, _key in expected] == [
        "Śmieciami",
        "e-kolejka",
        "ŚMIECI",
        "Wywóz",
        "odpadów",
        "wywozu",
        "śmieci",
    ]
    assert snippets.matches(text, keys) == expected  # "kolejka-e" is another word, not "e-kolejka"
    accented = "Ünïcode ﬁ: śmieci"  # folding changes its length ("ﬁ" → "fi"): the positions are still the text's
    assert snippets.matches(accented, keys) == [(accented.index("ś"), len(accented), "smiec")]
    assert snippets.matches(text, {"~noc"}) == []


def test_total_counts_every_match_beyond_the_limit(publish: Any) -> None:
    for n in range(5):
        publish(f"parking-{n}", f"Parking numer {n}", "Opłata za parkowanie w strefie.", unit="ZDT")
    publish("inne", "Dowód osobisty", "Wniosek o dowód.", unit="DSO")
    found = search.search("opłata za parkowanie", 2)
    assert len(found.hits) == 2
    assert found.total == 5


def test_nothing_to_search_for(base: Any) -> None:
    assert search.search("", 10).total == 0
    assert search.search("i w na ???", 10).hits == []


def test_drafts_and_archived_articles_are_not_found(base: Any, units: Any) -> None:
    kb.archive(SYSTEM, kb_queries.by_slug("dowod"))
    draft = kb.save(
        SYSTEM, kb.ArticleInput(title="Dowód tymczasowy", body="Szkic", unit="DSO", tags=[], visibility="public")
    )
    db.session.commit()
    assert slugs("dowód") == []  # the database decides at once, before the index job has run
    run_jobs(units)
    assert slugs("dowód") == []
    assert draft.slug not in slugs("tymczasowy")


def test_an_article_whose_changes_wait_for_review_is_still_found(base: Any, units: Any) -> None:
    """Defect (review): a search dropped every article not in the status "published", so one whose unit was editing
    it (a draft or a revision in review over the published one) vanished from agents' and residents' searches."""
    article = kb_queries.by_slug("dowod")
    kb.save(SYSTEM, kb.ArticleInput.of(article, article.unit.code, body="SZKIC: nie publikować"), article=article)
    db.session.commit()
    run_jobs(units)
    assert article.status == "draft"
    assert slugs("dowód")[0] == "dowod"  # its published revision, as readers see it
    assert [hit.slug for hit in search.search("dowód", 5, public_only=True).hits][0] == "dowod"
    assert "SZKIC" not in search.search("dowód", 5).hits[0].snippet


def test_the_keys_no_article_has_are_cached_within_bounds(publish: Any, monkeypatch: Any) -> None:
    publish("dowod", "Dowód osobisty", "Wniosek o dowód składa się w urzędzie.")
    monkeypatch.setattr(ranking, "MAX_CACHED_POSTINGS", 10)
    for number in range(30):  # each query looks up keys the index lacks (its words, their compounds)
        search.search(f"dowód qq{number} zz{number}", 10)
    searcher = search._shared.current()  # noqa: SLF001
    leaf = search._ranker(searcher).leaves[0][0]  # noqa: SLF001
    assert len(leaf.postings) <= 10


def test_a_searcher_reads_its_articles_after_a_writer_merged_their_segments_away(base: Any) -> None:
    """The job worker indexes an article while another thread's searcher is open: the writer may merge the segments
    the searcher reads and delete their files. The searcher opens its stored fields when it is made, so it still
    reads them (the files stay readable once open), rather than failing at its first document."""
    assert slugs("dowód")  # the process's searcher, made after the four articles' jobs
    searcher = search._shared.current()  # noqa: SLF001 - the searcher a search in flight holds
    segments = {reader.segment().segment_id() for reader, _offset in searcher.reader().leaf_readers()}
    assert len(segments) > 1
    with index.open_index().writer() as writer:
        writer.optimize = True  # every segment merged into one, the old files deleted
    left = {path.name for path in index.index_dir().iterdir()}
    assert not any(segment in name for segment in segments for name in left)  # their files are gone
    titles = {searcher.stored_fields(docnum)["title"] for docnum in searcher.reader().all_doc_ids()}
    assert titles == {"Harmonogram odbioru odpadów", "Wymiana prawa jazdy", "Dowód osobisty", "Niedziałające latarnie"}


def test_each_article_counts_once_after_a_writer_merged_the_segments_a_searcher_read(base: Any) -> None:
    """whoosh-reloaded's searcher.refresh() keeps the segments a merge replaced beside the merged one, so their
    articles count twice, and again after each merge (a served index's query matched 45, then 304 documents over
    forty searches while the job worker indexed an import, its distinct results falling from 10 to 1). The search
    opens a new searcher when the index has changed."""
    before = search.search("prawo jazdy dowód odpady", 10)
    assert before.total == 3
    for _merge in range(2):
        with index.open_index().writer() as writer:
            writer.optimize = True  # every segment merged into one
        after = search.search("prawo jazdy dowód odpady", 10)
        assert after.total == before.total
        assert [hit.slug for hit in after.hits] == [hit.slug for hit in before.hits]


def test_a_searcher_that_cannot_be_opened_again_leaves_the_search_working(
    base: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index changed and the new searcher fails to open (another process's files gone half-way): the search is
    retried and answers, and the next ones too (the old searcher was not closed before its successor opened)."""
    assert slugs("prawo jazdy") == ["prawo-jazdy"]
    with index.open_index().writer() as writer:
        writer.optimize = True  # the index changed: the next search wants a new searcher
    real = type(index.open_index()).searcher
    failures = []

    def failing_once(ix: Any, **kwargs: Any) -> Any:
        if not failures:
            failures.append(1)
            raise OSError("a segment's file vanished")
        return real(ix, **kwargs)

    monkeypatch.setattr(type(index.open_index()), "searcher", failing_once)
    assert slugs("prawo jazdy") == ["prawo-jazdy"]
    assert failures == [1]
    assert slugs("prawo jazdy") == ["prawo-jazdy"]
