from inbox_tui.core.addresses import email_address
from inbox_tui.core.models import Channel, Contact, Direction, Message, TimelineFilter
from inbox_tui.services.timeline import (
    MAX_CACHED_PAGES,
    PAGE_SIZE,
    SearchResults,
    StoreView,
    TimelinePager,
)
from inbox_tui.store import Store


def _seed(store: Store, n: int) -> None:
    cid = store.contacts.upsert(Contact(None, "A", [email_address("a@example.com")]))
    store.messages.add_many(
        Message(
            None, Channel.EMAIL, Direction.INBOUND, cid, "studio", 5000 + i // 2, subject=f"row {i}"
        )
        for i in range(n)
    )


class CountingView(StoreView):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[int, str]] = []

    def fetch(self, page, before, after):
        how = "after" if before else "before" if after else "offset"
        self.calls.append((page, how))
        return super().fetch(page, before, after)


def test_pages_match_offsets_and_use_neighbours(store: Store) -> None:
    _seed(store, 1050)
    view = CountingView(store, TimelineFilter(), "All")
    pager = TimelinePager(view)
    pager.total = view.count()
    truth = store.messages.page_at(TimelineFilter(), 0, 2000)
    for page in (0, 1, 2, 10, 9):
        assert pager.needs(page)
        pager.put(page, pager.fetch(page))
        assert not pager.needs(page)
    assert view.calls == [(0, "offset"), (1, "after"), (2, "after"), (10, "offset"), (9, "before")]
    for index in list(range(0, 300)) + list(range(900, 1050)):
        assert pager.row(index).id == truth[index].id
    assert pager.row(1049) is not None and pager.row(1050) is None
    assert pager.row(500) is None  # page 5 was never loaded


def test_cache_is_bounded(store: Store) -> None:
    _seed(store, PAGE_SIZE * (MAX_CACHED_PAGES + 10))
    pager = TimelinePager(StoreView(store, TimelineFilter(), "All"))
    for page in range(MAX_CACHED_PAGES + 10):
        pager.needs(page)
        pager.put(page, pager.fetch(page))
    assert pager.cached_pages() == MAX_CACHED_PAGES
    assert pager.row(0) is None  # the oldest-used pages were evicted
    assert pager.row(PAGE_SIZE * (MAX_CACHED_PAGES + 10) - 1) is not None


def test_search_results_page(store: Store) -> None:
    _seed(store, 300)
    results = SearchResults(store, "row")
    assert results.count() == 300
    assert len(results.fetch(2, None, None)) == 100
    assert SearchResults(store, "nothing-like-this").count() == 0
