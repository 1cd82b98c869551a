"""Local, private counters of the reply drafts: how often they were offered, accepted and
sent, and how much an accepted draft was edited before it left.

Privacy: a row holds an event name, the draft's labels (intent, kind, language) and a
ratio — never a word of any message. The rows stay in the local store; nothing is sent.
Every call touches SQLite: call it from a worker thread, never from the UI loop.
"""

from __future__ import annotations

import difflib
import re
import statistics
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from inbox_tui.store.db import Store

Event = Literal["shown", "accepted", "sent"]
EVENTS: tuple[Event, ...] = ("shown", "accepted", "sent")

# Words and single punctuation marks: filling «alternative» with three words is three
# words of editing, whatever their length, and a comparison of words stays fast on a long
# reply where one of characters (quadratic without difflib's junk heuristic) would not.
_TOKEN = re.compile(r"\w+|[^\w\s]")


def edit_ratio(proposed: str, sent: str) -> float:
    """How much of the proposed draft was changed before sending: 0.0 = sent as proposed,
    1.0 = nothing of it left. difflib's similarity, turned into a distance."""
    a, b = _TOKEN.findall(proposed), _TOKEN.findall(sent)
    if not a and not b:
        return 0.0
    # autojunk off: in a reply, "the" and "," are frequent and still count as edits.
    similarity = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return round(min(max(1.0 - similarity, 0.0), 1.0), 4)


@dataclass(frozen=True, slots=True)
class EditSpread:
    count: int = 0
    mean: float | None = None
    median: float | None = None

    @staticmethod
    def of(ratios: list[float]) -> EditSpread:
        if not ratios:
            return EditSpread()
        return EditSpread(len(ratios), statistics.fmean(ratios), statistics.median(ratios))


@dataclass(frozen=True, slots=True)
class LabelCounts:
    """One row of a breakdown: an intent or a draft kind."""

    label: str
    shown: int = 0
    accepted: int = 0
    sent: int = 0  # sent after accepting a draft
    edits: EditSpread = field(default_factory=EditSpread)


@dataclass(frozen=True, slots=True)
class DraftStats:
    shown: int = 0  # replies opened with drafts offered
    accepted: int = 0  # drafts taken into the text
    sent_with_draft: int = 0
    sent_without_draft: int = 0
    sent_without_but_offered: int = 0  # drafts were there, the user wrote their own
    edits: EditSpread = field(default_factory=EditSpread)
    by_kind: tuple[LabelCounts, ...] = ()
    by_intent: tuple[LabelCounts, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.shown or self.accepted or self.sent_with_draft or self.sent_without_draft)


class SuggestStats:
    def __init__(self, store: Store) -> None:
        self._store = store

    def record(
        self,
        event: Event,
        *,
        intent: str | None = None,
        kind: str | None = None,
        language: str | None = None,
        edit_ratio: float | None = None,
        ts: int | None = None,
    ) -> None:
        if event not in EVENTS:
            raise ValueError(f"unknown draft event {event!r}")
        if edit_ratio is not None:
            edit_ratio = min(max(float(edit_ratio), 0.0), 1.0)
        with self._store.transaction() as tx:
            tx.execute(
                "INSERT INTO suggest_events (ts, event, intent, kind, language, edit_ratio)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (int(time.time()) if ts is None else ts, event, intent, kind, language, edit_ratio),
            )

    def summary(self) -> DraftStats:
        rows = self._store.query(
            "SELECT event, intent, kind, edit_ratio FROM suggest_events ORDER BY id"
        )
        totals = {e: 0 for e in EVENTS}
        sent_without = offered_without = 0
        ratios: list[float] = []
        kinds: dict[str, dict] = {}
        intents: dict[str, dict] = {}
        for event, intent, kind, ratio in rows:
            if event == "sent" and kind is None:
                # Sent with no draft accepted in the composer (intent: drafts were offered).
                sent_without += 1
                offered_without += intent is not None
                continue
            totals[event] += 1
            for table, label in ((kinds, kind), (intents, intent)):
                if label is None:
                    continue
                entry = table.setdefault(label, {"shown": 0, "accepted": 0, "sent": 0, "r": []})
                entry[event] += 1
                if ratio is not None:
                    entry["r"].append(ratio)
            if event == "sent" and ratio is not None:
                ratios.append(ratio)
        return DraftStats(
            shown=totals["shown"],
            accepted=totals["accepted"],
            sent_with_draft=totals["sent"],
            sent_without_draft=sent_without,
            sent_without_but_offered=offered_without,
            edits=EditSpread.of(ratios),
            by_kind=_breakdown(kinds),
            by_intent=_breakdown(intents),
        )


def _breakdown(table: dict[str, dict]) -> tuple[LabelCounts, ...]:
    """Most used first, then by name: the order does not jump between two openings."""
    rows = [
        LabelCounts(label, e["shown"], e["accepted"], e["sent"], EditSpread.of(e["r"]))
        for label, e in table.items()
    ]
    return tuple(sorted(rows, key=lambda r: (-(r.accepted + r.shown), r.label)))
