"""Snapshot tests of the main screens (pytest-textual-snapshot).

Regenerate after an intended visual change with `pytest tests/test_snapshots.py
--snapshot-update`, then look at the SVGs before committing them.
"""

from __future__ import annotations

from inbox_tui.store import Store
from ui_helpers import make_app, settle

SIZE = (140, 40)


def _settled(extra_keys: tuple[str, ...] = ()):
    async def run_before(pilot) -> None:
        await settle(pilot, pilot.app)
        if extra_keys:
            await pilot.press(*extra_keys)
            await settle(pilot, pilot.app)

    return run_before


def test_main_screen_dark(snap_compare, demo_store: Store) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_settled())


def test_main_screen_light(snap_compare, demo_store: Store) -> None:
    app = make_app(demo_store, theme="inbox-light")
    assert snap_compare(app, terminal_size=SIZE, run_before=_settled(("j", "j", "j")))


def test_main_screen_high_contrast(snap_compare, demo_store: Store) -> None:
    app = make_app(demo_store, theme="inbox-high-contrast")
    assert snap_compare(app, terminal_size=SIZE, run_before=_settled())


def test_search_results(snap_compare, demo_store: Store) -> None:
    keys = ("slash", *"pasta", "enter")
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=_settled(keys))


def test_help_screen(snap_compare, demo_store: Store) -> None:
    assert snap_compare(
        make_app(demo_store), terminal_size=SIZE, run_before=_settled(("question_mark",))
    )
