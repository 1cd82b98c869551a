"""Account secrets: the OS keyring, or the user's own `password_command`.

Never a plaintext fallback: with no keyring backend the user is told the options instead.
A secret is never logged or echoed; errors name the account, not the value.
"""

from __future__ import annotations

import subprocess

import keyring
from keyring.errors import KeyringError, NoKeyringError

from inbox_tui.core.config import Account

KEYRING_SERVICE = "inbox-tui"
COMMAND_TIMEOUT = 30.0

NO_KEYRING_HELP = (
    "no OS keyring is available (no Secret Service / KWallet / macOS Keychain found). "
    "Either install a keyring backend (e.g. `pip install keyrings.alt`, or run a Secret "
    "Service such as gnome-keyring), or set password_command for this account "
    '(e.g. password_command = "pass show mail/studio"). inbox-tui never stores secrets '
    "in plain text on its own."
)


class SecretError(Exception):
    """The secret cannot be had; the message says why and what to do."""


def set_secret(account_name: str, value: str) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, account_name, value)
    except NoKeyringError:
        raise SecretError(NO_KEYRING_HELP) from None
    except KeyringError as exc:
        raise SecretError(f"the keyring refused to store the secret: {exc}") from None


def get_secret(account: Account) -> str:
    if account.password_command:
        return _from_command(account.name, account.password_command)
    try:
        value = keyring.get_password(KEYRING_SERVICE, account.name)
    except NoKeyringError:
        raise SecretError(f"account {account.name!r}: {NO_KEYRING_HELP}") from None
    except KeyringError as exc:
        raise SecretError(f"account {account.name!r}: keyring error: {exc}") from None
    if not value:
        raise SecretError(
            f"account {account.name!r} has no secret: run `inbox-tui secret set {account.name}` "
            "or set password_command"
        )
    return value


def _from_command(name: str, command: str) -> str:
    try:
        done = subprocess.run(
            command,
            shell=True,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise SecretError(
            f"account {name!r}: password_command did not finish in {COMMAND_TIMEOUT:.0f} s"
        ) from None
    if done.returncode != 0:
        # stderr is the tool's own message (e.g. "gpg: decryption failed"), not the secret.
        reason = (done.stderr.strip().splitlines() or ["no message"])[0][:200]
        raise SecretError(
            f"account {name!r}: password_command exited with {done.returncode}: {reason}"
        )
    first = done.stdout.splitlines()[0] if done.stdout else ""
    if not first:
        raise SecretError(f"account {name!r}: password_command printed nothing")
    return first
