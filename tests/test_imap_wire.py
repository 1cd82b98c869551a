"""The FETCH/LIST parsing we do over aioimaplib's raw lines, and mailbox name encoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inbox_tui.channels.imap_wire import (
    WireError,
    decode_mailbox,
    encode_mailbox,
    parse_fetch,
    parse_list_line,
    parse_uid_set,
    uid_ranges,
)


def test_fetch_with_literals_and_continuations() -> None:
    header = b"From: Luca <luca@x.it>\r\nSubject: (ciao)\r\n\r\n"
    lines = [
        b"1 FETCH (UID 7 FLAGS (\\Seen $MDNSent) RFC822.SIZE 1234 "
        b"BODY[HEADER.FIELDS (FROM SUBJECT)] {" + str(len(header)).encode() + b"}",
        bytearray(header),
        b" MODSEQ (42))",
        b'2 FETCH (UID 9 FLAGS () INTERNALDATE "17-Jul-2026 02:44:25 +0200" MODSEQ (43))',
        b"Fetch completed (0.001 + 0.000 secs).",
    ]
    first, second = parse_fetch(lines)
    assert first.seq == 1 and first.uid == 7 and first.flags == {"\\Seen", "$MDNSent"}
    assert first.modseq == 42 and first.attrs["RFC822.SIZE"] == b"1234"
    assert first.body("BODY[HEADER") == header
    assert second.uid == 9 and second.flags == set() and second.modseq == 43
    assert second.attrs["INTERNALDATE"] == b"17-Jul-2026 02:44:25 +0200"


def test_literal_containing_parentheses_and_quotes_does_not_confuse() -> None:
    body = b'Subject: ) ( "x\r\n\r\n'
    lines = [b"3 FETCH (UID 1 BODY[] {" + str(len(body)).encode() + b"}", bytearray(body), b")"]
    (item,) = parse_fetch(lines)
    assert item.body() == body


def test_nil_and_quoted_escapes() -> None:
    (item,) = parse_fetch([b'4 FETCH (UID 2 X-GM-LABELS NIL X-NAME "a \\"b\\" c")'])
    assert item.attrs["X-GM-LABELS"] is None and item.attrs["X-NAME"] == b'a "b" c'


def test_truncated_response_raises() -> None:
    with pytest.raises(WireError):
        parse_fetch([b"1 FETCH (UID 1 BODY[] {10}"])


def test_thousand_items_linear() -> None:
    lines: list[bytes | bytearray] = []
    for i in range(1, 2001):
        lines += [f"{i} FETCH (UID {i} BODY[HEADER] {{4}}".encode(), bytearray(b"x\r\n\r"), b")"]
    items = parse_fetch(lines)
    assert [it.uid for it in items] == list(range(1, 2001))


@pytest.mark.parametrize(
    ("name", "wire"),
    [
        ("INBOX", '"INBOX"'),
        ("Posta inviata", '"Posta inviata"'),
        ("Bozze & co", '"Bozze &- co"'),
        ("Entwürfe", '"Entw&APw-rfe"'),
        ("台北", '"&U,BTFw-"'),
    ],
)
def test_mailbox_names(name: str, wire: str) -> None:
    assert encode_mailbox(name) == wire
    assert decode_mailbox(wire.strip('"')) == name


@given(st.text(min_size=1, max_size=30).filter(lambda s: '"' not in s and "\\" not in s))
def test_mailbox_roundtrip(name: str) -> None:
    assert decode_mailbox(encode_mailbox(name)[1:-1]) == name


def test_list_lines() -> None:
    assert parse_list_line(b'(\\HasNoChildren \\Sent) "/" "Sent"') == (
        {"\\HasNoChildren", "\\Sent"},
        "Sent",
    )
    assert parse_list_line(b'(\\Noselect) "." "Entw&APw-rfe"') == ({"\\Noselect"}, "Entwürfe")
    assert parse_list_line(b"garbage") is None


def test_uid_sets() -> None:
    assert uid_ranges([9, 1, 2, 3, 7, 10]) == "1:3,7,9:10"
    assert parse_uid_set("1:3,7,10:9") == {1, 2, 3, 7, 9, 10}


def test_fast_path_matches_the_general_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import inbox_tui.channels.imap_wire as wire

    lines: list[bytes | bytearray] = []
    for i in range(1, 60):
        header = f"Subject: {'(x) ' * (i % 3)}n{i}\r\n\r\n".encode()
        flags = [b"", b"\\Seen", b"\\Seen \\Flagged $MDNSent"][i % 3]
        order = i % 2
        head = f"{i} FETCH (".encode() + (
            b"UID %d FLAGS (%s) RFC822.SIZE 99 " % (i, flags) if order else b"MODSEQ (7) "
        )
        head += b"BODY[HEADER.FIELDS (FROM SUBJECT)] {%d}" % len(header)
        tail = b" MODSEQ (7))" if order else b" UID %d FLAGS (%s))" % (i, flags)
        lines += [head, bytearray(header), tail]
    lines.append(b'60 FETCH (UID 60 X-ODD "a (b" BODY[] {3}')  # needs the general parser
    lines += [bytearray(b"abc"), b")"]
    fast = wire.parse_fetch(lines)
    monkeypatch.setattr(wire, "_simple_item", lambda *a: None)
    slow = wire.parse_fetch(lines)
    assert [(x.seq, x.attrs) for x in fast] == [(x.seq, x.attrs) for x in slow]
    assert len(fast) == 60 and fast[-1].attrs["X-ODD"] == b"a (b"
