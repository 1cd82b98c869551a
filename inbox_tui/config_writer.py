"""Writing the config file: a parsed-TOML dict rendered back to TOML, with comments.

`render_config` is pure and generic over any document the loader accepts (setup's own
sections and whatever an existing config carried: contacts, receipts, holidays …), so
`tomllib.loads(render_config(doc)) == doc`. Each section gets a comment saying what it is
for. `write_config` puts the text in place atomically (temp file, fsync, rename) with mode
0600, never replaces a file unless told to, and then keeps a backup of the old one first.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import textwrap
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from inbox_tui.core.sanitize import one_line

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"

HEADER = """\
inbox-tui configuration{stamp}.
Edit it freely: `inbox-tui check-config` checks it, `inbox-tui setup` walks through it again.
No secret is kept here: passwords live in the OS keyring (`inbox-tui secret set ACCOUNT`)
or come from an account's password_command."""

SECTION_ORDER = ("profile", "work_hours", "auto_ack", "receipts", "webhooks", "suggest")
SECTION_COMMENTS = {
    "profile": "Who you are. language (it | en) is the language of drafts and "
    "acknowledgements; timezone (an IANA name) is the one your work hours are in; region is "
    "the country assumed for phone numbers written without their +prefix.",
    "work_hours": 'When you work, per weekday: "HH:MM-HH:MM" ranges, [] for a day off. '
    "Outside them replies wait for the morning and only urgent contacts break through "
    'do-not-disturb. Days off: holidays = ["2026-12-24..2027-01-06", "2027-04-25"].',
    "auto_ack": "The optional out-of-hours acknowledgement sent to clients who write while "
    "you are away.",
    "receipts": "Read receipts (MDN) and delivery reports (DSN): what to ask for, and how to "
    "answer a request (never | ask | always).",
    "webhooks": "Where SMS gateways deliver incoming texts and delivery reports; "
    "`inbox-tui webhooks` prints the URLs to set on each gateway.",
    "suggest": "Reply drafts, and the optional local model that may rephrase them.",
    "contacts": "Your clients: addresses, promised response time (sla), urgent = true breaks "
    "through do-not-disturb.",
}
KEY_COMMENTS = {
    ("profile", "language"): "it | en",
    ("profile", "timezone"): "IANA name",
    ("profile", "region"): "for phone numbers without +prefix",
    ("accounts", "smtp"): "security: starttls (587) or tls (465)",
    ("accounts", "imap"): "implicit TLS",
    ("accounts", "gateway"): "kannel | smsgate | twilio",
}
_ARRAY_ORDER = {"accounts": 0, "contacts": 1}
_GATEWAYS = {"kannel": "Kannel", "smsgate": "SMS Gateway for Android", "twilio": "Twilio"}


def render_config(doc: dict[str, Any], stamp: str = "") -> str:
    """The document as commented TOML; `stamp` (e.g. "written by setup on …") is shown."""
    lines = _comment(HEADER.format(stamp=f", {stamp}" if stamp else ""))
    tables = {k: v for k, v in doc.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in doc.items() if _is_table_array(v)}
    # Accounts before contacts, whatever order the document had them in.
    arrays = dict(sorted(arrays.items(), key=lambda kv: _ARRAY_ORDER.get(kv[0], 2)))
    for key, value in doc.items():
        if key not in tables and key not in arrays:
            lines.append(f"{render_key(key)} = {render_value(value)}")
    order = [s for s in SECTION_ORDER if s in tables] + [
        s for s in tables if s not in SECTION_ORDER
    ]
    for name in order:
        comment = SECTION_COMMENTS.get(name, "Kept as it was in your previous config.")
        lines += ["", *_comment(comment), f"[{render_key(name)}]"]
        lines += _body(tables[name], name)
    for name, items in arrays.items():
        for i, item in enumerate(items):
            if name == "accounts":
                comment = account_comment(item)
            else:
                comment = SECTION_COMMENTS.get(name, "Kept as it was in your previous config.")
                comment = comment if i == 0 else ""
            lines += ["", *_comment(comment), f"[[{render_key(name)}]]"]
            lines += _body(item, name)
    return "\n".join(lines) + "\n"


def account_comment(t: dict[str, Any]) -> str:
    name = _text(t.get("name"))
    secret = "Its password" if t.get("gateway") != "twilio" else "Its Auth Token"
    if t.get("password_command"):
        where = f"{secret} comes from password_command."
    else:
        where = f"{secret} is in the OS keyring (`inbox-tui secret set {name}` changes it)."
    if t.get("kind") == "email":
        imap, smtp = t.get("imap"), t.get("smtp")
        imap = imap if isinstance(imap, dict) else {}
        smtp = smtp if isinstance(smtp, dict) else {}
        return (
            f'Email account "{name}" ({_text(t.get("address"))}): read over IMAP '
            f"({_text(imap.get('host'))}), sent through SMTP ({_text(smtp.get('host'))}). {where}"
        )
    gateway = _GATEWAYS.get(_text(t.get("gateway")), _text(t.get("gateway")))
    number = f": clients text {_text(t.get('number'))}" if t.get("number") else ""
    return f'SMS account "{name}" through {gateway}{number}. {where}'


def _body(table: dict[str, Any], section: str) -> list[str]:
    out = []
    for key, value in table.items():
        line = f"{render_key(key)} = {render_value(value, multiline=True)}"
        note = KEY_COMMENTS.get((section, key))
        out.append(f"{line}   # {note}" if note else line)
    return out


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _comment(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines():
        # User text (names, hosts) reaches comments: one clean line, so it cannot end one.
        wrapped = textwrap.wrap(one_line(paragraph, 2000), 92, break_on_hyphens=False) or [""]
        lines += [f"# {w}".rstrip() for w in wrapped]
    return lines if text else []


def _text(value: Any) -> str:
    return one_line(str(value), 80) if value is not None else ""


def render_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _basic(key)


def render_value(value: Any, multiline: bool = False) -> str:
    """One TOML value; tables become inline tables (the loader reads both alike)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return _multiline(value) if multiline and "\n" in value else _basic(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{render_key(k)} = {render_value(v)}" for k, v in value.items())
        return "{ " + items + " }"
    raise TypeError(f"cannot write a {type(value).__name__} to TOML")


def _escape(text: str, keep: str = "") -> str:
    out = []
    for ch in text:
        if ch in keep:
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _basic(text: str) -> str:
    return '"' + _escape(text) + '"'


def _multiline(text: str) -> str:
    # The newline right after the opening quotes is dropped by TOML: the text starts below.
    return '"""\n' + _escape(text, keep="\n") + '"""'


# --- the file ---------------------------------------------------------------------------


def write_config(
    path: Path, text: str, *, replace: bool = False, now: datetime | None = None
) -> Path | None:
    """Write `text` to `path` atomically, mode 0600; returns the backup of a replaced file.

    Without `replace`, an existing file is never touched (FileExistsError). A symlinked
    config (dotfiles) is written through to its target, so the link survives.
    """
    target = path.resolve() if path.is_symlink() else path
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if target.exists() and not replace:
        raise FileExistsError(f"{target} exists; not replaced")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            os.chmod(tmp, 0o600)  # mkstemp makes it 0600 already; say so, whatever the umask
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        backup = backup_file(target, now) if target.exists() else None
        if replace:
            os.replace(tmp, target)
        else:
            # link() fails if the name appeared meanwhile: no window to overwrite a new file.
            os.link(tmp, target)
            tmp.unlink()
        _fsync_dir(target.parent)
        return backup
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def backup_file(path: Path, now: datetime | None = None) -> Path:
    """A copy of `path` next to it (config.toml.bak-YYYYmmdd-HHMMSS), mode 0600."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    data = path.read_bytes()
    for n in range(1000):
        candidate = path.with_name(f"{path.name}.bak-{stamp}" + (f"-{n}" if n else ""))
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        return candidate
    raise FileExistsError(f"no free backup name next to {path}")


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not every platform can open a directory; the rename is done anyway
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
