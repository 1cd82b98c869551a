"""What quiet time means for incoming messages: who may still ring (breakthrough), and
who gets an automatic acknowledgement. Pure functions; the services apply them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_IT_DAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Ring:
    ring: bool  # bell, desktop notification and toast
    breakthrough: bool  # it rings although it is quiet


def ring_for(*, quiet: bool, urgent_contact: bool, text: str, keywords: tuple[str, ...]) -> Ring:
    """Quiet time mutes everyone except urgent contacts and messages with an urgent word."""
    if not quiet:
        return Ring(True, False)
    if urgent_contact or has_keyword(text, keywords):
        return Ring(True, True)
    return Ring(False, False)


def has_keyword(text: str, keywords: tuple[str, ...]) -> bool:
    """Whole words, any case: "urgente" matches "URGENTE!" but not "urgentemente"."""
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(k.lower())}(?!\w)", lowered) for k in keywords if k)


@dataclass(frozen=True, slots=True)
class AckCandidate:
    channel: str  # "email" | "sms"
    automated: bool  # lists, no-reply senders, auto-replies (RFC 3834)
    contact_id: int | None
    contact_auto_ack: bool  # False: the contact is marked no-auto
    alphanumeric_sender: bool  # an SMS from "TIM" or a bank: nobody to answer


def should_ack(c: AckCandidate, *, enabled: bool, channels: tuple[str, ...], quiet: bool) -> bool:
    """At most once per contact per quiet period is the caller's ledger; this is the rest."""
    return (
        enabled
        and quiet
        and c.channel in channels
        and c.contact_id is not None
        and c.contact_auto_ack
        and not c.automated
        and not c.alphanumeric_sender
    )


def ack_text(language: str, back_at: datetime, now: datetime, override: str | None = None) -> str:
    """The acknowledgement, in the profile's language; `{when}` in an override is filled."""
    when = _when(language, back_at, now)
    if override:
        return override.replace("{when}", when)
    if language == "it":
        return f"Grazie, ho ricevuto il suo messaggio. Le risponderò {when}."
    return f"Thanks, I have your message. I will answer {when}."


def _when(language: str, at: datetime, now: datetime) -> str:
    days = (at.date() - now.date()).days
    clock = at.strftime("%H:%M")
    if language == "it":
        if days == 0:
            return f"oggi dalle {clock}"
        if days == 1:
            return f"domani dalle {clock}"
        return f"{_IT_DAYS[at.weekday()]} dalle {clock}"
    if days == 0:
        return f"today from {clock}"
    if days == 1:
        return f"tomorrow from {clock}"
    return f"on {_EN_DAYS[at.weekday()]} from {clock}"
