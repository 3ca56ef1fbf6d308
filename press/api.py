"""The press office in the JSON API (/api/v1/press/): media enquiries, interview authorisations, press releases and
media clippings, each answer with its computed deadlines. Clients need no internal ids to start: names find or
create the contacts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.api.endpoints import body, documented, query, respond
from cct.auth.access import requires
from cct.db import utcnow
from cct.errors import NotFound
from cct.office_calendar import office_calendar
from press import clocks, operations, queries
from press.models import Authorisation, Clipping, Enquiry, Release
from press.schemas import (
    AuthorisationOut,
    AuthorisationPage,
    AuthorisationPath,
    ClippingListQuery,
    ClippingOut,
    ClippingPage,
    ClippingPath,
    CorrectionOut,
    EnquiryListQuery,
    EnquiryOut,
    EnquiryPage,
    EnquiryPath,
    NewAuthorisation,
    NewClipping,
    NewEnquiry,
    NewRelease,
    ReleaseChangeOut,
    ReleaseListQuery,
    ReleaseOut,
    ReleasePage,
    ReleasePath,
    UnitRequestOut,
)
from press.states import CORRECTABLE, ENQUIRY_OPEN, Medium, ReleaseState

bp = Blueprint("api_press", __name__, url_prefix="/api/v1/press")
NOT_FOUND = (400, 401, 403, 404)


def enquiry_out(enquiry: Enquiry) -> EnquiryOut:
    refusal_due = (
        clocks.refusal_due(enquiry.refusal_asked_at, office_calendar().timezone) if enquiry.refusal_asked_at else None
    )
    target = clocks.working_target(enquiry.answer_due, enquiry.requested_by)
    still_open = enquiry.state in ENQUIRY_OPEN
    return EnquiryOut(
        number=enquiry.number,
        state=enquiry.state,
        received_at=enquiry.received_at,
        received_via=enquiry.received_via,
        journalist=enquiry.journalist.full_name,
        outlet=enquiry.outlet.name if enquiry.outlet else None,
        outlet_kind=enquiry.outlet.kind if enquiry.outlet else None,
        subject=enquiry.subject,
        question=enquiry.questions,
        tags=list(enquiry.tags),
        officer=enquiry.officer.login if enquiry.officer else None,
        requested_by=enquiry.requested_by,
        answer_due=enquiry.answer_due,
        extension_reason=enquiry.extension_reason,
        refusal_due=refusal_due,
        target=target,
        overdue=still_open and utcnow() > enquiry.answer_due,
        approved_by=enquiry.approved_by.login if enquiry.approved_by else None,
        sent_at=enquiry.sent_at,
        sent_text=enquiry.sent_text,
        unit_requests=[
            UnitRequestOut(
                unit=asked.unit.code,
                question=asked.question,
                due=asked.due_at,
                answer=asked.answer,
                answered_at=asked.answered_at,
            )
            for asked in enquiry.unit_requests
        ],
    )


def authorisation_out(item: Authorisation) -> AuthorisationOut:
    return AuthorisationOut(
        id=item.id,
        interviewee=item.interviewee,
        outlet=item.outlet.name,
        outlet_kind=item.outlet_kind,
        journalist=item.journalist.full_name if item.journalist else None,
        received_at=item.received_at,
        authorisation_due=item.due_at,
        outcome=item.outcome,
        decided_by=item.decided_by.login if item.decided_by else None,
        decided_at=item.decided_at,
        text=item.text,
        authorised_text=item.authorised_text,
    )


@bp.get("/enquiries")
@requires("press.work")
@documented(
    "Media enquiries: open ones first by deadline",
    "listPressEnquiries",
    query=EnquiryListQuery,
    responses={200: EnquiryPage},
)
def list_enquiries() -> Any:
    args = query(EnquiryListQuery)
    found = queries.enquiries(args.state.value if args.state else None, limit=args.limit)
    return respond(EnquiryPage(enquiries=[enquiry_out(enquiry) for enquiry in found]))


@bp.post("/enquiries")
@requires("press.work")
@documented(
    "Register a journalist's question (UDIP art. 13: answered within 14 days)",
    "createPressEnquiry",
    body=NewEnquiry,
    responses={201: EnquiryOut},
    headers={201: {"Location": "The enquiry's address in the API"}},
)
def create_enquiry() -> Any:
    enquiry = operations.register_enquiry(current_user, body(NewEnquiry).as_input())
    location = url_for(".get_enquiry", number=f"{enquiry.year}-{enquiry.seq}")
    return respond(enquiry_out(enquiry), 201, {"Location": location})


@bp.get("/enquiries/<number>")
@requires("press.work")
@documented(
    "One enquiry by its number (ZP/2026/0001 written as 2026-1)",
    "getPressEnquiry",
    path=EnquiryPath,
    responses={200: EnquiryOut},
    errors=NOT_FOUND,
)
def get_enquiry(number: str) -> Any:
    enquiry = queries.enquiry_by_number(number)
    if enquiry is None:
        raise NotFound("enquiry_not_found", _("No enquiry %(number)s.", number=number), "number")
    return respond(enquiry_out(enquiry))


@bp.get("/authorisations")
@requires("press.work")
@documented(
    "Interviews to authorise: waiting ones first", "listPressAuthorisations", responses={200: AuthorisationPage}
)
def list_authorisations() -> Any:
    return respond(AuthorisationPage(authorisations=[authorisation_out(item) for item in queries.authorisations()]))


@bp.post("/authorisations")
@requires("press.work")
@documented(
    "Register an interview's text for authorisation (Press Law art. 14a)",
    "createPressAuthorisation",
    body=NewAuthorisation,
    responses={201: AuthorisationOut},
    headers={201: {"Location": "The authorisation's address in the API"}},
)
def create_authorisation() -> Any:
    item = operations.register_authorisation(current_user, body(NewAuthorisation).as_input())
    return respond(authorisation_out(item), 201, {"Location": url_for(".get_authorisation", id=item.id)})


@bp.get("/authorisations/<int:id>")
@requires("press.work")
@documented(
    "One interview's authorisation",
    "getPressAuthorisation",
    path=AuthorisationPath,
    responses={200: AuthorisationOut},
    errors=NOT_FOUND,
)
def get_authorisation(id: int) -> Any:  # noqa: A002 - the path's name in the document
    item = queries.authorisation(id)
    if item is None:
        raise NotFound("authorisation_not_found", _("No authorisation %(id)s.", id=id), "id")
    return respond(authorisation_out(item))


def release_out(item: Release) -> ReleaseOut:
    published = item.state == ReleaseState.PUBLISHED
    return ReleaseOut(
        id=item.id,
        state=item.state,
        title=item.title,
        lead=item.lead,
        body=item.body,
        author=item.author.login if item.author else None,
        approved_by=item.approved_by.login if item.approved_by else None,
        approved_at=item.approved_at,
        published_at=item.published_at,
        url=url_for("press_public.public_release", release_id=item.id, _external=True) if published else None,
        changes=[
            ReleaseChangeOut(at=change.at, by=change.actor.login if change.actor else None, note=change.note)
            for change in item.changes
        ],
    )


@bp.get("/releases")
@requires("press.work")
@documented("Press releases: newest first", "listPressReleases", query=ReleaseListQuery, responses={200: ReleasePage})
def list_releases() -> Any:
    args = query(ReleaseListQuery)
    found = queries.releases(args.state.value if args.state else None, limit=args.limit)
    return respond(ReleasePage(releases=[release_out(item) for item in found]))


@bp.post("/releases")
@requires("press.work")
@documented(
    "Draft a press release (the spokesperson approves it before it is published)",
    "createPressRelease",
    body=NewRelease,
    responses={201: ReleaseOut},
    headers={201: {"Location": "The release's address in the API"}},
)
def create_release() -> Any:
    item = operations.save_release(current_user, body(NewRelease).model_dump())
    return respond(release_out(item), 201, {"Location": url_for(".get_release", release_id=item.id)})


@bp.get("/releases/<int:release_id>")
@requires("press.work")
@documented(
    "One press release, with its changes after publication",
    "getPressRelease",
    path=ReleasePath,
    responses={200: ReleaseOut},
    errors=NOT_FOUND,
)
def get_release(release_id: int) -> Any:
    item = queries.release(release_id)
    if item is None:
        raise NotFound("release_not_found", _("No press release %(id)s.", id=release_id), "release_id")
    return respond(release_out(item))


def clipping_out(item: Clipping) -> ClippingOut:
    correctable = Medium(item.medium) in CORRECTABLE
    corrections = []
    for correction in item.corrections:
        deadlines = queries.correction_clocks(correction, item)
        corrections.append(
            CorrectionOut(
                id=correction.id,
                state=correction.state,
                sent_on=correction.sent_on,
                received_on=correction.received_on,
                published_on=correction.published_on,
                publication_due=deadlines["publication_due"],
                late=deadlines["late"],
            )
        )
    return ClippingOut(
        id=item.id,
        outlet=item.outlet.name,
        medium=item.medium,
        published_on=item.published_on,
        title=item.title,
        url=item.url,
        author=item.author,
        topics=list(item.topics),
        tone=item.tone,
        reach=item.reach,
        summary=item.summary,
        units=[unit.code for unit in item.units],
        correction_send_by=queries.correction_clocks(None, item)["send_by"] if correctable else None,
        corrections=corrections,
    )


@bp.get("/clippings")
@requires("press.work")
@documented(
    "Media clippings: newest first", "listPressClippings", query=ClippingListQuery, responses={200: ClippingPage}
)
def list_clippings() -> Any:
    args = query(ClippingListQuery)
    return respond(ClippingPage(clippings=[clipping_out(item) for item in queries.clippings(limit=args.limit)]))


@bp.post("/clippings")
@requires("press.work")
@documented(
    "Record a piece of coverage (names find or create the outlet)",
    "createPressClipping",
    body=NewClipping,
    responses={201: ClippingOut},
    headers={201: {"Location": "The clipping's address in the API"}},
)
def create_clipping() -> Any:
    data = body(NewClipping)
    values = data.model_dump() | {"medium": data.medium.value, "tone": data.tone.value}
    item = operations.save_clipping(current_user, values)
    return respond(clipping_out(item), 201, {"Location": url_for(".get_clipping", clipping_id=item.id)})


@bp.get("/clippings/<int:clipping_id>")
@requires("press.work")
@documented(
    "One clipping, with its corrections and their deadlines",
    "getPressClipping",
    path=ClippingPath,
    responses={200: ClippingOut},
    errors=NOT_FOUND,
)
def get_clipping(clipping_id: int) -> Any:
    item = queries.clipping(clipping_id)
    if item is None:
        raise NotFound("clipping_not_found", _("No clipping %(id)s.", id=clipping_id), "clipping_id")
    return respond(clipping_out(item))
