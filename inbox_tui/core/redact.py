"""Redaction for log lines: secrets become `***`, message bodies become their size.

Pure text functions. The log filter runs `redact` over every record as a safety net; the
protocol trace points use the specific helpers (`redact_url`, `describe_body`, `imap_line`)
so a body never reaches a record in the first place. Patterns err on the side of hiding a
little too much: a redacted user name costs less than a leaked password.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_to_bytes

MASK = "***"
MAX_LINE = 1000  # one trace line; a 20k-UID SEARCH answer is not worth reading in full

# Keys whose value is a secret, in a query, a form, JSON or `key=value` prose.
_SECRET_KEY = (
    r"(?<![A-Za-z0-9])(?:[A-Za-z0-9]+[_-])*"
    r"(?:password|passwd|pwd|secret|api[_-]?key|apikey|token|signature)(?![A-Za-z])"
)
# Keys whose value is the message itself (Kannel `text`, Twilio `Body`, SMS Gateway `text`).
BODY_KEYS = frozenset({"text", "body", "message", "content", "textmessage"})
SASL_MECHANISMS = frozenset(
    {"PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "XOAUTH2", "OAUTHBEARER", "GSSAPI", "NTLM",
     "EXTERNAL", "ANONYMOUS", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS",
     "SCRAM-SHA-256-PLUS"}
)  # fmt: skip

_QUOTED = r'"(?:[^"\\]|\\.)*"'
_ASTRING = rf"(?:{_QUOTED}|\{{\d+\+?\}}|[^\s\"()]+)"
# IMAP LOGIN user password; upper case as clients send it, and not "AUTH LOGIN" (SMTP) or
# "AUTH=LOGIN" (a capability), whose arguments are handled below.
_IMAP_LOGIN = re.compile(rf"(?<!AUTH )(?<!AUTH=)\bLOGIN\s+({_ASTRING})\s+{_ASTRING}")
# SMTP AUTH / IMAP AUTHENTICATE with an initial response (base64 of user and password).
_SASL = re.compile(r"\b(AUTH(?:ENTICATE)?)\s+([A-Za-z0-9_-]+)\s+(=|[A-Za-z0-9+/]+={0,2})")
_AUTH_HEADER = re.compile(
    r"(?i)\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token)"
    r"([\"']?\s*[:=]\s*[\"']?)"
    r"(?:(basic|bearer|digest|token|hmac|negotiate)\s+)?"
    r"([^\s\"',;}]+)"
)
_SECRET_VALUE = re.compile(
    rf"(?i)({_SECRET_KEY})([\"']?\s*[:=]\s*)(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^\s&,;\"'}}\]]+)"
)
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+):([^/\s@]+)@")
# The webhook receiver's paths carry a per-account secret: /hook/<account>/<token>/…
_HOOK_TOKEN = re.compile(r"(?i)((?:/|%2F)hook(?:/|%2F)[^/\s?#&%]+(?:/|%2F))[^/\s?#&%\"']+")
# A message text in a URL's query (Kannel sendsms, inbound get-url).
_QUERY_BODY = re.compile(r"(?i)([?&](?:text|body|message)=)(?!<\d+ bytes>)([^&\s#\"']*)")
# FETCH data sent as a quoted string instead of a literal.
_IMAP_QUOTED_BODY = re.compile(
    rf"(?i)\b((?:BODY|BINARY)(?:\.PEEK)?\[[^\]]*\](?:<\d+>)?|RFC822(?:\.TEXT|\.HEADER)?)"
    rf" ({_QUOTED})"
)
_RECEIPT_TEXT = re.compile(r"(?i)\btext(?::|%3A)(.*)$")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def size(count: int) -> str:
    return f"<{count} bytes>"


def redact(text: str) -> str:
    """Every known secret shape in free text replaced by `***`."""
    text = _IMAP_LOGIN.sub(_login, text)
    text = _SASL.sub(_sasl, text)
    text = _AUTH_HEADER.sub(_auth_header, text)
    text = _SECRET_VALUE.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _URL_USERINFO.sub(lambda m: f"{m.group(1)}:{MASK}@", text)
    text = _HOOK_TOKEN.sub(lambda m: m.group(1) + MASK, text)
    return _QUERY_BODY.sub(lambda m: m.group(1) + size(len(_unquote(m.group(2)))), text)


def _login(m: re.Match[str]) -> str:
    if m.group(1).upper() in SASL_MECHANISMS:  # "AUTH PLAIN LOGIN CRAM-MD5 …": capabilities
        return m.group(0)
    return f"LOGIN {m.group(1)} {MASK}"


def _sasl(m: re.Match[str]) -> str:
    if m.group(3).upper() in SASL_MECHANISMS:  # "250-AUTH PLAIN LOGIN": a capability list
        return m.group(0)
    return f"{m.group(1)} {m.group(2)} {MASK}"


def _auth_header(m: re.Match[str]) -> str:
    scheme = f"{m.group(3)} " if m.group(3) else ""
    return f"{m.group(1)}{m.group(2)}{scheme}{MASK}"


def escape_controls(text: str) -> str:
    """Control, C1 and bidi characters as visible escapes: one record stays one line, and
    a subject full of ESC sequences cannot repaint the terminal of whoever `cat`s the log."""
    return _CONTROLS.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def _unquote(value: str) -> bytes:
    return unquote_to_bytes(value.replace("+", " "))


def redact_query(query: str) -> str:
    """`a=1&password=x&text=hi` → `a=1&password=***&text=<2 bytes>` (raw pairs kept)."""
    out = []
    for pair in query.split("&"):
        key, sep, value = pair.partition("=")
        name = _unquote(key).decode("utf-8", "replace")
        if sep and name.lower() in BODY_KEYS:
            pair = f"{key}={size(len(_unquote(value)))}"
        elif sep and name.lower() == "reply" and (cut := _RECEIPT_TEXT.search(value)):
            # Kannel's DLR %A: an SMPP receipt ends with the message's first 20 characters.
            pair = f"{key}={value[: cut.start(1)]}{size(len(_unquote(cut.group(1))))}"
        elif sep and re.fullmatch(_SECRET_KEY, name, re.IGNORECASE):
            pair = f"{key}={MASK}"
        out.append(pair)
    return redact("&".join(out))


def redact_url(url: str) -> str:
    base, sep, rest = url.partition("?")
    query, hash_sep, fragment = rest.partition("#")
    if sep:
        base = f"{base}?{redact_query(query)}{hash_sep}{fragment}"
    return redact(base)


def redact_headers(headers: Mapping[str, str]) -> str:
    """`Name: value; …` with credentials masked (Authorization keeps only its scheme)."""
    shown = []
    for name, value in headers.items():
        if name.lower() in ("authorization", "proxy-authorization"):
            scheme = value.split(" ", 1)[0] if " " in value else ""
            value = f"{scheme} {MASK}".strip()
        elif re.search(r"(?i)key|token|secret|signature|password|cookie", name):
            value = MASK
        shown.append(f"{name}: {value}")
    return redact("; ".join(shown))


def describe_body(body: bytes | None, content_type: str = "") -> str:
    """An HTTP request body for the trace: its structure with secrets masked and message
    texts replaced by their size; anything not form or JSON is shown by its size alone."""
    if not body:
        return size(0)
    kind = content_type.split(";", 1)[0].strip().lower()
    try:
        if kind == "application/x-www-form-urlencoded":
            return redact_query(body.decode("ascii"))
        if kind == "application/json" or kind.endswith("+json"):
            return redact(json.dumps(_redact_json(json.loads(body)), ensure_ascii=False))
    except (ValueError, RecursionError):
        pass
    return size(len(body))


def _redact_json(value: Any, key: str = "") -> Any:
    lowered = key.lower()
    if isinstance(value, dict):
        return {k: _redact_json(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_json(v, key) for v in value]
    if isinstance(value, str) and lowered in BODY_KEYS:
        return size(len(value.encode("utf-8")))
    if isinstance(value, str) and re.fullmatch(_SECRET_KEY, key, re.IGNORECASE):
        return MASK
    return value


def clip(text: str, limit: int = MAX_LINE) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… (+{len(text) - limit} chars)"


def imap_line(item: bytes | bytearray | str) -> str:
    """One IMAP response item for the trace: a literal (aioimaplib hands them over as
    bytearray) becomes its size, a quoted body string too; the rest is redacted text."""
    if isinstance(item, bytearray):
        return f"<literal {len(item)} bytes>"
    text = item.decode("utf-8", "replace") if isinstance(item, bytes) else item
    text = _IMAP_QUOTED_BODY.sub(lambda m: f"{m.group(1)} {size(len(m.group(2)) - 2)}", text)
    return clip(redact(text))
