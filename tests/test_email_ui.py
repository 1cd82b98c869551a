"""The open TUI with a real account: IDLE push shows up, opening fetches the body,
reading sets \\Seen on the server, and a reply goes out through the outbox."""

from __future__ import annotations

import asyncio

from email_helpers import LUCA, MARIA, config_for, imap_client, mail, password_of
from inbox_tui.services.mail_service import MailService
from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.widgets.status_bar import StatusBar
from servers.dovecot import DovecotServer
from servers.smtp import SmtpServer
from ui_helpers import FIXED_NOW, ROME, screen_text, settle


async def _until(pilot, condition, timeout: float = 15.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


async def test_push_open_read_and_reply(
    dovecot: DovecotServer, smtp_server: SmtpServer, store: Store
) -> None:
    dovecot.deliver(MARIA, mail(1, subject="Documenti", body="Le mando i documenti."))
    config = config_for(dovecot, smtp_server)
    service = MailService(store, config, password=password_of)
    app = InboxApp(store, tz=ROME, clock=lambda: FIXED_NOW, config=config, mail_service=service)
    async with app.run_test(size=(140, 36)) as pilot:
        status = app.screen.query_one(StatusBar)
        await _until(pilot, lambda: "studio: idle" in str(status.render()))
        timeline = await settle(pilot, app)
        assert timeline.total == 1
        # A new message pushed by the server (IDLE) appears in the open timeline.
        dovecot.deliver(MARIA, mail(2, subject="Udienza spostata", body="Ci vediamo alle 10."))
        await _until(pilot, lambda: timeline.total == 2)
        await _until(pilot, lambda: "Udienza spostata" in screen_text(app))
        timeline.cursor = 0
        await pilot.press("enter")
        # Opening fetches the body on demand and marks it read, on the server too.
        await _until(pilot, lambda: "Ci vediamo alle 10." in screen_text(app))
        client = imap_client(dovecot)

        def seen_on_server() -> bool:
            client.select("INBOX")
            _, data = client.search(None, "SEEN")
            return data[0].split() == [b"2"]

        await _until(pilot, seen_on_server)
        client.logout()
        # Reply: the composer sends through the outbox and SMTP.
        timeline.focus()
        await pilot.press("r")
        await pilot.pause(0.3)
        await pilot.press(*"Va bene, grazie.")
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: len(smtp_server.received) == 1)
        (received,) = smtp_server.received
        assert received.rcpt_tos == [LUCA]
        assert b"Subject: Re: Udienza spostata" in received.data
        assert store.drafts.count() == 0  # the draft became the sent message
        await _until(pilot, lambda: all(i.state == "sent" for i in store.outbox.active()))
    await asyncio.sleep(0)


async def test_attachments_listed_and_saved(dovecot: DovecotServer, store: Store, tmp_path) -> None:
    from textual.widgets import Input

    from inbox_tui.ui.screens.save_screen import SaveAttachmentsScreen
    from test_attachments import _with_attachments

    raw = _with_attachments(["parere.pdf"]).replace(b"Subject: x", b"Subject: Parere")
    dovecot.deliver(MARIA, b"To: maria@studio.test\r\nMessage-ID: <p1@b.c>\r\n" + raw)
    config = config_for(dovecot)
    service = MailService(store, config, password=password_of)
    app = InboxApp(store, tz=ROME, clock=lambda: FIXED_NOW, config=config, mail_service=service)
    async with app.run_test(size=(140, 36)) as pilot:
        timeline = await settle(pilot, app)
        await _until(pilot, lambda: timeline.total == 1)
        await pilot.press("enter")
        await _until(pilot, lambda: "parere.pdf" in screen_text(app))
        await pilot.press("a")
        # The dialog follows a worker's look at the message's attachments.
        await _until(pilot, lambda: isinstance(app.screen, SaveAttachmentsScreen))
        app.screen.query_one(Input).value = str(tmp_path / "saved")
        await pilot.press("enter")
        await _until(pilot, lambda: (tmp_path / "saved" / "parere.pdf").exists())
    assert (tmp_path / "saved" / "parere.pdf").read_bytes() == b"hello"
