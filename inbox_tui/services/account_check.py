"""Checking an email account before it is saved: can we reach the servers and log in?

Each server is checked in steps so a failure names its cause and the field to fix: the
name lookup (DNS), the TCP connection (refused, timeout), then the real login through the
channel code (TLS handshake or certificate, wrong password). Results are typed; the
server's own words travel apart from ours (`server_text`) because they are untrusted.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from enum import Enum

import keyring
from keyring.backends.chainer import ChainerBackend
from keyring.backends.fail import Keyring as FailKeyring

from inbox_tui.channels.imap_session import (
    ImapAuthError,
    ImapError,
    ImapSession,
    ImapTLSError,
    make_ssl_context,
)
from inbox_tui.channels.smtp_login import SmtpLoginError, smtp_login
from inbox_tui.core.config import EmailAccount
from inbox_tui.core.sanitize import one_line
from inbox_tui.services.secrets import NO_KEYRING_HELP

DEFAULT_TIMEOUT = 15.0


class Problem(str, Enum):
    OK = "ok"
    DNS = "dns"  # the host name does not resolve
    REFUSED = "refused"  # nothing listens on that port
    TIMEOUT = "timeout"  # no answer in time
    TLS = "tls"  # handshake or certificate
    AUTH = "auth"  # the server said no to the user name / password
    NETWORK = "network"  # unreachable network, reset …
    PROTOCOL = "protocol"  # something answered, but not the server we expected
    CONFIG = "config"  # our side: a missing secret, a bad URL


@dataclass(frozen=True, slots=True)
class CheckResult:
    step: str  # "IMAP", "SMTP", "SMS"
    where: str  # host:port
    problem: Problem
    message: str  # ours: what happened and what to change
    server_text: str = ""  # the server's words, cleaned to one line (untrusted)

    @property
    def ok(self) -> bool:
        return self.problem is Problem.OK


async def reach(step: str, host: str, port: int, timeout: float) -> CheckResult | None:
    """None when a TCP connection to host:port opens; else why not, as a CheckResult."""
    where = f"{host}:{port}"
    try:
        addresses = await asyncio.wait_for(_resolve(host, port), timeout)
    except socket.gaierror as exc:
        return CheckResult(step, where, Problem.DNS, _dns_message(host, exc))
    except (TimeoutError, asyncio.TimeoutError):
        msg = f"looking up {host} took over {timeout:g} s: no network, or DNS is not answering"
        return CheckResult(step, where, Problem.DNS, msg)
    except (OSError, UnicodeError) as exc:
        return CheckResult(step, where, Problem.DNS, f"{host} is not a valid host name ({exc})")
    last: CheckResult | None = None
    for family, _, _, _, sockaddr in addresses:
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(sockaddr[0], port, family=family), timeout
            )
        except ConnectionRefusedError:
            msg = (
                f"{where} refused the connection: nothing listens on port {port} there. "
                "Check the port number (and the host)."
            )
            last = CheckResult(step, where, Problem.REFUSED, msg)
            continue
        except (TimeoutError, asyncio.TimeoutError):
            msg = (
                f"no answer from {where} within {timeout:g} s: a firewall may be dropping it, "
                "or the host or port is wrong"
            )
            last = CheckResult(step, where, Problem.TIMEOUT, msg)
            continue
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            last = CheckResult(step, where, Problem.NETWORK, f"cannot reach {where}: {reason}")
            continue
        writer.close()
        return None
    return last or CheckResult(step, where, Problem.DNS, f"{host} has no usable address")


def _dns_message(host: str, exc: socket.gaierror) -> str:
    if exc.errno == socket.EAI_AGAIN:
        return f"{host}: the name lookup failed for now (offline? DNS down?); try again"
    return f"{host} does not resolve (DNS): check the spelling of the server name"


async def _resolve(host: str, port: int) -> list:
    # getaddrinfo in a daemon thread: a stuck resolver must not keep asyncio.run() (which
    # waits for its default executor) from returning after we gave up on it.
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()

    def settle(result: object, error: BaseException | None) -> None:
        if not future.done():
            future.set_exception(error) if error else future.set_result(result)

    def work() -> None:
        try:
            result, error = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM), None
        except (OSError, UnicodeError) as exc:
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=work, name=f"resolve {host}", daemon=True).start()
    return await future


async def check_imap(account: EmailAccount, password: str, timeout: float) -> CheckResult:
    imap = account.imap
    where = f"{imap.host}:{imap.port}"
    failed = await reach("IMAP", imap.host, imap.port, timeout)
    if failed is not None:
        return failed
    ctx = _ssl_context(account)
    if isinstance(ctx, str):
        return CheckResult("IMAP", where, Problem.CONFIG, ctx)
    started = time.monotonic()
    try:
        session = await ImapSession.open(
            imap.host, imap.port, account.username, password, ctx, timeout
        )
    except ImapAuthError as exc:
        # The channel's message ends with the server's own words after "refused by HOST: ".
        said = one_line(str(exc).split(f"refused by {imap.host}: ", 1)[-1])
        return CheckResult("IMAP", where, Problem.AUTH, _auth_message(account.username), said)
    except ImapTLSError as exc:
        return CheckResult("IMAP", where, Problem.TLS, _tls_message("IMAP", where, str(exc)))
    except ImapError as exc:
        text = str(exc)
        # aioimaplib's hello timeout arrives as an empty TimeoutError: judge by the clock.
        if time.monotonic() - started >= timeout * 0.9 or "did not answer" in text:
            msg = f"{where} accepted the connection but sent nothing within {timeout:g} s"
            return CheckResult("IMAP", where, Problem.TIMEOUT, msg)
        return CheckResult("IMAP", where, Problem.PROTOCOL, f"IMAP failed: {one_line(text)}")
    await session.close()
    return CheckResult("IMAP", where, Problem.OK, f"logged in to {where} as {account.username}")


async def check_smtp(account: EmailAccount, password: str, timeout: float) -> CheckResult:
    smtp = account.smtp
    where = f"{smtp.host}:{smtp.port}"
    failed = await reach("SMTP", smtp.host, smtp.port, timeout)
    if failed is not None:
        return failed
    ctx = _ssl_context(account)
    if isinstance(ctx, str):
        return CheckResult("SMTP", where, Problem.CONFIG, ctx)
    try:
        await smtp_login(smtp, account.username, password, ctx, timeout)
    except SmtpLoginError as exc:
        said = one_line(exc.server_text)
        if exc.kind == "auth":
            return CheckResult("SMTP", where, Problem.AUTH, _auth_message(account.username), said)
        if exc.kind in ("tls", "certificate"):
            msg = _tls_message("SMTP", where, str(exc), smtp.security)
            return CheckResult("SMTP", where, Problem.TLS, msg, said)
        if exc.kind == "timeout":
            hint = (
                ": a port that expects TLS from the start (465) stays silent; choose TLS"
                if smtp.security == "starttls"
                else ""
            )
            msg = f"{where} accepted the connection but sent no SMTP greeting in time{hint}"
            return CheckResult("SMTP", where, Problem.TIMEOUT, msg, said)
        kinds = {"dns": Problem.DNS, "refused": Problem.REFUSED, "network": Problem.NETWORK}
        problem = kinds.get(exc.kind, Problem.PROTOCOL)
        msg = f"SMTP failed at {where}: {one_line(str(exc))}"
        if problem is Problem.PROTOCOL:
            msg += " (is this the SMTP port? 587 with STARTTLS, 465 with TLS)"
        return CheckResult("SMTP", where, problem, msg, said)
    return CheckResult("SMTP", where, Problem.OK, f"logged in to {where} as {account.username}")


def _ssl_context(account: EmailAccount) -> ssl.SSLContext | str:
    """The TLS context, or why the CA file cannot be used (the loader does not open it)."""
    try:
        return make_ssl_context(account.cafile, account.tls_insecure)
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return f"cannot use the CA file {account.cafile}: {one_line(reason, 120)}"


def _auth_message(user: str) -> str:
    return f"the server refused the login for {user}: check the user name and the password"


def _tls_message(step: str, where: str, detail: str, security: str = "tls") -> str:
    if "certificate" in detail or "CERTIFICATE" in detail:
        return (
            f"{where}: the server's certificate is not trusted ({one_line(detail, 120)}). "
            "For a server with its own CA, give its CA file."
        )
    if security == "starttls":
        return f"{where}: STARTTLS failed ({one_line(detail, 120)})"
    ports = "993" if step == "IMAP" else "465"
    return (
        f"{where}: the TLS handshake failed ({one_line(detail, 120)}). Does this port speak "
        f"TLS from the start? {step} over TLS is usually port {ports}."
    )


async def check_email(
    account: EmailAccount, password: str, timeout: float = DEFAULT_TIMEOUT
) -> list[CheckResult]:
    """IMAP and SMTP, side by side: the user waits for the slower one, not both."""
    imap, smtp = await asyncio.gather(
        check_imap(account, password, timeout), check_smtp(account, password, timeout)
    )
    return [imap, smtp]


def keyring_problem() -> str | None:
    """None when secrets can go to an OS keyring; else what to do instead (the same help
    `inbox-tui secret set` gives). May talk to D-Bus: call it from a worker."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 — a broken backend setup counts as no keyring
        return NO_KEYRING_HELP
    if isinstance(backend, FailKeyring):
        return NO_KEYRING_HELP
    if isinstance(backend, ChainerBackend) and not backend.backends:
        return NO_KEYRING_HELP
    return None


def check_email_blocking(
    account: EmailAccount, password: str, timeout: float = DEFAULT_TIMEOUT
) -> list[CheckResult]:
    """For a worker thread, which has no event loop of its own."""
    return asyncio.run(check_email(account, password, timeout))
