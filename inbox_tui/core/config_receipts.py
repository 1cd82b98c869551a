"""Receipt settings that can be narrowed per email account (`receipts = { … }`).

Kept apart from config.py so the account parser can use it without importing the whole
config (which imports the accounts), and so both levels share one list of answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inbox_tui.core.config_checks import Checker, KeyPath

RECEIPT_ANSWERS = ("never", "ask", "always")
RECEIPT_KEYS = frozenset(
    {"request_read", "request_delivery", "answer", "answer_not_in_to_cc", "answer_outside_domain"}
)


@dataclass(frozen=True, slots=True)
class AccountReceipts:
    """An account's overrides of [receipts]; None inherits the global value."""

    request_read: bool | None = None
    request_delivery: bool | None = None
    answer: str | None = None
    answer_not_in_to_cc: str | None = None
    answer_outside_domain: str | None = None


def parse_account_receipts(ck: Checker, account: dict[str, Any], p: KeyPath) -> AccountReceipts:
    """The account's inline `receipts` table; `p` is the account's own path."""
    path = (*p, "receipts")
    t = account.get("receipts")
    if t is None:
        return AccountReceipts()
    if not isinstance(t, dict):
        # Checker.table would suggest a `[receipts]` header, which here means the global one.
        ck.fail(path, "must be a table", 'e.g. receipts = { request_read = true, answer = "ask" }')
        return AccountReceipts()
    ck.only_keys(t, path, set(RECEIPT_KEYS))
    return AccountReceipts(
        request_read=ck.opt_boolean(t, path, "request_read"),
        request_delivery=ck.opt_boolean(t, path, "request_delivery"),
        answer=ck.choice(t, path, "answer", RECEIPT_ANSWERS, None),
        answer_not_in_to_cc=ck.choice(t, path, "answer_not_in_to_cc", RECEIPT_ANSWERS, None),
        answer_outside_domain=ck.choice(t, path, "answer_outside_domain", RECEIPT_ANSWERS, None),
    )
