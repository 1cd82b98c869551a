"""Fuzzing the SMS webhooks through the real receiver into the real store.

The app's own SmsService runs its WebhookServer on a loopback port (in a thread with its
own event loop, so hypothesis can drive it with plain sockets) with one account per
gateway: Kannel, SMS Gateway for Android, Twilio. Requests are raw HTTP: junk, wrong
types, missing fields, huge bodies, bad signatures, replays. Every answer must be 200 or a
clear 4xx (never a 500), and a refused request must leave the store byte for byte as it
was; an accepted one adds at most one message, with clean text. Signatures are made with
the fakes' own implementations (tests/servers), not the app's.

The number of generated cases per gateway is fixed below (EXAMPLES); INBOX_FUZZ_SCALE
multiplies it for a longer local run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inbox_tui.config_file import parse_config_text
from inbox_tui.core.addresses import phone_address
from inbox_tui.core.models import Contact
from inbox_tui.services.compose_send import queue_sms
from inbox_tui.services.sms_service import SmsService
from inbox_tui.store import Store
from servers import free_port
from servers.fake_smsgate import smsgate_signature
from servers.fake_twilio import twilio_signature

SCALE = max(1, int(os.environ.get("INBOX_FUZZ_SCALE", "1")))
# Generated requests per gateway (and for raw HTTP); the closing note quotes these figures.
EXAMPLES = {"http": 150, "kannel": 150, "smsgate": 150, "twilio": 150, "sizes": 25}
SECRETS = {"k": "kannel-pw", "g": "signing-key", "t": "twilio-token"}
NUMBER, CLIENT = "+390212345678", "+393331234567"
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
NASTY = [
    "\x1b]52;c;cHduZWQ=\x07", "\x1b]8;;http://evil\x1b\\", "\x1b[21t", "\x9b31m", "\x9d0;t\x9c",
    "\u202e", "\u2066", "\x00", "\r\n", "[@click=app.quit]x[/]", "é", "😀", "&", "=", "%",
]  # fmt: skip


def fuzz(name: str):
    return settings(
        max_examples=EXAMPLES[name] * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


class Receiver:
    """The app's SmsService, started on its own event loop in a thread."""

    def __init__(self, store: Store) -> None:
        self.port = free_port()
        config = parse_config_text(
            f"""
[profile]
timezone = "Europe/Rome"
[webhooks]
listen = "127.0.0.1:{self.port}"
public_url = "http://127.0.0.1:{self.port}"
[[accounts]]
name = "k"
kind = "sms"
gateway = "kannel"
number = "{NUMBER}"
url = "http://127.0.0.1:1/cgi-bin/sendsms"
username = "inbox"
[[accounts]]
name = "g"
kind = "sms"
gateway = "smsgate"
url = "http://127.0.0.1:1"
username = "sms"
[[accounts]]
name = "t"
kind = "sms"
gateway = "twilio"
number = "{NUMBER}"
account_sid = "AC{"0" * 32}"
""",
            "fuzz-webhooks.toml",
        )
        self.store, self.config = store, config
        self.service = SmsService(store, config, lambda account: SECRETS[account.name])
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.service.start(), self.loop).result(10)
        self.url = f"http://127.0.0.1:{self.port}"

    def path(self, account: str, rest: str) -> str:
        return self.service.server.hook_base(account).removeprefix(self.url) + "/" + rest

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.service.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def send(self, data: bytes) -> int:
        """Raw bytes in, the answer's status out (0: no HTTP answer at all)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)  # an incomplete request ends here, not in 10 s
            reply = b""
            while chunk := sock.recv(4096):
                reply += chunk
        match = re.match(rb"HTTP/1\.1 (\d{3}) ", reply)
        return int(match.group(1)) if match else 0

    def request(
        self, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> int:
        head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for name, value in ({"Content-Length": str(len(body))} | (headers or {})).items():
            head += f"{name}: {value}\r\n"
        return self.send(head.encode("utf-8", "surrogateescape") + b"\r\n" + body)


@pytest.fixture
def receiver(store: Store) -> Iterator[Receiver]:
    r = Receiver(store)
    # One text queued per account, so delivery reports have something to move.
    luca = store.contacts.upsert(Contact(None, "Luca", [phone_address(CLIENT)]))
    contact = store.contacts.get(luca)
    now = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
    for account in r.config.accounts:  # ids 1, 2, 3: one per gateway
        only = dataclasses.replace(r.config, accounts=(account,))
        queue_sms(store, only, contact=contact, original=None, text="ciao", now=now)
    yield r
    r.close()


def snapshot(store: Store) -> dict[str, list]:
    """Every row of every table: a refused request must not change a single one."""
    tables = [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: store.query(f'SELECT * FROM "{t}"') for t in tables}


def outcome(receiver: Receiver, before: dict[str, list], status: int) -> None:
    """The contract of every answer: 200 or a clear 4xx; a refusal stores nothing."""
    assert status == 200 or 400 <= status < 500, status
    after = snapshot(receiver.store)
    if status != 200:
        assert after == before, "a refused request changed the store"
        return
    added = len(after["messages"]) - len(before["messages"])
    assert added in (0, 1)
    for row in receiver.store.query("SELECT body, sender, summary FROM messages"):
        for value in row:
            assert not CONTROLS.search(value or ""), ascii(value)


nasty_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(NASTY)), max_size=6).map(
    "".join
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=8,
)


# -- raw HTTP -------------------------------------------------------------------------------

TOKEN = b"{token}"  # replaced by the Kannel account's real path token
TARGETS = [
    b"/hook/k/{token}/kannel/inbound?from=%2B393331234567&text=ciao&id=", b"/hook/k/{token}/x",
    b"/hook/k/{token}/kannel/dlr?id=1&type=8", b"/hook/k/wrong/kannel/inbound", b"/elsewhere",
    b"//[x", b"/hook/k/{token}/%ff%00", b"/" + b"a" * 9000, b"",
]  # fmt: skip
HEADERS = [
    b"Content-Length: 0", b"Content-Length: 5", b"Content-Length: \xb2", b"Content-Length: -1",
    b"Content-Length: " + b"7" * 5000, b"Content-Length: 99999999", b"Transfer-Encoding: chunked",
    b"no colon here", b"Host: x", b"X-Junk: \x00\xff", b": empty name",
]  # fmt: skip


@st.composite
def raw_request(draw) -> bytes:
    method = draw(st.sampled_from([b"GET", b"GET", b"POST", b"PUT", b"G\x00T", b""]))
    target = draw(st.one_of(st.sampled_from(TARGETS), st.binary(max_size=30)))
    if target.endswith(b"id="):
        target += str(draw(st.integers(0, 10**6))).encode()  # a new text, or a retry
    version = draw(st.sampled_from([b"HTTP/1.1", b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2", b""]))
    eol = draw(st.sampled_from([b"\r\n", b"\r\n", b"\n"]))
    headers = draw(
        st.lists(st.one_of(st.sampled_from(HEADERS), st.binary(max_size=20)), max_size=4)
    )
    lines = [b" ".join(p for p in (method, target, version) if p), *headers, b""]
    return eol.join(lines) + eol + draw(st.binary(max_size=40))


@fuzz("http")
@given(raw_request())
def test_raw_http(receiver: Receiver, data: bytes) -> None:
    token = receiver.service.server.tokens["k"].encode()
    before = snapshot(receiver.store)
    outcome(receiver, before, receiver.send(data.replace(TOKEN, token)))


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (b"Content-Length: \xb2", 400),  # isdigit() but not int(): was a 500
        (b"Content-Length: " + b"7" * 5000, 400),  # beyond int()'s 4,300 digits: was a 500
        (b"Content-Length: 99999999", 413),
        (b"Transfer-Encoding: chunked", 400),
    ],
)
def test_http_regressions(receiver: Receiver, header: bytes, status: int) -> None:
    path = receiver.path("k", "kannel/inbound").encode()
    assert receiver.send(b"POST " + path + b" HTTP/1.1\r\n" + header + b"\r\n\r\n") == status
    assert receiver.send(b"GET //[x HTTP/1.1\r\n\r\n") == 400  # urlsplit raised: a 500


# -- Kannel (unsigned: the secret path is its only guard) ----------------------------------

kannel_params = st.fixed_dictionaries(
    {},
    optional={
        "from": st.one_of(st.just(CLIENT), st.just("TIM"), nasty_text),
        "to": st.one_of(st.just(NUMBER), nasty_text),
        "text": st.one_of(
            nasty_text.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=40)
        ),  # fmt: skip
        "coding": st.sampled_from(["0", "1", "2", "x", ""]),
        "charset": st.sampled_from(["UTF-8", "UTF-16BE", "WINDOWS-1252", "binary", "?", ""]),
        "id": st.one_of(st.uuids().map(str), nasty_text),
        "ts": st.one_of(st.integers(-(2**70), 2**70).map(str), nasty_text),
        "type": st.one_of(st.sampled_from(["1", "2", "4", "8", "16", "3"]), nasty_text),
        "reply": nasty_text,
    },
)


def kannel_query(params: dict) -> str:
    parts = []
    for key, value in params.items():
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        parts.append(f"{quote(key, safe='')}={quote_from_bytes(raw, safe='')}")
    return "&".join(parts)


def mutated(base: dict, other) -> st.SearchStrategy[dict]:
    """A valid payload with some fields dropped, some replaced by anything, some added."""
    return st.builds(
        lambda drop, replace, extra: (
            {k: replace.get(k, v) for k, v in base.items() if k not in drop} | extra
        ),
        st.sets(st.sampled_from(sorted(base)), max_size=1),
        st.dictionaries(st.sampled_from(sorted(base)), other, max_size=1),
        st.dictionaries(st.text(max_size=8), other, max_size=1),
    )


KANNEL_INBOUND = {"from": CLIENT, "to": NUMBER, "text": b"ciao", "coding": "0",
                  "charset": "UTF-8", "id": "k-1", "ts": "1795000000"}  # fmt: skip
KANNEL_DLR = {"id": "1", "type": "16", "reply": "id:9 stat:UNDELIV err:0B1"}
anything = st.one_of(nasty_text, st.binary(max_size=30))


@fuzz("kannel")
@given(
    call=st.one_of(
        st.tuples(st.just("kannel/inbound"), mutated(KANNEL_INBOUND, anything)),
        st.tuples(st.just("kannel/dlr"), mutated(KANNEL_DLR, anything)),
        st.tuples(st.sampled_from(["kannel/inbound", "kannel/dlr"]), kannel_params),
    ),
    unique=st.integers(0, 10**6),
)
def test_kannel_callbacks(receiver: Receiver, call: tuple[str, dict], unique: int) -> None:
    rest, params = call
    if params.get("id") == "k-1":
        params["id"] = f"k-{unique}"  # mostly new texts, some retries
    before = snapshot(receiver.store)
    target = receiver.path("k", rest) + "?" + kannel_query(params)
    outcome(receiver, before, receiver.request("GET", target))


# -- SMS Gateway for Android (HMAC-SHA256 over body and timestamp) ------------------------


SMSGATE_INBOUND = {"messageId": "m-1", "message": "ciao", "sender": CLIENT,
                   "recipient": NUMBER, "receivedAt": "2026-11-23T09:00:00Z"}  # fmt: skip
SMSGATE_STATUS = {"messageId": "2", "reason": "RESULT_ERROR_GENERIC_FAILURE"}


@fuzz("smsgate")
@given(
    call=st.one_of(
        st.tuples(
            st.just("smsgate/inbound"),
            st.just("sms:received"),
            mutated(SMSGATE_INBOUND, json_values),
        ),
        st.tuples(
            st.just("smsgate/status"),
            st.sampled_from(["sms:sent", "sms:failed"]),
            mutated(SMSGATE_STATUS, json_values),
        ),
        st.tuples(
            st.sampled_from(["smsgate/inbound", "smsgate/status"]),
            st.sampled_from(["sms:received", "sms:delivered", "x"]),
            json_values,
        ),
    ),  # fmt: skip
    unique=st.integers(0, 10**6),
    skew=st.sampled_from([0, 0, 0, 290, -290, 310, -100_000, 10**13]),
    signing=st.sampled_from(["good", "good", "good", "wrong-key", "none", "tampered"]),
)
def test_smsgate_webhooks(
    receiver: Receiver, call: tuple, unique: int, skew: int, signing: str
) -> None:
    rest, event, payload = call
    if isinstance(payload, dict) and payload.get("messageId") == "m-1":
        payload["messageId"] = f"m-{unique}"  # mostly new texts, some retries
    body = json.dumps({"event": event, "payload": payload}).encode()
    stamp = str(int(time.time()) + skew)
    key = "other-key" if signing == "wrong-key" else SECRETS["g"]
    headers = {"Content-Type": "application/json"}
    if signing != "none":
        headers |= {"X-Timestamp": stamp, "X-Signature": smsgate_signature(key, body, stamp)}
    if signing == "tampered":
        body = body.replace(b"event", b"Event")
    before = snapshot(receiver.store)
    status = receiver.request("POST", receiver.path("g", rest), body, headers)
    outcome(receiver, before, status)
    if signing != "good" or abs(skew) > 300:
        assert status == 401


# -- Twilio (HMAC-SHA1 over the URL and the sorted form) ------------------------------------

twilio_names = st.sampled_from(
    ["Body", "From", "To", "MessageSid", "MessageStatus", "ErrorCode", "ErrorMessage", "NumMedia"]
) | st.text(max_size=6)
TWILIO_INBOUND = {"Body": "ciao", "From": CLIENT, "To": NUMBER, "MessageSid": "SM1"}
TWILIO_STATUS = {"MessageSid": "SM2", "MessageStatus": "undelivered", "ErrorCode": "30003"}


@fuzz("twilio")
@given(
    call=st.one_of(
        st.tuples(st.just("twilio/inbound"), mutated(TWILIO_INBOUND, nasty_text)),
        st.tuples(st.just("twilio/status"), mutated(TWILIO_STATUS, nasty_text)),
        st.tuples(
            st.sampled_from(["twilio/inbound", "twilio/status"]),
            st.lists(st.tuples(twilio_names, nasty_text), max_size=8).map(dict),
        ),
    ),  # fmt: skip
    unique=st.integers(0, 10**6),
    our_id=st.one_of(st.sampled_from(["1", "2", "3"]), nasty_text),
    signing=st.sampled_from(["good", "good", "good", "wrong-token", "none"]),
)
def test_twilio_webhooks(
    receiver: Receiver, call: tuple, unique: int, our_id: str, signing: str
) -> None:
    rest, form = call
    if form.get("MessageSid") == "SM1":
        form["MessageSid"] = f"SM{unique}"  # mostly new texts, some retries
    params = [(str(k).replace("\x00", ""), str(v)) for k, v in form.items()]
    target = receiver.path("t", rest) + "?id=" + quote(our_id.encode("utf-8", "surrogatepass"))
    body = urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in params]).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signing != "none":
        token = "other" if signing == "wrong-token" else SECRETS["t"]
        headers["X-Twilio-Signature"] = twilio_signature(token, receiver.url + target, params)
    before = snapshot(receiver.store)
    status = receiver.request("POST", target, body, headers)
    outcome(receiver, before, status)
    if signing != "good":
        assert status in (400, 401)


# -- sizes, replays ----------------------------------------------------------------------------


@fuzz("sizes")
@given(size=st.integers(0, 200_000), declared=st.sampled_from(["exact", "more", "less"]))
def test_huge_bodies(receiver: Receiver, size: int, declared: str) -> None:
    length = {"exact": size, "more": size + 10, "less": max(size - 10, 0)}[declared]
    # Past the limit the receiver answers 413 from the headers alone and closes: sending
    # the body too would only race its close (a reset can eat the answer).
    body = b"x" * (size if length <= 64 * 1024 else 0)
    before = snapshot(receiver.store)
    status = receiver.request(
        "POST", receiver.path("g", "smsgate/inbound"), body, {"Content-Length": str(length)}
    )
    outcome(receiver, before, status)
    assert status == (413 if length > 64 * 1024 else 401 if declared != "more" else 400)


def test_ids_we_never_issued_name_no_message(receiver: Receiver) -> None:
    """ "²" passed isdigit() and made int() raise (a 500); "٣" read as 3 moved text 3."""
    store = receiver.store
    before = snapshot(store)
    for odd in ("%C2%B2", "%D9%A3", "%EF%BC%93"):  # superscript 2, Arabic-Indic 3, fullwidth 3
        dlr = receiver.path("k", "kannel/dlr") + f"?id={odd}&type=1"
        assert receiver.request("GET", dlr) == 400  # unsigned: a forged or garbled report
        params = [("MessageSid", "SM9"), ("MessageStatus", "delivered")]
        target = receiver.path("t", "twilio/status") + f"?id={odd}"
        signed = {
            "X-Twilio-Signature": twilio_signature(SECRETS["t"], receiver.url + target, params)
        }
        assert receiver.request("POST", target, urlencode(params).encode(), signed) == 200
    assert snapshot(store) == before  # the signed ones were taken, and named nothing


def test_replays_are_stored_once_or_refused(receiver: Receiver) -> None:
    store = receiver.store
    count = store.messages.count()
    # Kannel and Twilio sign no time: a replay is a retry, stored once by the gateway's id.
    target = (
        receiver.path("k", "kannel/inbound")
        + "?"
        + kannel_query(
            {"from": CLIENT, "to": NUMBER, "text": b"ciao", "charset": "UTF-8", "id": "r-1"}
        )
    )
    assert [receiver.request("GET", target) for _ in range(3)] == [200, 200, 200]
    params = [("Body", "hi"), ("From", CLIENT), ("MessageSid", "SMreplay"), ("To", NUMBER)]
    target = receiver.path("t", "twilio/inbound")
    signed = {"X-Twilio-Signature": twilio_signature(SECRETS["t"], receiver.url + target, params)}
    form = urlencode(params).encode()
    assert [receiver.request("POST", target, form, signed) for _ in range(2)] == [200, 200]
    # SMS Gateway for Android signs a timestamp: an old request is refused outright.
    payload = {"messageId": "m-1", "message": "hi", "sender": CLIENT}
    body = json.dumps({"event": "sms:received", "payload": payload}).encode()
    target = receiver.path("g", "smsgate/inbound")
    for age, expected in ((0, 200), (0, 200), (600, 401)):
        stamp = str(int(time.time()) - age)
        headers = {
            "X-Timestamp": stamp,
            "X-Signature": smsgate_signature(SECRETS["g"], body, stamp),
        }
        assert receiver.request("POST", target, body, headers) == expected
    assert store.messages.count() == count + 3
    # The wrong account's token, or no token: 401, whatever the gateway would have said.
    assert receiver.request("GET", "/hook/k/wrong/kannel/inbound?" + "text=x&id=1") == 401
