"""Typed reads from a parsed TOML table that record problems instead of raising.

Collecting every problem lets `check-config` show the user all of them in one go, each
with the key path (the file layer turns paths into line numbers) and how to fix it.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

KeyPath = tuple[str | int, ...]

# Keys that would hold a secret in plain text. Their values are never echoed back.
SECRET_KEYS = {"password", "passwd", "pass", "secret", "token", "auth_token", "api_key", "apikey"}
_DURATION = re.compile(r"^\s*(\d+)\s*([mhd])\s*$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", str: "a string", list: "a list"}.get(
        type(value), "a table" if isinstance(value, dict) else type(value).__name__
    )


class Checker:
    def __init__(self) -> None:
        self.problems: list[tuple[KeyPath, str, str]] = []
        self.warnings: list[str] = []

    def fail(self, path: KeyPath, message: str, fix: str = "") -> None:
        self.problems.append((path, message, fix))

    def only_keys(
        self, t: dict[str, Any], path: KeyPath, allowed: set[str], secret_fix: str | None = None
    ) -> None:
        for key in t:
            if key in allowed:
                continue
            if key.lower() in SECRET_KEYS:
                self.fail(
                    (*path, key),
                    "secrets are not allowed in the config file",
                    secret_fix
                    or "remove it: store it with `inbox-tui secret set ACCOUNT` or use "
                    "password_command",
                )
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f"did you mean {close[0]!r}?" if close else ""
            known = ", ".join(sorted(allowed))
            self.fail((*path, key), f"unknown key {key!r}", f"{hint} known keys: {known}".strip())

    def table(self, t: dict[str, Any], path: KeyPath, required: bool = False) -> dict[str, Any]:
        key = path[-1]
        value = t.get(key) if isinstance(key, str) else None
        if value is None:
            if required:
                self.fail(path, "missing table", f"add {key} = {{ host = …, port = … }}")
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"must be a table, not {_type_name(value)}", f"write it as [{key}]")
            return {}
        return value

    def table_list(self, items: Any, path: KeyPath) -> list[dict[str, Any]]:
        if not isinstance(items, list):
            self.fail(path, "must be an array of tables", f"write each entry as [[{path[-1]}]]")
            return []
        out = []
        for i, item in enumerate(items):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.fail((*path, i), "must be a table", f"write each entry as [[{path[-1]}]]")
        return out

    def _get(self, t: dict[str, Any], path: KeyPath, key: str, kind: type, required: bool) -> Any:
        if key not in t:
            if required:
                self.fail((*path, key), "missing required key", f"add {key} = …")
            return None
        value = t[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(
                (*path, key),
                f"must be {_type_name(kind())}, not {_type_name(value)}",
                f"e.g. {key} = {_example(kind)}",
            )
            return None
        return value

    def string(
        self, t: dict[str, Any], path: KeyPath, key: str, default: str, required: bool = False
    ) -> str:
        value = self._get(t, path, key, str, required)
        if value is not None and required and not value.strip():
            self.fail((*path, key), "must not be empty", f"give {key} a value")
        return default if value is None else value

    def opt_string(self, t: dict[str, Any], path: KeyPath, key: str) -> str | None:
        return self._get(t, path, key, str, False)

    def boolean(self, t: dict[str, Any], path: KeyPath, key: str, default: bool) -> bool:
        value = self._get(t, path, key, bool, False)
        return default if value is None else value

    def opt_boolean(self, t: dict[str, Any], path: KeyPath, key: str) -> bool | None:
        # None means "not set here", so an override can fall through to the next level.
        return self._get(t, path, key, bool, False)

    def integer(
        self, t: dict[str, Any], path: KeyPath, key: str, default: int, lo: int, hi: int
    ) -> int:
        value = self._get(t, path, key, int, False)
        if value is None:
            return default
        if not lo <= value <= hi:
            self.fail((*path, key), f"{value} is out of range", f"use {lo}–{hi}")
            return default
        return value

    def string_list(self, t: dict[str, Any], path: KeyPath, key: str, default: list[str]):
        value = self._get(t, path, key, list, False)
        if value is None:
            return list(default)
        if not all(isinstance(v, str) for v in value):
            self.fail((*path, key), "must be a list of strings", f'e.g. {key} = ["…", "…"]')
            return [v for v in value if isinstance(v, str)]
        return value

    def choice(
        self,
        t: dict[str, Any],
        path: KeyPath,
        key: str,
        choices: tuple[str, ...],
        default: Any,
        required: bool = False,
    ) -> Any:
        value = self._get(t, path, key, str, required)
        if value is None:
            return default
        if value not in choices:
            self.fail((*path, key), f"{value!r} is not one of {', '.join(choices)}", "pick one")
            return default
        return value

    def duration(self, t: dict[str, Any], path: KeyPath, key: str) -> str | None:
        value = self._get(t, path, key, str, False)
        if value is not None and not _DURATION.match(value):
            self.fail(
                (*path, key),
                f"not a duration: {value!r}",
                'working time as "30m", "4h" or "1d" (one working day)',
            )
            return None
        return value.strip() if value else None


def _example(kind: type) -> str:
    return {str: '"…"', bool: "true", int: "993", list: '["…"]', dict: "{ … }"}.get(kind, "…")


def duration_minutes(value: str, working_day_minutes: int) -> int:
    """A validated duration ("30m", "4h", "1d") in working minutes."""
    m = _DURATION.match(value)
    if not m:
        raise ValueError(f"not a duration: {value!r}")
    n, unit = int(m.group(1)), m.group(2)
    return n * {"m": 1, "h": 60, "d": working_day_minutes}[unit]


def dotted(path: KeyPath) -> str:
    """A key path as the user reads it: accounts[0].imap.port."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = _key_text(part)
            out += f".{name}" if out else name
    return out


def _key_text(key: str) -> str:
    """A key as it is written in TOML: bare, or quoted with escapes. An unknown key is the
    file's text, and this is printed on a terminal: no control character gets through."""
    if _BARE_KEY.fullmatch(key):
        return key
    escaped = "".join(
        "\\" + c if c in '"\\' else f"\\u{ord(c):04X}" if not c.isprintable() else c for c in key
    )
    return f'"{escaped}"'
