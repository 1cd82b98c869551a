"""Email sync benchmark against a private Dovecot with 20,000 messages, with neomutt (in
tmux) timed on the same mailbox as the baseline, in the same run:

    .venv/bin/python bench/sync.py [--count 20000] [--no-neomutt]

Before anything is timed, one untimed pass lets Dovecot build its header cache, so both
clients meet the same warm server. Figures: time until the newest 50 messages are in the
store (what the timeline shows),
full first sync, resync with nothing changed, client CPU; neomutt until its index shows
every message, without a header cache and then with a warm one.
Targets (issue 3): first sync faster than neomutt without header cache; no-change resync
faster than neomutt with a warm header cache.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from email_helpers import MARIA, config_for, runner_for  # noqa: E402
from inbox_tui.store import Store  # noqa: E402
from servers.dovecot import DovecotServer  # noqa: E402

NAMES = ["Luca Bianchi", "Anna Verdi", "Giulia Neri", "Marco Russo", "Sara Gallo", "Tom Reed"]
TOPICS = ["Contratto", "Udienza", "Fattura", "Dieta", "Appuntamento", "Invoice", "Meeting"]


def messages(count: int) -> list[bytes]:
    rng = random.Random(3)
    start = datetime(2024, 1, 1, 8, 0, tzinfo=timezone.utc)
    out = []
    for i in range(count):
        name = rng.choice(NAMES)
        addr = name.split()[0].lower() + "@client.test"
        when = start + timedelta(minutes=40 * i)
        subject = f"{rng.choice(TOPICS)} {i}: =?utf-8?q?perch=C3=A9?= {rng.randint(1, 999)}"
        out.append(
            (
                f"From: {name} <{addr}>\r\nTo: {MARIA}\r\nSubject: {subject}\r\n"
                f"Date: {format_datetime(when)}\r\nMessage-ID: <b{i}@client.test>\r\n"
                f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                f"Messaggio {i}. " + "Testo della pratica. " * rng.randint(2, 40) + "\r\n"
            ).encode()
        )
    return out


def dovecot_cpu(server: DovecotServer) -> float:
    """CPU seconds of the instance's processes (its process group), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if server.pid and int(stat[2]) == server.pid:  # pgid
            total += (int(stat[11]) + int(stat[12]) + int(stat[13]) + int(stat[14])) / tick
    return total


async def ours(
    server: DovecotServer, count: int, work: Path, name: str = "bench"
) -> dict[str, float]:
    store = Store(work / f"{name}.sqlite3")
    runner = runner_for(store, config_for(server))
    figures: dict[str, float] = {}
    start = time.perf_counter()
    cpu0 = time.process_time()

    def progress(folder: str, done: int, total: int) -> None:
        if folder == "INBOX" and done >= 50 and "newest_50" not in figures:
            figures["newest_50"] = time.perf_counter() - start

    await runner.sync_once(progress)
    figures["first_sync"] = time.perf_counter() - start
    figures["first_cpu"] = time.process_time() - cpu0
    assert store.messages.count() == count, store.messages.count()
    start = time.perf_counter()
    results = await runner.sync_once()
    figures["resync"] = time.perf_counter() - start
    figures["resync_round_trips"] = sum(r.round_trips for r in results)
    store.close()
    return figures


def neomutt(server: DovecotServer, count: int, work: Path, cache: Path | None) -> float:
    rc = work / "neomuttrc"
    url = f"imaps://{MARIA.replace('@', '%40')}@127.0.0.1:{server.imaps_port}/"
    rc.write_text(
        "\n".join(
            [
                f'set folder="{url}"',
                'set spoolfile="+INBOX"',
                f'set imap_pass="{server.users[MARIA]}"',
                f'set certificate_file="{server.cafile}"',
                "set ssl_verify_host=no",
                f'set header_cache="{cache}"' if cache else "unset header_cache",
                "set imap_check_subscribed=no",
                "set mail_check=3600",
                "set sort=date",
                'set status_format="-%f [Msgs:%m] -"',
                "set move=no",
                "set confirmappend=no",
                "set quit=yes",  # q exits at once, so the process never outlives the run
            ]
        )
        + "\n"
    )
    sock = f"bench-{os.getpid()}"
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-s", "n", "-x", "160",
         "-y", "48", f"neomutt -n -F {rc}"],
        check=True,
    )  # fmt: skip
    try:
        want = f"[Msgs:{count}]"
        while time.perf_counter() - start < 600:
            screen = subprocess.run(
                ["tmux", "-L", sock, "capture-pane", "-p", "-t", "n"],
                capture_output=True, text=True,
            ).stdout  # fmt: skip
            if want in screen:
                return time.perf_counter() - start
            time.sleep(0.02)
        raise RuntimeError(f"neomutt never showed {want}:\n{screen}")
    finally:
        subprocess.run(["tmux", "-L", sock, "send-keys", "-t", "n", "q"], capture_output=True)
        time.sleep(0.3)
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--no-neomutt", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="inbox-bench-"))
    server = DovecotServer()
    try:
        server.start()
        t0 = time.perf_counter()
        server.seed_maildir(MARIA, messages(args.count), flags=())
        print(f"seeded {args.count:,} messages in {time.perf_counter() - t0:.1f} s")
        # Dovecot caches the header fields clients ask for on the first fetch; whoever runs
        # first would pay for that alone. One untimed pass warms it for both clients.
        t0 = time.perf_counter()
        asyncio.run(ours(server, args.count, work, name="warm-up"))
        print(f"warm-up pass (untimed)            {time.perf_counter() - t0:8.2f} s")
        cpu0 = dovecot_cpu(server)
        figures = asyncio.run(ours(server, args.count, work))
        server_cpu = dovecot_cpu(server) - cpu0
        print(f"inbox-tui: newest 50 in store     {figures['newest_50'] * 1000:8.0f} ms")
        print(f"inbox-tui: full first sync        {figures['first_sync']:8.2f} s")
        print(f"inbox-tui: client CPU (first)     {figures['first_cpu']:8.2f} s")
        print(f"dovecot CPU during our syncs      {server_cpu:8.2f} s")
        print(
            f"inbox-tui: no-change resync       {figures['resync'] * 1000:8.1f} ms "
            f"({int(figures['resync_round_trips'])} round trips for 2 folders)"
        )
        if args.no_neomutt or not shutil.which("neomutt"):
            print("neomutt: skipped (apt-get install neomutt tmux to compare)")
            return 0
        cold = neomutt(server, args.count, work, None)
        cache = work / "hcache"
        neomutt(server, args.count, work, cache)  # fills the header cache
        warm = neomutt(server, args.count, work, cache)
        print(f"neomutt: index, no header cache   {cold:8.2f} s")
        print(f"neomutt: index, warm header cache {warm:8.2f} s")
        print(f"ratio first sync / neomutt cold   {figures['first_sync'] / cold:8.2f}x")
        print(f"ratio resync / neomutt warm       {figures['resync'] / warm:8.3f}x")
        ok = figures["first_sync"] < cold and figures["resync"] < warm
        print("targets met" if ok else "TARGETS MISSED")
        return 0 if ok else 1
    finally:
        server.cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
