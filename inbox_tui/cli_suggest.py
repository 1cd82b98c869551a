"""`inbox-tui suggest`: the draft engine on one message read from standard input.

The message is RFC 5322 (headers, a blank line, the body: as saved from a mail client) or
plain text (an SMS, a paragraph). The config, when there is one, gives the profile (name,
signature, language), the timezone and the work hours; without one the defaults apply.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime
from typing import BinaryIO, TextIO

_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_KNOWN_HEADERS = re.compile(rb"^(?:from|subject|date|to|message-id|received|mime-version):", re.I)
MAX_INPUT = 10 * 1024 * 1024  # a bigger message is cut, not refused


def add_suggest_parser(sub: argparse._SubParsersAction) -> None:
    suggest = sub.add_parser(
        "suggest",
        help="analyse one message from stdin and print reply drafts",
        description="Read one message (RFC 5322 or plain text) from standard input and print "
        "its language, intent and reply drafts.",
    )
    suggest.add_argument("--json", action="store_true", help="print the analysis as JSON")
    suggest.add_argument("--lang", choices=("it", "en"), help="the drafts' language (no detection)")
    suggest.add_argument(
        "--at",
        metavar="ISO-TIME",
        help="when the message arrived, e.g. 2026-11-24T23:30 (local) or with an offset; "
        "default: its Date header, else now",
    )


def looks_like_email(raw: bytes) -> bool:
    """Headers first, then a blank line: at least one line a mail client always writes."""
    head, sep, _ = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    lines = head.split(b"\n")
    if not sep or not lines or not _HEADER_LINE.match(lines[0]):
        return False
    return any(_KNOWN_HEADERS.match(line) for line in lines)


def suggest_command(
    args: argparse.Namespace, stdin: BinaryIO, out: TextIO, err: TextIO, now: datetime | None = None
) -> int:
    from zoneinfo import ZoneInfo

    from inbox_tui.config_file import format_problems, load_config, resolve_path
    from inbox_tui.core.config import Config, ConfigError
    from inbox_tui.core.work_hours import WorkCalendar

    try:
        config = load_config(args.config) if resolve_path(args.config).exists() else Config()
    except ConfigError as exc:
        print(format_problems(exc.problems), file=err)
        return 1
    tz = ZoneInfo(config.profile.timezone)
    raw = stdin.read(MAX_INPUT)
    if not raw.strip():
        print("inbox-tui suggest: nothing on standard input (pipe a message in)", file=err)
        return 2
    message = _message(raw, tz)
    try:
        at = _at(args.at, tz) if args.at else message.pop("date", None) or now or datetime.now(tz)
    except ValueError as exc:
        print(f"inbox-tui suggest: --at: {exc}", file=err)
        return 2
    message.pop("date", None)
    from inbox_tui.core.suggest.engine import analyse
    from inbox_tui.core.suggest.models import SuggestContext
    from inbox_tui.services.suggestions import default_language, work_moment
    from inbox_tui.suggest_data import TemplateError, load_intent_model, load_templates

    try:
        templates = load_templates()
    except TemplateError as exc:
        print(f"inbox-tui suggest: {exc}", file=err)
        return 1
    calendar = WorkCalendar(config.work_hours, tz)
    at = at.astimezone(tz)
    after_hours, next_slot = work_moment(calendar, at, at)
    ctx = SuggestContext(
        language=args.lang,
        received=at,
        user_name=config.profile.name,
        signature=config.profile.signature,
        after_hours=after_hours,
        next_slot=next_slot,
        **message,
    )
    result = analyse(
        ctx, templates, at, default_language=default_language(config), model=load_intent_model()
    )
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False), file=out)
        return 0
    print(f"language: {result.language}", file=out)
    print(f"intent:   {result.intent}", file=out)
    print(f"trigger:  {'yes' if result.trigger else 'no (no reply draft needed)'}", file=out)
    for draft in result.drafts:
        print(f"\n── {draft.kind} ──\n{draft.text}", file=out)
    return 0


def _message(raw: bytes, tz) -> dict:
    """SuggestContext fields (and "date") from the input, sanitised: it is untrusted."""
    from inbox_tui.core.mime_decode import decode_bytes
    from inbox_tui.core.sanitize import clean, one_line

    if not looks_like_email(raw):
        text = clean(decode_bytes(raw))
        # A plain text this short is a text message; longer ones read like email.
        return {"text": text, "channel": "sms" if len(text) <= 320 else "email"}
    from inbox_tui.core.automated import is_automated
    from inbox_tui.core.mime import parse_message

    parsed = parse_message(raw)
    h = parsed.headers
    fields: dict = {
        "text": clean(parsed.text),
        "subject": one_line(h.subject, 300),
        "channel": "email",
        "contact_name": one_line(h.from_name or h.from_addr, 120),
        "automated": is_automated(h.auto_submitted, h.precedence, h.list_id, h.from_addr),
    }
    if h.date is not None:
        fields["date"] = datetime.fromtimestamp(h.date, tz)
    return fields


def _at(text: str, tz) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO time like 2026-11-24T23:30") from None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
