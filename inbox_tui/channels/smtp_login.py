"""Connect to an SMTP server and log in, nothing sent: the check setup runs before saving.

The sending path (channels/smtp.py) folds failures into "retry" or "tell the user"; here
each failure keeps its cause (name lookup, refused, timeout, TLS, password), because the
user is sitting at the form and needs to know which field to fix.
"""

from __future__ import annotations

import socket
import ssl

import aiosmtplib
from aiosmtplib.errors import (
    SMTPAuthenticationError,
    SMTPConnectError,
    SMTPException,
    SMTPResponseException,
    SMTPTimeoutError,
)

from inbox_tui.core.config import Endpoint

KINDS = ("dns", "refused", "timeout", "tls", "certificate", "auth", "network", "protocol")


class SmtpLoginError(Exception):
    """`kind` is one of KINDS; `server_text` is what the server said (untrusted)."""

    def __init__(self, kind: str, detail: str, server_text: str = "") -> None:
        super().__init__(detail)
        self.kind = kind
        self.server_text = server_text


async def smtp_login(
    endpoint: Endpoint,
    username: str,
    password: str,
    ssl_context: ssl.SSLContext,
    timeout: float = 15.0,
) -> str:
    """Connect (TLS or STARTTLS, as the endpoint says), log in, quit. Returns the greeting."""
    implicit = endpoint.security == "tls"
    client = aiosmtplib.SMTP(
        hostname=endpoint.host,
        port=endpoint.port,
        use_tls=implicit,
        start_tls=not implicit,  # required, not opportunistic: no password in the clear
        tls_context=ssl_context,
        timeout=timeout,
    )
    try:
        greeting = await client.connect()
        if username:
            await client.login(username, password)
        return f"{greeting.code} {greeting.message}"
    except SMTPAuthenticationError as exc:
        raise SmtpLoginError("auth", "login refused", f"{exc.code} {exc.message}") from None
    except SMTPTimeoutError as exc:
        raise SmtpLoginError("timeout", str(exc)) from None
    except SMTPConnectError as exc:
        raise _from_cause(exc.__cause__ or exc.__context__, exc) from None
    except SMTPResponseException as exc:
        raise SmtpLoginError("protocol", "unexpected answer", f"{exc.code} {exc.message}") from None
    except SMTPException as exc:
        # e.g. "STARTTLS extension not supported by server", "No compatible authentication
        # methods": the server speaks SMTP, but not what this account needs.
        kind = "tls" if "tls" in str(exc).lower() else "protocol"
        raise SmtpLoginError(kind, str(exc), str(exc)) from None
    except (ssl.SSLError, OSError, TimeoutError) as exc:
        raise _from_cause(exc, exc) from None
    finally:
        if client.is_connected:
            try:
                await client.quit()
            except (SMTPException, OSError):
                client.close()


def _from_cause(cause: BaseException | None, exc: BaseException) -> SmtpLoginError:
    if isinstance(cause, ssl.SSLCertVerificationError):
        return SmtpLoginError("certificate", cause.verify_message or str(cause))
    if isinstance(cause, ssl.SSLError):
        return SmtpLoginError("tls", cause.reason or str(cause))
    if isinstance(cause, socket.gaierror):
        return SmtpLoginError("dns", cause.strerror or str(cause))
    if isinstance(cause, ConnectionRefusedError):
        return SmtpLoginError("refused", "connection refused")
    if isinstance(cause, TimeoutError):
        return SmtpLoginError("timeout", "timed out")
    if isinstance(cause, (ConnectionResetError, ConnectionAbortedError)):
        return SmtpLoginError("protocol", "the server closed the connection")
    if isinstance(cause, OSError):
        return SmtpLoginError("network", cause.strerror or str(cause))
    return SmtpLoginError("protocol", str(exc) or exc.__class__.__name__)
