"""Setup: one email account, tested (connection and login, IMAP and SMTP) before it is added.

Servers, ports, user name and account name are guessed from the address and follow it as
long as the user has not changed them; the SMTP port follows the security choice (587
STARTTLS, 465 TLS). The check runs in a worker; its results are shown as plain Text.
Editing an account opens this form filled with its values and guesses nothing: the name
is fixed, and an empty password keeps (and tests) the one already stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Select, Static

from inbox_tui.core.config import EmailAccount
from inbox_tui.core.setup_draft import (
    SMTP_PORTS,
    EmailDraft,
    account_from_table,
    account_name_for,
    account_problems,
    guess_servers,
)
from inbox_tui.core.setup_edit import edited_table
from inbox_tui.services.account_check import (
    CheckResult,
    Problem,
    check_email_blocking,
    keyring_problem,
)
from inbox_tui.services.secrets import SecretError, get_secret
from inbox_tui.ui.setup_edit import edit_note, stored_secret
from inbox_tui.ui.setup_form import error_text, field, note_text, results_text, value
from inbox_tui.ui.thread_calls import deliver

if TYPE_CHECKING:
    from inbox_tui.ui.setup_app import SetupApp

SECURITY = [("STARTTLS (587)", "starttls"), ("TLS (465)", "tls")]


class EmailAccountScreen(Screen[EmailDraft | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        taken: set[str],
        display_name: str,
        edit: EmailDraft | None = None,
        original: dict[str, Any] | None = None,
    ) -> None:
        """`edit`: the account to change (`original`: its table from the file, if any)."""
        super().__init__()
        self.edit, self.original = edit, original
        self.initial = edit or EmailDraft(name="", address="", display_name=display_name)
        self.taken = taken - {edit.name} if edit else taken
        self._auto: dict[str, str] = {"imap_port": "993", "smtp_port": "587"}
        if edit:  # the SMTP port still follows the security while it is the standard one
            standard = SMTP_PORTS.get(edit.smtp_security) == edit.smtp_port
            self._auto = {"smtp_port": str(edit.smtp_port)} if standard else {}

    @property
    def setup(self) -> SetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        d, edit = self.initial, self.edit
        with VerticalScroll(classes="setup-form"):
            yield Static(Text("Edit email account" if edit else "Email account"), classes="title")
            if edit:
                yield Static(edit_note(edit.name, self.original), classes="note")
            yield field(
                "Email address",
                Input(d.address, id="address", placeholder="maria@studio.it", compact=True),
            )
            yield field(
                "Name shown to recipients", Input(d.display_name, id="display", compact=True)
            )
            label = "Account name (fixed)" if edit else "Account name"
            yield field(label, Input(d.name, id="name", disabled=bool(edit), compact=True))
            with Horizontal(classes="row"):
                yield field("IMAP server (TLS)", Input(d.imap_host, id="imap_host", compact=True))
                yield field(
                    "port",
                    Input(str(d.imap_port), id="imap_port", type="integer", compact=True),
                    classes="port",
                )
            with Horizontal(classes="row"):
                yield field("SMTP server", Input(d.smtp_host, id="smtp_host", compact=True))
                yield field(
                    "port",
                    Input(str(d.smtp_port), id="smtp_port", type="integer", compact=True),
                    classes="port",
                )
            yield field(
                "SMTP security",
                Select(
                    SECURITY,
                    value=d.smtp_security,
                    allow_blank=False,
                    id="smtp_security",
                    compact=True,
                ),
            )
            yield field("User name", Input(d.username, id="username", compact=True))
            password = "Password (empty: keep)" if edit else "Password"
            yield field(password, Input(id="password", password=True, compact=True))
            yield field(
                "…or password command",
                Input(d.password_command, id="password_command", compact=True),
            )
            yield field(
                "CA file", Input(d.cafile, id="cafile", placeholder="(optional)", compact=True)
            )
            hint = (
                "The password is kept in the OS keyring, never in the file; a password command "
                "(e.g. pass show mail/studio) is asked each time instead. IMAP is TLS from the "
                "start (993: STARTTLS is not offered for IMAP). A CA file is only for a server "
                "with its own certificate authority. The account name is what "
                "`inbox-tui secret set NAME` takes."
            )
            yield Static(Text(hint), classes="hint")
            yield Static(id="results", classes="messages")
            with Horizontal(classes="buttons"):
                test = "Test and save" if edit else "Test and add"
                yield Button(test, id="test", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#address", Input).focus()

    # -- guesses that follow the address ---------------------------------------------------

    @on(Input.Changed, "#address")
    def _address_changed(self, event: Input.Changed) -> None:
        address = event.value.strip()
        if "@" not in address or self.edit:  # an edit changes only what the user changes
            return
        security = self.query_one("#smtp_security", Select).value
        guess = guess_servers(address, None)
        if security == self._auto.get("smtp_security", "starttls"):
            self._fill_select("smtp_security", guess.smtp_security)
        wanted = {
            "name": account_name_for(address, self.taken),
            "username": address,
            "imap_host": guess.imap_host,
            "smtp_host": guess.smtp_host,
        }
        for input_id, new in wanted.items():
            self._fill(input_id, new)

    @on(Select.Changed, "#smtp_security")
    def _security_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._fill("smtp_port", str(SMTP_PORTS[event.value]))

    def _fill(self, input_id: str, new: str) -> None:
        """Set a guessed value unless the user has typed their own there."""
        widget = self.query_one(f"#{input_id}", Input)
        if widget.value.strip() in ("", self._auto.get(input_id, "")):
            widget.value = new
            self._auto[input_id] = new

    def _fill_select(self, select_id: str, new: str) -> None:
        self._auto[select_id] = new
        self.query_one(f"#{select_id}", Select).value = new

    # -- test, then add --------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "test":
            self.action_test()
        else:
            self.action_cancel()

    def _draft(self) -> tuple[EmailDraft | None, list[str]]:
        ports, errors = {}, []
        for input_id in ("imap_port", "smtp_port"):
            try:
                ports[input_id] = int(value(self, input_id))
            except ValueError:
                errors.append(f"{input_id.replace('_', ' ')}: a number, e.g. 993")
        if errors:
            return None, errors
        address = value(self, "address")
        security = self.query_one("#smtp_security", Select).value
        draft = EmailDraft(
            name=value(self, "name"),
            address=address,
            display_name=value(self, "display"),
            username=value(self, "username") or address,
            imap_host=value(self, "imap_host"),
            imap_port=ports["imap_port"],
            smtp_host=value(self, "smtp_host"),
            smtp_port=ports["smtp_port"],
            smtp_security=security if isinstance(security, str) else "starttls",
            cafile=value(self, "cafile"),
            password_command=value(self, "password_command"),
        )
        problems = account_problems(self._table(draft), self.taken)
        return draft, [message for _, message in problems]

    def _table(self, draft: EmailDraft) -> dict[str, Any]:
        """What will be saved: an edit keeps the keys this form has no field for."""
        return edited_table(self.original, draft) if self.original else draft.to_table()

    def action_test(self) -> None:
        draft, errors = self._draft()
        password = self.query_one("#password", Input).value
        no_secret = draft is not None and not (password or draft.password_command)
        if no_secret and not errors and not self.edit:  # editing: empty keeps the stored one
            errors.append("enter the password (or a password command)")
        results = self.query_one("#results", Static)
        if draft is None or errors:
            results.update(error_text(errors))
            return
        results.update(Text("Testing the IMAP and SMTP logins…"))
        self.query_one("#test", Button).disabled = True
        self.run_check(draft, password, self.setup.secrets.get(draft.name))

    @work(thread=True, exclusive=True, group="check")
    def run_check(self, draft: EmailDraft, password: str, pending: str | None) -> None:
        try:
            self._check(draft, password, pending)
        except Exception as exc:  # noqa: BLE001 — a surprise is shown, never a crash
            failed = CheckResult("Check", "", Problem.PROTOCOL, f"unexpected error: {exc!r}")
            deliver(self, self._checked, draft, "", [failed], None)

    def _check(self, draft: EmailDraft, password: str, pending: str | None) -> None:
        account = account_from_table(self._table(draft))
        assert isinstance(account, EmailAccount)
        missing_keyring: str | None = None
        try:
            if draft.password_command:
                secret = get_secret(account)  # runs the command, as the app will
            elif password:
                secret, missing_keyring = password, keyring_problem()
            else:  # an edit with the field left empty: the password already stored
                secret = stored_secret(account, pending)
        except SecretError as exc:
            step = "Password command" if draft.password_command else "Stored password"
            failed = CheckResult(step, "", Problem.CONFIG, str(exc))
            deliver(self, self._checked, draft, "", [failed], None)
            return
        results = check_email_blocking(account, secret, self.setup.check_timeout)
        deliver(self, self._checked, draft, password, results, missing_keyring)

    def _checked(
        self,
        draft: EmailDraft,
        password: str,
        results: list[CheckResult],
        missing_keyring: str | None,
    ) -> None:
        self.query_one("#test", Button).disabled = False
        shown = results_text(results)
        if not all(r.ok for r in results):
            self.query_one("#results", Static).update(shown)
            return
        if missing_keyring:
            shown.append("\n")
            shown.append_text(note_text(f"Not added: {missing_keyring}"))
            self.query_one("#results", Static).update(shown)
            self.query_one("#password_command", Input).focus()
            return
        if password and not draft.password_command:  # typed: replaces the stored one on save
            self.setup.secrets[draft.name] = password
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
