"""Receipts per account and per contact: parsing, precedence, storage and vCard import."""

from __future__ import annotations

from pathlib import Path

import pytest

from inbox_tui.config_file import format_problems, parse_config_text
from inbox_tui.core.addresses import email_address
from inbox_tui.core.config import AccountReceipts, Config, ConfigError, EmailAccount
from inbox_tui.core.models import Contact
from inbox_tui.core.receipt_policy import ReceiptRules
from inbox_tui.core.receipt_settings import answer_rules, contact_answer, request_settings
from inbox_tui.services.contacts_import import import_vcards
from inbox_tui.store import Store

EMAIL = (
    '[[accounts]]\nname = "studio"\nkind = "email"\naddress = "m@studio.example"\n'
    'imap = { host = "h" }\nsmtp = { host = "h" }\n'
)
SMS = (
    '[[accounts]]\nname = "sms"\nkind = "sms"\ngateway = "kannel"\nnumber = "+390212345678"\n'
    'url = "http://127.0.0.1:13013/cgi-bin/sendsms"\n'
)


def problems(text: str) -> list:
    with pytest.raises(ConfigError) as info:
        parse_config_text(text, "c.toml")
    return info.value.problems


def test_account_and_contact_receipts_parse() -> None:
    config = parse_config_text(
        EMAIL
        + 'receipts = { request_read = true, answer = "never" }\n'
        + SMS
        + '[[contacts]]\nname = "Luca"\nemails = ["l@x.example"]\n'
        "request_read = false\nrequest_delivery = true\n",
        "c.toml",
    )
    studio, sms = config.accounts
    assert isinstance(studio, EmailAccount)
    assert studio.receipts == AccountReceipts(request_read=True, answer="never")
    assert not hasattr(sms, "receipts")
    (luca,) = config.contacts_as_models()
    assert (luca.request_read, luca.request_delivery) == (False, True)


def test_absent_receipts_inherit_everything() -> None:
    config = parse_config_text(EMAIL + '[[contacts]]\nname = "L"\n', "c.toml")
    assert config.accounts[0].receipts == AccountReceipts()
    (contact,) = config.contacts_as_models()
    assert contact.request_read is None and contact.request_delivery is None


def test_bad_account_receipts_are_named_with_their_line() -> None:
    found = problems(
        EMAIL
        + 'receipts = { answr = "never", request_read = "yes", answer_outside_domain = "maybe" }\n'
    )
    assert {(p.key, p.line) for p in found} == {
        ("accounts[0].receipts.answr", 7),
        ("accounts[0].receipts.request_read", 7),
        ("accounts[0].receipts.answer_outside_domain", 7),
    }
    typo = next(p for p in found if p.key.endswith("answr"))
    assert "did you mean 'answer'" in typo.fix
    assert "c.toml:7: accounts[0].receipts.answr: unknown key" in format_problems(found)


def test_account_receipts_must_be_a_table() -> None:
    (p,) = problems(EMAIL + 'receipts = "always"\n')
    assert (p.key, p.line) == ("accounts[0].receipts", 7) and "receipts = {" in p.fix


def test_sms_account_refuses_receipts() -> None:
    (p,) = problems(SMS + "receipts = { request_read = true }\n")
    assert (p.key, p.line) == ("accounts[0].receipts", 7)
    assert "email accounts only" in p.message and "unknown key" not in p.message


def test_bad_contact_request_flags() -> None:
    found = problems('[[contacts]]\nname = "L"\nrequest_read = "yes"\nrequest_delivery = 1\n')
    assert {(p.key, p.line) for p in found} == {
        ("contacts[0].request_read", 3),
        ("contacts[0].request_delivery", 4),
    }


def _config(account: str, global_: str = "") -> Config:
    return parse_config_text(f"[receipts]\n{global_}\n" + EMAIL + account + SMS, "c.toml")


def _contact(read: bool | None = None, delivery: bool | None = None) -> Contact:
    return Contact(None, "L", request_read=read, request_delivery=delivery)


# (global, account, contact read/delivery, expected (read, delivery))
PRECEDENCE = [
    ("", "", (None, None), (False, True)),  # built-in defaults
    ("request_read = true\nrequest_delivery = false", "", (None, None), (True, False)),
    ("request_read = true", "receipts = { request_read = false }\n", (None, None), (False, True)),
    ("", "receipts = { request_delivery = false }\n", (None, None), (False, False)),
    ("", "receipts = { request_read = true }\n", (False, None), (False, True)),
    ("request_delivery = false", "", (None, True), (False, True)),
    ("", "receipts = { request_read = false, request_delivery = false }\n", (True, True),
     (True, True)),
]  # fmt: skip


@pytest.mark.parametrize(("global_", "account", "contact", "expected"), PRECEDENCE)
def test_request_settings_precedence(
    global_: str, account: str, contact: tuple, expected: tuple[bool, bool]
) -> None:
    config = _config(account, global_)
    assert request_settings(config, "studio", _contact(*contact)) == expected


def test_request_settings_without_contact_or_for_other_accounts() -> None:
    config = _config("receipts = { request_read = true }\n", "request_delivery = false")
    assert request_settings(config, "studio", None) == (True, False)
    # SMS and unknown accounts carry no overrides: only the global section applies.
    assert request_settings(config, "sms", None) == (False, False)
    assert request_settings(config, "gone", _contact(read=True)) == (True, False)


def test_answer_rules_account_over_global() -> None:
    config = _config(
        'receipts = { answer = "always", answer_outside_domain = "never" }\n',
        'answer = "never"\nanswer_not_in_to_cc = "ask"',
    )
    assert answer_rules(config, "studio") == ReceiptRules("always", "ask", "never")
    assert answer_rules(config, "sms") == ReceiptRules("never", "ask", "ask")
    assert answer_rules(Config(), "studio") == ReceiptRules()


def test_contact_answer() -> None:
    assert contact_answer(None) is None
    assert contact_answer(Contact(None, "L", receipts="always")) == "always"


@pytest.mark.parametrize("values", [(True, False), (False, True), (None, None)])
def test_store_round_trip(tmp_path: Path, values: tuple[bool | None, bool | None]) -> None:
    store = Store(tmp_path / "x.db")
    try:
        addr = [email_address("l@x.example")]
        cid = store.contacts.upsert(Contact(None, "L", addr, request_read=True))
        read, delivery = values
        again = Contact(None, "L", addr, request_read=read, request_delivery=delivery)
        assert store.contacts.upsert(again) == cid  # an update replaces, as for `receipts`
        got = store.contacts.get(cid)
        assert got is not None and (got.request_read, got.request_delivery) == values
        assert [(c.request_read, c.request_delivery) for c in store.contacts.all()] == [values]
    finally:
        store.close()


def test_vcard_import_keeps_request_flags(store: Store, tmp_path: Path) -> None:
    kept = store.contacts.upsert(
        Contact(
            None,
            "Bob",
            [email_address("bob@x.it")],
            receipts="never",
            request_read=True,
            request_delivery=False,
        )
    )
    vcf = tmp_path / "c.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Robert\nEMAIL:bob@x.it\nEND:VCARD\n")
    assert import_vcards(store, vcf, "IT").updated == 1
    bob = store.contacts.get(kept)
    assert bob is not None and bob.name == "Robert" and bob.receipts == "never"
    assert (bob.request_read, bob.request_delivery) == (True, False)
