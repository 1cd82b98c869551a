"""Handing one message to an SMTP server (aiosmtplib): STARTTLS or implicit TLS, AUTH, DSN.

Errors are sorted into the three things the outbox needs to know: retry later
(transport, 4xx), stop and tell the user (credentials, certificates), or fail the
message for good (5xx refusals).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from aiosmtplib.errors import (
    SMTPAuthenticationError,
    SMTPException,
    SMTPRecipientsRefused,
    SMTPResponseException,
)

from inbox_tui.channels import trace
from inbox_tui.core.config import Endpoint


class SmtpError(Exception):
    """Transient: try again later."""


class SmtpConfigError(SmtpError):
    """Wrong password, untrusted certificate: retrying will not help until the user acts."""


class SmtpRejected(Exception):
    """The server refused the message for good (5xx): the message fails with this reason."""


@dataclass(frozen=True, slots=True)
class SmtpResult:
    response: str
    dsn: bool  # delivery reports were requested


async def send_message(
    endpoint: Endpoint,
    username: str,
    password: str,
    ssl_context: ssl.SSLContext,
    envelope_from: str,
    recipients: list[str],
    payload: bytes,
    *,
    request_dsn: bool = True,
    envid: str | None = None,
    timeout: float = 30.0,
) -> SmtpResult:
    implicit = endpoint.security == "tls"
    trace.log.debug("SMTP connect %s:%s (%s)", endpoint.host, endpoint.port, endpoint.security)
    client = trace.smtp_client(
        hostname=endpoint.host,
        port=endpoint.port,
        use_tls=implicit,
        start_tls=not implicit,
        tls_context=ssl_context,
        timeout=timeout,
    )
    try:
        await client.connect()
        if username:
            await client.login(username, password)
        dsn = request_dsn and client.supports_extension("dsn")
        mail_options = ["RET=HDRS"] + ([f"ENVID={_xtext(envid)}"] if envid else []) if dsn else []
        rcpt_options = ["NOTIFY=SUCCESS,FAILURE"] if dsn else []
        errors, response = await client.sendmail(
            envelope_from,
            recipients,
            payload,
            mail_options=mail_options,
            rcpt_options=rcpt_options,
        )
        if errors:
            # Some recipients refused, others accepted: the message left; note who failed.
            refused = ", ".join(f"{r}: {e.code} {e.message}" for r, e in errors.items())
            response = f"{response} (refused: {refused})"
        return SmtpResult(response, dsn)
    except ssl.SSLCertVerificationError as exc:
        raise SmtpConfigError(f"certificate not trusted: {exc.verify_message}") from None
    except SMTPAuthenticationError as exc:
        raise SmtpConfigError(f"login refused: {exc.code} {exc.message}") from None
    except SMTPRecipientsRefused as exc:
        reasons = "; ".join(f"{e.recipient}: {e.code} {e.message}" for e in exc.recipients)
        if all(e.code >= 500 for e in exc.recipients):
            raise SmtpRejected(f"recipients refused: {reasons}") from None
        raise SmtpError(f"recipients deferred: {reasons}") from None
    except SMTPResponseException as exc:
        if exc.code >= 500:
            raise SmtpRejected(f"{exc.code} {exc.message}") from None
        raise SmtpError(f"{exc.code} {exc.message}") from None
    except (SMTPException, OSError, TimeoutError) as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, ssl.SSLCertVerificationError):
            raise SmtpConfigError(f"certificate not trusted: {cause.verify_message}") from None
        where = f"{endpoint.host}:{endpoint.port}"
        if isinstance(cause, ConnectionRefusedError) or "Errno 111" in str(exc):
            raise SmtpError(f"{where}: connection refused") from None
        raise SmtpError(f"{where}: {exc or exc.__class__.__name__}") from None
    finally:
        if client.is_connected:
            try:
                await client.quit()
            except (SMTPException, OSError):
                client.close()


def _xtext(value: str) -> str:
    """RFC 3461 xtext: '+' and '=' and non-printables as +HH."""
    return "".join(c if 33 <= ord(c) <= 126 and c not in "+=" else f"+{ord(c):02X}" for c in value)
