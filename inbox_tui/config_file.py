"""Reading the config file: TOML text to a `Config`, problems tied to their lines.

`tomllib` keeps no positions, so a small scan of the text maps each key path to the line
that defines it; a problem is then reported as `file:line: key: message` with its fix.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from inbox_tui.core.config import Config, ConfigError, ConfigProblem, build_config
from inbox_tui.core.config_checks import KeyPath
from inbox_tui.paths import config_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# One part of a dotted key: bare, "basic" (with escapes) or 'literal'.
_PART = r"""(?:[A-Za-z0-9_\-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_PARTS = re.compile(_PART)
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_DOTTED})\s*=")
_MULTILINE = ('"""', "'''")
_TOML_LINE = re.compile(r"at line (\d+)")


def resolve_path(path: Path | None) -> Path:
    return path if path is not None else config_path()


def load_config(path: Path | None = None) -> Config:
    """The validated config; raises ConfigError whose problems carry file and line."""
    path = resolve_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            [
                ConfigProblem(
                    "",
                    f"config file not found: {path}",
                    "create it from the example in the README (or set INBOX_TUI_CONFIG), "
                    "or try the app with `inbox-tui --demo`",
                    file=str(path),
                )
            ]
        ) from None
    except OSError as exc:
        raise ConfigError(
            [ConfigProblem("", f"cannot read {path}: {exc.strerror}", "check its permissions")]
        ) from None
    return parse_config_text(raw.decode("utf-8", errors="replace"), str(path))


def parse_config_text(text: str, filename: str) -> Config:
    try:
        doc = tomllib.loads(text)
    except RecursionError:  # tomllib recurses per nesting level of arrays and tables
        problem = ConfigProblem(
            "",
            "nested too deeply to read",
            "flatten the arrays and inline tables (a config needs two levels at most)",
            line=_deep_line(text),
            file=filename,
        )
        raise ConfigError([problem]) from None
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        raise ConfigError(
            [
                ConfigProblem(
                    "",
                    f"not valid TOML: {exc}",
                    "fix the syntax (strings in double quotes, one key per line)",
                    line=int(m.group(1)) if m else None,
                    file=filename,
                )
            ]
        ) from None
    try:
        return build_config(doc)
    except ConfigError as exc:
        lines = key_lines(text)
        raise ConfigError(
            [
                ConfigProblem(p.key, p.message, p.fix, p.path, _line_for(lines, p.path), filename)
                for p in exc.problems
            ]
        ) from None


def _deep_line(text: str, limit: int = 100) -> int | None:
    """Where brackets first nest `limit` deep (strings are not skipped: it is a hint)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            depth += 1 if char in "[{" else -1 if char in "]}" else 0
            if depth >= limit:
                return number
    return None


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map each key path defined in `text` to its 1-based line number."""
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    counts: dict[KeyPath, int] = {}
    open_string: str | None = None  # the delimiter of a multi-line string being skipped
    # TOML ends lines at LF only: splitlines() would also split at \x85 or U+2028 in a
    # value, and every line number after it would be wrong.
    for number, line in enumerate(text.split("\n"), start=1):
        if open_string is not None:
            if line.count(open_string) % 2 == 1:
                open_string = None
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            parts: KeyPath = _parts(header.group(2))
            if header.group(1) == "[[":
                lines.setdefault(parts, number)  # the array itself ("must be a table")
                counts[parts] = counts.get(parts, -1) + 1
                parts = (*parts, counts[parts])
            table = parts
            _define(lines, (), table, number)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        path = (*table, *_parts(key.group(1)))
        _define(lines, table, path, number)
        value = line[key.end() :]
        for inner in _INLINE_KEY.finditer(value):
            _define(lines, path, (*path, *_parts(inner.group(1))), number)
        opened = [(value.find(d), d) for d in _MULTILINE if value.count(d) % 2 == 1]
        open_string = min(opened)[1] if opened else None
    return lines


def _define(lines: dict[KeyPath, int], base: KeyPath, path: KeyPath, number: int) -> None:
    """`path` and the tables its dotted key creates on the way ("a.b.c = 1": a, a.b)."""
    for end in range(len(base) + 1, len(path) + 1):
        lines.setdefault(path[:end], number)


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(_unquote(p) for p in _PARTS.findall(dotted))


def _unquote(part: str) -> str:
    """A key part as TOML reads it: quotes removed, escapes ("\\u001b") decoded."""
    if part[:1] not in ('"', "'"):
        return part
    try:
        return next(iter(tomllib.loads(f"{part} = 0")))
    except (tomllib.TOMLDecodeError, StopIteration):
        return part[1:-1]


def _line_for(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def format_problems(problems: list[ConfigProblem]) -> str:
    out = []
    for p in problems:
        where = p.file or "config"
        if p.line is not None:
            where += f":{p.line}"
        key = f" {p.key}:" if p.key else ""
        out.append(f"{where}:{key} {p.message}")
        if p.fix:
            out.append(f"    fix: {p.fix}")
    return "\n".join(out)
