"""Composing a read receipt (MDN, RFC 8098) as bytes ready for SMTP.

Pure: the caller supplies the clock, the Message-ID and the addresses. The subject,
the Original-Recipient and the returned headers come from the original's sender, so they
are untrusted: every value that lands in a header or a report field is one line first.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime

# Same address, Message-ID and threading rules as every other message we send.
from inbox_tui.core.compose import _POLICY, _address, _line, _threading_headers, _valid_id
from inbox_tui.core.sanitize import one_line

_DISPOSITION = {
    True: "manual-action/MDN-sent-manually; displayed",
    False: "automatic-action/MDN-sent-automatically; displayed",
}
_PREFIX = {"en": "Read:", "it": "Letto:"}
_NO_SUBJECT = {"en": "(no subject)", "it": "(nessun oggetto)"}
_TEXT = {
    "en": (
        'The message sent to {to} with the subject "{subject}" was displayed on {when}.\n\n'
        "This receipt only confirms that the message was opened: it does not guarantee "
        "that it has been read or understood.\n"
    ),
    "it": (
        "Il messaggio inviato a {to} con oggetto «{subject}» è stato visualizzato {when}.\n\n"
        "Questa conferma indica solo che il messaggio è stato aperto: non garantisce che "
        "sia stato letto o compreso.\n"
    ),
}
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
}  # fmt: skip
_SAFE_7BIT = re.compile(rb"[\t\r\n\x20-\x7e]*")


def build_mdn(
    *,
    original_message_id: str | None,
    original_subject: str,
    original_recipient: str | None,
    final_recipient: str,
    from_name: str,
    from_addr: str,
    to_addr: str,
    date: datetime,
    message_id: str,
    manual: bool,
    language: str = "en",
    original_headers: bytes | None = None,
    reporting_ua: str = "inbox-tui",
) -> bytes:
    """A multipart/report MDN saying the original was displayed.

    Raises ValueError for an unusable From/To address or Message-ID (as build_email does).
    An Original-Message-ID that is not a well-formed msg-id is left out rather than
    risk a malformed field.
    """
    if not _valid_id(message_id):
        raise ValueError(f"not a Message-ID: {message_id!r}")
    lang = language if language in _TEXT else "en"
    date = date if date.tzinfo is not None else date.astimezone()
    original_id = original_message_id if _valid_id(original_message_id) else None
    subject = _line(original_subject, 900)

    msg = EmailMessage(policy=_POLICY)
    msg["MIME-Version"] = "1.0"
    msg["From"] = _address(from_name, from_addr)
    msg["To"] = _address("", to_addr)
    msg["Subject"] = f"{_PREFIX[lang]} {subject}".rstrip()
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    if not manual:
        msg["Auto-Submitted"] = "auto-replied"  # RFC 3834: so auto-responders stay quiet
    msg["Content-Type"] = "multipart/report; report-type=disposition-notification"

    text = MIMEPart(policy=_POLICY)
    shown_to = _line(original_recipient or final_recipient, 320)
    body = _TEXT[lang].format(
        to=shown_to, subject=subject or _NO_SUBJECT[lang], when=_when(date, lang)
    )
    text.set_content(body, charset="utf-8")
    msg.attach(text)

    fields = [f"Reporting-UA: {_ascii(reporting_ua)}"]
    if original_recipient:
        fields.append(f"Original-Recipient: {_addr_field(original_recipient)}")
    fields.append(f"Final-Recipient: {_addr_field(final_recipient)}")
    if original_id:
        fields.append(f"Original-Message-ID: {original_id}")
    fields.append(f"Disposition: {_DISPOSITION[manual]}")
    notification = MIMEPart(policy=_POLICY)
    # 7bit, not base64: message/* parts must not be encoded (RFC 2046 §5.2), and the
    # fields are ASCII by construction. The generator writes the payload verbatim, so CRLF.
    data = "".join(f"{f}\r\n" for f in fields).encode("ascii")
    notification.set_content(
        data, maintype="message", subtype="disposition-notification", cte="7bit"
    )
    msg.attach(notification)

    if original_headers is not None:
        msg.attach(_headers_part(original_headers))

    out = msg.as_bytes()
    # Threading headers by hand: the policy would fold a long msg-id into encoded-words.
    threading = _threading_headers(original_id, (original_id,) if original_id else ())
    end = out.find(b"\r\n\r\n") + 2
    return out[:end] + threading + out[end:]


def _when(date: datetime, lang: str) -> str:
    """The display time in the datetime's own zone, with the offset so it is unambiguous."""
    offset = date.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset not in ("", "+0000") else "UTC"
    month = _MONTHS[lang][date.month - 1]
    if lang == "it":
        # Italian writes the first of the month as an ordinal and elides before a vowel.
        day = "1º" if date.day == 1 else str(date.day)
        article = "l'" if date.day in (8, 11) else "il "
        return f"{article}{day} {month} {date.year} alle {date:%H:%M} ({zone})"
    return f"{_DAYS_EN[date.weekday()]} {date.day} {month} {date.year} at {date:%H:%M} ({zone})"


def _ascii(value: str) -> str:
    return one_line(value, 200).encode("ascii", "replace").decode("ascii")


def _addr_field(addr: str) -> str:
    """`rfc822;addr`, or RFC 6533 `utf-8;` with \\x{HEX} escapes for a non-ASCII one."""
    addr = "".join(one_line(addr, 320).split())  # an addr-spec has no whitespace
    if addr.isascii():
        return f"rfc822;{addr}"
    escaped = "".join(
        c if "!" <= c <= "~" and c not in "\\+=" else f"\\x{{{ord(c):X}}}" for c in addr
    )
    return f"utf-8;{escaped}"


def _headers_part(raw: bytes) -> MIMEPart:
    # Only the header block, whatever the caller passed, with CRLF line endings.
    text = re.sub(rb"\r\n|\r|\n", b"\r\n", raw)  # a bare CR is a line break, not data
    head = text.split(b"\r\n\r\n", 1)[0].rstrip(b"\r\n") + b"\r\n"
    plain = _SAFE_7BIT.fullmatch(head) and max(map(len, head.split(b"\r\n"))) <= 998
    part = MIMEPart(policy=_POLICY)
    part.set_content(
        head,
        maintype="text",
        subtype="rfc822-headers",
        cte="7bit" if plain else "quoted-printable",
    )
    return part
