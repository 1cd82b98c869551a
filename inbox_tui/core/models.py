"""Typed models shared by every layer.

Timestamps are UTC epoch seconds (int) everywhere below the UI: they sort, index and
compare cheaply in SQLite, and the UI converts to the profile's timezone for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Channel(str, Enum):
    EMAIL = "email"
    SMS = "sms"

    @property
    def glyph(self) -> str:
        return "✉" if self is Channel.EMAIL else "✆"


class Direction(str, Enum):
    INBOUND = "in"
    OUTBOUND = "out"


class DeliveryState(str, Enum):
    """Lifecycle of an outgoing message; inbound messages use RECEIVED."""

    RECEIVED = "received"
    QUEUED = "queued"
    HELD = "held"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"

    @property
    def glyph(self) -> str:
        return _STATE_GLYPHS[self]


_STATE_GLYPHS = {
    DeliveryState.RECEIVED: " ",
    DeliveryState.QUEUED: "◷",
    DeliveryState.HELD: "⏸",
    DeliveryState.SENDING: "↑",
    DeliveryState.SENT: "✓",
    DeliveryState.DELIVERED: "✓✓",
    DeliveryState.READ: "✓✓",
    DeliveryState.FAILED: "✗",
}


class AddressKind(str, Enum):
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class Address:
    kind: AddressKind
    value: str  # lower-cased email or E.164 phone number


@dataclass(slots=True)
class Contact:
    id: int | None
    name: str
    addresses: list[Address] = field(default_factory=list)
    sla: str | None = None
    urgent: bool = False
    receipts: str | None = None
    auto_ack: bool = True
    provisional: bool = False
    # Asking this contact for receipts on outgoing email; None: the account's or global value.
    request_read: bool | None = None
    request_delivery: bool | None = None
    # From the config only: the store has no column for it, so a stored contact reads True.
    formal: bool = True


@dataclass(slots=True)
class Message:
    """One message on any channel, as stored."""

    id: int | None
    channel: Channel
    direction: Direction
    contact_id: int | None
    account: str
    timestamp: int
    subject: str = ""
    body: str = ""
    sender: str = ""  # address as received (email or E.164)
    remote_id: str | None = None  # Message-ID, IMAP (folder,uidvalidity,uid) key, gateway id
    thread_key: str | None = None
    unread: bool = False
    flagged: bool = False
    state: DeliveryState = DeliveryState.RECEIVED
    state_reason: str | None = None
    # Email: RFC 5322 threading headers and the IMAP position of the server copy.
    message_id: str | None = None
    in_reply_to: str | None = None
    refs: str = ""  # References, space separated
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    modseq: int = 0
    body_loaded: bool = True  # False while only headers are synced; the body comes on open
    size: int = 0
    recipients: str = ""  # To/Cc addresses, comma separated
    # Reports (DSN/MDN): the message reported on; 0 while unread; None for visible rows.
    report_of: int | None = None
    report: str | None = None  # "dsn" | "mdn" | "unmatched" | "unreadable"
    # An incoming read-receipt request: where to, the Return-Path to check it against,
    # and what became of it ("asked" | "queued" | "sent" | "declined").
    mdn_to: str | None = None
    return_path: str | None = None
    mdn: str | None = None
    automated: bool = False  # a machine wrote it: no auto-acknowledgement, no draft


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """The slim projection the timeline renders: no body, so a page stays small."""

    id: int
    timestamp: int
    channel: Channel
    direction: Direction
    contact_id: int | None
    contact_name: str
    summary: str
    unread: bool
    state: DeliveryState
    # Only in the Awaiting-reply view: when the reply is due and how close that is
    # ("ok", "at-risk", "overdue"; "" when the contact promised no response time).
    due_ts: int | None = None
    urgency: str = ""

    @property
    def key(self) -> tuple[int, int]:
        """Keyset position: newest first means descending (timestamp, id)."""
        return (self.timestamp, self.id)


class View(str, Enum):
    ALL = "all"
    EMAIL = "email"
    SMS = "sms"
    UNREAD = "unread"
    AWAITING = "awaiting"
    OUTBOX = "outbox"
    UNDELIVERED = "undelivered"


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    view: View = View.ALL
    contact_id: int | None = None
