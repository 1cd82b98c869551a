"""Logging for every command: one rotating file in the platform log dir, always redacted.

Default level: the app's INFO and everyone's WARNING — no protocol lines, so no bodies
and no credentials. `--debug` adds the "inbox_tui.trace" protocol traces (see
channels/trace.py). Third-party loggers stay at WARNING even then: aioimaplib and friends
dump raw wire data (message bodies included) at DEBUG.
Every record passes `RedactingFilter` on its way to the file, whatever logger sent it.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from inbox_tui import __version__
from inbox_tui.core.redact import escape_controls, redact
from inbox_tui.paths import log_dir as default_log_dir

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
APP_LOGGER = "inbox_tui"
TRACE_LOGGER = "inbox_tui.trace"
# Libraries that log raw protocol data at DEBUG/INFO; never below WARNING in our file.
QUIET = ("aioimaplib", "aiosmtplib", "aiosmtpd", "asyncio", "urllib3", "httpx", "httpcore")
_MARK = "_inbox_tui_handler"


class RedactingFilter(logging.Filter):
    """Masks secrets in the message, the traceback and the stack of every record, and
    escapes control characters (one record, one line; no terminal escapes in the file)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a bad format string must not lose the record
            message = f"{record.msg!r} % {record.args!r}"
        record.msg, record.args = escape_controls(redact(message)), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _multiline(record.exc_text)
        if record.stack_info:
            record.stack_info = _multiline(record.stack_info)
        return True


def _multiline(text: str) -> str:
    return "\n".join(escape_controls(redact(line)) for line in text.split("\n"))


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Log files are created 0600: they hold addresses and subjects at debug level."""

    def _open(self):  # type: ignore[override]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (as Python's last-resort handler does),
    not the stream that was current when logging was set up."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr


def log_file_name(command: str | None) -> str:
    """One file per kind of process that can run beside the TUI, so that two processes
    never rotate the same file under each other (a rotation renames the file the other
    still writes to): the daemon runs for days, `sync --once` from cron every few minutes,
    and the short commands (dnd, contacts, suggest…) come and go."""
    if command in (None, "setup"):
        return "inbox-tui.log"
    if command in ("daemon", "sync"):
        return f"{command}.log"
    return "commands.log"


def configure_logging(
    debug: bool,
    log_dir: Path | None = None,
    *,
    file_name: str = "inbox-tui.log",
    console: bool = False,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
) -> Path:
    """Install the file handler (replacing one installed before) and the levels.

    `console`: warnings and errors also go to stderr, as they did before there was a log
    file (headless commands; never the TUI, whose screen stderr would scribble over).
    Returns the log file's path; raises OSError when the directory cannot be written, so
    the caller can say so (the app still runs, without a log)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    if console:
        stderr = _Stderr()
        stderr.setFormatter(logging.Formatter("inbox-tui: %(levelname)s: %(message)s"))
        _install(root, stderr, debug, logging.WARNING)
    directory = Path(log_dir) if log_dir is not None else default_log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = directory / file_name
        handler = PrivateRotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
        )
    except OSError:
        # No file: keep Python's last-resort stderr handler from painting over the TUI.
        _install(root, logging.NullHandler(), debug, logging.CRITICAL)
        raise
    handler.setFormatter(logging.Formatter(FORMAT))
    _install(root, handler, debug)
    logging.getLogger(APP_LOGGER).info(
        "inbox-tui %s started%s", __version__, " with --debug (protocol traces)" if debug else ""
    )
    return path


def _install(
    root: logging.Logger, handler: logging.Handler, debug: bool, floor: int = logging.DEBUG
) -> None:
    level = logging.DEBUG if debug else logging.INFO
    setattr(handler, _MARK, True)
    handler.addFilter(RedactingFilter())
    handler.setLevel(max(level, floor))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger(APP_LOGGER).setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
