"""IMAP wire formats aioimaplib leaves to us: FETCH responses, mailbox names, LIST lines.

aioimaplib hands back raw response lines with each literal as a separate `bytearray`; this
module turns them into per-message dicts in one linear pass (its own per-line rescans are
quadratic in the batch size).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_FETCH_START = re.compile(rb"^(\d+) FETCH \(")
_TOKEN = re.compile(
    rb'\s*(?:(?P<open>\()|(?P<close>\))|(?P<quoted>"(?:[^"\\]|\\.)*")'
    rb"|(?P<literal>\{\d+\+?\}$)|(?P<atom>[^\s()\"\[]+(?:\[[^\]]*\](?:<\d+>)?)?))",
    re.DOTALL,
)

Value = bytes | list["Value"] | None


class WireError(ValueError):
    pass


@dataclass(slots=True)
class FetchedItem:
    seq: int
    attrs: dict[str, Value]  # upper-cased names: "UID", "FLAGS", "MODSEQ", "BODY[]", …

    @property
    def uid(self) -> int | None:
        value = self.attrs.get("UID")
        return int(value) if isinstance(value, bytes) and value.isdigit() else None

    @property
    def flags(self) -> set[str]:
        value = self.attrs.get("FLAGS")
        return {f.decode("ascii", "replace") for f in value} if isinstance(value, list) else set()

    @property
    def modseq(self) -> int:
        value = self.attrs.get("MODSEQ")
        if isinstance(value, list) and value and isinstance(value[0], bytes):
            return int(value[0])
        return 0

    def body(self, prefix: str = "BODY[") -> bytes | None:
        """The first literal whose name starts with `prefix` (e.g. BODY[HEADER.FIELDS …])."""
        for key, value in self.attrs.items():
            if key.startswith(prefix) and isinstance(value, bytes | bytearray):
                return bytes(value)
        return None


# The shape of nearly every header-fetch item: simple attributes, one literal, a tail.
_SIMPLE_HEAD = re.compile(
    rb"^(\d+) FETCH \(((?:(?:UID|RFC822\.SIZE) \d+ |FLAGS \([^()\"{}]*\) |MODSEQ \(\d+\) )*)"
    rb"(BODY\[[^\]]*\]) \{\d+\}$"
)
_SIMPLE_TAIL = re.compile(
    rb"^((?: (?:UID|RFC822\.SIZE) \d+| FLAGS \([^()\"{}]*\)| MODSEQ \(\d+\))*)\)$"
)
_SIMPLE_ATTR = re.compile(rb"(UID|RFC822\.SIZE) (\d+)|(FLAGS) \(([^()]*)\)|(MODSEQ) \((\d+)\)")


def _simple_item(line: bytes, literal: bytearray, tail: bytes) -> FetchedItem | None:
    """The common case without the general tokenizer; None when the shape differs."""
    head = _SIMPLE_HEAD.match(line)
    end = _SIMPLE_TAIL.match(tail) if head else None
    if head is None or end is None:
        return None
    attrs: dict[str, Value] = {head.group(3).decode("ascii", "replace").upper(): bytes(literal)}
    for m in _SIMPLE_ATTR.finditer(head.group(2) + end.group(1)):
        if m.group(1):
            attrs[m.group(1).decode()] = m.group(2)
        elif m.group(3):
            attrs["FLAGS"] = m.group(4).split()
        else:
            attrs["MODSEQ"] = [m.group(6)]
    return FetchedItem(int(head.group(1)), attrs)


def parse_fetch(lines: Iterable[bytes | bytearray]) -> list[FetchedItem]:
    """Every `N FETCH (…)` in a response, literals attached; other lines are skipped."""
    seq = lines if isinstance(lines, list) else list(lines)
    items: list[FetchedItem] = []
    i, count = 0, len(seq)
    while i < count:
        line = seq[i]
        i += 1
        if type(line) is not bytes:
            continue  # a literal with no FETCH line before it: not ours to interpret
        if (
            i + 1 < count
            and type(seq[i]) is bytearray
            and type(seq[i + 1]) is bytes
            and (fast := _simple_item(line, seq[i], seq[i + 1])) is not None
        ):
            items.append(fast)
            i += 2
            continue
        m = _FETCH_START.match(line)
        if not m:
            continue
        rest = _Counted(seq, i)
        value = _build(_tokens(line[m.end() - 1 :], rest))
        i = rest.index
        if not isinstance(value, list):
            raise WireError(f"FETCH {m.group(1)!r} without a list")
        attrs: dict[str, Value] = {}
        for k in range(0, len(value) - 1, 2):
            key = value[k]
            if isinstance(key, bytes):
                attrs[key.decode("ascii", "replace").upper()] = value[k + 1]
        items.append(FetchedItem(int(m.group(1)), attrs))
    return items


class _Counted:
    """An iterator over `seq` from `index` that remembers how far it got."""

    def __init__(self, seq: list[bytes | bytearray], index: int) -> None:
        self.seq, self.index = seq, index

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> bytes | bytearray:
        if self.index >= len(self.seq):
            raise StopIteration
        self.index += 1
        return self.seq[self.index - 1]


def _tokens(first: bytes, stream: Iterator[bytes | bytearray]) -> Iterator[tuple[str, Value]]:
    """Tokens of one FETCH item, pulling continuation lines and literals as needed."""
    line: bytes = first
    depth = 0
    while True:
        pos = 0
        literal_next = False
        while pos < len(line):
            m = _TOKEN.match(line, pos)
            if m is None or m.end() == pos:
                if line[pos:].strip():
                    raise WireError(f"cannot parse {line[pos : pos + 40]!r}")
                break
            pos = m.end()
            kind = m.lastgroup
            if kind == "open":
                depth += 1
                yield "open", None
            elif kind == "close":
                depth -= 1
                yield "close", None
                if depth == 0:
                    return
            elif kind == "quoted":
                raw = m.group("quoted")[1:-1]
                yield "value", re.sub(rb"\\(.)", rb"\1", raw)
            elif kind == "literal":
                literal_next = True
            else:
                atom = m.group("atom")
                yield "value", None if atom.upper() == b"NIL" else atom
        try:
            nxt = next(stream)
        except StopIteration:
            raise WireError("FETCH response ended inside a list") from None
        if literal_next:
            yield "value", bytes(nxt)
            try:
                nxt = next(stream)
            except StopIteration:
                raise WireError("FETCH response ended after a literal") from None
        if isinstance(nxt, bytearray):
            raise WireError("unexpected literal")
        line = nxt


def _build(tokens: Iterator[tuple[str, Value]]) -> Value:
    stack: list[list[Value]] = [[]]
    for kind, value in tokens:
        if kind == "open":
            stack.append([])
        elif kind == "close":
            done = stack.pop()
            if not stack:
                raise WireError("unbalanced parentheses")
            stack[-1].append(done)
        else:
            stack[-1].append(value)
    if len(stack) != 1 or len(stack[0]) != 1:
        raise WireError("unbalanced FETCH item")
    return stack[0][0]


# -- mailbox names: modified UTF-7 (RFC 3501 5.1.3), always quoted on the wire -----------


def encode_mailbox(name: str) -> str:
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return quote("".join(out))


def decode_mailbox(name: str) -> str:
    def repl(m: re.Match[str]) -> str:
        body = m.group(1)
        if not body:
            return "&"
        padded = body.replace(",", "/") + "=" * (-len(body) % 4)
        try:
            return base64.b64decode(padded).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return m.group(0)

    return re.sub(r"&([^-]*)-", repl, name)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (?P<name>.+)$')


def parse_list_line(line: bytes) -> tuple[set[str], str] | None:
    """`(\\HasNoChildren \\Sent) "/" "Sent"` → ({"\\Sent", …}, "Sent")."""
    m = _LIST.match(line)
    if not m:
        return None
    flags = {f.decode("ascii", "replace") for f in m.group("flags").split()}
    raw = m.group("name").strip()
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = re.sub(rb"\\(.)", rb"\1", raw[1:-1])
    return flags, decode_mailbox(raw.decode("utf-8", "replace"))


def uid_ranges(uids: Iterable[int]) -> str:
    """Sorted UIDs as a compact IMAP sequence set: 1:3,7,9:10."""
    ordered = sorted(set(uids))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}:{ordered[j]}")
        i = j + 1
    return ",".join(parts)


def parse_uid_set(text: str) -> set[int]:
    """`1:3,7` → {1, 2, 3, 7} (as in VANISHED); ranges are bounded by the caller's folder."""
    out: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        lo, _, hi = part.partition(":")
        a, b = int(lo), int(hi or lo)
        out.update(range(min(a, b), max(a, b) + 1))
    return out
