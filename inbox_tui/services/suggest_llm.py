"""Optional rephrasing of the template drafts by an OpenAI-compatible chat endpoint.

The endpoint is one the user runs (llama.cpp, Ollama, vLLM …) and names in `[suggest]`;
without `llm_url` nothing leaves the machine. Each draft is one Chat Completions request,
all in parallel under one deadline. An answer replaces its template only if it keeps the
«placeholders», the closing question of a mediated draft, a sane length and no terminal
controls; otherwise the template stays. Network trouble is reported, never raised, and the
logs carry status and timing only: never the client's words, the drafts or the key.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import re
import ssl
import time
from collections.abc import Sequence
from typing import Any, NoReturn
from urllib.parse import urlsplit

from inbox_tui import __version__
from inbox_tui.core.config_suggest import SUGGEST_SECRET_NAME, SuggestSettings
from inbox_tui.core.sanitize import clean
from inbox_tui.core.suggest.models import Draft, SuggestContext
from inbox_tui.services.suggest_prompt import chat_request

log = logging.getLogger(__name__)

_PLACEHOLDER = re.compile(r"«[^«»\n]*»")
_FENCE = re.compile(r"^```[\w-]*\n(.*)\n```$", re.DOTALL)
_QUOTES = (('"', '"'), ("“", "”"))  # not « »: those mark placeholders
_MAX_BODY = 256 * 1024  # bytes of answer read at most: a chat completion is a few KiB


class _Failure(Exception):
    """The endpoint failed; the message says how, for the user."""


class _TimedOut(_Failure):
    pass


async def rephrase(
    drafts: Sequence[Draft],
    ctx: SuggestContext,
    language: str,
    settings: SuggestSettings,
    api_key: str | None = None,
) -> tuple[list[Draft], str | None]:
    """The drafts, each rephrased where the model's answer passed the checks, and a short
    text for the user when something went wrong (None: every draft was rephrased)."""
    originals = list(drafts)
    if not settings.llm_url or not originals:
        return originals, None
    timeout = settings.llm_timeout
    deadline = time.monotonic() + timeout
    tasks = [
        asyncio.ensure_future(
            asyncio.to_thread(
                _post, settings.llm_url, chat_request(d, ctx, language, settings), api_key, deadline
            )
        )
        for d in originals
    ]
    _done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()  # its thread gives up on its own: every socket wait ends at the deadline
    out: list[Draft] = []
    problems: list[str] = []
    for draft, task in zip(originals, tasks, strict=True):
        if task in pending or isinstance(task.exception(), _TimedOut):
            problems.append(f"the model did not answer within {timeout:g} s")
        elif isinstance(task.exception(), _Failure):
            problems.append(str(task.exception()))
        elif task.exception() is not None:
            log.debug("rephrase: unexpected %s", type(task.exception()).__name__)
            problems.append("the request to the model failed")
        else:
            text, why = check_answer(draft, task.result(), ctx.signature)
            if text is not None:
                out.append(Draft(draft.kind, text, _spans(text)))
                continue
            problems.append(f"a rephrased draft was not used ({why})")
        out.append(draft)
    if not problems:
        return out, None
    return out, "; ".join(dict.fromkeys(problems)) + ": templates kept"


def check_answer(original: Draft, answer: str, signature: str = "") -> tuple[str | None, str]:
    """(the answer as the new draft text, "") or (None, why it is refused)."""
    text = _unwrap(answer.replace("\r\n", "\n").strip())
    if not text:
        return None, "it was empty"
    if clean(text) != text:
        return None, "it held control characters"
    if set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(original.text)):
        return None, "it changed the «placeholders»"
    if len(text) > 2 * len(original.text):
        return None, "it was too long"
    if 3 * len(text) < len(original.text):
        return None, "it was too short"  # a rewording keeps the content; this lost it
    sig = signature.strip()
    if sig and sig in original.text and sig not in text:
        return None, "it dropped the signature"
    if original.kind == "mediated" and not _question_closes(original.text, text, signature):
        return None, "it no longer ends with the question"
    return text, ""


def _unwrap(text: str) -> str:
    # Models like to fence or quote what they were asked for; the wrapping is not the draft.
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    for first, last in _QUOTES:
        inner = text[1:-1]
        if len(text) > 1 and text[0] == first and text[-1] == last and first not in inner:
            text = inner.strip()
    return text


def _question_closes(original: str, answer: str, signature: str) -> bool:
    """The answer's last question is followed by no more lines than the template's (its
    closing, "Cordiali saluti,"), the signature aside: the body still ends with "?"."""

    def lines(text: str) -> list[str]:
        text, sig = text.rstrip(), signature.strip()
        if sig and text.endswith(sig):
            text = text[: -len(sig)]
        return [line.strip() for line in text.split("\n") if line.strip()]

    before, after = lines(original), lines(answer)
    asked = [i for i, line in enumerate(before) if "?" in line]
    if not asked:
        return True  # the template asks nothing: not this check's business
    last = max((i for i, line in enumerate(after) if "?" in line), default=None)
    if last is None or not after[last].rstrip("\"'”»)").endswith("?"):
        return False
    return len(after) - last <= len(before) - asked[-1]


def _spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _PLACEHOLDER.finditer(text))


def _post(base_url: str, body: dict[str, Any], api_key: str | None, deadline: float) -> str:
    """POST one chat completion (in a worker thread); the answer's text, or _Failure."""
    url = urlsplit(base_url)
    host, port = url.hostname or "", url.port
    started = time.monotonic()
    remaining = max(0.05, deadline - started)
    # http.client, not urllib: no proxy from the environment may see the client's words.
    if url.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=remaining, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=remaining)
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": f"inbox-tui/{__version__}",
    }
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    try:
        conn.request("POST", url.path.rstrip("/") + "/chat/completions", _json(body), headers)
        response = conn.getresponse()
        raw = _read(response, deadline)
        status = response.status
    except (OSError, http.client.HTTPException, _Failure) as exc:
        log.debug("rephrase: %s after %.0f ms", type(exc).__name__, _ms_since(started))
        _raise_failure(exc, base_url, host)
    finally:
        conn.close()
    log.debug("rephrase: HTTP %s in %.0f ms", status, _ms_since(started))
    if status in (401, 403):
        raise _Failure(f"the model's server refused the key (HTTP {status})")
    if status != 200:
        raise _Failure(f"the model's server answered HTTP {status}")
    return _content(raw)


def _ms_since(started: float) -> float:
    return (time.monotonic() - started) * 1000


def _raise_failure(exc: Exception, base_url: str, host: str) -> NoReturn:
    if isinstance(exc, _Failure):
        raise exc
    if isinstance(exc, TimeoutError):
        raise _TimedOut from None
    if isinstance(exc, ConnectionRefusedError):
        raise _Failure(f"nothing answers at {base_url}") from None
    raise _Failure(f"cannot reach {host}: {type(exc).__name__}") from None


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _read(response: http.client.HTTPResponse, deadline: float) -> bytes:
    # Each socket wait is bounded by the timeout, but a server trickling bytes is not.
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(16384):
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_BODY:
            raise _Failure("the model's answer was too large")
        if time.monotonic() > deadline:
            raise _TimedOut
    return b"".join(chunks)


def _content(raw: bytes) -> str:
    try:
        choice = json.loads(raw)["choices"][0]
        content = choice["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise _Failure("the model's answer was not a chat completion") from None
    if not isinstance(content, str):
        raise _Failure("the model's answer was not a chat completion")
    if choice.get("finish_reason") == "length":
        raise _Failure("the model's answer was cut short")
    return content


def stored_api_key() -> str | None:
    """The endpoint's key from the keyring (`inbox-tui secret set suggest`); None if unset
    or if there is no keyring, since most local servers want no key at all."""
    import keyring
    from keyring.errors import KeyringError

    from inbox_tui.services.secrets import KEYRING_SERVICE

    try:
        return keyring.get_password(KEYRING_SERVICE, SUGGEST_SECRET_NAME) or None
    except KeyringError:
        return None
