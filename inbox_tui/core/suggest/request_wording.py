"""Saying the client's words back: the grammar that turns them round.

Pure. An Italian infinitive loses the client's clitic ("mandarmelo" → "mandarlo"), a
thing asked for as a noun gets a verb ("vorrei un preventivo" → "preparare un
preventivo"), Italian possessives that would need a Lei/tu choice go, and English
persons swap ("send me" → "send you").
"""

from __future__ import annotations

import re

__all__ = ["drop_it_possessives", "en_base", "it_verb", "noun_request", "swap_person"]

_FLAGS = re.IGNORECASE
# fmt: off
_EN_SWAP = {
    "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i": "you",
    "i'm": "you're", "i've": "you've", "us": "you", "our": "your", "ours": "yours",
    "you": "us", "your": "our", "yours": "ours", "yourself": "ourselves",
}
_IT_INFINITIVE = re.compile(
    r"^(\w+?(?:ar|er|ir|rr))(e|mi|ti|ci|vi|si|lo|la|li|le|ne|gli|glie(?:lo|la|li|le|ne)"
    r"|[mtcv]e(?:lo|la|li|le|ne))$",
    _FLAGS,
)
# What to do with a thing asked for as a noun ("vorrei un preventivo" → "preparare …").
_NOUN_VERBS = {
    "it": (("fissare", r"appuntament|incontr|riunion|chiamat|telefonat|call|colloqui|sopralluog"
            r"|visit"), ("concedere", r"scont|proroga|rinvio|dilazion|rateizzazion|tempo"),
           ("preparare", r"preventiv|copi|parer|relazion|bozz|document|fattur|ricevut|contratt"
            r"|piano|report|resocont|dieta|programm")),
    "en": (("arrange", r"appointment|meeting|call|session|visit|chat"),
           ("offer", r"discount|extension|refund|reduction|more time")),
}
_DEFAULT_NOUN_VERB = {"it": "occuparci di", "en": "arrange"}
_IT_ARTICLES = r"(?:il|lo|la|l'|i|gli|le|un|uno|una|un'|del|dello|della|dei|degli|delle|qualche)"
_EN_ING_E = {"mak", "tak", "giv", "mov", "writ", "shar", "schedul", "updat", "chang", "arrang",
             "us", "leav", "clos", "issu", "prepar", "receiv", "provid", "complet", "resolv",
             "continu", "organis", "organiz", "finalis", "finaliz", "not", "advis", "releas"}
# fmt: on


def it_verb(word: str, ours: bool = False) -> str | None:
    """An Italian infinitive with the client's "mi"/"ci" dropped ("mandarmelo" →
    "mandarlo", "occuparsi" → "occuparci"); None when the word is no infinitive."""
    m = _IT_INFINITIVE.match(word)
    if m is None:
        return None
    stem, clitic = m[1], m[2].lower()
    if clitic == "ci" and ours:
        return word
    if clitic == "e" or clitic in ("mi", "ci", "vi"):
        return stem + "e"
    if clitic == "si":
        return stem + "ci"  # "potrebbe occuparsi" → "potremmo occuparci"
    if clitic[0] in "mcv" and clitic[1] == "e":
        return stem + clitic[2:]
    return stem + clitic


def noun_request(words: list[str], language: str) -> list[str]:
    if language == "it" and not re.fullmatch(_IT_ARTICLES, words[0], _FLAGS):
        return []
    phrase = " ".join(words).lower()
    verb = next(
        (v for v, nouns in _NOUN_VERBS[language] if re.search(rf"\b(?:{nouns})", phrase)),
        _DEFAULT_NOUN_VERB[language],
    )
    if verb == "occuparci di":  # "di" joins the article: di + il → del
        return ["occuparci", *_it_di(words)]
    return [verb, *words]


def _it_di(words: list[str]) -> list[str]:
    joined = {
        "il": "del",
        "lo": "dello",
        "la": "della",
        "i": "dei",
        "gli": "degli",
        "le": "delle",
        "l'": "dell'",
    }
    first = words[0].lower()
    if first in joined:
        return [joined[first], *words[1:]]
    if first.startswith("l'"):
        return ["dell'" + words[0][2:], *words[1:]]
    return ["di", *words]


def drop_it_possessives(text: str) -> str:
    """ "il mio contratto" → "il contratto": the possessive needs a Lei/tu choice, the
    article alone reads right in both."""
    return re.sub(
        rf"\b({_IT_ARTICLES}|al|dal|nel|sul|alla|dalla|nella|sulla|ai|dai|nei|sui)\s+"
        r"(?:mio|mia|miei|mie|nostro|nostra|nostri|nostre)\s+(?![aeiouh])",
        r"\1 ",
        text,
        flags=_FLAGS,
    )


def en_base(word: str) -> str:
    stem = word[:-3]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # "getting" → "get"
    return stem + "e" if stem.lower() in _EN_ING_E else stem


def swap_person(word: str) -> str:
    swapped = _EN_SWAP.get(word.lower())
    return swapped if swapped is not None else word
