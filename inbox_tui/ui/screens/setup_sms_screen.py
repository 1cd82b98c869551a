"""Setup: one SMS account (Kannel, SMS Gateway for Android or Twilio), with a test SMS offered.

Only the fields of the chosen gateway are shown (the config contract's keys). The test
sends one text to the user's own phone through the real gateway code, in a worker.
Editing an account opens this form filled with its values: the name is fixed, and an empty
secret keeps (and is used by the test SMS) the one already stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from inbox_tui.core.config import SmsAccount
from inbox_tui.core.setup_draft import SmsDraft, account_from_table, account_problems
from inbox_tui.core.setup_edit import edited_table
from inbox_tui.services.account_check import CheckResult, Problem
from inbox_tui.services.secrets import SecretError, get_secret
from inbox_tui.services.sms_check import send_test_sms_blocking
from inbox_tui.ui.setup_edit import edit_note, stored_secret
from inbox_tui.ui.setup_form import error_text, field, note_text, results_text, value
from inbox_tui.ui.thread_calls import deliver

if TYPE_CHECKING:
    from inbox_tui.ui.setup_app import SetupApp

GATEWAYS = [("Kannel", "kannel"), ("SMS Gateway for Android", "smsgate"), ("Twilio", "twilio")]
# Which fields each gateway has (see the config contract), and what its secret is called.
FIELDS = {
    "kannel": ("number", "url", "username"),
    "smsgate": ("number", "url", "username"),
    "twilio": ("number", "account_sid"),
}
SECRET_LABEL = {"kannel": "sendsms password", "smsgate": "Password", "twilio": "Auth Token"}
DEFAULT_URL = {"kannel": "http://127.0.0.1:13013/cgi-bin/sendsms", "smsgate": ""}


class SmsAccountScreen(Screen[SmsDraft | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, taken: set[str], edit: SmsDraft | None = None, original: dict[str, Any] | None = None
    ) -> None:
        """`edit`: the account to change (`original`: its table from the file, if any)."""
        super().__init__()
        self.edit, self.original = edit, original
        self.taken = taken - {edit.name} if edit else taken
        name, n = "sms", 2
        while name in taken:
            name, n = f"sms-{n}", n + 1
        url = DEFAULT_URL["kannel"]
        self.initial = edit or SmsDraft(name=name, gateway="kannel", url=url)

    @property
    def setup(self) -> SetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        d, edit = self.initial, self.edit
        with VerticalScroll(classes="setup-form"):
            yield Static(Text("Edit SMS account" if edit else "SMS account"), classes="title")
            if edit:
                yield Static(edit_note(edit.name, self.original, "secret"), classes="note")
            yield field(
                "Gateway",
                Select(GATEWAYS, value=d.gateway, allow_blank=False, id="gateway", compact=True),
            )
            label = "Account name (fixed)" if edit else "Account name"
            yield field(label, Input(d.name, id="name", disabled=bool(edit), compact=True))
            yield field(
                "Number clients text",
                Input(d.number, id="number", placeholder="+390212345678", compact=True),
                id="field-number",
            )
            yield field("Gateway URL", Input(d.url, id="url", compact=True), id="field-url")
            yield field(
                "User name", Input(d.username, id="username", compact=True), id="field-username"
            )
            yield field(
                "Account SID",
                Input(d.account_sid, id="account_sid", placeholder="AC…", compact=True),
                id="field-account_sid",
            )
            yield field(
                SECRET_LABEL[d.gateway],
                Input(id="secret", password=True, compact=True),
                id="field-secret",
            )
            yield field(
                "…or password command",
                Input(d.password_command, id="password_command", compact=True),
            )
            yield field(
                "Test SMS to (your mobile)",
                Input(id="test_to", placeholder="+39 333 … (optional)", compact=True),
            )
            hint = (
                "The secret is kept in the OS keyring, never in the file. A test SMS goes to "
                "your own phone through this gateway, before you add the account."
            )
            yield Static(Text(hint), classes="hint")
            yield Static(id="results", classes="messages")
            with Horizontal(classes="buttons"):
                yield Button("Send test SMS", id="test", compact=True)
                yield Button("Save" if edit else "Add", id="add", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show_fields(self.initial.gateway)
        self.query_one("#gateway", Select).focus()

    @on(Select.Changed, "#gateway")
    def _gateway_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._show_fields(event.value)

    def _show_fields(self, gateway: str) -> None:
        for name in ("number", "url", "username", "account_sid"):
            self.query_one(f"#field-{name}").display = name in FIELDS[gateway]
        self.query_one("#field-secret .label", Label).update(Text(SECRET_LABEL[gateway]))
        url = self.query_one("#url", Input)
        if url.value.strip() in DEFAULT_URL.values():
            url.value = DEFAULT_URL.get(gateway, "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"test": self.action_test, "add": self.action_add}.get(
            event.button.id or "", self.action_cancel
        )()

    def _draft(self) -> tuple[SmsDraft, list[str]]:
        gateway = self.query_one("#gateway", Select).value
        gateway = gateway if isinstance(gateway, str) else "kannel"
        shown = FIELDS[gateway]
        draft = SmsDraft(
            name=value(self, "name"),
            gateway=gateway,
            number=value(self, "number"),
            url=value(self, "url") if "url" in shown else "",
            username=value(self, "username") if "username" in shown else "",
            account_sid=value(self, "account_sid") if "account_sid" in shown else "",
            password_command=value(self, "password_command"),
        )
        errors = [message for _, message in account_problems(self._table(draft), self.taken)]
        secret = self.query_one("#secret", Input).value
        if not secret and not draft.password_command and not self.edit:
            errors.append("enter the gateway's secret (or a password command)")
        return draft, errors

    def _table(self, draft: SmsDraft) -> dict[str, Any]:
        """What will be saved: an edit keeps the keys this form has no field for."""
        return edited_table(self.original, draft) if self.original else draft.to_table()

    def action_test(self) -> None:
        draft, errors = self._draft()
        to = value(self, "test_to")
        if not to:
            errors.append("enter your own mobile number to receive the test SMS")
        results = self.query_one("#results", Static)
        if errors:
            results.update(error_text(errors))
            return
        results.update(Text(f"Sending a test SMS to {to}…"))
        self.query_one("#test", Button).disabled = True
        pending = self.setup.secrets.get(draft.name)
        self.run_test(draft, self.query_one("#secret", Input).value, to, pending)

    @work(thread=True, exclusive=True, group="sms-test")
    def run_test(self, draft: SmsDraft, secret: str, to: str, pending: str | None) -> None:
        app = self.setup
        try:
            account = account_from_table(self._table(draft))
            assert isinstance(account, SmsAccount)
            if draft.password_command:
                secret = get_secret(account)
            elif not secret:  # an edit with the field left empty: the secret already stored
                secret = stored_secret(account, pending)
            result = send_test_sms_blocking(
                account,
                secret,
                to,
                region=app.draft.region,
                language=app.draft.language,
                callback_base=app.callback_base,
                timeout=app.check_timeout,
            )
        except SecretError as exc:
            step = "Password command" if draft.password_command else "Stored secret"
            result = CheckResult(step, "", Problem.CONFIG, str(exc))
        except Exception as exc:  # noqa: BLE001 — a surprise is shown, never a crash
            result = CheckResult("SMS", "", Problem.PROTOCOL, f"unexpected error: {exc!r}")
        deliver(self, self._tested, result)

    def _tested(self, result: CheckResult) -> None:
        self.query_one("#test", Button).disabled = False
        self.query_one("#results", Static).update(results_text([result]))

    def action_add(self) -> None:
        draft, errors = self._draft()
        results = self.query_one("#results", Static)
        if errors:
            results.update(error_text(errors))
            return
        secret = self.query_one("#secret", Input).value
        missing_keyring = self.setup.keyring_problem
        if missing_keyring and not draft.password_command and secret:
            results.update(note_text(f"Not added: {missing_keyring}"))
            self.query_one("#password_command", Input).focus()
            return
        if secret and not draft.password_command:  # typed: replaces the stored one on save
            self.setup.secrets[draft.name] = secret
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
