"""What a caller says about the call rather than the matter, left out of a knowledge-base query.

Callers frame a question ("dzwonię w sprawie …", "mam takie pytanie", "chciałam zapytać", "i nie wiem, do kogo się
zwrócić", "co mam teraz zrobić", "bo nikt mi nie umie powiedzieć", "z góry dziękuję"), and agents type or paste it
as heard. The frame's words are rare in the base, so they weighed like the topic and pulled in the articles that
speak of calls and matters (the helpline's own procedures: "kierowanie spraw", "co powiedzieć dzwoniącemu"). Yet
they are no stop words: "czyja to sprawa", "co powiedzieć dzwoniącemu", "załatwić sprawę w urzędzie" are the topic.
So what is left out is the frames, word sequences matched on folded words (inflected forms written out, Polish
letters or not), and only when the query keeps a meaningful word besides them. Frames are whole phrases, so a word
of one stays wherever it stands otherwise ("proszę o pomoc" is a frame, "pomoc społeczna" a matter).

Written from callers' speech and from 40 openings and 40 closings someone wrote without seeing this list
(bench/data/kb_call_talk_tune.json); measured on the tuning part of bench/data inside them, and held out inside 40 +
40 a third hand wrote, never read (bench/data/kb_call_talk_heldout.json; bench/kb_relevance.py --robustness).
"""

from __future__ import annotations

import re

from cct.lemmas import content_words, words
from cct.polish import fold

_ME = r"(?: mi| nam)?"
_YOU = r"(?: (?:do )?(?:pani|pana|panstwa|was|urzedu|tutaj|tu))?"
_AGENT = r"(?:pani|pan|panstwo)"
_AT_LAST = r"(?:(?:dobrze|wreszcie|nareszcie) )?"
_SUCH = (
    r"(?:(?:taka|takie|taki|jedna|jedno|krotka|krotkie|szybka|szybkie|mala|male|pilna|pilne|wazna|wazne|pewna"
    r"|pewne) )?"
)
_TO_ASK = (
    r"(?:(?:za|s|do)?pyta(?:c|m|my)(?: sie)?|(?:sie )?dowiedziec(?: sie)?|zasiegnac informacji"
    r"|(?:uzyskac|dostac|otrzymac) informacje)"
)
_HELP = r"(?:powiedziec|powie|podpowiedziec|podpowie|doradzic|doradzi|wyjasnic|wyjasni|poradzic|poradzi|pomoc|pomoze)"
_ANSWER = r"(?:(?:szybka|pilna) )?(?:informacje|odpowiedz|rade|wyjasnienie|oddzwonienie|kontakt|info)"
# Each a sequence of folded words separated by single spaces (an optional word brings its own space).
FRAMES = (
    # greetings beyond the stop words
    r"dzien dobry|dobry wieczor|(?:serdecznie |uprzejmie )?witam(?: serdecznie| pania| pana| panstwa)?|siema|hej",
    rf"(?:{_AGENT} )?kochan(?:a|y)",
    r"czy (?:to )?(?:jest )?(?:informacja|infolinia|centrum informacji|informacja miejska|urzad miasta|urzad)",
    r"(?:czy )?(?:mnie )?(?:pani |pan )?(?:slyszy|slyszycie|slychac)(?: mnie)?(?: pani| pan)?",
    r"nazywam sie \S+",
    # calling, getting through, being cut off or sent on
    # (calling now; having called before is often the matter: "dzwoniłem w sprawie dziury i nic" asks what became
    # of it, so only getting through, "dodzwoniłam się", is a frame in the past)
    rf"(?:ja )?{_AT_LAST}(?:sie )?{_AT_LAST}"
    r"(?:(?:za|od)?dzwoni(?:e|my|c)|dodzwoni(?:e|my|c|lam|lem|lismy|lysmy))(?: sie)?"
    rf"{_YOU}(?: juz)?(?: wszedzie)?"
    rf"(?: (?:bo|poniewaz|zeby|aby|odnosnie|z pytaniem|z prosba|z zapytaniem|w sprawie|{_TO_ASK}))?",
    r"wydzwaniam",
    r"(?:od (?:samego )?(?:rana|godziny|tygodnia|wczoraj) )?probuj(?:e|emy)(?: sie)?(?: (?:do|za)?dzwonic)?",
    r"kazal\w*(?: mi| nam)? (?:za)?dzwonic",
    r"(?:dobrze )?(?:sie )?(?:trafilam|trafilem)",
    r"(?:rozlaczylo|przerwalo|wyrzucilo)(?: mnie| nas)?",
    r"(?:(?:kazdy|wszyscy) )?(?:mnie )?(?:przelaczono|przekierowano|odeslano|odsyla|odsylaja|przelaczyli|skierowali)"
    r"(?: mnie)?(?: gdzie indziej| od okienka do okienka| od jednego do drugiego| z kwitkiem)?",
    r"(?:dostalam|dostalem|dal|dala|dali|podal|podala|podali|podano|znalazlam|znalazlem)(?: mi)?"
    r" (?:ten |wasz |panstwa )?numer(?: telefonu)?",
    r"(?:juz )?(?:(?:drugi|trzeci|czwarty|piaty|kolejny|ktorys|nastepny) |jeszcze )raz",
    # having a matter, a question, a problem
    rf"(?:mam|mamy){_YOU} {_SUCH}(?:sprawe|sprawy|sprawke|pytanie|pytania|pytanko|prosbe|problem|klopot|sytuacje)",
    rf"(?:z |ze )?{_SUCH}(?:pytanie|pytaniem|pytania|pytanko|pytankiem)",
    r"w (?:(?:takiej|jednej|pewnej|tej|mojej|naszej) )?sprawie",
    r"chodzi(?: mi| nam)? o",
    r"(?:sprawa|sytuacja) (?:wyglada|jest) taka",
    r"ja (?:tylko )?(?:krotko|szybko)|tylko (?:krotko|szybko)(?: prosze)?",
    r"(?:bo )?jestem w pracy|(?:mi )?sie spiesz\w*|spiesze sie|spieszy mi sie",
    # wanting to ask
    rf"(?:chc\w*|bym|bysmy){_ME} {_TO_ASK}",
    _TO_ASK,
    r"(?:potrzebuje|szukam|prosze o) informacji",
    # asking for the agent's help
    rf"(?:czy )?(?:{_AGENT} )?(?:moze|moglaby|moglby|mogliby|mozecie|moga){_ME}(?: {_AGENT})?(?: to)? {_HELP}",
    rf"(?:prosze|niech){_ME}(?: {_AGENT})? {_HELP}",
    rf"{_AGENT}{_ME} (?:pomoze|pomozecie|powie|powiecie|doradzi|wyjasni|poradzi)",
    rf"(?:bardzo |uprzejmie )?(?:prosze|prosimy|prosilbym|prosilabym) o (?:{_ANSWER}|pomoc(?! spoleczn))",
    rf"(?:czekam|czekamy|licze|liczymy) na {_ANSWER}",
    rf"mam nadzieje(?: ze)?(?: {_AGENT}(?: mi)? (?:wie|pomoze))?",
    r"przepraszam(?: (?:ze|bardzo|za) (?:przeszkadzam|zawracam glowe|klopot|zamieszanie|pytanie))?",
    r"slucham(?: pani| pana)?",
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
    rf"(?: (?:{_AGENT}|bardzo|serdecznie|pieknie|z gory|za (?:pomoc|informacje|odpowiedz|wszystko|uwage|rozmowe)))*",
    r"(?:z gory )?dzieki(?: wielkie)?",
    rf"(?:bardzo )?(?:mi |nam )?{_AGENT} (?:bardzo )?(?:mi |nam )?pomogl\w*",
    rf"(?:bede|bedziemy) (?:bardzo )?wdzieczn(?:a|y|i)(?: za (?:pomoc|{_ANSWER}))?",
    r"pozdrawiam(?: serdecznie)?|z powazaniem",
    r"do widzenia|do uslyszenia|wszystkiego dobrego|(?:milego|dobrego) dnia",
    r"(?:dobrze )?(?:to|i) (?:juz )?(?:wszystko|tyle)|(?:i )?to by bylo(?: na)? tyle",
)
# A frame is whole words: it starts and ends where the words do.
_FRAME = re.compile("|".join(rf"(?<![^ ])(?:{frame})(?![^ ])" for frame in FRAMES))


def without_call_talk(text: str) -> str:
    """The query's words without the caller's frames ("dzwonię w sprawie zwrotu podatku" → "zwrotu podatku"); the
    query as it was when nothing meaningful would be left."""
    typed = [word for _start, _end, word in words(text)]
    folded = [fold(word) for word in typed]
    starts, position = [], 0
    for word in folded:
        starts.append(position)
        position += len(word) + 1
    framed: set[int] = set()
    for match in _FRAME.finditer(" ".join(folded)):
        framed.update(i for i, start in enumerate(starts) if match.start() <= start < match.end())
    if not framed:
        return text
    kept = " ".join(word for i, word in enumerate(typed) if i not in framed)
    return kept if any(True for _ in content_words(kept)) else text
