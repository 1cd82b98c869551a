"""Paging the timeline out of the store, a window at a time.

The timeline widget never holds the mailbox: it asks a `TimelinePager` for the row at an
index, and the pager keeps a bounded cache of fixed-size pages. A missing page is fetched
(in a worker thread) by keyset from a cached neighbour when there is one — the common case
while scrolling — and by OFFSET only for jumps (G, scrollbar drags).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from inbox_tui.core.models import TimelineFilter, TimelineRow
from inbox_tui.store.db import Store

PAGE_SIZE = 100
MAX_CACHED_PAGES = 40  # 4,000 slim rows at most: a few hundred KB whatever the mailbox size


class TimelineSource(Protocol):
    title: str

    def count(self) -> int: ...

    def fetch(
        self, page: int, before: TimelineRow | None, after: TimelineRow | None
    ) -> list[TimelineRow]:
        """Rows of `page`; `before` is the last row of page-1 and `after` the first of page+1
        when those are cached."""
        ...


@dataclass
class StoreView:
    """A view of the store (All, Email, Unread, a contact…), newest first."""

    store: Store
    filter: TimelineFilter
    title: str

    def count(self) -> int:
        return self.store.messages.count(self.filter)

    def fetch(
        self, page: int, before: TimelineRow | None, after: TimelineRow | None
    ) -> list[TimelineRow]:
        messages = self.store.messages
        if before is not None:
            return messages.page_after(self.filter, before.key, PAGE_SIZE)
        if after is not None:
            return messages.page_before(self.filter, after.key, PAGE_SIZE)
        return messages.page_at(self.filter, page * PAGE_SIZE, PAGE_SIZE)


@dataclass
class SearchResults:
    """The newest matches of a full-text query, fetched once (they are capped)."""

    store: Store
    query: str
    limit: int = 500

    def __post_init__(self) -> None:
        self.title = f"Search: {self.query}"
        self._rows: list[TimelineRow] | None = None
        self._lock = threading.Lock()

    def _all(self) -> list[TimelineRow]:
        with self._lock:
            if self._rows is None:
                self._rows = self.store.messages.search(self.query, self.limit)
            return self._rows

    def count(self) -> int:
        return len(self._all())

    def fetch(
        self, page: int, before: TimelineRow | None, after: TimelineRow | None
    ) -> list[TimelineRow]:
        return self._all()[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]


class TimelinePager:
    """A bounded page cache over a source. Reads are cheap and safe from the UI thread;
    `fetch()` does the I/O and belongs in a worker; `put()` stores what it returned."""

    def __init__(self, source: TimelineSource) -> None:
        self.source = source
        self.total: int | None = None
        self._pages: OrderedDict[int, list[TimelineRow]] = OrderedDict()
        self._pending: set[int] = set()

    @staticmethod
    def page_of(index: int) -> int:
        return index // PAGE_SIZE

    def row(self, index: int) -> TimelineRow | None:
        page = self._pages.get(index // PAGE_SIZE)
        if page is None:
            return None
        self._pages.move_to_end(index // PAGE_SIZE)
        offset = index % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def needs(self, page: int) -> bool:
        """True once per missing page: the caller should start a fetch for it."""
        if page in self._pages or page in self._pending:
            return False
        self._pending.add(page)
        return True

    def fetch(self, page: int) -> list[TimelineRow]:
        previous = self._pages.get(page - 1)
        following = self._pages.get(page + 1)
        before = previous[-1] if previous and len(previous) == PAGE_SIZE else None
        after = following[0] if following and before is None else None
        return self.source.fetch(page, before, after)

    def put(self, page: int, rows: list[TimelineRow]) -> None:
        self._pending.discard(page)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    def forget(self, page: int) -> None:
        self._pending.discard(page)

    def cached_pages(self) -> int:
        return len(self._pages)
