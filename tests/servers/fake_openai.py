"""A local stand-in for an OpenAI-compatible Chat Completions server, written from OpenAI's
API reference (`POST /v1/chat/completions`).

It checks the request as the real API does (a JSON body with `model` and a non-empty
`messages` list of `{role, content}`; with a key configured, `Authorization: Bearer KEY`,
else 401 with OpenAI's error shape), records every request, and answers a `chat.completion`
object. `mode` makes it misbehave the ways a local model server can: answer too late, fail
with HTTP 500, send a body that is not JSON, drop a «placeholder», or smuggle terminal
escape sequences into the text. It listens on 127.0.0.1 on an ephemeral port.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODES = ("good", "slow", "http500", "garbage", "drop_placeholder", "escape")
_PLACEHOLDER = re.compile(r"«[^«»\n]*»")
_ROLES = {"system", "user", "assistant", "developer", "tool"}


def echo_draft(body: dict[str, Any]) -> str:
    """The default answer: the user message's last `---` block (the draft), slightly
    reworded, so a test can tell a rephrased draft from its template."""
    user = next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")
    draft = user.removesuffix("\n---").rsplit("\n---\n", 1)[-1]
    return draft.replace(",", ", dunque,", 1)


class FakeOpenAI:
    def __init__(self, api_key: str | None = None, mode: str = "good", delay: float = 5.0):
        assert mode in MODES
        self.api_key = api_key
        self.mode = mode
        self.delay = delay  # seconds the "slow" mode waits before answering
        self.answer: Callable[[dict[str, Any]], str] = echo_draft
        self.finish_reason = "stop"
        self.requests: list[dict[str, Any]] = []  # {"path", "headers", "body"} as received
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self.port = 0
        self.url = ""

    def __enter__(self) -> FakeOpenAI:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # a "slow" answer still waiting ends now
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def completion(self, body: dict[str, Any]) -> tuple[int, bytes]:
        """The status and body for a valid request, per `mode`."""
        if self.mode == "slow":
            self._stop.wait(self.delay)
        if self.mode == "http500":
            return 500, _error("The server had an error while processing your request.", None)
        if self.mode == "garbage":
            return 200, b'{"id": "chatcmpl-1", "choices": [{"message": '
        content = self.answer(body)
        if self.mode == "drop_placeholder":
            content = _PLACEHOLDER.sub("something", content, count=1)
        elif self.mode == "escape":
            content = "\x1b]0;owned\x07" + content + "\x1b[2J"
        reply = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "logprobs": None,
                    "finish_reason": self.finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": sum(len(m["content"]) // 4 for m in body["messages"]),
                "completion_tokens": len(content) // 4,
                "total_tokens": 0,
            },
        }
        return 200, json.dumps(reply).encode()


def _error(message: str, code: str | None, kind: str = "server_error") -> bytes:
    error = {"message": message, "type": kind, "param": None, "code": code}
    return json.dumps({"error": error}).encode()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base name
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with self.fake.lock:
            self.fake.requests.append(
                {"path": self.path, "headers": dict(self.headers.items()), "body": body}
            )
        if self.path != "/v1/chat/completions":
            return self._send(404, _error(f"Unknown path {self.path}", "unknown_url"))
        key = self.fake.api_key
        if key is not None and self.headers.get("Authorization") != f"Bearer {key}":
            text = "Incorrect API key provided."
            return self._send(401, _error(text, "invalid_api_key", "invalid_request_error"))
        problem = _invalid(body)
        if problem:
            return self._send(400, _error(problem, None, "invalid_request_error"))
        assert isinstance(body, dict)
        self._send(*self.fake.completion(body))

    def _send(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (its timeout): nothing to tell it


def _invalid(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "We could not parse the JSON body of your request."
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array"
    for m in messages:
        if not isinstance(m, dict) or m.get("role") not in _ROLES:
            return "each message needs a valid 'role'"
        if not isinstance(m.get("content"), str):
            return "each message needs a string 'content'"
    return None
