"""Real mail servers for tests: a private Dovecot instance and an aiosmtpd submission server.

Everything listens on 127.0.0.1 only, on free high ports picked at start. This module holds
the helpers the servers share: ports, the service account, the TLS cert, ServerProcess (a
daemon in its own process group, usable for any server a test needs), an LMTP client that
reads every per-recipient reply, and a fast Maildir writer.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from email.utils import parsedate_to_datetime
from pathlib import Path

SERVICE_USER = "inboxtest"
_MAILDIR_FLAGS = {"\\draft": "D", "\\flagged": "F", "\\answered": "R", "\\seen": "S"}
_MAILDIR_FLAGS["\\deleted"] = "T"
_DATE_HEADER = re.compile(rb"^Date:[ \t]*(.+?)\r?$", re.IGNORECASE | re.MULTILINE)


def scratch_root() -> str:
    """Where server dirs go: tmpfs when there is one (creating a file on this machine kind's
    disk costs ~1 ms, on /dev/shm ~10 us), else /tmp. Both are traversable by the mail user,
    unlike pytest's tmp_path under a 0700 /tmp/pytest-of-root."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else "/tmp"


def free_port() -> int:
    """A port the kernel just handed out on 127.0.0.1 (small race; fine for tests)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_account() -> tuple[str, int, int]:
    """As root: the dedicated `inboxtest` user (created if missing), since Dovecot's login
    processes refuse to run as root. Otherwise a rootless Dovecot runs as ourselves."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return me.pw_name, me.pw_uid, me.pw_gid
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "-r", "-M", "-s", "/usr/sbin/nologin", SERVICE_USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(SERVICE_USER)
    return entry.pw_name, entry.pw_uid, entry.pw_gid


_cert: tuple[Path, Path] | None = None


def server_cert() -> tuple[Path, Path]:
    """(cert, key) of a self-signed localhost cert, made once per test process (~0.1 s)."""
    global _cert
    if _cert is None:
        where = Path(tempfile.mkdtemp(prefix="inbox-cert-", dir=scratch_root()))
        atexit.register(shutil.rmtree, where, True)
        cert, key = where / "cert.pem", where / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
            + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)]
            + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True,
            capture_output=True,
        )
        _cert = cert, key
    return _cert


def group_alive(pgid: int) -> bool:
    """Whether any non-zombie process is still in the group (zombies hold no ports or files)."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def kill_group(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """SIGKILL the process group led by our child and wait until all of it is gone."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if not group_alive(proc.pid):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes of group {proc.pid} survive SIGKILL")
        time.sleep(0.01)


class ServerProcess:
    """A daemon run in the foreground in its own session, so that kill() also reaches the
    children it forks (Dovecot's login, auth, imap... processes)."""

    def __init__(self, argv: list[str], output: Path) -> None:
        self.argv, self.output = argv, output
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The leader's pid, which is also the process group id."""
        return self.proc.pid if self.proc is not None else None

    def start(self, ready: Callable[[], bool], log: Callable[[], str], timeout: float) -> None:
        """Spawn, then poll ``ready`` every 10 ms; on exit or timeout raise with ``log()``."""
        if self.running:
            raise RuntimeError(f"{self.argv[0]} is already running")
        with open(self.output, "ab") as out:
            self.proc = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                raise RuntimeError(f"{self.argv[0]} exited with {code}:\n{log()}")
            if ready():
                return
            time.sleep(0.01)
        self.kill()
        raise RuntimeError(f"{self.argv[0]} not ready within {timeout} s:\n{log()}")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM to the leader only (it shuts its children down), SIGKILL past the timeout."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout)
        self.kill()

    def kill(self) -> None:
        """SIGKILL the whole group at once, as a crash would, and wait until it is gone."""
        if self.proc is not None:
            kill_group(self.proc)
            self.proc = None


def lmtp_send(
    host: str, port: int, mail_from: str, rcpts: Sequence[str], data: bytes
) -> dict[str, tuple[int, bytes]]:
    """One LMTP transaction; returns each recipient's (code, reply), from RCPT or after DATA."""
    results: dict[str, tuple[int, bytes]] = {}
    with smtplib.LMTP(host, port, timeout=10) as lmtp:
        lmtp.ehlo_or_helo_if_needed()
        code, msg = lmtp.mail(mail_from)
        if code != 250:
            return {r: (code, msg) for r in rcpts}
        accepted = []
        for rcpt in rcpts:
            code, msg = lmtp.rcpt(rcpt)
            if code in (250, 251):
                accepted.append(rcpt)
            else:
                results[rcpt] = (code, msg)
        if not accepted:
            return results
        try:
            results[accepted[0]] = lmtp.data(data)
        except smtplib.SMTPDataError as err:  # DATA itself refused: nobody got it
            return results | {r: (err.smtp_code, err.smtp_error) for r in accepted}
        # LMTP answers DATA once per accepted RCPT; smtplib only reads the first.
        for rcpt in accepted[1:]:
            results[rcpt] = lmtp.getreply()
    return results


def maildir_letters(flags: Iterable[str]) -> str:
    """IMAP system flags to the sorted Maildir info letters ("\\Seen" -> "S")."""
    try:
        return "".join(sorted(_MAILDIR_FLAGS[f.lower()] for f in flags))
    except KeyError as err:
        raise ValueError(f"unsupported flag {err} (system flags only)") from None


def write_maildir(
    box: Path,
    messages: Iterable[bytes],
    uid: int,
    gid: int,
    letters: str,
    per_message: Sequence[str] | None,
    dates: Sequence[float] | None,
    seq: int,
) -> tuple[list[str], int]:
    """Deliver files the Maildir way (tmp/, then rename into cur/), owned by uid:gid.

    Names are ``<time>.M<seq>P<pid>.inboxtest,S=<size>:2,<letters>``: Dovecot numbers new
    files by time then M<usecs>, so UIDs follow list order; S= spares it a stat per file.
    The mtime (INTERNALDATE) is ``dates[i]``, else the Date header, else now.
    Returns the names and the next seq.
    """
    now, names = time.time(), []
    for i, raw in enumerate(messages):
        seq += 1
        info = per_message[i] if per_message is not None else letters
        name = f"{int(now)}.M{seq}P{os.getpid()}.inboxtest,S={len(raw)}:2,{info}"
        tmp = box / "tmp" / name
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
            os.fchown(fd, uid, gid)
        finally:
            os.close(fd)
        stamp = dates[i] if dates is not None else _header_date(raw, now)
        os.utime(tmp, (stamp, stamp))
        os.rename(tmp, box / "cur" / name)
        names.append(name)
    return names, seq


def _header_date(raw: bytes, default: float) -> float:
    head = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    match = _DATE_HEADER.search(head)
    if match:
        try:
            return parsedate_to_datetime(match.group(1).decode("ascii", "replace")).timestamp()
        except (TypeError, ValueError):
            pass
    return default
