"""A private Kannel 1.4.5 SMS gateway per test: bearerbox + smsbox on 127.0.0.1 high ports.

The system Kannel service and /etc/kannel are never used: the config is written into the
instance's own directory. Two SMS centres hang off it, both played from Python:

- ``fake`` (FakeSmsc): every number not starting with FAIL_PREFIX; records MT messages,
  injects MO, and Kannel reports each MT delivered (report 8 "SMSC accepted", then 1; smsbox
  fetches the two dlr-urls concurrently, so a few in a hundred arrive 1 before 8).
- ``fail`` (FailingSmsc, an HTTP SMSC): numbers starting with FAIL_PREFIX (+999). Those
  starting with REJECT_PREFIX (+9991) are refused (report 16), the others accepted and then
  reported undeliverable (8, then 2).

MO messages go to ``mo_url`` (our app's receiver) as a GET with MO_QUERY appended.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import urllib.request
from pathlib import Path

from servers import ServerProcess, free_port, scratch_root
from servers.failsmsc import REJECT_PREFIX, FailingSmsc
from servers.fakesmsc import FakeSmsc, MtMessage

APT_HINT = "apt-get install -y --no-install-recommends kannel kannel-extras"
BEARERBOX, SMSBOX = "/usr/sbin/bearerbox", "/usr/sbin/smsbox"
FAIL_PREFIX = "+999"
__all__ = ["FAIL_PREFIX", "MO_QUERY", "REJECT_PREFIX", "KannelServer", "MtMessage"]

# The query our receiver gets for an MO: from = the handset, to = our number, text = the exact
# text (%b: its bytes, UTF-8 thanks to mo-recode; %a would squeeze spaces and newlines), coding
# and charset ("0", "UTF-8" after mo-recode), smsc = the SMSC id, id = Kannel's message UUID
# (the same on smsbox's retries), ts = unix time.
MO_QUERY = "from=%p&to=%P&text=%b&coding=%c&charset=%C&smsc=%i&id=%I&ts=%T"

_live: set[KannelServer] = set()


@atexit.register
def _cleanup_live() -> None:
    for server in list(_live):
        server.cleanup() if server.own_dir else server.kill()


class KannelMissing(RuntimeError):
    pass


def kannel_binaries() -> tuple[str, str]:
    missing = [path for path in (BEARERBOX, SMSBOX) if not os.access(path, os.X_OK)]
    if missing:
        raise KannelMissing(
            f"Kannel is not installed (missing {', '.join(missing)}): run `{APT_HINT}` "
            "or .ci/install-kannel.sh as root"
        )
    return BEARERBOX, SMSBOX


def _listening(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port, seen in /proc/net/tcp: connecting to
    bearerbox's box port to find out would hold up smsbox's own connection by ~1 s."""
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as table:
        return any(
            fields[1] == wanted and fields[3] == "0A"  # 0A: TCP_LISTEN
            for fields in (line.split() for line in table)
        )


def _check_mo_url(url: str | None) -> None:
    # Kannel would take a "%" for one of its escapes, and a quote would end the config string.
    if url is not None and ("%" in url or '"' in url or not url.startswith("http")):
        raise ValueError(f"MO URL must be http(s) without '%' or '\"': {url!r}")


class KannelServer:
    """One Kannel in its own directory; ports (and the store file) survive restarts."""

    host = "127.0.0.1"
    username = "inbox"
    password = "inbox-pw"

    def __init__(
        self,
        mo_url: str | None = None,
        base_dir: Path | None = None,
        http_request_retry: int = 2,
        http_queue_delay: int = 1,
    ) -> None:
        bearerbox, smsbox = kannel_binaries()
        _check_mo_url(mo_url)
        self.mo_url = mo_url
        # smsbox calls an MO or DLR URL again after a failed request (refused connection or
        # any non-2xx answer: 404 and 500 measured), this many times, that many seconds apart.
        self.http_request_retry, self.http_queue_delay = http_request_retry, http_queue_delay
        self.own_dir = base_dir is None
        self.dir = Path(base_dir or tempfile.mkdtemp(prefix="inbox-kannel-", dir=scratch_root()))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.admin_port, self.smsbox_port = free_port(), free_port()
        self.sendsms_port, self.fake_port = free_port(), free_port()
        self.admin_password = "kannel-admin"
        self.conf = self.dir / "kannel.conf"
        self.store = self.dir / "kannel.store"
        self.smsc = FakeSmsc(self.fake_port)
        self.failing_smsc = FailingSmsc("fail-user", "fail-pw")
        # -v 2: only warnings and worse on stderr, the full debug log goes to the log files.
        argv = ["-v", "2", str(self.conf)]
        self._bearerbox = ServerProcess([bearerbox, *argv], self.dir / "bearerbox.out")
        self._smsbox = ServerProcess([smsbox, *argv], self.dir / "smsbox.out")

    # --- addresses -----------------------------------------------------------------------
    @property
    def sendsms_url(self) -> str:
        return f"http://{self.host}:{self.sendsms_port}/cgi-bin/sendsms"

    @property
    def status_url(self) -> str:
        return f"http://{self.host}:{self.admin_port}/status.txt?password={self.admin_password}"

    @property
    def received_mt(self) -> list[MtMessage]:
        return self.smsc.received_mt

    def send_mo(self, sender: str, receiver: str, text: str) -> None:
        """An SMS from handset ``sender`` to our number ``receiver``, through the fake SMSC."""
        self.smsc.send_mo(sender, receiver, text)

    def set_mo_url(self, url: str | None) -> None:
        """Point MO at another receiver; a running Kannel restarts (~0.3 s) to pick it up."""
        _check_mo_url(url)
        self.mo_url = url
        if self.running:
            self.restart()

    # --- configuration -------------------------------------------------------------------
    def _write_config(self) -> None:
        d, fail = self.dir, self.failing_smsc
        if self.mo_url:
            sep = "&" if "?" in self.mo_url else "?"
            service = f'get-url = "{self.mo_url}{sep}{MO_QUERY}"'
        else:  # MO is accepted and dropped: max-messages = 0 sends no reply SMS
            service = 'text = "no MO receiver configured"'
        self.conf.write_text(f"""# Written by tests/servers/kannel.py; standalone, not /etc/kannel.
group = core
admin-port = {self.admin_port}
admin-interface = {self.host}
admin-password = {self.admin_password}
status-password = {self.admin_password}
admin-allow-ip = {self.host}
smsbox-port = {self.smsbox_port}
smsbox-interface = {self.host}
box-allow-ip = {self.host}
log-file = "{d}/bearerbox.log"
log-level = 0
access-log = "{d}/access.log"
store-type = file
store-location = "{self.store}"
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
host = {self.host}
port = {self.fake_port}
our-host = {self.host}
connect-allow-ip = {self.host}
denied-prefix = {FAIL_PREFIX}

group = smsc
smsc = http
smsc-id = fail
system-type = kannel
send-url = "{fail.send_url}"
# 1.4.5 binds this receive port (reports from the far end) to 0.0.0.0 whatever our-host
# says; connect-allow-ip makes it hang up on anyone but 127.0.0.1 without an answer.
port = {fail.kannel_port}
connect-allow-ip = {self.host}
smsc-username = {fail.username}
smsc-password = {fail.password}
dlr-url = "http://{self.host}:{fail.kannel_port}/dlr"
allowed-prefix = {FAIL_PREFIX}
reconnect-delay = 1

group = smsbox
bearerbox-host = {self.host}
bearerbox-port = {self.smsbox_port}
sendsms-port = {self.sendsms_port}
sendsms-interface = {self.host}
log-file = "{d}/smsbox.log"
log-level = 0
access-log = "{d}/smsbox-access.log"
mo-recode = true
http-request-retry = {self.http_request_retry}
http-queue-delay = {self.http_queue_delay}

group = sendsms-user
username = {self.username}
password = {self.password}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
max-messages = 0
{service}
""")

    # --- process control -----------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._bearerbox.running and self._smsbox.running

    @property
    def pids(self) -> tuple[int | None, int | None]:
        """(bearerbox, smsbox) pids; each leads its own process group."""
        return self._bearerbox.pid, self._smsbox.pid

    def start(self, timeout: float = 15.0) -> None:
        """bearerbox, then smsbox once bearerbox's box port listens; ready when the status
        page shows smsbox connected and both SMSCs online (~0.15 s)."""
        self._write_config()
        # 1.4.5 starts without it, but logs "couldn't open" errors that drown real ones.
        self.store.touch()
        _live.add(self)
        self.failing_smsc.start()
        self.smsc.start()
        self._bearerbox.start(lambda: _listening(self.smsbox_port), self.log_text, timeout)
        try:
            self._smsbox.start(self._ready, self.log_text, timeout)
        except BaseException:
            self._bearerbox.kill()
            raise

    def status(self) -> str:
        """bearerbox's status.txt page ("" when it does not answer)."""
        try:
            with urllib.request.urlopen(self.status_url, timeout=2) as reply:
                return reply.read().decode(errors="replace")
        except OSError:
            return ""

    def _ready(self) -> bool:
        text = self.status()
        boxes = re.search(r"Box connections:\n(.*?)\n\n", text, re.DOTALL)
        smscs = re.search(r"SMSC connections:\n(.*?)\n\n", text, re.DOTALL)
        if not boxes or not smscs or "smsbox:" not in boxes.group(1):
            return False
        lines = [line for line in smscs.group(1).splitlines() if line.strip()]
        return len(lines) == 2 and all("(online " in line for line in lines)

    def stop(self, timeout: float = 10.0) -> None:
        """Clean shutdown: smsbox, then bearerbox (SIGTERM, ~0.1 s each); SIGKILL past the
        timeout. The Python SMSCs keep running, so a restart finds them again."""
        self._smsbox.stop(timeout)
        self._bearerbox.stop(timeout)
        _live.discard(self)

    def kill(self) -> None:
        """Crash: SIGKILL both process groups; the store file stays for the next start."""
        self._smsbox.kill()
        self._bearerbox.kill()
        _live.discard(self)

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        self.kill()
        self.smsc.stop()
        self.failing_smsc.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> KannelServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def log_text(self) -> str:
        names = ("bearerbox.out", "bearerbox.log", "smsbox.out", "smsbox.log")
        paths = [self.dir / name for name in names]
        return "".join(
            f"--- {p.name}\n{p.read_text(errors='replace')}" for p in paths if p.exists()
        )
