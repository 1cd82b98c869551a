"""Command palette entries for every action of the app."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from inbox_tui.core.models import View
from inbox_tui.ui.widgets.sidebar import VIEW_TITLES

if TYPE_CHECKING:
    from inbox_tui.ui.app import InboxApp


class InboxCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: InboxApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], object], str]] = []
        for view, title in VIEW_TITLES.items():
            commands.append(
                (f"View: {title}", partial(app.show_view, view), f"Show {title.lower()} messages")
            )
        commands += [
            ("Search messages", partial(app.run_screen_action, "search"), "Full-text search"),
            ("Reply", partial(app.run_screen_action, "reply"), "Reply to the selected message"),
            (
                "Message details",
                partial(app.run_screen_action, "details"),
                "Headers, delivery history and reports of the selected message",
            ),
            (
                "Contact",
                partial(app.run_screen_action, "contact"),
                "The selected message's contact: urgent, response time, receipts, merge (c)",
            ),
            (
                "Retry sending",
                partial(app.run_screen_action, "retry"),
                "Queue the selected failed message again",
            ),
            (
                "Do not disturb: on",
                partial(app.set_dnd, "on"),
                "Hold what you send and mute notifications until switched off (f8)",
            ),
            (
                "Do not disturb: on until tomorrow",
                partial(app.set_dnd, "tomorrow"),
                "Until tomorrow's first work hour",
            ),
            ("Do not disturb: off", partial(app.set_dnd, "off"), "Back to the work-hours rule"),
            (
                "Draft statistics",
                partial(app.run_screen_action, "draft_stats"),
                "How often reply drafts were shown, accepted and edited (D)",
            ),
            ("Help: keys and glyphs", partial(app.run_screen_action, "help"), "Key reference"),
            ("Quit", app.exit, "Leave inbox-tui"),
        ]
        for name in sorted(app.inbox_theme_names):
            commands.append((f"Theme: {name}", partial(app.set_theme, name), "Switch theme"))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


__all__ = ["InboxCommands", "View"]
