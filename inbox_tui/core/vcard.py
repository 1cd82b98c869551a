"""Reading vCard 2.1, 3.0 and 4.0 text into names, emails and phone numbers.

Pure: text in, data out. Only what the inbox needs is kept (a name and the addresses);
photos, notes and the rest are skipped. Exports from phones and address books are often
slightly broken, so nothing here raises on bad input: problems are collected as lines
("line 12: …") and parsing carries on. Sizes are bounded so a huge or hostile file costs
bounded memory: long properties, card counts and problem lists are all capped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from inbox_tui.core.sanitize import one_line

MAX_PROPERTY = 64 * 1024  # characters in one unfolded property; photos are the usual giants
MAX_CARDS = 100_000
MAX_PROBLEMS = 200
MAX_ADDRESSES = 50  # emails, and separately phones, per card
MAX_EMAIL = 254  # RFC 5321 path limit; longer is not an address
MAX_PHONE = 64
# The properties read; the rest (PHOTO, NOTE, X-…) are skipped.
_WANTED = frozenset({"FN", "N", "ORG", "EMAIL", "TEL"})
_BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_QP_RUN = re.compile(r"((?:=[0-9A-Fa-f]{2})+)")
_ESCAPE = re.compile(r"\\(.)")
# Name and parameters: up to the first colon outside a 4.0 quoted value (TYPE="a:b").
_HEAD = re.compile(r'(?:[^":]|"[^"]*"?)*')


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


def decode_line(raw: bytes) -> str:
    """One line of file bytes: UTF-8 if it is, else Windows-1252/Latin-1 (never fails)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def iter_vcards(
    lines: Iterable[str], problems: Problems, max_cards: int = MAX_CARDS
) -> Iterator[VCard]:
    """Cards as they complete, so a caller can store them without holding the file."""
    card: _Builder | None = None
    emitted = 0
    nested = 0  # depth inside a 2.1 AGENT's embedded vCard, which is not a contact
    in_base64 = False  # 2.1 base64 bodies may continue on unindented lines
    junk_reported = False
    for number, text, too_long in _logical_lines(lines):
        if not text.strip():
            in_base64 = False
            continue
        prop = _parse_property(text)
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


def _logical_lines(lines: Iterable[str]) -> Iterator[tuple[int, str, bool]]:
    """(first line number, unfolded text, too long) per property.

    Joins folded lines (a leading space or tab) and 2.1 quoted-printable soft breaks (a
    value ending in "="). A property past MAX_PROPERTY keeps only its start, for the name.
    """
    parts: list[str] = []
    start, size, too_long, qp = 0, 0, False, False
    for number, line in enumerate(lines, 1):
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        if parts:
            if line[:1] in (" ", "\t"):
                piece = line[1:]
            elif qp and parts[-1].endswith("=") and not _is_end(line):
                parts[-1] = parts[-1][:-1]
                piece = line
            else:
                yield start, "".join(parts), too_long
                parts = []
        if parts:
            size += len(piece)
            if size > MAX_PROPERTY:
                too_long = True
            if too_long:
                # Keep a tiny tail so a soft break on it is still seen; drop the middle.
                parts = [parts[0][:1024], piece[-2:]]
            else:
                parts.append(piece)
            continue
        start, size, too_long = number, len(line), len(line) > MAX_PROPERTY
        parts = [line[:1024] if too_long else line]
        head = line[:1024].partition(":")[0].upper()
        qp = "QUOTED-PRINTABLE" in head
    if parts:
        yield start, "".join(parts), too_long


def _is_end(line: str) -> bool:
    return line.strip().upper().replace(" ", "") == "END:VCARD"


def _parse_property(text: str) -> tuple[str, dict[str, list[str]], str] | None:
    """(NAME, {PARAM: [values]}, raw value); None when the line has no colon."""
    head = _HEAD.match(text)
    colon = head.end() if head else len(text)
    if colon == len(text):
        return None
    segments = _split(text[:colon], ";", quotes=True)
    name = segments[0].strip().rsplit(".", 1)[-1].upper()  # drop the group: item1.EMAIL
    params: dict[str, list[str]] = {}
    for segment in segments[1:]:
        key, eq, values = segment.partition("=")
        if eq:
            key = key.strip().upper()
        else:  # 2.1 bare parameters: TEL;CELL;PREF / ;QUOTED-PRINTABLE
            values = key
            key = "ENCODING" if key.strip().upper() in _BARE_ENCODINGS else "TYPE"
        for value in _split(values, ",", quotes=True):
            params.setdefault(key, []).append(value.strip().strip('"').upper())
    return name, params, text[colon + 1 :]


def _split(text: str, sep: str, quotes: bool = False) -> list[str]:
    """Split on `sep` outside "quotes" (parameters) or unless backslash-escaped (values)."""
    if ('"' if quotes else "\\") not in text:
        return text.split(sep)
    out, start, quoted, i = [], 0, False, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and not quotes:
            i += 1  # the escaped character is skipped with it; parts stay escaped
        elif c == '"' and quotes:
            quoted = not quoted
        elif c == sep and not quoted:
            out.append(text[start:i])
            start = i + 1
        i += 1
    out.append(text[start:])
    return out


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _decode_qp(value: str, charset: str) -> str:
    """Quoted-printable runs (=C3=A9) become text in the declared charset."""
    value = value.removesuffix("=")  # a soft break at the very end of the value
    pieces = _QP_RUN.split(value)
    for i in range(1, len(pieces), 2):
        data = bytes.fromhex(pieces[i].replace("=", ""))
        pieces[i] = _decode_bytes(data, charset)
    return "".join(pieces)


def _decode_bytes(data: bytes, charset: str) -> str:
    try:
        return data.decode(codecs.lookup(charset or "utf-8").name)
    except (LookupError, ValueError):  # ValueError: also UnicodeError from idna & co
        return decode_line(data)


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
            return _unescape(_decode_qp(part, charset) if qp else part)

        if name == "FN" and not self.fn:
            self.fn = one_line(text(raw))
        elif name == "N" and not self.n:
            # Components may list several values ("Anna,Maria"); the commas become spaces.
            self.n = [" ".join(text(v) for v in _split(c, ",")) for c in _split(raw, ";")]
        elif name == "ORG" and not self.org:
            self.org = one_line(text(_split(raw, ";")[0]))
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
