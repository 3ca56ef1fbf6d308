"""The press office's states: media enquiries, interview authorisations, how things came in and what kind of outlet
asked. The moves between states and the named groups are defined once here. No I/O."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp


class OutletKind(StrEnum):
    DAILY = "daily"
    PERIODICAL = "periodical"
    RADIO = "radio"
    TV = "tv"
    ONLINE = "online"
    AGENCY = "agency"


OUTLET_KIND_LABELS = {
    OutletKind.DAILY: _l("daily"),
    OutletKind.PERIODICAL: _l("periodical"),
    OutletKind.RADIO: _l("radio"),
    OutletKind.TV: _l("television"),
    OutletKind.ONLINE: _l("online"),
    OutletKind.AGENCY: _l("news agency"),
}


class ReceivedVia(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    SOCIAL = "social"
    LETTER = "letter"  # registered by the chancery and passed to the press team


RECEIVED_VIA_LABELS = {
    ReceivedVia.EMAIL: _l("e-mail"),
    ReceivedVia.PHONE: _l("phone"),
    ReceivedVia.IN_PERSON: _l("in person"),
    ReceivedVia.SOCIAL: _l("social media"),
    ReceivedVia.LETTER: _l("letter"),
}


class EnquiryState(StrEnum):
    OPEN = "open"  # being prepared: questions to units, drafts
    AWAITING_APPROVAL = "awaiting_approval"  # a draft waits for the spokesperson
    APPROVED = "approved"  # the approved draft may be sent
    SENT = "sent"  # the answer went to the journalist; its text is kept
    REFUSED = "refused"  # the information was refused (in writing when the editor-in-chief asked)
    CLOSED = "closed"


ENQUIRY_STATE_LABELS = {
    EnquiryState.OPEN: _l("being prepared"),
    EnquiryState.AWAITING_APPROVAL: _l("awaiting approval"),
    EnquiryState.APPROVED: _l("approved"),
    EnquiryState.SENT: _l("answered"),
    EnquiryState.REFUSED: _l("refused"),
    EnquiryState.CLOSED: _l("closed"),
}

# still to be answered: their clocks run
ENQUIRY_OPEN = frozenset({EnquiryState.OPEN, EnquiryState.AWAITING_APPROVAL, EnquiryState.APPROVED})
# the journalist has had the office's word (an answer or a refusal)
ENQUIRY_ANSWERED = frozenset({EnquiryState.SENT, EnquiryState.REFUSED})

ENQUIRY_MOVES: dict[EnquiryState, frozenset[EnquiryState]] = {
    EnquiryState.OPEN: frozenset({EnquiryState.AWAITING_APPROVAL, EnquiryState.REFUSED, EnquiryState.CLOSED}),
    # the spokesperson approves or returns it; a refusal may be decided instead
    EnquiryState.AWAITING_APPROVAL: frozenset({EnquiryState.APPROVED, EnquiryState.OPEN, EnquiryState.REFUSED}),
    # a new draft after the approval needs a new approval
    EnquiryState.APPROVED: frozenset({EnquiryState.SENT, EnquiryState.OPEN}),
    EnquiryState.SENT: frozenset({EnquiryState.CLOSED}),
    EnquiryState.REFUSED: frozenset({EnquiryState.CLOSED}),
    EnquiryState.CLOSED: frozenset(),
}


def enquiry_may_move(current: str, target: str) -> bool:
    return EnquiryState(target) in ENQUIRY_MOVES[EnquiryState(current)]


# the lines of an enquiry's timeline (press.operations records them under these names)
EVENT_LABELS = {
    "registered": _l("registered"),
    "assigned": _l("assigned"),
    "unit_asked": _l("a unit asked for input"),
    "unit_answered": _l("the unit answered"),
    "drafted": _l("answer drafted"),
    "submitted": _l("sent for approval"),
    "approved": _l("approved"),
    "returned": _l("returned for changes"),
    "sent": _l("answer sent"),
    "extended": _l("deadline extended"),
    "refusal_asked": _l("the editor-in-chief asked for a written refusal"),
    "refused": _l("information refused"),
    "closed": _l("closed"),
}


class SentVia(StrEnum):
    EMAIL = "email"  # through [mail], from the service
    OTHER = "other"  # read out on the phone or handed over: the text is kept all the same


class Outcome(StrEnum):
    """An interview's authorisation (Press Law art. 14a)."""

    PENDING = "pending"
    AUTHORISED = "authorised"
    CHANGED = "changed"  # authorised with changes (kept as a diff)
    REFUSED = "refused"
    DEEMED = "deemed"  # the time ran out with no answer: art. 14a ust. 7


OUTCOME_LABELS = {
    Outcome.PENDING: _l("waiting"),
    Outcome.AUTHORISED: _l("authorised"),
    Outcome.CHANGED: _l("authorised with changes"),
    Outcome.REFUSED: _l("authorisation refused"),
    Outcome.DEEMED: _l("deemed authorised (no answer in time)"),
}
DECISIONS = frozenset({Outcome.AUTHORISED, Outcome.CHANGED, Outcome.REFUSED})  # what a person may decide


class PositionState(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"


POSITION_STATE_LABELS = {
    PositionState.DRAFT: _l("draft"),
    PositionState.APPROVED: _l("approved"),
    PositionState.WITHDRAWN: _l("withdrawn"),
}


class ReleaseState(StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    PUBLISHED = "published"


RELEASE_STATE_LABELS = {
    ReleaseState.DRAFT: _l("draft"),
    ReleaseState.AWAITING_APPROVAL: _l("awaiting approval"),
    ReleaseState.APPROVED: _l("approved"),
    ReleaseState.PUBLISHED: _l("published"),
}
RELEASE_MOVES: dict[ReleaseState, frozenset[ReleaseState]] = {
    ReleaseState.DRAFT: frozenset({ReleaseState.AWAITING_APPROVAL}),
    ReleaseState.AWAITING_APPROVAL: frozenset({ReleaseState.APPROVED, ReleaseState.DRAFT}),
    ReleaseState.APPROVED: frozenset({ReleaseState.PUBLISHED, ReleaseState.DRAFT}),
    ReleaseState.PUBLISHED: frozenset(),
}


def release_may_move(current: str, target: str) -> bool:
    return ReleaseState(target) in RELEASE_MOVES[ReleaseState(current)]


class Medium(StrEnum):
    """Where a clipping appeared; for a correction, the medium decides its publication deadline (Press Law art. 32)."""

    DAILY = "daily"  # a printed daily
    PERIODICAL = "periodical"  # a printed periodical
    ONLINE = "online"  # the electronic form of a daily or periodical, a news site
    RADIO = "radio"
    TV = "tv"
    SOCIAL = "social"  # social media: monitored, but not press in the law's sense


MEDIUM_LABELS = {
    Medium.DAILY: _l("daily (print)"),
    Medium.PERIODICAL: _l("periodical (print)"),
    Medium.ONLINE: _l("online"),
    Medium.RADIO: _l("radio"),
    Medium.TV: _l("television"),
    Medium.SOCIAL: _l("social media"),
}
CORRECTABLE = frozenset({Medium.DAILY, Medium.PERIODICAL, Medium.ONLINE, Medium.RADIO, Medium.TV})


class Tone(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


TONE_LABELS = {Tone.POSITIVE: _l("positive"), Tone.NEUTRAL: _l("neutral"), Tone.NEGATIVE: _l("negative")}


class CorrectionState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"  # posted or handed in to the editors
    PUBLISHED = "published"
    REFUSED = "refused"  # the editor-in-chief refused to publish it (art. 33)


CORRECTION_STATE_LABELS = {
    CorrectionState.DRAFT: _l("draft"),
    CorrectionState.SENT: _l("sent to the editors"),
    CorrectionState.PUBLISHED: _l("published"),
    CorrectionState.REFUSED: _l("refused by the editors"),
}


class FileOwner(StrEnum):
    """What a file of the press office belongs to."""

    AUTHORISATION = "authorisation"  # the interview's text as it came in (a PDF, a scan)
    CLIPPING = "clipping"  # the article's scan or PDF
    SURVEY = "survey"  # the survey's report
    CONFERENCE = "conference"  # a conference's materials
    POST = "post"  # a planned post's image


class ConferenceState(StrEnum):
    PLANNED = "planned"  # prepared inside the office
    ANNOUNCED = "announced"  # on the public list and sent to the invited outlets
    HELD = "held"
    CANCELLED = "cancelled"


CONFERENCE_STATE_LABELS = {
    ConferenceState.PLANNED: _l("planned"),
    ConferenceState.ANNOUNCED: _l("announced"),
    ConferenceState.HELD: _l("held"),
    ConferenceState.CANCELLED: _l("cancelled"),
}
CONFERENCE_MOVES: dict[ConferenceState, frozenset[ConferenceState]] = {
    # held without a public announcement: a briefing the outlets were invited to directly
    ConferenceState.PLANNED: frozenset({ConferenceState.ANNOUNCED, ConferenceState.HELD, ConferenceState.CANCELLED}),
    ConferenceState.ANNOUNCED: frozenset({ConferenceState.HELD, ConferenceState.CANCELLED}),
    ConferenceState.HELD: frozenset(),
    ConferenceState.CANCELLED: frozenset(),
}


CONFERENCE_OVER = frozenset({ConferenceState.HELD, ConferenceState.CANCELLED})  # nothing of it changes any more


def conference_may_move(current: str, target: str) -> bool:
    return ConferenceState(target) in CONFERENCE_MOVES[ConferenceState(current)]


class Channel(StrEnum):
    """Where the press office publishes: the city's website and its social media profiles."""

    WEBSITE = "website"
    BIP = "bip"
    FACEBOOK = "facebook"
    X = "x"
    INSTAGRAM = "instagram"
    YOUTUBE = "youtube"
    LINKEDIN = "linkedin"
    TIKTOK = "tiktok"


CHANNEL_LABELS = {
    Channel.WEBSITE: _l("bialystok.pl"),
    Channel.BIP: _l("BIP"),
    Channel.FACEBOOK: "Facebook",
    Channel.X: "X",
    Channel.INSTAGRAM: "Instagram",
    Channel.YOUTUBE: "YouTube",
    Channel.LINKEDIN: "LinkedIn",
    Channel.TIKTOK: "TikTok",
}


class PostState(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"  # by the spokesperson: may go out at its time
    PUBLISHED = "published"  # out, with its link
    CANCELLED = "cancelled"


# a post's own words (context "post"): Polish agrees them with "wpis", not with the conference's or release's nouns
POST_STATE_LABELS = {
    PostState.DRAFT: _lp("post", "draft"),
    PostState.APPROVED: _lp("post", "approved"),
    PostState.PUBLISHED: _lp("post", "published"),
    PostState.CANCELLED: _lp("post", "cancelled"),
}
POST_MOVES: dict[PostState, frozenset[PostState]] = {
    PostState.DRAFT: frozenset({PostState.APPROVED, PostState.CANCELLED}),
    PostState.APPROVED: frozenset({PostState.PUBLISHED, PostState.DRAFT, PostState.CANCELLED}),
    PostState.PUBLISHED: frozenset(),
    PostState.CANCELLED: frozenset(),
}


POST_OVER = frozenset({PostState.PUBLISHED, PostState.CANCELLED})  # nothing of it changes any more


def post_may_move(current: str, target: str) -> bool:
    return PostState(target) in POST_MOVES[PostState(current)]


class CampaignChannel(StrEnum):
    """How an information campaign reaches residents."""

    WEBSITE = "website"
    SOCIAL = "social"
    PRESS = "press"  # releases, a conference, interviews
    RADIO_TV = "radio_tv"
    OUTDOOR = "outdoor"  # posters, city lights, public transport screens
    LEAFLETS = "leaflets"
    SMS = "sms"
    HELPLINE = "helpline"  # the helpline's own message while callers wait


CAMPAIGN_CHANNEL_LABELS = {
    CampaignChannel.WEBSITE: _l("website"),
    CampaignChannel.SOCIAL: _l("social media"),
    CampaignChannel.PRESS: _l("press, radio and TV news"),
    CampaignChannel.RADIO_TV: _l("radio and TV spots"),
    CampaignChannel.OUTDOOR: _l("posters and screens"),
    CampaignChannel.LEAFLETS: _l("leaflets"),
    CampaignChannel.SMS: _l("text messages"),
    CampaignChannel.HELPLINE: _l("helpline message"),
}
