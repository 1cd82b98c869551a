"""The availability shield for the services: the work-hours calendar, the manual
do-not-disturb state kept in the store (so the TUI, the daemon and the shell agree), and
when something written now may leave.

The clock is injected: tests move it to 23:30 and 08:30, and a suspended laptop that
wakes at night is just a clock that jumped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from inbox_tui.core.availability import (
    Availability,
    ManualDnd,
    availability,
    release_at,
    status_text,
)
from inbox_tui.core.config import Config
from inbox_tui.core.contact_settings import URGENT, merged
from inbox_tui.core.work_hours import WorkCalendar
from inbox_tui.services.contact_settings import overrides_for
from inbox_tui.store import Store
from inbox_tui.store.availability import AvailabilityRepo


class Shield:
    def __init__(
        self, store: Store, config: Config, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.tz = ZoneInfo(config.profile.timezone)
        self.calendar = WorkCalendar(config.work_hours, self.tz)
        self._manual = AvailabilityRepo(store)

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), self.tz)

    def manual(self) -> ManualDnd | None:
        return self._manual.get_manual()

    def set_manual(self, state: ManualDnd | None) -> None:
        self._manual.set_manual(state)
        if state is None:
            self.release_automatic_holds()

    def availability(self) -> Availability:
        return availability(self.calendar, self.now(), self.manual())

    def quiet(self) -> bool:
        return self.availability().state != "working"

    def hold_until(self) -> int | None:
        """Epoch seconds a message written now must wait for; None: it may leave now."""
        when = release_at(self.calendar, self.now(), self.manual())
        return None if when is None else int(when.timestamp())

    def urgent_contacts(self, contact_ids: Iterable[int | None]) -> set[int]:
        """Which of these contacts ring through quiet time and do-not-disturb: urgent in
        the config, or marked so in the contact screen (which wins either way)."""
        ids = sorted({i for i in contact_ids if i is not None})
        if not ids:
            return set()
        overrides = overrides_for(self.store, ids)
        rows = self.store.query(
            f"SELECT id, urgent FROM contacts WHERE id IN ({','.join('?' * len(ids))})",
            tuple(ids),
        )
        return {
            r["id"] for r in rows if merged(URGENT, bool(r["urgent"]), overrides.get(r["id"], {}))
        }

    def held_count(self) -> int:
        return self._manual.held_count()

    def status(self) -> str:
        return status_text(
            self.availability(), self.now(), self.held_count(), self.config.profile.language
        )

    def release_automatic_holds(self) -> int:
        """Do-not-disturb switched off: what it held (and only that) may go at the
        time the calendar alone would allow, which is now during work hours."""
        when = self.hold_until()
        return self.store.outbox.rehold_all(int(self.clock()) if when is None else when)
