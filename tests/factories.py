"""factory_boy factories: every test makes what it needs through the operations (so what it makes keeps the
invariants the app keeps), with defaults of its own — never the demo data."""

from __future__ import annotations

from typing import Any

import factory

from cct.auth import operations as accounts
from cct.auth.actors import SYSTEM
from cct.org import operations as org
from knowledge import operations as kb
from knowledge.schemas import ArticleInput
from tests.helpers import PASSWORD
from tickets import operations as tickets
from tickets.routing import operations as routing
from tickets.schemas import TicketInput


class _OperationFactory(factory.Factory):
    """Builds the keyword arguments, then hands them to an operation (as the system actor)."""

    class Meta:
        model = dict
        abstract = True

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return dict(kwargs)


class UnitFactory(_OperationFactory):
    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.LazyAttribute(lambda unit: f"Jednostka {unit.code}")
    kind = "department"
    parent_code = None
    phone = None
    email = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return org.create_unit(SYSTEM, kwargs)


class UserFactory(_OperationFactory):
    login = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.LazyAttribute(lambda user: f"Test {user.login}")
    roles = ("agent",)
    unit_codes: tuple[str, ...] = ()
    password = PASSWORD
    email = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return accounts.create_user(SYSTEM, **kwargs)


class CategoryFactory(_OperationFactory):
    code = factory.Sequence(lambda n: f"kategoria-{n}")
    name = factory.LazyAttribute(lambda category: f"Kategoria {category.code}")
    parent = None
    unit = None
    priority = "normal"
    first_response_hours = 8.0
    resolution_hours = 40.0
    statutory_kind = None
    keywords = ""
    open311_attributes: list[dict[str, Any]] = []
    public_reports = False

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return tickets.create_category(SYSTEM, kwargs)


class RuleFactory(_OperationFactory):
    name = factory.Sequence(lambda n: f"Reguła {n}")
    position = factory.Sequence(lambda n: 10 * (n + 1))
    category = None
    district = None
    street = None
    keywords = None
    unit = "ZDT"
    active = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return routing.create_rule(SYSTEM, kwargs)


class TicketFactory(_OperationFactory):
    subject = factory.Sequence(lambda n: f"Zgłoszenie {n}")
    category = "oswietlenie"
    channel = "phone"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        actor = kwargs.pop("actor", SYSTEM)
        return tickets.create_ticket(actor, TicketInput(**kwargs))


class ArticleFactory(_OperationFactory):
    """An article; published unless `published=False`."""

    slug = factory.Sequence(lambda n: f"artykul-{n}")
    title = factory.Sequence(lambda n: f"Artykuł {n}")
    body = ""
    unit = "ZDT"
    tags: list[str] = []
    visibility = "public"
    questions: list[str] = []

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        published = kwargs.pop("published", True)
        actor = kwargs.pop("actor", SYSTEM)
        article = kb.save(actor, ArticleInput(**{**kwargs, "tags": list(kwargs["tags"])}))
        if published:
            kb.publish(SYSTEM, article)
        return article
