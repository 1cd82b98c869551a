"""Drafts for a stored message: the engine's context built from the store, the config and
the work calendar, for the reading pane and the composer.

Runs in a worker (store reads, template files); the engine itself is pure and fast.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime

from inbox_tui.core.config import Config
from inbox_tui.core.contact_settings import config_formal
from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.core.suggest.engine import analyse
from inbox_tui.core.suggest.models import Language, SuggestContext, Suggestion
from inbox_tui.core.work_hours import NoWorkHours, WorkCalendar
from inbox_tui.services.contact_settings import effective_contact
from inbox_tui.services.shield import Shield
from inbox_tui.store import Store
from inbox_tui.suggest_data import load_intent_model

log = logging.getLogger(__name__)

HISTORY = 4  # earlier messages of the conversation given to the engine


def context_for(
    message: Message,
    contact: Contact | None,
    history: list[Message],
    config: Config,
    calendar: WorkCalendar,
    now: datetime,
    due_ts: int | None = None,
    formal: bool | None = None,
) -> SuggestContext:
    """`formal`: the form of address in force (the contact screen's, `formal_for`); None
    reads the config's by name."""
    tz = now.tzinfo
    received = datetime.fromtimestamp(message.timestamp, tz)
    after_hours, next_slot = work_moment(calendar, received, now)
    return SuggestContext(
        text=message.body or "",
        subject=message.subject or "",
        channel="sms" if message.channel is Channel.SMS else "email",
        received=received,
        history=tuple(m.body or "" for m in history),
        contact_name=contact.name if contact is not None else message.sender,
        formal=_formal(config, contact) if formal is None else formal,
        user_name=config.profile.name,
        signature=config.profile.signature,
        after_hours=after_hours,
        next_slot=next_slot,
        due=datetime.fromtimestamp(due_ts, tz) if due_ts else None,
        automated=message.automated,
    )


def work_moment(
    calendar: WorkCalendar, received: datetime, now: datetime
) -> tuple[bool, datetime | None]:
    """Whether the message arrived after hours, and when the next work slot starts
    (None while working now, or when the calendar has no working time ahead)."""
    try:
        next_slot = None if calendar.is_working(now) else calendar.next_start(now)
    except NoWorkHours:
        next_slot = None
    return not calendar.is_working(received), next_slot


def default_language(config: Config) -> Language:
    """What detection falls back to when the words do not tell: `[suggest] language`
    when it names one, else the profile's language."""
    return "it" if config.suggest.fallback_language(config.profile.language) == "it" else "en"


def _formal(config: Config, contact: Contact | None) -> bool:
    """The contact's form of address from the config (`formal = false`: "tu", "Ciao")."""
    return True if contact is None else config_formal(config.contacts, contact.name)


def suggest_for(
    store: Store, config: Config, shield: Shield, message_id: int, templates: dict
) -> Suggestion | None:
    """The analysis of one stored incoming message; None for our own messages."""
    message = store.messages.get(message_id)
    if message is None or message.direction is not Direction.INBOUND:
        return None
    # The screen's settings over the config's: the form of address set there counts.
    contact = effective_contact(store, message.contact_id, config)
    history: list[Message] = []
    if message.contact_id is not None:
        around = store.messages.conversation(message.contact_id, message.id, window=HISTORY + 1)
        history = [m for m in around if m.id != message.id and m.timestamp <= message.timestamp]
    due_ts = store.query_one("SELECT due_ts FROM messages WHERE id = ?", (message.id,))[0]
    now = shield.now()
    formal = contact.formal if contact is not None else None
    ctx = context_for(
        message, contact, history[-HISTORY:], config, shield.calendar, now, due_ts, formal
    )
    result = analyse(
        ctx, templates, now, default_language=default_language(config), model=load_intent_model()
    )
    settings = config.suggest
    if settings.llm_url and result.drafts:
        result = _rephrased(result, ctx, settings)
    return result


def _rephrased(result: Suggestion, ctx: SuggestContext, settings) -> Suggestion:
    """The local model's wording where it passes the checks; the templates otherwise.
    Runs in the caller's worker thread, bounded by the endpoint's timeout."""
    from inbox_tui.services.suggest_llm import rephrase, stored_api_key

    drafts, problem = asyncio.run(
        rephrase(result.drafts, ctx, result.language, settings, stored_api_key())
    )
    if problem:
        log.info("drafts not rephrased: %s", problem)
    return replace(result, drafts=tuple(drafts))
