"""Pipelined UID FETCH for the first sync, read straight off the connection.

aioimaplib handles one FETCH at a time and walks each response line by line through a
recursive handler (RecursionError on big batches, per-line regex work): for 20,000 header
fetches the client, not the server, was the bottleneck. Here several batches are in
flight at once (the server works on the next while we store this one), and responses
are split with one linear scan that skips literals by their announced length. While a
stream runs it owns the connection; aioimaplib gets it back afterwards.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from inbox_tui.channels import trace
from inbox_tui.channels.imap_errors import ImapError
from inbox_tui.channels.imap_wire import FetchedItem, parse_fetch

if TYPE_CHECKING:
    from inbox_tui.channels.imap_session import ImapSession

_LITERAL = re.compile(rb"\{(\d+)\}$")
WINDOW = 4


class StreamError(ImapError):
    pass


class _Reader:
    """Collects the responses of the commands in flight, in order, from raw bytes."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.buf = bytearray()
        self.pos = 0  # scanning position in buf
        self.items: list[bytes | bytearray] = []  # the current response, aioimaplib-style
        self.pending: list[tuple[bytes, asyncio.Future]] = []

    def expect(self, tag: bytes) -> asyncio.Future:
        future = self.loop.create_future()
        self.pending.append((tag, future))
        return future

    def feed(self, data: bytes) -> None:
        self.buf += data
        buf = self.buf
        while self.pending:
            eol = buf.find(b"\r\n", self.pos)
            if eol < 0:
                break
            line = bytes(buf[self.pos : eol])
            m = _LITERAL.search(line)
            if m is not None:
                size = int(m.group(1))
                end = eol + 2 + size
                if len(buf) < end:
                    break  # wait for the rest of the literal
                self.items.append(line[2:] if line.startswith(b"* ") else line)
                self.items.append(bytearray(buf[eol + 2 : end]))
                self.pos = end
                continue
            self.pos = eol + 2
            tag, future = self.pending[0]
            if line.startswith(tag + b" "):
                self.pending.pop(0)
                status = line[len(tag) + 1 :]
                if not future.done():
                    future.set_result((status, self.items))
                self.items = []
            else:
                self.items.append(line[2:] if line.startswith(b"* ") else line)
        # Drop what has been consumed so the buffer stays one response long at most.
        if self.pos:
            del buf[: self.pos]
            self.pos = 0

    def fail(self, exc: Exception) -> None:
        for _, future in self.pending:
            if not future.done():
                future.set_exception(exc)
        self.pending.clear()


async def fetch_stream(
    session: ImapSession, uid_sets: list[str], parts: str, timeout: float
) -> AsyncIterator[list[FetchedItem]]:
    """Yield the parsed items of each UID set in order, with up to WINDOW in flight."""
    proto = session._client.protocol  # noqa: SLF001 — we borrow the transport for a while
    transport = proto.transport
    reader = _Reader(asyncio.get_running_loop())
    original = proto.data_received
    lost = proto.conn_lost_cb
    proto.data_received = reader.feed

    def on_lost(exc: Exception | None) -> None:
        reader.fail(StreamError("the connection was lost"))
        if lost is not None:
            lost(exc)

    proto.conn_lost_cb = on_lost
    futures: list[asyncio.Future] = []
    sent = 0
    try:
        for index in range(len(uid_sets)):
            while sent < len(uid_sets) and sent < index + WINDOW:
                tag = proto.new_tag()
                futures.append(reader.expect(tag.encode()))
                transport.write(f"{tag} UID FETCH {uid_sets[sent]} {parts}\r\n".encode())
                trace.imap_sent(f"{tag} UID FETCH {uid_sets[sent]} {parts}")
                sent += 1
            status, items = await asyncio.wait_for(futures[index], timeout)
            trace.imap_received(items, status.decode("utf-8", "replace"))
            if not status.startswith(b"OK"):
                raise StreamError(f"UID FETCH failed: {status.decode('utf-8', 'replace')}")
            yield parse_fetch(items)
    except (TimeoutError, asyncio.TimeoutError):
        session.broken = True
        raise StreamError("the server did not answer") from None
    except StreamError:
        session.broken = True
        raise
    finally:
        proto.data_received = original
        proto.conn_lost_cb = lost
        for future in futures:
            # Answers nobody will read: retrieve their failure, so none is reported as
            # "never retrieved" later (from wherever the garbage collector happens to run).
            if future.done() and not future.cancelled():
                future.exception()
            else:
                future.cancel()
        if reader.pending:
            # Abandoned mid-stream: the connection holds answers nobody will read.
            session.broken = True
        elif reader.buf:
            original(bytes(reader.buf))
