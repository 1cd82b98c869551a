"""The availability shield as the UI shows it: the status-bar text, when a held message
leaves, and the hold a message written now would get.

The functions that take a Shield read the store: call them from thread workers.
"""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inbox_tui.services.shield import Shield

log = logging.getLogger(__name__)

# Fixed English names: the app's own text is English, and strftime's %a follows the
# process locale, which would make screens (and snapshots) differ between machines.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when_text(ts: int, now: datetime, tz: tzinfo) -> str:
    """ "08:30" today, "Mon 08:30" within the week, "Mon 7 Dec 08:30" further away (a
    weekday alone would point at the wrong week after a long holiday)."""
    at = datetime.fromtimestamp(ts, tz)
    days = (at.date() - now.astimezone(tz).date()).days
    if days == 0:
        return f"{at:%H:%M}"
    day = _WEEKDAYS[at.weekday()]
    if not 0 < days < 7:
        day += f" {at.day} {_MONTHS[at.month - 1]}"
    return f"{day} {at:%H:%M}"


def hold_until(shield: Shield) -> int | None:
    """When a message written now may leave (epoch seconds); None: now.

    A calendar without any working time ahead has no honest answer (NoWorkHours): the
    message is not held rather than held forever; the sender's own check still applies."""
    try:
        return shield.hold_until()
    except ValueError:
        return None


def status(shield: Shield) -> str | None:
    """The status-bar text; None when it cannot be read right now (a busy store): the
    poll tries again within a second and the bar keeps what it showed."""
    try:
        return shield.status()
    except Exception:  # noqa: BLE001 — a status line must never take the app down
        log.warning("availability status unavailable", exc_info=True)
        return None
