"""Response times at the service level: a due time for each incoming message that awaits
a reply from a contact with a promised SLA, and the counts the sidebar shows.

Due times are computed once, when a message starts waiting (the store clears `awaiting`
when any reply to that contact is stored, on any channel).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from inbox_tui.core.contact_settings import SLA, merged
from inbox_tui.core.models import TimelineFilter, TimelineRow, View
from inbox_tui.core.sla import parse_sla, risk
from inbox_tui.core.work_hours import NoWorkHours
from inbox_tui.services.contact_settings import overrides_for
from inbox_tui.services.shield import Shield
from inbox_tui.services.timeline import PAGE_SIZE

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AwaitingSummary:
    total: int
    at_risk: int
    overdue: int


def refresh_due(shield: Shield) -> int:
    """Set the due time of every waiting message that has none yet; returns how many."""
    store, calendar = shield.store, shield.calendar
    # A promise from the config (mirrored in `contacts`) or one set in the contact screen.
    rows = store.query(
        "SELECT m.id, m.ts, m.contact_id, c.sla FROM messages m"
        " JOIN contacts c ON c.id = m.contact_id"
        " WHERE m.awaiting = 1 AND m.due_ts IS NULL AND ((c.sla IS NOT NULL AND c.sla != '')"
        "  OR EXISTS (SELECT 1 FROM contact_settings s"
        "   WHERE s.contact_id = c.id AND s.key = 'sla'))"
    )
    if not rows:
        return 0
    try:
        day = calendar.day_minutes()
    except NoWorkHours:
        return 0
    overrides = overrides_for(store, {r["contact_id"] for r in rows})
    updates = []
    for r in rows:
        sla = merged(SLA, r["sla"], overrides.get(r["contact_id"], {}))
        if not sla:
            continue  # the contact screen took the config's promise back
        try:
            minutes = parse_sla(str(sla), day)
        except ValueError as exc:
            log.info("contact SLA %r ignored: %s", sla, exc)
            continue
        received = datetime.fromtimestamp(r["ts"], shield.tz)
        updates.append((int(calendar.add_working(received, minutes).timestamp()), r["id"]))
    with store.transaction() as tx:
        tx.executemany("UPDATE messages SET due_ts = ? WHERE id = ?", updates)
    return len(updates)


def awaiting_summary(shield: Shield) -> AwaitingSummary:
    """Waiting messages, and how many of those with a promise are at risk or overdue."""
    store = shield.store
    total = store.messages.count(TimelineFilter(View.AWAITING))
    now = shield.now()
    moment = int(now.timestamp())
    # Overdue is a comparison; only promises still running need the calendar for "at risk".
    overdue = store.query_one(
        "SELECT count(*) FROM messages WHERE awaiting = 1 AND due_ts <= ?", (moment,)
    )[0]
    rows = store.query(
        "SELECT ts, due_ts FROM messages WHERE awaiting = 1 AND due_ts > ?", (moment,)
    )
    levels = [_level(shield, r["ts"], r["due_ts"], now) for r in rows]
    return AwaitingSummary(total, levels.count("at-risk"), overdue + levels.count("overdue"))


def awaiting_by_due(shield: Shield, limit: int = 500) -> list[tuple[int, int | None, str]]:
    """(message id, due, risk) of waiting messages, the most pressing first; messages
    without a promise come last, oldest first."""
    rows = shield.store.messages.page_by_due(0, limit)
    now = shield.now()
    return [(r.id, r.due_ts, _level(shield, r.timestamp, r.due_ts, now)) for r in rows]


def _level(shield: Shield, ts: int, due_ts: int | None, now: datetime) -> str:
    """The risk of one waiting message; "none" when its contact promised nothing."""
    if due_ts is None:
        return "none"
    tz = shield.tz
    received, due = datetime.fromtimestamp(ts, tz), datetime.fromtimestamp(due_ts, tz)
    return risk(shield.calendar, received, due, now)


@dataclass
class AwaitingView:
    """The Awaiting-reply timeline: the most pressing first, each row carrying its due
    time and risk (computed per page, so a thousand waiting messages cost one page)."""

    shield: Shield
    title: str = "Awaiting reply"
    contact_id: int | None = None

    def count(self) -> int:
        flt = TimelineFilter(View.AWAITING, self.contact_id)
        return self.shield.store.messages.count(flt)

    def fetch(
        self, page: int, before: TimelineRow | None, after: TimelineRow | None
    ) -> list[TimelineRow]:
        # OFFSET always: keyset over (due_ts IS NULL, due_ts, ts, id) buys nothing for a
        # view that is short when the user keeps up, and the index walk stays cheap.
        messages = self.shield.store.messages
        rows = messages.page_by_due(page * PAGE_SIZE, PAGE_SIZE, self.contact_id)
        now = self.shield.now()
        return [replace(r, urgency=_urgency(self.shield, r.timestamp, r.due_ts, now)) for r in rows]


def _urgency(shield: Shield, ts: int, due_ts: int | None, now: datetime) -> str:
    level = _level(shield, ts, due_ts, now)
    return "" if level == "none" else level
