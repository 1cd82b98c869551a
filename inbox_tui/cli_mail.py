"""`inbox-tui sync --once` and `inbox-tui daemon`: the mail service without the TUI."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path
from typing import TextIO

from inbox_tui.config_file import format_problems, load_config
from inbox_tui.core.config import ConfigError
from inbox_tui.paths import default_store_path


def _open(config_path: Path | None, store_path: Path | None, err: TextIO):
    from inbox_tui.store import Store, StoreError

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        print(format_problems(exc.problems), file=err)
        return None, None
    for warning in config.warnings:
        print(f"warning: {warning}", file=err)
    try:
        store = Store(store_path or default_store_path())
    except StoreError as exc:
        print(f"inbox-tui: {exc}", file=err)
        return None, None
    for contact in config.contacts_as_models():
        store.contacts.upsert(contact)
    return config, store


class _ProgressBar:
    """One line per folder on stderr, redrawn in place when it is a terminal."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self._last = 0.0

    def __call__(self, folder: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self.tty and done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = width * done // total if total else width
        line = f"{folder[:20]:<20} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if self.tty:
            self.out.write("\r" + line + ("\n" if done >= total else ""))
        elif done >= total:
            self.out.write(line + "\n")
        self.out.flush()


def sync_once_command(
    config_path: Path | None, store_path: Path | None, out: TextIO, err: TextIO
) -> int:
    from inbox_tui.channels.imap_session import ImapError
    from inbox_tui.services.mail_service import MailService
    from inbox_tui.services.secrets import SecretError

    config, store = _open(config_path, store_path, err)
    if store is None:
        return 1
    service = MailService(store, config)
    if not service.runners:
        print("inbox-tui: no email accounts in the config", file=err)
        store.close()
        return 1
    status = 0
    try:
        for name, runner in service.runners.items():
            try:
                results = asyncio.run(runner.sync_once(_ProgressBar(err)))
            except (ImapError, SecretError) as exc:
                print(f"{name}: {exc}", file=err)
                status = 1
                continue
            added = sum(r.added for r in results)
            removed = sum(r.removed for r in results)
            print(f"{name}: {added} new, {removed} removed, {len(results)} folders", file=out)
        asyncio.run(service.sender.run_once())
        pending = len(store.outbox.active())
        if pending:
            print(f"outbox: {pending} message(s) still waiting", file=out)
    finally:
        store.close()
    return status


def daemon_command(config_path: Path | None, store_path: Path | None, err: TextIO) -> int:
    from inbox_tui.services.mail_service import MailService

    config, store = _open(config_path, store_path, err)
    if store is None:
        return 1

    class Log:
        def status_changed(self, status) -> None:
            print(status.text(), file=err, flush=True)

        def store_changed(self) -> None:
            pass

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await MailService(store, config, Log()).run(stop)

    try:
        asyncio.run(main())
    finally:
        store.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(sync_once_command(None, None, sys.stdout, sys.stderr))
