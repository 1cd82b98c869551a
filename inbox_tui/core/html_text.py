"""HTML mail bodies as readable plain text, with the stdlib parser only.

Nothing is fetched: images become "[image: alt]" (or nothing without alt text), so
tracking pixels stay silent. Hidden elements (preheaders, tracking blocks) and
script/style/head are dropped. The caller still runs the result through `clean()`.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_SKIP = {"script", "style", "head", "title", "template", "svg", "xml"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "form", "fieldset", "center", "figure",
    "figcaption", "dl", "ul", "ol", "pre", "blockquote",
}  # fmt: skip
_LINE = {"tr", "dt", "dd", "caption"}
_CELL = {"td", "th"}
_LINK_SCHEMES = ("http://", "https://", "mailto:", "ftp://", "tel:")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.space = False  # whitespace seen since the last word on this line
        self.blank: int | None = None  # a paragraph break is due (at this quote depth)
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.pre = 0
        self.quote = 0
        self.lists: list[list[int]] = []  # per open list: [ordered?, counter]
        self.links: list[tuple[str, list[str]]] = []

    # -- structure -------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            if self.skip_tag == "head" and tag == "body":  # an unclosed <head>
                self.skip_tag = None
            elif tag == self.skip_tag:
                self.skip_depth += 1
            return
        attr = {k: v or "" for k, v in attrs}
        if tag == "body":
            return
        hidden = "hidden" in attr or _HIDDEN_STYLE.search(attr.get("style", ""))
        if tag in _SKIP or (hidden and tag not in _VOID):
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "br":
            self.newline(force=True)
        elif tag == "hr":
            self.paragraph()
            self.emit("---")
            self.paragraph()
        elif tag == "img":
            alt = " ".join(attr.get("alt", "").split())
            if alt:
                self.word(f"[image: {alt}]", space_before=True)
        elif tag == "a":
            self.links.append((attr.get("href", "").strip(), []))
        elif tag == "li":
            self.newline()
            depth = max(len(self.lists), 1)
            marker = "- "
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                marker = f"{self.lists[-1][1]}. "
            self.cur.append("  " * (depth - 1) + marker)
            self.space = False
        elif tag in _CELL:
            self.space = True
        elif tag in _LINE:
            self.newline()
        elif tag in _BLOCK:
            # A list nested in a list item continues it: no paragraph break.
            self.newline() if tag in ("ul", "ol") and self.lists else self.paragraph()
            if tag in ("ul", "ol"):
                self.lists.append([tag == "ol", 0])
            elif tag == "pre":
                self.pre += 1
            elif tag == "blockquote":
                self.quote += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth <= 0:
                    self.skip_tag = None
            elif self.skip_tag == "head" and tag == "html":
                self.skip_tag = None
            return
        if tag == "a" and self.links:
            href, parts = self.links.pop()
            text = " ".join("".join(parts).split())
            if href.lower().startswith(_LINK_SCHEMES) and _bare(text) != _bare(href):
                self.word(f"<{href}>", space_before=True)
        elif tag in _LINE or tag == "li":
            self.newline()
        elif tag in _BLOCK:
            nested = tag in ("ul", "ol") and len(self.lists) > 1
            self.newline()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            elif tag == "pre" and self.pre:
                self.pre -= 1
            elif tag == "blockquote" and self.quote:
                self.quote -= 1
            if not nested:
                self.paragraph()

    def handle_data(self, data: str) -> None:
        if self.skip_tag is not None or not data:
            return
        for _, parts in self.links:
            parts.append(data)
        if self.pre:
            first, *rest = data.split("\n")
            self.word(first, space_before=False, raw=True)
            for line in rest:
                self.newline(force=True)
                self.word(line, space_before=False, raw=True)
            return
        words = data.split()
        if not words:
            self.space = self.space or bool(self.cur)
            return
        self.word(" ".join(words), space_before=data[0].isspace())
        self.space = data[-1].isspace()

    # -- output ----------------------------------------------------------------------
    def word(self, text: str, space_before: bool, raw: bool = False) -> None:
        if not text:
            return
        if self.blank is not None:
            self.flush_blank()
        if self.cur and (space_before or self.space) and not raw:
            self.cur.append(" ")
        self.cur.append(text)
        self.space = False

    def emit(self, line: str) -> None:
        self.word(line, space_before=False)
        self.newline()

    def newline(self, force: bool = False) -> None:
        if self.cur or force:
            prefix = "> " * self.quote
            line = "".join(self.cur)
            self.lines.append((prefix + line).rstrip() if not self.pre else prefix + line)
        self.cur = []
        self.space = False

    def paragraph(self) -> None:
        self.newline()
        if self.lines:
            # Between quoted and unquoted text the blank line belongs to the outer level.
            self.blank = self.quote if self.blank is None else min(self.blank, self.quote)

    def flush_blank(self) -> None:
        if self.blank is not None and self.lines and self.lines[-1].strip(" >"):
            self.lines.append(("> " * min(self.blank, self.quote)).rstrip())
        self.blank = None


def _bare(url: str) -> str:
    url = url.strip().lower()
    for scheme in _LINK_SCHEMES:
        if url.startswith(scheme):
            url = url[len(scheme) :]
            break
    return url.removeprefix("www.").rstrip("/")


def html_to_text(html: str) -> str:
    """Readable text from an HTML body: paragraphs, "- " lists, "text <url>" links."""
    builder = _TextBuilder()
    try:
        builder.feed(html)
        builder.close()
    except Exception:  # noqa: BLE001 - parser bugs on hostile markup must not lose the mail
        return _strip_tags(html)
    builder.newline()
    text = "\n".join(builder.lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _strip_tags(html: str) -> str:
    text = unescape(_TAGS.sub(" ", html))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
