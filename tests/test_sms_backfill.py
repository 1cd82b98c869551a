"""`sync --once` backfill: texts the receiver missed come from the gateway's list API once."""

from __future__ import annotations

import time

from inbox_tui.channels.sms.twilio import TwilioGateway
from inbox_tui.config_file import parse_config_text
from inbox_tui.core.addresses import phone_address
from inbox_tui.core.models import Contact
from inbox_tui.services.sms_service import SmsService
from inbox_tui.store import Store
from servers.fake_twilio import FakeTwilio

SID, TOKEN, NUMBER = "AC" + "ab12" * 8, "tw-token", "+390212345678"


async def test_backfill_from_twilio_is_idempotent(store: Store) -> None:
    config = parse_config_text(
        f'[[accounts]]\nname = "tw"\nkind = "sms"\ngateway = "twilio"\n'
        f'account_sid = "{SID}"\nnumber = "{NUMBER}"\n',
        "tw.toml",
    )
    with FakeTwilio(SID, TOKEN, NUMBER) as fake:
        service = SmsService(
            store,
            config,
            lambda account: TOKEN,
            gateway_factory=lambda acc, secret, region: TwilioGateway(
                acc, secret, region, http_timeout=5, api_base=fake.url
            ),
        )
        luca = store.contacts.upsert(Contact(None, "Luca", [phone_address("+39 333 1234567")]))
        now = time.time()
        fake.add_inbound("+393331234567", "Mi richiama?", now - 3600)
        fake.add_inbound("+393331234567", "Grazie 🙏", now - 600)
        assert await service.backfill(int(now - 86400)) == 2
        assert await service.backfill(int(now - 86400)) == 0  # already there: stored once
        texts = sorted(m.body for m in store.messages.conversation(luca, None))
        assert texts == ["Grazie 🙏", "Mi richiama?"]
