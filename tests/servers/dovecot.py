"""A private Dovecot 2.3 instance per test: IMAPS, plain IMAP and LMTP on 127.0.0.1.

The system Dovecot service is never touched: the config below is standalone (no !include),
and every path it names lives in the instance's own directory.
"""

from __future__ import annotations

import atexit
import grp
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from servers import (
    ServerProcess,
    free_port,
    lmtp_send,
    maildir_letters,
    scratch_root,
    server_cert,
    service_account,
    write_maildir,
)

APT_HINT = "apt-get install -y --no-install-recommends dovecot-imapd dovecot-lmtpd"
DEFAULT_USERS = {
    "maria@studio.test": "maria-pw",
    "luca@client.test": "luca-pw",
    "anna@client.test": "anna-pw",
}
SPECIAL_USE = {"Drafts": "\\Drafts", "Sent": "\\Sent", "Trash": "\\Trash", "Junk": "\\Junk"}


# Instances still running at interpreter exit (a script or session aborted outside fixture
# teardown) are killed then, and their temporary dirs removed: tmpfs holds on to memory.
_live: set[DovecotServer] = set()


@atexit.register
def _cleanup_live() -> None:
    for server in list(_live):
        server.cleanup() if server.own_dir else server.kill()


class DovecotMissing(RuntimeError):
    pass


def dovecot_binary() -> str:
    """Path of the master binary; raises with the apt line when a needed part is missing."""
    found = shutil.which("dovecot") or "/usr/sbin/dovecot"
    needed = {found: "dovecot-core", "/usr/lib/dovecot/imap": "dovecot-imapd"}
    needed["/usr/lib/dovecot/lmtp"] = "dovecot-lmtpd"
    missing = sorted({pkg for path, pkg in needed.items() if not os.access(path, os.X_OK)})
    if missing:
        raise DovecotMissing(
            f"Dovecot is not installed (missing {', '.join(missing)}): run `{APT_HINT}` "
            "or .ci/install-servers.sh as root"
        )
    return found


class DovecotServer:
    """One Dovecot instance in its own directory; ports stay fixed across restarts."""

    host = "127.0.0.1"

    def __init__(self, base_dir: Path | None = None, users: dict[str, str] | None = None) -> None:
        self.binary = dovecot_binary()
        self.users = dict(users or DEFAULT_USERS)
        self.user_name, self.uid, self.gid = service_account()
        self.own_dir = base_dir is None
        self.dir = Path(base_dir or tempfile.mkdtemp(prefix="inbox-dovecot-", dir=scratch_root()))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.dir.chmod(0o755)
        self.imaps_port, self.imap_port, self.lmtp_port = free_port(), free_port(), free_port()
        self.cafile = self.dir / "cert.pem"
        self.keyfile = self.dir / "key.pem"
        cert, key = server_cert()
        shutil.copyfile(cert, self.cafile)
        shutil.copyfile(key, self.keyfile)
        self.conf = self.dir / "dovecot.conf"
        self.log_path = self.dir / "dovecot.log"
        self._stderr_path = self.dir / "stderr.log"
        argv = [self.binary, "-F", "-c", str(self.conf)]
        self._server = ServerProcess(argv, self._stderr_path)
        self._seq = 0
        self._mkdir(self.dir / "mail")
        self._write_config()

    # --- configuration -------------------------------------------------------------------
    def home(self, user: str) -> Path:
        local, _, domain = user.partition("@")
        return self.dir / "mail" / (domain or "local") / local

    def _write_config(self) -> None:
        lines = [
            f"{u}:{{PLAIN}}{pw}:{self.uid}:{self.gid}::{self.home(u)}::"
            for u, pw in self.users.items()
        ]
        (self.dir / "passwd").write_text("\n".join(lines) + "\n")
        mailboxes = "".join(
            f"  mailbox {name} {{\n    special_use = {flag}\n    auto = subscribe\n  }}\n"
            for name, flag in SPECIAL_USE.items()
        )
        d, u, g = self.dir, self.user_name, grp.getgrgid(self.gid).gr_name
        self.conf.write_text(f"""# Written by tests/servers/dovecot.py; standalone, no /etc/dovecot.
base_dir = {d}/run
state_dir = {d}/state
log_path = {self.log_path}
listen = {self.host}
protocols = imap lmtp
default_internal_user = {u}
default_internal_group = {g}
default_login_user = {u}
first_valid_uid = {self.uid}
last_valid_uid = {self.uid}
ssl = yes
ssl_cert = <{self.cafile}
ssl_key = <{self.keyfile}
disable_plaintext_auth = no
auth_mechanisms = plain login
# Not 2 s per wrong password; 2.3 still answers failures on a 0.5 s timer, though.
auth_failure_delay = 0
mail_location = maildir:~/Maildir
mail_fsync = never
mail_max_userip_connections = 100
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/passwd
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
# No chroot, so the same config also runs rootless (pytest as a normal user).
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    port = {self.imaps_port}
    ssl = yes
  }}
}}
# Anvil's auth penalty grows to 15 s per client IP: a test suite fails logins on purpose.
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    port = {self.lmtp_port}
  }}
}}
""")

    def _mkdir(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        os.chown(path, self.uid, self.gid)

    # --- process control -----------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._server.running

    @property
    def pid(self) -> int | None:
        """The master's pid, which is also its process group id."""
        return self._server.pid

    def start(self, timeout: float = 10.0) -> None:
        """Start and wait for the IMAP greeting (~0.05 s)."""
        # A master.pid left by kill() could name a reused pid and make dovecot refuse to start.
        (self.dir / "run" / "master.pid").unlink(missing_ok=True)
        _live.add(self)
        self._server.start(self._greets, self.log_text, timeout)

    def _greets(self) -> bool:
        try:
            with socket.create_connection((self.host, self.imap_port), timeout=1) as sock:
                return sock.recv(256).startswith(b"* OK")
        except OSError:
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """Clean shutdown: SIGTERM to our master (Dovecot takes ~1.1 s), SIGKILL past timeout."""
        self._server.stop(timeout)
        _live.discard(self)

    def kill(self) -> None:
        """Crash: SIGKILL master and children at once (~0.01 s); the mail on disk stays."""
        self._server.kill()
        _live.discard(self)

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> DovecotServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def log_text(self) -> str:
        paths = (self._stderr_path, self.log_path)
        return "".join(p.read_text(errors="replace") for p in paths if p.exists())

    # --- mail ----------------------------------------------------------------------------
    def lmtp_deliver(
        self, mail_from: str, rcpts: Sequence[str], data: bytes
    ) -> dict[str, tuple[int, bytes]]:
        """One LMTP transaction; each recipient's (code, reply) from RCPT or after DATA."""
        return lmtp_send(self.host, self.lmtp_port, mail_from, rcpts, data)

    def deliver(self, user: str, raw: bytes, mail_from: str = "sender@example.test") -> None:
        """Deliver through LMTP as an MTA would (Sieve-free, straight to INBOX)."""
        code, msg = self.lmtp_deliver(mail_from, [user], raw)[user]
        if code != 250:
            raise RuntimeError(f"LMTP delivery to {user} failed: {code} {msg!r}")

    def maildir(self, user: str, folder: str = "INBOX") -> Path:
        """On-disk Maildir++ directory of a folder ("Archive/2024" is .Archive.2024)."""
        root = self.home(user) / "Maildir"
        if folder.upper() == "INBOX":
            return root
        if not folder.isascii() or "." in folder:
            raise ValueError(f"seed_maildir supports plain ASCII folder names, not {folder!r}")
        return root / ("." + folder.replace("/", "."))

    def seed_maildir(
        self,
        user: str,
        messages: Iterable[bytes],
        folder: str = "INBOX",
        flags: Iterable[str] = ("\\Seen",),
        per_message_flags: Sequence[Iterable[str]] | None = None,
        dates: Sequence[float] | None = None,
    ) -> list[str]:
        """Write messages straight into the maildir (2k in ~0.2 s, 20k in ~2 s; LMTP: minutes).

        UIDs follow list order. INTERNALDATE (the file's mtime) comes from ``dates`` (epoch
        seconds), else the Date header, else now. Returns the file names. Dovecot indexes
        the files on the next SELECT/STATUS, also while running.
        """
        if user not in self.users:
            raise KeyError(user)
        box = self.maildir(user, folder)
        for path in (self.home(user).parent, self.home(user), box.parent, box):
            self._mkdir(path)
        for sub in ("cur", "new", "tmp"):
            self._mkdir(box / sub)
        if folder.upper() != "INBOX":
            (box / "maildirfolder").touch()
            os.chown(box / "maildirfolder", self.uid, self.gid)
        per = [maildir_letters(f) for f in per_message_flags] if per_message_flags else None
        names, self._seq = write_maildir(
            box, messages, self.uid, self.gid, maildir_letters(flags), per, dates, self._seq
        )
        return names

    def uidvalidity_reset(self, user: str, folder: str = "INBOX", renumber: bool = False) -> int:
        """Give a folder a new, higher UIDVALIDITY, as a server-side rebuild would.

        Default: `doveadm mailbox update --uid-validity` on the running instance (~40 ms);
        UIDs stay the same, a session with the folder selected gets `* BYE` (Dovecot's "IMAP
        session state is inconsistent") and the next SELECT/STATUS reports the new value.
        ``renumber=True``: stop (~1 s), delete the folder's uidlist and indexes, start again;
        UIDs are then reassigned from 1 in file-name order, so after any expunge they differ.
        Returns the new UIDVALIDITY.
        """
        old = self._uidvalidity(user, folder)
        if renumber:
            self.stop()
            box = self.maildir(user, folder)
            for name in ("dovecot-uidlist", "dovecot-uidlist.lock", "dovecot.index"):
                for path in [box / name, *box.glob(name + ".*")]:
                    path.unlink(missing_ok=True)
            for path in (self.home(user) / "Maildir").glob("dovecot.list.index*"):
                path.unlink()
            self.start()
            fresh = self._uidvalidity(user, folder)
            if fresh > old:
                return fresh
        # Dovecot's own counter may hand out a value we already used: pick it ourselves.
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(old + 1), folder)
        return old + 1

    def _uidvalidity(self, user: str, folder: str) -> int:
        status = self.doveadm("mailbox", "status", "-u", user, "uidvalidity", folder)
        return int(status.split("=", 1)[1])

    def doveadm(self, *args: str) -> str:
        """Run doveadm against this instance (as root it switches to the mail user itself)."""
        done = subprocess.run(
            ["doveadm", "-c", str(self.conf), *args], capture_output=True, text=True, timeout=30
        )
        if done.returncode != 0:
            raise RuntimeError(f"doveadm {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()
