"""Pieces the setup screens share: a labelled field, and check results as plain Text.

Check results carry what a server said: they are built as `rich.text.Text` from plain
strings, never parsed as markup, and cleaned to one line by the service first.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label

from inbox_tui.core.sanitize import one_line
from inbox_tui.services.account_check import CheckResult


def field(label: str, widget: Widget, *, classes: str = "", id: str | None = None) -> Horizontal:
    """A label left of its input, on one line; `id` names the pair so a form can hide both."""
    return Horizontal(
        Label(Text(label), classes="label"), widget, classes=f"field {classes}".strip(), id=id
    )


def results_text(results: Iterable[CheckResult]) -> Text:
    text = Text()
    for r in results:
        text.append("✓ " if r.ok else "✗ ", style="bold green" if r.ok else "bold red")
        text.append(f"{r.step} {r.where}: " if r.where else f"{r.step}: ", style="bold")
        text.append(one_line(r.message, 400))
        if r.server_text:
            text.append("\n    the server said: ", style="dim")
            text.append(one_line(r.server_text, 300), style="italic")
        text.append("\n")
    text.rstrip()
    return text


def error_text(lines: Iterable[str]) -> Text:
    text = Text()
    for line in lines:
        text.append("✗ ", style="bold red")
        text.append(one_line(line, 400) + "\n")
    text.rstrip()
    return text


def note_text(message: str, style: str = "yellow") -> Text:
    """A warning the user should act on (no keyring …), starting with a capital."""
    return Text("⚠ " + message[:1].upper() + message[1:], style=style)


def value(screen: Widget, input_id: str) -> str:
    return screen.query_one(f"#{input_id}", Input).value.strip()
