"""Setup, step 1: who you are and when you work.

Keyboard only: Tab / Shift+Tab between fields, Enter goes to the next field (and presses a
button), Esc leaves setup (after asking: nothing has been written). The values are judged
by the config loader itself, so what passes here loads later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Select, Static

from inbox_tui.core.setup_draft import (
    document,
    format_hours,
    parse_hours_field,
    section_problems,
)
from inbox_tui.core.work_hours_config import WEEKDAYS
from inbox_tui.ui.screens.confirm_screen import ConfirmScreen
from inbox_tui.ui.setup_form import error_text, field, note_text, value

if TYPE_CHECKING:
    from inbox_tui.ui.setup_app import SetupApp

DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
LANGUAGES = [("English", "en"), ("Italiano", "it")]


class SetupScreen(Screen[None]):
    BINDINGS = [Binding("escape", "leave", "Quit setup")]

    @property
    def setup(self) -> SetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app, draft = self.setup, self.setup.draft
        with VerticalScroll(classes="setup-form"):
            yield Static(Text("Welcome to inbox-tui · 1/2 · you and your hours"), classes="title")
            intro = (
                "A few questions, then your accounts. Nothing is written until you save "
                f"at the end; the config goes to {app.config_path}."
            )
            yield Static(Text(intro), classes="intro")
            for note in app.notes:
                yield Static(note_text(note), classes="note")
            yield field("Your name", Input(draft.name, id="name", compact=True))
            yield field(
                "Language",
                Select(
                    LANGUAGES, value=draft.language, allow_blank=False, id="language", compact=True
                ),
            )
            yield field("Timezone", Input(draft.timezone, id="timezone", compact=True))
            yield field(
                "Phone country", Input(draft.region, id="region", max_length=2, compact=True)
            )
            hint = (
                "Language: of drafts and acknowledgements. Timezone: an IANA name; your hours "
                "are in it. Phone country: two letters, for numbers written without +prefix."
            )
            yield Static(Text(hint), classes="hint")
            yield Static(Text("Work hours"), classes="section")
            for day in WEEKDAYS:
                hours = format_hours(draft.work_hours.get(day, []))
                widget = Input(hours, id=f"hours-{day}", placeholder="day off", compact=True)
                yield field(DAY_NAMES[day], widget)
            hint = "Ranges like 09:00-13:00, 14:00-18:00; empty for a day off."
            yield Static(Text(hint), classes="hint")
            yield Static(id="errors", classes="messages")
            with Horizontal(classes="buttons"):
                yield Button("Next: accounts", id="next", variant="primary", compact=True)
                yield Button("Quit", id="quit", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "next":
            self.action_next()
        else:
            self.action_leave()

    def action_next(self) -> None:
        from inbox_tui.ui.screens.setup_accounts_screen import AccountsScreen

        draft = self.setup.draft
        errors: list[str] = []
        bad: list[str] = []
        hours: dict[str, list[str]] = {}
        for day in WEEKDAYS:
            try:
                hours[day] = parse_hours_field(value(self, f"hours-{day}"))
            except ValueError as exc:
                errors.append(f"{DAY_NAMES[day]}: {exc}")
                bad.append(f"hours-{day}")
        draft.name = value(self, "name")
        language = self.query_one("#language", Select).value
        draft.language = language if isinstance(language, str) else "en"
        draft.timezone = value(self, "timezone")
        draft.region = value(self, "region").upper()
        if not errors:
            draft.work_hours = hours
            for p in section_problems(document(draft), "profile", "work_hours"):
                errors.append(f"{p.key}: {p.message}" + (f" — {p.fix}" if p.fix else ""))
                if p.path[:2] in (("profile", "timezone"), ("profile", "region")):
                    bad.append(str(p.path[1]))
                elif len(p.path) > 1 and p.path[1] in WEEKDAYS:
                    bad.append(f"hours-{p.path[1]}")
        self.query_one("#errors", Static).update(error_text(errors))
        if errors:
            if bad:
                self.query_one(f"#{bad[0]}").focus()
            return
        self.app.push_screen(AccountsScreen())

    def action_leave(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.app.exit(None)

        self.app.push_screen(
            ConfirmScreen("Leave setup? Nothing has been written.", "Leave (y)", "Stay (n)"),
            answered,
        )
