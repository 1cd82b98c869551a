"""The typed configuration, built from an already-parsed TOML document.

Pure: it takes the dict `tomllib` produced and returns a `Config` or raises `ConfigError`
with every problem at once, each naming its key path so the file layer can add the line.
Secrets never live here: accounts carry a `password_command` or rely on the keyring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

from inbox_tui.core.addresses import AddressError, email_address, phone_address
from inbox_tui.core.config_accounts import (
    GATEWAYS,
    SMTP_SECURITY,
    Account,
    EmailAccount,
    Endpoint,
    SmsAccount,
    parse_accounts,
)
from inbox_tui.core.config_checks import Checker, KeyPath, dotted
from inbox_tui.core.config_receipts import RECEIPT_ANSWERS, RECEIPT_KEYS, AccountReceipts
from inbox_tui.core.config_suggest import SuggestSettings, parse_suggest
from inbox_tui.core.models import Contact
from inbox_tui.core.sla import validate_sla
from inbox_tui.core.work_hours_config import WorkHoursConfig, parse_work_hours


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    key: str  # dotted path, e.g. "accounts[0].imap.port"
    message: str
    fix: str = ""
    path: KeyPath = ()
    line: int | None = None
    file: str | None = None


__all__ = [
    "GATEWAYS",
    "RECEIPT_ANSWERS",
    "SMTP_SECURITY",
    "Account",
    "AccountReceipts",
    "Config",
    "ConfigError",
    "ConfigProblem",
    "EmailAccount",
    "Endpoint",
    "SmsAccount",
    "SuggestSettings",
]


class ConfigError(Exception):
    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("; ".join(f"{p.key}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Profile:
    name: str = ""
    signature: str = ""
    language: str = "en"
    timezone: str = "UTC"
    region: str = "IT"
    theme: str = "inbox-dark"


@dataclass(frozen=True, slots=True)
class ContactConfig:
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    sla: str | None = None
    urgent: bool = False
    receipts: str | None = None
    auto_ack: bool = True
    request_read: bool | None = None  # None: the account's or the global [receipts] value
    request_delivery: bool | None = None
    formal: bool = True  # Italian "Lei"/"Gentile …"; False: "tu"/"Ciao …"


@dataclass(frozen=True, slots=True)
class AutoAck:
    enabled: bool = False
    channels: tuple[str, ...] = ("sms", "email")
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Receipts:
    request_read: bool = False
    request_delivery: bool = True
    answer: str = "ask"
    answer_not_in_to_cc: str = "never"
    answer_outside_domain: str = "ask"


@dataclass(frozen=True, slots=True)
class Webhooks:
    listen_host: str = "127.0.0.1"
    listen_port: int = 8787
    public_url: str = "http://127.0.0.1:8787"


@dataclass(frozen=True, slots=True)
class Config:
    profile: Profile = field(default_factory=Profile)
    work_hours: WorkHoursConfig = field(default_factory=WorkHoursConfig)
    auto_ack: AutoAck = field(default_factory=AutoAck)
    receipts: Receipts = field(default_factory=Receipts)
    webhooks: Webhooks = field(default_factory=Webhooks)
    suggest: SuggestSettings = field(default_factory=SuggestSettings)
    accounts: tuple[Account, ...] = ()
    contacts: tuple[ContactConfig, ...] = ()
    warnings: tuple[str, ...] = ()

    def account(self, name: str) -> Account | None:
        return next((a for a in self.accounts if a.name == name), None)

    def contacts_as_models(self, region: str | None = None) -> list[Contact]:
        region = region or self.profile.region
        models = []
        for c in self.contacts:
            addresses = [email_address(e) for e in c.emails]
            addresses += [phone_address(p, region) for p in c.phones]
            models.append(
                Contact(
                    None,
                    c.name,
                    addresses,
                    c.sla,
                    c.urgent,
                    c.receipts,
                    c.auto_ack,
                    request_read=c.request_read,
                    request_delivery=c.request_delivery,
                    formal=c.formal,
                )
            )
        return models


_TOP = {"profile", "work_hours", "auto_ack", "receipts", "webhooks", "accounts", "contacts"}
_TOP |= {"suggest"}


def build_config(doc: dict[str, Any]) -> Config:
    """Validate a parsed TOML document; raises ConfigError listing every problem."""
    ck = Checker()
    ck.only_keys(doc, (), _TOP)
    profile = _profile(ck, ck.table(doc, ("profile",)))
    config = Config(
        profile=profile,
        work_hours=parse_work_hours(ck, ck.table(doc, ("work_hours",))),
        auto_ack=_auto_ack(ck, ck.table(doc, ("auto_ack",))),
        receipts=_receipts(ck, ck.table(doc, ("receipts",))),
        webhooks=_webhooks(ck, ck.table(doc, ("webhooks",))),
        suggest=parse_suggest(ck, ck.table(doc, ("suggest",))),
        accounts=parse_accounts(ck, doc.get("accounts", [])),
        contacts=_contacts(ck, doc.get("contacts", []), profile.region),
        warnings=tuple(ck.warnings),
    )
    if ck.problems:
        raise ConfigError([ConfigProblem(dotted(p), msg, fix, p) for p, msg, fix in ck.problems])
    return config


def _profile(ck: Checker, t: dict[str, Any]) -> Profile:
    p = ("profile",)
    keys = {"name", "signature", "language", "timezone", "region", "theme"}
    ck.only_keys(t, p, keys)
    timezone = ck.string(t, p, "timezone", "UTC")
    try:
        ZoneInfo(timezone)
    # ValueError: "../x", "tzdata.zi"; RecursionError: a key of hundreds of "a/" parts.
    except (ZoneInfoNotFoundError, ValueError, OSError, RecursionError):
        ck.fail((*p, "timezone"), f"unknown timezone {timezone!r}", 'an IANA name: "Europe/Rome"')
    region = ck.string(t, p, "region", "IT").upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        ck.fail((*p, "region"), f"unknown region {region!r}", 'a two-letter country code: "IT"')
    return Profile(
        name=ck.string(t, p, "name", ""),
        signature=ck.string(t, p, "signature", ""),
        language=ck.choice(t, p, "language", ("it", "en"), "en"),
        timezone=timezone,
        region=region,
        theme=ck.string(t, p, "theme", "inbox-dark"),
    )


def _auto_ack(ck: Checker, t: dict[str, Any]) -> AutoAck:
    p = ("auto_ack",)
    ck.only_keys(t, p, {"enabled", "channels", "text"})
    channels = ck.string_list(t, p, "channels", ["sms", "email"])
    for ch in channels:
        if ch not in ("sms", "email"):
            ck.fail((*p, "channels"), f"unknown channel {ch!r}", 'use "sms" and/or "email"')
    return AutoAck(ck.boolean(t, p, "enabled", False), tuple(channels), ck.opt_string(t, p, "text"))


def _receipts(ck: Checker, t: dict[str, Any]) -> Receipts:
    p = ("receipts",)
    ck.only_keys(t, p, set(RECEIPT_KEYS))
    return Receipts(
        request_read=ck.boolean(t, p, "request_read", False),
        request_delivery=ck.boolean(t, p, "request_delivery", True),
        answer=ck.choice(t, p, "answer", RECEIPT_ANSWERS, "ask"),
        answer_not_in_to_cc=ck.choice(t, p, "answer_not_in_to_cc", RECEIPT_ANSWERS, "never"),
        answer_outside_domain=ck.choice(t, p, "answer_outside_domain", RECEIPT_ANSWERS, "ask"),
    )


def _webhooks(ck: Checker, t: dict[str, Any]) -> Webhooks:
    p = ("webhooks",)
    ck.only_keys(t, p, {"listen", "public_url"})
    listen = ck.string(t, p, "listen", "127.0.0.1:8787")
    host, _, port = listen.rpartition(":")
    # ASCII digits: "²" passes isdigit() and then fails int(); ":" + 5,000 digits fails too.
    digits = port.isascii() and port.isdigit() and len(port) <= 5
    if not host or not digits or not 0 < int(port) < 65536:
        ck.fail((*p, "listen"), f"not HOST:PORT: {listen!r}", 'e.g. "127.0.0.1:8787"')
        host, port = "127.0.0.1", "8787"
    url = ck.string(t, p, "public_url", f"http://{listen}")
    if not url.startswith(("http://", "https://")):
        ck.fail((*p, "public_url"), f"not an http(s) URL: {url!r}", "start it with https://")
    return Webhooks(host.strip("[]"), int(port), url.rstrip("/"))


def _contacts(ck: Checker, items: Any, region: str) -> tuple[ContactConfig, ...]:
    contacts = []
    keys = {"name", "emails", "phones", "sla", "urgent", "receipts", "auto_ack"}
    keys |= {"request_read", "request_delivery", "formal"}
    for i, t in enumerate(ck.table_list(items, ("contacts",))):
        p: KeyPath = ("contacts", i)
        ck.only_keys(t, p, keys)
        emails = ck.string_list(t, p, "emails", [])
        phones = ck.string_list(t, p, "phones", [])
        for j, e in enumerate(emails):
            try:
                email_address(e)
            except AddressError as exc:
                ck.fail((*p, "emails", j), str(exc), 'e.g. "luca@example.org"')
        for j, ph in enumerate(phones):
            try:
                phone_address(ph, region if region in phonenumbers.SUPPORTED_REGIONS else "IT")
            except AddressError as exc:
                ck.fail((*p, "phones", j), str(exc), 'with its country code: "+39 333 1234567"')
        contacts.append(
            ContactConfig(
                name=ck.string(t, p, "name", "", required=True),
                emails=tuple(emails),
                phones=tuple(phones),
                sla=_sla(ck, t, p),
                urgent=ck.boolean(t, p, "urgent", False),
                receipts=ck.choice(t, p, "receipts", RECEIPT_ANSWERS, None),
                auto_ack=ck.boolean(t, p, "auto_ack", True),
                request_read=ck.opt_boolean(t, p, "request_read"),
                request_delivery=ck.opt_boolean(t, p, "request_delivery"),
                formal=ck.boolean(t, p, "formal", True),
            )
        )
    return tuple(contacts)


def _sla(ck: Checker, t: dict[str, Any], p: KeyPath) -> str | None:
    # The SLA module's own grammar, so "1h30m" passes here exactly when it can be used.
    value = ck.opt_string(t, p, "sla")
    if value is None:
        return None
    try:
        return validate_sla(value)
    except ValueError as exc:
        ck.fail((*p, "sla"), str(exc), 'e.g. sla = "4h", "1h30m" or "1d" (one working day)')
        return None
