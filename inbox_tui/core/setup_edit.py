"""Editing an account in setup: its table back into a form draft, and the edit back in place.

Pure. The setup forms edit only some of the keys the loader accepts for an account; the
others (folders, tls, receipts, or anything written by hand) are carried over unchanged,
and the table keeps its key order, so an edited account reads as it did, plus the change.
The account name is the key (keyring entry, store): an edit never changes it.
"""

from __future__ import annotations

import copy
from typing import Any

from inbox_tui.core.setup_draft import SMTP_PORTS, AccountDraft, EmailDraft, SmsDraft

# The keys each setup form shows a field for; everything else in a table is carried over.
FORM_KEYS: dict[str, frozenset[str]] = {
    "email": frozenset(
        {"name", "kind", "address", "display_name", "username", "imap", "smtp", "cafile"}
        | {"password_command"}
    ),
    "sms": frozenset(
        {"name", "kind", "gateway", "number", "url", "username", "account_sid"}
        | {"password_command"}
    ),
}


def draft_from_table(table: dict[str, Any]) -> AccountDraft:
    """The form's values for an account table (from a file that may hold anything)."""
    name = _str(table.get("name"))
    command = _str(table.get("password_command"))
    if table.get("kind") == "sms":
        gateway = _str(table.get("gateway"))
        return SmsDraft(
            name=name,
            gateway=gateway if gateway in ("kannel", "smsgate", "twilio") else "kannel",
            number=_str(table.get("number")),
            url=_str(table.get("url")),
            username=_str(table.get("username")),
            account_sid=_str(table.get("account_sid")),
            password_command=command,
        )
    address = _str(table.get("address"))
    imap, smtp = _dict(table.get("imap")), _dict(table.get("smtp"))
    smtp_port = _port(smtp.get("port"), 587)
    security = _str(smtp.get("security")) or ("tls" if smtp_port == 465 else "starttls")
    return EmailDraft(
        name=name,
        address=address,
        display_name=_str(table.get("display_name")),
        username=_str(table.get("username")) or address,
        imap_host=_str(imap.get("host")),
        imap_port=_port(imap.get("port"), 993),
        smtp_host=_str(smtp.get("host")),
        smtp_port=smtp_port,
        smtp_security=security if security in SMTP_PORTS else "starttls",
        cafile=_str(table.get("cafile")),
        password_command=command,
    )


def carried_keys(table: dict[str, Any]) -> list[str]:
    """The keys of a table that its form has no field for (kept as they are on save)."""
    form = FORM_KEYS.get(str(table.get("kind")), frozenset())
    return [key for key in table if key not in form]


def edited_table(original: dict[str, Any], draft: AccountDraft) -> dict[str, Any]:
    """The account's table after an edit: the form's keys from `draft`, the rest unchanged.

    Keys keep the original's order; a key the form writes that the original left to its
    default (username = the address, the SMTP security of the port) stays left out.
    """
    new = draft.to_table()
    new["name"] = original.get("name", new["name"])  # the key never changes in an edit
    form = FORM_KEYS[draft.kind]
    if draft.kind == "email" and "username" not in original and new["username"] == draft.address:
        new.pop("username")
    old_smtp, new_smtp = original.get("smtp"), new.get("smtp")
    if (
        isinstance(old_smtp, dict)
        and isinstance(new_smtp, dict)
        and "security" not in old_smtp
        and new_smtp.get("security") == ("tls" if new_smtp.get("port") == 465 else "starttls")
    ):
        new_smtp.pop("security")
    out: dict[str, Any] = {}
    for key, old in original.items():
        if key not in form:
            out[key] = copy.deepcopy(old)
        elif key in new:
            out[key] = _in_order(old, new[key])
    for key, value in new.items():
        if key in form and key not in out:
            out[key] = value
    return out


def _in_order(old: Any, new: Any) -> Any:
    """A sub-table (imap, smtp) in its old key order; other values as they are."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return new
    ordered = {k: new[k] for k in old if k in new}
    ordered.update((k, v) for k, v in new.items() if k not in ordered)
    return ordered


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _port(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
