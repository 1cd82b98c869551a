"""Building outgoing mail: RFC 5322 bytes, reply subjects, quoting and threading headers.

Pure functions: the caller supplies the clock and the randomness, so output is
reproducible in tests. Every header value is folded to one line before it is set, so
no user-typed text (or text copied from a received message) can inject a header.
"""

from __future__ import annotations

import random
import re
import secrets
import string
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from inbox_tui.core.mime_headers import EmailHeaders
from inbox_tui.core.sanitize import clean, one_line

MAX_REFERENCES = 20
# 7-bit output: a UTF-8 body goes out quoted-printable or base64 (whichever is shorter),
# so it survives any relay; CRLF line endings as SMTP wants them.
_POLICY = SMTP.clone(cte_type="7bit")
_MSG_ID = re.compile(r"<[!-;=?-~]+>")  # printable ASCII without spaces and angle brackets
_HEADER_NAME = re.compile(r"[!-9;-~]+")
_RESERVED = {
    "from", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references",
    "mime-version", "content-type", "content-transfer-encoding", "disposition-notification-to",
}  # fmt: skip
_REPLY_PREFIX = re.compile(
    r"^(?:\s*(?:re|r|aw|sv|vs|antw|rif|ris|odp|ynt|atb|res)\s*(?:\[\d+\]|\(\d+\))?\s*:)+\s*",
    re.IGNORECASE,
)
_ID_CHARS = string.ascii_lowercase + string.digits
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x20\x7f<>,;]")

_DAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "it": ("lun", "mar", "mer", "gio", "ven", "sab", "dom"),
}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "it": ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
}
_ATTRIBUTION = {
    "en": "On {date} at {time}, {author} wrote:",
    "it": "Il giorno {date} alle {time} {author} ha scritto:",
}


def make_message_id(domain: str, now: datetime, rng: random.Random | None = None) -> str:
    """A unique Message-ID: the UTC time (for humans reading logs), 12 random characters."""
    stamp = now.astimezone(timezone.utc)  # a naive `now` is taken as local time
    pick = rng.choice if rng is not None else secrets.choice
    token = "".join(pick(_ID_CHARS) for _ in range(12))
    host = re.sub(r"[^A-Za-z0-9.-]", "", domain.strip().strip("[]")) or "localhost"
    return f"<{stamp:%Y%m%d.%H%M%S}.{token}@{host}>"


def build_email(
    *,
    from_name: str,
    from_addr: str,
    to: list[tuple[str, str]],
    cc: list[tuple[str, str]] = [],  # noqa: B006 - never mutated; the documented signature
    subject: str,
    body: str,
    date: datetime,
    message_id: str,
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    read_receipt_to: str | None = None,
    extra_headers: dict[str, str] | None = None,
) -> bytes:
    """A text/plain UTF-8 message as bytes ready for SMTP (CRLF, 7-bit clean).

    Raises ValueError for an unusable address, Message-ID or extra header name.
    """
    if not to:
        raise ValueError("a message needs at least one recipient")
    if not _valid_id(message_id):
        raise ValueError(f"not a Message-ID: {message_id!r}")
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = _address(from_name, from_addr)
    msg["To"] = [_address(name, addr) for name, addr in to]
    if cc:
        msg["Cc"] = [_address(name, addr) for name, addr in cc]
    msg["Subject"] = _line(subject, 900)
    msg["Date"] = format_datetime(date if date.tzinfo is not None else date.astimezone())
    msg["Message-ID"] = message_id
    if read_receipt_to:
        msg["Disposition-Notification-To"] = str(_address("", read_receipt_to))
    for name, value in (extra_headers or {}).items():
        if not _HEADER_NAME.fullmatch(name) or name.lower() in _RESERVED:
            raise ValueError(f"cannot set header {name!r}")
        msg[name] = _line(value, 900)
    text = _SURROGATES.sub("\ufffd", body.replace("\r\n", "\n").replace("\r", "\n"))
    msg.set_content(text, charset="utf-8")
    data = msg.as_bytes()
    threading = _threading_headers(in_reply_to, references)
    if threading:
        # Set by hand: the default policy folds a long msg-id into encoded-words,
        # which breaks threading in every client.
        end = data.find(b"\r\n\r\n") + 2
        data = data[:end] + threading + data[end:]
    return data


def _line(value: str, limit: int) -> str:
    """One line for a header: no CR/LF (no injection), no lone surrogates (encodable)."""
    return one_line(_SURROGATES.sub("\ufffd", value), limit)


def _address(name: str, addr: str) -> Address:
    addr = addr.strip()
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain or not local.isascii() or _CONTROL.search(addr):
        raise ValueError(f"not a usable email address: {addr!r}")
    try:
        domain = domain.encode("idna").decode("ascii")  # münchen.example → xn--…
        return Address(display_name=_line(name, 200), addr_spec=f"{local}@{domain}")
    except (ValueError, UnicodeError, IndexError) as exc:
        raise ValueError(f"not a usable email address: {addr!r}") from exc


def _valid_id(value: str | None) -> bool:
    return bool(value) and len(value) <= 900 and bool(_MSG_ID.fullmatch(value))


def _threading_headers(in_reply_to: str | None, references: tuple[str, ...]) -> bytes:
    lines: list[str] = []
    if in_reply_to and _valid_id(in_reply_to):
        lines.append(f"In-Reply-To: {in_reply_to}")
    refs = [r for r in references if _valid_id(r)]
    if refs:
        line = "References:"
        for ref in refs:
            if len(line) + 1 + len(ref) > 78 and line != "References:":
                lines.append(line)
                line = ""
            line += " " + ref
        lines.append(line)
    return "".join(f"{line}\r\n" for line in lines).encode("ascii")


def reply_subject(subject: str, language: str) -> str:
    """ "Re: " once, whatever reply prefixes (Re, R, RE, Aw, Sv, Re[2] …) were there.

    "Re:" in every language: it is what RFC 5322 suggests and what every client
    recognises; `language` is accepted so callers need not care.
    """
    rest = _REPLY_PREFIX.sub("", one_line(subject, 900), count=1)
    return f"Re: {rest}" if rest else "Re:"


def quote_body(text: str, author: str, when: datetime, language: str) -> str:
    """An attribution line in the profile language, then the text with "> " before each line."""
    lang = language if language in _ATTRIBUTION else "en"
    date = f"{_DAYS[lang][when.weekday()]} {when.day} {_MONTHS[lang][when.month - 1]} {when.year}"
    who = one_line(author, 200) or ("il mittente" if lang == "it" else "the sender")
    head = _ATTRIBUTION[lang].format(date=date, time=f"{when:%H:%M}", author=who)
    lines = clean(text).rstrip().split("\n")
    quoted = "\n".join(f"> {line.rstrip()}" if line.strip() else ">" for line in lines)
    return f"{head}\n{quoted}\n"


def reply_references(h: EmailHeaders) -> tuple[str, ...]:
    """The References of a reply: the parent's chain plus its Message-ID, root kept."""
    chain = list(h.references) or ([h.in_reply_to] if h.in_reply_to else [])
    if h.message_id:
        chain = [r for r in chain if r != h.message_id] + [h.message_id]
    unique = list(dict.fromkeys(chain))
    if len(unique) > MAX_REFERENCES:
        unique = unique[:1] + unique[-(MAX_REFERENCES - 1) :]
    return tuple(unique)
