"""What a caller hears: TwiML for each step of an incoming call, in Polish, and the menu choice from keys or speech.

Steps (each a POST from Twilio to /telephony/ivr?step=…): the greeting and the recording notice (`voice`), then
`consent` (9 = do not record), `menu` (a key or words), the queue's `wait` messages and its `left` callback; out of
hours the caller hears the hours and may leave a message (`voicemail`). Pure: settings and inputs in, TwiML out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from twilio.twiml.voice_response import VoiceResponse

from telephony.schemas import IvrOption, TwilioSettings

LANGUAGE = "pl-PL"
NO_RECORDING_KEY = "9"
OTHER = "other"
VOICEMAIL_SECONDS = 120
WEEKDAYS = ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela")


@dataclass(frozen=True)
class Urls:
    """The absolute addresses Twilio calls back (signatures are computed over them)."""

    base: str  # the public base URL followed by /telephony

    def step(self, name: str) -> str:
        return f"{self.base}/ivr?step={name}"

    @property
    def recording(self) -> str:
        return f"{self.base}/recording"


def _say(response: VoiceResponse | object, text: str) -> None:
    response.say(text, language=LANGUAGE)  # type: ignore[attr-defined]


def hours_text(weekly: Sequence[str]) -> str:
    """Office hours as a sentence: "od poniedziałku do piątku w godzinach 7:30–15:30"-like, per run of days."""
    parts: list[str] = []
    day = 0
    while day < 7:
        hours = weekly[day]
        end = day
        while end + 1 < 7 and weekly[end + 1] == hours:
            end += 1
        if hours:
            opening, closing = (_spoken_time(t) for t in hours.split("-"))
            days = WEEKDAYS[day] if day == end else f"{WEEKDAYS[day]}–{WEEKDAYS[end]}"
            parts.append(f"{days} od {opening} do {closing}")
        day = end + 1
    return ", ".join(parts)


def _spoken_time(text: str) -> str:
    hours, minutes = text.split(":")
    return f"{int(hours)}:{minutes}"


def incoming(settings: TwilioSettings, url: Urls, *, open_now: bool, hours: str) -> VoiceResponse:
    response = VoiceResponse()
    _say(response, "Dzień dobry, tu Centrum Kontaktu Urzędu Miejskiego w Białymstoku.")
    if not open_now:
        _say(response, f"Infolinia jest czynna: {hours}, z wyjątkiem świąt.")
        _say(response, "Po sygnale prosimy zostawić wiadomość z numerem telefonu. Oddzwonimy w godzinach pracy.")
        response.record(
            action=url.step("voicemail"),
            max_length=VOICEMAIL_SECONDS,
            play_beep=True,
            recording_status_callback=url.recording,
        )
        _say(response, "Nie nagrano wiadomości. Do usłyszenia.")
        return response
    if not settings.record_calls:
        return menu(settings, url)
    gather = response.gather(action=url.step("consent"), num_digits=1, timeout=4, input="dtmf")
    _say(
        gather,
        "Rozmowa może być nagrywana w celu poprawy jakości obsługi. "
        f"Aby kontynuować bez nagrywania, naciśnij {NO_RECORDING_KEY}.",
    )
    response.redirect(url.step("consent"))  # no key pressed: recorded
    return response


def consent(settings: TwilioSettings, url: Urls, *, record: bool) -> VoiceResponse:
    response = VoiceResponse()
    if record:
        start = response.start()
        start.recording(recording_status_callback=url.recording, recording_status_callback_event="completed")
    else:
        _say(response, "Rozmowa nie będzie nagrywana.")
    _menu_into(response, settings, url)
    return response


def menu(settings: TwilioSettings, url: Urls) -> VoiceResponse:
    response = VoiceResponse()
    _menu_into(response, settings, url)
    return response


def _menu_into(response: VoiceResponse, settings: TwilioSettings, url: Urls) -> None:
    if not settings.ivr:
        response.redirect(url.step("menu"))
        return
    hints = ", ".join(word for option in settings.ivr for word in option.words)
    gather = response.gather(
        action=url.step("menu"),
        input="dtmf speech",
        language=LANGUAGE,
        num_digits=1,
        timeout=5,
        speech_timeout="auto",
        hints=hints[:1000],
    )
    spoken = " ".join(f"W sprawie: {option.label}, naciśnij {option.key}." for option in settings.ivr)
    _say(gather, f"{spoken} Możesz też powiedzieć, w jakiej sprawie dzwonisz.")
    response.redirect(url.step("menu"))  # nothing chosen: straight to an agent


@dataclass(frozen=True)
class Choice:
    key: str  # the option's key, or OTHER
    category: str | None
    heard: str | None  # what the caller pressed or said


def choose(
    options: Sequence[IvrOption], digits: str | None, speech: str | None, keys_of: Callable[[str], set[str]]
) -> Choice:
    """The menu option a caller chose by key or by words (`keys_of` reduces text to comparable word keys)."""
    digits = (digits or "").strip()
    if digits:
        for option in options:
            if option.key == digits:
                return Choice(option.key, option.category or None, digits)
        return Choice(OTHER, None, digits)
    said = (speech or "").strip()
    if said:
        heard = keys_of(said)
        best: tuple[int, IvrOption] | None = None
        for option in options:
            hits = sum(1 for word in option.words if keys_of(word) & heard)
            if hits and (best is None or hits > best[0]):
                best = (hits, option)
        if best is not None:
            return Choice(best[1].key, best[1].category or None, said[:300])
        return Choice(OTHER, None, said[:300])
    return Choice(OTHER, None, None)


def connect(settings: TwilioSettings, url: Urls) -> VoiceResponse:
    """To the agents: the queue (with wait messages) or, by configuration, a dialled number."""
    response = VoiceResponse()
    _say(response, "Łączymy z konsultantem.")
    if settings.connect == "dial":
        response.dial(settings.dial_number, action=url.step("dialled"), timeout=30)
    else:
        response.enqueue(
            settings.queue_name, wait_url=url.step("wait"), wait_url_method="POST", action=url.step("left")
        )
    return response


def wait(position: int | None) -> VoiceResponse:
    response = VoiceResponse()
    if position and position > 1:
        _say(response, f"Wszyscy konsultanci są zajęci. Twoje miejsce w kolejce: {position}. Prosimy czekać.")
    else:
        _say(response, "Za chwilę połączymy z konsultantem. Prosimy czekać.")
    response.pause(length=15)
    return response


def goodbye(text: str | None = None) -> VoiceResponse:
    response = VoiceResponse()
    if text:
        _say(response, text)
    response.hangup()
    return response
