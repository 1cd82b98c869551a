"""Driving the real `inbox-tui` in a real terminal (tmux), as a person would.

tmux runs on its own socket (`-L`), so a test never sees or touches anyone's sessions;
every wait polls `capture-pane` against a deadline instead of sleeping blindly.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

KEYRING_BACKENDS = Path(__file__).parent / "keyring_backends"


def app_exe() -> Path:
    """The installed console script, next to the test interpreter."""
    exe = Path(sys.executable).with_name("inbox-tui")
    assert exe.exists(), f"{exe} missing: install the project with pip install -e ."
    return exe


def app_env(home: Path, config: Path, data: Path) -> dict[str, str]:
    """A private HOME/XDG, config, data dir and a file keyring the child process sees."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "INBOX_TUI_CONFIG": str(config),
        "INBOX_TUI_DATA_DIR": str(data),
        "INBOX_TUI_LOG_DIR": str(home / "logs"),
        # The real `keyring` API over a JSON file: CI has no Secret Service.
        "PYTHONPATH": str(KEYRING_BACKENDS),
        "PYTHON_KEYRING_BACKEND": "file_keyring.PlainFileKeyring",
        "TEST_KEYRING_FILE": str(home / "keyring.json"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }


def listening(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port (seen in /proc, without connecting)."""
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as table:
        rows = (line.split() for line in table)
        return any(len(f) > 3 and f[1] == wanted and f[3] == "0A" for f in rows)


def run_cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    """One shell subcommand of the app; fails the test with its stderr if it fails."""
    done = subprocess.run(
        [str(app_exe()), *args], input=stdin, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"inbox-tui {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def wait_until(check: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


class Terminal:
    """One tmux server on a private socket holding the app's window."""

    def __init__(self, name: str, width: int = 160, height: int = 45) -> None:
        assert shutil.which("tmux"), (
            "tmux is required for the end-to-end tests (apt-get install tmux)"
        )
        self.socket = f"{name}-{os.getpid()}"
        self.target = "e2e"
        self.width, self.height = width, height
        self.screen = ""
        self.rows_seen: list[tuple[str, str]] = []
        self.socket_path = ""

    def tmux(self, *args: str) -> str:
        # A bare environment: the tmux server hands its own to the app, and pytest's has
        # COLUMNS=80 and LINES=24 (set by a plugin), which Textual would take as the size.
        bare = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            check=True,
            capture_output=True,
            text=True,
            env=bare,
        ).stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        pairs = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        self.tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", self.target,
            "-x", str(self.width), "-y", str(self.height), *pairs, command,
        )  # fmt: skip
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()

    def restart(self, command: str, env: dict[str, str]) -> None:
        """The same terminal, a new process in it (the old one, if any, is killed)."""
        pairs = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        self.tmux("respawn-pane", "-k", "-t", self.target, *pairs, command)

    def capture(self) -> str:
        self.screen = self.tmux("capture-pane", "-p", "-t", self.target)
        return self.screen

    def wait_for(self, *texts: str, timeout: float = 20.0, absent: tuple[str, ...] = ()) -> str:
        """The screen once every one of `texts` is on it (and none of `absent`)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.capture()
            if all(t in screen for t in texts) and not any(t in screen for t in absent):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{texts!r} (without {absent!r}) did not appear within {timeout} s; "
                    f"screen was:\n{screen}"
                )
            time.sleep(0.05)

    def wait_rows(self, check: Callable[[list[str]], bool], what: str, timeout: float = 20.0):
        """The timeline's rows once `check` accepts them."""
        deadline = time.monotonic() + timeout
        while True:
            rows = timeline_rows(self.capture())
            if check(rows):
                return rows
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} within {timeout} s; screen was:\n{self.screen}")
            time.sleep(0.05)

    def keys(self, *keys: str) -> None:
        """tmux key names: "Enter", "Escape", "F4", "C-s", "j" …"""
        self.tmux("send-keys", "-t", self.target, *keys)

    def type(self, text: str) -> None:
        """Literal text, as typed (no key-name lookup)."""
        self.tmux("send-keys", "-t", self.target, "-l", text)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        if self.socket_path:  # tmux leaves its socket file behind
            Path(self.socket_path).unlink(missing_ok=True)


def timeline_rows(screen: str) -> list[str]:
    """The timeline's non-empty rows: what is between the sidebar and the reading pane."""
    rows = []
    for line in screen.splitlines():
        if "▕" in line:
            row = line.split("▕", 1)[1].split("▏", 1)[0].strip()
            if row:
                rows.append(row)
    return rows


def reading_pane(screen: str) -> str:
    """The reading pane's column: what is right of the timeline's border on each line."""
    return "\n".join(line.rsplit("▏", 1)[1] for line in screen.splitlines() if "▏" in line)


_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def _styled_lines(capture: str) -> list[list[tuple[str, str]]]:
    """(character, effective background) per cell of each line of `capture-pane -e`.

    tmux writes only the changes from one cell to the next, across line ends too: the
    colours are followed through the whole capture, not line by line."""
    lines: list[list[tuple[str, str]]] = []
    fg = bg = "default"
    reverse = False
    for line in capture.split("\n"):
        out: list[tuple[str, str]] = []
        pos = 0
        for match in [*_SGR.finditer(line), None]:
            end = match.start() if match else len(line)
            shown = fg if reverse else bg
            out += [(ch, shown) for ch in line[pos:end] if ch >= " "]
            if match is None:
                break
            pos = match.end()
            codes = (match.group(1) or "0").replace(":", ";").split(";")
            i = 0
            while i < len(codes):
                code = codes[i] or "0"
                if code in ("38", "48"):  # 38;5;N or 38;2;R;G;B
                    size = 3 if codes[i + 1 : i + 2] == ["5"] else 5
                    value = ";".join(codes[i : i + size])
                    fg, bg = (value, bg) if code == "38" else (fg, value)
                    i += size
                    continue
                if code == "0":
                    fg, bg, reverse = "default", "default", False
                elif code in ("7", "27"):
                    reverse = code == "7"
                elif len(code) == 2 and code[0] in "39":
                    fg = code
                elif len(code) == 2 and code[0] in "4" or len(code) == 3 and code[0] == "1":
                    bg = code
                i += 1
        lines.append(out)
    return lines


def highlighted_row(term: Terminal) -> tuple[int, str]:
    """(line in the timeline, its text) of the row under the cursor, as a person sees it:
    the one row whose background differs from the others' (a lone row is the cursor's by
    definition); (-1, "") while that cannot be told."""
    raw = term.tmux("capture-pane", "-e", "-p", "-t", term.target)
    term.capture()
    rows: list[tuple[str, str]] = []
    for cells in _styled_lines(raw):
        text = "".join(ch for ch, _ in cells)
        if "▕" not in text:
            continue
        start = text.index("▕") + 1
        end = text.find("▏", start)
        part = cells[start : end if end > 0 else len(cells)]
        if part:
            rows.append(("".join(ch for ch, _ in part).strip(), part[0][1]))
    term.rows_seen = rows
    filled = [i for i, (row, _) in enumerate(rows) if row]
    if len(filled) == 1:
        return filled[0], rows[filled[0]][0]
    counts: dict[str, int] = {}
    for _, bg in rows:
        counts[bg] = counts.get(bg, 0) + 1
    lonely = [i for i in filled if counts[rows[i][1]] == 1]
    return (lonely[0], rows[lonely[0]][0]) if len(lonely) == 1 else (-1, "")


def select_row(term: Terminal, *wanted: str, rows: int = 10) -> str:
    """Move the timeline cursor (the timeline must have the focus) to its first row, then
    down to the row showing every text in `wanted`; returns that row's text. Short lists
    only: the timeline must not scroll."""
    term.keys("g")
    for index in range(rows):
        try:
            _, row = wait_until(
                lambda index=index: (found := highlighted_row(term))[0] == index and found,
                5,
                f"the cursor on row {index}",
            )  # type: ignore[misc]
        except AssertionError as exc:
            raise AssertionError(f"{exc}; {term.rows_seen}; screen:\n{term.screen}") from None
        if all(w in row for w in wanted):
            return row
        term.keys("j")
    raise AssertionError(f"no row with {wanted!r}; screen:\n{term.screen}")


def _footer(term: Terminal) -> str:
    lines = [line for line in term.capture().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def open_row(term: Terminal) -> None:
    """Enter on the selected row, then wait until the reading pane has taken the focus
    (its "j Scroll" keys in the footer): the app moves it there once the message is
    open, and a key sent before that would still go to the timeline (or, worse, a
    focus_timeline() check would pass just before the focus leaves)."""
    term.keys("Enter")
    wait_until(lambda: "Scroll" in _footer(term), 10, "the reading pane to take the focus")


def focus_timeline(term: Terminal) -> None:
    """Give the timeline the focus with Tab / Shift+Tab, as the footer shows: its keys
    (⏎ Open) are there only while it has the focus; the reading pane's are "j Scroll"."""

    def footer() -> str:
        return _footer(term)

    for _ in range(4):
        shown = footer()
        if "⏎ Open" in shown:
            return
        term.keys("BTab" if "Scroll" in shown else "Tab")
        wait_until(lambda shown=shown: footer() != shown, 5, "the focus to move")
    raise AssertionError(f"the timeline did not get the focus; screen:\n{term.screen}")


def palette(term: Terminal, command: str) -> None:
    """Run a command from the palette (ctrl+p), typed as its name."""
    term.keys("C-p")
    term.wait_for("Search for commands")
    term.type(command)
    term.wait_for(command)
    term.keys("Enter")
