"""What a caller says about the call rather than the matter, left out of a knowledge-base query.

Callers frame a question ("dzwonię w sprawie …", "mam takie pytanie", "chciałam zapytać", "i nie wiem, do kogo się
zwrócić", "co mam teraz zrobić", "bo nikt mi nie umie powiedzieć", "z góry dziękuję"), and agents type or paste it
as heard. The frame's words are rare in the base, so they weighed like the topic and pulled in the articles that
speak of calls and matters (the helpline's own procedures: "kierowanie spraw", "co powiedzieć dzwoniącemu"). Yet
they are no stop words: "czyja to sprawa", "co powiedzieć dzwoniącemu", "załatwić sprawę w urzędzie" are the topic.
So what is left out is the frames, word sequences matched on folded words (inflected forms written out, Polish
letters or not), and only when the query keeps a meaningful word besides them. A frame ending on a noun the matter
could go on with ("proszę o pomoc", "mam pytanie", "dostałam ten numer") is one only where the caller's sentence
ends there (a punctuation mark, the end, or a stop word next): "proszę o pomoc prawną", "pytania egzaminacyjne",
"podali mi numer konta" keep their words.

Written from callers' speech and from 40 openings and 40 closings someone wrote without seeing this list
(bench/data/kb_call_talk_tune.json); measured on the tuning part of bench/data inside them, and held out inside 40 +
40 a third hand wrote, never read (bench/data/kb_call_talk_heldout.json; bench/kb_relevance.py --robustness).
"""

from __future__ import annotations

import re

from cct.lemmas import FOLDED_STOP_WORDS, content_words, words
from cct.polish import fold

_ME = r"(?: mi| nam)?"
_YOU = r"(?: (?:do )?(?:pani|pana|panstwa|was|urzedu|tutaj|tu))?"
_AGENT = r"(?:pani|pan|panstwo)"
_CAN = r"(?:moze|moglaby|moglby|mogliby|mozecie|moga)"
_AT_LAST = r"(?:(?:dobrze|wreszcie|nareszcie) )?"
_SUCH = (
    r"(?:(?:taka|takie|taki|jedna|jedno|krotka|krotkie|szybka|szybkie|mala|male|pilna|pilne|wazna|wazne|pewna"
    r"|pewne) )?"
)
_TO_ASK = r"(?:(?:za|s|do)?pyta(?:c|m|my)(?: sie)?|(?:sie )?dowiedziec(?: sie)?)"
_HELP = r"(?:powiedziec|powie|podpowiedziec|podpowie|doradzic|doradzi|wyjasnic|wyjasni|poradzic|poradzi|pomoc|pomoze)"
_ANSWER = r"(?:(?:szybka|pilna) )?(?:informacje|odpowiedz|rade|wyjasnienie|oddzwonienie|kontakt|info|pomoc)"
# Each a sequence of folded words separated by single spaces (an optional word brings its own space).
FRAMES = (
    # greetings the stop words do not hold
    r"dobry wieczor|(?:serdecznie|uprzejmie) witam|witam serdecznie|siema|hej",
    rf"(?:{_AGENT} )?kochan(?:a|y)",
    r"(?:czy )?(?:mnie )?(?:pani |pan )?(?:slyszy|slyszycie|slychac)(?: mnie)?",
    r"nazywam sie \S+",
    # calling, getting through, being cut off or sent on (calling now; having called before is often the matter:
    # "dzwoniłem w sprawie dziury i nic" asks what became of it, so only getting through is a frame in the past)
    rf"(?:ja )?{_AT_LAST}(?:sie )?{_AT_LAST}"
    r"(?:(?:za|od)?dzwoni(?:e|my|c)|dodzwoni(?:e|my|c|lam|lem|lismy|lysmy))(?: sie)?"
    rf"{_YOU}(?: juz)?(?: wszedzie)?"
    rf"(?: (?:bo|poniewaz|zeby|aby|odnosnie|z pytaniem|z prosba|z zapytaniem|w sprawie|{_TO_ASK}))?",
    r"wydzwaniam",
    r"(?:od (?:samego )?(?:rana|godziny|tygodnia|wczoraj) )?probuj(?:e|emy)(?: sie)?(?: (?:do|za)?dzwonic)?",
    r"kazal\w*(?: mi| nam)? (?:za)?dzwonic",
    r"(?:dobrze )?(?:sie )?(?:trafilam|trafilem)",
    r"(?:rozlaczylo|przerwalo|wyrzucilo)(?: mnie| nas)",
    r"(?:(?:kazdy|wszyscy) )?(?:mnie )?(?:przelaczono|przekierowano|odeslano|odsyla|odsylaja|przelaczyli|skierowali)"
    r" mnie(?: gdzie indziej| od okienka do okienka| od jednego do drugiego| z kwitkiem)?",
    r"(?:juz )?(?:(?:drugi|trzeci|czwarty|piaty|kolejny|ktorys|nastepny) |jeszcze )raz",
    # having a matter
    r"w (?:(?:takiej|jednej|pewnej|tej|mojej|naszej) )?sprawie",
    r"chodzi(?: mi| nam)? o",
    r"(?:sprawa|sytuacja) (?:wyglada|jest) taka",
    r"ja (?:tylko )?(?:krotko|szybko)|tylko (?:krotko|szybko)(?: prosze)?",
    r"(?:bo )?jestem w pracy|(?:mi )?sie spiesz\w*|spiesze sie|spieszy mi sie",
    # wanting to ask, asking for the agent's help
    rf"(?:chc\w*|bym|bysmy){_ME} {_TO_ASK}",
    _TO_ASK,
    rf"czy (?:{_AGENT} )?{_CAN}{_ME}(?: {_AGENT})?(?: to)? {_HELP}",
    rf"{_AGENT} {_CAN}{_ME}(?: {_AGENT})?(?: to)? {_HELP}",
    rf"{_CAN}(?: mi| nam)(?: {_AGENT})?(?: to)? {_HELP}|{_CAN} {_AGENT}(?: to)? {_HELP}",
    rf"(?:prosze|niech){_ME}(?: {_AGENT})? {_HELP}",
    rf"{_AGENT}{_ME} (?:pomoze|pomozecie|powie|powiecie|doradzi|wyjasni|poradzi)",
    rf"mam nadzieje(?: ze)?(?: {_AGENT}(?: mi)? (?:wie|pomoze))?",
    r"przepraszam(?: (?:ze|bardzo|za) (?:przeszkadzam|zawracam glowe|klopot|zamieszanie|pytanie))?",
    r"slucham",
    r"jak (?:to )?sie (?:to )?(?:robi|zalatwia)",
    # not knowing whom to turn to or what to do, nobody helping, giving up
    r"(?:do kogo|gdzie|komu|z kim|na kogo|kogo)(?: (?:mam|moge|mamy|nalezy|trzeba|powinnam|powinienem))?(?: sie)?"
    r"(?: z tym)?(?: o to)? (?:zwrocic|zwracac|udac|isc|pojsc|dzwonic|zadzwonic|zapytac|pytac)",
    r"co (?:ja )?(?:(?:mam|moge|mamy|powinnam|powinienem|nalezy|trzeba) )?(?:(?:teraz|w tej sytuacji|z tym|dalej) )*"
    r"(?:zrobic|robic)",
    rf"(?:(?:bo|a) )?nikt{_ME}(?: nic)? nie (?:umie|potrafi|chce|moze|raczy|wie){_ME}(?: nic)?"
    r"(?: (?:powiedziec|odpowiedziec|wyjasnic|doradzic|pomoc))?",
    r"nie ma (?:mi |nam )?kto (?:pomoc|pomoze)|(?:sam|sama) (?:sobie )?nie poradz\w*",
    r"nigdzie (?:nie )?(?:moge |mozna )?(?:tego )?znalezc",
    r"(?:juz )?nie mam (?:juz )?sily",
    r"(?:sie )?(?:na tym )?(?:nie )?(?:bardzo )?znam(?: sie)?(?: na tym)?",
    r"to (?:jest )?(?:skandal|jakis zart|niepowazne)",
    r"(?:chodzic|isc|jezdzic|przychodzic) na (?:darmo|prozno)",
    # thanks and goodbyes
    r"(?:z gory )?(?:(?:bardzo|serdecznie|pieknie) )?dzieku(?:je|jemy|ja)"
    r"(?: (?:bardzo|serdecznie|pieknie|z gory))*",
    r"(?:z gory )?dzieki(?: wielkie)?",
    rf"(?:bardzo )?(?:mi |nam )?{_AGENT} (?:bardzo )?(?:mi |nam )?pomogl\w*",
    r"(?:bede|bedziemy) (?:bardzo )?wdzieczn(?:a|y|i)",
    r"pozdrawiam(?: serdecznie)?|z powazaniem",
    r"do widzenia|do uslyszenia|wszystkiego dobrego|(?:milego|dobrego) dnia",
    r"(?:dobrze )?(?:to|i) (?:juz )?(?:wszystko|tyle)|(?:i )?to by bylo(?: na)? tyle",
)
# Frames ending on a noun the matter could go on with: frames only where the caller's sentence ends after them.
CLOSED_FRAMES = (
    r"czy to (?:jest )?(?:informacja miejska|centrum informacji|informacja|infolinia|urzad miasta|urzad)",
    rf"(?:mam|mamy){_YOU} {_SUCH}(?:sprawe|sprawy|sprawke|pytanie|pytania|pytanko|prosbe|problem|klopot|sytuacje)",
    rf"(?:z |ze )?{_SUCH}(?:pytanie|pytaniem|pytania|pytanko|pytankiem)",
    r"(?:zasiegnac|uzyskac|dostac|otrzymac) informacj(?:e|i)|(?:potrzebuje|szukam) informacji",
    rf"(?:(?:bardzo|uprzejmie) )?(?:prosze|prosimy|prosilbym|prosilabym) o {_ANSWER}",
    rf"(?:czekam|czekamy|licze|liczymy) na {_ANSWER}",
    rf"(?:dziekuje|dziekujemy|dzieki|(?:bede|bedziemy) (?:bardzo )?wdzieczn(?:a|y|i)) za (?:{_ANSWER}|wszystko|uwage"
    r"|rozmowe)",
    r"(?:dostalam|dostalem|dal|dala|dali|podal|podala|podali|podano|znalazlam|znalazlem)(?: mi)?"
    r" (?:ten |wasz |panstwa )?numer(?: telefonu)?",
)


def _compiled(frames: tuple[str, ...]) -> re.Pattern[str]:
    """The frames as one pattern of whole words: a frame starts and ends where words do."""
    return re.compile("|".join(rf"(?<![^ ])(?:{frame})(?![^ ])" for frame in frames))


_FRAME, _CLOSED_FRAME = _compiled(FRAMES), _compiled(CLOSED_FRAMES)


def _framed(text: str) -> tuple[list[tuple[int, int, str]], set[int]]:
    """The text's words (start, end, lower case) and the positions of those that are the caller's frames."""
    found = list(words(text))
    folded = [fold(word) for _start, _end, word in found]
    at: dict[int, int] = {}  # where each word starts in the folded words joined by spaces → its position
    position = 0
    for i, word in enumerate(folded):
        at[position] = i
        position += len(word) + 1
    joined = " ".join(folded)

    def span(match: re.Match[str]) -> range:
        return range(at[match.start()], at[match.start()] + match.group().count(" ") + 1)

    def sentence_ends_after(last: int) -> bool:
        if last + 1 == len(found):
            return True
        between = text[found[last][1] : found[last + 1][0]]
        return bool(between.strip()) or folded[last + 1] in FOLDED_STOP_WORDS

    framed = {i for match in _FRAME.finditer(joined) for i in span(match)}
    for match in _CLOSED_FRAME.finditer(joined):
        if sentence_ends_after((covered := span(match))[-1]):
            framed.update(covered)
    return found, framed


def without_call_talk(text: str) -> str:
    """The query's words, space-separated, without the caller's frames ("Dzwonię w sprawie zwrotu podatku." →
    "zwrotu podatku"); the query as it was when no frame is found or nothing meaningful would be left."""
    found, framed = _framed(text)
    if not framed:
        return text
    kept = " ".join(word for i, (_start, _end, word) in enumerate(found) if i not in framed)
    return kept if any(content_words(kept)) else text


# What is left between two cuts: a space before a mark, a comma or dash before another mark, a text's edges
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:?!])")
_PAUSE_BEFORE_MARK = re.compile(r"[,;:–—-]\s*(?=[,.;:?!–—-])")
_EDGES = " \t\n,.;:–—-"
# The greetings and addresses a caller starts with, as stop words hold them ("dzień dobry", "halo", "proszę pani"),
# and the conjunction a cut frame leaves in front ("dzwonię, bo …")
_OPENING_WORDS = frozenset("dzien dobry witam halo prosze pani pana panstwa no ok okej bo ze i a".split())  # noqa: SIM905 - a word list


def as_written_without_call_talk(text: str) -> str:
    """The text as written, its punctuation kept, without the caller's frames and the greetings before the matter
    ("Dzień dobry, dzwonię w sprawie wywozu choinek" → "wywozu choinek"): what an editor is offered as the
    question a search becomes (knowledge.operations.add_question). The text as it was when nothing would be left."""
    found, framed = _framed(text)
    leading = 0
    while leading < len(found) and (leading in framed or fold(found[leading][2]) in _OPENING_WORDS):
        leading += 1
    cut = framed | set(range(leading))
    pieces, last = [], 0
    for i, (start, end, _word) in enumerate(found):
        if i in cut:
            pieces.append(text[last:start])
            last = end
    pieces.append(text[last:])
    tidy = " ".join("".join(pieces).split())
    tidy = _PAUSE_BEFORE_MARK.sub("", _SPACE_BEFORE_MARK.sub(r"\1", tidy)).strip(_EDGES)
    return tidy if any(content_words(tidy)) else text.strip()
