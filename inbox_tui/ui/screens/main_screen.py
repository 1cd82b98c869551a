"""The main screen: sidebar, unified timeline, reading pane, status bar."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Input

from inbox_tui.core.models import TimelineFilter, TimelineRow, View
from inbox_tui.services.response_times import AwaitingView, awaiting_summary
from inbox_tui.services.timeline import SearchResults, StoreView, TimelineSource
from inbox_tui.store import Store
from inbox_tui.store.db import StoreWriteError
from inbox_tui.ui.attachment_actions import AttachmentActions
from inbox_tui.ui.contact_actions import ContactActions
from inbox_tui.ui.hold_actions import HoldActions
from inbox_tui.ui.messages import (
    AccountStatusChanged,
    MessageOpened,
    RowHighlighted,
    SearchSubmitted,
    StoreChanged,
    TimelineLoaded,
    ViewChosen,
)
from inbox_tui.ui.receipt_actions import receipt_on_open
from inbox_tui.ui.shield_ui import status as shield_status
from inbox_tui.ui.state_legend import accent_of
from inbox_tui.ui.suggestion_loader import SuggestionLoader
from inbox_tui.ui.thread_calls import deliver
from inbox_tui.ui.widgets.reading_pane import ReadingPane, conversation_text
from inbox_tui.ui.widgets.search_bar import SearchBar
from inbox_tui.ui.widgets.sidebar import Sidebar
from inbox_tui.ui.widgets.status_bar import StatusBar
from inbox_tui.ui.widgets.timeline import Timeline

CONVERSATION_DELAY = 0.12  # seconds the cursor must rest before the reading pane follows
STORE_POLL_SECONDS = 1.0  # another process (the daemon) writing shows up within this
BODY_TIMEOUT = 30.0
RISK_REFRESH_SECONDS = 60.0


class MainScreen(SuggestionLoader, HoldActions, ContactActions, AttachmentActions):
    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("escape", "clear_search", "Back", show=False),
        # Priority: it must act before the keys typed right after it reach anything else,
        # so that they follow it into the composer (ComposerScreen.on_key).
        Binding("r", "reply", "Reply", priority=True),
        Binding("a", "save_attachments", "Save attachments", show=False),
        Binding("i", "details", "Details", show=False),
        Binding("R", "retry", "Retry", show=False),
        Binding("m", "send_receipt", "Send receipt", show=False),
        Binding("M", "ignore_receipt", "Ignore receipt", show=False),
        Binding("c", "contact", "Contact", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._filter = TimelineFilter()
        self._title = "All"
        self._pending_row: TimelineRow | None = None
        self._conversation_timer: Timer | None = None
        self._data_version: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar")
            with Vertical(id="timeline-pane"):
                yield SearchBar(id="search")
                yield Timeline(tz=self.app.tz, clock=self.app.now, id="timeline")
            yield ReadingPane(id="reading")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        timeline = self.query_one(Timeline)
        timeline.set_source(StoreView(self.store, self._filter, self._title))
        timeline.focus()
        # The sidebar counts wait for the timeline's first page: they would otherwise
        # compete with it for the store and delay the first paint.
        self._counted = False
        self.set_interval(STORE_POLL_SECONDS, self.poll_store)
        # Due times turn into "at risk" and "overdue" with the clock alone.
        self.set_interval(RISK_REFRESH_SECONDS, self._refresh_risk)
        self.poll_store()  # the availability slot filled at once, not after a second
        if self.app.mail is None:
            self.query_one(StatusBar).sync_state = "demo: no accounts"

    @work(thread=True, exclusive=True, group="poll")
    def poll_store(self) -> None:
        version = self.store.data_version()
        if self._data_version is not None and version != self._data_version:
            deliver(self, self.post_message, StoreChanged())
        self._data_version = version
        # Every tick, not on data_version alone: the clock alone turns work into quiet.
        status = shield_status(self.app.shield)
        if status is not None:
            deliver(self.app, self.app.show_availability, status)

    def _refresh_risk(self) -> None:
        self.refresh_counts()
        timeline = self.query_one(Timeline)
        if isinstance(timeline.source, AwaitingView):
            timeline.reload()

    # -- counts --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="counts")
    def refresh_counts(self) -> None:
        messages = self.store.messages
        counts = {view: messages.count(TimelineFilter(view)) for view in View}
        contacts = self.store.contacts.sidebar()
        summary = awaiting_summary(self.app.shield)
        pressing = (summary.at_risk, summary.overdue)
        deliver(self, self._counts_loaded, counts, contacts, pressing)

    def _counts_loaded(
        self, counts: dict[View, int], contacts: list, pressing: tuple[int, int]
    ) -> None:
        self.query_one(Sidebar).show(counts, contacts, pressing)
        self.query_one(StatusBar).messages_total = counts[View.ALL]

    # -- events --------------------------------------------------------------------------

    @on(ViewChosen)
    def _view_chosen(self, event: ViewChosen) -> None:
        self._filter, self._title = event.filter, event.title
        self._hide_search()
        self._show_source(self._view_source())

    def _view_source(self) -> TimelineSource:
        """The chosen view; Awaiting reply sorts by due time and carries each row's risk."""
        if self._filter.view is View.AWAITING:
            return AwaitingView(self.app.shield, self._title, self._filter.contact_id)
        return StoreView(self.store, self._filter, self._title)

    def _show_source(self, source: TimelineSource) -> None:
        self.query_one(StatusBar).view_title = source.title
        self.query_one(Timeline).set_source(source)

    @on(TimelineLoaded)
    def _timeline_loaded(self, event: TimelineLoaded) -> None:
        if not self._counted:
            self._counted = True
            self.call_after_refresh(self.refresh_counts)
        if event.total == 0:
            self.query_one(ReadingPane).show(_empty_text(), scroll_to_selected=False)

    @on(RowHighlighted)
    def _row_highlighted(self, event: RowHighlighted) -> None:
        # Holding j repeats ~30 keys a second: lay out the conversation only once the
        # cursor rests, not for every row it passes.
        self._pending_row = event.row
        if self._conversation_timer is not None:
            self._conversation_timer.stop()
        self._conversation_timer = self.set_timer(CONVERSATION_DELAY, self._show_pending_row)

    def _show_pending_row(self) -> None:
        self._conversation_timer = None
        if self._pending_row is not None:
            self.load_conversation(self._pending_row)

    @on(MessageOpened)
    def _message_opened(self, event: MessageOpened) -> None:
        self.mark_read(event.row)
        self.query_one(ReadingPane).focus()

    @on(SearchSubmitted)
    def _search_submitted(self, event: SearchSubmitted) -> None:
        if not event.query:
            self._hide_search()
            self._show_source(self._view_source())
            return
        self._show_source(SearchResults(self.store, event.query))
        self.query_one(Timeline).focus()

    @on(StoreChanged)
    def _store_changed(self, event: StoreChanged) -> None:
        self.query_one(Timeline).reload()
        self.refresh_counts()
        row = self.query_one(Timeline).current_row
        if row is not None:
            self.load_conversation(row)

    @on(AccountStatusChanged)
    def _account_status(self, event: AccountStatusChanged) -> None:
        self.query_one(StatusBar).set_account(event.account, event.text)

    # -- workers -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="conversation")
    def load_conversation(self, row: TimelineRow) -> None:
        if row.contact_id is None:
            return
        contact = self.store.contacts.get(row.contact_id)
        selected = self.store.messages.get(row.id)
        mail = self.app.mail
        if selected is not None and not selected.body_loaded and mail is not None:
            # Bodies come on demand: fetched (and cached) when the message is shown.
            try:
                mail.request_body(selected.account, selected.id).result(BODY_TIMEOUT)
            except Exception as exc:  # noqa: BLE001 — shown to the user, never fatal
                deliver(
                    self, self.notify, f"Could not fetch the message: {exc}", severity="warning"
                )
        messages = self.store.messages.conversation(row.contact_id, row.id)
        attachments = self.store.mail.attachments(row.id)
        text = conversation_text(
            contact, messages, row.id, self.app.tz, attachments, accent_of(self.app)
        )
        deliver(self, self.show_conversation, text, row)  # and then its drafts

    @work(thread=True, group="mark-read")
    def mark_read(self, row: TimelineRow) -> None:
        try:
            if self.store.messages.mark_read(row.id):
                deliver(self, self.post_message, StoreChanged())
                if self.app.mail is not None:
                    self.app.mail.request_sync()  # push \Seen to the server now
            # Opening is what "displayed" means for a read-receipt request (RFC 8098).
            receipt_on_open(self.app, self.store, row.id)
        except StoreWriteError as exc:  # still shown, just not marked: reading needs no disk
            deliver(self, self.notify, str(exc), severity="warning", markup=False)
        deliver(self, self.load_conversation, row)

    # -- actions -------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one(SearchBar)
        search.display = True
        search.focus()

    def action_clear_search(self) -> None:
        """Esc on search results: back to the view the search started from."""
        if isinstance(self.query_one(Timeline).source, SearchResults):
            self._hide_search()
            self._show_source(self._view_source())

    def _hide_search(self) -> None:
        search = self.query_one(SearchBar)
        if search.display:
            search.display = False
            search.value = ""
            self.query_one(Timeline).focus()

    def action_reply(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # an "r" typed into the search field
        row = self.query_one(Timeline).current_row
        if row is None:
            self.notify("Nothing selected to reply to.", severity="warning")
            return
        from inbox_tui.ui.screens.composer_screen import ComposerScreen

        self.app.push_screen(ComposerScreen(self.store, row, suggestion=self.suggestion_of(row)))

    def action_help(self) -> None:
        from inbox_tui.ui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.app.exit()

    def show_view(self, view: View) -> None:
        """Switch view from outside the sidebar (palette commands)."""
        from inbox_tui.ui.widgets.sidebar import VIEW_TITLES

        self.post_message(ViewChosen(TimelineFilter(view), VIEW_TITLES[view]))


def _empty_text() -> Text:
    return Text("No messages in this view.", style="dim")
