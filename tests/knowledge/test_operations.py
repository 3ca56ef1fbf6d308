"""Articles: revisions and restore, the review workflow and who may do what, sanitising, import and export."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import func, select

from cct import db
from cct.auth.actors import SYSTEM
from cct.errors import Conflict, NotFound, UserError
from cct.office_calendar import local_today
from knowledge import operations as kb
from knowledge import queries as kb_queries
from knowledge.markdown import to_html
from knowledge.models import Article, ArticleRevision, ArticleStatus, ArticleSuggestion, SynonymGroup


def new_article(actor: Any = SYSTEM, unit: str = "ZDT", **changes: Any) -> Article:
    data = {
        "title": "Dziury w jezdni",
        "body": "Zgłoś dziurę.",
        "unit": unit,
        "tags": ["dziura"],
        "visibility": "public",
    } | changes
    article = kb.save(actor, kb.ArticleInput(**data))
    db.session.commit()
    return article


def test_every_save_is_a_revision_and_restore_makes_a_new_one(units: Any) -> None:
    article = new_article()
    kb.save(
        SYSTEM,
        kb.ArticleInput(title="Dziury", body="Nowy tekst.", unit="ZDT", tags=[], visibility="public"),
        article=article,
        note="skrót",
    )
    db.session.commit()
    assert [r.number for r in article.revisions] == [2, 1]
    assert article.revisions[0].note == "skrót"
    kb.restore(SYSTEM, article, 1)
    db.session.commit()
    db.session.expire(article, ["revisions"])
    assert article.title == "Dziury w jezdni"
    assert article.body == "Zgłoś dziurę."
    assert [r.number for r in article.revisions] == [3, 2, 1]
    assert article.revisions[0].note == "Przywrócono wersję 1"
    with pytest.raises(UserError):
        kb.restore(SYSTEM, article, 99)


def test_an_unchanged_save_makes_no_revision(units: Any) -> None:
    article = new_article()
    kb.save(
        SYSTEM,
        kb.ArticleInput(
            title="Dziury w jezdni", body="Zgłoś dziurę.", unit="ZDT", tags=["dziura"], visibility="public"
        ),
        article=article,
    )
    assert db.session.scalar(select(func.count()).select_from(ArticleRevision)) == 1


def test_readers_see_the_published_revision_while_the_working_copy_waits(units: Any) -> None:
    article = new_article()
    kb.publish(SYSTEM, article)
    kb.save(
        SYSTEM, kb.ArticleInput(title="Nowy tytuł", body="x", unit="ZDT", tags=[], visibility="public"), article=article
    )
    db.session.commit()
    db.session.expire(article, ["revisions"])
    assert article.status == ArticleStatus.DRAFT
    assert article.live is not None
    assert article.live.title == "Dziury w jezdni"
    kb.publish(SYSTEM, article)
    db.session.expire(article, ["revisions"])
    assert article.live.title == "Nowy tytuł"


def test_stale_version_is_refused(units: Any) -> None:
    article = new_article()
    with pytest.raises(Conflict):
        kb.save(
            SYSTEM,
            kb.ArticleInput(title="X", body="", unit="ZDT", tags=[], visibility="public"),
            article=article,
            expected_version=article.version - 1,
        )


def test_review_workflow_and_roles(units: Any, make_user: Any) -> None:
    staff = make_user("unit_staff", units=("ZDT",))
    other_staff = make_user("unit_staff", units=("DGK",))
    editor = make_user("editor")
    agent = make_user("agent")
    article = new_article(staff)
    with pytest.raises(UserError) as refused:
        new_article(staff, unit="DGK", title="Nie moja")
    assert refused.value.status == 403
    for outsider in (other_staff, agent):
        with pytest.raises(UserError):
            kb.save(
                outsider, kb.ArticleInput(title="X", body="", unit="ZDT", tags=[], visibility="public"), article=article
            )
    with pytest.raises(UserError):
        kb.publish(staff, article)  # units submit, editors publish
    kb.submit(staff, article)
    with pytest.raises(Conflict):
        kb.submit(staff, article)
    kb.send_back(editor, article, "Brak godzin otwarcia")
    assert article.status == ArticleStatus.DRAFT
    assert "Brak godzin otwarcia" in article.revisions[0].note
    kb.submit(staff, article)
    kb.publish(editor, article)
    assert article.status == ArticleStatus.PUBLISHED
    assert article.review_by is not None
    with pytest.raises(UserError):
        kb.archive(staff, article)
    kb.archive(editor, article)
    assert article.live is None


def test_staff_cannot_give_an_article_to_another_unit(units: Any, make_user: Any) -> None:
    staff = make_user("unit_staff", units=("ZDT",))
    article = new_article(staff)
    with pytest.raises(UserError):
        kb.save(staff, kb.ArticleInput(title="X", body="", unit="DGK", tags=[], visibility="public"), article=article)


class Elements(HTMLParser):
    """Every tag and attribute of a piece of HTML (text is harmless, markup is what a browser runs)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[kliknij](javascript:alert(1))",
        "<a href='javascript:alert(1)'>a</a>",
        '<img src=x onerror="alert(1)">',
        '<a href="#" onclick="x()">a</a>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](JaVaScRiPt:alert(1))",
        "<iframe src=https://example.com></iframe>",
    ],
)
def test_markdown_is_sanitised(source: str) -> None:
    for tag, attributes in Elements(str(to_html(source))).found:
        assert tag not in {"script", "img", "iframe", "style"}
        assert not any(name.startswith("on") for name in attributes)
        href = (attributes.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:"))


def test_markdown_keeps_ordinary_formatting() -> None:
    html = str(to_html("**Ważne**\n\n- punkt\n\n[BIP](https://bip.bialystok.pl)"))
    assert "<strong>Ważne</strong>" in html
    assert "<li>punkt</li>" in html
    assert 'href="https://bip.bialystok.pl"' in html
    assert "noopener" in html


def test_feedback_suggestions_and_uses(units: Any, make_user: Any) -> None:
    agent = make_user("agent")
    draft = new_article(title="Szkic")
    for act in (
        lambda: kb.feedback(agent, draft, True),
        lambda: kb.suggest(agent, draft, "Dopisać numer"),
        lambda: kb.record_use(agent, draft, call_sid="CA" + "2" * 32),
    ):  # an article the agent may not read is not there for them, in the operations as in the pages
        with pytest.raises(NotFound):
            act()
    assert (draft.helped_count, draft.use_count) == (0, 0)
    assert db.session.scalar(select(func.count()).select_from(ArticleSuggestion)) == 0
    article = new_article()
    kb.publish(SYSTEM, article)
    kb.feedback(agent, article, True)
    kb.feedback(agent, article, False, "brak terminów")
    assert (article.helped_count, article.not_helped_count) == (1, 1)
    suggestion = kb.suggest(agent, article, "Dopisać numer telefonu")
    staff = make_user("unit_staff", units=("ZDT",))
    kb.close_suggestion(staff, suggestion, True, "Dopisane")
    with pytest.raises(Conflict):
        kb.close_suggestion(staff, suggestion, True, None)
    call = "CA" + "1" * 32
    assert kb.record_use(agent, article, call_sid=call) is True
    assert kb.record_use(agent, article, call_sid=call) is False
    with pytest.raises(UserError):
        kb.record_use(agent, article, call_sid="CA123")  # not a call's identifier
    assert article.use_count == 1
    with pytest.raises(UserError):
        kb.suggest(agent, article, "   ")


def test_stale_articles_by_unit(units: Any, make_user: Any) -> None:
    article = new_article()
    kb.publish(SYSTEM, article)
    assert kb_queries.stale() == []
    article.review_by = local_today().replace(year=local_today().year - 1)
    db.session.commit()
    assert kb_queries.stale() == [article]
    assert kb_queries.stale(make_user("unit_staff", units=("ZDT",))) == [article]
    assert kb_queries.stale(make_user("unit_staff", units=("DGK",))) == []


def test_synonym_lines_are_checked(units: Any) -> None:
    before = db.session.scalar(select(func.count()).select_from(SynonymGroup))
    with pytest.raises(UserError) as error:
        kb.save_synonyms(SYSTEM, "auto, samochód\nsamotne")
    assert "2" in error.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SynonymGroup)) == before


# -- import / export -----------------------------------------------------------------------------------------------


def lines(*records: Any) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]


GOOD = {
    "id": "odpady",
    "unit": "DGK",
    "title": "Odbiór odpadów",
    "body": "Co dwa tygodnie.",
    "tags": ["śmieci"],
    "visibility": "public",
}


def article_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Article)) or 0


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ((GOOD, "{nie json"), "Wiersz 2"),
        ((GOOD, GOOD | {"id": "x", "unit": "NOWY"}), "NOWY"),
        ((GOOD | {"title": ""},), "title"),
        ((GOOD | {"id": "Zły Slug"},), "Wiersz 1"),
        ((GOOD, "[1, 2]"), "Wiersz 2"),
        ((GOOD | {"visibility": "secret"},), "secret"),
    ],
)
def test_import_errors_import_nothing(units: Any, records: Any, message: str) -> None:
    with pytest.raises(UserError) as error:
        kb.import_articles(SYSTEM, lines(*records))
    db.session.rollback()
    assert message in error.value.message
    assert article_count() == 0


def test_import_is_idempotent_by_slug_and_publishes(units: Any) -> None:
    report = kb.import_articles(SYSTEM, lines(GOOD))
    db.session.commit()
    assert (report.created, report.updated) == (1, 0)
    again = kb.import_articles(SYSTEM, lines(GOOD))
    db.session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = kb.import_articles(SYSTEM, lines(GOOD | {"body": "Co tydzień."}))
    db.session.commit()
    assert changed.updated == 1
    article = kb_queries.by_slug("odpady")
    db.session.expire(article, ["revisions"])
    assert article.status == ArticleStatus.PUBLISHED
    assert article.live.body == "Co tydzień."
    assert len(article.revisions) == 2
    exported = [json.loads(line) for line in kb_queries.export_lines()]
    assert exported == [GOOD | {"body": "Co tydzień.", "questions": []}]


def test_questions_travel_with_the_article_its_revisions_and_the_import(units: Any) -> None:
    asked = ["Kiedy odbierają śmieci?", "Co zrobić, gdy nie odebrano odpadów?"]
    kb.import_articles(SYSTEM, lines(GOOD | {"questions": [*asked, "  Kiedy   odbierają śmieci? "]}))
    db.session.commit()
    article = kb_queries.by_slug("odpady")
    assert article.live.questions == asked  # spaces tidied, the repeated one once
    assert [json.loads(line)["questions"] for line in kb_queries.export_lines()] == [asked]
    fewer = kb.ArticleInput(title=GOOD["title"], body="", unit="DGK", tags=[], visibility="public", questions=asked[:1])
    kb.save(SYSTEM, fewer, article=article)
    db.session.commit()
    kb.restore(SYSTEM, article, 1)
    db.session.commit()
    assert article.questions == asked


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ({"pytanie": "Kiedy?"}, "listą"),
        ([1, 2], "listą"),
        (["a" * 201], "200"),
        ([f"Pytanie {n}?" for n in range(21)], "20"),
    ],
)
def test_bad_questions_are_refused(units: Any, questions: Any, message: str) -> None:
    with pytest.raises(UserError) as error:
        kb.import_articles(SYSTEM, lines(GOOD | {"questions": questions}))
    db.session.rollback()
    assert message in error.value.message
    assert "Wiersz 1" in error.value.message
    assert article_count() == 0


def test_import_can_create_missing_units(units: Any) -> None:
    report = kb.import_articles(SYSTEM, lines(GOOD | {"unit": "NOWA"}), create_units=True)
    assert report.units_created == ["NOWA"]
    assert kb_queries.by_slug("odpady").unit.code == "NOWA"
