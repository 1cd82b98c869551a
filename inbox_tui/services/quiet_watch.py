"""New incoming messages, seen once each by the process that syncs: ring or stay silent
as quiet time says, and send the optional auto-acknowledgement.

Only fresh messages count (from the last hour): a first sync of years of mail must not
ring a thousand times or answer clients from 2019.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from inbox_tui.core.contact_settings import AUTO_ACK, merged
from inbox_tui.core.models import Channel
from inbox_tui.core.quiet_rules import AckCandidate, ack_text, ring_for, should_ack
from inbox_tui.core.sanitize import one_line
from inbox_tui.services.compose_send import ComposeError, queue_email, queue_sms
from inbox_tui.services.shield import Shield

log = logging.getLogger(__name__)
FRESH_SECONDS = 3600
SEEN_KEY = "announced_up_to"


@dataclass(frozen=True, slots=True)
class Announcement:
    message_id: int
    who: str
    summary: str
    breakthrough: bool


class QuietWatch:
    def __init__(
        self,
        shield: Shield,
        announce: Callable[[Announcement], None] = lambda a: None,
        desktop: bool = True,
    ) -> None:
        self.shield = shield
        self.store = shield.store
        self.config = shield.config
        self.announce = announce
        self._notify_send = shutil.which("notify-send") if desktop else None

    def check(self) -> list[Announcement]:
        """Handle every incoming message not seen yet; returns what rang."""
        settings = self.store.settings
        top = self.store.query_one("SELECT coalesce(max(id), 0) FROM messages")[0]
        seen = settings.get(SEEN_KEY)
        if seen is None:  # first run on this store: the backlog is not news
            settings.set(SEEN_KEY, str(top))
            return []
        now = self.shield.now()
        # The contact screen's auto-ack choice comes along in the same query: one per pass.
        rows = self.store.query(
            "SELECT m.id, m.channel, m.contact_id, m.ts, m.summary, m.body, m.sender,"
            " m.automated, c.name, c.auto_ack, s.value AS ack_here FROM messages m"
            " LEFT JOIN contacts c ON c.id = m.contact_id"
            " LEFT JOIN contact_settings s ON s.contact_id = m.contact_id AND s.key = ?"
            " WHERE m.id > ? AND m.id <= ? AND m.direction = 'in' AND m.report_of IS NULL"
            " ORDER BY m.id",
            (AUTO_ACK, int(seen), top),
        )
        settings.set(SEEN_KEY, str(top))
        # Fresh means within the hour before now — or before the newest message, when a
        # gateway's clock runs behind ours.
        newest = max((r["ts"] for r in rows), default=0)
        horizon = min(now.timestamp(), newest) - FRESH_SECONDS
        fresh = [r for r in rows if r["ts"] >= horizon]
        if not fresh:
            return []
        quiet = self.shield.quiet()
        keywords = self.config.work_hours.urgent_keywords
        # The shield's one lookup: the config's urgent flag under the contact screen's.
        urgent = self.shield.urgent_contacts(r["contact_id"] for r in fresh) if quiet else set()
        rang: list[Announcement] = []
        for r in fresh:
            text = f"{r['summary']}\n{r['body']}"
            ring = ring_for(
                quiet=quiet, urgent_contact=r["contact_id"] in urgent, text=text, keywords=keywords
            )
            if ring.ring:
                who = one_line(r["name"] or r["sender"], 60)
                item = Announcement(r["id"], who, one_line(r["summary"], 120), ring.breakthrough)
                rang.append(item)
                self._desktop(item)
                self.announce(item)
            if quiet:
                self._maybe_ack(r)
        return rang

    def _desktop(self, a: Announcement) -> None:
        if self._notify_send is None:
            return
        urgency = "critical" if a.breakthrough else "normal"
        try:
            # "--" ends the options: a summary starting with "-" is text, not a flag.
            subprocess.Popen(  # noqa: S603 — fixed program, sanitised arguments
                [self._notify_send, "-u", urgency, "-a", "inbox-tui", "--", a.who, a.summary],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            log.info("notify-send failed: %s", exc)

    def _maybe_ack(self, r) -> None:
        ack = self.config.auto_ack
        # The config's value (the contacts row), under the contact screen's when set there.
        base = bool(r["auto_ack"]) if r["auto_ack"] is not None else True
        here = {} if r["ack_here"] is None else {AUTO_ACK: r["ack_here"]}
        candidate = AckCandidate(
            channel=r["channel"],
            automated=bool(r["automated"]),
            contact_id=r["contact_id"],
            contact_auto_ack=bool(merged(AUTO_ACK, base, here)),
            alphanumeric_sender=r["channel"] == "sms" and not r["sender"].startswith("+"),
        )
        if not should_ack(candidate, enabled=ack.enabled, channels=ack.channels, quiet=True):
            return
        back = self.shield.hold_until()
        if back is None:
            return
        # The quiet period is named by when it ends: one acknowledgement per contact each.
        with self.store.transaction() as tx:
            claimed = tx.execute(
                "INSERT OR IGNORE INTO auto_acks (contact_id, period_start, channel, sent_ts)"
                " VALUES (?, ?, ?, ?)",
                (r["contact_id"], back, r["channel"], int(self.shield.clock())),
            ).rowcount
        if not claimed:
            return
        now = self.shield.now()
        text = ack_text(
            self.config.profile.language,
            now.fromtimestamp(back, now.tzinfo),
            now,
            ack.text,
        )
        original = self.store.messages.get(r["id"])
        contact = self.store.contacts.get(r["contact_id"])
        try:
            if r["channel"] == Channel.SMS.value:
                queue_sms(
                    self.store, self.config, contact=contact, original=original, text=text, now=now
                )
            else:
                subject = original.subject if original else ""
                queue_email(
                    self.store, self.config, contact=contact, original=original,
                    subject=subject if subject.lower().startswith("re:") else f"Re: {subject}",
                    body=text, now=now, read_receipt=False, delivery_report=False,
                    auto_reply=True,
                )  # fmt: skip
        except (ComposeError, ValueError) as exc:
            log.info("no auto-acknowledgement for message %s: %s", r["id"], exc)
