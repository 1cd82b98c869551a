"""vCard parsing (pure) and importing into a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Contact
from inbox_tui.core.vcard import MAX_PROBLEMS, decode_line, parse_vcards
from inbox_tui.services.contacts_import import import_vcards
from inbox_tui.store import Store


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


ANDROID_21 = """\
BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:N=C3=A9ri;Giu=
lia;;;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Giulia=20N=C3=A9ri=20=E2=80=
=94=20Studio
TEL;CELL;PREF:+39 333 1234567
TEL;HOME:02 1234567
EMAIL;HOME:giulia@example.it
END:VCARD
"""

APPLE_30 = """\
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//macOS 14.0//EN
N:Rossi;Mario;;;
FN:Mario Rossi\\, Avv.\\nStudio \\; Legale \\\\ Roma
ORG:Rossi & Associati;
item1.EMAIL;type=INTERNET;type=pref:mario@rossi.it
item1.X-ABLabel:_$!<Other>!$_
EMAIL;type=INTERNET;type=WORK:mario.rossi@example-
 studio.it
TEL;type=CELL;type=VOICE;type=pref:+39 347 765 4321
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD
 /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR
END:VCARD
"""

GOOGLE_40 = """\
BEGIN:VCARD
VERSION:4.0
FN:Anna Verdi
TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+39-320-111-2233;ext=12
TEL;TYPE="work:desk":tel:+390212345678
EMAIL;TYPE=work:mailto:Anna.Verdi@Example.com
END:VCARD
"""


def only(text: str):
    result = parse_vcards(text)
    assert len(result.cards) == 1, result
    return result.cards[0], result.problems


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_vcard_21_quoted_printable_and_bare_params(newline: str) -> None:
    card, problems = only(ANDROID_21.replace("\n", newline))
    assert problems == []
    assert card.name == "Giulia Néri — Studio" and card.named
    assert card.phones == ["+39 333 1234567", "02 1234567"]
    assert card.emails == ["giulia@example.it"]
    assert card.line == 1 and card.address_lines["02 1234567"] == 8


def test_vcard_21_latin1_charset_and_n_only() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\n"
        "N;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Ni=E8vre;Fran=E7ois;;;\n"
        "TEL;WORK;VOICE:+33 1 42 68 53 00\nEND:VCARD\n"
    )
    card, _ = only(text)
    assert card.name == "François Nièvre"


def test_vcard_30_apple_groups_folding_escapes() -> None:
    card, problems = only(crlf(APPLE_30))
    assert problems == []
    assert card.name == "Mario Rossi, Avv. Studio ; Legale \\ Roma"
    assert card.emails == ["mario@rossi.it", "mario.rossi@example-studio.it"]
    assert card.phones == ["+39 347 765 4321"]


def test_folding_with_tab_and_mid_word() -> None:
    card, _ = only("BEGIN:VCARD\nVERSION:3.0\nFN:Giu\n\tlia\n  Neri\nEMAIL:g@x.it\nEND:VCARD")
    assert card.name == "Giulia Neri"


def test_vcard_40_tel_uris_quoted_params_and_mailto() -> None:
    card, problems = only(GOOGLE_40)
    assert problems == []
    assert card.phones == ["+39-320-111-2233", "+390212345678"]
    assert card.emails == ["Anna.Verdi@Example.com"]


@pytest.mark.parametrize(
    ("lines", "name", "named"),
    [
        (["FN:Full Name", "N:Family;Given;;;", "ORG:Org"], "Full Name", True),
        (["FN:", "N:Neri;Giulia,Maria;Middle;Dott.;", "ORG:Org"], "Giulia Maria Neri", True),
        (["N:;;;;", "ORG:Studio Bianchi\\, SRL;Legal"], "Studio Bianchi, SRL", True),
        (["EMAIL:first@x.it", "EMAIL:second@x.it"], "first@x.it", False),
        (["TEL:+39 333 1234567"], "", False),
    ],
)
def test_name_fallbacks(lines: list[str], name: str, named: bool) -> None:
    card, _ = only("\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]))
    assert (card.name, card.named) == (name, named)


def test_names_are_sanitised() -> None:
    card, _ = only("BEGIN:VCARD\nFN:\x1b]0;pwned\x07Eve\u202e \x1b[31mEvil\nEND:VCARD")
    assert card.name == "Eve Evil"


def test_several_cards_case_insensitive_bom_and_cr_only() -> None:
    text = "\ufeffbegin:vcard\rversion:3.0\rfn:One\rEnd:VCard\rBEGIN:VCARD\rFn:Two\rEND:VCARD"
    result = parse_vcards(text)
    assert [c.name for c in result.cards] == ["One", "Two"] and result.problems == []


def test_nesting_errors_are_problems_with_line_numbers() -> None:
    text = "\n".join(
        [
            "BEGIN:VCARD",  # 1: never ended
            "FN:Open",
            "BEGIN:VCARD",  # 3
            "FN:Closed",
            "no colon here",  # 5
            "END:VCARD",
            "some junk",  # 7: reported once per run
            "more junk",
            "END:VCARD",  # 9
            "BEGIN:VCARD",  # 10: file ends inside it
            "FN:Last",
        ]
    )
    result = parse_vcards(text)
    assert [c.name for c in result.cards] == ["Open", "Closed", "Last"]
    assert result.problems == [
        "line 1: vCard has no END:VCARD (ended at line 3)",
        "line 5: not a vCard property, ignored",
        "line 7: text outside BEGIN:VCARD … END:VCARD ignored",
        "line 9: END:VCARD without BEGIN:VCARD ignored",
        "line 10: vCard has no END:VCARD (file ended)",
    ]


def test_21_agent_card_and_unindented_base64_are_not_contacts() -> None:
    text = "\n".join(
        [
            "BEGIN:VCARD",
            "VERSION:2.1",
            "FN:Boss",
            "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQ",
            "ABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR",
            "",
            "AGENT:",
            "BEGIN:VCARD",
            "FN:Assistant",
            "END:VCARD",
            "EMAIL:boss@x.it",
            "END:VCARD",
        ]
    )
    result = parse_vcards(text)
    assert result.problems == []
    assert [(c.name, c.emails) for c in result.cards] == [("Boss", ["boss@x.it"])]


def test_oversized_properties_are_dropped_and_bounded() -> None:
    huge = "A" * 70_000
    photo = "\n ".join(huge[i : i + 74] for i in range(0, len(huge), 74))
    text = f"BEGIN:VCARD\nFN:{huge}\nPHOTO;ENCODING=b:{photo}\nEMAIL:ok@x.it\nEND:VCARD\n"
    card, problems = only(text)
    assert problems == ["line 2: FN longer than 64 KB ignored"]  # the PHOTO goes silently
    assert card.emails == ["ok@x.it"] and card.name == "ok@x.it"


def test_card_and_problem_caps() -> None:
    cards = parse_vcards("BEGIN:VCARD\nFN:x\nEND:VCARD\n" * 5, max_cards=3)
    assert len(cards.cards) == 3
    assert cards.problems == ["line 10: more than 3 cards; the rest was ignored"]
    junk = parse_vcards("BEGIN:VCARD\n" + "junk\n" * (MAX_PROBLEMS + 50) + "END:VCARD")
    assert len(junk.problems) == MAX_PROBLEMS + 1
    assert junk.problems[-1] == "… and 50 more problems not shown"


def test_decode_line_is_lenient() -> None:
    assert decode_line("Nièvre €".encode()) == "Nièvre €"
    assert decode_line("Nièvre €".encode("cp1252")) == "Nièvre €"
    assert decode_line(b"\x81\x8d") == "\x81\x8d"  # undefined in cp1252: Latin-1


_TOKENS = st.sampled_from(
    [
        "BEGIN:VCARD",
        "END:VCARD",
        "VERSION:2.1",
        "FN:x\\",
        "N:a;b\\;c,d\\",
        "AGENT:",
        "EMAIL;QUOTED-PRINTABLE:a=",
        "TEL;ENCODING=QUOTED-PRINTABLE;CHARSET=nope:=C3=",
        "PHOTO;ENCODING=BASE64:",
        'TEL;TYPE="a:b;c":tel:',
        "item.EMAIL:mailto:",
        " ",
        "\t=",
        "",
        ":",
        '"',
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TOKENS, st.text(max_size=20)), max_size=30))
def test_arbitrary_vcard_like_lines_never_raise(lines: list[str]) -> None:
    for newline in ("\n", "\r\n"):
        parse_vcards(newline.join(lines))


@settings(max_examples=200, deadline=None)
@given(st.text(), st.binary())
def test_arbitrary_text_and_bytes_never_raise(text: str, data: bytes) -> None:
    parse_vcards(text)
    decode_line(data)


# --- the import service against a real store ---------------------------------------------


def write(tmp_path: Path, text: str | bytes, name: str = "c.vcf") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = crlf(text).encode()
    path.write_bytes(text)
    return path


def card(*lines: str) -> str:
    return "\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD", ""])


def test_import_counts_problems_and_reimport(store: Store, tmp_path: Path) -> None:
    vcf = write(
        tmp_path,
        card("FN:Giulia Neri", "EMAIL:giulia@example.it", "TEL:123", "TEL:+39 333 1234567")
        + card("FN:Nobody", "TEL:abc", "EMAIL:not-an-email")
        + card("FN:Mario Rossi", "EMAIL:Mario@Rossi.IT", "EMAIL:mario@rossi.it"),
    )
    result = import_vcards(store, vcf, "IT")
    assert (result.added, result.updated, result.skipped) == (2, 0, 1)
    assert result.problems == [
        "line 5: Giulia Neri: not a phone number '123'",
        "line 11: Nobody: not a phone number 'abc'",
        "line 12: Nobody: not an email address 'not-an-email'",
        "line 8: Nobody: no usable email address or phone number; skipped",
    ]
    giulia = store.contacts.get(store.contacts.find_by_address(phone_address("333 1234567")))
    assert giulia is not None and giulia.name == "Giulia Neri" and not giulia.provisional
    assert {a.value for a in giulia.addresses} == {"giulia@example.it", "+393331234567"}
    assert store.contacts.count() == 2

    again = import_vcards(store, vcf, "IT")
    assert (again.added, again.updated, again.skipped) == (0, 2, 1)
    assert store.contacts.count() == 2


def test_import_absorbs_provisional_and_keeps_settings(store: Store, tmp_path: Path) -> None:
    with store.transaction() as tx:
        stranger = store.contacts.resolve_in(tx, phone_address("+39 347 7654321"), "Anna V.")
    kept = store.contacts.upsert(
        Contact(None, "Bob", [email_address("bob@x.it")], sla="4h", urgent=True)
    )
    vcf = write(
        tmp_path,
        card("FN:Anna Verdi", "TEL:0039 347 765 4321", "EMAIL:anna@x.it")
        + card("FN:Robert", "EMAIL:BOB@x.it")
        + card("EMAIL:bob@x.it", "TEL:+39 320 0000000"),  # no name: Bob's name stays
    )
    result = import_vcards(store, vcf, "IT")
    assert (result.added, result.updated, result.skipped) == (0, 3, 0)
    anna = store.contacts.get(stranger)
    assert anna is not None and anna.name == "Anna Verdi" and not anna.provisional
    assert {a.value for a in anna.addresses} == {"+393477654321", "anna@x.it"}
    bob = store.contacts.get(kept)
    assert bob is not None and (bob.name, bob.sla, bob.urgent) == ("Robert", "4h", True)
    assert len(bob.addresses) == 2 and store.contacts.count() == 2


def test_phone_spellings_collapse_to_one_contact(store: Store, tmp_path: Path) -> None:
    vcf = write(
        tmp_path,
        card("FN:Luca", "TEL:+39 333 1234567")
        + card("FN:Luca B.", "TEL:0039 333 1234567")
        + card("FN:Luca Bianchi", "TEL;TYPE=cell:333 1234567"),
    )
    result = import_vcards(store, vcf, "IT")
    assert (result.added, result.updated, result.skipped) == (1, 2, 0)
    assert [c.name for c in store.contacts.all()] == ["Luca Bianchi"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: b"\xef\xbb\xbf" + t.encode(),
        lambda t: t.encode("latin-1"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["utf8-bom", "latin1", "utf16"],
)
def test_import_file_encodings(store: Store, tmp_path: Path, encode) -> None:
    vcf = write(tmp_path, encode(crlf(card("FN:François Nièvre", "EMAIL:f@x.fr"))))
    result = import_vcards(store, vcf, "FR")
    assert (result.added, result.problems) == (1, [])
    assert store.contacts.all()[0].name == "François Nièvre"


def test_import_overlong_line_and_no_cards(store: Store, tmp_path: Path) -> None:
    vcf = write(tmp_path, "x" * 300_000 + "\n" + card("FN:Ok", "EMAIL:ok@x.it"))
    result = import_vcards(store, vcf, "IT")
    assert result.added == 1
    assert result.problems == ["line 1: text outside BEGIN:VCARD … END:VCARD ignored"]
    empty = import_vcards(store, write(tmp_path, "name,email\n", "c.csv"), "IT")
    assert empty.problems[-1] == "no vCard (BEGIN:VCARD … END:VCARD) found in c.csv"


def test_import_unreadable_file_raises_oserror(store: Store, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        import_vcards(store, tmp_path / "missing.vcf", "IT")


def test_import_is_all_or_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store.contacts.upsert_in
    calls = []

    def failing(tx, contact: Contact) -> int:
        calls.append(contact.name)
        if len(calls) == 2:
            raise RuntimeError("crash mid-import")
        return real(tx, contact)

    monkeypatch.setattr(store.contacts, "upsert_in", failing)
    vcf = write(tmp_path, card("FN:A", "EMAIL:a@x.it") + card("FN:B", "EMAIL:b@x.it"))
    with pytest.raises(RuntimeError):
        import_vcards(store, vcf, "IT")
    assert store.contacts.count() == 0
