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

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*("[^"]*"|[A-Za-z0-9_\-.]+)\s*=')
_INLINE_KEY = re.compile(r'[{,]\s*("[^"]*"|[A-Za-z0-9_\-]+)\s*=')
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


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map each key path defined in `text` to its 1-based line number."""
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    counts: dict[str, int] = {}
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            in_multiline = line.count('"""') % 2 == 0
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            name = header.group(2).strip()
            parts: KeyPath = tuple(_unquote(p) for p in name.split("."))
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                parts = (*parts, counts[name])
            table = parts
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        path = (*table, *(_unquote(p) for p in key.group(1).split(".")))
        lines.setdefault(path, number)
        value = line[key.end() :]
        for inner in _INLINE_KEY.finditer(value):
            lines.setdefault((*path, _unquote(inner.group(1))), number)
        if value.count('"""') % 2 == 1:
            in_multiline = True
    return lines


def _unquote(part: str) -> str:
    part = part.strip()
    return part[1:-1] if len(part) >= 2 and part[0] == part[-1] == '"' else part


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
