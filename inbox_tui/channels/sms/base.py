"""The one interface every SMS gateway implements, its errors, and the small helpers they share.

Errors follow the SMTP channel's taxonomy, because the outbox treats both alike:
`SmsError` retry later (transport, 5xx, rate limits), `SmsConfigError` stop and tell the
user (credentials, URL, certificate), `SmsRejected` the message fails for good.
Webhook parsers raise only `WebhookRejected`, whose status (400 malformed, 401 unsigned,
forged or replayed) the receiver answers with; a rejected request is never stored.

HTTP goes through the standard library in a worker thread: a handful of small requests per
minute does not justify a new dependency, and urllib brings proxies and TLS verification.
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import json
import re
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import unquote_to_bytes, urlsplit

from inbox_tui.channels import trace
from inbox_tui.core.addresses import AddressError, normalise_phone
from inbox_tui.core.sanitize import one_line

STATES = ("queued", "buffered", "sent", "delivered", "failed")
MAX_RESPONSE = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SendResult:
    gateway_id: str | None  # the gateway's id for the message, when it gives one
    state: str  # one of STATES; usually "queued"


@dataclass(frozen=True, slots=True)
class Inbound:
    gateway_id: str  # the gateway's id: the key that makes a retried webhook a duplicate
    sender: str  # E.164
    receiver: str  # our number, E.164 when the gateway tells it, else ""
    text: str  # sanitised
    timestamp: int  # epoch seconds


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    our_id: str | None
    gateway_id: str | None
    state: str  # one of STATES
    reason: str | None = None  # sanitised, one line
    code: str | None = None  # the gateway's or the network's error code


@dataclass(frozen=True, slots=True)
class WebhookRequest:
    method: str
    url: str  # the full public URL as the gateway called it, query string included
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names lower-cased
    body: bytes
    received_at: float


class SmsError(Exception):
    """Transient: try again later, with backoff."""


class SmsConfigError(SmsError):
    """Wrong credentials, URL or certificate: retrying will not help until the user acts."""


class SmsRejected(Exception):
    """The gateway refused this message for good: it fails with this reason."""


class WebhookRejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status  # 400 malformed, 401 unsigned / forged / replayed
        self.reason = reason


class SmsGateway(Protocol):
    name: str

    async def send(self, to: str, text: str, our_id: str, callback_base: str) -> SendResult: ...

    def parse_inbound(self, req: WebhookRequest) -> Inbound: ...

    def parse_status(self, req: WebhookRequest) -> StatusUpdate: ...

    async def list_inbound(self, since: int) -> list[Inbound]: ...


# --- HTTP -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased

    def text(self, limit: int = 300) -> str:
        return one_line(self.body.decode("utf-8", "replace"), limit)


async def http_request(
    method: str,
    url: str,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> HttpResponse:
    """One request; any HTTP status is returned, transport failures raise.

    Error messages name the host only: a Kannel URL carries the password in its query.
    """
    try:
        parts = urlsplit(url)
        where = parts.netloc.rpartition("@")[2]
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        where, valid = "", False
    if not valid:
        raise SmsConfigError(f"not an http(s) URL: {where or 'unparsable'}")
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    trace.http_request("C", method, url, headers, body)

    def call() -> HttpResponse:
        try:
            with _OPENER.open(request, timeout=timeout) as resp:
                return HttpResponse(resp.status, resp.read(MAX_RESPONSE), _lower(resp.headers))
        except urllib.error.HTTPError as exc:
            data = exc.read(MAX_RESPONSE) if exc.fp is not None else b""
            return HttpResponse(exc.code, data, _lower(exc.headers))

    try:
        # urllib's timeout is per socket operation; this bounds the whole exchange.
        response = await asyncio.wait_for(asyncio.to_thread(call), timeout * 3)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ssl.SSLCertVerificationError):
            message = f"{where}: certificate not trusted: {reason.verify_message}"
            raise SmsConfigError(message) from None
        if isinstance(reason, ConnectionRefusedError):
            raise SmsError(f"{where}: connection refused") from None
        raise SmsError(f"{where}: {reason}") from None
    except ssl.SSLCertVerificationError as exc:
        raise SmsConfigError(f"{where}: certificate not trusted: {exc.verify_message}") from None
    except (TimeoutError, asyncio.TimeoutError):
        raise SmsError(f"{where}: timed out after {timeout:g} s") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise SmsError(f"{where}: {exc.__class__.__name__}: {exc}") from None
    trace.http_response("S", response.status, len(response.body), where)
    return response


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would carry our Authorization header (or the password in Kannel's query)
    # wherever it points; the 3xx surfaces instead, as a configuration error.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _lower(headers: object) -> dict[str, str]:
    items = getattr(headers, "items", None)
    return {k.lower(): v for k, v in items()} if items else {}


def raise_for_status(resp: HttpResponse, where: str, detail: str | None = None) -> None:
    if not 200 <= resp.status < 300:
        raise http_error(resp, where, detail)


def http_error(resp: HttpResponse, where: str, detail: str | None = None) -> Exception:
    """The default mapping of an HTTP error status onto the three error kinds."""
    what = f"{where}: HTTP {resp.status}: {detail if detail is not None else resp.text()}"
    if resp.status in (401, 403, 404, 405) or 300 <= resp.status < 400:
        return SmsConfigError(what)  # credentials, or the URL points elsewhere
    if resp.status in (408, 425, 429) or resp.status >= 500:
        return SmsError(what)
    if 400 <= resp.status < 500:
        return SmsRejected(what)
    return SmsError(what)  # an interim 1xx as the final answer: odd, not the message's fault


def basic_auth(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


# --- webhook helpers --------------------------------------------------------------------


def form_pairs(data: bytes | str) -> list[tuple[bytes, bytes]]:
    """application/x-www-form-urlencoded pairs as raw octets, blanks kept.

    Octets rather than str because Kannel hands over UTF-16BE or Windows-1252 text, which a
    UTF-8 decoding of the query would already have mangled.
    """
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    pairs = []
    for chunk in raw.split(b"&"):
        if not chunk:
            continue
        key, _, value = chunk.partition(b"=")
        pairs.append((_unquote(key), _unquote(value)))
    return pairs


def _unquote(octets: bytes) -> bytes:
    return unquote_to_bytes(octets.replace(b"+", b" "))


def query_pairs(req: WebhookRequest) -> list[tuple[bytes, bytes]]:
    """The query string as the gateway sent it (from the URL, which is what gets signed)."""
    if "?" in req.url:
        return form_pairs(req.url.split("?", 1)[1].split("#", 1)[0])
    return [(k.encode(), v.encode()) for k, vs in req.query.items() for v in vs]


def text_params(pairs: list[tuple[bytes, bytes]], *, strict: bool = False) -> dict[str, str]:
    """First value of each name, decoded as UTF-8 (strict: malformed UTF-8 is a 400)."""
    out: dict[str, str] = {}
    for key, value in pairs:
        try:
            name = key.decode("utf-8", "strict" if strict else "replace")
            out.setdefault(name, value.decode("utf-8", "strict" if strict else "replace"))
        except UnicodeDecodeError:
            raise WebhookRejected(400, "parameters are not UTF-8") from None
    return out


_ALPHANUMERIC = re.compile(r"[A-Za-z0-9 ._-]{2,11}")


def phone(value: str, region: str, what: str, sender: bool = False) -> str:
    """E.164, or a 400: the timeline keys conversations on the number.

    A sender may also be alphanumeric ("BANCA", "Poste"): networks allow up to 11
    characters; such a text is kept (shown under that name, never merged), not refused,
    since refusing makes gateways retry it for days.
    """
    try:
        return normalise_phone(value, region)
    except (AddressError, ValueError):
        if sender and _ALPHANUMERIC.fullmatch(value.strip()) and not value.strip().isdigit():
            return value.strip()
        shown = one_line(value, 40)
        raise WebhookRejected(400, f"{what} is not a phone number: {shown!r}") from None


def json_or_none(data: bytes) -> Any:
    """Parsed JSON, or None for anything that is not (webhook bodies are untrusted)."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def as_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def opaque_id(value: str | None, what: str) -> str:
    """An id we store as a key: non-empty, short, printable."""
    if not value or len(value) > 200 or not value.isprintable():
        raise WebhookRejected(400, f"missing or malformed {what}")
    return value


_ISSUED_ID = re.compile(r"[A-Za-z0-9._~-]{1,100}")


def issued_id(value: str | None) -> str | None:
    """Our own message id as a callback echoes it back, or None when it cannot be one.

    We only ever issue ASCII ids (outbox numbers), so anything else names no message of
    ours: "²" passes isdigit() but int() refuses it, and int() reads an Arabic-Indic "٣"
    as 3, which would move someone else's message.
    """
    return value if value and _ISSUED_ID.fullmatch(value) else None
