"""Make sender-controlled text safe to put on a terminal.

Textual/Rich strip only a handful of C0 bytes; ESC, C1 and bidi overrides get through and
can retitle the terminal, write the clipboard (OSC 52) or disguise text. Everything a
sender controls passes through `clean()` before it is stored for display.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings terminated by
# BEL or ST, and the two-byte ESC forms. C1 equivalents (0x9b CSI, 0x9d OSC, …) likewise.
_SEQUENCES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?       # CSI
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)  # OSC, DCS, SOS, PM, APC
  | \x1b[\x20-\x2f]*[\x30-\x7e]?                              # other ESC sequences
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 except tab and newline, DEL, C1, and the bidi controls that reorder what is shown.
_SINGLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean(text: str) -> str:
    """Strip terminal control sequences and bidi overrides; keep tabs and newlines."""
    if not text:
        return ""
    if text.isprintable():
        # No C0/C1 control, ESC, bidi override or line break at all (all are
        # non-printable): nothing to strip. Most text is like this; the regexes are not.
        return text
    text = text.replace("\r\n", "\n")
    return _SINGLE.sub("", _SEQUENCES.sub("", text))


def one_line(text: str, limit: int = 200) -> str:
    """A single display line: cleaned, whitespace folded, cut to `limit` characters."""
    if (
        len(text) <= limit
        and text.isprintable()  # so its only whitespace is the ASCII space
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text  # already one clean line: the common case, on every stored message
    folded = " ".join(clean(text).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
