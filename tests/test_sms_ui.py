"""The open TUI with a real Kannel: an inbound SMS appears live in the timeline and in the
client's conversation next to their email; a reply by SMS goes out from the composer."""

from __future__ import annotations

import dataclasses

from test_email_ui import _until

from inbox_tui.config_file import parse_config_text
from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.services.mail_service import MailService
from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.widgets.reading_pane import ReadingPane
from servers import free_port
from ui_helpers import FIXED_NOW, ROME, screen_text, settle

LUCA = "+393331234567"


async def test_inbound_sms_live_and_reply(store: Store, kannel_factory) -> None:
    port = free_port()
    config = parse_config_text(
        f"""
[profile]
timezone = "Europe/Rome"
[webhooks]
listen = "127.0.0.1:{port}"
public_url = "http://127.0.0.1:{port}"
[[accounts]]
name = "sms"
kind = "sms"
gateway = "kannel"
number = "+390212345678"
url = "http://127.0.0.1:1/cgi-bin/sendsms"
username = "inbox"
""",
        "sms.toml",
    )
    luca = store.contacts.upsert(
        Contact(None, "Luca Bianchi", [email_address("luca@x.it"), phone_address(LUCA)])
    )
    store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, luca, "studio", 1_795_000_000,
                subject="Contratto", body="Le ho mandato il contratto per email.")
    )  # fmt: skip
    service = MailService(store, config, password=lambda account: "inbox-pw")
    kannel = kannel_factory(mo_url=service.sms.server.hook_base("sms") + "/kannel/inbound")
    service.sms.accounts["sms"] = dataclasses.replace(config.accounts[0], url=kannel.sendsms_url)
    app = InboxApp(store, tz=ROME, clock=lambda: FIXED_NOW, config=config, mail_service=service)
    async with app.run_test(size=(140, 36)) as pilot:
        timeline = await settle(pilot, app)
        await _until(pilot, lambda: service.active)
        kannel.send_mo(LUCA, "+390212345678", "L'ha ricevuto? Mi chiami quando può")
        await _until(pilot, lambda: timeline.total == 2)
        await _until(pilot, lambda: "L'ha ricevuto?" in screen_text(app))
        timeline.cursor = 0
        pane = app.screen.query_one(ReadingPane).query_one("#conversation")
        await _until(pilot, lambda: "Le ho mandato il contratto" in str(pane.render()))
        assert "L'ha ricevuto?" in str(pane.render())  # email and SMS in one conversation
        await pilot.press("r")
        await pilot.pause(0.3)
        assert "GSM-7" in screen_text(app)  # the composer shows encoding and parts
        await pilot.press(*"La chiamo alle 15.")
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: any(m.text == "La chiamo alle 15." for m in kannel.received_mt))
