"""Events that widgets and screens post to each other: past tense, one place."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from inbox_tui.core.models import TimelineFilter, TimelineRow


@dataclass
class RowHighlighted(Message):
    """The timeline cursor moved onto a row."""

    row: TimelineRow


@dataclass
class MessageOpened(Message):
    """The user asked to open (read) a message."""

    row: TimelineRow


@dataclass
class ViewChosen(Message):
    """A sidebar entry (a view or a contact) was chosen."""

    filter: TimelineFilter
    title: str


@dataclass
class SearchSubmitted(Message):
    """A full-text query was entered; an empty query clears the search."""

    query: str


@dataclass
class TimelineLoaded(Message):
    """The timeline knows how many rows its current source holds."""

    total: int


@dataclass
class StoreChanged(Message):
    """Messages or flags changed in the store: counts and pages must be refreshed."""


@dataclass
class AccountStatusChanged(Message):
    """An account's sync state changed (connecting, syncing n/N, idle, offline…)."""

    account: str
    text: str


@dataclass
class MessageAnnounced(Message):
    """A new incoming message should ring (quiet time allowing, or it breaks through)."""

    message_id: int
    who: str
    summary: str
    breakthrough: bool
