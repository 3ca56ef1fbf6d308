"""An article's life: its states, the steps between them (who may take each is knowledge.policy's), and the states
of an agent's suggestion. No I/O."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Visibility(StrEnum):
    PUBLIC = "public"  # residents see it in the FAQ once published
    INTERNAL = "internal"  # staff only


class SuggestionState(StrEnum):
    OPEN = "open"
    DONE = "done"
    DECLINED = "declined"


A = ArticleStatus


class Step(StrEnum):
    """What an editor or a unit does to an article (besides saving it, which makes it a draft again)."""

    SUBMIT = "submit"  # unit staff hand a draft to the editors
    PUBLISH = "publish"  # editors make the working copy the one everybody sees
    SEND_BACK = "send_back"  # editors return an article in review to its unit
    ARCHIVE = "archive"
    UNARCHIVE = "unarchive"


# step -> (the states it starts from, the state it leads to)
STEPS: dict[Step, tuple[frozenset[ArticleStatus], ArticleStatus]] = {
    Step.SUBMIT: (frozenset({A.DRAFT}), A.IN_REVIEW),
    Step.PUBLISH: (frozenset({A.DRAFT, A.IN_REVIEW}), A.PUBLISHED),
    Step.SEND_BACK: (frozenset({A.IN_REVIEW}), A.DRAFT),
    Step.ARCHIVE: (frozenset({A.DRAFT, A.IN_REVIEW, A.PUBLISHED}), A.ARCHIVED),
    Step.UNARCHIVE: (frozenset({A.ARCHIVED}), A.DRAFT),
}
# Steps only editors take (unit staff submit their own units' drafts).
EDITORS_STEPS = frozenset({Step.PUBLISH, Step.SEND_BACK, Step.ARCHIVE, Step.UNARCHIVE})
# The states in which an article is being worked on (the editors' and units' work list).
IN_WORK = frozenset({A.DRAFT, A.IN_REVIEW})


def can_take(step: Step, status: str) -> bool:
    return status in STEPS[step][0]


STATUS_LABELS = {
    ArticleStatus.DRAFT: _l("Draft"),
    ArticleStatus.IN_REVIEW: _l("In review"),
    ArticleStatus.PUBLISHED: _l("Published"),
    ArticleStatus.ARCHIVED: _l("Archived"),
}
VISIBILITY_LABELS = {Visibility.PUBLIC: _l("Public"), Visibility.INTERNAL: _l("Internal")}
