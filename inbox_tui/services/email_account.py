"""One email account kept in sync: connect, sync the folders, IDLE, reconnect with backoff.

Authentication and certificate failures stop the loop with a clear status instead of
retrying: hammering a server with a wrong password gets accounts locked.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from inbox_tui.channels.imap_session import (
    ImapAuthError,
    ImapError,
    ImapSession,
    ImapTLSError,
    make_ssl_context,
)
from inbox_tui.core.config import EmailAccount
from inbox_tui.core.mime import parse_message
from inbox_tui.services.email_sync import FolderResult, FolderSync, Progress
from inbox_tui.services.receipts import process_reports
from inbox_tui.store import Store

IDLE_SECONDS = 25 * 60  # re-issued well before the 29-minute server limit
OTHER_FOLDERS_EVERY = 300.0
BACKOFF_MAX = 300.0


@dataclass(frozen=True, slots=True)
class AccountStatus:
    account: str
    state: str  # connecting | syncing | idle | offline | stopped
    detail: str = ""
    done: int = 0
    total: int = 0
    retry_at: float | None = None

    def text(self, now: float | None = None) -> str:
        if self.state == "syncing" and self.total:
            return f"{self.account}: syncing {self.done}/{self.total}"
        if self.state == "offline" and self.retry_at is not None:
            wait = max(0, int(self.retry_at - (now or time.time())))
            return f"{self.account}: offline · retry in {wait}s"
        if self.state == "stopped":
            return f"{self.account}: stopped · {self.detail}"
        return f"{self.account}: {self.state}"


def backoff(attempt: int, rng: random.Random | None = None) -> float:
    """Exponential with full jitter, so many clients do not reconnect in lockstep."""
    ceiling = min(BACKOFF_MAX, 2.0 ** min(attempt, 10))
    return max(1.0, (rng or random).uniform(ceiling / 2, ceiling))


class EmailAccountRunner:
    def __init__(
        self,
        store: Store,
        account: EmailAccount,
        password: Callable[[], str],
        on_status: Callable[[AccountStatus], None] = lambda s: None,
        on_change: Callable[[], None] = lambda: None,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.store = store
        self.account = account
        self._password = password
        self._on_status = on_status
        self._on_change = on_change
        self.idle_seconds = idle_seconds
        self.status = AccountStatus(account.name, "offline")
        self.wake = asyncio.Event()
        self._fetch_lock = asyncio.Lock()
        self._fetch_session: ImapSession | None = None
        self.folders: list[tuple[str, str]] = []

    def _set(self, state: str, **kw) -> None:
        self.status = AccountStatus(self.account.name, state, **kw)
        self._on_status(self.status)

    async def connect(self) -> ImapSession:
        ctx = make_ssl_context(self.account.cafile, self.account.tls_insecure)
        password = await asyncio.to_thread(self._password)  # may run password_command
        imap = self.account.imap
        session = await ImapSession.open(imap.host, imap.port, self.account.username, password, ctx)
        # QRESYNC makes a no-change resync one round trip; ENABLE must precede SELECT.
        session.qresync = session.has("QRESYNC") and await session.enable("QRESYNC")
        return session

    async def discover(self, session: ImapSession) -> list[tuple[str, str]]:
        """(folder, role): INBOX, the special-use Sent folder, and the configured ones."""
        found = await session.list_folders()
        folders: dict[str, str] = {"INBOX": "inbox"}
        sent = next((name for flags, name in found if "\\Sent" in flags), None)
        if sent is None:
            sent = next((n for _, n in found if n.lower() in ("sent", "sent items")), None)
        names = {name for _, name in found}
        for name in self.account.folders:
            if name in names or name.upper() == "INBOX":
                folders.setdefault("INBOX" if name.upper() == "INBOX" else name, "")
        if sent is not None:
            folders[sent] = "sent"
        self.folders = list(folders.items())
        return self.folders

    @property
    def sent_folder(self) -> str | None:
        return next((f for f, role in self.folders if role == "sent"), None)

    async def sync_all(self, session: ImapSession, progress: Progress | None = None):
        syncer = FolderSync(self.store, self.account, session.qresync)
        results: list[FolderResult] = []
        for folder, role in self.folders or await self.discover(session):

            def report(f: str, done: int, total: int) -> None:
                self._set("syncing", detail=f, done=done, total=total)
                if progress is not None:
                    progress(f, done, total)
                if done:
                    self._on_change()

            results.append(await syncer.run(session, folder, role, report))
        # After every folder: a report in INBOX may be about a message only now found in Sent.
        reports = await process_reports(self.store, session, self.account.name)
        if reports or any(r.added or r.removed or r.flags_changed for r in results):
            self._on_change()
        return results

    async def sync_once(self, progress: Progress | None = None) -> list[FolderResult]:
        self._set("connecting")
        session = await self.connect()
        try:
            results = await self.sync_all(session, progress)
        finally:
            await session.close()
        self._set("idle")
        return results

    async def run(self, stop: asyncio.Event) -> None:
        attempt = 0
        while not stop.is_set():
            session: ImapSession | None = None
            try:
                self._set("connecting")
                session = await self.connect()
                await self.sync_all(session)
                attempt = 0
                await self._idle_loop(session, stop)
            except (ImapAuthError, ImapTLSError) as exc:
                self._set("stopped", detail=str(exc))
                return
            except ImapError as exc:
                attempt += 1
                delay = backoff(attempt)
                self._set("offline", detail=str(exc), retry_at=time.time() + delay)
                await _wait(stop, delay, self.wake)
            finally:
                if session is not None:
                    await session.close()

    async def _idle_loop(self, session: ImapSession, stop: asyncio.Event) -> None:
        last_full = time.monotonic()
        while not stop.is_set():
            await session.select("INBOX")
            self._set("idle")
            self.wake.clear()
            relay = asyncio.ensure_future(_relay(stop, self.wake))
            try:
                await session.idle(self.idle_seconds, self.wake)
            finally:
                relay.cancel()
            if stop.is_set():
                return
            if time.monotonic() - last_full > OTHER_FOLDERS_EVERY:
                last_full = time.monotonic()
                await self.sync_all(session)
            else:
                inbox = [(f, r) for f, r in self.folders if f == "INBOX"]
                saved, self.folders = self.folders, inbox
                try:
                    await self.sync_all(session)
                finally:
                    self.folders = saved

    async def fetch_body(self, message_id: int) -> bool:
        """Fetch, parse and cache a message body (on open). False if it is not on the server."""
        msg = self.store.messages.get(message_id)
        if msg is None or msg.uid is None or msg.folder is None:
            return False
        raw = await self.fetch_raw(msg.folder, msg.uid)
        if raw is None:
            return False
        parsed = await asyncio.to_thread(parse_message, raw)
        attachments = [(a.part_id, a.filename, a.content_type, a.size) for a in parsed.attachments]
        await asyncio.to_thread(self.store.mail.set_body, message_id, parsed.text, attachments)
        return True

    async def fetch_raw(self, folder: str, uid: int) -> bytes | None:
        async with self._fetch_lock:
            for attempt in range(2):
                try:
                    if self._fetch_session is None or self._fetch_session.broken:
                        self._fetch_session = await self.connect()
                    session = self._fetch_session
                    if session.selected != folder:
                        await session.select(folder, readonly=True)
                    return await session.fetch_message(uid)
                except ImapError:
                    if self._fetch_session is not None:
                        await self._fetch_session.close()
                    self._fetch_session = None
                    if attempt:
                        raise
        return None

    async def close(self) -> None:
        if self._fetch_session is not None:
            await self._fetch_session.close()
            self._fetch_session = None


async def _relay(stop: asyncio.Event, wake: asyncio.Event) -> None:
    await stop.wait()
    wake.set()


async def _wait(stop: asyncio.Event, seconds: float, wake: asyncio.Event) -> None:
    waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
        wake.clear()
