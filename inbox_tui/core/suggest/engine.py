"""The draft engine: from a client's message in its context to the analysis the reading
pane, the composer and `inbox-tui suggest` show. Pure and offline: the templates are
given, the clock is given.

Which kinds of draft an intent gets follows what a careful professional would write:
a request gets the mediated answer first, a complaint an apology, a private question a
boundary; a message that arrived at night also gets the "I'll answer on Monday" boundary.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from inbox_tui.core.sanitize import clean
from inbox_tui.core.suggest.intent import classify
from inbox_tui.core.suggest.intent_model import IntentModel
from inbox_tui.core.suggest.language import detect_language
from inbox_tui.core.suggest.models import (
    NO_DRAFT_INTENTS,
    Draft,
    DraftKind,
    Intent,
    Language,
    SuggestContext,
    Suggestion,
)
from inbox_tui.core.suggest.request_object import extract_request
from inbox_tui.core.suggest.slots import build_slots
from inbox_tui.core.suggest.templates import TemplateSet, render
from inbox_tui.core.suggest.text_prep import written_part

MAX_DRAFTS = 3

# Most useful first: the composer opens with the first one.
_KINDS: dict[str, tuple[DraftKind, ...]] = {
    "decision": ("mediated", "acknowledge"),
    "scheduling": ("mediated", "acknowledge"),
    "urgent": ("acknowledge", "mediated"),
    "complaint": ("apology", "acknowledge"),
    "personal": ("boundary", "acknowledge"),
    "info": ("acknowledge", "mediated"),
}
# An emergency broke through on purpose: telling that client "on Monday" would be wrong.
_NO_AFTER_HOURS_BOUNDARY = frozenset({"urgent"})


def kinds_for(intent: Intent, after_hours: bool) -> tuple[DraftKind, ...]:
    """The kinds of draft offered, in order; none for thanks and machines' mail."""
    if intent in NO_DRAFT_INTENTS:
        return ()
    kinds = list(_KINDS[intent])
    if after_hours and intent not in _NO_AFTER_HOURS_BOUNDARY and "boundary" not in kinds:
        kinds.insert(1, "boundary")
    return tuple(kinds[:MAX_DRAFTS])


def analyse(
    ctx: SuggestContext,
    templates: Mapping[str, TemplateSet],
    now: datetime,
    default_language: Language = "en",
    model: IntentModel | None = None,
) -> Suggestion:
    """Language, trigger, intent and up to three drafts of different kinds. `model`: the
    learned intent model (suggest_data.load_intent_model); None: the cues decide alone."""
    language: Language = ctx.language or detect_language(
        ctx.text, ctx.subject, fallback=default_language
    )
    result = classify(
        ctx.text, ctx.subject, automated=ctx.automated, channel=ctx.channel, model=model
    )
    intent = result.intent
    if intent in NO_DRAFT_INTENTS:
        return Suggestion(language, False, intent, ())
    template_set = templates.get(language)
    if template_set is None:
        return Suggestion(language, True, intent, ())
    # The request is quoted into the drafts: no control sequence may ride along, even
    # when the caller (the CLI on stdin) did not clean the text first.
    request = extract_request(written_part(clean(ctx.text)), language)
    slots = build_slots(ctx, language, now, request)
    drafts: list[Draft] = []
    for kind in kinds_for(intent, ctx.after_hours):
        candidates = template_set.candidates(
            intent,
            kind,
            after_hours=ctx.after_hours,
            channel=ctx.channel,
            formal=ctx.formal,
            message=ctx.text,
        )
        for template in candidates:
            draft = render(template, slots, language)
            if all(draft.text != other.text for other in drafts):
                drafts.append(draft)
                break
    return Suggestion(language, True, intent, tuple(drafts))
