"""The SMS centre behind the test Kannel's `fake` SMSC, played from Python.

FakeSmsc is the client side of Kannel's `smsc = fake` connection: bearerbox listens on the
SMSC's port and accepts one client at a time, which is normally /usr/lib/kannel/test/fakesmsc.
One line per message, both ways, `<from> <to> <type> <payload>`. Kannel 1.4.5 writes MT as
`text <raw bytes>` (7-bit coding: UTF-8, unescaped), `data <urlencoded>` (8-bit),
`ucs-2 <urlencoded UTF-16BE>`, or `udh <urlencoded UDH> data <urlencoded part>` for each part
of a concatenated message. It reads MO as `text <raw>`, `data`/`ucs2`/`utf8 <urlencoded>`
or `udh <urlencoded UDH> <urlencoded data>`. It reports every MT as delivered (8, then 1).
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

_T = TypeVar("_T")
_MT_LINE = re.compile(rb"^(\S+) (\S+) (text|data|ucs-2|udh) (.*)$", re.DOTALL)


@dataclass
class MtMessage:
    """One message Kannel handed to the SMSC; concatenated parts are joined into one."""

    sender: str
    receiver: str
    kind: str  # "text" (7-bit), "data" (8-bit), "ucs-2", or "udh" for a joined long message
    payload: bytes  # url-decoded message bytes (all parts, in order, for "udh")
    udh: list[bytes] = field(default_factory=list)  # one UDH per part
    lines: list[bytes] = field(default_factory=list)  # the raw lines, as read

    @property
    def parts(self) -> int:
        return max(1, len(self.udh))

    @property
    def text(self) -> str:
        if self.kind == "ucs-2":
            return self.payload.decode("utf-16-be")
        if self.kind == "data":
            return self.payload.decode("latin-1")
        if self.kind == "udh":
            # The line does not say the coding: Kannel keeps 7-bit text as UTF-8, UCS-2 as
            # UTF-16BE, and only the latter has NUL bytes for Latin text or fails as UTF-8.
            try:
                if b"\x00" not in self.payload:
                    return self.payload.decode("utf-8")
            except UnicodeDecodeError:
                pass
            return self.payload.decode("utf-16-be")
        return self.payload.decode("utf-8")


def _concat_ref(udh: bytes) -> tuple[int, int, int] | None:
    """(reference, total, sequence) from a UDH's concatenation element (IEI 0x00 or 0x08)."""
    pos, end = 1, min(len(udh), udh[0] + 1) if udh else 0
    while pos + 1 < end:
        iei, length = udh[pos], udh[pos + 1]
        body = udh[pos + 2 : pos + 2 + length]
        if iei == 0x00 and length == 3:
            return body[0], body[1], body[2]
        if iei == 0x08 and length == 4:
            return body[0] << 8 | body[1], body[2], body[3]
        pos += 2 + length
    return None


def _url_decode(data: bytes) -> bytes:
    """Kannel's url-encoding writes a space as "+" (and "+" itself as %2B)."""
    return urllib.parse.unquote_to_bytes(data.replace(b"+", b" "))


def wait_for(check: Callable[[], _T], timeout: float, what: str) -> _T:
    """Poll ``check`` every 10 ms until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {what} within {timeout} s")
        time.sleep(0.01)


class FakeSmsc:
    """Connects to bearerbox's fake-SMSC port, and reconnects whenever Kannel comes back."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.host, self.port = host, port
        self.received_mt: list[MtMessage] = []
        self.raw_lines: list[bytes] = []
        self._parts: dict[tuple[str, str, int, int], dict[int, tuple[bytes, bytes, bytes]]] = {}
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._running = False
        self._thread: threading.Thread | None = None

    @property
    def connected(self) -> bool:
        return self._sock is not None

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._thread = threading.Thread(target=self._run, name="fakesmsc", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        self._drop()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def wait_connected(self, timeout: float = 10.0) -> None:
        wait_for(lambda: self.connected, timeout, f"connection to the fake SMSC port {self.port}")

    def wait_mt(self, count: int = 1, timeout: float = 10.0) -> list[MtMessage]:
        """The first ``count`` whole MT messages, once that many have arrived."""
        return wait_for(
            lambda: self.received_mt[:count] if len(self.received_mt) >= count else None,
            timeout,
            f"{count} MT message(s) at the fake SMSC",
        )

    def send_mo(self, sender: str, receiver: str, text: str, timeout: float = 10.0) -> None:
        """Inject an SMS from a handset: plain ASCII as `text`, anything else as UCS-2
        (UTF-16BE, surrogate pairs for emoji, as phones send them)."""
        if any(c.isspace() for c in sender + receiver) or not sender or not receiver:
            raise ValueError("numbers must be non-empty and without spaces")
        if text and all(32 <= ord(c) < 127 for c in text):
            line = f"{sender} {receiver} text {text}\n".encode("ascii")
        else:
            data = urllib.parse.quote_from_bytes(text.encode("utf-16-be"), safe="")
            line = f"{sender} {receiver} ucs2 {data}\n".encode("ascii")
        self.send_line(line, timeout)

    def send_line(self, line: bytes, timeout: float = 10.0) -> None:
        """Write one raw protocol line (for message types send_mo does not build)."""
        self.wait_connected(timeout)
        with self._lock:
            sock = self._sock
            if sock is None:
                raise ConnectionError("fake SMSC connection dropped")
            sock.sendall(line if line.endswith(b"\n") else line + b"\n")

    # --- connection thread ----------------------------------------------------------------
    def _run(self) -> None:
        while self._running:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1)
            except OSError:
                time.sleep(0.01)  # Kannel not (yet, or again) listening
                continue
            sock.settimeout(None)
            with self._lock:
                self._sock = sock
            self._read(sock)
            self._drop()

    def _read(self, sock: socket.socket) -> None:
        buffer = b""
        while self._running:
            try:
                chunk = sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                self._line(line)

    def _drop(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _line(self, line: bytes) -> None:
        self.raw_lines.append(line)
        match = _MT_LINE.match(line)
        if match is None:
            # A newline inside a 7-bit text ends Kannel's line early: the rest comes next.
            last = self.received_mt[-1] if self.received_mt else None
            if last is not None and last.kind == "text":
                last.payload += b"\n" + line
                last.lines.append(line)
            return
        sender, receiver = match.group(1).decode(), match.group(2).decode()
        kind, rest = match.group(3).decode(), match.group(4)
        if kind == "text":
            self.received_mt.append(MtMessage(sender, receiver, kind, rest, lines=[line]))
        elif kind in ("data", "ucs-2"):
            payload = _url_decode(rest)
            self.received_mt.append(MtMessage(sender, receiver, kind, payload, lines=[line]))
        else:
            udh_enc, _, data_enc = rest.partition(b" data ")
            self._part(sender, receiver, line, _url_decode(udh_enc), _url_decode(data_enc))

    def _part(self, sender: str, receiver: str, line: bytes, udh: bytes, payload: bytes) -> None:
        ref = _concat_ref(udh)
        if ref is None:  # a UDH without concatenation (a port, say): a message of its own
            msg = MtMessage(sender, receiver, "udh", payload, [udh], [line])
            self.received_mt.append(msg)
            return
        number, total, seq = ref
        parts = self._parts.setdefault((sender, receiver, number, total), {})
        parts[seq] = (udh, payload, line)
        if len(parts) < total:
            return
        del self._parts[(sender, receiver, number, total)]
        ordered = [parts[i] for i in sorted(parts)]
        joined = b"".join(p for _, p, _ in ordered)
        udhs, lines = [u for u, _, _ in ordered], [raw for _, _, raw in ordered]
        self.received_mt.append(MtMessage(sender, receiver, "udh", joined, udhs, lines))
