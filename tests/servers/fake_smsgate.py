"""A local stand-in for SMS Gateway for Android (sms-gate.app), written from its public docs.

Two modes, as the real thing: ``local`` (the phone's own server: `POST /message`,
`GET /inbox`) and ``cloud`` (a cloud/private server: everything under `/3rdparty/v1`,
`POST /messages`). Basic auth; JSON in and out; `id` up to 36 characters and unique (409
otherwise); E.164 recipients; 202 with the message state. It also plays the phone's side
of the webhooks: events POSTed as JSON with `X-Timestamp` and `X-Signature`, the hex
HMAC-SHA256 of the raw body followed by the timestamp, keyed with the signing key.

The signature is computed here from the documented recipe, without importing the app's
code: a test in which both sides shared one implementation would prove nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from servers import free_port

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
DEVICE_ID = "ffffffffceb0b1db0000A"  # 21 characters, like the real ones


def smsgate_signature(signing_key: str, body: bytes, timestamp: str) -> str:
    mac = hmac.HMAC(signing_key.encode(), digestmod=hashlib.sha256)
    mac.update(body)
    mac.update(timestamp.encode())
    return mac.hexdigest()


def _iso(moment: float, offset_hours: int = 2) -> str:
    """The device's local time with its offset, as the app writes it."""
    zone = timezone(timedelta(hours=offset_hours))
    return datetime.fromtimestamp(moment, zone).isoformat(timespec="milliseconds")


class FakeSmsGate:
    def __init__(
        self,
        username: str,
        password: str,
        signing_key: str,
        *,
        mode: str = "local",
        device_number: str = "+393330000000",
    ) -> None:
        self.username, self.password, self.signing_key = username, password, signing_key
        self.mode, self.device_number = mode, device_number
        self.port = free_port()
        root = f"http://127.0.0.1:{self.port}"
        self.url = root if mode == "local" else f"{root}/3rdparty/v1"
        self.prefix = "" if mode == "local" else "/3rdparty/v1"
        self.sent: list[dict[str, Any]] = []  # accepted request bodies
        self.paths: list[str] = []  # every path requested, in order
        self.inbox: list[dict[str, Any]] = []  # IncomingMessage objects
        self.inbox_api = True  # False: an older app/server without GET /inbox
        self.answer_next: tuple[Any, ...] | None = None  # (status, JSON[, headers])
        self.max_page = 500
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> FakeSmsGate:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # --- the phone calling us -----------------------------------------------------------

    def event_body(self, event: str, payload: dict[str, Any]) -> bytes:
        envelope = {
            "deviceId": DEVICE_ID,
            "event": event,
            "id": secrets.token_urlsafe(15)[:21],
            "payload": payload,
            "webhookId": "wh-" + event.replace(":", "-"),
        }
        return json.dumps(envelope).encode()

    def signed_headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        return {
            "Content-Type": "application/json",
            "X-Timestamp": stamp,
            "X-Signature": smsgate_signature(self.signing_key, body, stamp),
        }

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def receive(self, url: str, sender: str, text: str, when: float | None = None) -> str:
        """An SMS reaching the phone: put in its inbox, then sms:received sent to `url`."""
        when = time.time() if when is None else when
        message_id = self.add_inbox(sender, text, when)
        payload = {
            "messageId": message_id,
            "message": text,
            "phoneNumber": sender,
            "sender": sender,
            "recipient": self.device_number,
            "simNumber": 1,
            "receivedAt": _iso(when),
        }
        body = self.event_body("sms:received", payload)
        status = self.post(url, body, self.signed_headers(body))
        assert status == 200, status
        return message_id

    def report(self, url: str, message_id: str, event: str, reason: str | None = None) -> int:
        """sms:sent, sms:delivered or sms:failed for a message we were asked to send."""
        sent = next(s for s in self.sent if s.get("id") == message_id)
        recipient = sent["phoneNumbers"][0]
        stamp_name = {"sms:sent": "sentAt", "sms:delivered": "deliveredAt"}.get(event, "failedAt")
        payload: dict[str, Any] = {
            "messageId": message_id,
            "phoneNumber": recipient,
            "sender": self.device_number,
            "recipient": recipient,
            "simNumber": None,
            stamp_name: _iso(time.time()),
        }
        if reason is not None:
            payload["reason"] = reason
        body = self.event_body(event, payload)
        return self.post(url, body, self.signed_headers(body))

    def add_inbox(self, sender: str, text: str, when: float, **extra: Any) -> str:
        message_id = secrets.token_urlsafe(15)[:21]
        created = datetime.fromtimestamp(when, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        entry = {
            "id": message_id,
            "type": "SMS",
            "sender": sender,
            "recipient": self.device_number,
            "simNumber": 1,
            "contentPreview": text,
            "isEncrypted": False,
            "createdAt": created,
            "_when": when,
            **extra,
        }
        with self.lock:
            self.inbox.append(entry)
        return message_id


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSmsGate

    def log_message(self, *args: object) -> None:
        pass

    def _reply(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self) -> bool:
        fake = self.fake
        token = base64.b64encode(f"{fake.username}:{fake.password}".encode()).decode()
        if self.headers.get("Authorization") == f"Basic {token}":
            return True
        self._reply(401, {"message": "Unauthorized"})
        return False

    def do_POST(self) -> None:
        fake = self.fake
        path = urlsplit(self.path).path
        fake.paths.append(path)
        wanted = "/message" if fake.mode == "local" else "/3rdparty/v1/messages"
        if path != wanted:
            return self._reply(404, {"message": "Cannot POST " + path})
        if not self._authorised():
            return
        if fake.answer_next is not None:
            answer, fake.answer_next = fake.answer_next, None
            return self._reply(*answer)
        length = int(self.headers.get("Content-Length") or 0)
        try:
            request = json.loads(self.rfile.read(length))
        except ValueError:
            return self._reply(400, {"message": "failed to parse body"})
        problem = _invalid(request)
        if problem:
            return self._reply(400, {"message": problem})
        message_id = request.get("id") or secrets.token_urlsafe(15)[:21]
        with fake.lock:
            if any(s.get("id") == message_id for s in fake.sent):
                return self._reply(409, {"message": "message with such ID already exists"})
            fake.sent.append({**request, "id": message_id})
        self._reply(
            202,
            {
                "id": message_id,
                "deviceId": DEVICE_ID,
                "state": "Pending",
                "isHashed": False,
                "isEncrypted": False,
                "recipients": [
                    {"phoneNumber": n, "state": "Pending"} for n in request["phoneNumbers"]
                ],
                "states": {"Pending": _iso(time.time(), 0)},
            },
        )

    def do_GET(self) -> None:
        fake = self.fake
        split = urlsplit(self.path)
        fake.paths.append(split.path)
        if split.path != f"{fake.prefix}/inbox" or not fake.inbox_api:
            return self._reply(404, {"message": "Cannot GET " + split.path})
        if not self._authorised():
            return
        query = dict(parse_qsl(split.query))
        start = _parse_time(query.get("from"))
        end = _parse_time(query.get("to"))
        with fake.lock:
            found = [
                m
                for m in sorted(fake.inbox, key=lambda m: -m["_when"])
                if query.get("type", m["type"]) == m["type"]
                and (start is None or m["_when"] >= start)
                and (end is None or m["_when"] <= end)
            ]
        limit = min(int(query.get("limit", "50")), 500, fake.max_page)
        offset = int(query.get("offset", "0"))
        chunk = [
            {k: v for k, v in m.items() if k != "_when"} for m in found[offset : offset + limit]
        ]
        self._reply(200, chunk, {"X-Total-Count": str(len(found))})


def _invalid(request: Any) -> str | None:
    if not isinstance(request, dict):
        return "body must be an object"
    contents = [k for k in ("message", "textMessage", "dataMessage") if request.get(k)]
    if len(contents) != 1:
        return "must specify exactly one of: textMessage or dataMessage"
    text = request.get("textMessage")
    if text is not None and (not isinstance(text, dict) or not text.get("text")):
        return "textMessage.text is required"
    numbers = request.get("phoneNumbers")
    if not isinstance(numbers, list) or not 1 <= len(numbers) <= 100:
        return "phoneNumbers: between 1 and 100 numbers required"
    for number in numbers:
        if not isinstance(number, str) or not _E164.match(number):
            return f"invalid phone number: {number!r}"
    if len(str(request.get("id", ""))) > 36:
        return "id: must be at most 36 characters"
    return None


def _parse_time(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
