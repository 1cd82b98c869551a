"""Draft statistics: how the reply drafts are used, from the local counters.

Counts and ratios only — the counters never hold a word of any message, and they never
leave this machine. Read in a worker; the screen shows "Counting…" until then.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inbox_tui.core.sanitize import one_line
from inbox_tui.store import Store
from inbox_tui.store.suggest_stats import DraftStats, EditSpread, LabelCounts, SuggestStats
from inbox_tui.ui.thread_calls import deliver

PRIVACY = "Kept on this machine only: counts and ratios, never the text of a message."


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def share(part: int, whole: int) -> str:
    return "" if not whole else f"{part * 100 / whole:.0f}%"


def _edits(spread: EditSpread) -> str:
    if not spread.count:
        return "—"
    return f"mean {percent(spread.mean)} · median {percent(spread.median)}"


def _totals(stats: DraftStats) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column(style="dim")
    sent = stats.sent_with_draft + stats.sent_without_draft
    with_draft = stats.sent_with_draft
    rows = [
        ("Drafts shown", stats.shown, "replies opened with drafts offered"),
        ("Drafts accepted", stats.accepted, f"{share(stats.accepted, stats.shown)} of shown"),
        ("Sent with a draft", with_draft, f"{share(with_draft, sent)} of sent"),
        (
            "Sent without a draft",
            stats.sent_without_draft,
            f"{stats.sent_without_but_offered} of them had drafts offered",
        ),
    ]
    for label, count, note in rows:
        table.add_row(Text(label), Text(str(count)), Text(note))
    table.add_row(
        Text("Edited before sending"),
        Text(_edits(stats.edits)),
        Text("0% = sent as proposed, 100% = rewritten"),
    )
    return table


def _breakdown(title: str, rows: tuple[LabelCounts, ...], with_shown: bool) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(title.split()[-1].capitalize())
    if with_shown:
        table.add_column("shown", justify="right")
    table.add_column("accepted", justify="right")
    table.add_column("sent", justify="right")
    table.add_column("edited", justify="right")
    for row in rows:
        # The labels come from the store: plain text, whatever was written there.
        cells = [Text(one_line(row.label, 30))]
        if with_shown:
            cells.append(Text(str(row.shown)))
        cells += [Text(str(row.accepted)), Text(str(row.sent)), Text(_edits(row.edits))]
        table.add_row(*cells)
    return table


def stats_content(stats: DraftStats) -> Group:
    title = Text("Draft statistics", style="bold")
    title.append("  (Esc closes)", style="dim")
    parts: list = [title, Text(PRIVACY, style="dim"), Text("")]
    if stats.empty:
        parts.append(Text("No drafts shown or replies sent yet."))
        return Group(*parts)
    parts += [_totals(stats), Text("")]
    if stats.by_kind:
        parts += [_breakdown("By draft kind", stats.by_kind, with_shown=False), Text("")]
    if stats.by_intent:
        parts.append(_breakdown("By intent", stats.by_intent, with_shown=True))
    return Group(*parts)


class DraftStatsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="draft-stats"):
            yield Static(Text("Counting…", style="dim"), id="draft-stats-body")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        stats = SuggestStats(self.store).summary()
        deliver(self, self._loaded, stats)

    def _loaded(self, stats: DraftStats) -> None:
        self.query_one("#draft-stats-body", Static).update(stats_content(stats))

    def action_close(self) -> None:
        self.dismiss(None)
