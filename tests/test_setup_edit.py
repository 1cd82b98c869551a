"""Editing an existing account in `inbox-tui setup`, through the real screens and servers.

The config is written by hand as a user would (with keys setup has no field for); the
secrets are already in the file-backed test keyring. An edit with the password left empty
must log in with the stored secret, change only what was changed, and write nothing to
the keyring; Esc must leave the account as it was.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import test_setup_ui
import tomllib
from test_setup_ui import SIZE, fill, press_button, shown
from textual.widgets import Input, OptionList, Select

from inbox_tui.cli_setup import make_setup_app
from inbox_tui.config_file import load_config
from inbox_tui.core.config import EmailAccount, SmsAccount
from inbox_tui.ui.screens.setup_accounts_screen import AccountsScreen
from inbox_tui.ui.screens.setup_email_screen import EmailAccountScreen
from inbox_tui.ui.screens.setup_sms_screen import SmsAccountScreen
from servers import free_port
from ui_helpers import until

file_keyring = test_setup_ui.file_keyring  # the same file-backed test keyring fixture


def write_config(path: Path, imap_port: int, smtp_port: int, cafile: str, sms_url: str) -> str:
    text = f"""# written by hand
[profile]
name = "Maria"
language = "it"
timezone = "Europe/Rome"

[[accounts]]
name = "studio"
kind = "email"
address = "maria@studio.test"
display_name = "Maria Rossi"
imap = {{ host = "127.0.0.1", port = {imap_port} }}
smtp = {{ host = "127.0.0.1", port = {smtp_port}, security = "starttls" }}
cafile = "{cafile}"
folders = ["INBOX", "Clienti"]
receipts = {{ request_read = true, answer = "always" }}

[[accounts]]
name = "sms"
kind = "sms"
gateway = "kannel"
number = "+390212345678"
url = "{sms_url}"
username = "inbox"

[[contacts]]
name = "Luca"
emails = ["luca@example.org"]
"""
    path.write_text(text)
    return text


def seed_keyring(store: Path, studio: str, sms: str) -> str:
    data = json.dumps({"inbox-tui/studio": studio, "inbox-tui/sms": sms})
    store.write_text(data)
    return data


async def open_edit(pilot, app, index: int, key: str = "enter") -> None:
    """From the profile step: to the accounts list, then Enter (or e) on account `index`."""
    await press_button(pilot, app, "next")
    await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
    await open_edit_here(pilot, app, index, key)


async def open_edit_here(pilot, app, index: int, key: str = "enter") -> None:
    accounts = app.screen.query_one("#accounts", OptionList)
    accounts.focus()
    accounts.highlighted = index
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, EmailAccountScreen | SmsAccountScreen))


async def save_replacing(pilot, app) -> None:
    await press_button(pilot, app, "save")
    await until(pilot, lambda: "Replace the existing config file?" in shown(app))
    await pilot.press("y")
    await until(pilot, lambda: app.return_value is not None, 20)


async def test_edit_email_port_with_the_stored_password(
    tmp_path: Path, file_keyring: Path, dovecot, smtp_server, kannel
) -> None:
    path = tmp_path / "config.toml"
    wrong = free_port()
    old = write_config(
        path, wrong, smtp_server.starttls_port, str(dovecot.cafile), kannel.sendsms_url
    )
    secrets = seed_keyring(file_keyring, "maria-pw", kannel.password)
    old_doc = tomllib.loads(old)
    app = make_setup_app(path, check_timeout=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await open_edit(pilot, app, 0)
        form = app.screen
        assert isinstance(form, EmailAccountScreen)
        values = {i.id: i.value for i in form.query(Input)}
        assert values == {
            "address": "maria@studio.test",
            "display": "Maria Rossi",
            "name": "studio",
            "imap_host": "127.0.0.1",
            "imap_port": str(wrong),
            "smtp_host": "127.0.0.1",
            "smtp_port": str(smtp_server.starttls_port),
            "username": "maria@studio.test",
            "password": "",
            "password_command": "",
            "cafile": str(dovecot.cafile),
        }
        assert form.query_one("#smtp_security", Select).value == "starttls"
        assert form.query_one("#name", Input).disabled  # the name is the key: fixed
        text = shown(app)
        assert "Editing account studio" in text and "Kept as they are" in text
        assert "folders, receipts" in text

        # Password left empty: the stored one logs in to SMTP; IMAP's port is the wrong one.
        await press_button(pilot, app, "test")
        await until(pilot, lambda: "refused the connection" in shown(app), 20)
        text = shown(app)
        assert f"nothing listens on port {wrong}" in text
        assert f"logged in to 127.0.0.1:{smtp_server.starttls_port} as maria@studio" in text
        assert isinstance(app.screen, EmailAccountScreen)

        fill(app, imap_port=str(dovecot.imaps_port))
        await press_button(pilot, app, "test")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen), 20)
        assert "studio: connection and login tested" in shown(app)
        assert "(edited)" in shown(app)
        assert app.secrets == {}  # nothing typed: nothing for the keyring
        await save_replacing(pilot, app)

    doc = tomllib.loads(path.read_text())
    studio, sms = doc["accounts"]
    expected = old_doc["accounts"][0]
    expected["imap"]["port"] = dovecot.imaps_port
    assert studio == expected  # the hand-added folders and receipts too
    assert list(studio) == list(expected)  # same keys, same order (no username added)
    assert sms == old_doc["accounts"][1]
    assert doc["contacts"] == old_doc["contacts"]
    assert file_keyring.read_text() == secrets
    (backup,) = tmp_path.glob("config.toml.bak-*")
    assert backup.read_text() == old
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    config = load_config(path)
    account = config.accounts[0]
    assert isinstance(account, EmailAccount) and account.folders == ("INBOX", "Clienti")
    assert account.receipts.request_read is True and account.imap.port == dovecot.imaps_port


async def test_edit_sms_number_test_with_the_stored_secret_then_replace_it(
    tmp_path: Path, file_keyring: Path, kannel
) -> None:
    path = tmp_path / "config.toml"
    old = write_config(path, 993, 587, "/etc/ssl/studio-ca.pem", kannel.sendsms_url)
    secrets = seed_keyring(file_keyring, "maria-pw", kannel.password)
    app = make_setup_app(path, check_timeout=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await open_edit(pilot, app, 1, key="e")
        form = app.screen
        assert isinstance(form, SmsAccountScreen)
        assert form.query_one("#gateway", Select).value == "kannel"
        values = {i.id: i.value for i in form.query(Input)}
        assert values["name"] == "sms" and form.query_one("#name", Input).disabled
        assert values["number"] == "+390212345678" and values["url"] == kannel.sendsms_url
        assert (values["username"], values["secret"]) == ("inbox", "")
        fill(app, number="+390298765432", test_to="333 1234567")
        await press_button(pilot, app, "test")  # secret left empty: the stored one is used
        await until(pilot, lambda: "accepted the test SMS" in shown(app), 20)
        (mt,) = kannel.smsc.wait_mt(1)
        assert mt.receiver == "+393331234567"
        fill(app, secret="rotated-secret")  # typed: replaces the stored one on save
        await press_button(pilot, app, "add")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        assert "sms: changed" in shown(app) and "+390298765432" in shown(app)
        await save_replacing(pilot, app)

    doc, old_doc = tomllib.loads(path.read_text()), tomllib.loads(old)
    assert doc["accounts"][0] == old_doc["accounts"][0]
    expected = dict(old_doc["accounts"][1], number="+390298765432")
    assert doc["accounts"][1] == expected
    stored = json.loads(file_keyring.read_text())
    assert stored == dict(json.loads(secrets), **{"inbox-tui/sms": "rotated-secret"})
    assert "rotated-secret" not in path.read_text()
    sms = load_config(path).accounts[1]
    assert isinstance(sms, SmsAccount) and sms.number == "+390298765432"


async def test_escape_leaves_the_account_as_it_was(tmp_path: Path, file_keyring: Path) -> None:
    path = tmp_path / "config.toml"
    old = write_config(path, 993, 587, "/etc/ssl/studio-ca.pem", "http://127.0.0.1:9/x")
    app = make_setup_app(path, check_timeout=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await open_edit(pilot, app, 0)
        # Nothing stored for the account yet: an empty password says so, before any network.
        await press_button(pilot, app, "test")
        await until(pilot, lambda: "Stored password" in shown(app), 20)
        assert "inbox-tui secret set studio" in shown(app)
        fill(app, imap_port="1143", smtp_host="elsewhere.test", password="typed-pw")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        assert "(edited)" not in shown(app)
        await open_edit_here(pilot, app, 1)
        fill(app, number="+390298765432", secret="typed-secret")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        assert app.secrets == {}
        await save_replacing(pilot, app)
    doc, old_doc = tomllib.loads(path.read_text()), tomllib.loads(old)
    assert doc["accounts"] == old_doc["accounts"]
    assert not file_keyring.exists()  # nothing was written to the keyring


@pytest.mark.parametrize("key", ["enter", "e"])
async def test_edit_an_account_added_in_this_setup(
    tmp_path: Path, file_keyring: Path, key: str
) -> None:
    """An account added in this run (not saved yet) edits the same way, its typed secret
    kept when the field is left empty."""
    path = tmp_path / "config.toml"
    app = make_setup_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await press_button(pilot, app, "next")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        await press_button(pilot, app, "add-sms")
        await until(pilot, lambda: isinstance(app.screen, SmsAccountScreen))
        fill(app, number="+390212345678", username="inbox", secret="gw-secret")
        await press_button(pilot, app, "add")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        await open_edit_here(pilot, app, 0, key)
        assert app.screen.query_one("#number", Input).value == "+390212345678"
        fill(app, number="+390298765432")
        await press_button(pilot, app, "add")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        assert len(app.draft.accounts) == 1 and app.secrets == {"sms": "gw-secret"}
        await press_button(pilot, app, "save")
        await until(pilot, lambda: app.return_value is not None, 20)
    (sms,) = load_config(path).accounts
    assert isinstance(sms, SmsAccount) and sms.number == "+390298765432"
    assert json.loads(file_keyring.read_text()) == {"inbox-tui/sms": "gw-secret"}
