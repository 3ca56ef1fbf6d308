"""What agents' choices after some queries teach about new ones that share their words (knowledge.learned
.word_shares, the WordChoice rows): a caller's new wording of a matter agents have chosen an article for ranks that
article higher among what its words found; bounded, fading, staff only, and gone with the choices it came from."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from cct import db
from cct.auth.actors import RESIDENT, SYSTEM
from cct.db import utcnow
from knowledge import learned, search
from knowledge import operations as kb_ops
from knowledge import queries as kb_queries
from knowledge.models import QueryChoice, SearchedQuery, WordChoice
from tests.helpers import fresh_database, sign_in, with_articles

NOW = utcnow()


def test_a_word_chosen_for_one_article_teaches_it_and_a_common_word_little() -> None:
    taught = [("wersalka", "gabaryty", 1, NOW), ("odpad", "gabaryty", 1, NOW), ("odpad", "zielone", 1, NOW)]
    shares = learned.word_shares(["wersalka", "odpad"], taught, NOW)
    assert shares["gabaryty"] > 2 * shares["zielone"] > 0
    alone = learned.word_shares(["odpad"], taught, NOW)
    assert alone["gabaryty"] == pytest.approx(alone["zielone"])  # a word of both teaches neither more


def test_a_word_teaches_within_bounds_and_fades() -> None:
    many = learned.word_shares(["wersalka"], [("wersalka", "gabaryty", 10_000, NOW)], NOW)
    assert many == {"gabaryty": learned.MAX_SHARE}
    once = learned.word_shares(["wersalka", "odpad"], [("wersalka", "gabaryty", 1, NOW)], NOW)["gabaryty"]
    assert 0 < once < learned.MAX_SHARE
    later = NOW + timedelta(days=learned.HALF_LIFE_DAYS)
    faded = learned.word_shares(["wersalka"], [("wersalka", "gabaryty", 1, NOW), ("wersalka", "x", 1, later)], later)
    assert faded["gabaryty"] < faded["x"]
    assert learned.word_shares([], [("wersalka", "gabaryty", 1, NOW)], NOW) == {}
    long_ago = NOW - timedelta(days=20 * learned.HALF_LIFE_DAYS)
    assert learned.word_shares(["wersalka"], [("wersalka", "gabaryty", 1, long_ago)], NOW) == {}


@pytest.fixture
def siblings(publish: Any) -> None:
    # both found by "odpady"; which one a caller with an old sofa means, the words alone do not tell
    publish("zielone", "Odbiór odpadów zielonych", "Trawę i liście odbieramy co tydzień.")
    publish("gabaryty", "Odbiór odpadów wielkogabarytowych", "Meble i duże sprzęty odbieramy raz w miesiącu.")


def _first(text: str, learned_: bool = True) -> str:
    return search.search(text, 5, learned=learned_).hits[0].slug


# Other callers' wordings an agent chose the bulky waste for, and a new caller's that shares one of their words
HEARD = ["stara wersalka do wyrzucenia", "kiedy zabiorą wersalkę spod bloku", "wersalka stoi przy śmietniku"]
NEW = "wystawiłam wersalkę i inne odpady, kiedy przyjadą"


def _choose(agent: Any, texts: list[str], slug: str) -> None:
    for text in texts:
        kb_ops.record_search(agent, text, chosen=kb_queries.by_slug(slug))
    db.session.commit()


def test_choices_after_other_wordings_teach_a_new_one(make_user: Any, siblings: None) -> None:
    assert _first(NEW) == "zielone"  # the words alone
    _choose(make_user("agent"), HEARD, "gabaryty")
    assert learned.query_key(NEW) not in {learned.query_key(text) for text in HEARD}  # no wording heard before
    assert _first(NEW) == "gabaryty"
    assert _first(NEW, learned_=False) == "zielone"  # the residents' FAQ is not taught
    assert _by_word() == _as_the_query_choices_make_them()
    gabaryty = kb_queries.by_slug("gabaryty").id
    assert _by_word()["wersalka", gabaryty] == 3  # (each heard query had it once)


def _by_word() -> dict[tuple[str, int], int]:
    return {(row.word, row.article_id): row.choices for row in db.session.scalars(select(WordChoice))}


def _as_the_query_choices_make_them() -> dict[tuple[str, int], int]:
    """WordChoice as it should be: per word and article, the choices of the queries with the word."""
    expected: dict[tuple[str, int], int] = {}
    for choice in db.session.scalars(select(QueryChoice)):
        for word in learned.key_words(choice.key):
            expected[word, choice.article_id] = expected.get((word, choice.article_id), 0) + choice.choices
    return expected


def test_what_a_cleared_choice_taught_goes_with_it(make_user: Any, siblings: None) -> None:
    _choose(make_user("agent"), HEARD, "gabaryty")
    article = kb_queries.by_slug("gabaryty")
    for text in HEARD:
        kb_ops.forget_choice(make_user("editor"), learned.query_key(text), article)
    db.session.commit()
    assert db.session.scalar(select(QueryChoice.key).where(QueryChoice.article_id == article.id)) is None
    assert _by_word() == {}
    assert _first(NEW) == "zielone"


def test_a_residents_search_teaches_nothing(siblings: None) -> None:
    assert kb_ops.record_search(RESIDENT, HEARD[0], chosen=kb_queries.by_slug("gabaryty")) is False
    assert kb_ops.record_search(SYSTEM, HEARD[0], chosen=kb_queries.by_slug("gabaryty")) is False
    db.session.commit()
    assert _by_word() == {}


def test_queries_keyed_again_keep_teaching_by_their_new_words(make_user: Any, siblings: None) -> None:
    """`cct db upgrade` keys stored queries again when the analysis changes (refresh_learning_keys): their choices
    count for the new keys' words, no longer for the old ones', and meet the choices already under a new key."""
    gabaryty = kb_queries.by_slug("gabaryty")
    _choose(make_user("agent"), HEARD[:1], "gabaryty")  # already under the key this version gives the wording
    db.session.add(SearchedQuery(key="stary klucz", example=learned.example(HEARD[0]), searches=1, opened=1))
    db.session.flush()
    db.session.add(QueryChoice(key="stary klucz", article_id=gabaryty.id, choices=3))
    db.session.add_all([WordChoice(word=word, article_id=gabaryty.id, choices=3) for word in ("stary", "klucz")])
    db.session.commit()
    assert kb_ops.refresh_learning_keys() == 1
    db.session.commit()
    assert _by_word() == _as_the_query_choices_make_them()
    assert _by_word()["wersalka", gabaryty.id] == 4
    assert ("stary", gabaryty.id) not in _by_word()
    assert _first(NEW) == "gabaryty"


def test_two_old_keys_meeting_in_one_count_once_for_its_words(siblings: None) -> None:
    """Two wordings an earlier analysis keyed apart, keyed alike now: their choices add up under the one key, and
    its words count each choice once."""
    gabaryty = kb_queries.by_slug("gabaryty")
    for old, count in (("stary klucz", 3), ("inny klucz", 2)):
        db.session.add(SearchedQuery(key=old, example=learned.example(HEARD[0]), searches=1, opened=1))
        db.session.flush()
        db.session.add(QueryChoice(key=old, article_id=gabaryty.id, choices=count))
    db.session.add_all(
        [
            WordChoice(word=word, article_id=gabaryty.id, choices=count)
            for word, count in (("stary", 3), ("inny", 2), ("klucz", 5))
        ]
    )
    db.session.commit()
    assert _by_word() == _as_the_query_choices_make_them()
    assert kb_ops.refresh_learning_keys() == 2
    db.session.commit()
    assert db.session.get(QueryChoice, (learned.query_key(HEARD[0]), gabaryty.id)).choices == 5
    assert _by_word() == _as_the_query_choices_make_them()
    assert _by_word()["wersalka", gabaryty.id] == 5


def test_a_query_learns_from_its_own_choices_once_and_within_the_bound(make_user: Any, siblings: None) -> None:
    """Its own choices teach it as a whole query (learned_shares), not again through its words; what other
    queries' words teach it adds up with them to at most MAX_SHARE."""
    agent = make_user("agent")
    _choose(agent, [HEARD[0]] * 40, "gabaryty")
    chosen, taught = search.learned_shares(HEARD[0])
    assert chosen["gabaryty"] > 0.4
    assert taught == {}  # nobody else asked with its words
    _choose(agent, HEARD[1:] * 20, "gabaryty")
    chosen, taught = search.learned_shares(HEARD[0])
    assert 0 < taught["gabaryty"] <= learned.MAX_SHARE - chosen["gabaryty"] + 1e-9
    # the bound did cut it: alone, 40 choices after the other two wordings' words would teach MAX_SHARE
    assert learned.word_shares(["wersalka"], [("wersalka", "gabaryty", 40, utcnow())], utcnow()) == {
        "gabaryty": learned.MAX_SHARE
    }
    assert chosen["gabaryty"] + taught["gabaryty"] == pytest.approx(learned.MAX_SHARE)


def test_the_migration_fills_the_words_of_queries_with_choices(backend: str, tmp_path: Path) -> None:
    """0033: per word and article, the choices of the queries with the word; a query without choices counts for
    nothing."""
    with fresh_database(backend, tmp_path) as url:
        with_articles(url, tmp_path, {"id": "gabaryty", "unit": "DGK", "title": "Gabaryty", "body": ""})
        engine = db.create_db_engine(url)
        try:
            config = db.alembic_config(url)
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.downgrade(config, "0032")
            with engine.begin() as connection:
                connection.exec_driver_sql(
                    "INSERT INTO kb_searched_queries (key, example, searches, without_result, opened, last_at) VALUES "
                    "('adres wypisac', 'jak się wypisać z adresu', 2, 0, 1, CURRENT_TIMESTAMP), "
                    "('adres meldunek wypisac', 'wypisać meldunek z adresu', 1, 0, 1, CURRENT_TIMESTAMP), "
                    "('godziny', 'godziny', 1, 0, 0, CURRENT_TIMESTAMP)"
                )
                connection.exec_driver_sql(
                    "INSERT INTO kb_query_choices (key, article_id, choices, last_at) "
                    "SELECT 'adres wypisac', id, 2, CURRENT_TIMESTAMP FROM kb_articles UNION ALL "
                    "SELECT 'adres meldunek wypisac', id, 1, CURRENT_TIMESTAMP FROM kb_articles"
                )
            db.upgrade(engine, url)
            with engine.connect() as connection:
                rows = set(connection.exec_driver_sql("SELECT word, choices FROM kb_word_choices").all())
        finally:
            engine.dispose()
    assert rows == {("adres", 3), ("wypisac", 3), ("meldunek", 1)}


def test_editors_see_what_the_words_taught(client: Any, make_user: Any, siblings: None) -> None:
    _choose(make_user("agent"), HEARD, "gabaryty")
    sign_in(client, make_user("editor").login)
    page = client.get("/kb/searches").get_data(as_text=True)
    words = page[page.index('<h3 id="words-heading">Czego nauczyły słowa</h3>') :]
    row = words[words.index('<td lang="pl">wersalka</td>') :].split("</tr>")[0]
    assert "Odbiór odpadów wielkogabarytowych" in row
    assert "<td>3</td><td>100 %</td>" in row  # all the word's choices went to it
