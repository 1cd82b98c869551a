"""The first-run setup, driven by keys through the real screens, against the real servers.

Secrets go to a file-backed test keyring (the one tests/test_cli.py uses in subprocesses),
set in-process here; what the screens say is read back from the rendered terminal.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from keyring_backends.file_keyring import PlainFileKeyring
from textual.widgets import Button, Input, Static

from inbox_tui.cli_setup import make_setup_app
from inbox_tui.config_file import load_config
from inbox_tui.core.config import EmailAccount, SmsAccount
from inbox_tui.core.setup_draft import SaveOutcome
from inbox_tui.services.account_check import CheckResult, Problem
from inbox_tui.ui.screens.setup_accounts_screen import AccountsScreen
from inbox_tui.ui.screens.setup_email_screen import EmailAccountScreen
from inbox_tui.ui.screens.setup_sms_screen import SmsAccountScreen
from inbox_tui.ui.setup_form import results_text
from servers import free_port
from servers.dovecot import DovecotServer
from servers.kannel import KannelServer
from servers.smtp import SmtpServer
from ui_helpers import screen_text, until

SIZE = (110, 80)


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "keyring.json"
    monkeypatch.setenv("TEST_KEYRING_FILE", str(store))
    previous = keyring.get_keyring()
    keyring.set_keyring(PlainFileKeyring())
    yield store
    keyring.set_keyring(previous)


def shown(app) -> str:
    """The rendered terminal as one line of words: wrapped sentences read whole."""
    return " ".join(screen_text(app).split())


def fill(app, **values: str) -> None:
    for input_id, value in values.items():
        app.screen.query_one(f"#{input_id}", Input).value = value


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["at" if c == "@" else "full_stop" if c == "." else c for c in text])


async def press_button(pilot, app, button_id: str) -> None:
    button = app.screen.query_one(f"#{button_id}", Button)
    # Textual ignores Enter on a button during its 0.2 s "pressed" effect: a check that
    # answers faster than that (a refused port) swallowed the next press on fast machines.
    await until(pilot, lambda: not button.disabled and not button.has_class("-active"))
    button.focus()
    await pilot.press("enter")


async def add_email_account(pilot, app, dovecot: DovecotServer, smtp: SmtpServer) -> None:
    """On the accounts screen: open the email form, type the address, point it at the test
    servers; the password is left for the caller."""
    assert isinstance(app.screen, AccountsScreen)
    await pilot.press("enter")  # "Add email account" has the focus
    await until(pilot, lambda: isinstance(app.screen, EmailAccountScreen))
    # Typed as a paste arrives (one change event per key would cost ~0.1 s each here).
    fill(app, address="maria@studio.t")
    await type_text(pilot, "est")
    form = app.screen
    # Guessed from the address, and kept in step with it as it was typed.
    assert form.query_one("#name", Input).value == "studio"
    assert form.query_one("#username", Input).value == "maria@studio.test"
    assert form.query_one("#imap_host", Input).value == "imap.studio.test"
    assert form.query_one("#smtp_port", Input).value == "587"
    fill(
        app,
        imap_host="127.0.0.1",
        imap_port=str(dovecot.imaps_port),
        smtp_host="127.0.0.1",
        smtp_port=str(smtp.starttls_port),
        cafile=str(dovecot.cafile),
    )


async def test_first_run_through_every_step(
    tmp_path: Path, file_keyring: Path, dovecot, smtp_server, kannel: KannelServer
) -> None:
    path = tmp_path / "conf" / "config.toml"
    app = make_setup_app(path, check_timeout=5.0)
    async with app.run_test(size=SIZE) as pilot:
        # 1/2 — profile: typed name, Italian picked from the list, Rome, default hours.
        await type_text(pilot, "Maria")
        await pilot.press("tab", "enter", "down", "enter")  # language: English → Italiano
        await pilot.press("tab")
        fill(app, timezone="Europe/Rome")
        assert "09:00-13:00, 14:00-18:00" in shown(app)
        await press_button(pilot, app, "next")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        assert app.draft.language == "it" and app.draft.name == "Maria"

        # 2/2 — email: a wrong password, then a refused port, then right.
        await add_email_account(pilot, app, dovecot, smtp_server)
        fill(app, password="wrong-password")
        await press_button(pilot, app, "test")
        await until(pilot, lambda: "the server said" in shown(app), 20)
        text = shown(app)
        assert "IMAP 127.0.0.1" in text and "SMTP 127.0.0.1" in text
        assert text.count("refused the login for maria@studio.test") == 2
        assert "AUTHENTICATIONFAILED" in text and "535" in text
        assert "wrong-password" not in text

        closed = free_port()
        fill(app, password="maria-pw", imap_port=str(closed))
        await press_button(pilot, app, "test")
        await until(pilot, lambda: "refused the connection" in shown(app), 20)
        assert f"nothing listens on port {closed}" in shown(app)
        assert isinstance(app.screen, EmailAccountScreen)  # not added

        fill(app, imap_port=str(dovecot.imaps_port))
        await press_button(pilot, app, "test")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen), 20)
        assert "studio: connection and login tested" in shown(app)

        # SMS through Kannel, with the test SMS to Maria's own phone.
        await press_button(pilot, app, "add-sms")
        await until(pilot, lambda: isinstance(app.screen, SmsAccountScreen))
        fill(
            app,
            number="+390212345678",
            url=kannel.sendsms_url,
            username=kannel.username,
            secret=kannel.password,
            test_to="333 1234567",
        )
        await press_button(pilot, app, "test")
        await until(pilot, lambda: "accepted the test SMS" in shown(app), 20)
        (mt,) = kannel.smsc.wait_mt(1)
        assert mt.receiver == "+393331234567" and "SMS di prova" in mt.text
        await press_button(pilot, app, "add")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))

        await press_button(pilot, app, "save")
        await until(pilot, lambda: app.return_value is not None, 20)
    outcome = app.return_value
    assert isinstance(outcome, SaveOutcome) and outcome.path == path and outcome.backup is None

    config = load_config(path)  # the app's own loader
    assert (config.profile.name, config.profile.language) == ("Maria", "it")
    assert config.profile.timezone == "Europe/Rome"
    studio, sms = config.accounts
    assert isinstance(studio, EmailAccount) and studio.imap.port == dovecot.imaps_port
    assert (studio.smtp.port, studio.smtp.security) == (smtp_server.starttls_port, "starttls")
    assert isinstance(sms, SmsAccount) and sms.url == kannel.sendsms_url
    secrets = json.loads(file_keyring.read_text())
    assert secrets == {"inbox-tui/studio": "maria-pw", "inbox-tui/sms": kannel.password}
    text = path.read_text()
    assert "maria-pw" not in text and kannel.password not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_existing_config_is_replaced_only_after_yes_and_backed_up(
    tmp_path: Path, file_keyring: Path
) -> None:
    path = tmp_path / "config.toml"
    old = '[profile]\nname = "Maria"\n\n[[contacts]]\nname = "Luca"\nemails = ["l@x.org"]\n'
    path.write_text(old)
    app = make_setup_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert "Editing your existing config" in shown(app)
        assert app.screen.query_one("#name", Input).value == "Maria"
        await press_button(pilot, app, "next")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        await press_button(pilot, app, "save")
        await until(pilot, lambda: "Replace the existing config file?" in shown(app))
        # Where the backup will go: in the accounts screen's status line, under the dialog
        # (read from the widget: whether the dimmed background is in the modal's render
        # varies from run to run).
        accounts = next(s for s in app.screen_stack if isinstance(s, AccountsScreen))
        assert f"{path.name}.bak-" in str(accounts.query_one("#status", Static).render())
        await pilot.press("n")  # keep it
        # The question must be gone before Save is pressed again, or the next wait below
        # would see this question still on screen.
        await until(pilot, lambda: "Replace the existing config file?" not in shown(app))
        assert path.read_text() == old and list(tmp_path.glob("config.toml.bak-*")) == []
        await press_button(pilot, app, "save")
        await until(pilot, lambda: "Replace the existing config file?" in shown(app))
        await pilot.press("y")
        await until(pilot, lambda: app.return_value is not None, 20)
    (backup,) = tmp_path.glob("config.toml.bak-*")
    assert backup.read_text() == old and app.return_value.backup == backup
    config = load_config(path)
    assert [c.name for c in config.contacts] == ["Luca"]  # what setup did not ask, kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_leaving_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    app = make_setup_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await until(pilot, lambda: "Nothing has been written" in shown(app))
        await pilot.press("y")
        await pilot.pause()
    assert app.return_value is None and not path.exists()


async def test_without_a_keyring_the_options_are_explained(
    tmp_path: Path, dovecot, smtp_server
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        path = tmp_path / "config.toml"
        app = make_setup_app(path, check_timeout=5.0)
        async with app.run_test(size=SIZE) as pilot:
            await press_button(pilot, app, "next")
            await until(pilot, lambda: "keyrings.alt" in shown(app))
            await add_email_account(pilot, app, dovecot, smtp_server)
            fill(app, password="maria-pw")
            await press_button(pilot, app, "test")
            await until(pilot, lambda: "Not added: no OS keyring" in shown(app), 20)
            assert "password_command" in shown(app)
            # The way out it names: a password command, run here as the app will run it.
            fill(app, password="", password_command="printf maria-pw")
            await press_button(pilot, app, "test")
            await until(pilot, lambda: isinstance(app.screen, AccountsScreen), 20)
            await press_button(pilot, app, "save")
            await until(pilot, lambda: app.return_value is not None, 20)
    finally:
        keyring.set_keyring(previous)
    (account,) = load_config(path).accounts
    assert account.password_command == "printf maria-pw"
    assert "maria-pw" not in path.read_text().replace("printf maria-pw", "")


def test_what_a_server_says_is_shown_as_plain_text() -> None:
    hostile = "[@click=app.quit]x[/] [link=http://evil.example]y[/link] \x1b]52;c;aGk=\x07 \x9b2J"
    text = results_text([CheckResult("IMAP", "h:993", Problem.AUTH, "refused", hostile)])
    assert "[@click=app.quit]x[/]" in text.plain and "[link=http://evil.example]" in text.plain
    assert not any(c in text.plain for c in "\x1b\x07\x9b")
    assert all(not getattr(span.style, "link", None) for span in text.spans)
