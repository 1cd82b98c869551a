"""What the first-run setup collects before it becomes a config file, and its defaults.

Pure: the setup screens fill a `SetupDraft`; `document()` turns it into the dict the TOML
loader would read, and validation runs that dict through the real loader (`build_config`),
so the setup accepts exactly what the app will load later. Secrets never enter a draft.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inbox_tui.core.config import Account, ConfigError, ConfigProblem, build_config
from inbox_tui.core.work_hours_config import WEEKDAYS, parse_range

DEFAULT_HOURS = ("09:00-13:00", "14:00-18:00")
IMAP_TLS_PORT = 993
SMTP_PORTS = {"starttls": 587, "tls": 465}

# Providers whose servers do not follow the imap.<domain> / smtp.<domain> pattern.
_PROVIDERS: dict[str, tuple[str, str, str]] = {
    "outlook.com": ("outlook.office365.com", "smtp-mail.outlook.com", "starttls"),
    "hotmail.com": ("outlook.office365.com", "smtp-mail.outlook.com", "starttls"),
    "live.com": ("outlook.office365.com", "smtp-mail.outlook.com", "starttls"),
    "icloud.com": ("imap.mail.me.com", "smtp.mail.me.com", "starttls"),
    "me.com": ("imap.mail.me.com", "smtp.mail.me.com", "starttls"),
    "yahoo.com": ("imap.mail.yahoo.com", "smtp.mail.yahoo.com", "tls"),
    "libero.it": ("imapmail.libero.it", "smtp.libero.it", "tls"),
    "aruba.it": ("imaps.aruba.it", "smtps.aruba.it", "tls"),
    "googlemail.com": ("imap.gmail.com", "smtp.gmail.com", "starttls"),
}


def default_work_hours() -> dict[str, list[str]]:
    return {day: list(DEFAULT_HOURS) if i < 5 else [] for i, day in enumerate(WEEKDAYS)}


def parse_hours_field(text: str) -> list[str]:
    """ "9:00-13:00, 14:00-18:00" → ["09:00-13:00", "14:00-18:00"]; "" or "-" is a day off.

    Raises ValueError naming the bad range, so the form can point at the field.
    """
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    parts = [p for p in parts if p and p != "-"]
    out = []
    for part in parts:
        start, end = parse_range(part)
        out.append(f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}")
    return out


def format_hours(ranges: list[str]) -> str:
    return ", ".join(ranges)


@dataclass(frozen=True, slots=True)
class ServerGuess:
    imap_host: str
    imap_port: int
    smtp_host: str
    smtp_port: int
    smtp_security: str


def domain_of(address: str) -> str:
    return address.strip().rpartition("@")[2].strip().lower().rstrip(".")


def guess_servers(address: str, smtp_security: str | None = None) -> ServerGuess:
    """Servers for an address: a known provider's, else imap.<domain> and smtp.<domain>."""
    domain = domain_of(address)
    imap, smtp, security = _PROVIDERS.get(domain, (f"imap.{domain}", f"smtp.{domain}", "starttls"))
    security = smtp_security or security
    return ServerGuess(imap, IMAP_TLS_PORT, smtp, SMTP_PORTS.get(security, 587), security)


def account_name_for(address: str, taken: set[str], fallback: str = "mail") -> str:
    """A short unique account name from the address's domain: "maria@studio.it" → "studio"."""
    label = domain_of(address).split(".")[0] if "@" in address else ""
    base = "".join(c for c in label if c.isalnum() or c in "-_") or fallback
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


@dataclass(slots=True)
class EmailDraft:
    name: str
    address: str
    display_name: str = ""
    username: str = ""
    imap_host: str = ""
    imap_port: int = IMAP_TLS_PORT
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    cafile: str = ""
    password_command: str = ""
    kind: str = "email"

    def to_table(self) -> dict[str, Any]:
        """The `[[accounts]]` table, with the keys of the config contract."""
        t: dict[str, Any] = {"name": self.name, "kind": "email", "address": self.address}
        if self.display_name:
            t["display_name"] = self.display_name
        t["username"] = self.username or self.address
        t["imap"] = {"host": self.imap_host, "port": self.imap_port}
        t["smtp"] = {"host": self.smtp_host, "port": self.smtp_port, "security": self.smtp_security}
        if self.cafile:
            t["cafile"] = self.cafile
        t["folders"] = ["INBOX"]
        if self.password_command:
            t["password_command"] = self.password_command
        return t


@dataclass(slots=True)
class SmsDraft:
    name: str
    gateway: str  # kannel | smsgate | twilio
    number: str = ""
    url: str = ""
    username: str = ""
    account_sid: str = ""
    password_command: str = ""
    kind: str = "sms"

    def to_table(self) -> dict[str, Any]:
        t: dict[str, Any] = {"name": self.name, "kind": "sms", "gateway": self.gateway}
        if self.number:
            t["number"] = self.number
        if self.gateway == "twilio":
            t["account_sid"] = self.account_sid
        else:
            t["url"] = self.url
            if self.username:
                t["username"] = self.username
        if self.password_command:
            t["password_command"] = self.password_command
        return t


AccountDraft = EmailDraft | SmsDraft


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    path: Path
    backup: Path | None  # the previous file, copied aside before it was replaced


class SetupSaveError(Exception):
    """Nothing was written; the message says why (keyring, invalid config, file)."""


@dataclass(slots=True)
class SetupDraft:
    name: str = ""
    language: str = "en"
    timezone: str = "UTC"
    region: str = "IT"
    work_hours: dict[str, list[str]] = field(default_factory=default_work_hours)
    accounts: list[AccountDraft] = field(default_factory=list)  # added in this setup
    kept_accounts: list[dict[str, Any]] = field(default_factory=list)  # from the old file
    edited: set[str] = field(default_factory=set)  # names of kept accounts changed here
    # Everything else of an existing config (contacts, receipts, holidays …), unchanged.
    base: dict[str, Any] = field(default_factory=dict)

    def account_names(self) -> set[str]:
        kept = {str(t.get("name", "")) for t in self.kept_accounts}
        return kept | {a.name for a in self.accounts}


def document(draft: SetupDraft) -> dict[str, Any]:
    """The config as the TOML loader would read it back."""
    doc = copy.deepcopy(draft.base)
    profile = _table(doc.get("profile"))
    profile.update(
        name=draft.name, language=draft.language, timezone=draft.timezone, region=draft.region
    )
    hours = _table(doc.get("work_hours"))
    for day in WEEKDAYS:
        hours[day] = list(draft.work_hours.get(day, []))
    doc["profile"], doc["work_hours"] = profile, hours
    accounts = copy.deepcopy(draft.kept_accounts) + [a.to_table() for a in draft.accounts]
    doc.pop("accounts", None)
    if accounts:
        doc["accounts"] = accounts
    return doc


def draft_from_document(doc: dict[str, Any], system_timezone: str) -> SetupDraft:
    """A draft that starts from an existing (parsed) config, or from defaults if `doc` is {}."""
    base = copy.deepcopy(doc)
    profile = _table(base.get("profile"))
    hours = _table(base.get("work_hours"))
    accounts = base.pop("accounts", [])
    kept = [a for a in accounts if isinstance(a, dict)] if isinstance(accounts, list) else []
    work = default_work_hours()
    if any(day in hours for day in WEEKDAYS):
        work = {d: _strings(hours.get(d, [])) for d in WEEKDAYS}
    language = profile.get("language")
    return SetupDraft(
        name=_str(profile.get("name"), ""),
        language=language if language in ("it", "en") else "en",
        timezone=_str(profile.get("timezone"), system_timezone),
        region=_str(profile.get("region"), "IT"),
        work_hours=work,
        kept_accounts=kept,
        base=base,
    )


def check_document(doc: dict[str, Any]) -> list[ConfigProblem]:
    """The loader's own verdict on a document: [] when the app will accept it."""
    try:
        build_config(doc)
    except ConfigError as exc:
        return list(exc.problems)
    return []


def account_problems(table: dict[str, Any], taken: set[str]) -> list[tuple[str, str]]:
    """(field, message) for one account table, judged by the loader; field "" = general."""
    out: list[tuple[str, str]] = []
    if table.get("name") in taken:
        out.append(("name", f"an account named {table.get('name')!r} exists already"))
    for p in check_document({"accounts": [table]}):
        key = p.path[2] if len(p.path) > 2 else ""
        fix = f" ({p.fix})" if p.fix else ""
        out.append((str(key), f"{p.key.removeprefix('accounts[0].')}: {p.message}{fix}"))
    return out


def account_from_table(table: dict[str, Any]) -> Account:
    """The typed account the app would build from this table (raises ConfigError)."""
    return build_config({"accounts": [table]}).accounts[0]


def section_problems(doc: dict[str, Any], *sections: str) -> list[ConfigProblem]:
    return [p for p in check_document(doc) if p.path[:1] and p.path[0] in sections]


def _table(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _str(value: Any, default: str) -> str:
    return value if isinstance(value, str) and value else default


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
