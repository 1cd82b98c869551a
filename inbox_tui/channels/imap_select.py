"""What a SELECT/EXAMINE answer says about a folder: UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ,
EXISTS and, with QRESYNC, what vanished or changed since the position we sent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inbox_tui.channels.imap_wire import FetchedItem, parse_fetch, parse_uid_set


@dataclass(slots=True)
class SelectInfo:
    exists: int = 0
    uidvalidity: int = 0
    uidnext: int = 0
    highestmodseq: int = 0
    vanished: set[int] = field(default_factory=set)
    changed: list[FetchedItem] = field(default_factory=list)


def parse_select(lines: list) -> SelectInfo:
    """The SELECT response's lines (the tagged OK last) as a SelectInfo."""
    info = SelectInfo()
    for line in lines:
        if not isinstance(line, bytes):
            continue
        if m := re.search(rb"\[UIDVALIDITY (\d+)\]", line):
            info.uidvalidity = int(m.group(1))
        elif m := re.search(rb"\[UIDNEXT (\d+)\]", line):
            info.uidnext = int(m.group(1))
        elif m := re.search(rb"\[HIGHESTMODSEQ (\d+)\]", line):
            info.highestmodseq = int(m.group(1))
        elif m := re.match(rb"(\d+) EXISTS", line):
            info.exists = int(m.group(1))
        elif m := re.match(rb"VANISHED \(EARLIER\) ([\d:,]+)", line):
            info.vanished |= parse_uid_set(m.group(1).decode())
    info.changed = parse_fetch(lines[:-1])
    return info
