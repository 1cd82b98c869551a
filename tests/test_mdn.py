"""Read receipts we send: RFC 8098 structure, round trip through our own parser, no injection."""

from __future__ import annotations

import email
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.message import Message
from email.policy import compat32

import pytest

from inbox_tui.core.mdn import build_mdn
from inbox_tui.core.models import DeliveryState
from inbox_tui.core.reports import parse_report

ORIGINAL_ID = "<abc@client.test>"
ROME = timezone(timedelta(hours=1))
MANUAL = "manual-action/MDN-sent-manually; displayed"
AUTOMATIC = "automatic-action/MDN-sent-automatically; displayed"
HEADERS = b"Message-ID: <abc@client.test>\nSubject: Preventivo\nFrom: luca@client.test\n\nbody\n"


def _mdn(**overrides: object) -> bytes:
    args: dict[str, object] = {
        "original_message_id": ORIGINAL_ID,
        "original_subject": "Preventivo",
        "original_recipient": "maria@studio.example",
        "final_recipient": "maria@studio.example",
        "from_name": "Maria Rossi",
        "from_addr": "maria@studio.example",
        "to_addr": "luca@client.test",
        "date": datetime(2025, 3, 5, 14, 30, tzinfo=ROME),
        "message_id": "<mdn1@studio.example>",
        "manual": True,
    }
    args.update(overrides)
    return build_mdn(**args)  # type: ignore[arg-type]


def _parse(raw: bytes) -> Message:
    return email.message_from_bytes(raw, policy=compat32)


def _subject(msg: Message) -> str:
    return str(make_header(decode_header(msg["Subject"])))


def _fields(msg: Message) -> list[str]:
    part = msg.get_payload()[1]
    return part.as_bytes().split(b"\n\n", 1)[1].decode("ascii").splitlines()


def _text(msg: Message) -> str:
    return msg.get_payload()[0].get_payload(decode=True).decode("utf-8")


VARIANTS = [
    pytest.param({"manual": True}, id="manual-en"),
    pytest.param({"manual": False, "language": "it"}, id="automatic-it"),
    pytest.param({"original_headers": HEADERS}, id="with-headers"),
    pytest.param({"original_recipient": None, "manual": False}, id="no-original-recipient"),
]


@pytest.mark.parametrize("overrides", VARIANTS)
def test_round_trip_through_our_parser(overrides: dict[str, object]) -> None:
    report = parse_report(_mdn(**overrides))
    assert report is not None
    assert report.kind == "mdn" and report.state is DeliveryState.READ
    assert ORIGINAL_ID in report.message_ids


@pytest.mark.parametrize("overrides", VARIANTS)
def test_structure(overrides: dict[str, object]) -> None:
    raw = _mdn(**overrides)
    assert raw.isascii() and b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    msg = _parse(raw)
    assert msg.get_content_type() == "multipart/report"
    assert msg.get_param("report-type") == "disposition-notification"
    assert msg["MIME-Version"] == "1.0"
    assert msg["In-Reply-To"] == ORIGINAL_ID and msg["References"] == ORIGINAL_ID
    types = [p.get_content_type() for p in msg.get_payload()]
    expected = ["text/plain", "message/disposition-notification"]
    if "original_headers" in overrides:
        expected.append("text/rfc822-headers")
    assert types == expected
    assert msg.get_payload()[0].get_content_charset() == "utf-8"
    manual = overrides.get("manual", True)
    fields = _fields(msg)
    assert f"Disposition: {MANUAL if manual else AUTOMATIC}" in fields
    assert (msg["Auto-Submitted"] == "auto-replied") is (not manual)
    assert "Final-Recipient: rfc822;maria@studio.example" in fields
    assert f"Original-Message-ID: {ORIGINAL_ID}" in fields
    has_original = overrides.get("original_recipient", "x") is not None
    assert ("Original-Recipient: rfc822;maria@studio.example" in fields) is has_original
    assert fields[0] == "Reporting-UA: inbox-tui"


def test_returned_headers_part_holds_only_the_headers() -> None:
    msg = _parse(_mdn(original_headers=HEADERS))
    part = msg.get_payload()[2].get_payload(decode=True)
    assert b"Message-ID: <abc@client.test>\r\n" in part and b"body" not in part


@pytest.mark.parametrize(
    ("language", "prefix"), [("en", "Read: "), ("it", "Letto: "), ("fr", "Read: ")]
)
def test_subject_localised_and_encoded(language: str, prefix: str) -> None:
    subject = "Preventivo «urgente» — è pronto?"
    raw = _mdn(original_subject=subject, language=language)
    assert raw.isascii()
    assert _subject(_parse(raw)) == prefix + subject


def test_human_readable_texts() -> None:
    italian = _text(_parse(_mdn(language="it", original_subject="Preventivo «urgente»")))
    assert "Il messaggio inviato a maria@studio.example con oggetto «Preventivo «urgente»»" in (
        italian
    )
    assert "è stato visualizzato il 5 marzo 2025 alle 14:30 (UTC+01:00)." in italian
    assert "non garantisce che sia stato letto o compreso" in italian
    english = _text(_parse(_mdn()))
    assert 'with the subject "Preventivo" was displayed on Wednesday 5 March 2025 at 14:30' in (
        english
    )
    eighth = _text(_parse(_mdn(language="it", date=datetime(2025, 3, 8, 9, 0, tzinfo=ROME))))
    assert "visualizzato l'8 marzo 2025 alle 09:00" in eighth
    first = datetime(2025, 6, 1, 7, 5, tzinfo=timezone.utc)
    assert "il 1º giugno 2025 alle 07:05 (UTC)" in _text(_parse(_mdn(language="it", date=first)))


def test_non_ascii_sender_name_is_encoded() -> None:
    raw = _mdn(from_name="Maria Rossì")
    assert raw.isascii()
    assert str(make_header(decode_header(_parse(raw)["From"]))).startswith("Maria Rossì")


INJECTION = "\r\nBcc: evil@x"


@pytest.mark.parametrize(
    "overrides",
    [
        {"original_subject": "Preventivo" + INJECTION},
        {"original_recipient": "maria@studio.example" + INJECTION},
        {"final_recipient": "maria@studio.example" + INJECTION},
        {"from_name": "Maria" + INJECTION},
        {"reporting_ua": "inbox-tui" + INJECTION},
        {"original_headers": b"Subject: x\r\n\r\n--boundary\r\nBcc: evil@x\r\n"},
    ],
)
def test_no_header_injection(overrides: dict[str, object]) -> None:
    raw = _mdn(**overrides)
    msg = _parse(raw)
    assert msg["Bcc"] is None
    assert not any(line.startswith(b"Bcc") for line in raw.split(b"\r\n"))
    for part in msg.get_payload():
        assert part["Bcc"] is None
    assert not any(f.lower().startswith("bcc") for f in _fields(msg))
    assert parse_report(raw).state is DeliveryState.READ


@pytest.mark.parametrize("field", ["to_addr", "from_addr"])
def test_unusable_address_is_refused(field: str) -> None:
    with pytest.raises(ValueError):
        _mdn(**{field: "luca@client.test" + INJECTION})


def test_bad_own_message_id_is_refused() -> None:
    with pytest.raises(ValueError):
        _mdn(message_id="<x@y>\r\nBcc: evil@x")


@pytest.mark.parametrize("original_id", [None, "not an id\r\nBcc: evil@x"])
def test_without_original_id(original_id: str | None) -> None:
    raw = _mdn(original_message_id=original_id, original_headers=HEADERS)
    assert b"Original-Message-ID" not in raw
    msg = _parse(raw)
    assert msg["In-Reply-To"] is None and msg["References"] is None and msg["Bcc"] is None
    # The returned headers still say which message it was.
    assert parse_report(raw).message_ids == (ORIGINAL_ID,)


def test_non_ascii_recipient_stays_ascii() -> None:
    raw = _mdn(original_recipient="marìa@studio.example", original_headers="Subject: è\n".encode())
    assert raw.isascii()
    assert "Original-Recipient: utf-8;mar\\x{EC}a@studio.example" in _fields(_parse(raw))
