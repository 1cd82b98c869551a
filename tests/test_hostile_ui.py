"""No terminal control sequence and no markup from outside ever reaches the screen.

Subjects, contact names, bodies, attachment filenames and SMS texts full of ESC/CSI/OSC
(clipboard OSC 52, hyperlinks OSC 8, title set OSC 0/2, title report CSI 21t), C1 bytes,
bidi overrides and Textual/Rich markup go into the store three ways: written raw (as if an
upstream cleaner had a bug: the UI must not rely on one), through the real MIME parser as
the sync stores a fetched message, and as an SMS through the app's own webhook receiver.
The real app then shows them: timeline, conversation, the reply drafts panel, the details
screen (i), the composer (r) with its drafts line. On every screen each segment the
compositor would write is checked: no control character, no hyperlink, no click action;
the markup is there as literal text, and clicking on it does nothing (the app still runs).
"""

from __future__ import annotations

import asyncio
import base64
import re
import urllib.request
from urllib.parse import urlencode

from rich.segment import Segment

from inbox_tui.config_file import parse_config_text
from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.mime import parse_message
from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.services.mail_service import MailService
from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.screens.composer_screen import ComposerScreen
from inbox_tui.ui.screens.details_screen import DetailsScreen
from inbox_tui.ui.screens.main_screen import MainScreen
from inbox_tui.ui.widgets.suggestion_panel import SuggestionPanel
from servers import free_port
from ui_helpers import FIXED_NOW, ROME, main_screen, screen_text, settle, until

MARKUP = "[@click=app.quit]x[/] [link=http://evil.example]y[/link] [b red]z"
HOSTILE = (
    "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write the clipboard
    "\x1b]8;;http://evil.example\x1b\\here\x1b]8;;\x1b\\"  # OSC 8: a hyperlink
    "\x1b]0;pwned\x07\x1b]2;pwned\x1b\\"  # OSC 0 / 2: set the window title
    "\x1b[21t\x1b[6n"  # CSI 21t: report the title (typed back as input); CSI 6n likewise
    "\x1b[2J\x1b[31m"  # clear the screen, colour
    "\x9b21t\x9d0;c1\x9c\x90q\x9c"  # the same as C1 bytes: CSI, OSC … ST, DCS … ST
    "\u202etxt.exe\u202c\u2066\u2067\u2068\u2069\u200f"  # bidi overrides and isolates
)
QUESTION = "Potrebbe confermarmi l'appuntamento di giovedì alle 15?"
SMS_TEXT = f"{HOSTILE}SMS {MARKUP}\n{QUESTION}"
BAD = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
NUMBER, LUCA_PHONE = "+390212345678", "+393331234567"
SIZE = (220, 60)  # wide enough that no hostile line is cut before its markup


def _config(port: int):
    return parse_config_text(
        f"""
[profile]
name = "Avv. Maria Rossi"
timezone = "Europe/Rome"
language = "it"
[webhooks]
listen = "127.0.0.1:{port}"
public_url = "http://127.0.0.1:{port}"
[[accounts]]
name = "studio"
kind = "email"
address = "maria@studio.test"
imap = {{ host = "127.0.0.1", port = 1 }}
smtp = {{ host = "127.0.0.1", port = 1, security = "starttls" }}
[[accounts]]
name = "sms"
kind = "sms"
gateway = "kannel"
number = "{NUMBER}"
url = "http://127.0.0.1:1/cgi-bin/sendsms"
username = "inbox"
""",
        "hostile-ui.toml",
    )


def _seed(store: Store) -> dict[str, int]:
    """The raw way and the parser's way; returns message ids by name."""
    luca = store.contacts.upsert(
        Contact(None, f"Luca {HOSTILE}{MARKUP}", [email_address("luca@client.test"),
                                                  phone_address(LUCA_PHONE)])
    )  # fmt: skip
    raw_id = store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, luca, "studio", 1_795_000_000,
                subject=f"Raw {HOSTILE}{MARKUP}", body=f"{HOSTILE}Raw {MARKUP}\n{QUESTION}",
                sender=f"luca@client.test{HOSTILE}", message_id=f"<raw{HOSTILE}@client.test>",
                recipients="maria@studio.test", unread=True)
    )  # fmt: skip
    # Straight into the table, past set_body's own cleaning. The content type stays one the
    # parser can produce (it only passes "type/subtype" tokens): the reading pane prints
    # it as stored.
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO attachments (message_id, part_id, filename, content_type, size)"
            " VALUES (?, '2', ?, 'application/pdf', 10)",
            (raw_id, f"../{HOSTILE}{MARKUP}.pdf"),
        )
    # A received message as the sync and the body fetch store it, from raw MIME.
    word = base64.b64encode(f"Parsed {HOSTILE}{MARKUP}".encode()).decode()
    mime = (
        f"From: =?utf-8?b?{word}?= <anna@client.test>\r\nTo: maria@studio.test\r\n"
        f"Subject: =?utf-8?b?{word}?=\r\nMessage-ID: <parsed@client.test>\r\n"
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{HOSTILE}Parsed {MARKUP}\r\n{QUESTION}\r\n--b\r\n"
        f'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="'
        f'{HOSTILE}{MARKUP}.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0K\r\n--b--\r\n'
    ).encode()
    parsed = parse_message(mime)
    h = parsed.headers
    anna = store.contacts.upsert(Contact(None, h.from_name, [email_address(h.from_addr)]))
    parsed_id = store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, anna, "studio", 1_795_000_100,
                subject=h.subject, sender=h.from_addr, message_id=h.message_id,
                recipients="maria@studio.test", unread=True, body_loaded=False)
    )  # fmt: skip
    store.mail.set_body(
        parsed_id, parsed.text, [(a.part_id, a.filename, a.content_type, a.size)
                                 for a in parsed.attachments]
    )  # fmt: skip
    return {"raw": raw_id, "parsed": parsed_id}


def _segments(app: InboxApp) -> list[Segment]:
    strips = app.screen._compositor.render_strips()  # noqa: SLF001 - what the driver writes
    return [segment for strip in strips for segment in strip]


def assert_clean(app: InboxApp, where: str) -> str:
    """Nothing on screen but text: no control character, link or click from outside."""
    for segment in _segments(app):
        assert not BAD.search(segment.text), (where, ascii(segment.text))
        style = segment.style
        if style is None:
            continue
        assert not style.link, (where, style.link, segment.text)  # Rich writes OSC 8 for it
        click = (style.meta or {}).get("@click")
        assert click is None or "quit" not in str(click), (where, click, segment.text)
    assert app.is_running and app.title == "inbox-tui" and not BAD.search(app.sub_title)
    assert not app.clipboard  # nothing was copied (OSC 52 is how it would be)
    return screen_text(app)


async def _click_literal(pilot, app: InboxApp, needle: str) -> None:
    """Click where the conversation shows a literal "[@click=app.quit]": as markup it would
    be a live action."""
    left = main_screen(app).query_one("#conversation").region.x
    for y, line in enumerate(screen_text(app).split("\n")):
        x = line.find(needle, left)
        if x >= 0:
            await pilot.click(offset=(x + 2, y))
            await pilot.pause()
            assert app.is_running, "a click on sender text ran an action"
            return
    raise AssertionError(f"{needle!r} is not on screen")


def _post_sms(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status


async def test_hostile_text_never_reaches_the_terminal(store: Store) -> None:
    ids = _seed(store)
    config = _config(free_port())
    service = MailService(store, config, password=lambda account: "unused")
    app = InboxApp(store, tz=ROME, clock=lambda: FIXED_NOW, config=config, mail_service=service)
    async with app.run_test(size=SIZE) as pilot:
        timeline = await settle(pilot, app)
        await until(pilot, lambda: service.active)
        # The SMS through the app's own receiver, as Kannel would deliver it.
        query = urlencode({"from": LUCA_PHONE, "to": NUMBER, "text": SMS_TEXT, "charset": "UTF-8",
                           "coding": "0", "id": "sms-1", "ts": "1795000200"})  # fmt: skip
        url = service.sms.server.hook_base("sms") + "/kannel/inbound?" + query
        assert await asyncio.to_thread(_post_sms, url) == 200
        await until(pilot, lambda: timeline.total == 3, timeout=10)
        text = assert_clean(app, "timeline")
        assert "Raw" in text and "Parsed" in text and "SMS" in text

        (sms_id,) = store.query("SELECT id FROM messages WHERE channel = 'sms'")[0]
        ids["sms"] = sms_id
        pane = main_screen(app).query_one("#conversation")
        panel = main_screen(app).query_one(SuggestionPanel)
        # Newest first: the SMS, the parsed email, the raw one; each opened with Enter.
        for index, name in enumerate(("sms", "parsed", "raw")):
            timeline.cursor = (index + 1) % 3  # away first: the highlight must move
            await pilot.pause()
            timeline.cursor = index
            timeline.focus()
            await pilot.press("enter")
            await settle(pilot, app)
            assert timeline.current_row is not None and timeline.current_row.id == ids[name]
            marker = {"sms": "SMS ", "parsed": "Parsed ", "raw": "Raw "}[name]
            await until(pilot, lambda m=marker: f"{m}{MARKUP}" in str(pane.render()))
            await until(pilot, lambda: panel.display and panel.suggestion is not None)
            await pilot.pause()
            assert_clean(app, f"{name}: conversation and drafts panel")
            shown = str(pane.render())
            assert "heretxt.exe" in shown and f"{marker}{MARKUP}" in shown, name
            assert "Suggested replies" in screen_text(app)
            await _click_literal(pilot, app, "[@click=app.quit]")

            timeline.focus()
            await pilot.press("i")
            await until(pilot, lambda: isinstance(app.screen, DetailsScreen))
            await pilot.pause(0.2)
            text = assert_clean(app, f"{name}: details")
            assert "[@click=app.quit]" in text, name
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, MainScreen))

            timeline.focus()
            await pilot.press("r")
            await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
            await until(pilot, lambda: app.screen.query_one("#composer-drafts").display)
            await pilot.pause(0.2)
            text = assert_clean(app, f"{name}: composer")
            assert "[@click=app.quit]" in text, name  # the To: line shows the name, literally
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.is_running
