"""Reading vCard 2.1, 3.0 and 4.0 text into names, emails and phone numbers.

Pure: text in, data out. Only what the inbox needs is kept (a name and the addresses);
photos, notes and the rest are skipped. Exports from phones and address books are often
slightly broken, so nothing here raises on bad input: problems are collected as lines
("line 12: …") and parsing carries on. Sizes are bounded so a huge or hostile file costs
bounded memory: long properties, card counts and problem lists are all capped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from inbox_tui.core.sanitize import one_line
from inbox_tui.core.vcard_syntax import (
    MAX_PROPERTY,
    decode_line,
    decode_qp,
    logical_lines,
    parse_property,
    split_parts,
    unescape,
)

__all__ = [
    "MAX_ADDRESSES",
    "MAX_CARDS",
    "MAX_EMAIL",
    "MAX_PHONE",
    "MAX_PROBLEMS",
    "MAX_PROPERTY",
    "ParseResult",
    "Problems",
    "VCard",
    "decode_line",
    "iter_vcards",
    "parse_vcards",
]

MAX_CARDS = 100_000
MAX_PROBLEMS = 200
MAX_ADDRESSES = 50  # emails, and separately phones, per card
MAX_EMAIL = 254  # RFC 5321 path limit; longer is not an address
MAX_PHONE = 64
# The properties read; the rest (PHOTO, NOTE, X-…) are skipped.
_WANTED = frozenset({"FN", "N", "ORG", "EMAIL", "TEL"})


@dataclass(slots=True)
class VCard:
    line: int  # where BEGIN:VCARD is
    name: str = ""  # display-safe (one line, control characters removed)
    named: bool = False  # False when `name` is only the first email, standing in for one
    emails: list[str] = field(default_factory=list)  # as written, minus any mailto:
    phones: list[str] = field(default_factory=list)  # as written, minus any tel:
    address_lines: dict[str, int] = field(default_factory=dict)  # value -> its line


@dataclass(slots=True)
class ParseResult:
    cards: list[VCard]
    problems: list[str]


class Problems:
    """Problem lines, capped: a file of junk must not become a million warnings."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self._limit = limit
        self._lines: list[str] = []
        self.dropped = 0

    def add(self, line: int | None, text: str) -> None:
        if len(self._lines) >= self._limit:
            self.dropped += 1
        else:
            self._lines.append(f"line {line}: {text}" if line is not None else text)

    def as_list(self) -> list[str]:
        more = [f"… and {self.dropped} more problems not shown"] if self.dropped else []
        return self._lines + more


def parse_vcards(text: str, max_cards: int = MAX_CARDS) -> ParseResult:
    problems = Problems()
    cards = list(iter_vcards(re.split(r"\r\n|\r|\n", text), problems, max_cards))
    return ParseResult(cards, problems.as_list())


def iter_vcards(
    lines: Iterable[str], problems: Problems, max_cards: int = MAX_CARDS
) -> Iterator[VCard]:
    """Cards as they complete, so a caller can store them without holding the file."""
    card: _Builder | None = None
    emitted = 0
    nested = 0  # depth inside a 2.1 AGENT's embedded vCard, which is not a contact
    in_base64 = False  # 2.1 base64 bodies may continue on unindented lines
    junk_reported = False
    for number, text, too_long in logical_lines(lines):
        if not text.strip():
            in_base64 = False
            continue
        prop = parse_property(text)
        name, params, value = prop or ("", {}, "")
        marker = not too_long and value.strip().upper() == "VCARD"
        if name == "BEGIN" and marker:
            junk_reported = False
            if card is not None:
                if card.agent_open or nested:
                    card.agent_open = False  # one embedded card per AGENT, not a chain
                    nested += 1
                    continue
                problems.add(card.line, f"vCard has no END:VCARD (ended at line {number})")
                emitted += 1
                yield card.build()
            if emitted >= max_cards:
                problems.add(number, f"more than {max_cards:,} cards; the rest was ignored")
                return
            card = _Builder(number, problems)
        elif name == "END" and marker:
            junk_reported = False
            if nested:
                nested -= 1
            elif card is None:
                problems.add(number, "END:VCARD without BEGIN:VCARD ignored")
            else:
                emitted += 1
                yield card.build()
                card = None
        elif card is None:
            if not junk_reported:
                problems.add(number, "text outside BEGIN:VCARD … END:VCARD ignored")
                junk_reported = True
        elif too_long:
            if name in _WANTED:  # an oversized PHOTO is no loss worth a warning
                problems.add(number, f"{name} longer than 64 KB ignored")
        elif prop is None:
            if not in_base64:
                problems.add(number, "not a vCard property, ignored")
        elif not nested:
            in_base64 = card.add(number, name, params, value)
    if card is not None:
        problems.add(card.line, "vCard has no END:VCARD (file ended)")
        yield card.build()


class _Builder:
    """One card's fields while its lines are read."""

    def __init__(self, line: int, problems: Problems) -> None:
        self.line = line
        self.problems = problems
        self.fn = ""
        self.n: list[str] = []
        self.org = ""
        self.emails: list[str] = []
        self.phones: list[str] = []
        self.lines: dict[str, int] = {}
        self.agent_open = False

    def add(self, number: int, name: str, params: dict[str, list[str]], raw: str) -> bool:
        """Take one property; True when it is base64 (its body may run on unindented)."""
        self.agent_open = name == "AGENT" and not raw.strip()
        encoding = params.get("ENCODING", [""])[0]
        if encoding in ("B", "BASE64"):
            return True
        if name not in _WANTED:
            return False
        qp = encoding == "QUOTED-PRINTABLE"
        charset = params.get("CHARSET", ["UTF-8"])[0]

        def text(part: str) -> str:
            return unescape(decode_qp(part, charset) if qp else part)

        if name == "FN" and not self.fn:
            self.fn = one_line(text(raw))
        elif name == "N" and not self.n:
            # Components may list several values ("Anna,Maria"); the commas become spaces.
            self.n = [" ".join(text(v) for v in split_parts(c, ",")) for c in split_parts(raw, ";")]
        elif name == "ORG" and not self.org:
            self.org = one_line(text(split_parts(raw, ";")[0]))
        elif name == "EMAIL":
            value = text(raw).strip()
            if value[:7].lower() == "mailto:":
                value = value[7:].partition("?")[0]
            self._address(number, "email", value, self.emails, MAX_EMAIL)
        elif name == "TEL":
            value = text(raw).strip()
            if value[:4].lower() == "tel:":
                value = value[4:].partition(";")[0]  # drop URI parameters such as ;ext=
            self._address(number, "phone number", value, self.phones, MAX_PHONE)
        return False

    def _address(self, number: int, what: str, value: str, into: list[str], limit: int) -> None:
        if not value or value in self.lines:
            return
        if len(value) > limit:
            self.problems.add(number, f"{what} longer than {limit} characters ignored")
        elif len(into) >= MAX_ADDRESSES:
            self.problems.add(number, f"more than {MAX_ADDRESSES} of one kind; {what} ignored")
        else:
            into.append(value)
            self.lines[value] = number

    def build(self) -> VCard:
        name = self.fn
        if not name and self.n:
            given = self.n[1] if len(self.n) > 1 else ""
            name = one_line(f"{given} {self.n[0]}")
        name = name or self.org
        card = VCard(self.line, name, bool(name), self.emails, self.phones, self.lines)
        if not name and self.emails:
            card.name = one_line(self.emails[0])
        return card
