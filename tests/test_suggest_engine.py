"""The draft engine end to end on the shipped templates: which kinds each intent gets, in
and out of work hours, and what every draft must satisfy in both languages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.core.suggest.engine import analyse, kinds_for
from inbox_tui.core.suggest.models import INTENTS, NO_DRAFT_INTENTS, SuggestContext
from inbox_tui.core.suggest.templates import body_of
from inbox_tui.suggest_data import load_templates

ROME = ZoneInfo("Europe/Rome")
NIGHT = datetime(2026, 11, 24, 23, 30, tzinfo=ROME)
MORNING = datetime(2026, 11, 25, 8, 30, tzinfo=ROME)
DAY = datetime(2026, 11, 24, 10, 0, tzinfo=ROME)

MESSAGES = {
    "it": {
        "decision": "Gentile Avvocato, potrebbe anche occuparsi del contratto del garage?",
        "complaint": "La fattura è più alta del preventivo concordato, sono molto deluso.",
        "urgent": "C'è l'ufficiale giudiziario alla porta, mi aiuti subito",
        "personal": "Dottoressa, è sposata? Le andrebbe un aperitivo sabato?",
        "scheduling": "Possiamo spostare l'appuntamento di giovedì a venerdì?",
        "info": "Quanto costa una consulenza per la successione?",
    },
    "en": {
        "decision": "Dear Ms Rossi, could you also review the lease for the garage?",
        "complaint": "The invoice is higher than the quote we agreed. I'm disappointed.",
        "urgent": "The bailiff is at the door, please help right away",
        "personal": "Are you single? Fancy a drink on Saturday?",
        "scheduling": "Can we move Thursday's appointment to Friday?",
        "info": "How much do you charge for a will?",
    },
}


def test_kinds_follow_the_intent_and_the_hour() -> None:
    assert kinds_for("decision", False) == ("mediated", "acknowledge")
    assert kinds_for("decision", True) == ("mediated", "boundary", "acknowledge")
    assert kinds_for("complaint", False)[0] == "apology"
    assert kinds_for("personal", False)[0] == "boundary"
    assert "boundary" not in kinds_for("urgent", True)  # it broke through on purpose
    for intent in NO_DRAFT_INTENTS:
        assert kinds_for(intent, True) == ()
    for intent in INTENTS:
        kinds = kinds_for(intent, True)
        assert len(kinds) == len(set(kinds)) <= 3


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("channel", ["email", "sms"])
@pytest.mark.parametrize("received", [DAY, NIGHT], ids=["day", "night"])
@pytest.mark.parametrize("formal", [True, False])
def test_every_intent_gets_natural_distinct_drafts(
    language: str, channel: str, received: datetime, formal: bool
) -> None:
    templates = load_templates()
    after_hours = received is NIGHT
    for intent, text in MESSAGES[language].items():
        ctx = SuggestContext(
            text=text,
            channel=channel,  # type: ignore[arg-type]
            received=received,
            contact_name="Anna Bianchi",
            formal=formal,
            user_name="Avv. Maria Rossi",
            after_hours=after_hours,
            next_slot=MORNING if after_hours else None,
        )
        result = analyse(ctx, templates, received)
        assert (result.language, result.intent, result.trigger) == (language, intent, True)
        kinds = [d.kind for d in result.drafts]
        assert kinds == list(kinds_for(intent, after_hours)), (intent, kinds)
        assert len({d.text for d in result.drafts}) == len(result.drafts)
        for draft in result.drafts:
            assert "{" not in draft.text and "}" not in draft.text
            for start, end in draft.placeholders:
                assert draft.text[start] == "«" and draft.text[end - 1] == "»"
            if draft.kind == "mediated":
                body = body_of(draft.text, language)
                assert body.rstrip().endswith("?"), draft.text
                assert (
                    "«alternativ" in draft.text
                    or "alternative" in draft.text.lower()
                    or (any(draft.text[s:e] for s, e in draft.placeholders))
                ), draft.text


def test_thanks_and_machines_get_nothing() -> None:
    templates = load_templates()
    for text in ("grazie mille, a martedì!", "Unsubscribe | view this email in your browser"):
        result = analyse(SuggestContext(text=text), templates, DAY)
        assert result.trigger is False and result.drafts == ()


GARAGE = (
    "Potresti occuparti anche del contratto del garage? "
    "Lo aggiungiamo al lavoro che stai già facendo."
)


def test_a_stored_message_through_the_service(store) -> None:  # noqa: ANN001 — fixture
    from inbox_tui.config_file import parse_config_text
    from inbox_tui.core.addresses import email_address
    from inbox_tui.services.contact_settings import reset_setting, set_setting
    from inbox_tui.services.shield import Shield
    from inbox_tui.services.suggestions import suggest_for

    config = parse_config_text(
        '[profile]\nname = "Avv. Maria Rossi"\nlanguage = "it"\ntimezone = "Europe/Rome"\n'
        '[[contacts]]\nname = "Luca Bianchi"\nemails = ["luca@client.test"]\nformal = false\n',
        "c.toml",
    )
    luca = store.contacts.upsert(Contact(None, "Luca Bianchi", [email_address("luca@client.test")]))
    mid = store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, luca, "studio", int(NIGHT.timestamp()),
                subject="Garage", body=GARAGE,
                sender="luca@client.test", remote_id="g1")
    )  # fmt: skip
    shield = Shield(store, config, lambda: NIGHT.timestamp())
    result = suggest_for(store, config, shield, mid, load_templates())
    assert result is not None and result.intent == "decision"
    assert [d.kind for d in result.drafts] == ["mediated", "boundary", "acknowledge"]
    assert result.drafts[0].text.startswith("Ciao Luca")  # formal = false in the config
    assert "garage" in result.drafts[0].text
    # The contact screen's form of address wins over the config's; resetting gives it back.
    set_setting(store, luca, "formal", "yes", int(NIGHT.timestamp()))
    result = suggest_for(store, config, shield, mid, load_templates())
    assert result.drafts[0].text.startswith("Gentile Luca Bianchi,")
    reset_setting(store, luca, "formal")
    result = suggest_for(store, config, shield, mid, load_templates())
    assert result.drafts[0].text.startswith("Ciao Luca")


def test_control_sequences_in_the_request_are_removed_before_quoting() -> None:
    """The engine may be fed raw text (the CLI reads stdin): no remnant of a terminal
    sequence (an OSC title's "]0;", a colour's "[31m") reaches a draft's quoted request."""
    text = "Potrebbe anticipare \x1b]0;pwned\x07la consegna \x1b[31mdel giardino\x1b[0m a marzo?"
    templates = load_templates()
    result = analyse(SuggestContext(text=text, language="it"), templates, DAY)
    assert result.drafts
    for draft in result.drafts:
        assert "\x1b" not in draft.text and "\x07" not in draft.text
        assert "]0;" not in draft.text and "[31m" not in draft.text and "pwned" not in draft.text
