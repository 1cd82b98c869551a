"""One authenticated IMAP connection (aioimaplib, implicit TLS), with every command bounded.

aioimaplib can hang a command past its own timeout after a parser failure, so each call
here is wrapped in `asyncio.wait_for` and a timeout poisons the session: the caller drops
it and reconnects rather than talk to a connection in an unknown state.
"""

from __future__ import annotations

import asyncio
import re
import socket
import ssl

import aioimaplib
from aioimaplib.aioimaplib import Command, FetchCommand

from inbox_tui.channels import trace
from inbox_tui.channels.imap_errors import ImapAuthError, ImapError, ImapTLSError
from inbox_tui.channels.imap_select import SelectInfo, parse_select
from inbox_tui.channels.imap_wire import (
    FetchedItem,
    encode_mailbox,
    parse_fetch,
    parse_list_line,
    quote,
)

__all__ = [
    "HEADER_FIELDS",
    "ImapAuthError",
    "ImapError",
    "ImapSession",
    "ImapTLSError",
    "SelectInfo",
    "make_ssl_context",
]

HEADER_FIELDS = (
    "FROM TO CC SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES AUTO-SUBMITTED PRECEDENCE "
    "LIST-ID CONTENT-TYPE DISPOSITION-NOTIFICATION-TO RETURN-PATH"
)


class _LinearFetch(FetchCommand):
    """FetchCommand whose "is this item complete?" check is O(1) per line, not a rescan."""

    def __init__(self, *args, **kwargs) -> None:
        self._depth = 0
        super().__init__(*args, **kwargs)

    def append_to_resp(self, line: bytes, result: str = "Pending") -> None:
        super().append_to_resp(line, result)
        if type(line) is bytes:  # literals arrive as bytearray and do not count
            if self.FETCH_MESSAGE_DATA_RE.match(line):
                self._depth = 0
            self._depth += line.count(b"(") - line.count(b")")

    def wait_data(self) -> bool:
        return self._depth > 0


def make_ssl_context(cafile: str | None = None, insecure: bool = False) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=cafile)
    if insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class ImapSession:
    def __init__(self, client: aioimaplib.IMAP4_SSL, timeout: float) -> None:
        self._client = client
        self.timeout = timeout
        self.selected: str | None = None
        self.broken = False
        self.qresync = False
        self._lost = asyncio.Event()
        client.protocol.conn_lost_cb = lambda exc: self._lost.set()

    @classmethod
    async def open(
        cls,
        host: str,
        port: int,
        user: str,
        password: str,
        ssl_context: ssl.SSLContext,
        timeout: float = 20.0,
    ) -> ImapSession:
        try:
            trace.log.debug("IMAP connect %s:%s (TLS)", host, port)
            client = aioimaplib.IMAP4_SSL(host, port, timeout=timeout, ssl_context=ssl_context)
            await client.wait_hello_from_server()
            trace.install_imap(client.protocol)
        except ssl.SSLCertVerificationError as exc:
            reason = exc.verify_message
            raise ImapTLSError(f"{host}:{port}: certificate not trusted ({reason})") from None
        except ssl.SSLError as exc:
            raise ImapTLSError(f"{host}:{port}: TLS failed ({exc.reason})") from None
        except socket.gaierror as exc:
            raise ImapError(f"{host}: name lookup failed ({exc.strerror})") from None
        except ConnectionRefusedError:
            raise ImapError(f"{host}:{port}: connection refused") from None
        except (OSError, TimeoutError, asyncio.TimeoutError) as exc:
            raise ImapError(f"{host}:{port}: cannot connect ({exc or 'timeout'})") from None
        session = cls(client, timeout)
        try:
            response = await session._bounded(client.login(user, password))
        except ImapError:
            await session.close()
            raise
        if response.result != "OK":
            await session.close()
            text = _text(response.lines[-1:]) or "login refused"
            raise ImapAuthError(f"login as {user} refused by {host}: {text}")
        return session

    @property
    def capabilities(self) -> set[str]:
        return set(self._client.protocol.capabilities)

    def has(self, capability: str) -> bool:
        return capability.upper() in {c.upper() for c in self.capabilities}

    async def _bounded(self, coro, timeout: float | None = None):
        """Await an aioimaplib call, but give up on timeout or as soon as the connection
        drops: aioimaplib leaves pending commands waiting when the socket closes."""
        task = asyncio.ensure_future(coro)
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            done, _ = await asyncio.wait(
                {task, lost}, timeout=timeout or self.timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            lost.cancel()
        if task not in done:
            task.cancel()
            self.broken = True
            why = "the connection was lost" if lost in done else "the server did not answer"
            raise ImapError(f"IMAP command failed: {why}")
        try:
            return task.result()
        except (asyncio.TimeoutError, TimeoutError, aioimaplib.CommandTimeout) as exc:
            self.broken = True
            raise ImapError(f"IMAP command timed out ({exc.__class__.__name__})") from None
        except (aioimaplib.Abort, aioimaplib.Error, OSError, RecursionError) as exc:
            self.broken = True
            raise ImapError(f"IMAP connection failed: {exc}") from None

    async def _run(
        self, name: str, *args: str, untagged: str | None = None, timeout=None, prefix=None
    ):
        proto = self._client.protocol
        tag = proto.new_tag()
        command = Command(
            name, tag, *args, prefix=prefix, untagged_resp_name=untagged, loop=proto.loop
        )
        response = await self._bounded(proto.execute(command), timeout)
        if response.result != "OK":
            raise ImapError(f"{name} failed: {_text(response.lines[-1:])}")
        return response

    async def enable(self, capability: str) -> bool:
        if not self.has("ENABLE"):
            return False
        response = await self._bounded(self._client.enable(capability))
        return response.result == "OK"

    async def list_folders(self) -> list[tuple[set[str], str]]:
        args = ['""', '"*"'] + (["RETURN", "(SPECIAL-USE)"] if self.has("SPECIAL-USE") else [])
        response = await self._run("LIST", *args)
        return [p for p in (parse_list_line(bytes(line)) for line in response.lines[:-1]) if p]

    async def select(
        self, folder: str, qresync: tuple[int, int] | None = None, readonly: bool = False
    ) -> SelectInfo:
        args = [encode_mailbox(folder)]
        if qresync and qresync[0] and qresync[1]:
            args.append(f"(QRESYNC ({qresync[0]} {qresync[1]}))")
        elif self.has("CONDSTORE"):
            args.append("(CONDSTORE)")
        response = await self._run("EXAMINE" if readonly else "SELECT", *args)
        self._client.protocol.state = aioimaplib.aioimaplib.SELECTED
        self.selected = folder
        return parse_select(response.lines)

    async def uid_search(self, *criteria: str) -> list[int]:
        # UID SEARCH: plain SEARCH answers with sequence numbers, which shift on expunge.
        response = await self._run("SEARCH", *criteria, untagged="SEARCH", prefix="UID")
        # With ESEARCH-less servers the reply is "SEARCH 1 2 3"; aioimaplib drops the name.
        uids: list[int] = []
        for line in response.lines[:-1]:
            uids += [int(t) for t in bytes(line).split() if t.isdigit()]
        return uids

    async def uid_fetch(self, uid_set: str, parts: str, timeout: float | None = None):
        proto = self._client.protocol
        command = _LinearFetch(proto.new_tag(), uid_set, parts, prefix="UID", loop=proto.loop)
        response = await self._bounded(proto.execute(command), timeout)
        if response.result != "OK":
            raise ImapError(f"UID FETCH failed: {_text(response.lines[-1:])}")
        return parse_fetch(response.lines[:-1])

    async def fetch_headers(self, uid_set: str) -> list[FetchedItem]:
        return await self.uid_fetch(uid_set, self.header_parts())

    def header_parts(self) -> str:
        parts = f"(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})]"
        return parts + (" MODSEQ)" if self.has("CONDSTORE") else ")")

    def stream_headers(self, uid_sets: list[str]):
        """Header batches, pipelined (see imap_stream); an async iterator of item lists."""
        from inbox_tui.channels.imap_stream import fetch_stream

        return fetch_stream(self, uid_sets, self.header_parts(), self.timeout)

    async def fetch_flags(self, uid_set: str, changed_since: int = 0) -> list[FetchedItem]:
        if changed_since and self.has("CONDSTORE"):
            return await self.uid_fetch(uid_set, f"(UID FLAGS) (CHANGEDSINCE {changed_since})")
        return await self.uid_fetch(uid_set, "(UID FLAGS)")

    async def fetch_message(self, uid: int) -> bytes | None:
        items = await self.uid_fetch(str(uid), "(UID BODY.PEEK[])", timeout=self.timeout * 3)
        for item in items:
            if item.uid == uid:
                return item.body("BODY[]")
        return None

    async def store_flags(self, uid_set: str, op: str, flags: str) -> None:
        await self._run(
            "STORE", uid_set, f"{op}FLAGS.SILENT", f"({flags})", untagged="FETCH", prefix="UID"
        )

    async def append(self, folder: str, raw: bytes, flags: str = "\\Seen") -> int | None:
        """APPEND; returns the new UID when the server says (UIDPLUS)."""
        response = await self._bounded(
            self._client.append(raw, mailbox=encode_mailbox(folder), flags=f"({flags})")
        )
        if response.result != "OK":
            raise ImapError(f"APPEND to {folder} failed: {_text(response.lines[-1:])}")
        m = re.search(rb"\[APPENDUID \d+ (\d+)\]", b" ".join(bytes(x) for x in response.lines))
        return int(m.group(1)) if m else None

    async def find_message_id(self, message_id: str) -> list[int]:
        return await self.uid_search("HEADER", "Message-ID", quote(message_id))

    async def idle(self, seconds: float, wake: asyncio.Event | None = None) -> list[bytes]:
        """IDLE up to `seconds` (< 29 min) or until `wake` is set; returns what the server
        pushed ([] if nothing)."""
        client = self._client
        task = await self._bounded(client.idle_start(timeout=seconds))
        pushed: list[bytes] = []
        push = asyncio.ensure_future(client.wait_server_push(timeout=seconds + 5))
        waiters: set[asyncio.Future] = {push}
        if wake is not None:
            waiters.add(asyncio.ensure_future(wake.wait()))
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            if push.done() and not push.cancelled() and push.exception() is None:
                batch = push.result()
                if batch != aioimaplib.STOP_WAIT_SERVER_PUSH:
                    pushed = [bytes(x) for x in batch]
                    trace.imap_received(pushed)
        finally:
            for waiter in waiters:
                waiter.cancel()
            if client.has_pending_idle():
                trace.imap_sent("DONE")
                client.idle_done()
            await self._bounded(task)
        return pushed

    async def close(self) -> None:
        try:
            if not self.broken:
                await asyncio.wait_for(self._client.logout(), 3)
        except Exception:  # noqa: BLE001 — closing a dead connection must never raise
            pass
        transport = getattr(self._client.protocol, "transport", None)
        if transport is not None:
            transport.close()


def _text(lines) -> str:
    return b" ".join(bytes(x) for x in lines).decode("utf-8", "replace")[:300]
