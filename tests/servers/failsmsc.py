"""The far end of the test Kannel's `fail` SMSC (`smsc = http`, `system-type = kannel`), played
from Python, for the failure reports Kannel's fake SMSC never sends: numbers starting with
REJECT_PREFIX are refused at submit (Kannel reports 16), the others accepted (8) and then
reported undeliverable (2).
"""

from __future__ import annotations

import re
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from servers import free_port

REJECT_PREFIX = "+9991"  # refused at submit: delivery report 16


class _FailingHandler(BaseHTTPRequestHandler):
    server: _FailingHttpServer

    def do_GET(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        params = {k: v[0] for k, v in query.items()}
        self.server.owner.requests.append(params)
        if params.get("to", "").startswith(REJECT_PREFIX):
            status, body = 400, b"Rejected: unknown subscriber"
        else:
            status, body = 202, b"Sent."
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        if status == 202:
            self.server.owner.report_undelivered(params)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _FailingHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: FailingSmsc


class FailingSmsc:
    """An HTTP SMS centre (Kannel's own HTTP protocol) where nothing gets delivered.

    Kannel calls ``send_url`` with username, password, from, to, text, dlr-mask and a dlr-url
    ending in `dlr-mid=<uuid>`. Refused submissions (REJECT_PREFIX) become report 16; the
    rest are accepted, then reported failed (2) on Kannel's receive port (``kannel_port``).
    """

    def __init__(self, username: str, password: str) -> None:
        self.username, self.password = username, password
        self.port = free_port()
        self.kannel_port = free_port()  # where bearerbox's http SMSC takes MO and reports
        self.requests: list[dict[str, str]] = []
        self.reports: list[tuple[str, str]] = []  # (url, Kannel's answer)
        self._server: _FailingHttpServer | None = None

    @property
    def send_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/send"

    def start(self) -> None:
        if self._server is not None:
            return
        self._server = _FailingHttpServer(("127.0.0.1", self.port), _FailingHandler)
        self._server.owner = self
        # A short poll interval: shutdown() waits for it (0.5 s by default).
        poll = {"poll_interval": 0.02}
        threading.Thread(target=self._server.serve_forever, kwargs=poll, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def report_undelivered(self, params: dict[str, str]) -> None:
        mid = re.search(r"dlr-mid=([0-9a-fA-F-]{36})", params.get("dlr-url", ""))
        # Kannel only files a message for reports when the mask asks for 1, 2 or 4.
        if mid is None or not int(params.get("dlr-mask") or 0) & 0x07:
            return
        query = urllib.parse.urlencode(
            {"username": self.username, "password": self.password, "dlr-mask": "2"}
            | {"dlr-mid": mid.group(1), "to": params.get("to", ""), "from": params.get("from", "")}
            | {"text": "id:0 sub:001 dlvrd:000 stat:UNDELIV err:001"}
        )
        url = f"http://127.0.0.1:{self.kannel_port}/?{query}"
        threading.Thread(target=self._report, args=(url,), daemon=True).start()

    def _report(self, url: str) -> None:
        # Kannel files the message under its id only once it has read our "Sent." answer:
        # until then it says "Unknown DLR", so ask again for a little while.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as reply:
                    answer = reply.read().decode(errors="replace")
            except OSError as err:
                answer = f"error: {err}"
            if answer == "Sent.":
                break
            time.sleep(0.02)
        self.reports.append((url, answer))
