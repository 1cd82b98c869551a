"""The mail service in its own thread and event loop, reporting back to the app.

Network, parsing and the store writes of a sync never touch the UI loop: the service
runs in a thread; what it reports arrives as messages via `call_from_thread`.
"""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

from inbox_tui.services.email_account import AccountStatus
from inbox_tui.services.mail_service import MailService
from inbox_tui.ui.messages import AccountStatusChanged, MessageAnnounced, StoreChanged
from inbox_tui.ui.thread_calls import deliver

if TYPE_CHECKING:
    from inbox_tui.services.quiet_watch import Announcement
    from inbox_tui.ui.app import InboxApp

STOP_TIMEOUT = 5.0


class MailBridge:
    def __init__(self, app: InboxApp, service: MailService) -> None:
        self.app = app
        self.service = service
        service.listener = self
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()

    # Listener: called on the service thread.
    def status_changed(self, status: AccountStatus) -> None:
        self._post(AccountStatusChanged(status.account, status.text()))

    def store_changed(self) -> None:
        self._post(StoreChanged())

    def announced(self, a: Announcement) -> None:
        # To the app, not the main screen: the bell and the toast belong to whatever
        # screen is on top (the composer included).
        message = MessageAnnounced(a.message_id, a.who, a.summary, a.breakthrough)
        deliver(self.app, self.app.post_message, message)

    def _post(self, message) -> None:
        deliver(self.app, self.app.relay, message)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="mail-service", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def _main(self) -> None:
        async def run() -> None:
            self._stop = asyncio.Event()
            self._ready.set()
            await self.service.run(self._stop)

        asyncio.run(run())

    def stop(self) -> None:
        loop, stop = self.service.loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT)
