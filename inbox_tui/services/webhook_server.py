"""The small HTTP server SMS gateways call (inbound texts, delivery reports).

Deliberately minimal HTTP/1.1 on asyncio streams: one request per connection, bounded
request line, headers and body, a read timeout. Every path is
`/hook/<account>/<token>/<rest>`: the per-account token is checked (in constant time)
before anything else, in addition to the gateway's own signature scheme.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from inbox_tui.channels import trace
from inbox_tui.channels.sms.base import WebhookRequest

log = logging.getLogger(__name__)

MAX_LINE = 8 * 1024
MAX_HEADERS = 64
MAX_BODY = 64 * 1024
READ_TIMEOUT = 10.0

Dispatch = Callable[[str, str, WebhookRequest], Awaitable[int]]  # account, rest, request
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
            405: "Method Not Allowed", 408: "Request Timeout", 413: "Payload Too Large",
            500: "Internal Server Error"}  # fmt: skip


class _HttpError(Exception):
    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status


@dataclass
class WebhookServer:
    host: str
    port: int
    public_url: str  # what gateways call; signatures (Twilio) are over this URL
    tokens: dict[str, str]  # account → secret path token
    dispatch: Dispatch
    max_body: int = MAX_BODY

    def __post_init__(self) -> None:
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def hook_base(self, account: str) -> str:
        return f"{self.public_url.rstrip('/')}/hook/{account}/{self.tokens[account]}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        status = 500
        try:
            request = await asyncio.wait_for(self._read(reader), READ_TIMEOUT)
            trace.http_request(
                "webhook in", request.method, request.url, request.headers, request.body
            )
            status = await self._route(request)
        except _HttpError as exc:
            status = exc.status
            log.warning("webhook refused (%s): %s", status, exc)
        except (TimeoutError, asyncio.TimeoutError):
            status = 408
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            status = 400
        except Exception:  # noqa: BLE001 — a bug must not kill the server; log it, say 500
            log.exception("webhook handler failed")
            status = 500
        trace.http_response("webhook out", status, 0)
        with contextlib.suppress(ConnectionError):
            reason = _REASONS.get(status, "Error")
            body = f"{status} {reason}\n".encode()
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()

    async def _read(self, reader: asyncio.StreamReader) -> WebhookRequest:
        line = await reader.readuntil(b"\r\n")
        if len(line) > MAX_LINE:
            raise _HttpError(400, "request line too long")
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _HttpError(400, "malformed request line")
        method, target = parts[0].upper(), parts[1]
        if method not in ("GET", "POST"):
            raise _HttpError(405, f"method {method}")
        headers: dict[str, str] = {}
        size = 0
        while True:
            raw = await reader.readuntil(b"\r\n")
            size += len(raw)
            if raw == b"\r\n":
                break
            if size > 16 * MAX_LINE or len(headers) >= MAX_HEADERS:
                raise _HttpError(400, "headers too large")
            name, sep, value = raw.decode("latin-1").partition(":")
            if not sep:
                raise _HttpError(400, "malformed header")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            raise _HttpError(400, "chunked bodies are not accepted")
        length_text = headers.get("content-length", "0")
        # ASCII digits only: "²" passes isdigit() and then fails int(); and a bound on
        # the digits, since int() refuses more than 4,300 of them.
        if not (length_text.isascii() and length_text.isdigit()) or len(length_text) > 18:
            raise _HttpError(400, "bad Content-Length")
        length = int(length_text)
        if length > self.max_body:
            raise _HttpError(413, f"body of {length} bytes")
        body = await reader.readexactly(length) if length else b""
        try:
            split = urlsplit(target)
        except ValueError:  # "//[x": an unbalanced IPv6 bracket
            raise _HttpError(400, "malformed request target") from None
        return WebhookRequest(
            method=method,
            url=self.public_url.rstrip("/") + target,
            path=unquote(split.path),
            query=parse_qs(split.query, keep_blank_values=True),
            headers=headers,
            body=body,
            received_at=time.time(),
        )

    async def _route(self, request: WebhookRequest) -> int:
        segments = request.path.strip("/").split("/", 3)
        if len(segments) < 4 or segments[0] != "hook":
            raise _HttpError(404, f"no route {request.path[:80]!r}")
        account, token, rest = segments[1], segments[2], segments[3]
        expected = self.tokens.get(account)
        if expected is None or not hmac.compare_digest(token.encode(), expected.encode()):
            raise _HttpError(401, f"bad token for account {account[:40]!r}")
        return await self.dispatch(account, rest, request)
