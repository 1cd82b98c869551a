"""What the setup forms share when they edit an account instead of adding one.

An edited account keeps its name (the keyring entry and the store use it), and an empty
password field means "keep the secret already stored": the check then uses that one.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from inbox_tui.core.config import Account
from inbox_tui.core.sanitize import one_line
from inbox_tui.core.setup_edit import carried_keys
from inbox_tui.services.secrets import get_secret


def stored_secret(account: Account, pending: str | None) -> str:
    """The secret an edited account already has: one typed earlier in this setup (not yet
    saved), else the keyring's. Blocking (the keyring may talk to D-Bus): workers only.
    Raises SecretError saying what to do when there is none."""
    if pending:
        return pending
    return get_secret(account)


def edit_note(name: str, original: dict[str, Any] | None, secret: str = "password") -> Text:
    """The note on top of an edit form: what stays as it is."""
    text = Text("Editing account ")
    text.append(one_line(name, 40), style="bold")
    text.append(
        f". Its name stays (the keyring entry and your stored messages use it). Leave the "
        f"{secret} empty to keep the one already stored; Cancel (Esc) leaves the account "
        "as it was."
    )
    carried = carried_keys(original) if original else []
    if carried:
        text.append(" Kept as they are (no field here): ")
        text.append(one_line(", ".join(carried), 200))
        text.append(".")
    return text
