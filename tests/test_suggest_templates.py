"""Draft templates: the shipped files, parsing and its errors, user overrides, rendering,
slot values (forms of address, "when" phrases across days and DST), the request's object,
and the templates' place in the wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui import suggest_data
from inbox_tui.core.suggest.models import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, SuggestContext
from inbox_tui.core.suggest.request_object import extract_request
from inbox_tui.core.suggest.slots import (
    PLACEHOLDER_LABELS,
    SLOT_NAMES,
    build_slots,
    parse_name,
    when_phrase,
)
from inbox_tui.core.suggest.template_file import parse_templates
from inbox_tui.core.suggest.templates import (
    Template,
    TemplateError,
    TemplateSet,
    body_of,
    render,
)

ROME = ZoneInfo("Europe/Rome")
REPO = Path(__file__).resolve().parents[1]
LANGUAGES = ("it", "en")
PLACEHOLDER = re.compile(
    f"{PLACEHOLDER_OPEN}[^{PLACEHOLDER_OPEN}{PLACEHOLDER_CLOSE}]*{PLACEHOLDER_CLOSE}"
)


def shipped(language: str) -> TemplateSet:
    return suggest_data.shipped_templates(language)


ALL = [(lang, t) for lang in LANGUAGES for t in shipped(lang).templates]
MEDIATED = [(lang, t) for lang, t in ALL if t.kind == "mediated"]


def _id(param: object) -> str:
    return param.id if isinstance(param, Template) else str(param)


FILLED = {
    "it": {"alternative": "una revisione mirata delle sole clausole sul garage",
           "reason": "servirebbero almeno due settimane di lavoro in più",
           "benefit": "Le costa la metà e arriva entro venerdì",
           "remedy": "di rifare la verifica senza costi aggiuntivi"},
    "en": {"alternative": "a focused review of the garage clauses only",
           "reason": "it would take at least two more weeks",
           "benefit": "costs half as much and is ready by Friday",
           "remedy": "to redo the check at no extra cost"},
}  # fmt: skip


def _formal(template: Template, formal: bool | None) -> bool:
    return template.form != "informal" if formal is None or template.form != "any" else formal


def full_slots(
    template: Template, language: str, formal: bool | None = None
) -> dict[str, str | None]:
    ctx = SuggestContext(
        text="",
        channel="sms" if template.channel == "sms" else "email",
        contact_name="Anna Bianchi",
        formal=_formal(template, formal),
        user_name="Avv. Maria Rossi",
        signature="-- \nAvv. Maria Rossi\nStudio Legale Rossi",
        next_slot=datetime(2025, 3, 17, 8, 30, tzinfo=ROME),
        due=datetime(2025, 3, 15, 12, 0, tzinfo=ROME),
    )
    request = "anticipare la consegna" if language == "it" else "review the lease"
    slots = build_slots(ctx, language, datetime(2025, 3, 14, 23, 30, tzinfo=ROME), request)
    return {**slots, **FILLED[language]}


def empty_slots(
    template: Template, language: str, formal: bool | None = None
) -> dict[str, str | None]:
    ctx = SuggestContext(
        text="",
        channel="sms" if template.channel == "sms" else "email",
        formal=_formal(template, formal),
    )
    return build_slots(ctx, language, datetime(2025, 3, 14, 10, 0, tzinfo=ROME), None)


def literal_placeholders(template: Template) -> list[str]:
    return PLACEHOLDER.findall(template.text)


def assert_clean(text: str) -> None:
    assert "{" not in text and "}" not in text, text
    assert "  " not in text, text
    assert "\n\n\n" not in text, text
    assert all(line == line.strip() for line in text.split("\n")), text
    assert text == text.strip()
    assert " ," not in text and ",." not in text and ", ." not in text, text
    assert "\x00" not in text


# --- the shipped templates -------------------------------------------------------------


def test_shipped_counts() -> None:
    for language in LANGUAGES:
        kinds = [t.kind for t in shipped(language)]
        assert kinds.count("mediated") >= 5
        assert kinds.count("boundary") >= 3
        assert kinds.count("acknowledge") >= 3
        assert kinds.count("apology") >= 2
        assert {t.channel for t in shipped(language) if t.kind == "apology"} >= {"email", "sms"}
    it_informal = {t.kind for t in shipped("it") if t.form == "informal"}
    assert it_informal >= {"mediated", "boundary", "acknowledge"}


@pytest.mark.parametrize(("language", "template"), MEDIATED, ids=_id)
@pytest.mark.parametrize("filled", [True, False], ids=["filled", "empty"])
def test_mediated_offers_an_alternative_and_ends_with_a_question(
    language: str, template: Template, filled: bool
) -> None:
    slots = full_slots(template, language) if filled else empty_slots(template, language)
    draft = render(template, slots, language)
    label = PLACEHOLDER_LABELS[language]["alternative"]
    alternative = FILLED[language]["alternative"] if filled else f"«{label}»"
    assert alternative in draft.text or f"«{label}»" in draft.text
    body = body_of(draft.text, language)
    assert body.endswith("?"), body
    last_sentence = re.split(r"(?<=[.!?])\s+", body)[-1]
    assert last_sentence.endswith("?") and len(last_sentence) > 5
    assert_clean(draft.text)
    if filled:
        assert PLACEHOLDER.findall(draft.text) == literal_placeholders(template)


@pytest.mark.parametrize(("language", "template"), ALL, ids=_id)
def test_every_template_renders_without_leftovers(language: str, template: Template) -> None:
    every = [
        f(template, language, formal) for f in (full_slots, empty_slots) for formal in (True, False)
    ]
    for slots in every:
        draft = render(template, slots, language)
        assert draft.kind == template.kind
        assert_clean(draft.text)
        spans = [draft.text[a:b] for a, b in draft.placeholders]
        assert spans == PLACEHOLDER.findall(draft.text)
        assert all(s.startswith("«") and s.endswith("»") for s in spans)
    filled = render(template, full_slots(template, language), language)
    assert PLACEHOLDER.findall(filled.text) == literal_placeholders(template)
    assert "Anna" in filled.text
    if template.channel == "sms":
        assert "\n\n" not in filled.text and len(filled.text) < 320
        assert filled.text.endswith("Maria Rossi" if template.form != "informal" else "Maria")


@pytest.mark.parametrize("language", LANGUAGES)
def test_drafts_differ(language: str) -> None:
    texts = [render(t, full_slots(t, language), language).text for t in shipped(language)]
    assert len(set(texts)) == len(texts)
    for intent in ("decision", "complaint", "urgent", "personal", "scheduling", "info"):
        for channel in ("email", "sms"):
            for formal in (True, False):
                picked = [
                    render(c[0], full_slots(c[0], language), language).text
                    for kind in ("mediated", "boundary", "acknowledge", "apology")
                    if (c := shipped(language).candidates(
                        intent, kind, after_hours=True, channel=channel, formal=formal))
                ]  # fmt: skip
                assert len(set(picked)) == len(picked)


OFFERED = {  # the kinds a message of each intent may be answered with
    "decision": ("mediated", "acknowledge"),
    "scheduling": ("mediated", "acknowledge"),
    "urgent": ("acknowledge", "mediated", "apology"),
    "complaint": ("apology", "acknowledge"),
    "personal": ("boundary", "acknowledge"),
    "info": ("acknowledge", "mediated"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_offered_kind_has_a_template_everywhere(language: str) -> None:
    templates = shipped(language)
    for intent, kinds in OFFERED.items():
        for after_hours in (False, True):
            extra = ("boundary",) if after_hours and intent != "urgent" else ()
            for kind in kinds + extra:
                for channel in ("email", "sms"):
                    for formal in (True, False):
                        found = templates.candidates(
                            intent, kind, after_hours=after_hours, channel=channel, formal=formal
                        )
                        assert found, (intent, kind, after_hours, channel, formal)
                        assert all(t.channel == channel for t in found)
                        if language == "it":  # Lei and tu are different texts
                            form = "formal" if formal else "informal"
                            assert all(t.form == form for t in found)


def test_candidates_most_specific_first_and_cues_break_ties() -> None:
    it = shipped("it")
    night = it.candidates("decision", "acknowledge", after_hours=True, channel="email", formal=True)
    assert [t.id for t in night][:2] == ["it-ack-next-slot", "it-ack-received"]
    day = it.candidates("decision", "acknowledge", after_hours=False, channel="email", formal=True)
    assert [t.id for t in day] == ["it-ack-received"]
    assert not it.candidates(
        "decision", "boundary", after_hours=False, channel="email", formal=True
    )
    plain = it.candidates("decision", "mediated", after_hours=False, channel="email", formal=True)
    assert plain[0].id == "it-mediated-scope"
    deadline = it.candidates(
        "decision", "mediated", after_hours=False, channel="email", formal=True,
        message="Potrebbe anticipare la consegna? La scadenza è vicina",
    )  # fmt: skip
    assert deadline[0].id == "it-mediated-deadline"
    en = shipped("en")
    informal = en.candidates(
        "decision", "mediated", after_hours=False, channel="email", formal=False
    )
    assert informal[0].id == "en-mediated-informal"


# --- parsing and its errors --------------------------------------------------------------

GOOD = '''
language = "en"

[[template]]
id = "mine"
kind = "acknowledge"
intents = ["info"]
text = """
{greeting}
Got it.
{closing}
"""
'''


def _bad(text: str) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        parse_templates(text, "my/en.toml")
    assert isinstance(info.value, ValueError)
    assert "my/en.toml" in str(info.value) and "fix:" in str(info.value)
    return info.value


def test_parse_good_file() -> None:
    templates = parse_templates(GOOD, "my/en.toml")
    assert templates.language == "en"
    (t,) = templates.templates
    assert (t.id, t.kind, t.intents, t.when, t.channel, t.form) == (
        "mine", "acknowledge", ("info",), "any", "any", "any",
    )  # fmt: skip
    assert t.text == "{greeting}\nGot it.\n{closing}"


def test_parse_error_unknown_key() -> None:
    error = _bad(GOOD.replace('kind = "acknowledge"', 'kind = "acknowledge"\ntone = "warm"'))
    assert "'mine'" in str(error) and "tone" in str(error) and error.line == 7


def test_parse_error_unknown_slot() -> None:
    error = _bad(GOOD.replace("Got it.", "Got it, {client_surname}."))
    assert "'mine'" in str(error) and "{client_surname}" in str(error)
    assert "{client_first_name}" in error.fix  # the fix lists the slots there are


def test_parse_error_bad_kind() -> None:
    error = _bad(GOOD.replace('kind = "acknowledge"', 'kind = "thanks"'))
    assert "'mine'" in str(error) and error.key == "kind" and "mediated" in error.fix


def test_parse_error_duplicate_id() -> None:
    text = GOOD + GOOD.replace('language = "en"', "")
    error = _bad(text)
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "mine"'][1]
    assert "'mine'" in str(error) and "twice" in str(error) and error.line == second


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('kind = "acknowledge"', 'kind = "mediated"', "alternative"),
        ('kind = "acknowledge"\n', "", "missing"),
        ("{closing}", "{closing}\nBye.", "{closing}"),
        ("Got it.", "Got {it.", "brace"),
        ("Got it.", "Got «it.", "«"),
        ('intents = ["info"]', 'intents = ["thanks"]', "intents"),
        ('intents = ["info"]', 'intents = "info"', "intents"),
        ('id = "mine"', 'id = "my template"', "id"),
        ("Got it.", "Got \\u001b[31mit.", "control"),
        ('kind = "acknowledge"', 'kind = "acknowledge"\nchannel = "fax"', "channel"),
    ],
)
def test_parse_errors_name_the_problem(old: str, new: str, words: str) -> None:
    assert old in GOOD
    error = _bad(GOOD.replace(old, new))
    assert words in str(error)


def test_mediated_must_end_with_a_question() -> None:
    text = GOOD.replace('kind = "acknowledge"', 'kind = "mediated"')
    error = _bad(text.replace("Got it.", "I suggest {alternative}."))
    assert "question" in str(error) and "'mine'" in str(error)
    parse_templates(text.replace("Got it.", "I suggest {alternative}. Fine?"), "ok")


def test_parse_errors_at_the_top() -> None:
    assert "language" in str(_bad(GOOD.replace('language = "en"', 'language = "fr"')))
    assert "colour" in str(_bad('colour = "red"\n' + GOOD))
    assert "not valid TOML" in str(_bad(GOOD.replace('id = "mine"', "id = mine")))
    assert "[[template]]" in _bad('language = "en"\n[template]\nid = "x"\n').fix


def test_literal_braces_and_placeholders() -> None:
    text = GOOD.replace("Got it.", "Got it {{really}}, see «the attachment».")
    (t,) = parse_templates(text, "x").templates
    draft = render(t, {"greeting": "Hi,"}, "en")
    assert draft.text == "Hi,\nGot it {really}, see «the attachment»."
    a, b = draft.placeholders[0]
    assert draft.text[a:b] == "«the attachment»"


# --- merging and the user's files ---------------------------------------------------------

USER_IT = """
language = "it"

[[template]]
id = "it-ack-sms"
kind = "acknowledge"
intents = ["info"]
channel = "sms"
form = "formal"
text = "{greeting} ricevuto, grazie. A presto."

[[template]]
id = "mio-grazie"
kind = "acknowledge"
intents = ["info"]
channel = "sms"
form = "formal"
text = "{greeting} grazie mille, Le scrivo appena posso."

[[template]]
id = "it-boundary-sms"
enabled = false
"""


def test_merged_replaces_adds_and_disables() -> None:
    base = shipped("it")
    merged = base.merged(parse_templates(USER_IT, "user/it.toml"))
    ids = [t.id for t in merged]
    assert "it-boundary-sms" not in ids and "mio-grazie" in ids
    assert len(merged) == len(base)  # one replaced in place, one added, one removed
    assert merged.get("it-ack-sms").text.endswith("A presto.")
    assert ids.index("it-ack-sms") > ids.index("mio-grazie")  # replaced in place, added first
    picked = merged.candidates("info", "acknowledge", after_hours=False, channel="sms", formal=True)
    assert picked[0].id == "mio-grazie"


def test_merged_errors() -> None:
    base = shipped("it")
    with pytest.raises(TemplateError, match="it-no-such-thing"):
        base.merged(parse_templates(USER_IT.replace("it-boundary-sms", "it-no-such-thing"), "u"))
    with pytest.raises(TemplateError, match="language"):
        base.merged(parse_templates(GOOD, "u/en.toml"))


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cfg"
    (folder / "templates").mkdir(parents=True)
    monkeypatch.setenv("INBOX_TUI_CONFIG", str(folder / "config.toml"))
    suggest_data.reload_templates()
    return folder


def test_user_override_through_the_loader(config_dir: Path) -> None:
    assert suggest_data.user_templates_dir() == config_dir / "templates"
    assert suggest_data.load_templates("it") == shipped("it")  # no user file yet
    user_file = config_dir / "templates" / "it.toml"
    user_file.write_text(USER_IT, encoding="utf-8")
    loaded = suggest_data.load_templates("it")
    assert loaded.get("mio-grazie") is not None and loaded.get("it-boundary-sms") is None
    assert loaded.get("it-ack-sms").source == str(user_file)
    assert suggest_data.load_templates("it") is loaded  # cached
    assert suggest_data.load_templates() == {"it": loaded, "en": shipped("en")}

    user_file.write_text(USER_IT.replace("A presto.", "A presto!"), encoding="utf-8")
    os.utime(user_file, ns=(1, 1))  # an edit the clock could not tell apart is still seen
    assert suggest_data.load_templates("it").get("it-ack-sms").text.endswith("A presto!")


def test_user_file_errors_name_file_and_template(config_dir: Path) -> None:
    user_file = config_dir / "templates" / "en.toml"
    user_file.write_text(GOOD.replace("Got it.", "Got it, {nickname}."), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        suggest_data.load_templates("en")
    assert str(user_file) in str(info.value) and "'mine'" in str(info.value)
    user_file.write_bytes(b"\xff\xfe not text")
    suggest_data.reload_templates()
    with pytest.raises(TemplateError, match="UTF-8"):
        suggest_data.load_templates("en")
    with pytest.raises(ValueError, match="language"):
        suggest_data.load_templates("fr")


# --- rendering -------------------------------------------------------------------------------


def _template(text: str, kind: str = "acknowledge") -> Template:
    return Template("t", kind, ("info",), text)  # type: ignore[arg-type]


def test_empty_slots_leave_no_comma_or_blank_line() -> None:
    t = _template(
        "Ciao {client_first_name},\n\ngrazie, {client_first_name}.\n\n{closing}\n{signature}"
    )
    draft = render(t, {"client_first_name": None, "closing": "", "signature": None}, "it")
    assert draft.text == "Ciao,\n\ngrazie."
    draft = render(t, {"client_first_name": "Anna", "closing": "A presto,\nMaria"}, "it")
    assert draft.text == "Ciao Anna,\n\ngrazie, Anna.\n\nA presto,\nMaria"


def test_unknown_slots_become_placeholders_in_the_drafts_language() -> None:
    t = _template("Le rispondo {next_slot}. Propongo {alternative}; {reason}.")
    draft = render(t, {}, "it")
    assert draft.text == "Le rispondo «giorno e ora». Propongo «alternativa»; «motivo»."
    assert [draft.text[a:b] for a, b in draft.placeholders] == [
        "«giorno e ora»", "«alternativa»", "«motivo»",
    ]  # fmt: skip
    assert (
        render(t, {}, "en").text == "Le rispondo «day and time». Propongo «alternative»; «reason»."
    )


def test_values_are_cleaned_and_capitalised_at_a_sentence_start() -> None:
    t = _template("{next_slot} I'll call. Then {request}.")
    draft = render(t, {"next_slot": "tomorrow at 08:30", "request": "sign «it»\x07\nnow"}, "en")
    assert draft.text == "Tomorrow at 08:30 I'll call. Then sign it now."
    assert draft.placeholders == ()


def test_body_of() -> None:
    email = "Dear Anna,\n\nShall we?\n\nKind regards,\nMaria Rossi\nRossi & Co."
    assert body_of(email, "en") == "Dear Anna,\n\nShall we?"
    assert body_of("Ciao Anna, va bene?\nMaria", "it") == "Ciao Anna, va bene?"
    assert body_of("Ciao, va bene?", "it") == "Ciao, va bene?"


# --- slot values -------------------------------------------------------------------------------


def _greeting(name: str, language: str, channel: str = "email", formal: bool = True) -> str:
    ctx = SuggestContext(text="", contact_name=name, channel=channel, formal=formal)  # type: ignore[arg-type]
    return build_slots(ctx, language, datetime(2025, 1, 1, tzinfo=ROME), None)["greeting"] or ""


def test_greetings() -> None:
    assert _greeting("Anna Bianchi", "it") == "Gentile Anna Bianchi,"
    assert _greeting("Dott.ssa Laura Verdi", "it") == "Gentile Dott.ssa Verdi,"
    assert _greeting("Anna Bianchi", "it", formal=False) == "Ciao Anna,"
    assert _greeting("", "it") == "Buongiorno,"
    assert _greeting("+39 333 1234567", "it", "sms") == "Buongiorno,"
    assert _greeting("Anna Bianchi", "it", "sms") == "Buongiorno Anna,"
    assert _greeting("anna@example.com", "en") == "Hello,"
    assert _greeting("Anna Bianchi", "en") == "Dear Anna Bianchi,"
    assert _greeting("Ms Bianchi", "en") == "Dear Ms Bianchi,"
    assert _greeting("BIANCHI, ANNA", "en", formal=False) == "Hi Anna,"
    assert _greeting("Anna Bianchi", "en", "sms") == "Hello Anna,"
    assert _greeting("Avv. Paolo De Luca", "it", "sms") == "Buongiorno Avv. De Luca,"
    assert _greeting("", "en", formal=False) == "Hi,"
    assert parse_name('"d\'amico, maria" <m@x.it>') == parse_name("Maria D'Amico")


def test_closings_and_names() -> None:
    now = datetime(2025, 1, 1, tzinfo=ROME)

    def slots(**kw: object) -> dict[str, str | None]:
        return build_slots(SuggestContext(text="", **kw), "it", now, None)  # type: ignore[arg-type]

    formal = slots(user_name="Avv. Maria Rossi", signature="-- \nAvv. Maria Rossi\nVia Roma 1")
    assert formal["closing"] == "Cordiali saluti,\nAvv. Maria Rossi\nVia Roma 1"
    assert formal["user_first_name"] == "Maria"
    assert slots(user_name="Maria Rossi", formal=False)["closing"] == "A presto,\nMaria"
    assert slots(signature="Cordiali saluti,\nMaria")["closing"] == "Cordiali saluti,\nMaria"
    assert slots()["closing"] == "Cordiali saluti,"
    assert slots(channel="sms")["closing"] is None
    assert slots(channel="sms", user_name="Maria Rossi", formal=False)["closing"] == "Maria"
    assert set(slots()) == set(SLOT_NAMES)


def test_slots_for_times_in_the_past_stay_placeholders() -> None:
    now = datetime(2025, 3, 14, 10, 0, tzinfo=ROME)
    ctx = SuggestContext(text="", due=now - timedelta(hours=1), next_slot=now + timedelta(hours=4))
    slots = build_slots(ctx, "it", now, None)
    assert slots["due"] is None and slots["next_slot"] == "oggi alle 14:00"


@pytest.mark.parametrize(
    ("now", "at", "it", "en"),
    [
        ((2025, 3, 14, 10, 0), (2025, 3, 14, 14, 0), "oggi alle 14:00", "today at 14:00"),
        ((2025, 3, 14, 23, 30), (2025, 3, 15, 0, 15), "domani alle 00:15", "tomorrow at 00:15"),
        ((2025, 3, 15, 0, 5), (2025, 3, 15, 8, 30), "oggi alle 08:30", "today at 08:30"),
        ((2025, 3, 14, 18, 0), (2025, 3, 17, 8, 30), "lunedì alle 08:30", "on Monday at 08:30"),
        ((2026, 11, 30, 10, 0), (2026, 12, 7, 8, 30),
         "lunedì 7 dicembre alle 08:30", "on Monday 7 December at 08:30"),
        ((2025, 3, 29, 22, 0), (2025, 3, 31, 8, 30), "lunedì alle 08:30", "on Monday at 08:30"),
    ],
)  # fmt: skip
def test_when_phrase(now: tuple[int, ...], at: tuple[int, ...], it: str, en: str) -> None:
    now_dt, at_dt = datetime(*now, tzinfo=ROME), datetime(*at, tzinfo=ROME)
    assert when_phrase(at_dt, now_dt, "it") == it
    assert when_phrase(at_dt, now_dt, "en") == en


def test_when_phrase_across_dst_in_rome() -> None:
    utc = timezone.utc
    # Spring forward (30 March 2025): 06:30 UTC is 08:30 in Rome that morning, not 07:30.
    now = datetime(2025, 3, 29, 23, 30, tzinfo=ROME)
    assert when_phrase(datetime(2025, 3, 30, 6, 30, tzinfo=utc), now, "it") == "domani alle 08:30"
    # Fall back (26 October 2025): that day has 25 hours, so 24 real hours after 00:30
    # is still the same day, at 23:30.
    now = datetime(2025, 10, 26, 0, 30, tzinfo=ROME)
    later = (now.astimezone(utc) + timedelta(hours=24)).astimezone(ROME)
    assert when_phrase(later, now, "en") == "today at 23:30"
    # 23:00 UTC on the 26th is already Monday in Rome (UTC+1 after the change).
    now = datetime(2025, 10, 25, 23, 59, tzinfo=ROME)
    assert when_phrase(datetime(2025, 10, 26, 23, 0, tzinfo=utc), now, "it") == "lunedì alle 00:00"


# --- the object of the request ----------------------------------------------------------------

REQUESTS = [
    ("it", "Buongiorno avvocato,\npotrebbe anticipare la consegna al 15 marzo?\nGrazie\nAnna",
     "anticipare la consegna al 15 marzo"),
    ("it", "si puo spostare a giovedi?", "spostare a giovedì"),
    ("it", "Gentile Dottoressa, sarebbe possibile spostare l'appuntamento di martedì alle 17? "
     "Purtroppo ho un imprevisto.", "spostare l'appuntamento di martedì alle 17"),
    ("it", "Salve, mi potrebbe mandare il preventivo aggiornato entro venerdì? Grazie mille",
     "mandare il preventivo aggiornato entro venerdì"),
    ("it", "Vorrei sapere se è possibile aggiungere anche la revisione del contratto di affitto, "
     "perché il proprietario ha cambiato idea.",
     "aggiungere anche la revisione del contratto di affitto"),
    ("it", "ciao marco, riusciresti a mandarmi il piano alimentare x la settimana prossima??",
     "mandare il piano alimentare per la settimana prossima"),
    ("it", "Potrei avere una copia del contratto firmato?",
     "inviare una copia del contratto firmato"),
    ("it", "Potrebbe rivedere il mio contratto di locazione?",
     "rivedere il contratto di locazione"),
    ("it", "Avrei bisogno di un parere sul contratto di locazione",
     "preparare un parere sul contratto di locazione"),
    ("it", "Va bene, potremmo fare la call domani mattina?\n\nIl giorno lun 3 mar 2025 alle 10:00 "
     "Maria Rossi ha scritto:\n> Potrebbe inviarmi i documenti?", "fare la call domani mattina"),
    ("it", "Potrebbe occuparsi anche della successione di mia madre?",
     "occuparci anche della successione"),
    ("it", "buongiorno dottoressa, nn riesco a venire giovedi, possiamo fare venerdi alle 10?",
     "fare venerdì alle 10"),
    ("it", "Sarebbe possibile avere il preventivo entro venerdì?",
     "inviare il preventivo entro venerdì"),
    ("it", "Le volevo chiedere se fosse possibile rateizzare il pagamento in tre mesi.",
     "rateizzare il pagamento in tre mesi"),
    ("it", "Potremmo vederci anche sabato mattina?", "vederci anche sabato mattina"),
    ("it", "mi serve la dieta x le vacanze, me la puoi mandare prima di sabato?",
     "preparare la dieta per le vacanze"),
    ("it", "Vorrei parlare con Lei della mia situazione", None),
    ("it", "Le scrivo per un aggiornamento sulla pratica.", None),
    ("en", "Hi Maria,\n\nCould you also review the lease for the garage? The landlord sent it "
     "yesterday.\n\nThanks,\nJames", "review the lease for the garage"),
    ("en", "can u move our session to thurs? sth came up", "move your session to Thursday"),
    ("en", "Would it be possible to push the deadline back to the end of the month?",
     "push the deadline back to the end of the month"),
    ("en", "Is there any chance you could send me the signed contract by Friday?",
     "send you the signed contract by Friday"),
    ("en", "I'd like to add the garden flat to the survey, if that's OK.",
     "add the garden flat to the survey"),
    ("en", "Would you mind sending the invoice again? I can't find it.", "send the invoice again"),
    ("en", "Can I pay in two instalments?", "let you pay in two instalments"),
    ("en", "Please send me the draft before our call.", "send you the draft before your call"),
    ("en", "Hello, I was wondering if you could take a look at my meal plan, I keep feeling hungry",
     "take a look at your meal plan"),
    ("en", "pls can you resend the invoice thx", "resend the invoice"),
    ("en", "hey can u call me back asap its urgent", "call you back"),
    ("en", "Dear Ms Rossi, I would be grateful if you could add the extension to the planning "
     "application.", "add the extension to the planning application"),
    ("en", "We'd like you to handle the probate for my late father's estate as well.",
     "handle the probate for your late father's estate as well"),
    ("en", "Are you free for a drink next week?", None),
    ("en", "Thanks for the update, all clear.", None),
    ("en", "Do I need to bring anything?", None),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), REQUESTS)
def test_extract_request(language: str, text: str, expected: str | None) -> None:
    assert extract_request(text, language) == expected


def test_extract_request_is_short_and_clean() -> None:
    long_it = (
        "Potrebbe preparare anche la relazione tecnica completa sull'immobile di via Garibaldi "
        "con tutte le planimetrie aggiornate e le foto dei lavori eseguiti nel 2019?"
    )
    found = extract_request(long_it, "it")
    assert found is not None and len(found) <= 80 and found.startswith("preparare")
    assert not found.endswith((" e", " con", " di", " la"))
    nasty = 'Could you send «the file»\x1b[31m to the "office"\x00?'
    found = extract_request(nasty, "en")
    assert found == "send the file to the office"
    assert extract_request("", "it") is None and extract_request("ok", "fr") is None


_CUED = st.builds(
    "{} {} {}?".format,
    st.text(max_size=40),
    st.sampled_from(["Could you", "Can I", "please", "Potrebbe", "vorrei", "si puo", "posso"]),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), _CUED), st.sampled_from(LANGUAGES))
def test_extract_request_never_returns_junk(text: str, language: str) -> None:
    found = extract_request(text, language)
    if found is not None:
        assert 0 < len(found) <= 80
        assert not re.search(r"[\x00-\x1f\x7f-\x9f«»\"?]", found)
        assert found == found.strip()


def test_request_reads_inside_a_mediated_draft() -> None:
    t = shipped("it").get("it-mediated-deadline")
    request = extract_request("Potrebbe anticipare la consegna al 15 marzo?", "it")
    draft = render(t, full_slots(t, "it") | {"request": request}, "it")
    assert "Potremmo anticipare la consegna al 15 marzo, ma" in draft.text


# --- packaging ------------------------------------------------------------------------------------


def test_templates_are_package_data() -> None:
    folder = resources.files("inbox_tui") / "suggest_templates"
    assert {p.name for p in folder.iterdir() if p.name.endswith(".toml")} >= {"it.toml", "en.toml"}


def test_wheel_contains_the_templates(tmp_path: Path) -> None:
    try:
        import hatchling  # noqa: F401

        isolation = ["--no-build-isolation"]
    except ImportError:  # pip fetches the build backend from the configured index
        isolation = []
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q"]
    done = subprocess.run(
        [*command, "-w", str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("inbox_tui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"inbox_tui/suggest_templates/it.toml", "inbox_tui/suggest_templates/en.toml"} <= names
