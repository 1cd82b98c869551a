"""The delivery state machine: forward only, failures after delivery are notes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inbox_tui.core.delivery import Signal, apply, replay
from inbox_tui.core.models import DeliveryState as S

ORDER = [S.QUEUED, S.SENDING, S.SENT, S.DELIVERED, S.READ]


def sig(state: S, source: str = "kannel", reason: str | None = None, code=None) -> Signal:
    return Signal(state, source, 0, reason, code)


def test_normal_lifecycle() -> None:
    assert replay([sig(S.SENDING), sig(S.SENT), sig(S.DELIVERED), sig(S.READ, "mdn")])[0] is S.READ


def test_late_and_duplicate_signals_never_go_backwards() -> None:
    state, _, notes = replay([sig(S.DELIVERED), sig(S.SENT), sig(S.SENT), sig(S.SENDING)])
    assert state is S.DELIVERED and notes == []


def test_failure_with_reason_and_code() -> None:
    state, reason, _ = replay([sig(S.SENT), sig(S.FAILED, "kannel", "NACK/Rejected", "16")])
    assert state is S.FAILED and reason == "NACK/Rejected (code 16)"


def test_failure_after_delivery_is_a_note() -> None:
    state, reason, notes = replay([sig(S.DELIVERED), sig(S.FAILED, "dsn", "5.1.1 unknown")])
    assert state is S.DELIVERED and reason is None
    assert notes == ["dsn reported a failure: 5.1.1 unknown"]


def test_stale_sent_does_not_resurrect_a_failure_but_proof_of_arrival_does() -> None:
    assert replay([sig(S.FAILED, reason="timeout"), sig(S.SENT)])[0] is S.FAILED
    state, _, notes = replay([sig(S.FAILED, reason="timeout"), sig(S.DELIVERED)])
    assert state is S.DELIVERED and "after a failure" in notes[0]


def test_hold_only_before_sending() -> None:
    assert apply(S.QUEUED, None, sig(S.HELD, "policy")).state is S.HELD
    assert apply(S.SENT, None, sig(S.HELD, "policy")).state is S.SENT


@given(st.lists(st.sampled_from([*ORDER, S.FAILED, S.HELD, S.RECEIVED]), max_size=12))
def test_rank_never_decreases_unless_failed(states: list[S]) -> None:
    rank = {s: i for i, s in enumerate(ORDER)} | {S.HELD: 0}
    current, reason = S.QUEUED, None
    for state in states:
        out = apply(current, reason, sig(state))
        if out.state is not S.FAILED and current is not S.FAILED:
            assert rank[out.state] >= rank[current]
        if current in (S.DELIVERED, S.READ):
            assert out.state is not S.FAILED  # delivered stays delivered
        current, reason = out.state, out.reason


@given(st.lists(st.sampled_from([*ORDER, S.FAILED]), max_size=10))
def test_duplicates_are_idempotent(states: list[S]) -> None:
    once = replay([sig(s) for s in states])[0]
    twice = replay([sig(s) for s in states for _ in range(2)])[0]
    assert once is twice
