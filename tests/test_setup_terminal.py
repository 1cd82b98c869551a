"""The first run in a real terminal (tmux): `inbox-tui` without a config opens the setup,
saving opens the inbox on the new file; `inbox-tui setup` left with Esc writes nothing.

tmux is a required test tool: if it is missing this test fails, it does not skip.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

from inbox_tui.config_file import load_config

SOCKET = f"inbox-tui-setup-{os.getpid()}"
EXE = Path(sys.executable).with_name("inbox-tui")


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True
    ).stdout


def _screen() -> str:
    return _tmux("capture-pane", "-p", "-t", "setup")


def _wait_for(text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _screen()
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear; screen was:\n{screen}")


def _keys(*keys: str) -> None:
    for key in keys:
        _tmux("send-keys", "-t", "setup", key)
        time.sleep(0.15)  # one at a time, as typed: Esc then y must not read as Alt+y


def _start(tmp_path: Path, config: Path, *args: str) -> Path:
    done = tmp_path / "exit-code"
    done.unlink(missing_ok=True)
    env = {
        "HOME": str(tmp_path / "home"),
        "INBOX_TUI_CONFIG": str(config),
        "INBOX_TUI_DATA_DIR": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    # stdout to a file: what the command prints after the full-screen part (Textual draws
    # on stderr, which stays the terminal).
    command = f"{EXE} {' '.join(args)} >{tmp_path / 'stdout'}; echo $? > {done}; sleep 30"
    env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    # The previous run's session (if any) sits in its `sleep`: replace it.
    subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", "setup"], capture_output=True)
    size = ["-x", "120", "-y", "40"]
    _tmux("-f", "/dev/null", "new-session", "-d", "-s", "setup", *size, *env_args, command)
    return done


def _exit_code(done: Path) -> str:
    deadline = time.monotonic() + 20
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert done.exists(), f"the app did not exit; screen was:\n{_screen()}"
    return done.read_text().strip()


def test_first_run_opens_setup_then_the_inbox(tmp_path: Path) -> None:
    assert shutil.which("tmux"), "tmux is required for this test (apt-get install tmux)"
    assert EXE.exists(), f"{EXE} missing: install the project with pip install -e ."
    config = tmp_path / "conf" / "config.toml"
    try:
        done = _start(tmp_path, config, "--store", str(tmp_path / "s.sqlite3"))
        _wait_for("Welcome to inbox-tui")
        _tmux("send-keys", "-t", "setup", "-l", "Maria")
        # Tab past language, timezone, phone country and the seven days, to "Next".
        _keys(*["Tab"] * 11, "Enter")
        _wait_for("2/2 · accounts")
        _keys("Tab", "Tab", "Enter")  # from "Add email account" to "Save and finish"
        _wait_for("0 messages ·")  # the inbox, on the config just written
        _keys("q")
        assert _exit_code(done) == "0"
        assert stat.S_IMODE(config.stat().st_mode) == 0o600
        assert load_config(config).profile.name == "Maria"

        # Again, through `inbox-tui setup`: the file exists; leaving touches nothing.
        before = config.read_bytes()
        done = _start(tmp_path, config, "setup")
        _wait_for("Editing your existing config")
        _keys("Escape")
        _wait_for("Nothing has been written")
        _keys("y")
        assert _exit_code(done) == "1"
        assert config.read_bytes() == before and list(config.parent.glob("*.bak-*")) == []
        assert (
            f"Setup left without saving: {config} was not touched"
            in (tmp_path / "stdout").read_text()
        )
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
