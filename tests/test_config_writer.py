"""Writing the config: rendering with comments, round trips through the real loader, and the
file itself (mode 0600, atomic, never replaced without being asked, backup first)."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import date, datetime
from pathlib import Path

import keyring
import pytest
import tomllib
from hypothesis import given, settings
from hypothesis import strategies as st
from keyring.backends.fail import Keyring as FailKeyring
from test_config import MemoryKeyring

from inbox_tui.cli_setup import save_setup, system_timezone
from inbox_tui.config_file import load_config, parse_config_text
from inbox_tui.config_writer import render_config, write_config
from inbox_tui.core.config import EmailAccount, Endpoint, SmsAccount
from inbox_tui.core.setup_draft import (
    EmailDraft,
    SetupDraft,
    SetupSaveError,
    SmsDraft,
    account_from_table,
    account_name_for,
    account_problems,
    check_document,
    document,
    draft_from_document,
    guess_servers,
    parse_hours_field,
)
from inbox_tui.core.setup_edit import carried_keys, draft_from_table, edited_table
from inbox_tui.services.secrets import KEYRING_SERVICE, SecretError

EXAMPLE = Path(__file__).parent / "data" / "config.example.toml"
NOW = datetime(2026, 11, 20, 10, 30, 5)


def _draft() -> SetupDraft:
    draft = SetupDraft(name='Avv. Maria "Mary" Rossi', language="it", timezone="Europe/Rome")
    draft.accounts.append(
        EmailDraft(
            name="studio",
            address="maria@studio.test",
            display_name="Maria Rossi",
            imap_host="imap.studio.test",
            smtp_host="smtp.studio.test",
            smtp_port=465,
            smtp_security="tls",
            cafile="/etc/ssl/studio-ca.pem",
        )
    )
    draft.accounts.append(
        SmsDraft(
            "sms", "kannel", "+390212345678", "http://127.0.0.1:13013/cgi-bin/sendsms", "inbox"
        )
    )
    return draft


# --- the draft's defaults -------------------------------------------------------------------


def test_guesses_from_the_address() -> None:
    g = guess_servers("maria@Studio-Rossi.example")
    assert (g.imap_host, g.imap_port) == ("imap.studio-rossi.example", 993)
    assert (g.smtp_host, g.smtp_port, g.smtp_security) == (
        "smtp.studio-rossi.example",
        587,
        "starttls",
    )
    assert guess_servers("x@studio.example", "tls").smtp_port == 465
    assert guess_servers("someone@libero.it").smtp_host == "smtp.libero.it"
    assert account_name_for("maria@studio.example", set()) == "studio"
    assert account_name_for("maria@studio.example", {"studio"}) == "studio-2"


def test_hours_field() -> None:
    assert parse_hours_field("9:00-13:00, 14:00-18:00") == ["09:00-13:00", "14:00-18:00"]
    assert parse_hours_field("") == [] and parse_hours_field(" - ") == []
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_hours_field("18:00-09:00")


def test_default_draft_loads_with_monday_to_friday_hours() -> None:
    config = parse_config_text(render_config(document(SetupDraft())), "x")
    office = ((9 * 60, 13 * 60), (14 * 60, 18 * 60))
    assert [config.work_hours.days[d] for d in range(7)] == [office] * 5 + [()] * 2


def test_account_problems_come_from_the_loader() -> None:
    bad = EmailDraft(name="studio", address="not-an-address", imap_host="", smtp_host="h")
    problems = dict(account_problems(bad.to_table(), {"studio"}))
    assert "name" in problems and "exists already" in problems["name"]
    assert "address" in problems
    assert account_problems(_draft().accounts[0].to_table(), set()) == []


# --- rendering and round trips --------------------------------------------------------------


def test_contract_example_round_trips_with_the_same_values() -> None:
    doc = tomllib.loads(EXAMPLE.read_text())
    text = render_config(doc)
    assert tomllib.loads(text) == doc
    assert parse_config_text(text, "new") == parse_config_text(EXAMPLE.read_text(), "old")
    # Starting setup from it and changing nothing gives the same document back.
    assert document(draft_from_document(doc, "UTC")) == doc


def test_every_section_has_its_comment() -> None:
    lines = render_config(tomllib.loads(EXAMPLE.read_text())).splitlines()
    headers = [i for i, line in enumerate(lines) if line.startswith("[")]
    assert len(headers) == 9  # five sections, two accounts, two contacts
    first_contact = lines.index("[[contacts]]")
    for i in headers:
        if lines[i] != "[[contacts]]" or i == first_contact:  # one comment for all contacts
            assert lines[i - 1].startswith("# "), lines[i]
    assert lines[0].startswith("# inbox-tui configuration")


def test_setup_draft_round_trip_through_the_loader() -> None:
    text = render_config(document(_draft()), stamp="written by a test")
    config = parse_config_text(text, "x")
    assert config.profile.name == 'Avv. Maria "Mary" Rossi'
    assert (config.profile.language, config.profile.timezone) == ("it", "Europe/Rome")
    studio, sms = config.accounts
    assert studio == EmailAccount(
        name="studio",
        address="maria@studio.test",
        display_name="Maria Rossi",
        username="maria@studio.test",
        imap=Endpoint("imap.studio.test", 993, "tls"),
        smtp=Endpoint("smtp.studio.test", 465, "tls"),
        cafile="/etc/ssl/studio-ca.pem",
    )
    assert sms == SmsAccount(
        "sms", "kannel", "+390212345678", "http://127.0.0.1:13013/cgi-bin/sendsms", "inbox"
    )
    assert "inbox-tui secret set studio" in text  # the comment says where the password is


def test_user_text_cannot_break_out_of_a_comment_or_a_string() -> None:
    draft = _draft()
    draft.accounts[1].name = 'x\n[profile]\nname = "evil"\x1b]52;c;aGk=\x07'
    text = render_config(document(draft))
    config = parse_config_text(text, "x")
    assert config.accounts[1].name == draft.accounts[1].name
    assert config.profile.name == draft.name
    assert "\x1b" not in text and "\x07" not in text


_values = st.recursive(
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text()
    | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=120, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1),
        st.dictionaries(st.text(min_size=1), _values, max_size=5),
        max_size=4,
    ),
    st.text(),
)
def test_any_document_round_trips(doc: dict, signature: str) -> None:
    doc = {**doc, "profile": {"signature": signature, "name": signature[:5]}}
    assert tomllib.loads(render_config(doc)) == doc


def test_dates_times_and_floats_render_as_toml() -> None:
    doc = {"x": {"d": date(2027, 4, 25), "t": datetime(2026, 1, 2, 3, 4, 5), "f": float("inf")}}
    assert tomllib.loads(render_config(doc)) == doc


# --- editing an account ----------------------------------------------------------------------

HAND_WRITTEN = {
    "name": "studio",
    "kind": "email",
    "address": "maria@studio.test",
    "imap": {"port": 1993, "host": "imap.studio.test"},
    "smtp": {"host": "smtp.studio.test", "port": 465},
    "tls": "insecure",
    "folders": ["INBOX", "Clienti"],
    "receipts": {"request_read": True},
}


def test_editing_and_changing_nothing_gives_the_same_tables() -> None:
    tables = tomllib.loads(EXAMPLE.read_text())["accounts"] + [HAND_WRITTEN]
    tables += [a.to_table() for a in _draft().accounts]
    tables.append({"name": "t", "kind": "sms", "gateway": "twilio", "account_sid": "AC1"})
    for table in tables:
        again = edited_table(table, draft_from_table(table))
        assert again == table and list(again) == list(table)
        assert json.dumps(again) == json.dumps(table)  # sub-tables in their order too
    for account in _draft().accounts:
        assert draft_from_table(account.to_table()).to_table() == account.to_table()


def test_an_edit_changes_the_form_keys_and_carries_the_others() -> None:
    draft = draft_from_table(HAND_WRITTEN)
    assert isinstance(draft, EmailDraft)
    assert (draft.username, draft.imap_port, draft.smtp_security) == (
        "maria@studio.test",
        1993,
        "tls",
    )
    assert carried_keys(HAND_WRITTEN) == ["tls", "folders", "receipts"]
    draft.imap_port, draft.smtp_port, draft.smtp_security = 993, 587, "starttls"
    draft.username, draft.name = "maria", "renamed"  # a name never changes in an edit
    table = edited_table(HAND_WRITTEN, draft)
    assert table == {
        **HAND_WRITTEN,
        "imap": {"port": 993, "host": "imap.studio.test"},
        "smtp": {"host": "smtp.studio.test", "port": 587},  # 587 implies starttls: left out
        "username": "maria",
    }
    assert list(table)[-1] == "username"  # a new key goes after the old ones
    assert check_document({"accounts": [table]}) == []
    account = account_from_table(table)
    assert isinstance(account, EmailAccount) and account.tls_insecure
    assert account.folders == ("INBOX", "Clienti") and account.smtp.security == "starttls"
    assert HAND_WRITTEN["imap"] == {"port": 1993, "host": "imap.studio.test"}  # not touched


def test_an_sms_edit_to_another_gateway_drops_the_old_gateways_keys() -> None:
    kannel = _draft().accounts[1].to_table()
    draft = draft_from_table(kannel)
    assert isinstance(draft, SmsDraft)
    draft.gateway, draft.account_sid = "twilio", "AC123"
    table = edited_table(kannel, draft)
    assert table == {
        "name": "sms",
        "kind": "sms",
        "gateway": "twilio",
        "number": "+390212345678",
        "account_sid": "AC123",
    }
    assert check_document({"accounts": [table]}) == []


def test_odd_values_in_a_file_become_form_defaults() -> None:
    odd = {"name": "x", "kind": "email", "imap": "nope", "smtp": {"port": True}, "address": 3}
    draft = draft_from_table(odd)
    assert isinstance(draft, EmailDraft)
    assert (draft.address, draft.imap_port, draft.smtp_port, draft.imap_host) == ("", 993, 587, "")
    sms = draft_from_table({"name": "s", "kind": "sms", "gateway": "pager"})
    assert isinstance(sms, SmsDraft) and sms.gateway == "kannel"


def test_an_edited_kept_account_stays_in_its_place() -> None:
    doc = tomllib.loads(EXAMPLE.read_text())
    draft = draft_from_document(doc, "UTC")
    first = draft.kept_accounts[0]
    edit = draft_from_table(first)
    assert isinstance(edit, EmailDraft)
    edit.imap_host = "mail.studio-rossi.example"
    draft.kept_accounts[0] = edited_table(first, edit)
    out = document(draft)
    assert [a["name"] for a in out["accounts"]] == ["studio", "sms"]
    assert out["accounts"][0]["imap"]["host"] == "mail.studio-rossi.example"
    assert out["accounts"][1] == doc["accounts"][1]
    assert {k: v for k, v in out.items() if k != "accounts"} == {
        k: v for k, v in doc.items() if k != "accounts"
    }


def test_an_empty_password_uses_the_secret_already_stored(memory_keyring: MemoryKeyring) -> None:
    from inbox_tui.ui.setup_edit import stored_secret

    account = account_from_table(_draft().accounts[0].to_table())
    with pytest.raises(SecretError, match="inbox-tui secret set studio"):
        stored_secret(account, None)
    memory_keyring.data[(KEYRING_SERVICE, "studio")] = "in-the-keyring"
    assert stored_secret(account, None) == "in-the-keyring"
    assert stored_secret(account, "typed-earlier") == "typed-earlier"  # not saved yet


# --- the file --------------------------------------------------------------------------------


def test_written_with_mode_0600_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    old = os.umask(0)
    try:
        assert write_config(path, "a = 1\n") is None
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "a = 1\n"
    assert os.listdir(path.parent) == ["config.toml"]  # no temp file left behind


def test_existing_file_is_kept_unless_replace_and_then_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("old = true\n")
    with pytest.raises(FileExistsError):
        write_config(path, "new = true\n")
    assert path.read_text() == "old = true\n"
    backup = write_config(path, "new = true\n", replace=True, now=NOW)
    assert backup == tmp_path / "config.toml.bak-20261120-103005"
    assert backup.read_text() == "old = true\n" and path.read_text() == "new = true\n"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    second = write_config(path, "newer = true\n", replace=True, now=NOW)
    assert second is not None and second != backup and second.read_text() == "new = true\n"


def test_symlinked_config_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("old = 1\n")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    write_config(link, "new = 1\n", replace=True, now=NOW)
    assert link.is_symlink() and real.read_text() == "new = 1\n"


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_save_puts_the_secret_in_the_keyring_and_never_in_the_file(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "config.toml"
    outcome = save_setup(path, _draft(), {"studio": "hunter2-Pw"}, replace=False, now=NOW)
    assert outcome.path == path and outcome.backup is None
    assert memory_keyring.data[(KEYRING_SERVICE, "studio")] == "hunter2-Pw"
    assert "hunter2" not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [a.name for a in load_config(path).accounts] == ["studio", "sms"]


def test_without_a_keyring_nothing_is_written(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        with pytest.raises(SetupSaveError, match="keyrings.alt") as err:
            save_setup(tmp_path / "config.toml", _draft(), {"studio": "pw"}, replace=False)
    finally:
        keyring.set_keyring(previous)
    assert "password_command" in str(err.value) and "pw" not in str(err.value).split()
    assert not (tmp_path / "config.toml").exists()


def test_invalid_draft_is_refused_before_anything_is_written(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    draft = _draft()
    draft.timezone = "Mars/Olympus"
    with pytest.raises(SetupSaveError, match="unknown timezone"):
        save_setup(tmp_path / "config.toml", draft, {"studio": "pw"}, replace=False)
    assert not (tmp_path / "config.toml").exists() and memory_keyring.data == {}


def test_system_timezone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert system_timezone() == "America/New_York"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert system_timezone() != "Not/AZone"


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip("POSIX file modes")
