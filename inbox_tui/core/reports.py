"""Delivery reports (DSN, RFC 3464) and read receipts (MDN, RFC 8098) as signals.

A report is a multipart/report whose machine-readable part says what happened to which
message. Real-world reports vary: missing Original-Message-ID (then the returned headers
or the envelope id say which message), extra parts, odd casing, folded fields. Anything
unreadable gives no signal rather than a wrong one.
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email.message import Message
from email.policy import compat32

from inbox_tui.core.mime_decode import fix_surrogates
from inbox_tui.core.models import DeliveryState
from inbox_tui.core.sanitize import one_line

_ID = re.compile(r"<[^<>\s]+>")
_DSN_TYPES = ("message/delivery-status", "message/global-delivery-status")
_MDN_TYPES = ("message/disposition-notification", "message/global-disposition-notification")


@dataclass(frozen=True, slots=True)
class Report:
    kind: str  # "dsn" | "mdn"
    message_ids: tuple[str, ...]  # candidates for the original, best first
    envelope_id: str | None  # DSN Original-Envelope-Id (we send our Message-ID there)
    state: DeliveryState  # delivered | failed | read | sent (delayed)
    reason: str | None
    code: str | None


def parse_report(raw: bytes) -> Report | None:
    try:
        msg = email.message_from_bytes(raw, policy=compat32)
        return _report(msg)
    except Exception:  # noqa: BLE001 — a report we cannot read is no signal
        return None


def _report(msg: Message) -> Report | None:
    if msg.get_content_type() != "multipart/report" or not msg.is_multipart():
        return None
    parts = msg.get_payload()
    if not isinstance(parts, list):
        return None
    fields: dict[str, str] = {}
    returned: Message | None = None
    kind = None
    for part in parts:
        ctype = part.get_content_type()
        if ctype in ("message/delivery-status", "message/global-delivery-status"):
            kind = "dsn"
            fields.update(_fields(part))
        elif ctype in (
            "message/disposition-notification",
            "message/global-disposition-notification",
        ):
            kind = "mdn"
            fields.update(_fields(part))
        elif ctype in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            returned = _returned(part)
    if kind is None:
        return None
    ids = list(_ID.findall(fields.get("original-message-id", "")))
    if returned is not None:
        ids += [i for i in _ID.findall(str(returned.get("Message-ID", ""))) if i not in ids]
    envelope = fields.get("original-envelope-id") or None
    if kind == "mdn":
        state, reason = _disposition(fields.get("disposition", ""))
        if state is None:
            return None
        return Report("mdn", tuple(ids), envelope, state, reason, None)
    action = fields.get("action", "").strip().lower()
    status = fields.get("status", "").strip()
    diagnostic = one_line(fields.get("diagnostic-code", ""), 300) or None
    if action in ("delivered", "relayed", "expanded"):
        state = DeliveryState.DELIVERED
    elif action == "failed":
        state = DeliveryState.FAILED
    elif action == "delayed":
        state = DeliveryState.SENT
    else:
        return None
    return Report("dsn", tuple(ids), envelope, state, diagnostic, one_line(status, 20) or None)


def _fields(part: Message) -> dict[str, str]:
    """Header-style fields of every block of a status part; first occurrence wins (the
    per-message block comes first, then the first recipient's)."""
    # is_multipart() first: get_payload() on a leaf decodes it with the declared charset,
    # which raises for codecs such as idna or punycode.
    payload = part.get_payload() if part.is_multipart() else None
    blocks: list[str] = []
    if isinstance(payload, list):  # the parser split the blocks into sub-messages
        for sub in payload:
            # raw_items: the values as sent, 8-bit bytes surrogate-escaped; items() would
            # turn UTF-8 (RFC 6533 global reports) into U+FFFD.
            blocks.append("".join(f"{k}: {fix_surrogates(str(v))}\n" for k, v in sub.raw_items()))
    else:
        raw = part.get_payload(decode=True) or b""
        blocks.append(raw.decode("utf-8", "replace"))
    out: dict[str, str] = {}
    for block in blocks:
        text = re.sub(r"\r?\n[ \t]+", " ", block)
        for line in text.splitlines():
            name, sep, value = line.partition(":")
            key = name.strip().lower()
            if sep and key and key not in out:
                out[key] = value.strip()
    return out


def _returned(part: Message) -> Message | None:
    payload = part.get_payload() if part.is_multipart() else None
    if isinstance(payload, list) and payload:
        return payload[0]
    raw = part.get_payload(decode=True)
    if not raw:
        return None
    try:
        return email.message_from_bytes(raw, policy=compat32)
    except Exception:  # noqa: BLE001
        return None


def _disposition(value: str) -> tuple[DeliveryState | None, str | None]:
    """ "manual-action/MDN-sent-manually; displayed" → READ; deleted/denied: no read."""
    # "a; /x" or "a;" leave no word at all: no signal, not an IndexError.
    words = value.partition(";")[2].lower().split("/")[0].split()
    kind = words[0] if words else ""
    if kind == "displayed":
        return DeliveryState.READ, None
    if kind in ("deleted", "dispatched", "processed"):
        return DeliveryState.DELIVERED, f"receipt: {kind}"
    return None, None


# -- bounces that are not RFC 3464 reports (qmail, old Exchange, some hosted services) ----

_BOUNCE_FROM = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mail\.daemon)@", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|returned mail|failure notice|delivery (status notification \(failure\)|"
    r"failure|has failed|failed)|could not be delivered|mancato recapito|non recapitat|"
    r"impossibile recapitare|messaggio non consegnato",
    re.I,
)
_RETURNED_ID = re.compile(r"^\s*>?\s*message-id:\s*(<[^<>\s]+>)", re.I | re.M)
_SMTP_ERROR = re.compile(r"\b([45]\d\d)[ -]((?:[45]\.\d{1,3}\.\d{1,3} )?[^\n]{0,200})")


def looks_like_bounce(from_addr: str, subject: str) -> bool:
    """A non-standard bounce, from its headers alone (the sync decides before any body)."""
    return bool(_BOUNCE_FROM.match(from_addr or "") and _BOUNCE_SUBJECT.search(subject or ""))


def parse_plain_bounce(text: str) -> Report | None:
    """Read a plain-text bounce: the returned Message-ID and the server's complaint.
    Without a returned Message-ID there is nothing to match: no signal."""
    ids = tuple(dict.fromkeys(_RETURNED_ID.findall(text)))
    if not ids:
        return None
    error = _SMTP_ERROR.search(text)
    reason = (
        one_line(f"{error.group(1)} {error.group(2)}", 300)
        if error
        else "returned by the mail system"
    )
    code = error.group(1) if error else None
    if error and error.group(1).startswith("4"):
        return None  # a temporary problem being retried: not a failure yet
    return Report("dsn", ids, None, DeliveryState.FAILED, reason, code)
