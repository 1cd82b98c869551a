"""aioimaplib's response reader, as a loop instead of one recursive call per line.

aioimaplib 2.0.3 walks what arrives from the server with a function that calls itself
once per line. An answer of ~1,000 lines landing in one read — a QRESYNC SELECT after
1,000 new messages or flag changes, a FLAGS fetch of 1,000 messages — raised
RecursionError inside the protocol: the connection dropped, and since the next attempt
asked the same question, the account never synced again (measured against Dovecot: 100
messages synced, 3,000 delivered, every later sync failed). The loop below does the same
steps in the same order, with an offset instead of re-slicing the rest of the buffer at
every line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aioimaplib.aioimaplib import CRLF, Command, IncompleteRead, literal_data_re

if TYPE_CHECKING:
    from inbox_tui.channels.imap_session import ImapSession

LineHandler = Callable[[bytes, Command | None], Command | None]


def read_lines_in_a_loop(session: ImapSession) -> None:
    """Give the session's protocol the loop instead of the recursion (idempotent)."""
    protocol = session._client.protocol  # noqa: SLF001 — a fix inside the library's reader
    if getattr(protocol, "_inbox_linear", False):
        return

    def handle(data: bytes, line_handler: LineHandler, current_cmd: Command | None = None):
        pos = 0
        while True:
            if pos >= len(data):
                if protocol.pending_sync_command is not None:
                    protocol.pending_sync_command.flush()
                if current_cmd is not None and current_cmd.wait_data():
                    raise IncompleteRead(current_cmd)
                return
            if current_cmd is not None and current_cmd.wait_literal_data():
                data, pos = current_cmd.append_literal_data(data[pos:]), 0
                if current_cmd.wait_literal_data():
                    raise IncompleteRead(current_cmd)
            eol = data.find(CRLF, pos)
            if eol < 0:
                raise IncompleteRead(current_cmd, data[pos:])
            line, pos = data[pos:eol], eol + len(CRLF)
            cmd = line_handler(line, current_cmd)
            begin_literal = literal_data_re.match(line)
            if begin_literal:
                if cmd is None:
                    cmd = Command("NIL", "unused")
                cmd.begin_literal_data(int(begin_literal.group("size")))
                current_cmd = cmd
            elif cmd is not None and cmd.wait_data():
                current_cmd = cmd
            else:
                current_cmd = None

    protocol._handle_responses = handle
    protocol._inbox_linear = True
