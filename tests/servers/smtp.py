"""SMTP submission server for tests, built on aiosmtpd, delivering into a DovecotServer.

Two listeners on 127.0.0.1: one plain with mandatory STARTTLS (like port 587) and one with
implicit TLS (like 465). Both require AUTH PLAIN/LOGIN against the Dovecot users, reject
unknown recipients at RCPT with 550, advertise DSN (RFC 3461) and deliver every accepted
message through one LMTP transaction before answering DATA: once the client's send returns,
the message is in the recipients' INBOX.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import threading
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session, syntax

from servers import free_port
from servers.dovecot import DovecotServer

_MAIL_DSN = re.compile(r"\s+(RET|ENVID)=(\S*)", re.IGNORECASE)
_RCPT_DSN = re.compile(r"\s+(NOTIFY|ORCPT)=(\S*)", re.IGNORECASE)
_ENHANCED = re.compile(rb"^([245]\.\d{1,3}\.\d{1,3})\b")
_NOTIFY = {"SUCCESS", "FAILURE", "DELAY"}
MTA_NAME = "smtp.inbox.test"


@dataclass
class Received:
    """One accepted message, as the client sent it."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    mail_options: list[str]  # e.g. ["BODY=8BITMIME", "RET=HDRS", "ENVID=abc"]
    rcpt_options: list[list[str]]  # per recipient, e.g. [["NOTIFY=SUCCESS,FAILURE"], []]
    auth_user: str | None
    port: int


class _Envelope(Envelope):
    def __init__(self) -> None:
        super().__init__()
        self.rcpt_params: list[list[str]] = []


def _take(arg: str | None, pattern: re.Pattern[str]) -> tuple[str | None, list[str]]:
    if arg is None:
        return None, []
    params = [f"{m.group(1).upper()}={m.group(2)}" for m in pattern.finditer(arg)]
    return pattern.sub("", arg), params


def _bad_dsn(params: list[str]) -> str | None:
    for param in params:
        key, _, value = param.partition("=")
        notify = set(value.upper().split(","))
        if not value:
            return f"501 5.5.4 Empty {key} parameter"
        if key == "RET" and value.upper() not in ("FULL", "HDRS"):
            return "501 5.5.4 RET must be FULL or HDRS"
        if key == "NOTIFY" and notify != {"NEVER"} and not notify <= _NOTIFY:
            return "501 5.5.4 NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY"
    return None


class _Session(Session):
    # aiosmtpd sets this deprecated attribute on every AUTH and logs a warning each time.
    login_data = None


class _DsnSMTP(SMTP):
    """aiosmtpd answers 555 to any RCPT parameter and to RET/ENVID: the DSN ones are taken
    out of the line before it parses it, checked, and kept in the envelope."""

    def __init__(self, *args: Any, implicit_tls: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if implicit_tls:
            # aiosmtpd only counts STARTTLS as TLS; on this port the socket itself is TLS.
            self._auth_require_tls = False

    def _create_envelope(self) -> _Envelope:
        return _Envelope()

    def _create_session(self) -> _Session:
        return _Session(self.loop)

    @syntax("MAIL FROM: <address>", extended=" [SP <mail-parameters>]")
    async def smtp_MAIL(self, arg: str | None) -> None:
        arg, params = _take(arg, _MAIL_DSN)
        if error := _bad_dsn(params):
            await self.push(error)
            return
        envelope = self.envelope
        fresh = envelope is not None and envelope.mail_from is None
        await super().smtp_MAIL(arg)
        if fresh and envelope is not None and envelope.mail_from is not None:
            envelope.mail_options.extend(params)

    @syntax("RCPT TO: <address>", extended=" [SP <mail-parameters>]")
    async def smtp_RCPT(self, arg: str | None) -> None:
        arg, params = _take(arg, _RCPT_DSN)
        if error := _bad_dsn(params):
            await self.push(error)
            return
        envelope = self.envelope
        before = len(envelope.rcpt_tos) if envelope else 0
        await super().smtp_RCPT(arg)
        if isinstance(envelope, _Envelope) and len(envelope.rcpt_tos) > before:
            envelope.rcpt_options.extend(params)
            envelope.rcpt_params.append(params)


class _Controller(Controller):
    def __init__(self, handler: Any, implicit_tls: bool, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.implicit_tls = implicit_tls

    def factory(self) -> SMTP:
        return _DsnSMTP(self.handler, implicit_tls=self.implicit_tls, **self.SMTP_kwargs)


class _Handler:
    def __init__(self, owner: SmtpServer, port: int) -> None:
        self.owner, self.port = owner, port

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses: list
    ) -> list[str]:
        session.host_name = hostname
        return [*responses[:-1], "250-DSN", responses[-1]]

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if not self.owner.is_local(address):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        # smtplib LMTP blocks: keep it off this listener's event loop.
        return await asyncio.to_thread(self.owner._accept, envelope, session, self.port)


class SmtpServer:
    """Submission server on two fixed ports; stop() then start() gives "down, then back"."""

    host = "127.0.0.1"

    def __init__(self, dovecot: DovecotServer, users: dict[str, str] | None = None) -> None:
        self.dovecot = dovecot
        self.users = dict(users or dovecot.users)
        self.cafile = dovecot.cafile
        self.starttls_port, self.tls_port = free_port(), free_port()
        self.received: list[Received] = []
        # Replies forced on the next DATA commands, one each, e.g. "451 4.3.0 Try later".
        self.data_replies: list[str] = []
        self._lock = threading.Lock()
        self._controllers: list[Controller] = []
        self.tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.tls_context.load_cert_chain(dovecot.cafile, dovecot.keyfile)

    @property
    def running(self) -> bool:
        return bool(self._controllers)

    def start(self) -> None:
        if self._controllers:
            raise RuntimeError("SMTP server already running")
        common: dict[str, Any] = {
            "hostname": self.host,
            "server_hostname": MTA_NAME,
            "authenticator": self._authenticate,
            "auth_required": True,
            "auth_require_tls": True,
        }
        starttls = _Controller(
            _Handler(self, self.starttls_port),
            implicit_tls=False,
            port=self.starttls_port,
            tls_context=self.tls_context,
            require_starttls=True,
            **common,
        )
        implicit = _Controller(
            _Handler(self, self.tls_port),
            implicit_tls=True,
            port=self.tls_port,
            ssl_context=self.tls_context,
            **common,
        )
        for controller in (starttls, implicit):
            controller.start()
            self._controllers.append(controller)

    def stop(self) -> None:
        """Close both listeners and drop open sessions; the ports stay reserved for start()."""
        while self._controllers:
            self._controllers.pop().stop()

    def __enter__(self) -> SmtpServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def is_local(self, address: str) -> bool:
        local, _, domain = address.rpartition("@")
        key = f"{local.split('+', 1)[0]}@{domain}".lower()
        return key in {user.lower() for user in self.dovecot.users}

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            user = data.login.decode("utf-8", "replace")
            if self.users.get(user) == data.password.decode("utf-8", "replace"):
                return AuthResult(success=True, auth_data=user)
        # handled=False makes aiosmtpd send 535; handled=True would leave the client hanging.
        return AuthResult(success=False, handled=False)

    def _accept(self, envelope: Envelope, session: Session, port: int) -> str:
        with self._lock:
            forced = self.data_replies.pop(0) if self.data_replies else None
        if forced:
            return forced
        data = envelope.original_content or b""
        # aiosmtpd keeps the null reverse-path as "<>" (receipts and bounces use it).
        sender = "" if envelope.mail_from in (None, "<>") else envelope.mail_from
        results = self.dovecot.lmtp_deliver(sender, envelope.rcpt_tos, data)
        if all(code != 250 for code, _ in results.values()):
            code, msg = results[envelope.rcpt_tos[0]]
            return f"{code} {msg.decode('utf-8', 'replace')}"
        params = envelope.rcpt_params if isinstance(envelope, _Envelope) else []
        params = params or [[] for _ in envelope.rcpt_tos]
        record = Received(
            mail_from=sender,
            rcpt_tos=list(envelope.rcpt_tos),
            data=data,
            mail_options=list(envelope.mail_options),
            rcpt_options=[list(p) for p in params],
            auth_user=session.auth_data if isinstance(session.auth_data, str) else None,
            port=port,
        )
        with self._lock:
            self.received.append(record)
        self._report(record, results)
        return f"250 2.0.0 OK: queued as {uuid.uuid4().hex[:12]}"

    def _report(self, record: Received, results: dict[str, tuple[int, bytes]]) -> None:
        """Deliver a DSN to a local sender, before DATA is answered, for every recipient whose
        NOTIFY asks for its outcome (no NOTIFY: failures only, as any MTA bounces)."""
        lines: list[str] = []
        for rcpt, params in zip(record.rcpt_tos, record.rcpt_options, strict=True):
            opts = dict(p.split("=", 1) for p in params)
            notify = opts.get("NOTIFY", "FAILURE").upper().split(",")
            code, msg = results[rcpt]
            action = "delivered" if code == 250 else "failed"
            if ("SUCCESS" if code == 250 else "FAILURE") not in notify:
                continue
            match = _ENHANCED.match(msg)
            status = match.group(1).decode() if match else f"{code // 100}.0.0"
            lines += [f"Original-Recipient: {opts['ORCPT']}"] if "ORCPT" in opts else []
            lines += [f"Final-Recipient: rfc822; {rcpt}", f"Action: {action}", f"Status: {status}"]
            if code != 250:
                lines.append(f"Diagnostic-Code: smtp; {code} {msg.decode('utf-8', 'replace')}")
            lines.append("")
        if not lines or not self.is_local(record.mail_from):
            return
        self.dovecot.lmtp_deliver("", [record.mail_from], _dsn(record, lines))


def _dsn(record: Received, per_recipient: list[str]) -> bytes:
    opts = dict(p.split("=", 1) for p in record.mail_options if "=" in p)
    full = opts.get("RET", "").upper() == "FULL"
    original = record.data if full else record.data.split(b"\r\n\r\n", 1)[0] + b"\r\n"
    failed = any(line == "Action: failed" for line in per_recipient)
    boundary = uuid.uuid4().hex
    envid = [f"Original-Envelope-Id: {opts['ENVID']}"] if "ENVID" in opts else []
    head = [
        f"From: Mail Delivery System <MAILER-DAEMON@{MTA_NAME}>",
        f"To: <{record.mail_from}>",
        "Subject: "
        + ("Undelivered Mail Returned to Sender" if failed else "Successful Mail Delivery Report"),
        f"Date: {formatdate()}",
        f"Message-ID: <{uuid.uuid4().hex}@{MTA_NAME}>",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"',
        "",
        f"--{boundary}",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is the mail system's delivery report for your message.",
        "",
        f"--{boundary}",
        "Content-Type: message/delivery-status",
        "",
        f"Reporting-MTA: dns; {MTA_NAME}",
        *envid,
        f"Arrival-Date: {formatdate()}",
        "",
        *per_recipient,
        f"--{boundary}",
        "Content-Type: " + ("message/rfc822" if full else "text/rfc822-headers"),
        "",
        "",
    ]
    return "\r\n".join(head).encode() + original + f"\r\n--{boundary}--\r\n".encode()
