"""Reading a template file: its TOML text checked key by key into a TemplateSet, with
errors that name the file, the line, the template and the fix (a user edits these files
by hand). Pure: inbox_tui/suggest_data.py reads the files.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import partial
from typing import NoReturn

from inbox_tui.core.suggest.models import (
    DRAFT_KINDS,
    INTENTS,
    NO_DRAFT_INTENTS,
    PLACEHOLDER_CLOSE,
    PLACEHOLDER_OPEN,
)
from inbox_tui.core.suggest.slots import BLOCK_SLOTS, PLACEHOLDER_LABELS, SLOT_NAMES
from inbox_tui.core.suggest.templates import (
    CONTROL_CHARS,
    PLACEHOLDER_RE,
    SLOT_TOKEN,
    Template,
    TemplateError,
    TemplateSet,
    fold,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["line_of", "parse_templates"]

_OPEN, _CLOSE = PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_HEADER = re.compile(r"^\s*\[\[\s*template\s*\]\]")
_KEYS = ("id", "kind", "intents", "text", "when", "channel", "form", "cues", "enabled")
_REQUIRED = _KEYS[:4]
_CHOICES: dict[str, tuple[str, ...]] = {
    "kind": DRAFT_KINDS,
    "when": ("any", "after_hours", "work_hours"),
    "channel": ("any", "email", "sms"),
    "form": ("any", "formal", "informal"),
}
_DRAFT_INTENTS = tuple(i for i in INTENTS if i not in NO_DRAFT_INTENTS)


def parse_templates(text: str, source: str) -> TemplateSet:
    """A template file's text as a TemplateSet; TemplateError (a ValueError) names `source`,
    the line, the template id and key, and the fix."""

    def bad(message: str, fix: str, key: str, index: int = -1, **where: str | None) -> NoReturn:
        line = line_of(text, index, key) if key else None
        raise TemplateError(source, message, fix, key=key or None, line=line, **where)

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        fix = 'check the quotes: each text between """ and """, each value as key = "value"'
        m = re.search(r"at line (\d+)", str(exc))
        raise TemplateError(source, f"not valid TOML: {exc}", fix, line=m and int(m[1])) from None
    for key in doc:
        if key not in ("language", "template"):
            bad(f"unknown key {key!r}", "only language and [[template]] go at the top", key)
    if (language := doc.get("language")) not in ("it", "en"):
        bad(f'must be "it" or "en", not {language!r}', 'put language = "it" at the top', "language")
    entries = doc.get("template", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        bad("must be a list of tables", "start each template with [[template]]", "template")
    templates: list[Template] = []
    seen: set[str] = set()
    disabled: set[str] = set()
    for index, entry in enumerate(entries):
        check = partial(bad, index=index, template_id=str(entry.get("id")))
        values = _check_entry(entry, index, language, check)
        if values["id"] in seen:
            check("the same id is used twice in this file", "give each its own id", "id")
        seen.add(values["id"])
        if values.pop("enabled"):
            templates.append(Template(**values, source=source))
        else:
            disabled.add(values["id"])
    return TemplateSet(language, tuple(templates), frozenset(disabled), source)


def _check_entry(entry: dict, index: int, language: str, bad: Callable[..., NoReturn]) -> dict:
    """One [[template]] table's values, checked; only id and enabled when switched off."""
    template_id = entry.get("id")
    if not isinstance(template_id, str) or not _ID.match(template_id):
        bad(f"template number {index + 1} has no usable id", 'write id = "a-name"', "id")
    for key in entry:
        if key not in _KEYS:
            bad(f"unknown key {key!r}", f"use only {', '.join(_KEYS)}", key)
    if not isinstance(enabled := entry.get("enabled", True), bool):
        bad("must be true or false", "write enabled = false, without quotes", "enabled")
    if not enabled:
        return {"id": template_id, "enabled": False}
    for key in _REQUIRED:
        if key not in entry:
            bad("missing", f"add {key} = … (a template replaces another whole)", key)
    values: dict = {"id": template_id, "enabled": True}
    for key, choices in _CHOICES.items():
        values[key] = entry.get(key, "any")
        if values[key] not in choices:
            bad(f"{values[key]!r} is not a {key}", f"use one of {', '.join(choices)}", key)
    intents = entry["intents"]
    if not isinstance(intents, list) or not intents or not set(intents) <= set(_DRAFT_INTENTS):
        fix = f'list some of {", ".join(_DRAFT_INTENTS)}, as in ["decision"] (not thanks/automated)'
        bad(f"{intents!r} is not a list of intents", fix, "intents")
    cues = entry.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) and fold(c).strip() for c in cues):
        bad("must be a list of words", 'write cues = ["scadenz", "deadline"]', "cues")
    if not isinstance(text := entry["text"], str) or not text.strip():
        bad("the text is empty", 'write the draft between """ and """', "text")
    values.update(intents=tuple(intents), cues=tuple(fold(c).strip() for c in cues))
    values["text"] = text.strip()
    _check_text(values["text"], values["kind"], language, bad)
    return values


def _check_text(text: str, kind: str, language: str, bad: Callable[..., NoReturn]) -> None:
    slots = ", ".join(f"{{{n}}}" for n in SLOT_NAMES)
    for m in SLOT_TOKEN.finditer(text):
        if m.group(0) not in ("{{", "}}") and m.group(1) not in SLOT_NAMES:
            what = f"unknown slot {m.group(0)}" if m.group(1) is not None else "a lone brace"
            bad(what, f"use one of {slots}; write {{{{ or }}}} for a brace of your own", "text")
    if CONTROL_CHARS.search(text.replace("\t", " ")):
        bad("a control character in the text", "remove it (escapes like \\u001b too)", "text")
    leftover = PLACEHOLDER_RE.sub("", text)
    if _OPEN in leftover or _CLOSE in leftover:
        bad(f"an unclosed {_OPEN}…{_CLOSE}", f"write {_OPEN}words{_CLOSE} on one line", "text")
    lines = [line.strip() for line in text.split("\n")]
    blocks = [i for i, line in enumerate(lines) if any(f"{{{s}}}" in line for s in BLOCK_SLOTS)]
    end = blocks[0] if blocks else len(lines)
    if any(line and line.strip("{}") not in BLOCK_SLOTS for line in lines[end:]):
        bad(
            "{closing}/{signature} not alone on the last lines", "put them last, one a line", "text"
        )
    if kind != "mediated":
        return
    alternative = f"{_OPEN}{PLACEHOLDER_LABELS[language]['alternative']}{_CLOSE}"
    if "{alternative}" not in text and alternative not in text:
        bad(
            "a mediated draft offers an alternative",
            f"add {{alternative}} or {alternative}",
            "text",
        )
    if not "\n".join(lines[:end]).strip().endswith("?"):
        why = "a mediated draft ends with a question inviting the client's view"
        bad(why, "make the last sentence before {closing} a question, ending with ?", "text")


def line_of(doc: str, index: int, key: str) -> int | None:
    """The line of `key` in the index-th [[template]] (-1: the top level), else of that
    table's header: tomllib keeps no positions, and a line number saves the user a search."""
    count, header = -1, None
    for number, line in enumerate(doc.splitlines(), start=1):
        if _HEADER.match(line):
            count += 1
            if count > index:
                break
            header = number
        elif count == index and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return header if count >= index else None
