"""Where inbox-tui keeps its files (platform directories; overridable for tests)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_log_dir

APP = "inbox-tui"


def data_dir() -> Path:
    return Path(os.environ.get("INBOX_TUI_DATA_DIR") or user_data_dir(APP))


def default_store_path() -> Path:
    return data_dir() / "inbox.sqlite3"


def demo_store_path() -> Path:
    return data_dir() / "demo.sqlite3"


def user_themes_dir() -> Path:
    return Path(user_config_dir(APP)) / "themes"


def log_dir() -> Path:
    return Path(os.environ.get("INBOX_TUI_LOG_DIR") or user_log_dir(APP))


def config_path() -> Path:
    """The config file: INBOX_TUI_CONFIG, else the platform config dir."""
    override = os.environ.get("INBOX_TUI_CONFIG")
    return Path(override) if override else Path(user_config_dir(APP)) / "config.toml"
