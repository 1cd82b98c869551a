"""Which receipt settings apply to one message: contact over account over [receipts].

Pure lookups over the config and a contact, so the send path and the reading pane resolve
the levels the same way. The consent decision itself stays in `receipt_policy`. Callers
pass the contact as `services.contact_settings.effective_contact` returns it, so what the
contact screen set counts over the config's `[[contacts]]` values.
"""

from __future__ import annotations

from inbox_tui.core.config import Config
from inbox_tui.core.config_accounts import EmailAccount
from inbox_tui.core.config_receipts import AccountReceipts
from inbox_tui.core.models import Contact
from inbox_tui.core.receipt_policy import ReceiptRules


def _account_receipts(config: Config, account_name: str) -> AccountReceipts:
    account = config.account(account_name)
    # An SMS or unknown account has no overrides: the global section alone applies.
    return account.receipts if isinstance(account, EmailAccount) else AccountReceipts()


def request_settings(
    config: Config, account_name: str, contact: Contact | None
) -> tuple[bool, bool]:
    """(request_read, request_delivery) for an outgoing email to `contact`."""
    account = _account_receipts(config, account_name)
    read, delivery = config.receipts.request_read, config.receipts.request_delivery
    if account.request_read is not None:
        read = account.request_read
    if account.request_delivery is not None:
        delivery = account.request_delivery
    if contact is not None:
        if contact.request_read is not None:
            read = contact.request_read
        if contact.request_delivery is not None:
            delivery = contact.request_delivery
    return read, delivery


def answer_rules(config: Config, account_name: str) -> ReceiptRules:
    """How the account answers read-receipt requests (before any contact override)."""
    account = _account_receipts(config, account_name)
    glob = config.receipts
    return ReceiptRules(
        answer=account.answer or glob.answer,
        not_in_to_cc=account.answer_not_in_to_cc or glob.answer_not_in_to_cc,
        outside_domain=account.answer_outside_domain or glob.answer_outside_domain,
    )


def contact_answer(contact: Contact | None) -> str | None:
    """The contact's own answer, passed to `receipt_policy.decide` as `contact_answer`."""
    return contact.receipts if contact is not None else None
