"""Shared fixtures: every test runs with its own config path, data dir and store."""

from __future__ import annotations

from pathlib import Path

import pytest

from inbox_tui.store import Store

# A fixed "now" for the demo data and the UI clock, so snapshots do not drift with the date.
from ui_helpers import FIXED_NOW

# Real Dovecot and SMTP servers for the email tests (tests/servers/).
pytest_plugins = ["servers.fixtures", "servers.kannel_fixtures"]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("INBOX_TUI_CONFIG", str(home / "no-config.toml"))
    monkeypatch.setenv("INBOX_TUI_DATA_DIR", str(home / "data"))
    return home


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "store.sqlite3")
    yield s
    s.close()


@pytest.fixture
def demo_store(tmp_path: Path):
    from inbox_tui.services.demo import seed_demo

    s = Store(tmp_path / "demo.sqlite3")
    seed_demo(s, now=FIXED_NOW)
    yield s
    s.close()
