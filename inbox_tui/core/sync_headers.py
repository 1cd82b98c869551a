"""A fast path for the header blocks a sync fetches by the thousand.

`mime_headers.parse_headers` is exact and robust but costs ~0.7 ms a message (the stdlib
parser and address parser); a first sync of 20,000 messages spent most of its time there.
Most real header blocks are plain ASCII with simple address lists, so this module splits
and reads those directly and hands anything unusual to the full parser. The result is the
same `EmailHeaders` either way (tests check that over a varied corpus).
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from inbox_tui.core.mime_decode import decode_words, safe_line
from inbox_tui.core.mime_headers import (
    MAX_HEADER,
    SUBJECT_LIMIT,
    EmailHeaders,
    address,
    address_list,
    header_end,
    id_list,
    normalise_id,
    parse_date,
    parse_headers,
)

# `Name <addr>` or a bare `addr`, with nothing that needs the real address parser.
_SIMPLE_ADDR = re.compile(
    r'^\s*(?:([^",<>()\[\]:;@\\]*?)\s*<([^<>\s",;:()]+)>|([^<>\s",;:()]+))\s*$'
)
_LIST_ID = re.compile(r"<\s*([^<>\s]+?)\s*>")
_CTYPE = re.compile(r"^\s*([a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*)\s*(;|$)")


def sync_headers(raw: bytes) -> EmailHeaders:
    values = _split(raw)
    if values is None:
        return parse_headers(raw)
    try:
        return _build(values)
    except _Unusual:
        return parse_headers(raw)


class _Unusual(Exception):
    pass


_FIELD = re.compile(r"^([!-9;-~]+):[ \t]*(.*(?:\n[ \t].*)*)", re.MULTILINE)
# A line that is neither a field, nor a continuation, nor empty: leave it to the parser.
_STRAY = re.compile(r"^(?![ \t]|[!-9;-~]+:|$)", re.MULTILINE)


def _split(raw: bytes) -> dict[str, str] | None:
    block = raw[: header_end(raw)]
    if not block.isascii() or b"\x00" in block or b"\r" in block.replace(b"\r\n", b""):
        return None
    text = block.decode("ascii").replace("\r\n", "\n")
    if text[:1] in (" ", "\t") or _STRAY.search(text):
        return None
    values: dict[str, str] = {}
    for name, value in _FIELD.findall(text):
        key = name.lower()
        if key not in values:  # the first occurrence counts, as in the full parser
            values[key] = value.replace("\n", "")[:MAX_HEADER].strip()
    return values


_DATE = re.compile(
    r"^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$"
)
_MONTHS = {m: i for i, m in enumerate(calendar.month_abbr) if m}


def _date(value: str | None) -> int | None:
    """The canonical RFC 5322 date without the stdlib parser; anything else goes to it."""
    m = _DATE.match(value.strip()) if value else None
    if m is None or m.group(2) not in _MONTHS:
        return parse_date(value)
    day, _, year, hh, mm, ss, sign, oh, om = m.groups()
    if not (1 <= int(day) <= 31 and int(hh) < 24 and int(mm) < 60 and int(ss) < 61):
        return parse_date(value)
    offset = (int(oh) * 3600 + int(om) * 60) * (-1 if sign == "-" else 1)
    try:
        ts = calendar.timegm((int(year), _MONTHS[m.group(2)], int(day), int(hh), int(mm), int(ss)))
    except (ValueError, OverflowError):
        return parse_date(value)
    ts -= offset
    return ts if 0 <= ts < 2**33 else parse_date(value)


def _addresses(value: str | None) -> list[tuple[str, str]]:
    # The same few From/To values repeat across a mailbox: parse each once.
    return list(_addresses_cached(value)) if value else []


@lru_cache(maxsize=4096)
def _addresses_cached(value: str) -> tuple[tuple[str, str], ...]:
    return tuple(_parse_addresses(value))


def _parse_addresses(value: str) -> list[tuple[str, str]]:
    if "=?" in value or '"' in value or "(" in value:
        return address_list(value)
    out: list[tuple[str, str]] = []
    for piece in value.split(","):
        if not piece.strip():
            continue
        m = _SIMPLE_ADDR.match(piece)
        if m is None:
            return address_list(value)
        name, addr = (m.group(1) or "", m.group(2)) if m.group(2) else ("", m.group(3))
        clean = address(addr)
        if not clean:
            return address_list(value)
        out.append((safe_line(decode_words(name)), clean))
    return out


def _build(h: dict[str, str]) -> EmailHeaders:
    senders = _addresses(h.get("from"))
    if not senders:
        raise _Unusual
    ctype_raw = h.get("content-type", "")
    ctype = "text/plain"
    if ctype_raw:
        m = _CTYPE.match(ctype_raw.lower())
        if m is None:
            raise _Unusual
        ctype = m.group(1)
        if ctype == "multipart/report":
            raise _Unusual  # the report-type parameter needs the real parameter parser
    list_id = h.get("list-id")
    if list_id:
        inner = _LIST_ID.search(list_id)
        list_id = inner.group(1) if inner else list_id
    return_path = h.get("return-path")
    return EmailHeaders(
        message_id=normalise_id(h.get("message-id")),
        in_reply_to=normalise_id(h.get("in-reply-to")),
        references=id_list(h.get("references")),
        subject=safe_line(decode_words(h.get("subject", "")), SUBJECT_LIMIT),
        from_name=senders[0][0],
        from_addr=senders[0][1],
        to=tuple(_addresses(h.get("to"))),
        cc=tuple(_addresses(h.get("cc"))),
        date=_date(h.get("date")),
        auto_submitted=_token(h.get("auto-submitted")),
        precedence=_token(h.get("precedence")),
        list_id=(safe_line(list_id) or None) if list_id else None,
        disposition_notification_to=tuple(
            a for _, a in _addresses(h.get("disposition-notification-to"))
        ),
        return_path=None if return_path is None else address(return_path),
        content_type=ctype,
        report_type=None,
    )


def _token(value: str | None) -> str | None:
    if not value:
        return None
    return safe_line(value.split(";", 1)[0]).lower() or None


def parse_blocks(blocks: list[bytes]) -> list[EmailHeaders]:
    """A batch at once: what a parsing worker process runs (picklable in, picklable out)."""
    return [sync_headers(block) for block in blocks]
