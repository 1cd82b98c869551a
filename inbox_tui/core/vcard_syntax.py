"""The syntax layer of vCard text: logical lines, properties and their values decoded.

Pure and forgiving, like the reader built on it: folded lines (a leading space or tab)
and 2.1 quoted-printable soft breaks are joined, a property is split into its name,
parameters and raw value, and values are unescaped and decoded in their declared charset.
Nothing here raises on bad input; an oversized property keeps only its start.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator

MAX_PROPERTY = 64 * 1024  # characters in one unfolded property; photos are the usual giants
_BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_QP_RUN = re.compile(r"((?:=[0-9A-Fa-f]{2})+)")
_ESCAPE = re.compile(r"\\(.)")
# Name and parameters: up to the first colon outside a 4.0 quoted value (TYPE="a:b").
_HEAD = re.compile(r'(?:[^":]|"[^"]*"?)*')


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


def logical_lines(lines: Iterable[str]) -> Iterator[tuple[int, str, bool]]:
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


def parse_property(text: str) -> tuple[str, dict[str, list[str]], str] | None:
    """(NAME, {PARAM: [values]}, raw value); None when the line has no colon."""
    head = _HEAD.match(text)
    colon = head.end() if head else len(text)
    if colon == len(text):
        return None
    segments = split_parts(text[:colon], ";", quotes=True)
    name = segments[0].strip().rsplit(".", 1)[-1].upper()  # drop the group: item1.EMAIL
    params: dict[str, list[str]] = {}
    for segment in segments[1:]:
        key, eq, values = segment.partition("=")
        if eq:
            key = key.strip().upper()
        else:  # 2.1 bare parameters: TEL;CELL;PREF / ;QUOTED-PRINTABLE
            values = key
            key = "ENCODING" if key.strip().upper() in _BARE_ENCODINGS else "TYPE"
        for value in split_parts(values, ",", quotes=True):
            params.setdefault(key, []).append(value.strip().strip('"').upper())
    return name, params, text[colon + 1 :]


def split_parts(text: str, sep: str, quotes: bool = False) -> list[str]:
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


def unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def decode_qp(value: str, charset: str) -> str:
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
