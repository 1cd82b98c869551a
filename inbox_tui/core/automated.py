"""Whether a machine wrote a message: newsletters, notifications, auto-replies, bounces.

Such mail never gets an auto-acknowledgement (that is how mail loops start, RFC 3834)
and never a reply draft.
"""

from __future__ import annotations

import re

_NO_REPLY = re.compile(
    r"^(no-?reply|do-?not-?reply|noreply-[\w.-]*|mailer-daemon|postmaster|bounces?(\+.*)?|"
    r"notifications?|newsletter)@",
    re.I,
)


def is_automated(
    auto_submitted: str | None,
    precedence: str | None,
    list_id: str | None,
    sender: str,
) -> bool:
    if auto_submitted and auto_submitted.strip().lower() != "no":
        return True
    if precedence and precedence.strip().lower() in ("bulk", "list", "junk"):
        return True
    if list_id:
        return True
    return bool(_NO_REPLY.match(sender or ""))
