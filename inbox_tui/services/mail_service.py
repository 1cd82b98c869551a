"""Everything that talks to mail servers, for the TUI (in its own thread) and the daemon.

Only one process on a store syncs and sends (the "mail-service" lease); another one,
say a TUI opened while the daemon runs, watches the store instead and takes over if the
holder goes away. Bodies are fetched on demand by whichever process shows them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Protocol

from inbox_tui.core.config import Account, Config, EmailAccount, SmsAccount
from inbox_tui.services.email_account import AccountStatus, EmailAccountRunner
from inbox_tui.services.email_sync import FolderResult, Progress
from inbox_tui.services.outbox_sender import OutboxSender
from inbox_tui.services.quiet_watch import Announcement, QuietWatch
from inbox_tui.services.response_times import refresh_due
from inbox_tui.services.secrets import get_secret
from inbox_tui.services.shield import Shield
from inbox_tui.store import Store
from inbox_tui.store.leases import lease_owner

log = logging.getLogger(__name__)
LEASE = "mail-service"
LEASE_TTL = 60.0
RENEW_EVERY = 20.0


class Listener(Protocol):
    def status_changed(self, status: AccountStatus) -> None: ...
    def store_changed(self) -> None: ...
    def announced(self, a: Announcement) -> None: ...


class _Quiet:
    def status_changed(self, status: AccountStatus) -> None:
        pass

    def store_changed(self) -> None:
        pass

    def announced(self, a: Announcement) -> None:
        pass


class MailService:
    def __init__(
        self,
        store: Store,
        config: Config,
        listener: Listener | None = None,
        password: Callable[[Account], str] = get_secret,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.config = config
        self.listener = listener or _Quiet()
        self.shield = Shield(store, config, clock)
        self.watch = QuietWatch(self.shield, lambda a: self.listener.announced(a))
        self.owner = lease_owner()
        self.runners: dict[str, EmailAccountRunner] = {
            a.name: EmailAccountRunner(
                store,
                a,
                lambda a=a: password(a),
                # Looked up at call time, so a listener set later (the UI bridge) is used.
                on_status=lambda s: self.listener.status_changed(s),
                on_change=self._changed,
            )
            for a in config.accounts
            if isinstance(a, EmailAccount)
        }
        self.sms = None
        if any(isinstance(a, SmsAccount) for a in config.accounts):
            from inbox_tui.services.sms_service import SmsService

            self.sms = SmsService(store, config, password, on_change=self._changed)
        self.sender = OutboxSender(
            store,
            config,
            self.runners,
            password,
            on_change=self._changed,
            clock=clock,
            sms=self.sms,
            shield=self.shield,
        )
        self.loop: asyncio.AbstractEventLoop | None = None
        self.active = False  # holds the lease: syncing and sending here

    def _changed(self) -> None:
        """Something was stored: new incoming messages ring (or not) and may be
        acknowledged here, in the one process that syncs, so nothing rings twice."""
        try:
            self.watch.check()
            refresh_due(self.shield)
        except Exception:  # noqa: BLE001 — a notification problem must not stop a sync
            log.exception("checking new messages failed")
        self.listener.store_changed()

    # -- running ------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        self.loop = asyncio.get_running_loop()
        try:
            while not stop.is_set():
                if self.store.leases.acquire(LEASE, self.owner, LEASE_TTL):
                    self.active = True
                    await self._run_active(stop)
                    self.active = False
                else:
                    for runner in self.runners.values():
                        self.listener.status_changed(
                            AccountStatus(runner.account.name, "watching", "another process syncs")
                        )
                    await _sleep_or(stop, RENEW_EVERY)
        finally:
            self.store.leases.release(LEASE, self.owner)
            for runner in self.runners.values():
                await runner.close()

    async def _run_active(self, stop: asyncio.Event) -> None:
        lost = asyncio.Event()
        inner = asyncio.Event()

        async def keep_lease() -> None:
            while not stop.is_set():
                await _sleep_or(stop, RENEW_EVERY)
                if not self.store.leases.acquire(LEASE, self.owner, LEASE_TTL):
                    lost.set()
                    return

        async def relay() -> None:
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(lost.wait())]
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
            inner.set()

        if self.sms is not None:
            # The receiver runs where the sending runs: one process per store holds the port.
            await self.sms.start()
        tasks = [asyncio.ensure_future(keep_lease()), asyncio.ensure_future(relay())]
        tasks += [asyncio.ensure_future(r.run(inner)) for r in self.runners.values()]
        tasks.append(asyncio.ensure_future(self.sender.run(inner)))
        try:
            await asyncio.gather(*tasks[2:])
        finally:
            for t in tasks:
                t.cancel()
            if self.sms is not None:
                await self.sms.stop()

    async def sync_once(self, progress: Progress | None = None) -> dict[str, list[FolderResult]]:
        """Sync every account once, then send what is due (the `sync --once` command)."""
        results: dict[str, list[FolderResult]] = {}
        for name, runner in self.runners.items():
            results[name] = await runner.sync_once(progress)
        await self.sender.run_once()
        for runner in self.runners.values():
            await runner.close()
        return results

    # -- requests from other threads (the UI) ------------------------------------------

    def _submit(self, coro) -> concurrent.futures.Future:
        if self.loop is None:
            raise RuntimeError("the mail service is not running")
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def request_send(self) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.sender.wake.set)

    def request_sync(self) -> None:
        if self.loop is not None:
            for runner in self.runners.values():
                self.loop.call_soon_threadsafe(runner.wake.set)

    def request_body(self, account: str, message_id: int) -> concurrent.futures.Future:
        runner = self.runners.get(account)
        if runner is None:
            raise KeyError(account)
        return self._submit(runner.fetch_body(message_id))

    def request_raw(self, account: str, folder: str, uid: int) -> concurrent.futures.Future:
        return self._submit(self.runners[account].fetch_raw(folder, uid))


async def _sleep_or(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(asyncio.TimeoutError, TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
