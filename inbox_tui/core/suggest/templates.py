"""Draft templates: choosing the templates that suit a message, and rendering one with
its slots into a Draft. Reading and checking a template file is template_file.py.

Pure: Drafts go out. The schema is described at the top of
inbox_tui/suggest_templates/en.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from inbox_tui.core.suggest.models import (
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

__all__ = ["Template", "TemplateError", "TemplateSet", "body_of", "render"]

When = Literal["any", "after_hours", "work_hours"]
Channel = Literal["any", "email", "sms"]
Form = Literal["any", "formal", "informal"]

SLOT_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")
_EMPTY = "\x00"  # stands for an empty slot until the line around it is tidied
_EMPTY_BEFORE_PUNCT = re.compile(r",?[ \t]*\x00[ \t]*(?=[,.;:?!])")
_EMPTY_AFTER_SPACE = re.compile(r"[ \t]*\x00")
_SPACES = re.compile(r"[ \t\u00a0]+")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_OPEN, _CLOSE = PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE
PLACEHOLDER_RE = re.compile(f"{_OPEN}[^\n{_OPEN}{_CLOSE}]*{_CLOSE}")
_SENTENCE_START = re.compile(r"(?:^|[.?!]|\n[ \t]*\n)[ \t\n]*$")
_BODY_END = re.compile(r"[.?!…»)]$")


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


def render(template: Template, slots: Mapping[str, str | None], language: str) -> Draft:
    """The draft: slots filled; unknown ones left as «label» (their offsets, with those of
    the template's own «…», in Draft.placeholders); empty ones removed with their comma or
    line; whitespace tidied."""
    if language not in PLACEHOLDER_LABELS:
        raise ValueError(f"language must be 'it' or 'en', not {language!r}")
    labels = PLACEHOLDER_LABELS[language]
    out, pos = "", 0
    for m in SLOT_TOKEN.finditer(template.text):
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
    return Draft(template.kind, text, tuple(p.span() for p in PLACEHOLDER_RE.finditer(text)))


def _clean_value(value: str | None, *, multiline: bool) -> str:
    if not value:
        return ""
    value = CONTROL_CHARS.sub(" ", value.replace("\r\n", "\n")).replace("\t", " ")
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
