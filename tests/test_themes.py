"""Themes: the shipped TOML files, user themes, and the wheel carrying them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from inbox_tui.store import Store
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.themes import load_theme_file, load_themes
from ui_helpers import settle

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_themes_load() -> None:
    themes, errors = load_themes()
    assert errors == []
    names = {t.name for t in themes}
    assert {"inbox-dark", "inbox-light", "inbox-high-contrast"} <= names
    assert {t.dark for t in themes if t.name != "inbox-light"} == {True}
    assert not load_theme_file(ROOT / "themes" / "inbox-light.toml").dark


def test_user_theme_without_custom_variables_works(tmp_path: Path, store: Store) -> None:
    user = tmp_path / "themes"
    user.mkdir()
    (user / "mine.toml").write_text('name = "mine"\nprimary = "#884488"\ndark = true\n')
    (user / "broken.toml").write_text('name = "x"\nprimray = "#000"\n')

    async def run() -> None:
        app = InboxApp(store, theme_name="mine", user_theme_dirs=[user])
        async with app.run_test() as pilot:
            await settle(pilot, app)
            assert app.theme == "mine"
            # The broken file is reported, not fatal.
            assert any("broken.toml" in n.message for n in app._notifications)  # noqa: SLF001

    import asyncio

    asyncio.run(run())


def test_unknown_theme_falls_back_with_a_warning(store: Store) -> None:
    import asyncio

    async def run() -> None:
        app = InboxApp(store, theme_name="no-such-theme")
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.theme == "inbox-dark"
            assert any("no-such-theme" in n.message for n in app._notifications)  # noqa: SLF001

    asyncio.run(run())


def test_wheel_ships_themes_and_loads_them(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
        check=True,
    )
    (wheel,) = wheel_dir.glob("inbox_tui-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert {
            f"inbox_tui/themes/{n}.toml"
            for n in ("inbox-dark", "inbox-light", "inbox-high-contrast")
        } <= names
        assert "inbox_tui/ui/app.tcss" in names
        unpacked = tmp_path / "site"
        zf.extractall(unpacked)
    # Import from the unpacked wheel (PYTHONPATH beats the editable install): the themes
    # must come from inside the package, with no checkout beside it.
    probe = (
        "import inbox_tui, pathlib; from inbox_tui.ui.themes import load_themes, "
        "shipped_theme_dirs; dirs = shipped_theme_dirs(); themes, errors = load_themes();"
        "print(inbox_tui.__file__); print(dirs); print(sorted(t.name for t in themes), errors)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    ).stdout.splitlines()
    assert out[0].startswith(str(unpacked))
    assert out[1] == f"[PosixPath('{unpacked}/inbox_tui/themes')]"
    assert "inbox-high-contrast" in out[2] and out[2].endswith("[]")
