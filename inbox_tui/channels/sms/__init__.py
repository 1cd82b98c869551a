"""SMS gateways behind one interface: Kannel, SMS Gateway for Android, Twilio.

`make_gateway` builds the one an SMS account names. Callback paths, relative to the
receiver's callback base (which carries the per-account secret path or token):

    kannel   /kannel/inbound (sms-service get-url)     /kannel/dlr?id=…  (dlr-url, per message)
    smsgate  /smsgate/inbound (sms:received)           /smsgate/status   (sms:sent|delivered|failed)
    twilio   /twilio/inbound (the number's webhook)    /twilio/status?id=… (StatusCallback)

Each gateway's `callback_urls(callback_base)` spells them out for the user.
"""

from __future__ import annotations

from inbox_tui.channels.sms.base import (
    STATES,
    Inbound,
    SendResult,
    SmsConfigError,
    SmsError,
    SmsGateway,
    SmsRejected,
    StatusUpdate,
    WebhookRejected,
    WebhookRequest,
)
from inbox_tui.channels.sms.kannel import KannelGateway
from inbox_tui.channels.sms.smsgate import SmsGateGateway
from inbox_tui.channels.sms.twilio import TwilioGateway
from inbox_tui.core.config import SmsAccount

__all__ = [
    "STATES",
    "Inbound",
    "KannelGateway",
    "SendResult",
    "SmsConfigError",
    "SmsError",
    "SmsGateGateway",
    "SmsGateway",
    "SmsRejected",
    "StatusUpdate",
    "TwilioGateway",
    "WebhookRejected",
    "WebhookRequest",
    "make_gateway",
]


def make_gateway(
    account: SmsAccount, secret: str, region: str, *, http_timeout: float = 30.0
) -> SmsGateway:
    """The gateway for this account; `secret` is its password (Kannel, SMS Gateway for
    Android: also the webhook signing key) or Auth Token (Twilio)."""
    if account.gateway == "kannel":
        return KannelGateway(account, secret, region, http_timeout)
    if account.gateway == "smsgate":
        return SmsGateGateway(account, secret, region, http_timeout)
    if account.gateway == "twilio":
        return TwilioGateway(account, secret, region, http_timeout)
    raise SmsConfigError(f"account {account.name!r}: unknown gateway {account.gateway!r}")
