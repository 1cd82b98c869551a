"""What the client asks for, in the client's words, shaped to follow "we could":
"Potrebbe anticipare la consegna al 15 marzo?" → "anticipare la consegna al 15 marzo"
(→ "Potremmo anticipare la consegna al 15 marzo"), "Could you also review the lease for
the garage?" → "review the lease for the garage".

Pure. The words stay the client's; only what must change to be said back changes: the
person ("send me" → "send you"; Italian clitics "mandarmi" → "mandare", since Lei/tu is not
known here), SMS shorthand and missing accents. When that is not safe (a possessive that
needs a Lei/tu choice, no clear request) the answer is None, and the draft keeps a
placeholder: a blank is better than a wrong sentence.
"""

from __future__ import annotations

import re

from inbox_tui.core.suggest.request_wording import (
    drop_it_possessives,
    en_base,
    it_verb,
    noun_request,
    swap_person,
)
from inbox_tui.core.suggest.text_prep import written_part

__all__ = ["extract_request"]

MAX_CHARS = 80

_FLAGS = re.IGNORECASE
_CUES = {
    "it": re.compile(
        r"\b(?:(?:mi|ci)\s+)?(?:potrebbe|potreste|potresti|può|puoi|potete|potrà|potrai"
        r"|riuscirebbe|riusciresti|riuscireste|riesce|riesci|riuscite"
        r"|(?:sarebbe|è|era)\s+(?:possibile|fattibile)(?:\s+per\s+(?:lei|te|voi))?"
        r"|si\s+(?:può|potrebbe|potrà)|(?P<we>possiamo|potremmo|riusciamo|riusciremmo)"
        r"|(?:le|ti|vi)\s+(?:chiedo|chiederei)(?:\s+(?:cortesemente|gentilmente))?\s+(?:di|se)"
        r"|vorrei|vorremmo|volevo|volevamo|desidererei|preferirei|preferiremmo"
        r"|(?:avrei|avremmo|ho|abbiamo)\s+bisogno\s+di|(?:mi|ci)\s+serv(?:irebbe|e|ono|irebbero)"
        r"|(?P<me>posso|potrei|riesco|riuscirei))\s+",
        _FLAGS,
    ),
    "en": re.compile(
        r"(?:\bwould\s+you\s+mind|\b(?:could|can|would|will)\s+you|\b(?:is|would)\s+it\s+(?:be\s+)?possible"
        r"(?:\s+for\s+(?:you|us))?\s+to|\bis\s+there\s+any\s+(?:way|chance)(?:\s+(?:you|we)"
        r"\s+could|\s+to)?|\bany\s+chance\s+(?:you|we)\s+could|\b(?:can|could|shall)\s+we"
        r"|\b(?:do|would)\s+you\s+think\s+(?:you|we)\s+could"
        r"|\b(?:i'd|i\s+would|we'd|we\s+would)\s+(?:really\s+)?(?:like|love|prefer)(?:\s+you)?"
        r"(?:\s+to)?|(?<!do\s)\b(?:i|we)\s+(?:really\s+)?(?:need|'d\s+need|would\s+need)(?:\s+you)?"
        r"(?:\s+to)?|\b(?:i\s+was\s+)?wondering\s+(?:if|whether)\s+(?:you|we)\s+(?:could|can)"
        r"|\bif\s+you\s+could|^please|(?P<me>\b(?:can|could|may)\s+i))\s+",
        _FLAGS,
    ),
}
# Words between the cue and the request that add nothing said back: "could you also…".
_FILLERS = {
    "it": r"anche|per\s+cortesia|per\s+favore|per\s+piacere|gentilmente|cortesemente|magari"
    r"|eventualmente|per\s+caso|a|di|sapere\s+se|chiederle\s+di|chiederti\s+di|chiedere\s+se"
    r"|(?:è|sarebbe|fosse)\s+possibile|(?:lei\s+)?(?:può|potrebbe|puoi|potresti)",
    "en": r"please|kindly|also|possibly|just|maybe|perhaps|be\s+able\s+to|pls|plz",
}
# Where the request ends: reasons, politeness, the next clause.
_ENDS = {
    "it": r"[,;:!?()]|\s[-–—]\s|\s(?:perché|poiché|visto\s+che|dato\s+che|siccome|così|in\s+modo"
    r"|altrimenti|anche\s+se|se\s+possibile|se\s+riesce|se\s+può|per\s+favore|per\s+cortesia"
    r"|per\s+piacere|grazie|ma|però|invece|è\s+urgente|quando\s+(?:ha|hai)\s+tempo)\b",
    "en": r"[,;:!?()]|\s[-–—]\s|\s(?:because|since|as\s+(?:I|we|the|my|our)|so\s+that|so\s+I"
    r"|otherwise|even\s+if|if\s+(?:possible|that's|that\s+is|you|it)|please|thanks|thank\s+you"
    r"|thx|but|though|instead|when\s+you\s+(?:can|get)|it's|its|it\s+is|this\s+is)\b",
}
# Cut places for a long request, latest first within the limit.
_CUTS = {
    "it": r"\s(?:e|ed|o|oppure|con|per|di|del|della|dei|entro|da|in|su|che)\s",
    "en": r"\s(?:and|or|with|for|of|by|from|in|on|that|which)\s",
}
_TRAILING = {
    "it": r"(?:\s+(?:il|lo|la|i|gli|le|un|uno|una|di|a|da|in|con|su|per|tra|fra|e|o|che))+$",
    "en": r"(?:\s+(?:the|a|an|of|to|for|with|and|or|in|on|at|by|that|please|thanks|asap))+$",
}
# fmt: off
# Words that say who is who: they would turn round wrongly in the professional's mouth.
_PERSONAL = {
    "it": re.compile(
        r"\b(?:io|me|mi|mio|mia|miei|mie|noi|ci|nostro|nostra|nostri|nostre|te|ti"
        r"|tuo|tua|tuoi|tue|voi|vi|vostro|vostra|lei|suo|sua|suoi|sue)\b"
        r"|(?-i:\b(?:Le|La|Lo)\b)",
        _FLAGS,
    ),
}
_SHORTHAND = {
    "it": {"x": "per", "nn": "non", "cmq": "comunque", "xké": "perché", "xke": "perché",
           "xché": "perché", "xchè": "perché", "perche": "perché", "perchè": "perché", "puo": "può",
           "piu": "più", "gia": "già", "cosi": "così", "lunedi": "lunedì", "martedi": "martedì",
           "mercoledi": "mercoledì", "giovedi": "giovedì", "venerdi": "venerdì", "pò": "po'",
           "qnd": "quando", "tt": "tutto", "dm": "domani", "ke": "che"},
    "en": {"u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks",
           "tmrw": "tomorrow", "tmr": "tomorrow", "tomoz": "tomorrow", "2moro": "tomorrow",
           "b4": "before", "i": "I", "im": "I'm", "mon": "Monday", "tues": "Tuesday",
           "thurs": "Thursday", "thur": "Thursday", "fri": "Friday", "cld": "could"},
}
_EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_GREETING = re.compile(
    r"^\s*(?:buongiorno|buonasera|buon\s+pomeriggio|salve|ciao|gentile|gent\.(?:mo|ma)?|egregio"
    r"|egr\.|caro|cara|spett\.\w*|hi|hello|hey|dear|good\s+(?:morning|afternoon|evening))\b"
    r"(?:[ \t]+[\w'.]+){0,3}[ \t]*(?:[,!]|\n|$)",
    _FLAGS,
)
_CLOSING = re.compile(
    r"^\s*(?:grazie|cordiali|distinti|saluti|un\s+saluto|a\s+presto|buona\s+(?:giornata|serata)"
    r"|thanks|thank\s+you|many\s+thanks|best|kind\s+regards|regards|cheers|sent\s+from)\b",
    _FLAGS,
)
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # with ANSI codes
_QUOTES = re.compile(r"[\"“”„«»‹›]")
_EN_DETERMINERS = r"(?:the|a|an|some|any|more|another|this|that|these|those|my|our|your)"
_IT_ACQUIRE = re.compile(r"^(?:avere|ricevere|ottenere)\b", _FLAGS)  # the client receives
_EN_NOT_VERBS = {"if", "whether", "that", "it", "there", "what", "when", "how", "why", "who",
                 "where", "not", "you", "we", "they", "he", "she", "i"}
_EN_ACQUIRE = re.compile(r"^(?:have|get|receive|see)\b", _FLAGS)
# fmt: on


def extract_request(text: str, language: str) -> str | None:
    """The request's object, ready for "Potremmo {request}" / "We could {request}"; None
    when the message asks for nothing clear."""
    if language not in _CUES:
        return None
    sentences = _sentences(_written(text, language))
    # A question is the likelier request; statements ("I'd like to…") come after.
    for sentence in sorted(sentences, key=lambda s: not s.endswith("?")):
        if (found := _from_sentence(sentence, language)) is not None:
            return found
    return None


def _written(text: str, language: str) -> str:
    text = _QUOTES.sub("", _CONTROL.sub(" ", written_part(text.replace("\r", ""))))
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i and _CLOSING.match(line) and "?" not in line and len(line) < 40:
            lines = lines[:i]  # "Grazie, Anna" and what follows is not the request
            break
    text = _GREETING.sub("", "\n".join(lines), count=1)
    shorthand = _SHORTHAND[language]
    text = re.sub(r"[\w']+", lambda m: shorthand.get(m[0].lower(), m[0]), text)
    if language == "it":
        return re.sub(r"\b([eE])'(?=\s|$)", lambda m: "è" if m[1] == "e" else "È", text)
    return re.sub(rf"\b(?:{'|'.join(_EN_DAYS)})\b", lambda m: m[0].capitalize(), text, flags=_FLAGS)


def _sentences(text: str) -> list[str]:
    paragraphs = re.split(r"\n\s*\n", text)
    flat = " ".join(
        " ".join(p.split()) + ("" if p.rstrip().endswith(("?", ".", "!")) else ".")
        for p in paragraphs
        if p.strip()
    )
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+(?=\S)", flat) if s.strip()]


def _from_sentence(sentence: str, language: str) -> str | None:
    # Every cue in turn: "non riesco a venire giovedì, possiamo fare venerdì?" asks the second.
    for m in _CUES[language].finditer(sentence):
        cue, rest = m.groupdict(), sentence[m.end() :]
        while (again := _CUES[language].match(rest)) is not None:  # "please can you…"
            cue, rest = again.groupdict(), rest[again.end() :]
        rest = re.sub(rf"^(?:(?:{_FILLERS[language]})\s+)+", "", rest, flags=_FLAGS)
        rest = re.split(_ENDS[language], rest, maxsplit=1, flags=_FLAGS)[0].strip(" .?!…'")
        # cue["me"]: the client is the one acting ("can I pay…", "potrei avere…")
        found = (
            _first_person(rest, language)
            if cue["me"]
            else _shape(rest, language, ours=bool(cue.get("we")))
        )
        if found is not None:
            return found
    return None


def _first_person(rest: str, language: str) -> str | None:
    if language == "it":  # only "potrei avere…" can be said back ("inviare…")
        return _shape(rest, language) if _IT_ACQUIRE.match(rest) else None
    if _EN_ACQUIRE.match(rest):
        return _shape(_EN_ACQUIRE.sub("send me", rest, count=1), language)
    return _shape(f"let me {rest}", language)  # "me" turns into "you" with the rest


def _shape(rest: str, language: str, *, ours: bool = False) -> str | None:
    """`ours`: the client said "we" ("possiamo vederci"), so "ci" is both of us and stays."""
    words = rest.split()
    if not words:
        return None
    if language == "it":
        if _IT_ACQUIRE.match(words[0]):  # "è possibile avere il preventivo" → "inviare …"
            words[0] = "inviare"
        verb = it_verb(words[0], ours)
        words = [verb, *words[1:]] if verb else noun_request(words, language)
        rest = drop_it_possessives(" ".join(words))
    else:
        if words[0].lower() in _EN_NOT_VERBS:
            return None
        if words[0].lower().endswith("ing") and len(words[0]) > 5:  # "would you mind sending"
            words[0] = en_base(words[0])
        if re.fullmatch(_EN_DETERMINERS, words[0], _FLAGS):
            words = noun_request(words, language)
        rest = re.sub(r"[\w']+", lambda w: swap_person(w[0]), " ".join(words))
    rest = _cut_personal(rest, language)
    if rest is None:
        return None
    rest = _fit(rest, language)
    if rest is None or len(rest.split()) < 2:
        return None
    return rest[0].lower() + rest[1:] if not rest[:2].isupper() else rest


def _cut_personal(text: str, language: str) -> str | None:
    """Cut before a word that would turn round wrongly (a Lei/tu possessive, a third
    person of unclear reference), at a clause or preposition; None if too little is left."""
    m = _PERSONAL[language].search(text) if language in _PERSONAL else None
    if m is None:
        return text
    head = text[: m.start()]
    cuts = list(re.finditer(_CUTS[language], head, _FLAGS))
    return head[: cuts[-1].start()].strip() if cuts else None


def _fit(text: str, language: str) -> str | None:
    text = re.sub(_TRAILING[language], "", " ".join(text.split()), flags=_FLAGS).strip(" ,.;")
    if len(text) <= MAX_CHARS:
        return text or None
    cuts = [c for c in re.finditer(_CUTS[language], text, _FLAGS) if c.start() <= MAX_CHARS]
    if not cuts:
        return None
    return re.sub(_TRAILING[language], "", text[: cuts[-1].start()], flags=_FLAGS).strip() or None
