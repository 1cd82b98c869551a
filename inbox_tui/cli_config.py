"""`inbox-tui check-config` and `inbox-tui secret set ACCOUNT`."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TextIO

from inbox_tui.config_file import format_problems, load_config, resolve_path
from inbox_tui.core.config import ConfigError


def check_config_command(path: Path | None, out: TextIO, err: TextIO) -> int:
    resolved = resolve_path(path)
    try:
        config = load_config(path)
    except ConfigError as exc:
        print(format_problems(exc.problems), file=err)
        count = len(exc.problems)
        print(f"{count} problem{'s' * (count != 1)} in {resolved}", file=err)
        return 1
    for warning in config.warnings:
        print(f"warning: {warning}", file=err)
    print(
        f"OK: {resolved}: {len(config.accounts)} account(s), "
        f"{len(config.contacts)} contact(s), timezone {config.profile.timezone}",
        file=out,
    )
    return 0


def secret_set_command(
    account_name: str, path: Path | None, stdin: TextIO, out: TextIO, err: TextIO
) -> int:
    from inbox_tui.services.secrets import SecretError, set_secret

    try:
        config = load_config(path)
    except ConfigError as exc:
        print(format_problems(exc.problems), file=err)
        return 1
    from inbox_tui.core.config_suggest import SUGGEST_SECRET_NAME

    account = config.account(account_name)
    # The drafts' rephrasing endpoint keeps its key in the keyring too, under "suggest".
    if account is None and account_name != SUGGEST_SECRET_NAME:
        known = ", ".join(a.name for a in config.accounts) or "none"
        print(
            f"inbox-tui: no account named {account_name!r} in {resolve_path(path)} "
            f"(accounts: {known})",
            file=err,
        )
        return 1
    if account is not None and account.password_command:
        print(
            f"note: account {account_name!r} has password_command, which takes precedence "
            "over the keyring",
            file=err,
        )
    if stdin.isatty():
        secret = getpass.getpass(f"Secret for {account_name}: ")
        if secret and getpass.getpass("Again: ") != secret:
            print("inbox-tui: the two entries differ; nothing stored", file=err)
            return 1
    else:
        # Scripts pipe the secret (`pass show x | inbox-tui secret set acct`): first line only.
        secret = stdin.readline().rstrip("\r\n")
    if not secret:
        print("inbox-tui: empty secret; nothing stored", file=err)
        return 1
    try:
        set_secret(account_name, secret)
    except SecretError as exc:
        print(f"inbox-tui: {exc}", file=err)
        return 1
    print(f"secret for {account_name!r} stored in the OS keyring", file=out)
    return 0
