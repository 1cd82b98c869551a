"""Answering read-receipt requests: every rule, table-driven (RFC 8098 cases included)."""

from __future__ import annotations

import pytest

from inbox_tui.core.receipt_policy import Decision, ReceiptRules, Request, decide

ME = ("maria@studio.example",)
LUCA = "luca@client.example"


def req(notify=(LUCA,), return_path=LUCA, sender=LUCA, to_cc=ME, mdn_sent=False) -> Request:
    return Request(tuple(notify), return_path, sender, tuple(to_cc), mdn_sent)


CASES = [
    # (name, request, rules, contact answer, expected)
    ("no request", req(notify=()), ReceiptRules("always"), None, Decision.NONE),
    ("already answered", req(mdn_sent=True), ReceiptRules("always"), None, Decision.NONE),
    ("default asks", req(), ReceiptRules(), None, Decision.ASK),
    ("never", req(), ReceiptRules("never"), None, Decision.NEVER),
    ("always, stranger, outside ask", req(), ReceiptRules("always"), None, Decision.ASK),
    ("always, outside always", req(), ReceiptRules("always", "never", "always"), None,
        Decision.SEND),
    ("contact always beats outside-domain", req(), ReceiptRules("ask"), "always", Decision.SEND),
    ("contact never", req(), ReceiptRules("always", "always", "always"), "never", Decision.NEVER),
    ("same domain, always", req(notify=("anna@studio.example",), return_path="anna@studio.example",
        sender="anna@studio.example"), ReceiptRules("always"), None, Decision.SEND),
    ("not in To/Cc → never", req(to_cc=("list@club.example",)),
        ReceiptRules("always", "never", "always"), None, Decision.NEVER),
    ("not in To/Cc even for a contact", req(to_cc=()), ReceiptRules(), "always", Decision.NEVER),
    ("not in To/Cc ask", req(to_cc=()), ReceiptRules("always", "ask", "always"), None,
        Decision.ASK),
    ("Return-Path differs → ask", req(return_path="bounce@mailer.example"),
        ReceiptRules("always", "never", "always"), None, Decision.ASK),
    ("no Return-Path → ask", req(return_path=None), ReceiptRules(), "always", Decision.ASK),
    ("several addresses → ask", req(notify=(LUCA, "boss@client.example")),
        ReceiptRules(), "always", Decision.ASK),
    ("odd casing still matches", req(notify=("Luca@Client.Example",), return_path=LUCA,
        to_cc=("MARIA@studio.example",)), ReceiptRules(), "always", Decision.SEND),
]  # fmt: skip


@pytest.mark.parametrize(("name", "request_", "rules", "contact", "expected"), CASES)
def test_rules(name: str, request_: Request, rules: ReceiptRules, contact, expected) -> None:
    assert decide(request_, rules, ME, contact) is expected, name
