"""Preparing a client's message for the classifiers: the part they wrote (no quoted reply,
no signature, no forwarded trail), folded to lower case without accents so that "perchè",
"perche'" and "perché" are one word, as clients type them on phones."""

from __future__ import annotations

import re
import unicodedata

# A reply's quoted part starts at one of these lines; everything after it is someone else's.
_QUOTE_START = re.compile(
    r"^\s*(?:>|il giorno .{3,80} ha scritto|on .{3,120} wrote|-{2,}\s*original message"
    r"|-{2,}\s*messaggio originale|from:\s|da:\s.*@|inviato da:|sent from my|inviato da iphone"
    r"|get outlook for)",
    re.IGNORECASE,
)
# A signature separator: "-- " on its own line (RFC 3676) or a long rule.
_SIGNATURE = re.compile(r"^(?:--\s*|_{5,}|-{5,})$")
_SPACES = re.compile(r"[ \t\u00a0]+")


def written_part(text: str) -> str:
    """The lines the client wrote in this message, before any quote or signature."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _QUOTE_START.match(line) or _SIGNATURE.match(line.strip()):
            break
        kept.append(line)
    written = "\n".join(kept).strip()
    return written or text.strip()


def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes and spaces made plain."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return _SPACES.sub(" ", bare)


def prepared(subject: str, text: str) -> str:
    """Subject and written part, folded: what the intent rules read."""
    body = fold(written_part(text))
    subject = fold(re.sub(r"^\s*(?:(?:re|r|fw|fwd|i|inoltro)\s*:\s*)+", "", subject, flags=re.I))
    return f"{subject}\n{body}" if subject.strip() else body
