"""The MIME layer: headers, bodies, attachments, hostile and malformed input, speed."""

from __future__ import annotations

import base64
import contextlib
import re
import time
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inbox_tui.core.html_text import html_to_text
from inbox_tui.core.mime import (
    Attachment,
    EmailHeaders,
    ParsedEmail,
    attachment_bytes,
    parse_headers,
    parse_message,
    thread_key,
)
from inbox_tui.core.mime_decode import decode_bytes, decode_words
from mime_corpus import KINDS, varied_messages

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CORPUS = varied_messages(2000)


def msg(headers: str, body: str | bytes = b"", **extra: str) -> bytes:
    head = headers.strip("\n").replace("\n", "\r\n") + "\r\n"
    head += "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in extra.items())
    data = body.replace("\n", "\r\n").encode("utf-8") if isinstance(body, str) else body
    return head.encode("utf-8") + b"\r\n" + data


def multipart(subtype: str, *parts: str, boundary: str = "XYZ") -> str:
    body = "".join(f"--{boundary}\n{p}\n" for p in parts) + f"--{boundary}--\n"
    return f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n{body}'


def kind(name: str) -> list[ParsedEmail]:
    return [parse_message(m) for m in CORPUS[KINDS.index(name) :: len(KINDS)][:20]]


# -- the corpus ------------------------------------------------------------------------


def test_corpus_is_fast_and_deterministic() -> None:
    started = time.perf_counter()
    again = varied_messages(2000)
    assert time.perf_counter() - started < 1.0
    assert again == CORPUS
    assert varied_messages(50, seed=2) != CORPUS[:50]


def test_whole_corpus_parses_cleanly() -> None:
    started = time.perf_counter()
    parsed = [parse_message(m) for m in CORPUS]
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0, elapsed
    ids = [p.headers.message_id for p in parsed if p.headers.message_id]
    assert len(ids) == len(set(ids)) > 1900
    first, last = (datetime(y, 1, 1, tzinfo=timezone.utc).timestamp() for y in (2025, 2027))
    dates = [p.headers.date for p in parsed if p.headers.date is not None]
    assert len(dates) > 1900 and all(first <= d < last for d in dates)
    for p in parsed:
        assert not CONTROLS.search(p.text) and not CONTROLS.search(p.headers.subject)
        assert p.headers.to[0][1] == "maria@studio.test"
        assert p.headers.from_addr
        assert all("/" not in a.filename for a in p.attachments)


def test_corpus_charsets_and_encoded_words() -> None:
    assert all("Perché? Città e qualità." in p.text for p in kind("utf8_qp") + kind("latin1"))
    assert all("“Preventivo” di 1.200 € –" in p.text for p in kind("cp1252"))
    assert all("😀" in p.text for p in kind("base64"))
    for p in kind("encoded_subject"):
        assert p.headers.subject.endswith(" ☕") and "=?" not in p.headers.subject
        assert p.headers.from_name.endswith(" — Studio")


def test_corpus_structures() -> None:
    for p in kind("alternative"):
        assert "<p>" not in p.text and p.attachments == ()
    for p in kind("attachments"):
        assert p.text and 1 <= len(p.attachments) <= 3
        assert all(a.filename.rsplit(".", 1)[1] in ("pdf", "jpg", "docx") for a in p.attachments)
    names = {a.filename for p in kind("attachments") for a in p.attachments}
    assert "Fattura n° 12.pdf" in names or "Fattura n° 12.jpg" in names
    for p in kind("nested"):  # the cid: logo is not an attachment, the pdf is
        assert [a.content_type for a in p.attachments] == ["application/pdf"]
        assert p.attachments[0].part_id == "2" and "<" not in p.text and p.text.strip()
    for p in kind("forwarded"):
        assert p.attachments == (
            Attachment("2", "Preventivo lavori — rev. 2", "message/rfc822", p.attachments[0].size),
        )
    for p in kind("calendar"):
        assert {a.content_type for a in p.attachments} == {"text/calendar", "application/ics"}
        assert "invite.ics" in {a.filename for a in p.attachments}
    for p in kind("html_only"):
        assert "- " in p.text and "<https://studio.test/pratica?id=1>" in p.text
        assert p.headers.list_id == "news.studio.example" and p.headers.precedence == "bulk"


def test_corpus_reports_and_replies() -> None:
    for p in kind("dsn"):
        h = p.headers
        assert (h.content_type, h.report_type) == ("multipart/report", "delivery-status")
        assert h.return_path == "" and h.auto_submitted == "auto-replied"
        assert "message/delivery-status" in {a.content_type for a in p.attachments}
    for p in kind("mdn"):
        assert p.headers.report_type == "disposition-notification"
        assert p.attachments[0].content_type == "message/disposition-notification"
    for p in kind("reply"):
        assert thread_key(p.headers) == p.headers.references[0]
        assert p.headers.in_reply_to == p.headers.references[-1]


def test_corpus_malformed_headers() -> None:
    parsed = kind("malformed")
    flaws = [i % 6 for i in range(len(parsed))]
    for flaw, p in zip(flaws, parsed, strict=True):
        if flaw in (0, 1):
            assert p.headers.date is None
        if flaw == 2:
            assert p.headers.message_id is None and thread_key(p.headers) is None
        if flaw == 3:
            assert p.headers.subject == "Pratica café e =?utf-8?B?w6k"
        if flaw == 4:
            assert "boundary never matches" in p.text
        if flaw == 5:
            assert p.headers.subject == "Perché non risponde? Città"
            assert p.headers.from_name.endswith(" Così")


# -- headers ---------------------------------------------------------------------------


def test_header_block_only() -> None:
    block = b"From: Luca <Luca@Example.IT>\r\nSubject: Ciao\r\nMessage-ID: x1@host\r\n\r\n"
    h = parse_headers(block)
    assert (h.from_name, h.from_addr, h.subject) == ("Luca", "luca@example.it", "Ciao")
    assert h.message_id == "<x1@host>" and h.content_type == "text/plain"
    assert parse_headers(block[:-2]).subject == "Ciao"  # without the final empty line
    assert parse_headers(b"") == parse_headers(b"\r\n")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=?utf-8?q?caf=C3=A9?=", "café"),
        ("=?UTF-8?B?Y2Fmw6k=?=", "café"),
        ("=?utf-8?b?Y2Fmw6k?=", "café"),  # padding missing
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),  # whitespace between words goes
        ("=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b"),
        ("=?utf-8?q?=C3?= =?utf-8?q?=A9t=C3=A9?=", "été"),  # a character split across words
        ("=?iso-8859-1?q?caf=E9_au_lait?=", "café au lait"),
        ("=?utf-8*it?q?citt=C3=A0?=", "città"),  # RFC 2231 language
        ("=?x-unknown?q?caf=E9?=", "café"),
        ("=?utf-8?B?!!!?=", "=?utf-8?B?!!!?="),  # undecodable: kept as written
        ("Re:=?utf-8?q?x?=", "Re:x"),
        ("=?utf-8?q?=3D=3Futf-8=3Fq=3Fx=3F=3D?=", "=?utf-8?q?x?="),  # decoded once only
    ],
)
def test_encoded_words(raw: str, expected: str) -> None:
    assert decode_words(raw) == expected


def test_encoded_word_abuse() -> None:
    evil = "=?utf-8?q?Bank_=3Cceo=40bank=2Ecom=3E?= <x@evil.example>"
    h = parse_headers(msg(f"From: {evil}\nSubject: =?utf-8?q?a=0D=0ABcc:_x=40y=1B]0;t=07z?="))
    assert (h.from_name, h.from_addr) == ("Bank <ceo@bank.com>", "x@evil.example")
    assert h.subject == "a Bcc: x@yz"
    flood = " ".join(["=?utf-8?q?=E2=98=95?="] * 5000)
    assert len(parse_headers(msg(f"Subject: {flood}")).subject) <= 300


def test_eight_bit_headers() -> None:
    raw = b"Subject: Perch\xc3\xa9\r\nFrom: Nicol\xf2 <n@x.it>\r\n\r\n"
    h = parse_headers(raw)
    assert (h.subject, h.from_name) == ("Perché", "Nicolò")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 23 Nov 2026 08:30:00 +0100", 1795419000),
        ("23 Nov 2026 07:30:00 GMT", 1795419000),
        ("Mon, 23 Nov 26 07:30:00 +0000", 1795419000),
        ("2026-11-23T07:30:00Z", 1795419000),
        ("Mon, 23 Nov 2026 07:30:00", 1795419000),  # no zone: UTC, not this machine's
        ("Mon, 23 Nov 2026 07:30:00 -0000", 1795419000),
        ("yesterday", None),
        ("Mon, 32 Foo 2026 25:61:00", None),
        ("Fri, 1 Jan 9999 00:00:00 +0000", None),
        ("", None),
    ],
)
def test_dates(value: str, expected: int | None) -> None:
    assert parse_headers(msg(f"Date: {value}")).date == expected


def test_ids_and_references() -> None:
    h = parse_headers(
        msg(
            "Message-ID:  < a1@x >\nIn-Reply-To: <p@x> (Luca's message)\n"
            "References: <r1@x>\n\t<r2@x> <r1@x>,<p@x>"
        )
    )
    assert (h.message_id, h.in_reply_to) == ("<a1@x>", "<p@x>")
    assert h.references == ("<r1@x>", "<r2@x>", "<p@x>")
    assert parse_headers(msg("References: a@x, b@x")).references == ("<a@x>", "<b@x>")
    many = " ".join(f"<r{i}@x>" for i in range(1000))
    refs = parse_headers(msg(f"References: {many}")).references
    assert len(refs) == 100 and refs[0] == "<r0@x>" and refs[-1] == "<r999@x>"


def test_thread_key_prefers_the_root() -> None:
    h = parse_headers(msg("Message-ID: <m@x>"))
    assert thread_key(h) == "<m@x>"
    assert thread_key(parse_headers(msg("Message-ID: <m@x>\nIn-Reply-To: <p@x>"))) == "<p@x>"
    both = parse_headers(msg("Message-ID: <m@x>\nIn-Reply-To: <p@x>\nReferences: <r@x> <p@x>"))
    assert thread_key(both) == "<r@x>"


def test_address_lists() -> None:
    h = parse_headers(
        msg(
            'To: "Rossi, Maria" <Maria@Studio.test>, luca@x.it (Luca), bogus, Group: a@b.it;\n'
            "Cc: =?utf-8?q?Nicol=C3=B2?= <n@x.it>\nFrom: MAILER-DAEMON\n"
            "Disposition-Notification-To: Luca <Luca@X.it>\nReturn-Path: <Bounce@X.it>"
        )
    )
    assert h.to == (("Rossi, Maria", "maria@studio.test"), ("Luca", "luca@x.it"), ("", "a@b.it"))
    assert h.cc == (("Nicolò", "n@x.it"),)
    assert (h.from_name, h.from_addr) == ("MAILER-DAEMON", "")
    assert h.disposition_notification_to == ("luca@x.it",)
    assert h.return_path == "bounce@x.it"
    assert parse_headers(msg("Return-Path: <>")).return_path == ""
    assert parse_headers(msg("Subject: x")).return_path is None


def test_headers_type() -> None:
    h = parse_headers(msg("Content-Type: Multipart/Report; Report-Type=Delivery-Status"))
    assert isinstance(h, EmailHeaders)
    assert (h.content_type, h.report_type) == ("multipart/report", "delivery-status")
    assert parse_headers(msg("Content-Type: garbage")).content_type == "text/plain"


# -- bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charset", "data", "expected"),
    [
        ("utf-8", "perché".encode(), "perché"),
        ("utf-8", "perché".encode("latin-1"), "perché"),  # mislabelled
        ("us-ascii", "perché".encode(), "perché"),
        ("iso-8859-1", "“1 €”".encode("cp1252"), "“1 €”"),
        ("x-unknown", "città".encode(), "città"),
        ("rot13", b"abc", "abc"),  # a codec, not a charset
        (None, b"\x81\x8d\x90", "\x81\x8d\x90"),  # latin-1 as the last resort
    ],
)
def test_charset_fallbacks(charset: str | None, data: bytes, expected: str) -> None:
    assert decode_bytes(data, charset) == expected


def test_alternative_prefers_plain_then_html_when_plain_is_empty() -> None:
    plain = "Content-Type: text/plain; charset=utf-8\n\nTesto semplice"
    html = "Content-Type: text/html; charset=utf-8\n\n<p>Testo <b>HTML</b></p>"
    assert parse_message(msg(multipart("alternative", plain, html))).text == "Testo semplice"
    empty = "Content-Type: text/plain\n\n  \n"
    assert parse_message(msg(multipart("alternative", empty, html))).text == "Testo HTML"


def test_mixed_related_and_inline_parts() -> None:
    img = "Content-Type: image/png\nContent-Transfer-Encoding: base64\n{}\niVBORw0KGgo="
    html = 'Content-Type: text/html\n\n<p>Logo: <img src="cid:l" alt="Logo"></p>'
    related = multipart("related", html, img.format("Content-ID: <l>\n"), boundary="R")
    raw = msg(
        multipart(
            "mixed",
            related,
            img.format('Content-Disposition: inline; filename="foto.png"\n'),
            img.format("Content-Disposition: attachment\n"),
            img.format("Content-Disposition: inline\n"),
            "Content-Type: text/plain\n\nsecond text part",
        )
    )
    p = parse_message(raw)
    assert p.text == "Logo: [image: Logo]\nsecond text part"
    assert [(a.part_id, a.filename) for a in p.attachments] == [("2", "foto.png"), ("3", "")]
    assert p.attachments[0].size == 8


def test_filenames_decoded_and_made_safe() -> None:
    named = "Content-Type: text/plain\nContent-Disposition: attachment; filename="
    parts = [
        "Content-Type: application/pdf\nContent-Disposition: attachment;\n"
        " filename*0*=utf-8''Fattura%20n%C2%B0;\n filename*1=\" 12.pdf\"\n\nx",
        'Content-Type: application/pdf; name="=?utf-8?B?w6ljb2xlLnBkZg==?="\n\nx',
        named + '"../../etc/passwd"\n\nx',
        named + '"C:\\\\x\\\\a.txt"\n\nx',
        named + '"a\x1b]0;t\x07b.txt"\n\nx',
    ]
    names = [a.filename for a in parse_message(msg(multipart("mixed", *parts))).attachments]
    assert names == ["Fattura n° 12.pdf", "école.pdf", "passwd", "a.txt", "ab.txt"]


def test_attached_message_and_its_sections() -> None:
    inner = multipart(
        "mixed",
        "Content-Type: text/plain\n\ninner text",
        "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK",
        boundary="IN",
    )
    raw = msg(
        multipart(
            "mixed",
            "Content-Type: text/plain\n\nouter",
            f"Content-Type: message/rfc822\n\nSubject: =?utf-8?q?Gi=C3=A0?=\n{inner}",
        )
    )
    p = parse_message(raw)
    assert p.text == "outer" and len(p.attachments) == 1
    assert (p.attachments[0].part_id, p.attachments[0].filename) == ("2", "Già")
    assert attachment_bytes(raw, "2").startswith(b"Subject: =?utf-8?q?Gi=C3=A0?=\r\n")
    assert parse_message(attachment_bytes(raw, "2")).text == "inner text"
    assert attachment_bytes(raw, "2.1") == b"inner text"
    assert attachment_bytes(raw, "2.2") == b"%PDF-1.4\n"
    assert attachment_bytes(raw, "1") == b"outer"
    for absent in ("3", "2.3", "0", "", "x", "1.1.1"):
        with pytest.raises(KeyError):
            attachment_bytes(raw, absent)


def test_single_part_messages() -> None:
    pdf = msg("Content-Type: application/pdf\nContent-Transfer-Encoding: base64", b"JVBERi0xLjQK")
    p = parse_message(pdf)
    assert p.text == "" and p.attachments == (Attachment("1", "", "application/pdf", 9),)
    assert attachment_bytes(pdf, "1") == b"%PDF-1.4\n"
    html = msg("Content-Type: text/html", "<ul><li>uno</li><li>due</li></ul>")
    assert parse_message(html).text == "- uno\n- due"
    assert attachment_bytes(msg("Subject: x", "body"), "1") == b"body"


def test_bad_or_missing_boundaries_read_as_text() -> None:
    missing = msg("Content-Type: multipart/mixed", "--B\n\nhello")
    assert "hello" in parse_message(missing).text
    wrong = msg('Content-Type: multipart/mixed; boundary="A"', "--B\n\nhello\n--B--")
    assert "hello" in parse_message(wrong).text
    unterminated = msg(
        multipart("mixed", "Content-Type: text/plain\n\nciao").rsplit("--XYZ--", 1)[0]
    )
    assert parse_message(unterminated).text.startswith("ciao")


def test_hostile_body_text_is_sanitised() -> None:
    body = "ok\x00\x1b]52;c;cHduZWQ=\x07 \x1b[2Jfine\u202eevil\r\nnext\x9b31m"
    p = parse_message(msg("Content-Type: text/plain; charset=utf-8", body))
    assert p.text == "ok fineevil\nnext"


def test_html_text() -> None:
    html = """<html><head><title>T</title><style>p{}</style></head><body>
    <div style="display: none">preheader</div>
    <p>Gentile Avvocata,<br>la pratica n.&nbsp;12 &amp; altro.</p>
    <ol><li>uno</li><li>due</li></ol><ul><li>a<ul><li>b</li></ul></li></ul>
    <p><a href="https://x.example/doc">il documento</a> <a href="https://x.example/">x.example</a>
    <a href="javascript:alert(1)">clic</a> <a href="mailto:l@x.it">l@x.it</a></p>
    <blockquote><p>citato</p></blockquote><img src="http://t.example/p.gif"><script>bad()</script>
    <table><tr><td>A</td><td>B</td></tr></table><pre> a\n  b</pre></body></html>"""
    assert html_to_text(html) == (
        "Gentile Avvocata,\nla pratica n. 12 & altro.\n\n1. uno\n2. due\n\n- a\n  - b\n\n"
        "il documento <https://x.example/doc> x.example clic l@x.it\n\n> citato\n\n"
        "A B\n\n a\n  b"
    )
    assert html_to_text("<p>a<!-- x --><![CDATA[y]]><!doctype q></p>&bogus; &#0;").startswith("a")


def test_nul_and_junk_never_raise() -> None:
    for raw in (
        b"\x00" * 100,
        b"\r\n\r\n",
        b"Content-Type: multipart/mixed; boundary=\x00\r\n\r\n--\x00\r\n",
        b"Content-Type: message/rfc822\r\n\r\n",
        b'Content-Type: text/plain; charset=""\r\n\r\nx',
    ):
        parse_message(raw)
        parse_headers(raw)


# -- scale -----------------------------------------------------------------------------


def test_ten_megabyte_body_is_fast_and_capped() -> None:
    line = "Lorem ipsum dolor sit amet, perché città.\n"
    raw = msg("Content-Type: text/plain; charset=utf-8", line * (10_000_000 // len(line)))
    started = time.perf_counter()
    p = parse_message(raw)
    assert time.perf_counter() - started < 2.0
    assert 1_900_000 < len(p.text) < 2_100_000 and p.text.endswith("[… message truncated]")
    encoded = msg(
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64",
        base64.encodebytes(("<p>" + line + "</p>").encode() * 200_000),
    )
    started = time.perf_counter()
    assert parse_message(encoded).text.startswith("Lorem ipsum")
    assert time.perf_counter() - started < 3.0


def test_thousand_attachments_listed_linearly() -> None:
    parts = [
        f'Content-Type: application/pdf\nContent-Disposition: attachment; filename="f{i}.pdf"\n'
        f"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK"
        for i in range(1000)
    ]
    raw = msg(multipart("mixed", "Content-Type: text/plain\n\nvedi allegati", *parts))
    started = time.perf_counter()
    p = parse_message(raw)
    assert time.perf_counter() - started < 2.0
    assert len(p.attachments) == 1000 and p.attachments[-1] == Attachment(
        "1001", "f999.pdf", "application/pdf", 9
    )
    assert attachment_bytes(raw, "1001") == b"%PDF-1.4\n"


def test_absurd_nesting_does_not_raise() -> None:
    opening = "".join(
        f"--B{i}\nContent-Type: multipart/mixed; boundary=B{i + 1}\n\n" for i in range(2000)
    )
    raw = msg("Content-Type: multipart/mixed; boundary=B0", opening + "--B2000\n\ndeep\n")
    parse_message(raw)


# -- properties ------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        b"Content-Type: multipart/mixed; boundary=b\r\n", b"Content-Type: message/rfc822\r\n",
        b"Content-Type: text/html; charset=x-unknown\r\n", b"--b\r\n", b"--b--\r\n", b"\r\n",
        b"Content-Transfer-Encoding: base64\r\n", b"Content-Transfer-Encoding: 7bit\r\n",
        b"Subject: =?utf-8?q?=1B]0;x=07?=\r\n", b"From: =?x?b?!?= <a@b>\r\n", b"<p>a<a href=x>b",
        b"Content-Disposition: attachment; filename*0*=bad''%ZZ\r\n", b"\x1b[31m\x9b\x00\xff",
        b"Date: Mon, 99 Foo 99999\r\n", b"References: <<<>>>\r\n", b"=?utf-8?B?w6k=?=",
    ]
)  # fmt: skip


def check(parsed: ParsedEmail) -> None:
    h = parsed.headers
    for value in (
        parsed.text,
        h.subject,
        h.from_name,
        h.from_addr,
        *(a.filename for a in parsed.attachments),
    ):
        assert not CONTROLS.search(value)
        value.encode("utf-8")  # storable: no lone surrogates


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    check(parse_message(raw))
    parse_headers(raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.binary(max_size=30)), max_size=40))
def test_mime_shaped_junk_never_raises(pieces: list[bytes]) -> None:
    raw = b"".join(pieces)
    check(parse_message(raw))
    parse_headers(raw)
    for part_id in ("1", "2", "1.1", "2.1"):
        with contextlib.suppress(KeyError):
            attachment_bytes(raw, part_id)
