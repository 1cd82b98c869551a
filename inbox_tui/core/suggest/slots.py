"""The values the draft templates are filled with: forms of address, closings, and the
"when" phrases ("domani alle 08:30", "on Monday at 08:30"), in Italian and English.

Pure. A slot the engine cannot know (the alternative to propose, its reason...) is None
here; the renderer shows it as a «placeholder» for the user to fill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from inbox_tui.core.suggest.models import Language, SuggestContext

__all__ = [
    "BLOCK_SLOTS",
    "CLOSING_PHRASES",
    "PLACEHOLDER_LABELS",
    "SLOT_NAMES",
    "Name",
    "build_slots",
    "closing_for",
    "greeting_for",
    "parse_name",
    "when_phrase",
]

SLOT_NAMES: tuple[str, ...] = (
    "greeting", "client_name", "client_first_name", "request", "alternative", "reason",
    "benefit", "remedy", "next_slot", "due", "user_name", "user_first_name", "signature",
    "closing",
)  # fmt: skip
# Multi-line blocks that end a message: they stand on lines of their own, last.
BLOCK_SLOTS = frozenset({"closing", "signature"})
# Slots that, when unknown, stay in the draft as «label» for the user to fill; any other
# slot that is empty just disappears (with its comma or line).
PLACEHOLDER_LABELS: dict[str, dict[str, str]] = {
    "it": {
        "request": "richiesta", "alternative": "alternativa", "reason": "motivo",
        "benefit": "vantaggio", "remedy": "rimedio", "next_slot": "giorno e ora",
        "due": "giorno e ora",
    },
    "en": {
        "request": "request", "alternative": "alternative", "reason": "reason",
        "benefit": "benefit", "remedy": "remedy", "next_slot": "day and time",
        "due": "day and time",
    },
}  # fmt: skip
# The first line of a closing block; also how body_of() tells the body from the closing.
CLOSING_PHRASES: dict[str, tuple[str, ...]] = {
    "it": ("Cordiali saluti", "Distinti saluti", "Un cordiale saluto", "Un caro saluto",
           "Un saluto", "A presto", "Saluti", "Buona giornata", "Grazie e cordiali saluti"),
    "en": ("Kind regards", "Best regards", "Warm regards", "Regards", "Best wishes", "Best",
           "Yours sincerely", "Many thanks", "Thanks", "All the best", "Speak soon"),
}  # fmt: skip
_FORMAL_CLOSING = {"it": "Cordiali saluti,", "en": "Kind regards,"}
_INFORMAL_CLOSING = {"it": "A presto,", "en": "Best wishes,"}

_WEEKDAYS = {
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip

# Titles as people write them in a contact name, with the spelling a letter uses.
_TITLES = {
    t.lower().replace(".", ""): t
    for t in ("Sig.", "Sig.ra", "Sig.na", "Dott.", "Dott.ssa", "Dr.", "Avv.", "Ing.", "Arch.",
              "Prof.", "Prof.ssa", "Geom.", "Rag.", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")
}  # fmt: skip
_NOT_A_NAME = re.compile(r"[@\d/\\#:;]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Name:
    title: str  # "Avv.", "Ms" or ""
    first: str  # "" when only a title and a surname are known ("Avv. Rossi")
    last: str

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.title, self.first, self.last) if p)


def parse_name(display: str) -> Name | None:
    """A contact's display name read as title, first name and surname; None when it is
    no name at all (empty, a phone number, an address)."""
    text = re.sub(r"<[^>]*>|\([^)]*\)", " ", _CONTROL.sub(" ", display))
    text = text.strip().strip("\"'“”«»").strip()
    if not text or _NOT_A_NAME.search(text):
        return None
    if text.count(",") == 1:  # "Bianchi, Anna" as address books export it
        last, first = (p.strip() for p in text.split(","))
        text = f"{first} {last}" if first and last else (first or last)
    words = text.split()
    if text.isupper() or text.islower():  # "ANNA BIANCHI" / "anna bianchi"
        words = [_capitalise(w) for w in words]
    title = ""
    if words and words[0].lower().replace(".", "") in _TITLES:
        title = _TITLES[words.pop(0).lower().replace(".", "")]
        if not words:
            return None
        return Name(title, "", " ".join(words)) if len(words) == 1 else _split(title, words)
    return _split("", words) if words else None


def _split(title: str, words: list[str]) -> Name:
    return Name(title, words[0], " ".join(words[1:]))


def _capitalise(word: str) -> str:
    # "d'amico" → "D'Amico", "de" → "De": capitalise each part after an apostrophe/hyphen
    return re.sub(r"(^|['’-])(\w)", lambda m: m.group(1) + m.group(2).upper(), word.lower())


def greeting_for(name: Name | None, language: Language, channel: str, formal: bool) -> str:
    """The opening line. Italian "Gentile" fits either gender, so no Sig./Sig.ra is
    guessed: a title is used only when the contact's name carries one."""
    it = language == "it"
    if not formal:
        hello = "Ciao" if it else "Hi"
        return f"{hello} {name.first}," if name and name.first else f"{hello},"
    if channel == "sms":
        hello = "Buongiorno" if it else "Hello"
        if name and name.title:
            return f"{hello} {name.title} {name.last},"
        if name and name.first:  # "Buongiorno Anna," with Lei: how a polite SMS opens
            return f"{hello} {name.first},"
        return f"{hello},"
    if name is None:
        return "Buongiorno," if it else "Hello,"
    dear = "Gentile" if it else "Dear"
    return f"{dear} {name.title} {name.last}," if name.title else f"{dear} {name.full},"


def closing_for(
    language: Language, channel: str, formal: bool, user_name: str, signature: str
) -> str | None:
    """The lines after the body: closing phrase and signature (email) or just who writes
    (SMS: the full name when formal, for a client who may not have the number saved)."""
    user = parse_name(user_name)
    first = user.first if user and user.first else ""
    if channel == "sms":
        return (user_name.strip() if formal else first) or None
    signature = _clean_signature(signature)
    if signature and signature.split("\n", 1)[0].rstrip(",").strip() in CLOSING_PHRASES[language]:
        return signature  # the signature brings its own "Cordiali saluti,"
    phrase = (_FORMAL_CLOSING if formal else _INFORMAL_CLOSING)[language]
    who = (signature or user_name.strip()) if formal else (first or signature)
    return f"{phrase}\n{who}" if who else phrase


def _clean_signature(signature: str) -> str:
    lines = [_CONTROL.sub("", line).rstrip() for line in signature.replace("\r", "").split("\n")]
    if lines and lines[0].strip() in ("--", "-- "):  # the RFC 3676 separator, not content
        lines = lines[1:]
    return "\n".join(lines).strip()


def when_phrase(at: datetime, now: datetime, language: str) -> str:
    """When something happens, as said in a message written `now`: "oggi alle 14:00",
    "domani alle 08:30", "lunedì alle 08:30"; a week or more ahead the date is added
    ("lunedì 7 dicembre alle 08:30") because a bare weekday would mean the nearer one."""
    lang = _language(language)
    if at.tzinfo is not None and now.tzinfo is not None:
        at = at.astimezone(now.tzinfo)  # calendar days are the reader's local days
    days = (at.date() - now.date()).days
    hm = f"{at:%H:%M}"
    weekday = _WEEKDAYS[lang][at.weekday()]
    if lang == "it":
        if days == 0:
            return f"oggi alle {hm}"
        if days == 1:
            return f"domani alle {hm}"
        if 1 < days <= 6:
            return f"{weekday} alle {hm}"
        year = f" {at.year}" if days > 180 or days < 0 else ""
        return f"{weekday} {at.day} {_MONTHS[lang][at.month - 1]}{year} alle {hm}"
    if days == 0:
        return f"today at {hm}"
    if days == 1:
        return f"tomorrow at {hm}"
    if 1 < days <= 6:
        return f"on {weekday} at {hm}"
    year = f" {at.year}" if days > 180 or days < 0 else ""
    return f"on {weekday} {at.day} {_MONTHS[lang][at.month - 1]}{year} at {hm}"


def _language(language: str) -> Language:
    if language not in ("it", "en"):
        raise ValueError(f"language must be 'it' or 'en', not {language!r}")
    return language  # type: ignore[return-value]


def build_slots(
    ctx: SuggestContext, language: str, now: datetime, request: str | None
) -> dict[str, str | None]:
    """Every slot's value for this message; None where only the user can say."""
    lang = _language(language)
    client = parse_name(ctx.contact_name)
    user = parse_name(ctx.user_name)

    def when(at: datetime | None) -> str | None:
        # A time already past promises nothing: better a placeholder than "entro ieri".
        return when_phrase(at, now, lang) if at is not None and at > now else None

    signature = _clean_signature(ctx.signature)
    return {
        "greeting": greeting_for(client, lang, ctx.channel, ctx.formal),
        "client_name": client.full if client else None,
        "client_first_name": client.first if client and client.first else None,
        "request": request or None,
        "alternative": None,
        "reason": None,
        "benefit": None,
        "remedy": None,
        "next_slot": when(ctx.next_slot),
        "due": when(ctx.due),
        "user_name": ctx.user_name.strip() or None,
        "user_first_name": user.first if user and user.first else None,
        "signature": signature or None,
        "closing": closing_for(lang, ctx.channel, ctx.formal, ctx.user_name, ctx.signature),
    }
