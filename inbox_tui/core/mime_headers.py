"""Header fields of a message, decoded from their raw values without ever raising.

Values are read raw (the parser's `raw_items`) and decoded here rather than through
`email.policy.default`'s header objects: those raise on some malformed headers and turn
latin-1 header bytes and unknown charsets into U+FFFD, while real mail carries all of
these. Address lists are split before encoded-words are decoded (RFC 2047 §5), so an
encoded "<ceo@bank>" stays part of a name.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import collapse_rfc2231_value, getaddresses, parsedate_tz

from inbox_tui.core.mime_decode import ENCODED_WORD, decode_words, fix_surrogates, safe_line

MAX_HEADER = 64 * 1024  # per value; more is abuse, and decoding it would only cost time
MAX_REFERENCES = 100  # kept: the first (the thread root) and the most recent
MAX_RECIPIENTS = 500
MAX_ID = 250
SUBJECT_LIMIT = 300
_ADDR = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+")
_ID = re.compile(r"<\s*([^<>\s]+?)\s*>")
_CTYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_FOLD = re.compile(r"\r?\n(?=[ \t])|\r(?=[ \t])")
_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")
_LAST_TS = 2**33  # year 2242: beyond this a date is garbage, not the future


@dataclass(frozen=True, slots=True)
class EmailHeaders:
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    from_name: str
    from_addr: str
    to: tuple[tuple[str, str], ...]
    cc: tuple[tuple[str, str], ...]
    date: int | None
    auto_submitted: str | None
    precedence: str | None
    list_id: str | None
    disposition_notification_to: tuple[str, ...]
    return_path: str | None
    content_type: str  # "type/subtype", lower-cased, parameters dropped
    report_type: str | None


def raw_values(msg: Message) -> dict[str, str]:
    """First occurrence of each header, unfolded, 8-bit bytes decoded, length capped."""
    values: dict[str, str] = {}
    for name, value in msg.raw_items():
        key = str(name).strip().lower()
        if key in values or not isinstance(value, str):
            continue
        values[key] = fix_surrogates(_FOLD.sub("", value[:MAX_HEADER])).strip()
    return values


def header_message(raw: bytes) -> Message:
    """The header block as a compat32 message: it only splits lines, so it cannot raise."""
    end = header_end(raw)
    return BytesHeaderParser(policy=compat32).parsebytes(raw[:end])


def header_end(raw: bytes) -> int:
    """Where the body starts: after the first empty line (CRLF or bare LF)."""
    # Parsing a 10 MB body only to throw it away would dominate a header-only parse.
    for sep in (b"\r\n", b"\n"):
        if raw.startswith(sep):  # an empty line first: no headers at all, as the parser sees it
            return len(sep)
    ends = [i + n for sep, n in ((b"\r\n\r\n", 4), (b"\n\n", 2)) if (i := raw.find(sep)) >= 0]
    return min(ends) if ends else len(raw)


def normalise_id(value: str | None) -> str | None:
    """The first "<id>" in a value; a bare token without brackets is accepted and wrapped."""
    if not value:
        return None
    match = _ID.search(value)
    token = match.group(1) if match else (value.split() or [""])[0].strip("<>,;")
    token = safe_line(token, MAX_ID + 10).replace(" ", "")
    if not token or len(token) > MAX_ID:
        return None
    return f"<{token}>"


def id_list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    tokens = _ID.findall(value)
    if not tokens:  # some mailers separate bare ids with commas or spaces
        tokens = [t for t in re.split(r"[\s,]+", value) if "@" in t]
    ids: list[str] = []
    seen: set[str] = set()
    for token in tokens:
        norm = normalise_id(f"<{token}>")
        if norm and norm not in seen:
            seen.add(norm)
            ids.append(norm)
    if len(ids) > MAX_REFERENCES:
        ids = ids[:1] + ids[-(MAX_REFERENCES - 1) :]
    return tuple(ids)


def address(value: str) -> str:
    """A lower-cased addr-spec, or "" when the value is not one."""
    value = value.strip().strip("<>").strip()
    if len(value) > 320 or not _ADDR.fullmatch(value):
        return ""
    return safe_line(value, 320).lower()


def address_list(value: str | None) -> list[tuple[str, str]]:
    if not value:
        return []
    # Encoded-words stand aside while the list is split: broken mailers leave commas
    # and quotes unencoded inside them, which would cut a name in two.
    words: list[str] = []

    def hide(match: re.Match[str]) -> str:
        words.append(match.group(0))
        return f"\ue000{len(words) - 1}\ue001"

    def restore(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: words[int(m.group(1))], text)

    value = ENCODED_WORD.sub(hide, value.replace("\ue000", "").replace("\ue001", ""))
    try:
        pairs = getaddresses([value])
    except Exception:  # noqa: BLE001 - the stdlib address parser has raised on odd input
        pairs = [("", part) for part in value.split(",")]
    result: list[tuple[str, str]] = []
    for name, addr in pairs[:MAX_RECIPIENTS]:
        clean_addr = address(restore(addr))
        if clean_addr:
            result.append((safe_line(decode_words(restore(name))), clean_addr))
    return result


def parse_date(value: str | None) -> int | None:
    """Epoch seconds UTC; None if missing, unparseable or absurd."""
    if not value:
        return None
    ts: int | None = None
    try:
        parts = parsedate_tz(value)
        if parts is not None:
            # No zone (or "-0000") is taken as UTC: mktime_tz would use this machine's
            # local time, so the same message would sort differently on another machine.
            ts = calendar.timegm(parts[:6]) - (parts[9] or 0)
    except (TypeError, ValueError, OverflowError, IndexError):
        ts = None
    if ts is None:  # a few robots write ISO 8601
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            ts = int(parsed.timestamp())
        except (ValueError, OverflowError, OSError):
            return None
    return ts if 0 <= ts < _LAST_TS else None


def content_type(msg: Message) -> str:
    """ "type/subtype" lower-cased; text/plain (the RFC 2045 default) when unusable."""
    try:
        ctype = msg.get_content_type()
    except Exception:  # noqa: BLE001 - default-policy header objects can raise
        return "text/plain"
    return ctype if isinstance(ctype, str) and _CTYPE.fullmatch(ctype) else "text/plain"


def param(msg: Message, name: str, header: str = "content-type") -> str | None:
    """A decoded header parameter (quoting, RFC 2231 and encoded-words), or None."""
    try:
        value = _with_8bit(msg, header).get_param(name, None, header)
        if value is None:
            return None
        text = collapse_rfc2231_value(value) if isinstance(value, tuple) else str(value)
    except Exception:  # noqa: BLE001
        return None
    return decode_words(fix_surrogates(text))


def _with_8bit(msg: Message, header: str) -> Message:
    """`msg`, or when its `header` carries raw 8-bit bytes a stand-in holding that header
    decoded: reading parameters through `msg` would turn each such byte into U+FFFD, and
    mailers do write `filename="perché.pdf"` in raw UTF-8."""
    for key, value in msg.raw_items():
        if str(key).lower() == header:
            fixed = fix_surrogates(value) if isinstance(value, str) else value
            if fixed is value:
                return msg
            stand_in = Message()
            stand_in[header] = fixed
            return stand_in
    return msg


def parse_headers(raw: bytes) -> EmailHeaders:
    """The fields of a header block (BODY.PEEK[HEADER]) or of a whole message."""
    return headers_of(header_message(raw))


def headers_of(msg: Message) -> EmailHeaders:
    h = raw_values(msg)
    senders = address_list(h.get("from"))
    if senders:
        from_name, from_addr = senders[0]
    else:  # "From: MAILER-DAEMON": no address, but still something to show
        from_name, from_addr = safe_line(decode_words(h.get("from", ""))), ""
    return_path = h.get("return-path")
    report = param(msg, "report-type") if content_type(msg) == "multipart/report" else None
    list_id = h.get("list-id")
    if list_id:
        inner = _ID.search(list_id)
        list_id = inner.group(1) if inner else list_id
    return EmailHeaders(
        message_id=normalise_id(h.get("message-id")),
        in_reply_to=normalise_id(h.get("in-reply-to")),
        references=id_list(h.get("references")),
        subject=safe_line(decode_words(h.get("subject", "")), SUBJECT_LIMIT),
        from_name=from_name,
        from_addr=from_addr,
        to=tuple(address_list(h.get("to"))),
        cc=tuple(address_list(h.get("cc"))),
        date=parse_date(h.get("date")),
        auto_submitted=_token(h.get("auto-submitted")),
        precedence=_token(h.get("precedence")),
        list_id=(safe_line(list_id) or None) if list_id else None,
        disposition_notification_to=tuple(
            a for _, a in address_list(h.get("disposition-notification-to"))
        ),
        # "<>" is meaningful: the null sender of bounces and auto-replies.
        return_path=None if return_path is None else address(return_path),
        content_type=content_type(msg),
        report_type=(safe_line(report).lower() or None) if report else None,
    )


def _token(value: str | None) -> str | None:
    """The leading keyword: Auto-Submitted "auto-replied; owner=x" is "auto-replied"."""
    if not value:
        return None
    return safe_line(value.split(";", 1)[0]).lower() or None
