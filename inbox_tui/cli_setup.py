"""`inbox-tui setup`, and the first run (no config file yet): the guided setup.

This layer owns what the setup screens must not do themselves: reading an existing config,
putting secrets in the keyring and writing the file. An existing file is only replaced
after the user said yes on screen, and a copy of it is kept next to it first.
"""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from inbox_tui.config_file import format_problems, load_config, parse_config_text, resolve_path
from inbox_tui.config_writer import render_config, write_config
from inbox_tui.core.config import Config, ConfigError
from inbox_tui.core.setup_draft import (
    SaveOutcome,
    SetupDraft,
    SetupSaveError,
    check_document,
    document,
    draft_from_document,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def system_timezone() -> str:
    """The machine's IANA zone name (TZ, /etc/localtime, /etc/timezone), else "UTC"."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    for name in candidates:
        if not name or name.startswith("/"):
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return "UTC"


def read_existing(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The existing config as a plain document (to start from), and notes for the user."""
    if not path.exists():
        return {}, []
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8", errors="replace"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        note = (
            f"{path} exists but cannot be read ({exc}): setup starts from scratch, and the "
            "old file is kept as a backup if you save."
        )
        return {}, [note]
    note = (
        f"Editing your existing config {path}: sections setup does not ask about (contacts, "
        "receipts, holidays …) are kept as they are; the old file is backed up on save."
    )
    return doc, [note]


def save_setup(
    path: Path,
    draft: SetupDraft,
    secrets: dict[str, str],
    replace: bool,
    now: datetime | None = None,
) -> SaveOutcome:
    """Keyring first, then the file: if the keyring refuses, no config names a missing secret."""
    from inbox_tui.services.secrets import SecretError, set_secret

    now = now or datetime.now()
    doc = document(draft)
    problems = check_document(doc)
    if problems:
        raise SetupSaveError(format_problems(problems))
    text = render_config(doc, stamp=f"written by `inbox-tui setup` on {now:%Y-%m-%d %H:%M}")
    try:
        parse_config_text(text, str(path))  # what is written must load: checked before
    except ConfigError as exc:
        raise SetupSaveError(format_problems(exc.problems)) from None
    for name, secret in secrets.items():
        try:
            set_secret(name, secret)
        except SecretError as exc:
            raise SetupSaveError(f"account {name!r}: {exc}") from None
    try:
        backup = write_config(path, text, replace=replace, now=now)
    except FileExistsError:
        raise SetupSaveError(
            f"{path} appeared while setup ran; it was left alone. Run `inbox-tui setup` again."
        ) from None
    except OSError as exc:
        raise SetupSaveError(f"cannot write {path}: {exc.strerror or exc}") from None
    return SaveOutcome(path, backup)


def make_setup_app(path: Path, **kwargs: Any):
    """The setup app for `path`, starting from the file there if there is one."""
    from inbox_tui.paths import user_themes_dir
    from inbox_tui.ui.setup_app import SetupApp

    doc, notes = read_existing(path)
    draft = draft_from_document(doc, system_timezone())
    callback = f"{_public_url(doc)}/hook/setup/test"

    def save(draft: SetupDraft, secrets: dict[str, str], replace: bool) -> SaveOutcome:
        return save_setup(path, draft, secrets, replace)

    kwargs.setdefault("user_theme_dirs", [user_themes_dir()])
    return SetupApp(
        draft,
        save,
        path=path,
        exists=path.exists(),
        notes=notes,
        callback_base=callback,
        **kwargs,
    )


def _public_url(doc: dict[str, Any]) -> str:
    hooks = doc.get("webhooks")
    url = hooks.get("public_url") if isinstance(hooks, dict) else None
    return url.rstrip("/") if isinstance(url, str) and url else "http://127.0.0.1:8787"


def run_setup(config_path: Path | None, out: TextIO) -> SaveOutcome | None:
    path = resolve_path(config_path)
    outcome = make_setup_app(path).run()
    if outcome is None:
        print(f"Setup left without saving: {path} was not touched.", file=out)
        return None
    print(f"Config written to {outcome.path} (mode 0600).", file=out)
    if outcome.backup is not None:
        print(f"The previous file is kept as {outcome.backup}.", file=out)
    return outcome


def _interactive() -> bool:
    # Textual draws on stderr and reads stdin: both must be the terminal.
    return sys.stdin.isatty() and sys.stderr.isatty()


def setup_command(config_path: Path | None, out: TextIO, err: TextIO) -> int:
    if not _interactive():
        print("inbox-tui: setup needs a terminal (it is a full-screen form)", file=err)
        return 2
    return 0 if run_setup(config_path, out) is not None else 1


def first_run(config_path: Path | None, err: TextIO) -> Config | None:
    """No config yet: run the setup, then load what it wrote. None when there is nothing."""
    path = resolve_path(config_path)
    if not _interactive():
        print(f"inbox-tui: no config file at {path}.", file=err)
        print(
            "Run `inbox-tui setup` in a terminal to create it (or write it by hand from the "
            "README example), or try the app with `inbox-tui --demo`.",
            file=err,
        )
        return None
    if run_setup(config_path, err) is None:
        return None
    try:
        return load_config(path)
    except ConfigError as exc:  # it was checked before writing; an edit raced us
        print(format_problems(exc.problems), file=err)
        return None
