"""What the draft engine takes and gives: the incoming message in its context, and the
analysis (language, whether to suggest, the intent, up to three drafts of different kinds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Language = Literal["it", "en"]
Intent = Literal[
    "decision", "complaint", "urgent", "personal", "scheduling", "info", "thanks", "automated"
]
DraftKind = Literal["mediated", "boundary", "acknowledge", "apology"]

INTENTS: tuple[Intent, ...] = (
    "decision", "complaint", "urgent", "personal", "scheduling", "info", "thanks", "automated",
)  # fmt: skip
DRAFT_KINDS: tuple[DraftKind, ...] = ("mediated", "boundary", "acknowledge", "apology")
NO_DRAFT_INTENTS: frozenset[str] = frozenset({"thanks", "automated"})

# A slot that could not be filled stays in the text between these marks, for the user
# (and the composer's "next placeholder" key) to find: «alternative».
PLACEHOLDER_OPEN = "«"
PLACEHOLDER_CLOSE = "»"


@dataclass(frozen=True, slots=True)
class SuggestContext:
    """Everything the engine may use. Times are aware datetimes in the profile's zone."""

    text: str  # the incoming message's plain text (quotes and signature may be present)
    subject: str = ""
    channel: Literal["email", "sms"] = "email"
    received: datetime | None = None
    language: Language | None = None  # forced by the user (--lang); None: detected
    history: tuple[str, ...] = ()  # earlier messages of the conversation, oldest first
    contact_name: str = ""  # as shown, e.g. "Anna Bianchi"
    formal: bool = True  # Italian "Lei" and "Gentile …"; False: "tu" and "Ciao …"
    user_name: str = ""  # the profile's name, e.g. "Avv. Maria Rossi"
    signature: str = ""
    after_hours: bool = False  # the message arrived outside work hours
    next_slot: datetime | None = None  # when the next work slot starts (None: working now)
    due: datetime | None = None  # when the reply is due under the contact's SLA
    automated: bool = False  # the headers say a machine wrote it (Auto-Submitted, List-Id…)


@dataclass(frozen=True, slots=True)
class Draft:
    kind: DraftKind
    text: str
    # (start, end) character offsets of each «placeholder» left in `text`, in order.
    placeholders: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    language: Language
    trigger: bool
    intent: Intent
    drafts: tuple[Draft, ...] = field(default_factory=tuple)

    def as_json(self) -> dict:
        """The `inbox-tui suggest --json` shape, exactly."""
        return {
            "language": self.language,
            "trigger": self.trigger,
            "intent": self.intent,
            "drafts": [{"kind": d.kind, "text": d.text} for d in self.drafts],
        }
