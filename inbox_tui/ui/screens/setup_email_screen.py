"""Setup: one email account, tested (connection and login, IMAP and SMTP) before it is added.

Servers, ports, user name and account name are guessed from the address and follow it as
long as the user has not changed them; the SMTP port follows the security choice (587
STARTTLS, 465 TLS). The check runs in a worker; its results are shown as plain Text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from inbox_tui.services.account_check import (
    CheckResult,
    Problem,
    check_email_blocking,
    keyring_problem,
)
from inbox_tui.services.secrets import SecretError, get_secret
from inbox_tui.ui.setup_form import error_text, field, note_text, results_text, value
from inbox_tui.ui.thread_calls import deliver

if TYPE_CHECKING:
    from inbox_tui.ui.setup_app import SetupApp

SECURITY = [("STARTTLS (587)", "starttls"), ("TLS (465)", "tls")]


class EmailAccountScreen(Screen[EmailDraft | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, taken: set[str], display_name: str) -> None:
        super().__init__()
        self.taken = taken
        self.display_name = display_name
        self._auto: dict[str, str] = {"imap_port": "993", "smtp_port": "587"}

    @property
    def setup(self) -> SetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="setup-form"):
            yield Static(Text("Email account"), classes="title")
            yield field(
                "Email address", Input(id="address", placeholder="maria@studio.it", compact=True)
            )
            yield field(
                "Name shown to recipients", Input(self.display_name, id="display", compact=True)
            )
            yield field("Account name", Input(id="name", compact=True))
            with Horizontal(classes="row"):
                yield field("IMAP server (TLS)", Input(id="imap_host", compact=True))
                yield field(
                    "port",
                    Input("993", id="imap_port", type="integer", compact=True),
                    classes="port",
                )
            with Horizontal(classes="row"):
                yield field("SMTP server", Input(id="smtp_host", compact=True))
                yield field(
                    "port",
                    Input("587", id="smtp_port", type="integer", compact=True),
                    classes="port",
                )
            yield field(
                "SMTP security",
                Select(
                    SECURITY, value="starttls", allow_blank=False, id="smtp_security", compact=True
                ),
            )
            yield field("User name", Input(id="username", compact=True))
            yield field("Password", Input(id="password", password=True, compact=True))
            yield field("…or password command", Input(id="password_command", compact=True))
            yield field("CA file", Input(id="cafile", placeholder="(optional)", compact=True))
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
                yield Button("Test and add", id="test", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#address", Input).focus()

    # -- guesses that follow the address ---------------------------------------------------

    @on(Input.Changed, "#address")
    def _address_changed(self, event: Input.Changed) -> None:
        address = event.value.strip()
        if "@" not in address:
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
        problems = account_problems(draft.to_table(), self.taken)
        return draft, [message for _, message in problems]

    def action_test(self) -> None:
        draft, errors = self._draft()
        password = self.query_one("#password", Input).value
        if draft is not None and not errors and not password and not draft.password_command:
            errors.append("enter the password (or a password command)")
        results = self.query_one("#results", Static)
        if draft is None or errors:
            results.update(error_text(errors))
            return
        results.update(Text("Testing the IMAP and SMTP logins…"))
        self.query_one("#test", Button).disabled = True
        self.run_check(draft, password)

    @work(thread=True, exclusive=True, group="check")
    def run_check(self, draft: EmailDraft, password: str) -> None:
        try:
            self._check(draft, password)
        except Exception as exc:  # noqa: BLE001 — a surprise is shown, never a crash
            failed = CheckResult("Check", "", Problem.PROTOCOL, f"unexpected error: {exc!r}")
            deliver(self, self._checked, draft, "", [failed], None)

    def _check(self, draft: EmailDraft, password: str) -> None:
        account = account_from_table(draft.to_table())
        assert isinstance(account, EmailAccount)
        missing_keyring: str | None = None
        if draft.password_command:
            try:
                password = get_secret(account)  # runs the command, as the app will
            except SecretError as exc:
                failed = CheckResult("Password command", "", Problem.CONFIG, str(exc))
                deliver(self, self._checked, draft, "", [failed], None)
                return
        else:
            missing_keyring = keyring_problem()
        results = check_email_blocking(account, password, self.setup.check_timeout)
        deliver(self, self._checked, draft, password, results, missing_keyring)

    def _checked(
        self,
        draft: EmailDraft,
        password: str,
        results: list[CheckResult],
        missing_keyring: str | None,
    ) -> None:
        if not self.is_attached:
            return  # the user left while the check ran
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
        if not draft.password_command:
            self.setup.secrets[draft.name] = password
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
