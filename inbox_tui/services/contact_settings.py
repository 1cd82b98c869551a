"""Per-contact settings as the services use them: the store's contact (the config's values)
with the contact screen's settings laid over it by the core's merge.

This is the one lookup the consumers go through — the shield's urgent check, the due
times of response times, the receipt policy, the composer's receipt defaults, the
drafts' form of address and the tone check — so a setting made in the contact screen
counts everywhere the config's would (the auto-acknowledgement reads the same rows in
its own query, through the core's `merged`). Blocking store calls: from the UI, call
them in a thread worker.

The form of address lives only in the config, so the lookups that need it take the
config (`config`); without it a contact's base is "formal", as the store row says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from inbox_tui.core.config import Config
from inbox_tui.core.contact_duplicates import Candidate, duplicates, matches
from inbox_tui.core.contact_settings import (
    SettingLine,
    apply,
    config_formal,
    describe,
    next_value,
    with_config,
)
from inbox_tui.core.models import Contact
from inbox_tui.store import Store
from inbox_tui.store.contact_settings import ContactSettingsRepo


def _base(store: Store, contact_id: int, config: Config | None) -> Contact | None:
    contact = store.contacts.get(contact_id)
    if contact is None or config is None:
        return contact
    return with_config(contact, config.contacts)


def effective_contact(
    store: Store, contact_id: int | None, config: Config | None = None
) -> Contact | None:
    """The contact with its screen settings applied; None when there is none. Pass the
    config where the form of address matters."""
    if contact_id is None:
        return None
    contact = _base(store, contact_id, config)
    if contact is None:
        return None
    return apply(contact, ContactSettingsRepo(store).get(contact_id))


def formal_for(store: Store, config: Config, contact_id: int | None, name: str) -> bool:
    """How the drafts address this contact: the screen's choice, else the config's by
    `name` (a message without a contact: the name it was sent under)."""
    contact = effective_contact(store, contact_id, config)
    return contact.formal if contact is not None else config_formal(config.contacts, name)


def overrides_for(store: Store, contact_ids: Iterable[int | None]) -> dict[int, dict[str, str]]:
    """The screen's settings of several contacts at once (none: an empty mapping)."""
    return ContactSettingsRepo(store).for_contacts(i for i in contact_ids if i is not None)


@dataclass(frozen=True, slots=True)
class ContactView:
    """What the contact screen shows: the contact as stored, and each setting with its
    value in force and where that comes from."""

    contact: Contact  # as stored: the config's values
    effective: Contact  # with the screen's settings laid over
    settings: list[SettingLine]


def contact_view(store: Store, contact_id: int, config: Config | None = None) -> ContactView | None:
    contact = _base(store, contact_id, config)
    if contact is None:
        return None
    overrides = ContactSettingsRepo(store).get(contact_id)
    return ContactView(contact, apply(contact, overrides), describe(contact, overrides))


def step_setting(
    store: Store, contact_id: int, key: str, now_ts: int, config: Config | None = None
) -> str:
    """Move a choice setting (urgent, receipts…) to its next value from the one in force;
    returns the stored form. The caller serialises calls for one contact; pass the config
    for the form of address, whose value in force may come from it."""
    current = effective_contact(store, contact_id, config)
    if current is None:
        raise LookupError("this contact is gone")
    return set_setting(store, contact_id, key, next_value(key, getattr(current, key)), now_ts)


def set_setting(store: Store, contact_id: int, key: str, value: str, now_ts: int) -> str:
    """Set one value here (ValueError: it does not fit); returns its stored form."""
    return ContactSettingsRepo(store).set(contact_id, key, value, now_ts)


def reset_setting(store: Store, contact_id: int, key: str) -> bool:
    """Back to the config's value; False when it was not set here."""
    return ContactSettingsRepo(store).reset(contact_id, key)


def merge_candidates(store: Store, contact_id: int, query: str = "") -> list[Candidate]:
    """Likely duplicates of the contact; with `query`, every contact it finds instead."""
    everyone = store.contacts.all()
    contact = next((c for c in everyone if c.id == contact_id), None)
    if contact is None:
        return []
    if query.strip():
        found = [c for c in everyone if c.id != contact_id and matches(c, query)]
        return [Candidate(c, ("search",), 0) for c in found[:50]]
    return duplicates(contact, everyone)


def merge_pair(store: Store, contact_id: int, other_id: int) -> int:
    """Merge two contacts; returns the id kept. A known contact absorbs an unknown sender
    (their name and standing survive), else the contact on screen absorbs the other."""
    mine, other = store.contacts.get(contact_id), store.contacts.get(other_id)
    if mine is None or other is None:
        raise LookupError("one of the two contacts is gone")
    keep, drop = (
        (other_id, contact_id)
        if mine.provisional and not other.provisional
        else (contact_id, other_id)
    )
    ContactSettingsRepo(store).merge_contacts(keep, drop)
    return keep
