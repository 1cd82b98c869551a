"""Normalising addresses so one person is one contact whatever the spelling."""

from __future__ import annotations

import phonenumbers

from inbox_tui.core.models import Address, AddressKind


class AddressError(ValueError):
    pass


def normalise_email(value: str) -> str:
    value = value.strip().strip("<>").strip()
    if "@" not in value or value.startswith("@") or value.endswith("@") or " " in value:
        raise AddressError(f"not an email address: {value!r}")
    return value.lower()


def normalise_phone(value: str, region: str = "IT") -> str:
    """E.164 form; "+39 333 1234567", "0039 333…" and "333 1234567" (region IT) agree."""
    raw = value.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region.upper())
    except phonenumbers.NumberParseException as exc:
        raise AddressError(f"not a phone number: {value!r} ({exc})") from exc
    if not phonenumbers.is_possible_number(number):
        raise AddressError(f"not a possible phone number: {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_address(value: str) -> Address:
    return Address(AddressKind.EMAIL, normalise_email(value))


def phone_address(value: str, region: str = "IT") -> Address:
    return Address(AddressKind.PHONE, normalise_phone(value, region))
