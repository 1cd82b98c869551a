"""Walking a parsed MIME tree: which parts make the readable body, which are attachments.

The rules follow what mail clients show: in multipart/alternative the plain text wins
(HTML if the plain part is empty); in multipart/related only the root is body and the
other parts are resources; inline parts without a name (cid: images, CSS) are not
attachments; attached messages are one attachment each, named by their subject.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from email.generator import BytesGenerator
from email.message import Message
from email.policy import compat32

from inbox_tui.core.html_text import html_to_text
from inbox_tui.core.mime_decode import (
    decode_bytes,
    safe_line,
    safe_text,
)
from inbox_tui.core.mime_headers import content_type, headers_of, param

MAX_TEXT = 2_000_000  # characters of body text kept; beyond this nobody reads in a terminal
MAX_HTML = 1_000_000  # characters of HTML converted: html.parser does ~1 MB per 0.5 s
MAX_PARTS = 10_000  # parts visited; a bound on hostile trees, far above real mail
MAX_DEPTH = 40
TRUNCATED = "\n\n[… message truncated]"
_BODY_TYPES = ("text/plain", "text/html")
_MESSAGE_TYPES = ("message/rfc822", "message/global")


@dataclass(frozen=True, slots=True)
class Attachment:
    part_id: str  # IMAP section path: "2", "2.1"
    filename: str  # "" when the sender gave none
    content_type: str
    size: int  # decoded bytes when the payload is present, else an estimate


class BodyCollector:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False
        self.attachments: list[Attachment] = []
        self.visited = 0

    # -- the walk --------------------------------------------------------------------
    def visit_message(self, msg: Message) -> None:
        # A single-part message's body is section "1"; a multipart's children are 1, 2, …
        if _children(msg) is not None:
            self._visit(msg, "", 0, "body")
        else:
            self._visit(msg, "1", 0, "body")
        self.attachments.sort(key=lambda a: [int(n) for n in a.part_id.split(".")])

    def _visit(self, part: Message, pid: str, depth: int, mode: str) -> None:
        """mode: "body" (text may be body), "other" (a losing alternative), "resource"."""
        self.visited += 1
        if self.visited > MAX_PARTS or depth > MAX_DEPTH:
            return
        kids = _children(part)
        if kids is None:
            self._leaf(part, pid, mode)
            return
        ids = [f"{pid}.{i}" if pid else str(i) for i in range(1, len(kids) + 1)]
        subtype = content_type(part).split("/", 1)[1]
        if subtype == "alternative" and mode == "body":
            chosen = self._choose_alternative(kids, ids, depth)
            for i, kid in enumerate(kids):
                if i != chosen:  # still list a calendar invite or other non-text rendition
                    self._visit(kid, ids[i], depth + 1, "other")
        elif subtype == "related":
            root = _related_root(part, kids)
            for i, kid in enumerate(kids):
                self._visit(kid, ids[i], depth + 1, mode if i == root else "resource")
        else:
            for kid, kid_id in zip(kids, ids, strict=True):
                self._visit(kid, kid_id, depth + 1, mode)

    def _choose_alternative(self, kids: list[Message], ids: list[str], depth: int) -> int:
        """Visit the best rendition that has text in it; its index, or -1."""
        ranked = sorted(range(len(kids)), key=lambda i: _rank(kids[i]))
        for i in ranked:
            if _rank(kids[i]) > 2:
                break
            mark = (len(self.parts), len(self.attachments), self.size, self.visited)
            self._visit(kids[i], ids[i], depth + 1, "body")
            if any(p.strip() for p in self.parts[mark[0] :]):
                return i
            # An empty plain part ("view this mail in HTML"): undo and try the next.
            del self.parts[mark[0] :], self.attachments[mark[1] :]
            self.size, self.visited = mark[2], mark[3]
        return -1

    def _leaf(self, part: Message, pid: str, mode: str) -> None:
        ctype = content_type(part)
        if ctype.startswith("multipart/"):  # no usable boundary: best effort, read as text
            ctype = "text/plain"
        filename = _filename(part)
        named = bool(filename) or part.get_content_disposition() == "attachment"
        if ctype in _MESSAGE_TYPES:
            inner = sub_parts(part)
            subject = headers_of(inner[0]).subject if inner else ""
            self._attach(part, pid, subject or filename, ctype)
        elif ctype in _BODY_TYPES and not named:
            if mode == "body":
                self._add_text(part, ctype)
        elif named or not (ctype.startswith("image/") or mode == "resource"):
            self._attach(part, pid, filename, ctype)

    def _attach(self, part: Message, pid: str, filename: str, ctype: str) -> None:
        self.attachments.append(Attachment(pid, filename, ctype, _size(part)))

    # -- the text --------------------------------------------------------------------
    def _add_text(self, part: Message, ctype: str) -> None:
        room = MAX_TEXT - self.size
        if room <= 0:
            self.truncated = True
            return
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            data = b""
        limit = (MAX_HTML if ctype == "text/html" else room) * 4
        if len(data) > limit:
            # Cut at a newline: 0x0a is never inside a multi-byte character, so the
            # declared charset still decodes what is kept.
            cut = data.rfind(b"\n", 0, limit)
            data = data[: cut if cut > limit // 2 else limit]
            self.truncated = True
        text = decode_bytes(data, param(part, "charset"))
        if ctype == "text/html":
            if len(text) > MAX_HTML:
                text, self.truncated = text[:MAX_HTML], True
            text = html_to_text(text)
        if len(text) > room:
            text, self.truncated = text[:room], True
        self.parts.append(text.removeprefix("\ufeff"))
        self.size += len(text)

    def text(self) -> str:
        out: list[str] = []
        for part in self.parts:
            if out and not out[-1].endswith("\n"):
                out.append("\n")
            out.append(part)
        return self.plain("".join(out), self.truncated)

    @staticmethod
    def plain(text: str, truncated: bool = False) -> str:
        if len(text) > MAX_TEXT:
            text, truncated = text[:MAX_TEXT], True
        return safe_text(text) + (TRUNCATED if truncated else "")


def sub_parts(part: Message) -> list[Message] | None:
    """The parsed sub-parts (of a multipart or message/*), else None.

    Asked of is_multipart() first: get_payload() on a leaf decodes its text with the
    declared charset, and codecs such as idna raise UnicodeError there.
    """
    if not part.is_multipart():
        return None
    payload = part.get_payload()
    return payload if isinstance(payload, list) else None


def _children(part: Message) -> list[Message] | None:
    """The sub-parts of a multipart with a working boundary, else None."""
    if content_type(part).startswith("multipart/"):
        return sub_parts(part)
    return None


def _rank(part: Message) -> int:
    ctype = content_type(part)
    if ctype == "text/plain":
        return 0
    if ctype.startswith("multipart/"):
        return 1
    return 2 if ctype == "text/html" else 3


def _related_root(part: Message, kids: list[Message]) -> int:
    start = param(part, "start")
    if start:
        for i, kid in enumerate(kids):
            if (kid.get("content-id") or "").strip() == start.strip():
                return i
    return 0


def _filename(part: Message) -> str:
    """The decoded name with any directory part removed: never a path to write to."""
    # As get_filename(), through param(): it keeps raw 8-bit (UTF-8) names readable.
    name = param(part, "filename", "content-disposition") or param(part, "name")
    if not name or not name.strip():
        return ""
    name = name.strip()
    name = safe_line(re.split(r"[\\/]", name)[-1], 255)
    return "" if name in (".", "..") else name


def _size(part: Message) -> int:
    try:
        return len(part_payload(part))
    except Exception:  # noqa: BLE001 - estimate from the encoded text instead
        try:
            payload = part.get_payload()
        except Exception:  # noqa: BLE001 - a size is only shown: none beats a crash
            return 0
        encoded = len(payload) if isinstance(payload, str) else 0
        cte = str(part.get("content-transfer-encoding", "")).strip().lower()
        return encoded * 3 // 4 if cte == "base64" else encoded


def part_payload(part: Message, linesep: str = "\r\n") -> bytes:
    """A leaf part's transfer-decoded bytes, or an embedded message as it would be sent."""
    if sub_parts(part) is not None:
        if content_type(part).startswith("multipart/"):
            raise KeyError("a multipart container has no payload of its own")
        return _message_body(part, linesep)
    data = part.get_payload(decode=True)  # bytes for every leaf, whatever its charset
    return data if isinstance(data, bytes) else b""


def _message_body(part: Message, linesep: str) -> bytes:
    """The body of a message/* part: what IMAP returns for that section."""
    buf = io.BytesIO()
    try:
        BytesGenerator(buf, mangle_from_=False, policy=compat32.clone(linesep=linesep)).flatten(
            part
        )
    except Exception:  # noqa: BLE001 - regenerating malformed headers can fail
        return b""
    data = buf.getvalue()
    sep = linesep.encode()
    if data.startswith(sep):  # a part without headers of its own
        return data[len(sep) :]
    end = data.find(sep * 2)
    return data[end + 2 * len(sep) :] if end >= 0 else b""
