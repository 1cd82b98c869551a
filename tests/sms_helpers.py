"""Driving the SMS service against the real Kannel fixture, shared by the SMS, logging
and shield tests: one account on the fake SMSC, its webhook receiver, the outbox sender."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from datetime import datetime, timezone

from inbox_tui.config_file import parse_config_text
from inbox_tui.services.outbox_sender import OutboxSender
from inbox_tui.services.sms_service import SmsService
from inbox_tui.store import Store

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
OUR_NUMBER = "+390212345678"


def sms_config(hook_port: int, head: str = ""):
    """A studio with one Kannel SMS account on the fake SMSC; `head` adds TOML lines after
    the profile's timezone (the URL is replaced once Kannel runs on its free port)."""
    return parse_config_text(
        f"""
[profile]
timezone = "Europe/Rome"
{head}
[webhooks]
listen = "127.0.0.1:{hook_port}"
public_url = "http://127.0.0.1:{hook_port}"
[[accounts]]
name = "sms"
kind = "sms"
gateway = "kannel"
number = "{OUR_NUMBER}"
url = "http://127.0.0.1:1/cgi-bin/sendsms"
username = "inbox"
""",
        "sms.toml",
    )


def auto_ack_sms_config(hook_port: int, auto_ack: bool):
    """Italian, with the out-of-hours acknowledgement on or off for SMS (the shield and
    contact-settings tests)."""
    head = f'language = "it"\n[auto_ack]\nenabled = {str(auto_ack).lower()}\nchannels = ["sms"]'
    return sms_config(hook_port, head)


def kannel_setup(store: Store, kannel_factory, hook_port: int) -> tuple:
    """(config, service, kannel, sender): Kannel started with its MO URL on our receiver."""
    config = sms_config(hook_port)
    service = SmsService(store, config, lambda account: "inbox-pw")
    kannel = kannel_factory(mo_url=service.server.hook_base("sms") + "/kannel/inbound")
    # The gateway URL is only known once Kannel runs on its free port.
    service.accounts["sms"] = dataclasses.replace(config.accounts[0], url=kannel.sendsms_url)
    sender = OutboxSender(store, config, {}, lambda a: "", sms=service, clock=NOW.timestamp)
    return config, service, kannel, sender


async def until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Poll `condition` on the event loop (the receiver and Kannel answer meanwhile)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")
