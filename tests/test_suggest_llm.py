"""Rephrasing drafts through a local OpenAI-compatible server: success, every way it can fail,
and what the request carries (and what the logs never do)."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from inbox_tui.core.config_suggest import SuggestSettings
from inbox_tui.core.suggest.models import Draft, SuggestContext
from inbox_tui.services.suggest_llm import check_answer, rephrase
from servers.fake_openai import FakeOpenAI, echo_draft

MODEL = "qwen2.5-7b-instruct"
CLIENT = "Buonasera avvocato, può rifare tutto il contratto entro venerdì? Anna"
SIGNATURE = "Avv. Maria Rossi"
MEDIATED = (
    "Gentile Anna,\n\ncapisco l'esigenza di avere il contratto entro venerdì. Rifarlo da capo "
    "richiederebbe però tempo e costi; le propongo invece «alternative», che non costa nulla "
    "e porta allo stesso risultato. Cosa ne pensa?\n\nCordiali saluti,\nAvv. Maria Rossi"
)
ACK = (
    "Gentile Anna,\n\nho ricevuto il suo messaggio: le rispondo entro lunedì alle 08:30.\n\n"
    "Cordiali saluti,\nAvv. Maria Rossi"
)
BOUNDARY = (
    "Gentile Anna,\n\nla ringrazio. Ne parliamo volentieri in studio, lunedì alle «ora».\n\n"
    "Cordiali saluti,\nAvv. Maria Rossi"
)
DRAFTS = [
    Draft("mediated", MEDIATED, ((132, 145),)),
    Draft("acknowledge", ACK),
    Draft("boundary", BOUNDARY, ((87, 92),)),
]
CTX = SuggestContext(text=CLIENT, contact_name="Anna Bianchi", signature=SIGNATURE)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def settings(url: str | None, timeout: float = 3.0) -> SuggestSettings:
    return SuggestSettings(llm_url=url, llm_model=MODEL, llm_timeout=timeout)


def reworded(text: str) -> str:
    return text.replace(",", ", dunque,", 1)


async def test_success_rephrases_every_draft(fake: FakeOpenAI) -> None:
    drafts, problem = await rephrase(DRAFTS, CTX, "it", settings(fake.url))
    assert problem is None
    assert [d.text for d in drafts] == [reworded(d.text) for d in DRAFTS]
    assert [d.kind for d in drafts] == ["mediated", "acknowledge", "boundary"]
    for d in drafts:  # offsets follow the new text
        assert [d.text[a:b] for a, b in d.placeholders] == [
            p for p in ("«alternative»", "«ora»") if p in d.text
        ]


async def test_request_carries_model_language_and_the_rules(fake: FakeOpenAI) -> None:
    await rephrase(DRAFTS[:1], CTX, "it", settings(fake.url))
    (request,) = fake.requests
    assert request["path"] == "/v1/chat/completions" and "Authorization" not in request["headers"]
    body = request["body"]
    assert body["model"] == MODEL and body["stream"] is False
    assert body["temperature"] <= 0.3 and 0 < body["max_tokens"] <= 2048
    system, user = body["messages"]
    assert (system["role"], user["role"]) == ("system", "user")
    assert "rispondi in italiano" in system["content"]
    assert "« e »" in system["content"] and "dai del Lei" in system["content"]
    assert "domanda" in system["content"]  # the mediated structure: it ends with a question
    assert MEDIATED in user["content"] and CLIENT in user["content"]


async def test_english_drafts_ask_for_english_and_tu_for_informal_contacts(
    fake: FakeOpenAI,
) -> None:
    draft = Draft("acknowledge", "Dear Anna,\n\nI have your message.\n\nBest regards,\nMaria")
    drafts, problem = await rephrase([draft], CTX, "en", settings(fake.url))
    assert problem is None and drafts[0].text == reworded(draft.text)
    system = fake.requests[-1]["body"]["messages"][0]["content"]
    assert "answer in English" in system and "rispondi" not in system
    informal = SuggestContext(text=CLIENT, formal=False)
    await rephrase(DRAFTS[1:2], informal, "it", settings(fake.url))
    assert "dai del tu" in fake.requests[-1]["body"]["messages"][0]["content"]


async def test_no_llm_url_means_no_request_at_all(fake: FakeOpenAI) -> None:
    drafts, problem = await rephrase(DRAFTS, CTX, "it", settings(None))
    assert drafts == DRAFTS and problem is None and fake.requests == []


async def test_timeout_keeps_the_templates_within_the_timeout() -> None:
    with FakeOpenAI(mode="slow", delay=10) as slow:
        started = time.monotonic()
        drafts, problem = await rephrase(DRAFTS, CTX, "it", settings(slow.url, timeout=0.5))
        elapsed = time.monotonic() - started
        assert len(slow.requests) == 3
    assert elapsed < 0.5 + 1.0
    assert drafts == DRAFTS
    assert problem == "the model did not answer within 0.5 s: templates kept"


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("http500", "the model's server answered HTTP 500"),
        ("garbage", "the model's answer was not a chat completion"),
    ],
)
async def test_a_failing_endpoint_keeps_the_templates(mode: str, why: str) -> None:
    with FakeOpenAI(mode=mode) as server:
        drafts, problem = await rephrase(DRAFTS, CTX, "it", settings(server.url))
    assert drafts == DRAFTS and problem == f"{why}: templates kept"


async def test_nothing_listening_is_a_problem_not_an_exception() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    drafts, problem = await rephrase(DRAFTS, CTX, "it", settings(url))
    assert drafts == DRAFTS and problem == f"nothing answers at {url}: templates kept"


async def test_a_dropped_placeholder_falls_back_for_that_draft_only() -> None:
    with FakeOpenAI(mode="drop_placeholder") as server:
        drafts, problem = await rephrase(DRAFTS, CTX, "it", settings(server.url))
    assert [d.text for d in drafts] == [MEDIATED, reworded(ACK), BOUNDARY]
    assert drafts[0] is DRAFTS[0] and drafts[2] is DRAFTS[2]
    assert (
        problem == "a rephrased draft was not used (it changed the «placeholders»): templates kept"
    )


async def test_escape_sequences_are_refused() -> None:
    with FakeOpenAI(mode="escape") as server:
        drafts, problem = await rephrase(DRAFTS, CTX, "it", settings(server.url))
    assert drafts == DRAFTS
    assert problem and "control characters" in problem


async def test_each_invalid_answer_falls_back_per_draft(fake: FakeOpenAI) -> None:
    def answer(body: dict[str, Any]) -> str:
        user = body["messages"][1]["content"]
        if MEDIATED in user:  # the question became a statement
            return MEDIATED.replace("Cosa ne pensa?", "Resto in attesa.")
        if BOUNDARY in user:  # padded far beyond the template
            return BOUNDARY + "\n" + "Aggiungo molti dettagli. " * 20
        return echo_draft(body)

    fake.answer = answer
    drafts, problem = await rephrase(DRAFTS, CTX, "it", settings(fake.url))
    assert [d.text for d in drafts] == [MEDIATED, reworded(ACK), BOUNDARY]
    assert problem is not None
    assert "it no longer ends with the question" in problem and "it was too long" in problem


async def test_a_cut_short_answer_is_not_used(fake: FakeOpenAI) -> None:
    fake.finish_reason = "length"
    drafts, problem = await rephrase(DRAFTS[1:2], CTX, "it", settings(fake.url))
    assert drafts == DRAFTS[1:2] and problem == "the model's answer was cut short: templates kept"


async def test_the_key_goes_as_a_bearer_token_only_when_given() -> None:
    with FakeOpenAI(api_key="sk-local-123") as server:
        drafts, problem = await rephrase(
            DRAFTS[1:2], CTX, "it", settings(server.url), "sk-local-123"
        )
        assert problem is None and drafts[0].text == reworded(ACK)
        assert server.requests[0]["headers"]["Authorization"] == "Bearer sk-local-123"
        drafts, problem = await rephrase(DRAFTS[1:2], CTX, "it", settings(server.url))
        assert "Authorization" not in server.requests[1]["headers"]
    assert drafts == DRAFTS[1:2]
    assert problem == "the model's server refused the key (HTTP 401): templates kept"


async def test_logs_carry_status_and_timing_only(
    fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="inbox_tui.services.suggest_llm")
    await rephrase(DRAFTS, CTX, "it", settings(fake.url), "sk-secret-9")
    fake.mode = "http500"
    await rephrase(DRAFTS, CTX, "it", settings(fake.url), "sk-secret-9")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "HTTP 200" in logged and "HTTP 500" in logged
    for private in ("sk-secret-9", "Anna", "contratto", "venerdì"):
        assert private not in logged


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (f"```\n{reworded(ACK)}\n```", reworded(ACK)),
        (f"“{reworded(ACK)}”", reworded(ACK)),
        (reworded(ACK).replace("\n", "\r\n"), reworded(ACK)),
        ("   ", None),
        (ACK + "\x00", None),
        (ACK + "\u202e", None),
        ("Ricevuto.", None),  # too short to be the same reply
        (reworded(ACK).replace("\nAvv. Maria Rossi", ""), None),  # the signature is gone
    ],
)
def test_check_answer_unwraps_and_refuses(answer: str, expected: str | None) -> None:
    text, _why = check_answer(DRAFTS[1], answer, SIGNATURE)
    assert text == expected


def test_mediated_question_check_allows_a_reworded_closing() -> None:
    moved = MEDIATED.replace("Cordiali saluti,", "Un cordiale saluto,")
    assert check_answer(DRAFTS[0], moved, SIGNATURE)[0] == moved
    extra = MEDIATED.replace("Cosa ne pensa?", "Cosa ne pensa?\n\nResto a disposizione.")
    assert check_answer(DRAFTS[0], extra, SIGNATURE) == (
        None,
        "it no longer ends with the question",
    )
    # Another question may close the body, as long as one does.
    asked = MEDIATED.replace("Cosa ne pensa?", "Le sembra una buona soluzione?")
    assert check_answer(DRAFTS[0], asked, SIGNATURE)[0] == asked
