"""The outbox sender: one process at a time (a lease in the store) hands queued mail to
SMTP, files a copy in Sent, and only then calls it sent.

Crash safety, step by step: `sending` is committed before SMTP, `accepted` right after
the server's 250, `sent` after the copy is filed. An item found in `sending` after a
crash waits out a short grace, then is looked for (outbox_reconcile: a report about it,
its copy in Sent, its Message-ID named in the INBOX) and only sent again when no trace
of it is found; an `accepted` one only needs its copy. The window no client can close
is a crash between the server's acceptance and our commit of it, when the server leaves
no trace we can see: then the message goes out twice rather than not at all.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable

from inbox_tui.channels import trace
from inbox_tui.channels.imap_session import ImapError, make_ssl_context
from inbox_tui.channels.smtp import SmtpConfigError, SmtpError, SmtpRejected, send_message
from inbox_tui.core.config import Config, EmailAccount
from inbox_tui.core.models import Channel
from inbox_tui.core.redact import size
from inbox_tui.services.email_account import EmailAccountRunner, backoff
from inbox_tui.services.outbox_reconcile import (
    INTERRUPTED_GRACE,
    found_on_server,
    report_wait,
    reported_after_attempt,
)
from inbox_tui.store import Store
from inbox_tui.store.leases import lease_owner
from inbox_tui.store.outbox_item import OutboxItem

LEASE = "sender"
LEASE_TTL = 90.0
CONFIG_RETRY = 1800  # seconds before retrying after a credentials/certificate problem
MDN = "mdn"  # the outbox kind of a read receipt
POLL_SECONDS = 5.0  # a TUI queueing while the daemon sends: picked up within this


def fault_point(name: str) -> None:
    """Fault injection for the crash tests: INBOX_TUI_FAULT=name kills this process here."""
    if os.environ.get("INBOX_TUI_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


class OutboxSender:
    def __init__(
        self,
        store: Store,
        config: Config,
        runners: dict[str, EmailAccountRunner],
        password: Callable[[EmailAccount], str],
        on_change: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.time,
        sms=None,
        shield=None,
    ) -> None:
        self.store = store
        # A Shield (services/shield.py): held items never leave in quiet time.
        self.shield = shield
        self.sms = sms  # an SmsService when SMS accounts are configured
        self.config = config
        self.runners = runners
        self._password = password
        self._on_change = on_change
        self.clock = clock
        self.owner = lease_owner()
        self.wake = asyncio.Event()
        self.listening_since: float | None = None  # run(): the SMS receiver is up too

    async def run_once(self) -> int:
        """Work through everything due now; returns how many items changed state."""
        now = int(self.clock())
        if not self.store.leases.acquire(LEASE, self.owner, LEASE_TTL, now=self.clock()):
            return 0  # another process (the daemon or another TUI) is sending
        done = 0
        for item in self.store.outbox.due(now):
            self.store.leases.acquire(LEASE, self.owner, LEASE_TTL, now=self.clock())
            if item.state == "held" and self.shield is not None:
                until = self.shield.hold_until()
                if until is not None and until > now:
                    # Due, but it is night now (the app did not run at 08:30, or the
                    # clock jumped on resume): held again, never sent in a burst at night.
                    self.store.outbox.hold(item.id, until, scheduled=False)
                    self._on_change()
                    continue
            if item.kind == Channel.SMS.value:
                await self._process_sms(item)
            else:
                await self._process(item)
            if trace.enabled():
                after = self.store.outbox.get(item.id)
                trace.log.debug(
                    "outbox item %s (%s, %s, %s): %s -> %s %s", item.id, item.kind,
                    item.account, size(len(item.payload)), item.state,
                    after.state if after else "gone", (after.last_error or "") if after else "",
                )  # fmt: skip
            done += 1
            self._on_change()
        return done

    async def run(self, stop: asyncio.Event) -> None:
        # The mail service starts the webhook receiver before this loop: reports for
        # texts interrupted by a crash can come in from now on.
        self.listening_since = self.clock()
        while not stop.is_set():
            await self.run_once()
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self.wake.wait())]
            await asyncio.wait(waiters, timeout=POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
            self.wake.clear()
        self.store.leases.release(LEASE, self.owner)

    async def _process(self, item: OutboxItem) -> None:
        account = self.config.account(item.account)
        runner = self.runners.get(item.account)
        if not isinstance(account, EmailAccount) or runner is None:
            self.store.outbox.fail(item.id, f"account {item.account!r} is not configured")
            return
        outbox = self.store.outbox
        if item.state == "accepted":
            await self._file_copy(item, runner)
            return
        if item.state == "sending" and item.kind != MDN:
            try:
                left = await self._already_sent(item, runner)
            except ImapError as exc:
                # Unknown whether it left: sending again could duplicate it. Ask later.
                outbox.defer(item.id, f"checking Sent: {exc}", self._later(item))
                return
            if left:
                outbox.mark_accepted(item.id, left)
                await self._file_copy(self.store.outbox.get(item.id) or item, runner)
                return
        outbox.mark_sending(item.id, recheck_at=int(self.clock()) + INTERRUPTED_GRACE)
        try:
            password = await asyncio.to_thread(self._password, account)
            result = await send_message(
                account.smtp,
                account.username,
                password,
                runner_ssl(runner),
                _envelope_from(item, account),
                list(item.recipients),
                item.payload,
                request_dsn=_wants_dsn(item, self.config),
                envid=item.header_message_id,
            )
        except SmtpRejected as exc:
            outbox.fail(item.id, str(exc), source="smtp")
            return
        except SmtpConfigError as exc:
            outbox.retry_later(item.id, str(exc), int(self.clock()) + CONFIG_RETRY)
            return
        except (SmtpError, Exception) as exc:  # noqa: BLE001 — secrets/transport: retry later
            outbox.retry_later(item.id, str(exc) or exc.__class__.__name__, self._later(item))
            return
        fault_point("before-record")  # the server has it, the store does not know yet
        outbox.mark_accepted(item.id, result.response, int(self.clock()))
        fault_point("after-smtp")
        await self._file_copy(self.store.outbox.get(item.id) or item, runner)

    async def _process_sms(self, item: OutboxItem) -> None:
        """A text: handed to the gateway, then `sent`; delivery reports move it on.

        A gateway keeps no searchable copy like a Sent folder: a text interrupted
        mid-hand-over is sent again (at least once) unless a delivery report for it (our
        id rides in its callback URL) came in during the grace.
        """
        from inbox_tui.channels.sms.base import SmsConfigError, SmsRejected

        outbox = self.store.outbox
        if self.sms is None or item.account not in self.sms.accounts:
            outbox.fail(item.id, f"SMS account {item.account!r} is not configured")
            return
        gateway = self.sms.accounts[item.account].gateway
        if item.state == "sending":
            if reported_after_attempt(self.store, item):
                note = "delivery report after an interrupted send"
                outbox.mark_accepted(item.id, note, int(self.clock()), source="outbox")
                outbox.mark_sent(item.id, int(self.clock()))
                return
            since = self.listening_since
            listened = None if since is None or self.sms is None else self.clock() - since
            wait = report_wait(self.store, item, listened, time.time())
            if wait > 0:
                note = "interrupted mid-send: waiting for the gateway's report"
                outbox.defer(item.id, note, int(self.clock() + wait) + 1)
                return
        outbox.mark_sending(item.id, recheck_at=int(self.clock()) + INTERRUPTED_GRACE)
        try:
            gateway_id = await self.sms.send(item)
        except SmsRejected as exc:
            outbox.fail(item.id, str(exc), source=gateway)
            return
        except SmsConfigError as exc:
            outbox.retry_later(item.id, str(exc), int(self.clock()) + CONFIG_RETRY)
            return
        except Exception as exc:  # noqa: BLE001 — transport trouble: retry with backoff
            outbox.retry_later(item.id, str(exc) or exc.__class__.__name__, self._later(item))
            return
        fault_point("before-record")
        response = f"gateway id {gateway_id or '?'}"
        outbox.mark_accepted(item.id, response, int(self.clock()), source=gateway)
        outbox.mark_sent(item.id, int(self.clock()))

    async def _already_sent(self, item: OutboxItem, runner: EmailAccountRunner) -> str | None:
        """An interrupted send: did it leave? Returns the trace that says so, or None."""
        if reported_after_attempt(self.store, item):
            return "a delivery report came after an interrupted send"
        if not item.header_message_id:
            return None
        session = await runner.connect()
        try:
            return await found_on_server(session, await _folders(runner, session), item)
        finally:
            await session.close()

    async def _file_copy(self, item: OutboxItem, runner: EmailAccountRunner) -> None:
        if item.kind == MDN:  # a receipt is no correspondence: no copy in Sent
            self.store.outbox.mark_sent(item.id, int(self.clock()))
            return
        try:
            session = await runner.connect()
            try:
                folders = await _folders(runner, session)
                sent = next((f for f, role in folders if role == "sent"), None)
                if sent is not None:
                    await session.select(sent)
                    present = item.header_message_id and await session.find_message_id(
                        item.header_message_id
                    )
                    if not present:  # some servers file a copy themselves
                        await session.append(sent, item.payload, "\\Seen")
            finally:
                await session.close()
        except ImapError as exc:
            # It left: only the copy is missing. Keep it `accepted` and try again later.
            error = f"sent, but filing the copy in Sent failed: {exc}"
            self.store.outbox.defer(item.id, error, self._later(item))
            return
        self.store.outbox.mark_sent(item.id, int(self.clock()))

    def _later(self, item: OutboxItem) -> int:
        return int(self.clock() + backoff(item.attempts + 1))


async def _folders(runner: EmailAccountRunner, session) -> list[tuple[str, str]]:
    """The account's folders and roles. While the runner syncs INBOX alone (after IDLE)
    its list holds INBOX only: without Sent in it, ask the server, or a copy would
    silently go unfiled."""
    if any(role == "sent" for _, role in runner.folders):
        return runner.folders
    return await runner.discover(session)


def _envelope_from(item: OutboxItem, account: EmailAccount) -> str:
    # RFC 8098 §2.1: a receipt goes out with a null reverse-path, so nothing bounces back
    # to it and no loop of automatic replies can start.
    if item.kind == MDN:
        return ""
    return item.envelope_from or account.address


def _wants_dsn(item: OutboxItem, config: Config) -> bool:
    if item.kind == MDN:
        return False
    return config.receipts.request_delivery if item.dsn is None else item.dsn


def runner_ssl(runner: EmailAccountRunner):
    return make_ssl_context(runner.account.cafile, runner.account.tls_insecure)
