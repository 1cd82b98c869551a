"""Importing a .vcf file into the contacts: one person, one contact, whatever the spelling.

The file is streamed line by line into the parser and each card is stored as it completes,
all inside one transaction: memory stays bounded on a huge export, and an error half-way
(a read error, a crash, Ctrl-C) rolls back to the store as it was.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from inbox_tui.core.addresses import AddressError, email_address, phone_address
from inbox_tui.core.models import Address, Contact
from inbox_tui.core.sanitize import one_line
from inbox_tui.core.vcard import MAX_PROPERTY, Problems, VCard, decode_line, iter_vcards

if TYPE_CHECKING:
    from inbox_tui.store.db import Store, _Tx

# A physical line is read at most this far: enough that the decoded text is still longer
# than MAX_PROPERTY (so the parser reports it), never a whole multi-GB line in memory.
MAX_LINE_BYTES = 4 * MAX_PROPERTY + 4
MAX_FILE_BYTES = 1024**3


@dataclass(slots=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


def import_vcards(store: Store, path: Path, region: str = "IT") -> ImportResult:
    """Store every card of the .vcf at `path`; raises OSError if it cannot be read."""
    path = Path(path)
    result = ImportResult()
    problems = Problems()
    cards = 0
    # Opened first, so an unreadable file fails before the store is locked. Reading inside
    # the write transaction is deliberate (see the module docstring); even a large export
    # holds the lock only for seconds.
    with path.open("rb") as fh, store.transaction() as tx:
        for card in iter_vcards(_read_lines(fh, problems), problems):
            cards += 1
            _import_card(store, tx, card, region, problems, result)
    if not cards:
        problems.add(None, f"no vCard (BEGIN:VCARD … END:VCARD) found in {one_line(path.name)}")
    result.problems = problems.as_list()
    return result


def _import_card(
    store: Store, tx: _Tx, card: VCard, region: str, problems: Problems, result: ImportResult
) -> None:
    who = one_line(card.name, 60) or "a card without a name"
    addresses = _addresses(card, region, who, problems)
    if not addresses:
        result.skipped += 1
        problems.add(card.line, f"{who}: no usable email address or phone number; skipped")
        return
    name = card.name if card.named else addresses[0].value
    contact = Contact(None, name, addresses)
    # Read through the store inside the transaction: same connection, so cards stored
    # earlier in this import are seen and a duplicate card counts as an update.
    owners = {o for a in addresses if (o := store.contacts.find_by_address(a)) is not None}
    if owners:
        result.updated += 1
        # upsert keeps the lowest id; carry its per-contact settings over, or re-importing
        # an address book would silently reset every SLA, urgent flag and receipt choice.
        existing = store.contacts.get(min(owners))
        if existing is not None:
            contact.sla, contact.urgent = existing.sla, existing.urgent
            contact.receipts, contact.auto_ack = existing.receipts, existing.auto_ack
            contact.request_read = existing.request_read
            contact.request_delivery = existing.request_delivery
            if not card.named:  # an address standing in for a name beats no real name
                contact.name = existing.name
    else:
        result.added += 1
    store.contacts.upsert_in(tx, contact)


def _addresses(card: VCard, region: str, who: str, problems: Problems) -> list[Address]:
    found: list[Address] = []
    rejected: list[tuple[int, str]] = []
    for raw, phone in [(e, False) for e in card.emails] + [(p, True) for p in card.phones]:
        try:
            if phone:
                address = phone_address(raw, region)
            elif raw.isprintable():  # control or bidi characters: not an address to trust
                address = email_address(raw)
            else:
                raise AddressError(raw)
        except AddressError:
            what = "a phone number" if phone else "an email address"
            rejected.append((card.address_lines.get(raw, card.line), f"not {what} {_show(raw)}"))
            continue
        if address not in found:
            found.append(address)
    for line, text in sorted(rejected):  # in file order, as the user will look them up
        problems.add(line, f"{who}: {text}")
    return found


def _show(value: str) -> str:
    # repr() escapes control and bidi characters, so the warning is safe on a terminal.
    return repr(value if len(value) <= 60 else value[:59] + "…")


def _read_lines(fh: io.BufferedReader, problems: Problems) -> Iterator[str]:
    """Decoded lines of the file, each at most MAX_LINE_BYTES, the file at most 1 GiB."""
    total = 0
    if fh.peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Outlook and Windows tools: UTF-16
        wrapper = io.TextIOWrapper(fh, encoding="utf-16", errors="replace", newline="")
        while line := wrapper.readline(MAX_LINE_BYTES):
            total += len(line) * 2
            if _too_big(total, problems):
                return
            rest = line
            while len(rest) == MAX_LINE_BYTES and not rest.endswith(("\n", "\r")):
                rest = wrapper.readline(MAX_LINE_BYTES)  # an overlong line: skip to its end
                total += len(rest) * 2
                if _too_big(total, problems):
                    return
            yield from line.rstrip("\r\n").split("\r")
        return
    first = True
    while raw := fh.readline(MAX_LINE_BYTES):
        total += len(raw)
        if _too_big(total, problems):
            return
        rest = raw
        while len(rest) == MAX_LINE_BYTES and not rest.endswith(b"\n"):
            rest = fh.readline(MAX_LINE_BYTES)  # an overlong line: skip to its end
            total += len(rest)
            if _too_big(total, problems):
                return
        if first:
            raw, first = raw.removeprefix(b"\xef\xbb\xbf"), False
        text = decode_line(raw.removesuffix(b"\n").removesuffix(b"\r"))
        yield from text.split("\r")  # a stray CR ends a line too, as in parse_vcards


def _too_big(total: int, problems: Problems) -> bool:
    if total <= MAX_FILE_BYTES:
        return False
    problems.add(None, f"the file is larger than {MAX_FILE_BYTES >> 30} GiB; the rest was ignored")
    return True
