"""Draft templates: the TOML schema, choosing the templates that suit a message, and
rendering one with its slots into a Draft.

Pure: TOML text comes in (inbox_tui/suggest_data.py reads the files), Drafts go out. The
schema is described at the top of inbox_tui/suggest_templates/en.toml.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Literal, NoReturn

from inbox_tui.core.suggest.models import (
    DRAFT_KINDS,
    INTENTS,
    NO_DRAFT_INTENTS,
    PLACEHOLDER_CLOSE,
    PLACEHOLDER_OPEN,
    Draft,
    DraftKind,
    Intent,
    Language,
)
from inbox_tui.core.suggest.slots import (
    BLOCK_SLOTS,
    CLOSING_PHRASES,
    PLACEHOLDER_LABELS,
    SLOT_NAMES,
)
from inbox_tui.core.suggest.text_prep import fold as _fold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Template", "TemplateError", "TemplateSet", "body_of", "parse_templates", "render"]

When = Literal["any", "after_hours", "work_hours"]
Channel = Literal["any", "email", "sms"]
Form = Literal["any", "formal", "informal"]

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")
_EMPTY = "\x00"  # stands for an empty slot until the line around it is tidied
_EMPTY_BEFORE_PUNCT = re.compile(r",?[ \t]*\x00[ \t]*(?=[,.;:?!])")
_EMPTY_AFTER_SPACE = re.compile(r"[ \t]*\x00")
_SPACES = re.compile(r"[ \t\u00a0]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_OPEN, _CLOSE = PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE
_PLACEHOLDER = re.compile(f"{_OPEN}[^\n{_OPEN}{_CLOSE}]*{_CLOSE}")
_SENTENCE_START = re.compile(r"(?:^|[.?!]|\n[ \t]*\n)[ \t\n]*$")
_BODY_END = re.compile(r"[.?!…»)]$")
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


class TemplateError(ValueError):
    """A template file that cannot be used: where, which template and key, and the fix."""

    def __init__(
        self,
        source: str,
        message: str,
        fix: str,
        *,
        template_id: str | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.source, self.template_id, self.key, self.line = source, template_id, key, line
        self.problem, self.fix = message, fix
        where = f"{source}:{line}" if line else source
        what = (f"template {template_id!r}: " if template_id else "") + (f"{key}: " if key else "")
        super().__init__(f"{where}: {what}{message}\n    fix: {fix}")


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    kind: DraftKind
    intents: tuple[Intent, ...]
    text: str
    when: When = "any"  # when the client's message arrived
    channel: Channel = "any"
    form: Form = "any"  # Italian Lei/tu; English "Dear Anna Bianchi" vs "Hi Anna"
    cues: tuple[str, ...] = ()  # word stems (folded) that make it the better pick among equals
    source: str = ""  # the file it came from, for messages

    @property
    def specificity(self) -> int:
        """How many of when/channel/form it pins down: the more, the closer the fit."""
        return sum(v != "any" for v in (self.when, self.channel, self.form))


@dataclass(frozen=True, slots=True)
class TemplateSet:
    language: Language
    templates: tuple[Template, ...] = ()
    disabled: frozenset[str] = frozenset()  # ids its file switches off (enabled = false)
    source: str = ""

    def __iter__(self) -> Iterator[Template]:
        return iter(self.templates)

    def __len__(self) -> int:
        return len(self.templates)

    def get(self, template_id: str) -> Template | None:
        return next((t for t in self.templates if t.id == template_id), None)

    def merged(self, other: TemplateSet) -> TemplateSet:
        """`other` (a user's file) over these: a same id replaces in place, `enabled = false`
        removes, new ids come first so that the user's own template wins among equals."""
        if other.language != self.language:
            fix = f'set language = "{self.language}", or name the file {other.language}.toml'
            raise TemplateError(other.source, f"{other.language!r} here", fix, key="language")
        known = {t.id for t in self.templates}
        for template_id in sorted(other.disabled - known):
            fix = f"use one of {', '.join(sorted(known))}"
            msg = "there is no template with this id to switch off"
            raise TemplateError(other.source, msg, fix, template_id=template_id, key="enabled")
        replacing = {t.id: t for t in other.templates}
        kept = tuple(replacing.get(t.id, t) for t in self.templates if t.id not in other.disabled)
        added = tuple(t for t in other.templates if t.id not in known)
        return TemplateSet(self.language, added + kept, self.disabled | other.disabled, self.source)

    def candidates(
        self,
        intent: str,
        kind: str,
        *,
        after_hours: bool,
        channel: str,
        formal: bool,
        message: str = "",
    ) -> list[Template]:
        """The templates that suit, most specific first; among equals, those with more
        cues in `message` first, then file order."""
        whens = ("any", "after_hours" if after_hours else "work_hours")
        forms = ("any", "formal" if formal else "informal")
        words = fold(message).split()

        def hits(t: Template) -> int:
            return sum(any(w.startswith(c) for w in words) for c in t.cues)

        fitting = [
            t
            for t in self.templates
            if t.kind == kind
            and intent in t.intents
            and t.when in whens
            and t.channel in ("any", channel)
            and t.form in forms
        ]
        return sorted(fitting, key=lambda t: (-t.specificity, -hits(t)))


def fold(text: str) -> str:
    """Lower case, no accents, words only: what cues are matched against."""
    return re.sub(r"\W+", " ", _fold(text))


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
    for m in _TOKEN.finditer(text):
        if m.group(0) not in ("{{", "}}") and m.group(1) not in SLOT_NAMES:
            what = f"unknown slot {m.group(0)}" if m.group(1) is not None else "a lone brace"
            bad(what, f"use one of {slots}; write {{{{ or }}}} for a brace of your own", "text")
    if _CONTROL.search(text.replace("\t", " ")):
        bad("a control character in the text", "remove it (escapes like \\u001b too)", "text")
    leftover = _PLACEHOLDER.sub("", text)
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


def render(template: Template, slots: Mapping[str, str | None], language: str) -> Draft:
    """The draft: slots filled; unknown ones left as «label» (their offsets, with those of
    the template's own «…», in Draft.placeholders); empty ones removed with their comma or
    line; whitespace tidied."""
    if language not in PLACEHOLDER_LABELS:
        raise ValueError(f"language must be 'it' or 'en', not {language!r}")
    labels = PLACEHOLDER_LABELS[language]
    out, pos = "", 0
    for m in _TOKEN.finditer(template.text):
        out += template.text[pos : m.start()]
        pos = m.end()
        token, name = m.group(0), m.group(1)
        if token in ("{{", "}}"):
            out += token[0]
        elif name not in SLOT_NAMES:
            out += token  # parse_templates rejects these: keep them visible, not lost
        elif value := _clean_value(slots.get(name), multiline=name in BLOCK_SLOTS):
            # "Lunedì alle 08:30 …": a value that starts a sentence gets its capital
            out += value[0].upper() + value[1:] if _SENTENCE_START.search(out) else value
        elif name in labels:
            out += f"{_OPEN}{labels[name]}{_CLOSE}"
        else:
            out += _EMPTY
    text = _tidy(out + template.text[pos:])
    return Draft(template.kind, text, tuple(p.span() for p in _PLACEHOLDER.finditer(text)))


def _clean_value(value: str | None, *, multiline: bool) -> str:
    if not value:
        return ""
    value = _CONTROL.sub(" ", value.replace("\r\n", "\n")).replace("\t", " ")
    value = value.replace(_OPEN, "").replace(_CLOSE, "")  # only the engine's marks are «»
    return value.strip() if multiline else " ".join(value.split())


def _tidy(text: str) -> str:
    kept: list[str] = []
    for line in text.split("\n"):
        if _EMPTY in line and not line.replace(_EMPTY, "").strip(" \t,.;:"):
            continue  # the line held only empty slots: drop it, leave no blank behind
        line = _EMPTY_AFTER_SPACE.sub("", _EMPTY_BEFORE_PUNCT.sub("", line))
        kept.append(_SPACES.sub(" ", line).strip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def body_of(draft_text: str, language: str) -> str:
    """The draft without its closing: up to the line that starts the closing ("Cordiali
    saluti,"), else without the trailing lines that end no sentence (a name, a signature).
    The last sentence of a mediated draft's body is its question."""
    phrases = {p.lower() for p in CLOSING_PHRASES.get(language, ())}
    lines = draft_text.strip().split("\n")
    for i in range(1, len(lines)):
        if lines[i].strip().rstrip(",").strip().lower() in phrases:
            return "\n".join(lines[:i]).strip()
    while len(lines) > 1 and not _BODY_END.search(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip()
