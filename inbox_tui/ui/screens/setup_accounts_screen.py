"""Setup, step 2: the accounts, added one by one, then save.

Accounts of an existing config are listed and kept unless removed (Delete, after asking)
or edited (Enter or e: the same form, filled in; the edit replaces the account in place).
Saving asks before replacing an existing file and says where the backup went; a failure
(no keyring, a file that cannot be written) is shown here and nothing is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from inbox_tui.core.sanitize import one_line
from inbox_tui.core.setup_draft import AccountDraft, EmailDraft, SaveOutcome
from inbox_tui.core.setup_edit import draft_from_table, edited_table
from inbox_tui.services.account_check import keyring_problem
from inbox_tui.ui.screens.confirm_screen import ConfirmScreen
from inbox_tui.ui.setup_form import error_text, note_text
from inbox_tui.ui.thread_calls import deliver

if TYPE_CHECKING:
    from inbox_tui.ui.setup_app import SetupApp


class AccountsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("delete", "remove", "Remove account"),
        Binding("e", "edit", "Edit account"),
    ]

    @property
    def setup(self) -> SetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="setup-form"):
            yield Static(Text("inbox-tui setup · 2/2 · accounts"), classes="title")
            intro = (
                "Add your email account, then an SMS gateway if you use one. Each email "
                "account is tested (connection and login) before it is added. In the list, "
                "Enter (or e) edits an account and Delete removes it."
            )
            yield Static(Text(intro), classes="intro")
            yield Static(id="keyring", classes="note")
            yield OptionList(id="accounts")
            yield Static(id="status", classes="messages")
            with Horizontal(classes="buttons"):
                yield Button("Add email account", id="add-email", variant="primary", compact=True)
                yield Button("Add SMS account", id="add-sms", compact=True)
                yield Button("Save and finish", id="save", variant="success", compact=True)
                yield Button("Back", id="back", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_accounts()
        self.query_one("#add-email", Button).focus()
        self.probe_keyring()

    @work(thread=True, exclusive=True, group="keyring")
    def probe_keyring(self) -> None:
        problem = keyring_problem()  # may talk to D-Bus: never on the UI loop
        deliver(self, self._keyring_known, problem)

    def _keyring_known(self, problem: str | None) -> None:
        self.setup.keyring_problem = problem
        if problem:
            text = f"{problem} Accounts can still be added with a password command."
            self.query_one("#keyring", Static).update(note_text(text))

    def refresh_accounts(self) -> None:
        options = self.query_one("#accounts", OptionList)
        options.clear_options()
        draft = self.setup.draft
        for i, table in enumerate(draft.kept_accounts):
            origin = "edited" if table.get("name") in draft.edited else "kept from your config"
            options.add_option(Option(_line(table, origin), id=f"kept-{i}"))
        for i, account in enumerate(draft.accounts):
            options.add_option(Option(_line(account.to_table(), "new"), id=f"new-{i}"))
        if not draft.kept_accounts and not draft.accounts:
            options.add_option(Option(Text("No account yet."), id="none", disabled=True))

    def status(self, text: Text) -> None:
        self.query_one("#status", Static).update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"add-email": self.add_email, "add-sms": self.add_sms, "save": self.save}
        action.get(event.button.id or "", self.action_back)()

    def add_email(self) -> None:
        from inbox_tui.ui.screens.setup_email_screen import EmailAccountScreen

        screen = EmailAccountScreen(self.setup.draft.account_names(), self.setup.draft.name)
        self.app.push_screen(screen, self._added)

    def add_sms(self) -> None:
        from inbox_tui.ui.screens.setup_sms_screen import SmsAccountScreen

        self.app.push_screen(SmsAccountScreen(self.setup.draft.account_names()), self._added)

    def _added(self, account: AccountDraft | None) -> None:
        if account is None:
            return
        self.setup.draft.accounts.append(account)
        self.refresh_accounts()
        what = "connection and login tested" if isinstance(account, EmailDraft) else "added"
        self.status(Text(f"✓ account {one_line(account.name)}: {what}.", style="bold green"))
        self.query_one("#save", Button).focus()

    def _highlighted(self) -> tuple[str, int] | None:
        """("kept" | "new", index) of the highlighted account, None when there is none."""
        options = self.query_one("#accounts", OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        kind, _, index = option_id.partition("-")
        return (kind, int(index)) if kind in ("kept", "new") else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()  # Enter (or a click) on an account

    def action_edit(self) -> None:
        from inbox_tui.ui.screens.setup_email_screen import EmailAccountScreen
        from inbox_tui.ui.screens.setup_sms_screen import SmsAccountScreen

        where = self._highlighted()
        if where is None:
            return
        kind, index = where
        draft = self.setup.draft
        original = draft.kept_accounts[index] if kind == "kept" else None
        account = draft_from_table(original) if original is not None else draft.accounts[index]

        def edited(new: AccountDraft | None) -> None:
            if new is None:
                return  # Esc / Cancel: the account stays exactly as it was
            if new.password_command:  # a secret typed earlier in this setup is not wanted now
                self.setup.secrets.pop(new.name, None)
            if original is not None:
                draft.kept_accounts[index] = edited_table(original, new)
                draft.edited.add(new.name)
            else:
                draft.accounts[index] = new
            self.refresh_accounts()
            what = "connection and login tested" if isinstance(new, EmailDraft) else "changed"
            self.status(Text(f"✓ account {one_line(new.name)}: {what}.", style="bold green"))
            self.query_one("#save", Button).focus()

        taken = draft.account_names()
        if isinstance(account, EmailDraft):
            screen: Any = EmailAccountScreen(taken, draft.name, account, original)
        else:
            screen = SmsAccountScreen(taken, account, original)
        self.app.push_screen(screen, edited)

    def action_remove(self) -> None:
        where = self._highlighted()
        if where is None:
            return
        kind, index = where
        draft = self.setup.draft
        items: list[Any] = draft.kept_accounts if kind == "kept" else draft.accounts
        item = items[index]
        name = str(item.get("name") if isinstance(item, dict) else item.name)

        def answered(yes: bool | None) -> None:
            if yes:
                items.remove(item)
                self.setup.secrets.pop(name, None)
                draft.edited.discard(name)
                self.refresh_accounts()

        self.status(Text("A removed account's keyring entry stays where it is."))
        self.app.push_screen(ConfirmScreen(f"Remove account {one_line(name, 30)!r}?"), answered)

    def save(self) -> None:
        app = self.setup
        if not app.config_exists:
            self._save(False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(True)

        # The dialog shows one short line: the details (path, backup) go in the status.
        self.status(
            Text(
                f"{app.config_path} exists: saving replaces it, after copying it next to "
                f"itself as {app.config_path.name}.bak-<date>-<time>."
            )
        )
        question = "Replace the existing config file?"
        self.app.push_screen(ConfirmScreen(question, "Replace (y)", "Keep it (n)"), answered)

    def _save(self, replace: bool) -> None:
        self.query_one("#save", Button).disabled = True
        self.status(Text("Saving…"))
        self.run_save(replace)

    @work(thread=True, exclusive=True, group="save")
    def run_save(self, replace: bool) -> None:
        app = self.setup
        # New accounts' secrets, and those typed again while editing a kept account.
        names = app.draft.account_names()
        secrets = {k: v for k, v in app.secrets.items() if k in names}
        try:
            outcome = app.save_config(app.draft, secrets, replace)
        except Exception as exc:  # noqa: BLE001 — shown to the user; nothing was written
            deliver(self, self._save_failed, str(exc))
            return
        deliver(self, self._saved, outcome)

    def _save_failed(self, message: str) -> None:
        self.query_one("#save", Button).disabled = False
        lines = message.splitlines() or ["unknown error"]
        self.status(error_text(["Not saved: " + lines[0], *lines[1:]]))

    def _saved(self, outcome: SaveOutcome) -> None:
        self.app.exit(outcome)

    def action_back(self) -> None:
        self.app.pop_screen()


def _line(table: dict[str, Any], origin: str) -> Text:
    kind = table.get("kind")
    text = Text("✉ " if kind == "email" else "✆ ")
    text.append(one_line(str(table.get("name", "?")), 30), style="bold")
    detail = table.get("address") if kind == "email" else table.get("gateway")
    if table.get("number"):
        detail = f"{detail} {table['number']}"
    text.append(f"  {one_line(str(detail or ''), 60)}  ({origin})")
    return text
