"""The real `inbox-tui --demo` in a real terminal (tmux), driven as a person would.

tmux is a required test tool: if it is missing this test fails, it does not skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SOCKET = f"inbox-tui-test-{os.getpid()}"


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True
    ).stdout


def _wait_for(text: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", "e2e")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear; screen was:\n{screen}")


def test_demo_in_tmux(tmp_path: Path, isolated_env: Path) -> None:
    assert shutil.which("tmux"), "tmux is required for the end-to-end test (apt-get install tmux)"
    exe = Path(sys.executable).with_name("inbox-tui")
    assert exe.exists(), f"{exe} missing: install the project with pip install -e ."
    store = tmp_path / "demo.sqlite3"
    done = tmp_path / "exit-code"
    env = {
        "HOME": str(isolated_env),
        "INBOX_TUI_CONFIG": str(tmp_path / "missing.toml"),
        "INBOX_TUI_DATA_DIR": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    command = f"{exe} --demo --store {store}; echo $? > {done}; sleep 30"
    _tmux(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "150",
        "-y",
        "40",
        *[arg for key, value in env.items() for arg in ("-e", f"{key}={value}")],
        command,
    )
    try:
        screen = _wait_for("messages ·")
        assert "All" in screen and "Awaiting reply" in screen
        _tmux("send-keys", "-t", "e2e", "/")
        _wait_for("Search subject")
        _tmux("send-keys", "-t", "e2e", "-l", "riso")
        _tmux("send-keys", "-t", "e2e", "Enter")
        screen = _wait_for("Search: riso")
        _tmux("send-keys", "-t", "e2e", "Escape")
        # Esc leaves the results (the title goes back to All); waiting for that also keeps
        # the terminal from reading Esc+q as one Alt+q.
        _wait_for(" All ·")
        _tmux("send-keys", "-t", "e2e", "q")
        deadline = time.monotonic() + 20
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.exists(), "the app did not quit on q"
        assert done.read_text().strip() == "0"
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
