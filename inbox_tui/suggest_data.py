"""Reading the draft templates: the ones shipped in the package, with the user's own from
`<config dir>/templates/{it,en}.toml` over them (same id replaces, new id adds,
`enabled = false` removes).

The only I/O of the suggestion engine. Parsed sets are cached per process; a user file's
modification time is part of the cache key, so an edited file is read again on the next
call, and `reload_templates()` drops everything.
"""

from __future__ import annotations

import gzip
import json
import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import overload

from inbox_tui.config_file import resolve_path
from inbox_tui.core.suggest.intent_model import IntentModel
from inbox_tui.core.suggest.models import INTENTS
from inbox_tui.core.suggest.template_file import parse_templates
from inbox_tui.core.suggest.templates import TemplateError, TemplateSet

__all__ = [
    "LANGUAGES",
    "TemplateError",
    "load_intent_model",
    "load_templates",
    "reload_templates",
    "shipped_templates",
    "user_templates_dir",
]

LANGUAGES = ("it", "en")
_PACKAGE_DIR = "suggest_templates"
_MODEL = ("suggest_model", "intent.json.gz")
log = logging.getLogger(__name__)


def user_templates_dir() -> Path:
    """Next to the config file (which INBOX_TUI_CONFIG may move), so that one folder
    holds all of a user's settings."""
    return resolve_path(None).parent / "templates"


@overload
def load_templates(
    language: None = None, directory: Path | None = None
) -> dict[str, TemplateSet]: ...
@overload
def load_templates(language: str, directory: Path | None = None) -> TemplateSet: ...


def load_templates(
    language: str | None = None, directory: Path | None = None
) -> TemplateSet | dict[str, TemplateSet]:
    """The templates for `language` (all languages, by language, when None): shipped,
    with the user's file in `directory` (default: user_templates_dir()) merged over
    them. TemplateError on a bad file."""
    folder = directory if directory is not None else user_templates_dir()
    if language is None:
        return {lang: _load(lang, folder) for lang in LANGUAGES}
    _check_language(language)
    return _load(language, folder)


def _load(language: str, folder: Path) -> TemplateSet:
    path = folder / f"{language}.toml"
    try:
        stat = path.stat()
        stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        stamp = None
    except OSError as exc:
        raise TemplateError(
            str(path), f"cannot read it: {exc.strerror}", "check its permissions"
        ) from None
    return _merged(language, path, stamp)


def shipped_templates(language: str) -> TemplateSet:
    """The templates in the package, without the user's."""
    _check_language(language)
    return _shipped(language)


def reload_templates() -> None:
    """Forget every parsed file (after the user edited theirs, or in tests)."""
    _shipped.cache_clear()
    _merged.cache_clear()


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"no templates for language {language!r}: use one of {LANGUAGES}")


@lru_cache(maxsize=len(LANGUAGES))
def _shipped(language: str) -> TemplateSet:
    resource = resources.files("inbox_tui") / _PACKAGE_DIR / f"{language}.toml"
    return parse_templates(
        resource.read_text(encoding="utf-8"), f"inbox_tui/{_PACKAGE_DIR}/{language}.toml"
    )


@lru_cache(maxsize=16)
def _merged(language: str, path: Path, stamp: tuple[int, int] | None) -> TemplateSet:
    # `stamp` only keys the cache: a changed file is a new entry
    shipped = _shipped(language)
    if stamp is None:
        return shipped
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:  # removed since the stat: as if it never was
        return shipped
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise TemplateError(str(path), f"cannot read it: {why}", "save it as UTF-8 text") from None
    return shipped.merged(parse_templates(text, str(path)))


@lru_cache(maxsize=1)
def load_intent_model() -> IntentModel | None:
    """The learned intent model shipped in the package (bench/train_intent.py writes it),
    read once per process. None, logged, if it is missing or damaged: the engine then
    falls back to its hand-written cues, which are less accurate but never absent."""
    resource = resources.files("inbox_tui").joinpath(*_MODEL)
    try:
        model = IntentModel.from_dict(json.loads(gzip.decompress(resource.read_bytes())))
        if not set(model.labels) <= set(INTENTS):
            raise ValueError(f"labels {model.labels} are not the intents {INTENTS}")
        return model
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        log.warning("intent model %s unusable (%s): using the cues alone", "/".join(_MODEL), exc)
        return None
