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
