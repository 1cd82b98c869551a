"""How the contact screen shows a contact, a setting and a merge candidate: rich Text
only, every part from outside cleaned, nothing parsed as markup."""

from __future__ import annotations

import phonenumbers
from rich.text import Text

from inbox_tui.core.contact_duplicates import Candidate
from inbox_tui.core.contact_settings import SettingLine
from inbox_tui.core.models import AddressKind, Contact
from inbox_tui.core.sanitize import one_line

_SOURCE_STYLE = {"set here": "bold", "from config": "", "default": "dim"}


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def card_text(contact: Contact) -> Text:
    """Name, emails and phones; every part cleaned, nothing parsed as markup."""
    text = Text(one_line(contact.name, 80) or "(no name)", style="bold")
    if contact.provisional:
        text.append("  unknown sender: not in your contacts yet", style="dim")
    emails = [a.value for a in contact.addresses if a.kind is AddressKind.EMAIL]
    phones = [_phone(a.value) for a in contact.addresses if a.kind is AddressKind.PHONE]
    for label, values in (("Email", emails), ("Phone", phones)):
        for value in values:
            text.append(f"\n{label:<7}")
            text.append(one_line(value, 80))
    if not emails and not phones:
        text.append("\nno address", style="dim")
    return text


def setting_text(line: SettingLine) -> Text:
    text = Text(f"{line.label:<38}")
    text.append(f"{line.value:<18}", style="bold" if line.source == "set here" else "")
    text.append(line.source, style=_SOURCE_STYLE[line.source])
    if line.source == "set here":
        text.append(f"  (x → {line.base})", style="dim")
    return text


def candidate_text(candidate: Candidate) -> Text:
    contact = candidate.contact
    text = Text(one_line(contact.name, 40) or "(no name)", style="bold")
    addresses = ", ".join(a.value for a in contact.addresses[:3] if a.value != contact.name)
    if addresses:
        text.append("  " + one_line(addresses, 60), style="dim")
    if candidate.reasons != ("search",):
        text.append("  " + "; ".join(candidate.reasons))
    return text
