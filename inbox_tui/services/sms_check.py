"""The test SMS that setup offers: one text to the user's own phone through the new account.

Reachability is checked first (same steps and messages as the email check), then the real
gateway code sends, so a wrong password or URL is reported the way the outbox would meet
it later. Delivery reports for the test go nowhere useful: it is the handset that tells.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from inbox_tui.channels.sms import SmsConfigError, SmsError, SmsGateway, SmsRejected, make_gateway
from inbox_tui.channels.sms.twilio import API_BASE
from inbox_tui.core.addresses import AddressError, normalise_phone
from inbox_tui.core.config import SmsAccount
from inbox_tui.core.sanitize import one_line
from inbox_tui.services.account_check import DEFAULT_TIMEOUT, CheckResult, Problem, reach

TEST_TEXT = {
    "it": "inbox-tui: SMS di prova dalla configurazione. Se lo leggi, l'invio funziona.",
    "en": "inbox-tui: test SMS from setup. If you can read this, sending works.",
}
GatewayFactory = Callable[[SmsAccount, str, str], SmsGateway]


def gateway_endpoint(account: SmsAccount) -> tuple[str, int]:
    """(host, port) the gateway's HTTP requests go to."""
    parts = urlsplit(API_BASE if account.gateway == "twilio" else account.url)
    default = 443 if parts.scheme == "https" else 80
    try:
        port = parts.port or default
    except ValueError:
        port = default
    return parts.hostname or "", port


async def send_test_sms(
    account: SmsAccount,
    secret: str,
    to: str,
    *,
    region: str,
    language: str,
    callback_base: str,
    timeout: float = DEFAULT_TIMEOUT,
    factory: GatewayFactory | None = None,
) -> CheckResult:
    host, port = gateway_endpoint(account)
    where = f"{host}:{port}"
    try:
        number = normalise_phone(to, region)
    except (AddressError, ValueError):
        msg = f"{one_line(to, 40)!r} is not a phone number: write it with its +prefix"
        return CheckResult("SMS", where, Problem.CONFIG, msg)
    failed = await reach("SMS", host, port, timeout)
    if failed is not None:
        return failed
    if factory is None:
        gateway = make_gateway(account, secret, region, http_timeout=timeout)
    else:
        gateway = factory(account, secret, region)
    our_id = f"setup-test-{secrets.token_hex(6)}"
    text = TEST_TEXT.get(language, TEST_TEXT["en"])
    try:
        result = await gateway.send(number, text, our_id, callback_base)
    except SmsConfigError as exc:
        said = one_line(str(exc), 300)
        lowered = said.lower()
        if "certificate" in lowered:
            return CheckResult(
                "SMS", where, Problem.TLS, "the gateway's certificate is not trusted", said
            )
        if any(k in lowered for k in ("authoriz", "401", "403", "credential", "auth")):
            msg = "the gateway refused the user name or password/token"
            return CheckResult("SMS", where, Problem.AUTH, msg, said)
        msg = "the gateway refused the request: check the URL, the number and the account"
        return CheckResult("SMS", where, Problem.CONFIG, msg, said)
    except SmsRejected as exc:
        msg = f"the gateway refused to send to {number}"
        return CheckResult("SMS", where, Problem.PROTOCOL, msg, one_line(str(exc), 300))
    except SmsError as exc:
        said = one_line(str(exc), 300)
        problem = Problem.TIMEOUT if "timed out" in said else Problem.NETWORK
        return CheckResult("SMS", where, problem, "the gateway could not be used", said)
    msg = f"the gateway accepted the test SMS to {number} ({result.state}): check your phone"
    return CheckResult("SMS", where, Problem.OK, msg)


def send_test_sms_blocking(account: SmsAccount, secret: str, to: str, **kw) -> CheckResult:
    """For a worker thread, which has no event loop of its own."""
    return asyncio.run(send_test_sms(account, secret, to, **kw))
