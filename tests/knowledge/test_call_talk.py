"""A caller's talk about the call ("dzwonię w sprawie …", "i nie wiem, do kogo się zwrócić") is left out of a query;
the same words stay where they are the matter ("czyja to sprawa", "co powiedzieć dzwoniącemu")."""

from __future__ import annotations

from typing import Any

import pytest

from cct.lemmas import analyse_query
from knowledge import search
from knowledge.call_talk import as_written_without_call_talk, without_call_talk


def meaning(text: str) -> list[str]:
    """The words of a query that count, after its frames are left out."""
    return [word.text for word in analyse_query(without_call_talk(text))]


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("Dzień dobry, dzwonię w sprawie zwrotu podatku akcyzowego", ["zwrotu", "podatku", "akcyzowego"]),
        ("halo, mam takie pytanie: karta dużej rodziny, bo nikt mi nie umie powiedzieć", ["karta", "dużej", "rodziny"]),
        ("dzien dobry, chcialabym zapytac o zasilek celowy i co mam teraz zrobic", ["zasilek", "celowy"]),
        ("Dzwonię już trzeci raz, odsyłają mnie od okienka do okienka: wymeldowanie", ["wymeldowanie"]),
        ("czy może mi pani powiedzieć, gdzie jest PSZOK? Z góry dziękuję za pomoc", ["pszok"]),
        ("prawo jazdy wygasło, nie wiem do kogo się z tym zwrócić, pozdrawiam", ["prawo", "jazdy", "wygasło"]),
        ("Przepraszam, że przeszkadzam, wreszcie się dodzwoniłam: dziura w jezdni", ["dziura", "jezdni"]),
        ("proszę pani, bardzo proszę o pomoc. Zasiłek celowy", ["zasiłek", "celowy"]),
        ("Halo, czy to informacja? Szybkie pytanko: godziny otwarcia", ["godziny", "otwarcia"]),
    ],
)
def test_a_callers_frame_is_left_out(said: str, meant: list[str]) -> None:
    assert meaning(said) == meant


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("nie wiadomo czyja sprawa, gdzie skierować zgłoszenie", ["sprawa", "skierować", "zgłoszenie"]),
        ("co powiedzieć dzwoniącemu, który pyta o adres sąsiada", ["powiedzieć", "dzwoniącemu", "pyta", "adres"]),
        ("mąż ma załatwić za mnie sprawę w urzędzie", ["mąż", "załatwić", "sprawę", "urzędzie"]),
        ("proszę o pomoc społeczną dla mamy", ["pomoc", "społeczną", "mamy"]),
        ("kto pomoże ojcu na co dzień", ["pomoże", "ojcu"]),
        ("dzwoniłem w sprawie dziury dwa tygodnie temu i nic", ["dzwoniłem", "dziury"]),
        ("czy jest urząd otwarty w sobotę", ["urząd", "otwarty", "sobotę"]),
        ("proszę o pomoc prawną", ["pomoc", "prawną"]),
        ("jak uzyskać informację publiczną", ["uzyskać", "informację", "publiczną"]),
        ("podali mi numer konta do wpłaty podatku", ["numer", "konta"]),
        ("pytania egzaminacyjne na prawo jazdy", ["pytania", "egzaminacyjne"]),
        ("kto może pomóc w opiece nad ojcem", ["pomóc", "opiece"]),
        ("jak zgłosić wiec na rynku", ["zgłosić", "wiec", "rynku"]),
    ],
)
def test_the_same_words_stay_where_they_are_the_matter(said: str, kept: list[str]) -> None:
    assert all(word in meaning(said) for word in kept), meaning(said)


def test_a_query_that_is_all_frame_stays_as_typed() -> None:
    assert without_call_talk("dziękuję bardzo") == "dziękuję bardzo"
    assert without_call_talk("mam pytanie") == "mam pytanie"
    assert without_call_talk("mam pytanie: ") == "mam pytanie: "
    assert without_call_talk("") == ""


def test_forms_of_the_stop_words_are_stop_words_too() -> None:
    assert analyse_query("proszę pana, ja naprawdę nic nie wiem, może pani") == []


@pytest.fixture
def helpline(publish: Any) -> Any:
    publish(
        "kierowanie-spraw",
        "Do kogo skierować sprawę dzwoniącego",
        "Gdy dzwoniący nie wie, do kogo się zwrócić, a nikt nie umie mu powiedzieć, co ma zrobić, konsultant "
        "ustala właściwą komórkę i przekazuje pytanie.",
        unit="DKS",
        visibility="internal",
    )
    publish(
        "karta-duzej-rodziny",
        "Karta Dużej Rodziny",
        "Wniosek o Kartę Dużej Rodziny składa rodzic co najmniej trojga dzieci.",
        unit="MOPR",
    )
    return publish


def test_a_question_inside_a_callers_frame_finds_its_article(helpline: Any) -> None:
    frame = ("dzień dobry, dzwonię bo mam pytanie,", "nie wiem do kogo się zwrócić, nikt nie umie powiedzieć")
    # the frame's words alone (all of the query, so kept) lead to the helpline's own procedure…
    assert search.search(" ".join(frame), 3).hits[0].slug == "kierowanie-spraw"
    # …and around a question they no longer outweigh it
    said = f"{frame[0]} karta rodziny, {frame[1]}"
    assert search.search(said, 3).hits[0].slug == "karta-duzej-rodziny"


def test_an_agents_question_about_calls_still_finds_the_procedure(helpline: Any) -> None:
    assert search.search("dzwoniący nie wie do kogo skierować sprawę", 3).hits[0].slug == "kierowanie-spraw"


@pytest.mark.parametrize(
    ("written", "offered"),
    [
        ("Dzień dobry, dzwonię w sprawie wywozu choinek, dziękuję", "wywozu choinek"),
        ("halo, mam pytanie, prawko mi wygasło, co mam teraz zrobić?", "prawko mi wygasło?"),
        ("proszę pani, czy urząd jest otwarty w sobotę?", "czy urząd jest otwarty w sobotę?"),
        ("dzwonię, bo nie odebrali śmieci", "nie odebrali śmieci"),
        ("gdzie zostawić podanie", "gdzie zostawić podanie"),  # a question word is the question's
        ("dzień dobry, dziękuję", "dzień dobry, dziękuję"),  # nothing would be left: as written
    ],
)
def test_the_wording_offered_to_editors_keeps_its_punctuation_without_the_frame(written: str, offered: str) -> None:
    assert as_written_without_call_talk(written) == offered
