"""One lifecycle for every outgoing message, whatever the channel says about it.

queued → (held) → sending → sent → delivered → read, or failed with a reason. Signals
arrive late, twice or out of order (a Kannel "smsc accepted" after "delivered", a DSN
after the MDN): a signal never moves a message backwards, and a failure reported after
delivery is kept as a note, not as the state.
"""

from __future__ import annotations

from dataclasses import dataclass

from inbox_tui.core.models import DeliveryState as S

# Progress order; FAILED is outside it (see `apply`).
_RANK = {S.QUEUED: 0, S.HELD: 0, S.SENDING: 1, S.SENT: 2, S.DELIVERED: 3, S.READ: 4}


@dataclass(frozen=True, slots=True)
class Signal:
    state: S  # what the source says happened
    source: str  # "smtp", "dsn", "mdn", "kannel", "twilio", "smsgate", "user"…
    at: int  # epoch seconds
    reason: str | None = None  # for failures: the channel's text
    code: str | None = None  # the channel's own code (SMTP 5.1.1, Kannel type 16…)


@dataclass(frozen=True, slots=True)
class Outcome:
    state: S
    reason: str | None
    changed: bool  # the state moved
    note: str | None = None  # kept in the history without changing the state


def apply(current: S, reason: str | None, signal: Signal) -> Outcome:
    """The state after `signal`, given the current state and its reason."""
    if signal.state is S.RECEIVED:
        return Outcome(current, reason, False, f"ignored: {signal.source} said received")
    if signal.state is S.FAILED:
        if current is S.FAILED:
            return Outcome(current, reason, False)  # a duplicate failure
        if _RANK.get(current, 0) >= _RANK[S.DELIVERED]:
            why = _why(signal)
            return Outcome(current, reason, False, f"{signal.source} reported a failure: {why}")
        return Outcome(S.FAILED, _why(signal), True)
    if current is S.FAILED:
        # A later success overrides a transient-looking failure only if it is proof of
        # arrival (delivered/read); a stale "sent" does not resurrect a failed message.
        if _RANK[signal.state] >= _RANK[S.DELIVERED]:
            return Outcome(signal.state, None, True, f"delivered after a failure report ({reason})")
        return Outcome(current, reason, False)
    if signal.state is S.HELD:
        if current in (S.QUEUED, S.HELD):
            return Outcome(S.HELD, reason, current is not S.HELD)
        return Outcome(current, reason, False)
    if _RANK[signal.state] > _RANK.get(current, 0):
        return Outcome(signal.state, None, True)
    return Outcome(current, reason, False)


def _why(signal: Signal) -> str:
    text = signal.reason or "failed"
    return f"{text} (code {signal.code})" if signal.code else text


def replay(signals: list[Signal], start: S = S.QUEUED) -> tuple[S, str | None, list[str]]:
    """Fold signals in arrival order: (final state, reason, notes)."""
    state, reason, notes = start, None, []
    for signal in signals:
        out = apply(state, reason, signal)
        state, reason = out.state, out.reason
        if out.note:
            notes.append(out.note)
    return state, reason, notes
