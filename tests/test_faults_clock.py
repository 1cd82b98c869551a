"""Faults against the real servers, clock side: a laptop suspended and resumed is a clock
that jumps, forward over the night, the weekend or a whole work day, and back (a wrong
clock corrected after resume). Replies held in quiet time (email through SMTP into
Dovecot, SMS through Kannel) never leave at night, on the weekend or at lunch, whatever
the jumps; each goes once, at the next work slot (default hours: Mon-Fri 08:30-12:30,
14:00-18:00, Europe/Rome)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from email_helpers import LUCA, imap_client, password_of, runner_for, studio_and_sms_toml
from inbox_tui.config_file import parse_config_text
from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Contact
from inbox_tui.services.compose_send import queue_email, queue_sms
from inbox_tui.services.outbox_sender import OutboxSender
from inbox_tui.services.shield import Shield
from inbox_tui.services.sms_service import SmsService
from inbox_tui.store import Store
from servers import free_port
from servers.dovecot import DovecotServer
from servers.kannel import KannelServer
from servers.smtp import SmtpServer

ROME = ZoneInfo("Europe/Rome")
LUCA_PHONE = "+393331234567"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in the week of Mon 30 Nov 2026 (27 is the Friday before)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=ROME)


class Clock:
    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self) -> float:
        return self.when.timestamp()


def _config(dovecot: DovecotServer, smtp: SmtpServer, kannel: KannelServer):
    hook = free_port()
    return parse_config_text(
        f"""
[profile]
name = "Avv. Maria Rossi"
timezone = "Europe/Rome"
language = "it"
{studio_and_sms_toml(dovecot, smtp, kannel, hook, password_commands=False)}""",
        "clock.toml",
    )


async def test_clock_jumps_never_send_held_replies_in_quiet_time(
    dovecot: DovecotServer, smtp_server: SmtpServer, kannel: KannelServer, store: Store
) -> None:
    config = _config(dovecot, smtp_server, kannel)
    clock = Clock(at(27, 23))  # Friday, 23:00
    shield = Shield(store, config, clock)
    sms = SmsService(store, config, lambda account: kannel.password)
    sms.accounts["sms"] = dataclasses.replace(sms.accounts["sms"], url=kannel.sendsms_url)
    runner = runner_for(store, config)
    sender = OutboxSender(
        store, config, {"studio": runner}, password_of, clock=clock, sms=sms, shield=shield
    )
    luca = store.contacts.get(
        store.contacts.upsert(
            Contact(None, "Luca", [email_address(LUCA), phone_address(LUCA_PHONE)])
        )
    )

    def reply(text: str) -> list[int]:
        """An email and a text written now, held as the composer holds them."""
        hold = shield.hold_until()
        assert hold is not None, f"{clock.when:%a %H:%M} should be quiet time"
        _, mail_item = queue_email(
            store, config, contact=luca, original=None, subject=text, body=text,
            now=shield.now(), not_before_ts=hold,
        )  # fmt: skip
        _, sms_item = queue_sms(
            store, config, contact=luca, original=None, text=text, now=shield.now(),
            not_before_ts=hold,
        )  # fmt: skip
        return [mail_item, sms_item]

    def arrived() -> list[str]:
        client = imap_client(dovecot, LUCA)
        _, count = client.select("INBOX", readonly=True)
        data = []
        if int(count[0]):
            _, data = client.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        client.logout()
        subjects = [p[1].decode().split(":", 1)[1].strip() for p in data if isinstance(p, tuple)]
        return sorted(subjects + [m.text for m in kannel.received_mt])

    async def jump(to: datetime, sent: int = 0) -> None:
        clock.when = to
        assert await sender.run_once() == sent, f"at {to:%a %d %H:%M}"
        if sent:
            kannel.smsc.wait_mt(len(expected) // 2)  # one text per reply pair reaches the SMSC
        assert arrived() == expected, f"at {to:%a %d %H:%M}"

    expected: list[str] = []
    weekend = reply("Venerdi sera")  # Friday 23:00
    monday = int(at(30, 8, 30).timestamp())
    assert [store.outbox.get(i).not_before_ts for i in weekend] == [monday] * 2
    # Saturday night, back to Friday, Saturday and Sunday by day, Monday before work.
    for when in (at(28, 3), at(27, 23, 30), at(28, 11), at(29, 17), at(30, 3), at(30, 8, 29)):
        await jump(when)
    expected = ["Venerdi sera"] * 2
    await jump(at(30, 8, 30), sent=2)  # Monday's first work slot

    # Written Monday night, due Tuesday 08:30; the laptop sleeps through Tuesday and
    # wakes at 23:00: due, but night, so held again until Wednesday 08:30.
    clock.when = at(30, 23)
    tuesday = reply("Lunedi sera")
    await jump(at(30, 23, 30))
    await jump(datetime(2026, 12, 1, 23, 0, tzinfo=ROME))
    wednesday = int(datetime(2026, 12, 2, 8, 30, tzinfo=ROME).timestamp())
    assert [store.outbox.get(i).not_before_ts for i in tuesday] == [wednesday] * 2
    await jump(datetime(2026, 12, 1, 20, 0, tzinfo=ROME))  # corrected back: still evening
    await jump(datetime(2026, 12, 2, 3, 0, tzinfo=ROME))
    # Resumed at lunch, 08:30 gone by unseen: held again, until 14:00.
    await jump(datetime(2026, 12, 2, 12, 45, tzinfo=ROME))
    afternoon = int(datetime(2026, 12, 2, 14, 0, tzinfo=ROME).timestamp())
    assert [store.outbox.get(i).not_before_ts for i in tuesday] == [afternoon] * 2
    expected = sorted(expected + ["Lunedi sera"] * 2)
    await jump(datetime(2026, 12, 2, 14, 0, tzinfo=ROME), sent=2)
    assert [store.outbox.get(i).state for i in weekend + tuesday] == ["sent"] * 4
    await jump(datetime(2026, 12, 2, 15, 0, tzinfo=ROME))  # nothing goes twice
    assert len(smtp_server.received) == 2 and len(kannel.received_mt) == 2
