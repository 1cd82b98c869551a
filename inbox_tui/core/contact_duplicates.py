"""Which other contacts are probably the same person, for the contact screen to propose.

Addresses are normalised and unique in the store, so two contacts never share one
exactly; what splits a person is a number saved without its country code, the same
mailbox name at another provider, or an unknown sender (named by their address) who is a
known client. Pure: the signals and their ranking; the user confirms every merge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from inbox_tui.core.models import AddressKind, Contact

PHONE_TAIL = 9  # national numbers: the last nine digits survive a wrong or missing prefix
# Mailbox names shared by unrelated people: the same one elsewhere says nothing.
_GENERIC = {
    "info", "admin", "office", "contact", "contatti", "hello", "mail", "noreply", "no-reply",
    "support", "sales", "segreteria", "amministrazione", "studio", "posta", "team",
}  # fmt: skip
_SEPARATORS = re.compile(r"[._\-\s]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    contact: Contact
    reasons: tuple[str, ...]
    score: int


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _name_tokens(text: str) -> tuple[str, ...]:
    return tuple(sorted(t for t in _SEPARATORS.split(_fold(text)) if t))


def _phones(contact: Contact) -> set[str]:
    tails = set()
    for a in contact.addresses:
        digits = "".join(c for c in a.value if c.isdigit()) if a.kind is AddressKind.PHONE else ""
        if len(digits) >= PHONE_TAIL:
            tails.add(digits[-PHONE_TAIL:])
    return tails


def _locals(contact: Contact) -> set[str]:
    found = set()
    for a in contact.addresses:
        if a.kind is AddressKind.EMAIL:
            local = a.value.partition("@")[0].partition("+")[0]
            if len(local) >= 3 and local not in _GENERIC:
                found.add(local)
    return found


def _named_like_mailbox(contact: Contact, other: Contact) -> bool:
    """ "Luca Bianchi" and luca.bianchi@… (or bianchi_luca@…): two words or more agree."""
    words = _name_tokens(contact.name)
    if len(words) < 2:
        return False
    return any(_name_tokens(local) == words for local in _locals(other))


def duplicates(contact: Contact, others: Iterable[Contact], limit: int = 20) -> list[Candidate]:
    """Contacts that look like `contact`, the likeliest first, each with why."""
    phones, mailboxes = _phones(contact), _locals(contact)
    name = _fold(contact.name)
    found = []
    for other in others:
        if other.id == contact.id:
            continue
        reasons: list[str] = []
        score = 0
        shared = sorted(phones & _phones(other))
        if shared:
            reasons.append(f"phone number ending …{shared[0][-4:]}")
            score += 3
        same_box = sorted(mailboxes & _locals(other))
        if same_box:
            reasons.append(f"same mailbox name {same_box[0]}@")
            score += 2
        if len(name) >= 3 and name == _fold(other.name):
            reasons.append("same name")
            score += 2
        elif _named_like_mailbox(contact, other) or _named_like_mailbox(other, contact):
            reasons.append("name matches an email address")
            score += 1
        if score:
            found.append(Candidate(other, tuple(reasons), score))
    found.sort(key=lambda c: (-c.score, _fold(c.contact.name), c.contact.id or 0))
    return found[:limit]


def matches(contact: Contact, query: str) -> bool:
    """For the merge search: `query` in the name (accents and case aside) or an address."""
    q = _fold(query)
    if not q:
        return False
    return q in _fold(contact.name) or any(q in a.value for a in contact.addresses)
