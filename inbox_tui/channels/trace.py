"""Protocol traces for `--debug`: IMAP commands and responses, the SMTP dialogue, gateway
HTTP requests, on the "inbox_tui.trace" logger at DEBUG.

Secrets are masked where each line is made (and once more by the log filter), and message
bodies never reach a record: IMAP literals, SMTP DATA and HTTP bodies are shown by their
size. Everything here is a no-op unless DEBUG is enabled for the trace logger, so the
default run pays one level check per command.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import aiosmtplib

from inbox_tui.core.redact import (
    MASK,
    clip,
    describe_body,
    imap_line,
    redact,
    redact_headers,
    redact_url,
    size,
)

log = logging.getLogger("inbox_tui.trace")
MAX_RESPONSE_LINES = 200  # per IMAP response; the rest is counted, not shown


def enabled() -> bool:
    return log.isEnabledFor(logging.DEBUG)


# --- IMAP -------------------------------------------------------------------------------


def imap_command(command: Any) -> str:
    """An aioimaplib Command as it goes on the wire, credentials masked."""
    name = str(getattr(command, "name", "")).upper()
    args = [str(a) for a in getattr(command, "args", ())]
    if name == "LOGIN":  # user, then the password: only the user is shown
        return clip(" ".join([str(command.tag), name, *args[:1], MASK]))
    if name == "AUTHENTICATE":  # mechanism, then an optional initial response
        return clip(" ".join([str(command.tag), name, *args[:1], *([MASK] if args[1:] else [])]))
    return clip(redact(str(command).rstrip("\r\n")))


def imap_sent(line: str) -> None:
    log.debug("IMAP C: %s", line)


def imap_received(lines: Sequence[bytes | bytearray], status: str = "") -> None:
    if not enabled():
        return
    for item in lines[:MAX_RESPONSE_LINES]:
        log.debug("IMAP S: %s", imap_line(item))
    if len(lines) > MAX_RESPONSE_LINES:
        log.debug("IMAP S: … %d more lines", len(lines) - MAX_RESPONSE_LINES)
    if status:
        log.debug("IMAP S: %s", imap_line(status))


def install_imap(protocol: Any) -> None:
    """Trace every command aioimaplib executes on this connection (login, select, fetch,
    append, idle, logout, and the ones the session builds itself)."""
    if not enabled():
        return
    execute = protocol.execute

    async def traced(command: Any, *args: Any, **kwargs: Any) -> Any:
        imap_sent(imap_command(command))
        response = await execute(command, *args, **kwargs)
        lines = list(getattr(response, "lines", ()))
        # The last line is the tagged status text; literals come back as bytearray items.
        status = imap_line(lines[-1]) if lines else ""
        imap_received(lines[:-1], f"{command.tag} {getattr(response, 'result', '?')} {status}")
        return response

    protocol.execute = traced


# --- SMTP -------------------------------------------------------------------------------


class TracingSMTP(aiosmtplib.SMTP):
    """aiosmtplib.SMTP that writes its dialogue to the trace: AUTH arguments and SASL
    continuation lines masked, the DATA payload shown by its size."""

    _sasl_pending = False

    async def execute_command(self, *args: bytes, **kwargs: Any) -> Any:
        line = b" ".join(args).decode("utf-8", "replace")
        log.debug("SMTP C: %s", MASK if self._sasl_pending else clip(redact(line)))
        response = await super().execute_command(*args, **kwargs)
        _smtp_response(response)
        in_auth = bool(args) and args[0].upper() == b"AUTH"
        self._sasl_pending = (in_auth or self._sasl_pending) and response.code == 334
        return response

    async def starttls(self, *args: Any, **kwargs: Any) -> Any:
        # Logged once it is done: aiosmtplib sends its EHLO first, from inside starttls().
        try:
            response = await super().starttls(*args, **kwargs)
        except Exception:
            log.debug("SMTP C: STARTTLS (failed)")
            raise
        log.debug("SMTP C: STARTTLS")
        _smtp_response(response)
        return response

    async def data(self, message: str | bytes, /, **kwargs: Any) -> Any:
        length = len(message.encode("utf-8") if isinstance(message, str) else message)
        log.debug("SMTP C: DATA")
        log.debug("SMTP C: (the message, %s)", size(length))
        response = await super().data(message, **kwargs)
        _smtp_response(response)
        return response


def _smtp_response(response: Any) -> None:
    lines = str(getattr(response, "message", "")).splitlines() or [""]
    for i, text in enumerate(lines):
        sep = " " if i == len(lines) - 1 else "-"
        log.debug("SMTP S: %s%s%s", getattr(response, "code", "?"), sep, clip(redact(text)))


def smtp_client(**kwargs: Any) -> aiosmtplib.SMTP:
    """The SMTP client to use: the tracing one only when the trace is on."""
    return TracingSMTP(**kwargs) if enabled() else aiosmtplib.SMTP(**kwargs)


# --- HTTP (SMS gateways, webhooks) ------------------------------------------------------


def http_request(
    direction: str,
    method: str,
    url: str,
    headers: Mapping[str, str] | None,
    body: bytes | None,
) -> None:
    if not enabled():
        return
    headers = dict(headers or {})
    kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    log.debug(
        "HTTP %s: %s %s [%s] body %s",
        direction,
        method,
        clip(redact_url(url)),
        redact_headers(headers),
        describe_body(body, kind),
    )


def http_response(direction: str, status: int | str, body_length: int, where: str = "") -> None:
    shown = f" {where}" if where else ""
    log.debug("HTTP %s: %s%s body %s", direction, status, shown, size(body_length))
