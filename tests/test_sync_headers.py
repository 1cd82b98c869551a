"""The sync's fast header path gives exactly what the full parser gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.core.mime_headers import header_end, parse_headers
from inbox_tui.core.sync_headers import sync_headers
from mime_corpus import varied_messages


def test_same_result_over_the_corpus() -> None:
    corpus = varied_messages(2000, seed=5)
    for raw in corpus:
        block = raw[: header_end(raw)]
        assert sync_headers(block) == parse_headers(block), block[:300]


CASES = [
    b"From: luca@x.it\r\nTo: a@b.c, D <d@e.f>\r\nSubject: ciao\r\n\r\n",
    b"From: Luca Bianchi <luca@x.it>\r\nCc: \r\nSubject: =?utf-8?q?perch=C3=A9?=\r\n\r\n",
    b'From: "Bianchi, Luca" <luca@x.it>\r\nSubject: x\r\n\r\n',
    b"From: luca@x.it (Luca)\r\nReferences: <a@b>\r\n <c@d>\r\nIn-Reply-To: <c@d>\r\n\r\n",
    b"From: MAILER-DAEMON\r\nContent-Type: multipart/report; report-type=delivery-status\r\n\r\n",
    b"From: Undisclosed:;\r\nTo: group: a@b.c, d@e.f;\r\n\r\n",
    b"From: a@b.c\r\nTo: <a@b.c>, , x\r\nDate: Mon, 23 Nov 2026 08:30:00 +0100\r\n\r\n",
    b"From: a@b.c\nSubject: bare LF\n folded\n\n",
    b"From: a@b.c\r\nList-Id: Club <club.list.example>\r\nPrecedence: Bulk\r\n\r\n",
    b"From: a@b.c\r\nContent-Type: TEXT/HTML; charset=utf-8\r\nReturn-Path: <>\r\n\r\n",
    b"garbage without colon\r\nFrom: a@b.c\r\n\r\n",
    b"From: caf\xe9 <a@b.c>\r\n\r\n",
]


def test_edge_cases_agree() -> None:
    for raw in CASES:
        assert sync_headers(raw) == parse_headers(raw), raw


@settings(max_examples=300)
@given(st.lists(st.sampled_from(CASES), min_size=1, max_size=3), st.binary(max_size=200))
def test_random_blocks_agree(parts: list[bytes], noise: bytes) -> None:
    raw = b"".join(p.split(b"\r\n\r\n")[0] + b"\r\n" for p in parts) + noise + b"\r\n\r\n"
    assert sync_headers(raw) == parse_headers(raw)


@settings(max_examples=500)
@given(
    st.integers(0, 40), st.sampled_from(["Jan", "Feb", "Dec", "Foo"]), st.integers(1960, 2300),
    st.integers(0, 30), st.integers(0, 70), st.integers(0, 70), st.sampled_from(["+", "-"]),
    st.integers(0, 99), st.integers(0, 99), st.booleans(),
)  # fmt: skip
def test_fast_dates_agree(d, mon, y, hh, mm, ss, sign, oh, om, weekday) -> None:
    from inbox_tui.core.mime_headers import parse_date
    from inbox_tui.core.sync_headers import _date

    clock = f"{hh:02d}:{mm:02d}:{ss:02d} {sign}{oh:02d}{om:02d}"
    text = f"{'Tue, ' if weekday else ''}{d} {mon} {y} {clock}"
    assert _date(text) == parse_date(text), text
