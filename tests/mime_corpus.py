"""A deterministic corpus of realistic, varied MIME messages for tests and benchmarks.

`varied_messages(n, seed)` cycles through every kind below, so any n >= len(KINDS)
covers them all; names, subjects, dates and payloads vary with the seed. Messages are
assembled as text (not with `email.message`) so malformed ones can be written at all,
and so 2,000 of them take well under a second.
"""

from __future__ import annotations

import base64
import binascii
import random
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import quote

MARIA = "Avv. Maria Rossi <maria@studio.test>"
CLIENTS = [
    ("Luca Bianchi", "luca.bianchi@example.it"), ("Giulia Romano", "giulia@posta.example.it"),
    ("Nicolò Ricci", "nicolo.ricci@example.com"), ("Marco Ferrari", "marco@ferrari-srl.example"),
    ("Francesca Colombo", "f.colombo@studio-colombo.example"), ("Elena Bruno", "elena@example.it"),
    ("Chiara Marino", "chiara.marino@example.org"), ("Davide Gallo", "d.gallo@example.net"),
    ("John Carter", "john.carter@example.co.uk"), ("Anna Schmidt", "anna.schmidt@example.de"),
]  # fmt: skip
SUBJECTS = [
    "Pratica n. {n}", "Fattura di novembre", "Richiesta appuntamento per giovedì",
    "Contratto di locazione — bozza", "Piano alimentare settimanale", "Urgente: udienza di domani",
    "Documenti per la dichiarazione", "Grazie per l'incontro di ieri", "Invoice for October",
    "Domanda sul preventivo n. {n}", "Quick question", "Perché è cambiato l'orario?",
]  # fmt: skip
LINES = [
    "Buongiorno Avvocata,",
    "le scrivo in merito alla pratica di cui abbiamo parlato.",
    "Potrebbe confermarmi l'appuntamento di giovedì alle 15:30?",
    "Allego i documenti richiesti, più la ricevuta del pagamento.",
    "Perché la scadenza è stata anticipata? Non è chiaro.",
    "Cordiali saluti, e grazie per la disponibilità.",
    "Hi Maria, just checking whether you received my last email.",
    "The signed contract is attached; let me know if anything is missing.",
    "Città, qualità, perché, più: accenti ovunque.",
]
KINDS = (
    "plain", "utf8_qp", "base64", "latin1", "cp1252", "encoded_subject", "alternative",
    "attachments", "nested", "forwarded", "malformed", "calendar", "dsn", "mdn", "html_only",
    "reply",
)  # fmt: skip
ACCENTS = "Perché? Città e qualità.\n"
_START = datetime(2025, 1, 1, tzinfo=timezone.utc).timestamp()
_SPAN = datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp() - _START
_ZONES = [timezone(timedelta(minutes=m)) for m in (60, 120, 0, -300, 330)]


Head = dict[str, str | None]
Builder = Callable[[int, random.Random, Head, str], tuple[str, str]]


def varied_messages(n: int, seed: int = 1) -> list[bytes]:
    rng = random.Random(seed)
    return [_message(i, KINDS[i % len(KINDS)], rng) for i in range(n)]


def _message(i: int, kind: str, rng: random.Random) -> bytes:
    name, addr = rng.choice(CLIENTS)
    subject = rng.choice(SUBJECTS).format(n=rng.randint(100, 999))
    head = {
        "From": f"{_q_name(name)} <{addr}>",
        "To": MARIA,
        "Subject": _encoded(subject, rng) if not subject.isascii() else subject,
        "Date": _date(rng),
        "Message-ID": f"<{kind}.{i}.{rng.getrandbits(40):010x}@{addr.split('@')[1]}>",
        "MIME-Version": "1.0",
    }
    body, ctype = BUILDERS[kind](i, rng, head, name)
    head["Content-Type"] = ctype
    text = "".join(f"{k}: {v}\n" for k, v in head.items() if v is not None) + "\n" + body
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("latin-1")


def _b(text: str, charset: str = "utf-8") -> str:
    """Text encoded in `charset`, spelled as latin-1 characters (one per byte)."""
    return text.encode(charset).decode("latin-1")


def _encoded(text: str, rng: random.Random, charset: str = "utf-8") -> str:
    data = text.encode(charset)
    if rng.random() < 0.5:
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?="
    return f"=?{charset}?Q?{_q(data)}?="


def _q(data: bytes) -> str:
    # b2a_qp leaves "?" alone, but inside an encoded-word it would end the word.
    return binascii.b2a_qp(data, header=True).decode().replace("?", "=3F")


def _q_name(name: str) -> str:
    return name if name.isascii() else f"=?utf-8?Q?{_q(name.encode())}?="


def _date(rng: random.Random) -> str:
    moment = datetime.fromtimestamp(_START + rng.random() * _SPAN, rng.choice(_ZONES))
    return format_datetime(moment.replace(microsecond=0))


def _paragraph(rng: random.Random, k: int = 4) -> str:
    return "\n".join(rng.sample(LINES, k)) + "\n"


def _qp(text: str, charset: str = "utf-8") -> str:
    return binascii.b2a_qp(text.encode(charset)).decode("ascii")


def _b64(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii")


def _part(ctype: str, body: str, cte: str | None = None, extra: str = "") -> str:
    lines = [f"Content-Type: {ctype}"]
    if cte:
        lines.append(f"Content-Transfer-Encoding: {cte}")
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n\n" + body


def _multipart(subtype: str, boundary: str, parts: list[str], params: str = "") -> tuple[str, str]:
    body = "This is a multi-part message in MIME format.\n"
    body += "".join(f"--{boundary}\n{p.rstrip(chr(10))}\n" for p in parts) + f"--{boundary}--\n"
    return body, f'multipart/{subtype}; boundary="{boundary}"{params}'


def _attachment(rng: random.Random, kind: str) -> str:
    stem = rng.choice(["Fattura n° 12", "contratto firmato", "ricevuta", "Relazione finale"])
    ctype, ext = {"pdf": ("application/pdf", "pdf"), "jpg": ("image/jpeg", "jpg")}.get(
        kind, ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
    )
    data = {"pdf": b"%PDF-1.4\n", "jpg": b"\xff\xd8\xff\xe0"}.get(kind, b"PK\x03\x04")
    data += rng.randbytes(rng.randint(200, 3000))
    filename = f"{stem}.{ext}"
    if filename.isascii():
        disp = f'attachment; filename="{filename}"'
    elif rng.random() < 0.5:  # RFC 2231
        disp = f"attachment; filename*=utf-8''{quote(filename)}"
    else:  # what Outlook writes, against the RFCs
        disp = f'attachment; filename="{_encoded(filename, rng)}"'
    return _part(
        f'{ctype}; name="{ext}-file"', _b64(data), "base64", f"Content-Disposition: {disp}"
    )


def _html(rng: random.Random) -> str:
    items = "".join(f"<li>{line}</li>" for line in rng.sample(LINES, 2))
    return (
        "<html><head><style>p{margin:0}</style></head><body>"
        f"<p>{rng.choice(LINES)}<br>{rng.choice(LINES)}</p><ul>{items}</ul>"
        '<p>Dettagli: <a href="https://studio.test/pratica?id=1">la pratica</a>'
        '<img src="https://track.example/p.gif" width="1"></p></body></html>\n'
    )


# One builder per kind: (body text, Content-Type), adjusting the headers as needed.


def _plain(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    lines = [line for line in LINES if line.isascii()]
    return "\n".join(rng.sample(lines, 2)) + "\n", "text/plain; charset=us-ascii"


def _utf8_qp(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    head["Content-Transfer-Encoding"] = "quoted-printable"
    return _qp(_paragraph(rng) + ACCENTS), 'text/plain; charset="utf-8"'


def _base64(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    head["Content-Transfer-Encoding"] = "base64"
    return _b64((_paragraph(rng) + "Saluti 😀\n").encode()), "text/plain; charset=UTF-8"


def _latin1(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    head["Content-Transfer-Encoding"] = "8bit"
    return _b(_paragraph(rng) + ACCENTS, "latin-1"), "text/plain; charset=iso-8859-1"


def _cp1252(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    head["Content-Transfer-Encoding"] = "quoted-printable"
    text = f"“Preventivo” di 1.200 € – {rng.choice(LINES)}\n"
    return _qp(text, "cp1252"), "text/plain; charset=windows-1252"


def _encoded_subject(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    head["Subject"] = _encoded(rng.choice(SUBJECTS).format(n=i) + " ☕", rng)
    head["From"] = f"{_encoded(name + ' — Studio', rng)} <{head['From'].split('<')[1]}"
    head["Content-Transfer-Encoding"] = "8bit"
    return _b(_paragraph(rng)), "text/plain; charset=utf-8; format=flowed"


def _alternative(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    plain = _part('text/plain; charset="utf-8"', _qp(_paragraph(rng)), "quoted-printable")
    html = _part('text/html; charset="utf-8"', _qp(_html(rng)), "quoted-printable")
    return _multipart("alternative", f"alt-{i}", [plain, html])


def _attachments(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    text = _part("text/plain; charset=utf-8", _b(_paragraph(rng)), "8bit")
    files = [_attachment(rng, rng.choice(["pdf", "jpg", "docx"])) for _ in range(rng.randint(1, 3))]
    return _multipart("mixed", f"=_mixed_{i}", [text, *files])


def _nested(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    image = _part(
        "image/png",
        _b64(b"\x89PNG\r\n\x1a\n" + rng.randbytes(64)),
        "base64",
        "Content-ID: <logo@studio>\nContent-Disposition: inline",
    )
    page = _html(rng).replace("</body>", '<img src="cid:logo@studio"></body>')
    html = _part("text/html; charset=utf-8", _b(page))
    related, rtype = _multipart("related", f"rel-{i}", [html, image])
    plain = _part("text/plain; charset=utf-8", _b(_paragraph(rng)), "8bit")
    alt, atype = _multipart("alternative", f"alt-{i}", [plain, _part(rtype, related)])
    return _multipart("mixed", f"mix-{i}", [_part(atype, alt), _attachment(rng, "pdf")])


def _forwarded(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    inner_name, inner_addr = rng.choice(CLIENTS)
    inner = (
        f"From: {_q_name(inner_name)} <{inner_addr}>\nTo: {head['From']}\n"
        f"Subject: {_encoded('Preventivo lavori — rev. 2', rng)}\nDate: {_date(rng)}\n"
        f"Message-ID: <inner.{i}.{rng.getrandbits(32):08x}@{inner_addr.split('@')[1]}>\n"
        f"Content-Type: text/plain; charset=utf-8\n\n{_b(_paragraph(rng, 2))}"
    )
    text = _part("text/plain; charset=utf-8", _b("Ti inoltro il messaggio qui sotto.\n"), "8bit")
    head["Subject"] = "Fwd: " + head["Subject"]
    return _multipart("mixed", f"fwd-{i}", [text, _part("message/rfc822", inner)])


def _malformed(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    flaw = (i // len(KINDS)) % 6
    if flaw == 0:
        head["Date"] = None
    elif flaw == 1:
        head["Date"] = rng.choice(["yesterday at noon", "Mon, 32 Foo 2025 25:61:00", "0"])
    elif flaw == 2:
        head["Message-ID"] = None
    elif flaw == 3:
        head["Subject"] = "Pratica =?x-unknown?Q?caf=E9?= e =?utf-8?B?w6k"  # unterminated
    elif flaw == 4:
        body = "--wrong-boundary\nContent-Type: text/plain\n\nThe boundary never matches.\n"
        return body, 'multipart/mixed; boundary="declared-but-absent"'
    else:  # raw 8-bit headers: utf-8 in Subject, latin-1 in the From name
        head["Subject"] = _b("Perché non risponde? Città")
        head["From"] = _b(name + " Così", "latin-1") + f" <{head['From'].split('<')[1]}"
    return _b(_paragraph(rng, 2)), "text/plain; charset=utf-8"


def _calendar(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    ics = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
        f"UID:{i}-{rng.getrandbits(32):08x}@calendar.example\nDTSTART:20260312T143000Z\n"
        "DTEND:20260312T153000Z\nSUMMARY:Consulenza\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    plain = _part("text/plain; charset=utf-8", "Invito: Consulenza, 12 marzo 15:30\n")
    cal = _part("text/calendar; charset=utf-8; method=REQUEST", ics)
    alt, atype = _multipart("alternative", f"cal-alt-{i}", [plain, cal])
    invite = _part(
        'application/ics; name="invite.ics"',
        _b64(ics.encode()),
        "base64",
        'Content-Disposition: attachment; filename="invite.ics"',
    )
    head["Subject"] = "Invito: Consulenza @ gio 12 mar 2026 15:30"
    return _multipart("mixed", f"cal-{i}", [_part(atype, alt), invite])


def _dsn(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    head.update(
        {
            "From": "Mail Delivery System <MAILER-DAEMON@mx.studio.test>",
            "Subject": "Undelivered Mail Returned to Sender",
            "Auto-Submitted": "auto-replied",
            "Return-Path": "<>",
        }
    )
    original = f"<sent.{i}@studio.test>"
    human = _part(
        "text/plain; charset=us-ascii",
        f"I'm sorry to have to inform you that your message could not\n"
        f"be delivered to {CLIENTS[i % 10][1]}.\n",
    )
    status = _part(
        "message/delivery-status",
        "Reporting-MTA: dns; mx.studio.test\n\n"
        f"Final-Recipient: rfc822; {CLIENTS[i % 10][1]}\nAction: failed\n"
        "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n",
    )
    headers = _part(
        "text/rfc822-headers", f"From: {MARIA}\nMessage-ID: {original}\nSubject: Pratica\n"
    )
    return _multipart(
        "report", f"dsn-{i}", [human, status, headers], "; report-type=delivery-status"
    )


def _mdn(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    addr = head["From"].split("<")[1].rstrip(">")
    head["Subject"] = "Letto: " + head["Subject"]
    human = _part("text/plain; charset=utf-8", _b("Il messaggio è stato visualizzato.\n"))
    notification = _part(
        "message/disposition-notification",
        f"Reporting-UA: mail.example; Thunderbird\nFinal-Recipient: rfc822;{addr}\n"
        f"Original-Message-ID: <sent.{i}@studio.test>\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\n",
    )
    return _multipart(
        "report", f"mdn-{i}", [human, notification], "; report-type=disposition-notification"
    )


def _html_only(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    head["List-Id"] = "Newsletter dello Studio <news.studio.example>"
    head["Precedence"] = "bulk"
    return _b(_html(rng)), "text/html; charset=utf-8"


def _reply(i: int, rng: random.Random, head: Head, name: str) -> tuple[str, str]:
    root, parent = f"<sent.{max(i - 7, 0)}@studio.test>", f"<sent.{max(i - 3, 1)}@studio.test>"
    head.update(
        {
            "Subject": "Re: " + head["Subject"],
            "In-Reply-To": parent,
            "References": f"{root}\n {parent}",
        }
    )
    quoted = "".join(f"> {line}\n" for line in rng.sample(LINES, 2))
    body = f"{rng.choice(LINES)}\n\nIl giorno lun 2 mar 2026 alle 10:00 Maria ha scritto:\n"
    return _b(body + quoted), "text/plain; charset=utf-8"


BUILDERS: dict[str, Builder] = {kind: globals()[f"_{kind}"] for kind in KINDS}


# -- hostile and malformed messages ------------------------------------------------------
#
# One named message per abuse the parsers must survive: what strangers and broken mailers
# really send, and what an attacker would try. `hostile_messages()` builds them all (the
# big ones, 10 MB and 1,000 attachments, only when asked: they take a second to make).

ESC_JUNK = "\x1b]52;c;cHduZWQ=\x07\x1b]0;title\x07\x1b[2J\x9b31m\x9d8;;http://evil\x9c\u202eevil"
_JUNK = _b(ESC_JUNK)  # as UTF-8 octets, for raw headers and bodies
UNTOUCHED, SIGNALLED = "<hostile.sent@studio.test>", "<hostile.ok@studio.test>"
_HEAD = (
    "From: Luca Bianchi <luca@client.test>\nTo: " + MARIA + "\nDate: Mon, 02 Nov 2026 09:00:00"
    " +0100\nMessage-ID: <hostile.{name}@client.test>\nMIME-Version: 1.0\n"
)


def _h(name: str, headers: str, body: str | bytes) -> bytes:
    given = {line.split(":", 1)[0].lower() for line in headers.splitlines()}
    defaults = [line for line in _HEAD.format(name=name).splitlines()
                if line.split(":", 1)[0].lower() not in given]  # fmt: skip
    head = "\n".join([*defaults, headers.strip("\n")]) + "\n\n"
    head = head.replace("\n", "\r\n")
    data = body.encode("latin-1") if isinstance(body, str) else body
    return head.encode("latin-1") + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _nest(levels: int, inner: str) -> tuple[str, str]:
    body, ctype = inner, "text/plain; charset=utf-8"
    for i in range(levels):
        body, ctype = _multipart("mixed", f"n{i}", [_part(ctype, body)])
    return body, ctype


def _report(kind: str, status: str, cte: str = "7bit") -> tuple[str, str]:
    ctype = {"dsn": "delivery-status", "mdn": "disposition-notification"}[kind]
    parts = [_part("text/plain", "a report\n"), _part(f"message/{ctype}", status, cte)]
    body, content_type = _multipart("report", "rep", parts, f"; report-type={ctype}")
    return f"Content-Type: {content_type}", body


def _hostile_builders() -> dict[str, Callable[[], bytes]]:
    text = "Buongiorno, perché?\n"
    latin = _b(text, "latin-1")
    deep_body, deep_type = _nest(60, "deep text\n")
    deep_msg = "Content-Type: text/plain\n\nthe innermost message\n"
    for _ in range(100):
        deep_msg = f"Subject: inner\nContent-Type: message/rfc822\n\n{deep_msg}"
    b64_word = base64.b64encode(ESC_JUNK.encode()).decode()
    nested_word = base64.b64encode(f"=?utf-8?b?{b64_word}?=".encode()).decode()
    cases: dict[str, tuple[str, str | bytes]] = {
        "nested_multipart_60": (f"Content-Type: {deep_type}", deep_body),
        "nested_message_100": ("Content-Type: message/rfc822", deep_msg),
        "boundary_missing": ("Content-Type: multipart/mixed", "--B\n\nhello\n--B--\n"),
        "boundary_wrong": ('Content-Type: multipart/mixed; boundary="A"', "--B\n\nhello\n"),
        "boundary_empty": ('Content-Type: multipart/mixed; boundary=""', "--\n\nhello\n----\n"),
        "boundary_huge": (
            f'Content-Type: multipart/mixed; boundary="{"x" * 5000}"',
            f"--{'x' * 5000}\n\nhello\n--{'x' * 5000}--\n",
        ),
        "boundary_regex": (
            'Content-Type: multipart/mixed; boundary="(.*)+?[\\\\"',
            "--(.*)+?[\\\n\nhello\n",
        ),
        "boundary_unterminated": _swap(_multipart("mixed", "U", [_part("text/plain", text)])),
        "charset_unknown": ("Content-Type: text/plain; charset=x-klingon", latin),
        "charset_wrong": ("Content-Type: text/plain; charset=utf-8", latin),
        "charset_raising": ("Content-Type: text/plain; charset=idna", "xn--\n"),
        "charset_undefined": ("Content-Type: text/plain; charset=undefined", latin),
        "charset_punycode": ("Content-Type: text/plain; charset=punycode", "\\x\n"),
        "charset_utf16_odd": ("Content-Type: text/plain; charset=utf-16", "\xff\xfea"),
        "charset_codec_not_text": ("Content-Type: text/plain; charset=rot13", "uryyb\n"),
        "ew_broken": (
            "Subject: =?utf-8?b?w6=?= =?utf-8?b?!!!?= =?utf-8?q?=ZZ?= =?utf-8?B?w6k",
            text,
        ),
        "ew_huge": ("Subject: =?utf-8?b?" + "QUFB" * 100_000 + "?=", text),
        "ew_many": ("Subject: " + "=?utf-8?q?a?= " * 20_000, text),
        "ew_nested": (f"Subject: =?utf-8?b?{nested_word}?=", text),
        "ew_controls": (
            f"Subject: =?utf-8?b?{b64_word}?=\nFrom: =?utf-8?b?{b64_word}?= <x@y.z>",
            text,
        ),
        "ew_raising_charsets": (
            "Subject: =?idna?b?eG4tLQ==?= =?punycode?q?\\x?= =?undefined?q?a?= =?utf-7?q?+AGE?=",
            text,
        ),
        "ew_address_spoof": ("From: =?utf-8?q?ceo=40bank=2Eit_<ceo@bank.it>?= <x@evil.test>", text),
        "raw_controls": (f"Subject: {_JUNK}", f"{_JUNK}\n"),
        "nul_headers": ("Sub\x00ject: a\x00b\nX-Nul: \x00\x00", "body\n"),
        "nul_body": ("Content-Type: text/plain", "a\x00b\x00\x00c\n"),
        "nul_boundary": (
            "Content-Type: multipart/mixed; boundary=\x00",
            "--\x00\n\nhi\n--\x00--\n",
        ),
        "cte_bad_base64": ("Content-Transfer-Encoding: base64", "!!!!====@@@\nw6k\n"),
        "cte_bad_qp": ("Content-Transfer-Encoding: quoted-printable", "=ZZ=\n=C3=\n=A9\n"),
        "cte_uuencode": ("Content-Transfer-Encoding: x-uuencode", "begin 644 a\n!!!!!!\nend\n"),
        "cte_unknown": ("Content-Transfer-Encoding: x-rot13-deluxe", text),
        "cte_garbage": ("Content-Transfer-Encoding: \xff\x00;;", text),
        "param_2231_broken": (
            "Content-Type: application/x; name*0*=idna''%FF; name*1*=%00\n"
            "Content-Disposition: attachment; filename*0*=x''a; filename*1*=%ZZ;"
            " filename*99999999=c",
            "x",
        ),
        "filename_hostile": (
            f'Content-Type: application/pdf\nContent-Disposition: attachment; filename="'
            f'../../{_JUNK}[@click=app.quit]x[b red].pdf"',  # no "/": it would cut the name
            "x",
        ),
        "dates_absurd": ("Date: Mon, 1 Jan 99999999999 00:00:00 +9999", text),
        # Malformed reports about UNTOUCHED: they must change nothing. Readable ones with
        # hostile text are about SIGNALLED: the signal counts, the text arrives clean.
        "dsn_no_status": _report("dsn", f"Original-Message-ID: {UNTOUCHED}\nAction: \n"),
        "dsn_status_junk": _report("dsn", "!!!!\n", "base64"),
        "dsn_action_unknown": _report("dsn", f"Original-Message-ID: {UNTOUCHED}\nAction: x\n"),
        "dsn_huge_diagnostic": _report(
            "dsn",
            f"Original-Message-ID: {SIGNALLED}\nAction: delayed\nStatus: 4.0.0\n"
            f"Diagnostic-Code: smtp; {'x' * 100_000}\n",
        ),
        "dsn_controls": _report(
            "dsn",
            f"Original-Message-ID: {SIGNALLED}\nAction: failed\nStatus: 5.{_JUNK}\n"
            f"Diagnostic-Code: {_JUNK}[@click=app.quit]x[/]\n",
        ),
        "mdn_disposition_empty": _report(
            "mdn", f"Original-Message-ID: {UNTOUCHED}\nDisposition: a;\n"
        ),
        "mdn_disposition_slash": _report(
            "mdn", f"Original-Message-ID: {UNTOUCHED}\nDisposition: a; /x\n"
        ),
        "mdn_disposition_blank": _report(
            "mdn", f"Original-Message-ID: {UNTOUCHED}\nDisposition: a;   \n"
        ),
        "report_not_multipart": (
            "Content-Type: multipart/report; report-type=delivery-status",
            text,
        ),
    }
    builders = {name: _bound(name, head, body) for name, (head, body) in cases.items()}
    builders["body_10mb"] = lambda: _h("body_10mb", "Content-Type: text/plain", ACCENTS * 420_000)
    builders["attachments_1000"] = _thousand_attachments
    return builders


def _swap(pair: tuple[str, str]) -> tuple[str, str]:
    """(body, ctype) as made by _multipart to (headers, body), the closing line cut off."""
    body, ctype = pair
    return f"Content-Type: {ctype}", body.rsplit("--U--", 1)[0]


def _bound(name: str, head: str, body: str | bytes) -> Callable[[], bytes]:
    return lambda: _h(name, head, body)


def _thousand_attachments() -> bytes:
    files = [
        _part("application/pdf", "JVBERi0xLjQK\n", "base64",
              f'Content-Disposition: attachment; filename="f{i}.pdf"')
        for i in range(1000)
    ]  # fmt: skip
    body, ctype = _multipart("mixed", "att", [_part("text/plain", "vedi allegati\n"), *files])
    return _h("attachments_1000", f"Content-Type: {ctype}", body)


BIG_HOSTILE = ("body_10mb", "attachments_1000")
HOSTILE_BUILDERS = _hostile_builders()
HOSTILE = tuple(HOSTILE_BUILDERS)


def hostile_messages(big: bool = False) -> dict[str, bytes]:
    """Every hostile case by name; the 10 MB and 1,000-attachment ones only if `big`."""
    return {n: build() for n, build in HOSTILE_BUILDERS.items() if big or n not in BIG_HOSTILE}
