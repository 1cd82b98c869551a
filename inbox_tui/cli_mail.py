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
    from inbox_tui.store import StoreError

    config, store = _open(config_path, store_path, err)
    if store is None:
        return 1
    service = MailService(store, config)
    if not service.runners and service.sms is None:
        print("inbox-tui: no accounts in the config", file=err)
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
        if service.sms is not None:
            from inbox_tui.channels.sms.base import SmsError

            try:
                added = asyncio.run(service.sms.backfill())
                print(f"sms: {added} missed text(s) fetched from the gateways", file=out)
            except SmsError as exc:
                print(f"sms: backfill failed: {exc}", file=err)
                status = 1
        asyncio.run(service.sender.run_once())
        pending = len(store.outbox.active())
        if pending:
            print(f"outbox: {pending} message(s) still waiting", file=out)
    except StoreError as exc:  # disk full, store turned read-only: a message, no traceback
        print(f"inbox-tui: {exc}", file=err)
        return 1
    finally:
        store.close()
    return status


def daemon_command(config_path: Path | None, store_path: Path | None, err: TextIO) -> int:
    # A stop asked for while starting (imports, the store, connecting) is a clean stop
    # too, not Python's default death by SIGTERM: noted now, honoured once the loop runs.
    asked_to_stop: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda number, _frame: asked_to_stop.append(number))

    from inbox_tui.services.mail_service import MailService
    from inbox_tui.store import StoreError

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
        if asked_to_stop:
            stop.set()
        await MailService(store, config, Log()).run(stop)

    try:
        asyncio.run(main())
    except StoreError as exc:  # disk full, store turned read-only: a message, no traceback
        print(f"inbox-tui: {exc}", file=err)
        return 1
    finally:
        store.close()
    return 0


def webhooks_command(
    config_path: Path | None, store_path: Path | None, out: TextIO, err: TextIO
) -> int:
    """Print the callback URLs to set on each SMS gateway (they carry the secret token)."""
    from inbox_tui.services.mail_service import MailService

    config, store = _open(config_path, store_path, err)
    if store is None:
        return 1
    try:
        sms = MailService(store, config).sms
        if sms is None:
            print("inbox-tui: no SMS accounts in the config", file=err)
            return 1
        print(f"receiver listens on {sms.server.host}:{sms.server.port}", file=out)
        for name, base in sms.callback_urls().items():
            account = sms.accounts[name]
            print(f"\n{name} ({account.gateway}): {base}", file=out)
            urls = getattr(sms.gateway(name), "callback_urls", None)
            for what, url in (urls(base) if callable(urls) else {}).items():
                print(f"  {what}: {url}", file=out)
    finally:
        store.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(sync_once_command(None, None, sys.stdout, sys.stderr))
