"""The `[[accounts]]` entries: email (IMAP/SMTP) and SMS gateways, typed and validated.

No secret is ever read here: an account names a `password_command` or relies on the
keyring; a literal password/token key is refused with the way to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inbox_tui.core.addresses import AddressError, email_address, phone_address
from inbox_tui.core.config_checks import Checker, KeyPath
from inbox_tui.core.config_receipts import AccountReceipts, parse_account_receipts

GATEWAYS = ("kannel", "smsgate", "twilio")
SMTP_SECURITY = ("starttls", "tls")


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    port: int
    security: str = "tls"


@dataclass(frozen=True, slots=True)
class EmailAccount:
    name: str
    address: str
    display_name: str
    username: str
    imap: Endpoint
    smtp: Endpoint
    folders: tuple[str, ...] = ("INBOX",)
    cafile: str | None = None
    tls_insecure: bool = False
    password_command: str | None = None
    kind: str = "email"
    receipts: AccountReceipts = AccountReceipts()


@dataclass(frozen=True, slots=True)
class SmsAccount:
    name: str
    gateway: str
    number: str = ""
    url: str = ""
    username: str = ""
    account_sid: str = ""
    password_command: str | None = None
    kind: str = "sms"


Account = EmailAccount | SmsAccount


def parse_accounts(ck: Checker, items: Any) -> tuple[Account, ...]:
    accounts: list[Account] = []
    seen: set[str] = set()
    for i, t in enumerate(ck.table_list(items, ("accounts",))):
        p: KeyPath = ("accounts", i)
        name = ck.string(t, p, "name", "", required=True)
        if name in seen:
            ck.fail((*p, "name"), f"duplicate account name {name!r}", "give each a unique name")
        seen.add(name)
        kind = ck.choice(t, p, "kind", ("email", "sms"), "", required=True)
        if kind == "email":
            accounts.append(_email_account(ck, t, p, name))
        elif kind == "sms":
            accounts.append(_sms_account(ck, t, p, name))
    return tuple(accounts)


def _secret_fix(name: str) -> str:
    return f"remove it and run `inbox-tui secret set {name}`, or use password_command"


def _email_account(ck: Checker, t: dict[str, Any], p: KeyPath, name: str) -> EmailAccount:
    keys = {"name", "kind", "address", "display_name", "username", "imap", "smtp", "folders"}
    keys |= {"cafile", "tls", "password_command", "receipts"}
    ck.only_keys(t, p, keys, secret_fix=_secret_fix(name))
    address = ck.string(t, p, "address", "", required=True)
    if address:
        try:
            address = email_address(address).value
        except AddressError as exc:
            ck.fail((*p, "address"), str(exc), 'e.g. "maria@studio.example"')
    tls = ck.opt_string(t, p, "tls")
    if tls not in (None, "verify", "insecure"):
        ck.fail((*p, "tls"), f"unknown tls mode {tls!r}", 'omit it, or "insecure" (not advised)')
    if tls == "insecure":
        ck.warnings.append(
            f'account {name!r}: tls = "insecure": certificates are NOT verified; '
            "anyone on the network path can read your mail and password"
        )
    folders = ck.string_list(t, p, "folders", ["INBOX"])
    return EmailAccount(
        name=name,
        address=address,
        display_name=ck.string(t, p, "display_name", ""),
        username=ck.string(t, p, "username", address),
        imap=_endpoint(ck, t, (*p, "imap"), 993, None),
        smtp=_endpoint(ck, t, (*p, "smtp"), 587, SMTP_SECURITY),
        folders=tuple(folders) or ("INBOX",),
        cafile=ck.opt_string(t, p, "cafile"),
        tls_insecure=tls == "insecure",
        password_command=ck.opt_string(t, p, "password_command"),
        receipts=parse_account_receipts(ck, t, p),
    )


def _endpoint(
    ck: Checker, parent: dict[str, Any], p: KeyPath, port: int, security: tuple[str, ...] | None
) -> Endpoint:
    t = ck.table(parent, p, required=True)
    ck.only_keys(t, p, {"host", "port", "security"} if security else {"host", "port"})
    host = ck.string(t, p, "host", "", required=bool(t))
    number = ck.integer(t, p, "port", port, 1, 65535)
    default_sec = "tls" if number == 465 else "starttls"
    sec = ck.choice(t, p, "security", security, default_sec) if security else "tls"
    return Endpoint(host, number, sec)


def _sms_account(ck: Checker, t: dict[str, Any], p: KeyPath, name: str) -> SmsAccount:
    gateway = ck.choice(t, p, "gateway", GATEWAYS, "", required=True)
    keys = {"name", "kind", "gateway", "number", "password_command", "url", "username"}
    if gateway == "twilio":
        keys = (keys - {"url", "username"}) | {"account_sid"}
    if "receipts" in t:
        # Named on its own: "unknown key" would read as a typo, when it is a misplacement.
        ck.fail(
            (*p, "receipts"),
            "receipts are for email accounts only (read receipts and DSN are email features)",
            "remove it; set receipts on an email account or in [receipts]",
        )
    ck.only_keys(t, p, keys | {"receipts"}, secret_fix=_secret_fix(name))
    number = ck.string(t, p, "number", "", required=gateway != "smsgate")
    if number:
        try:
            number = phone_address(number).value
        except AddressError as exc:
            ck.fail((*p, "number"), str(exc), 'the full number with its prefix: "+390212345678"')
    url = ck.string(t, p, "url", "", required=gateway in ("kannel", "smsgate"))
    if url and not url.startswith(("http://", "https://")):
        ck.fail((*p, "url"), f"not an http(s) URL: {url!r}", 'e.g. "http://127.0.0.1:13013/…"')
    sid = ck.string(t, p, "account_sid", "", required=gateway == "twilio")
    return SmsAccount(
        name=name,
        gateway=gateway,
        number=number,
        url=url,
        username=ck.string(t, p, "username", ""),
        account_sid=sid,
        password_command=ck.opt_string(t, p, "password_command"),
    )
