"""Whether to answer a read-receipt request (RFC 8098), with the user's consent.

Modelled on Thunderbird: a general answer (never | ask | always), overridden per contact,
with separate answers when I am not in To/Cc and when the sender is outside my domain.
RFC 8098 §6.1: never answer automatically when Disposition-Notification-To differs from
the Return-Path or names several addresses — ask instead. At most one MDN per message:
once `$MDNSent` is set (answered or declined, RFC 3503), nothing more is asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Decision(str, Enum):
    NONE = "none"  # no receipt requested, or already handled
    NEVER = "never"  # decline silently (and set $MDNSent)
    ASK = "ask"  # show the prompt in the reading pane
    SEND = "send"  # send it (held like any message outside work hours)


@dataclass(frozen=True, slots=True)
class ReceiptRules:
    answer: str = "ask"  # never | ask | always
    not_in_to_cc: str = "never"
    outside_domain: str = "ask"


@dataclass(frozen=True, slots=True)
class Request:
    notify_to: tuple[str, ...]  # Disposition-Notification-To addresses (lower-case)
    return_path: str | None
    sender: str  # the From address
    to_cc: tuple[str, ...]  # recipients as written
    mdn_sent: bool  # the $MDNSent keyword is on the message


_STRICTNESS = {"never": 0, "ask": 1, "always": 2}


def decide(
    request: Request,
    rules: ReceiptRules,
    my_addresses: tuple[str, ...],
    contact_answer: str | None = None,
) -> Decision:
    if not request.notify_to or request.mdn_sent:
        return Decision.NONE
    mine = {a.lower() for a in my_addresses}
    domains = {a.rpartition("@")[2] for a in mine}
    answer = contact_answer or rules.answer
    # The special cases can only make the answer stricter than the general one.
    if not mine & {a.lower() for a in request.to_cc}:
        answer = min(answer, rules.not_in_to_cc, key=_STRICTNESS.__getitem__)
    # A per-contact answer is the user's explicit word for that person: the outside-domain
    # default (meant for strangers) does not override it.
    if contact_answer is None and request.sender.lower().rpartition("@")[2] not in domains:
        answer = min(answer, rules.outside_domain, key=_STRICTNESS.__getitem__)
    if answer == "never":
        return Decision.NEVER
    if answer == "ask":
        return Decision.ASK
    return_path = (request.return_path or "").lower()
    if len(request.notify_to) != 1 or request.notify_to[0].lower() != return_path:
        return Decision.ASK  # RFC 8098: possibly forged or redirected, a person decides
    return Decision.SEND
