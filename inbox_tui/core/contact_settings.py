"""Per-contact settings made in the contact screen, laid over the config's.

The config file belongs to the user and the app never rewrites it. What the contact screen
sets is kept apart (the store's `contact_settings`) and wins over the config for that
contact; the store's `contacts` columns mirror the config (synced at start), so they are
the base. Pure: the grammar of each value, the merge every consumer goes through, and
where each value shown comes from.

Stored values are text: a key present means "set here"; "" is an explicit "none" (no
promised response time, the account's receipt rules), unlike an absent key ("as the
config says").

The form of address (`formal`) has no column in the store: its base comes from the
config's `[[contacts]]` by name (`with_config`), as the drafts have always read it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from inbox_tui.core.config_receipts import RECEIPT_ANSWERS
from inbox_tui.core.models import Contact
from inbox_tui.core.sla import validate_sla

if TYPE_CHECKING:
    from inbox_tui.core.config import ContactConfig

__all__ = [
    "AUTO_ACK",
    "FORMAL",
    "KEYS",
    "LABELS",
    "RECEIPTS",
    "REQUEST_DELIVERY",
    "REQUEST_READ",
    "SLA",
    "URGENT",
    "SettingLine",
    "Source",
    "apply",
    "config_formal",
    "describe",
    "merged",
    "next_value",
    "normalise",
    "with_config",
]

Source = Literal["set here", "from config", "default"]

# The names match `Contact`'s fields, so the merge can go by attribute.
URGENT, SLA, RECEIPTS = "urgent", "sla", "receipts"
REQUEST_READ, REQUEST_DELIVERY = "request_read", "request_delivery"
AUTO_ACK, FORMAL = "auto_ack", "formal"
KEYS: tuple[str, ...] = (URGENT, SLA, RECEIPTS, REQUEST_READ, REQUEST_DELIVERY, AUTO_ACK, FORMAL)
LABELS: dict[str, str] = {
    URGENT: "Urgent (rings through do-not-disturb)",
    SLA: "Response time (SLA)",
    RECEIPTS: "Answer their read-receipt requests",
    REQUEST_READ: "Ask them for a read receipt",
    REQUEST_DELIVERY: "Ask for a delivery report",
    AUTO_ACK: "Out-of-hours acknowledgement",
    FORMAL: "Form of address in drafts",
}
# The order Enter cycles through; "" hands the choice back to the account's settings.
_CYCLES: dict[str, tuple[str, ...]] = {
    URGENT: ("0", "1"),
    RECEIPTS: ("", "ask", "always", "never"),
    REQUEST_READ: ("", "1", "0"),
    REQUEST_DELIVERY: ("", "1", "0"),
    AUTO_ACK: ("1", "0"),
    FORMAL: ("1", "0"),
}
# Plain yes/no: no "none" in between, unlike the receipt requests.
_FLAGS = (URGENT, AUTO_ACK, FORMAL)
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def normalise(key: str, text: str) -> str:
    """The stored form of a value typed or chosen for `key`; ValueError says what fits."""
    value = text.strip().lower()
    if key in _FLAGS:
        if value in _TRUE | _FALSE:
            return "1" if value in _TRUE else "0"
        raise ValueError(f"{text!r}: {key.replace('_', ' ')} is yes or no")
    if key == SLA:
        # "none" is the explicit "no promise", so a config SLA can be switched off here.
        return "" if value in ("", "none", "-") else validate_sla(text)
    if key == RECEIPTS:
        if value in ("", *RECEIPT_ANSWERS):
            return value
        raise ValueError(f"{text!r}: answer with {', '.join(RECEIPT_ANSWERS)} or leave it empty")
    if key in (REQUEST_READ, REQUEST_DELIVERY):
        if value == "":
            return ""
        if value in _TRUE | _FALSE:
            return "1" if value in _TRUE else "0"
        raise ValueError(f"{text!r}: yes, no, or empty for the account's setting")
    raise ValueError(f"unknown contact setting {key!r}")


def _decode(key: str, stored: str) -> object:
    if key in _FLAGS:
        return stored == "1"
    if key in (REQUEST_READ, REQUEST_DELIVERY):
        return None if stored == "" else stored == "1"
    return stored or None  # sla, receipts: "" is "none"


def _encode(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def merged(key: str, base: object, overrides: Mapping[str, str]) -> object:
    """One setting as every consumer must see it: the screen's value when set there (and
    well-formed — a bad row never beats the config), else the base."""
    stored = overrides.get(key)
    if stored is None:
        return base
    try:
        return _decode(key, normalise(key, stored))
    except ValueError:
        return base


def apply(contact: Contact, overrides: Mapping[str, str]) -> Contact:
    """A copy of `contact` (its store row, i.e. the config's values) with the screen's
    settings laid over it."""
    if not overrides:
        return contact
    return dataclasses.replace(
        contact,
        addresses=list(contact.addresses),
        **{key: merged(key, getattr(contact, key), overrides) for key in KEYS},
    )


@dataclass(frozen=True, slots=True)
class SettingLine:
    key: str
    label: str
    value: str  # shown as is: "yes", "4h", "account's rule"
    source: Source
    base: str  # what resetting would bring back


_DEFAULTS: dict[str, object] = {
    URGENT: False,
    SLA: None,
    RECEIPTS: None,
    REQUEST_READ: None,
    REQUEST_DELIVERY: None,
    AUTO_ACK: True,
    FORMAL: True,
}


def _show(key: str, value: object) -> str:
    if key == FORMAL:
        return "formal (Lei)" if value else "informal (tu)"
    if key in (URGENT, AUTO_ACK):
        return "yes" if value else "no"
    if key == SLA:
        return str(value) if value else "none"
    if key == RECEIPTS:
        return str(value) if value else "account's rule"
    if value is None:
        return "account's setting"
    return "yes" if value else "no"


def config_formal(contacts: Iterable[ContactConfig], name: str) -> bool:
    """The config's form of address for the contact named `name` (formal when unlisted)."""
    return next((c.formal for c in contacts if c.name == name), True)


def with_config(contact: Contact, contacts: Iterable[ContactConfig]) -> Contact:
    """The store row completed with what only the config holds: the form of address."""
    formal = config_formal(contacts, contact.name)
    if formal == contact.formal:
        return contact
    return dataclasses.replace(contact, addresses=list(contact.addresses), formal=formal)


def describe(contact: Contact, overrides: Mapping[str, str]) -> list[SettingLine]:
    """Each setting of `contact` (its base row, `with_config`) with the value in force and
    its origin.

    The base differs from the built-in default only through the config (the store copies
    `[[contacts]]` into the row at start), so such a value is "from config"."""
    lines = []
    for key in KEYS:
        base = getattr(contact, key)
        value = merged(key, base, overrides)
        here = key in overrides and _valid(key, overrides[key])
        source: Source = "set here" if here else _base_source(key, base)
        lines.append(SettingLine(key, LABELS[key], _show(key, value), source, _show(key, base)))
    return lines


def _valid(key: str, stored: str) -> bool:
    try:
        normalise(key, stored)
    except ValueError:
        return False
    return True


def _base_source(key: str, base: object) -> Source:
    return "default" if base == _DEFAULTS[key] else "from config"


def next_value(key: str, current: object) -> str:
    """The stored value Enter moves `key` to from the value in force (not for the SLA,
    which is typed)."""
    cycle = _CYCLES[key]
    now = _encode(key, current)
    index = cycle.index(now) if now in cycle else -1
    return cycle[(index + 1) % len(cycle)]
