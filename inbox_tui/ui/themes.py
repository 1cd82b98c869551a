"""Textual themes from TOML files: the shipped ones and the user's own.

In a wheel the shipped themes live in `inbox_tui/themes/` (pyproject force-includes the
top-level `themes/` there); in a checkout or an editable install they are read from the
repository's `themes/` directly.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from textual.theme import Theme

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Every custom variable the app's CSS uses, with a value for themes that do not set it.
VARIABLE_DEFAULTS: dict[str, str] = {
    "timeline-unread": "#FFFFFF",
    "timeline-read-receipt": "#00AFAF",
    "timeline-outbound": "#A0A0A0",
}

_THEME_KEYS = {
    "name",
    "dark",
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "success",
    "warning",
    "error",
    "luminosity_spread",
    "text_alpha",
    "variables",
}


class ThemeFileError(ValueError):
    pass


def shipped_theme_dirs() -> list[Path]:
    dirs: list[Path] = []
    packaged = resources.files("inbox_tui") / "themes"
    if packaged.is_dir():
        dirs.append(Path(str(packaged)))
    checkout = Path(__file__).resolve().parents[2] / "themes"
    if checkout.is_dir() and checkout not in dirs:
        dirs.append(checkout)
    return dirs


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThemeFileError(f"{path}: {exc}") from exc
    unknown = set(data) - _THEME_KEYS
    if unknown:
        raise ThemeFileError(f"{path}: unknown keys {sorted(unknown)}")
    if "name" not in data or "primary" not in data:
        raise ThemeFileError(f"{path}: a theme needs at least `name` and `primary`")
    variables = {str(k): str(v) for k, v in data.pop("variables", {}).items()}
    try:
        return Theme(**data, variables=variables)
    except (TypeError, ValueError) as exc:
        raise ThemeFileError(f"{path}: {exc}") from exc


def load_themes(extra_dirs: list[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """All themes found, later directories overriding earlier ones by name; plus errors."""
    found: dict[str, Theme] = {}
    errors: list[str] = []
    for directory in [*shipped_theme_dirs(), *(extra_dirs or [])]:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as exc:
                errors.append(str(exc))
                continue
            found[theme.name] = theme
    return list(found.values()), errors
