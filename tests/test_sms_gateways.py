"""SMS gateways: Twilio and SMS Gateway for Android against local fakes of their published
APIs (tests/servers), Kannel's callback parsing, signatures, and fuzzed webhooks.

Kannel's own sending is covered against a real Kannel elsewhere; here only what needs none.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, quote_from_bytes, unquote, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inbox_tui.channels.sms import make_gateway
from inbox_tui.channels.sms.base import (
    HttpResponse,
    Inbound,
    SmsConfigError,
    SmsError,
    SmsRejected,
    StatusUpdate,
    WebhookRejected,
    WebhookRequest,
    http_request,
)
from inbox_tui.channels.sms.kannel import KannelGateway
from inbox_tui.channels.sms.smsgate import SmsGateGateway, api_base
from inbox_tui.channels.sms.twilio import TwilioGateway, signature
from inbox_tui.core.config import SmsAccount
from servers import free_port
from servers.fake_smsgate import FakeSmsGate, smsgate_signature
from servers.fake_twilio import FakeTwilio, twilio_signature

SID, TOKEN, TW_NUMBER = "AC" + "c0ffee" * 5 + "00", "tw-auth-token", "+390212345678"
CLIENT = "+393331234567"
NOW = 1_780_000_000.0


class Receiver:
    """Collects webhooks as the app's receiver hands them over: WebhookRequests."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[WebhookRequest] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._take()

            def do_POST(self) -> None:
                self._take()

            def _take(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                split = urlsplit(self.path)
                receiver.requests.append(
                    WebhookRequest(
                        method=self.command,
                        url=receiver.url + self.path,
                        path=unquote(split.path),
                        query=parse_qs(split.query, keep_blank_values=True),
                        headers={k.lower(): v for k, v in self.headers.items()},
                        body=body,
                        received_at=time.time(),
                    )
                )
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def hook(
    url: str, body: bytes = b"", headers: dict[str, str] | None = None, **kw
) -> WebhookRequest:
    split = urlsplit(url)
    fields = dict(
        method="POST",
        url=url,
        path=split.path,
        query=parse_qs(split.query, keep_blank_values=True),
        headers=headers or {},
        body=body,
        received_at=NOW,
    )
    return WebhookRequest(**(fields | kw))


def rejected(call, *args) -> int:
    with pytest.raises(WebhookRejected) as info:
        call(*args)
    return info.value.status


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


# --- Twilio ------------------------------------------------------------------------------

TW_ACCOUNT = SmsAccount(name="tw", gateway="twilio", number=TW_NUMBER, account_sid=SID)
DOC_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"


def doc_params(caller: str) -> list[tuple[str, str]]:
    fields = {"CallSid": "CA1234567890ABCDE", "Caller": caller, "Digits": "1234"}
    return list((fields | {"From": caller, "To": "+18005551212"}).items())


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        # Twilio's own helper libraries pin this one: twilio-python
        # tests/unit/test_request_validator.py, twilio-php docs/usage/validation.rst.
        ("+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        # The same example as twilio.com/docs/usage/webhooks/webhooks-security now words it
        # (Twilio's 867-5310 placeholder number), as independent implementations cite it.
        ("+14158675310", "GvWf1cFY/Q7PnoempGyD5oXAezc="),
    ],
)
def test_twilio_published_signature_vectors(caller: str, expected: str) -> None:
    assert signature("12345", DOC_URL, doc_params(caller)) == expected
    assert twilio_signature("12345", DOC_URL, doc_params(caller)) == expected  # the fake agrees


def test_twilio_signature_vectors_for_repeated_params_and_ports() -> None:
    # twilio-python tests/unit/test_request_validator.py
    params = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")]
    assert signature("12345", DOC_URL, params) == "IK+Dwps556ElfBT0I3Rgjkr1wJU="
    with_port = DOC_URL.replace(".com", ".com:443")
    assert (
        signature("12345", with_port, doc_params("+14158675309")) == "kvajT1Ptam85bY51eRf/AJRuM3w="
    )


def twilio_gateway(fake: FakeTwilio, token: str = TOKEN) -> TwilioGateway:
    return TwilioGateway(TW_ACCOUNT, token, "IT", http_timeout=5, api_base=fake.url)


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN, TW_NUMBER) as fake:
        yield fake


async def test_twilio_send_and_status_callbacks(twilio: FakeTwilio, receiver: Receiver) -> None:
    gw = twilio_gateway(twilio)
    result = await gw.send(CLIENT, "Ciao Luca 😀", "42", receiver.url + "/hook")
    assert result.state == "queued" and result.gateway_id and result.gateway_id.startswith("SM")
    assert twilio.sent == [
        {"To": CLIENT, "From": TW_NUMBER, "Body": "Ciao Luca 😀"}
        | {"StatusCallback": f"{receiver.url}/hook/twilio/status?id=42"}
    ]
    assert twilio.post_status(result.gateway_id, "sent") == 200
    assert twilio.post_status(result.gateway_id, "undelivered", "30003") == 200
    sent, failed = (gw.parse_status(r) for r in receiver.requests)
    assert sent == StatusUpdate("42", result.gateway_id, "sent", None, None)
    assert failed.state == "failed" and failed.code == "30003" and failed.our_id == "42"
    assert failed.reason and "unreachable" in failed.reason


async def test_twilio_inbound_is_verified_and_sanitised(
    twilio: FakeTwilio, receiver: Receiver
) -> None:
    gw = twilio_gateway(twilio)
    text = "Ciao 😀\nA domani\x1b]0;pwned\x07!"
    status, sid = twilio.deliver_inbound(receiver.url + "/h/twilio/inbound", CLIENT, text, NOW)
    assert status == 200
    req = receiver.requests[0]
    got = gw.parse_inbound(req)
    assert got == Inbound(sid, CLIENT, TW_NUMBER, "Ciao 😀\nA domani!", int(req.received_at))
    assert gw.parse_inbound(req).gateway_id == sid  # a retry keys the same: stored once
    tampered = dataclasses.replace(req, body=req.body.replace(b"domani", b"dopodomani"))
    assert rejected(gw.parse_inbound, tampered) == 401
    unsigned = dataclasses.replace(req, headers={"content-type": "x"})
    assert rejected(gw.parse_inbound, unsigned) == 401
    elsewhere = dataclasses.replace(req, url=req.url.replace("/h/", "/other/"))
    assert rejected(gw.parse_inbound, elsewhere) == 401
    assert rejected(twilio_gateway(twilio, "other-token").parse_inbound, req) == 401


def signed_form(url: str, params: list[tuple[str, str]], token: str = TOKEN) -> WebhookRequest:
    body = urlencode(params).encode()
    return hook(url, body, {"x-twilio-signature": twilio_signature(token, url, params)})


def test_twilio_forged_and_malformed_webhooks() -> None:
    gw = TwilioGateway(TW_ACCOUNT, TOKEN, "IT")
    url = "https://hooks.example/h/twilio/status?id=7"
    ok = [("MessageSid", "SM1"), ("MessageStatus", "delivered")]
    assert gw.parse_status(signed_form(url, ok)).state == "delivered"
    assert rejected(gw.parse_status, signed_form(url, ok, token="forged")) == 401
    # Twilio's validators accept the default port added or dropped by a proxy.
    with_port = "https://hooks.example:443/h/twilio/status?id=7"
    assert gw.parse_status(dataclasses.replace(signed_form(with_port, ok), url=url)).our_id == "7"
    assert gw.parse_status(dataclasses.replace(signed_form(url, ok), url=with_port)).our_id == "7"
    assert rejected(gw.parse_status, signed_form(url, [("MessageSid", "SM1")])) == 400
    assert rejected(gw.parse_status, signed_form(url, ok[1:] + [("MessageStatus", "x")])) == 400
    assert (
        rejected(gw.parse_inbound, signed_form(url, [("From", CLIENT), ("MessageSid", "S")])) == 400
    )
    no_number = [("Body", "hi"), ("From", "<x>"), ("MessageSid", "SM2"), ("To", TW_NUMBER)]
    assert rejected(gw.parse_inbound, signed_form(url, no_number)) == 400
    # An alphanumeric sender (a carrier, a bank) is kept under its name, not refused.
    named = [("Body", "hi"), ("From", "TIM"), ("MessageSid", "SM3"), ("To", TW_NUMBER)]
    assert gw.parse_inbound(signed_form(url, named)).sender == "TIM"
    latin1 = hook(url, b"Body=caff%E8", {"x-twilio-signature": "x"})
    assert rejected(gw.parse_inbound, latin1) == 400


async def test_twilio_send_errors(twilio: FakeTwilio, receiver: Receiver) -> None:
    with pytest.raises(SmsConfigError, match="20003"):
        await twilio_gateway(twilio, "wrong").send(CLIENT, "hi", "1", receiver.url)
    with pytest.raises(SmsRejected, match="21211"):
        await twilio_gateway(twilio).send("12", "hi", "1", receiver.url)
    other_from = TwilioGateway(
        dataclasses.replace(TW_ACCOUNT, number="+15005550006"), TOKEN, "IT", api_base=twilio.url
    )
    with pytest.raises(SmsConfigError, match="21606"):
        await other_from.send(CLIENT, "hi", "1", receiver.url)
    for status, error in [(500, SmsError), (503, SmsError), (429, SmsError)]:
        twilio.answer_next = (status, {"code": 20500, "message": "Internal", "status": status})
        with pytest.raises(error):
            await twilio_gateway(twilio).send(CLIENT, "hi", "1", receiver.url)
    twilio.answer_next = (400, {"code": 21611, "message": "queue full", "status": 400})
    with pytest.raises(SmsError) as info:
        await twilio_gateway(twilio).send(CLIENT, "hi", "1", receiver.url)
    assert not isinstance(info.value, SmsConfigError)
    assert twilio.sent == []


async def test_twilio_list_inbound_pages_and_filters(twilio: FakeTwilio) -> None:
    twilio.max_page_size = 2
    day = 86400
    old = twilio.add_inbound(CLIENT, "old", NOW - 10 * day)
    wanted = [twilio.add_inbound(CLIENT, f"msg {i}", NOW - day + i * 60) for i in range(5)]
    promo = twilio.add_inbound("TIM", "promo", NOW - day)  # alphanumeric: kept by name
    await twilio_gateway(twilio).send(CLIENT, "outbound", "9", "http://127.0.0.1:1")
    got = await twilio_gateway(twilio).list_inbound(int(NOW - 2 * day))
    assert sorted(m.gateway_id for m in got) == sorted(m["sid"] for m in [*wanted, promo])
    assert old["sid"] not in {m.gateway_id for m in got}
    first = next(m for m in got if m.gateway_id == wanted[0]["sid"])
    assert (first.sender, first.receiver, first.text) == (CLIENT, TW_NUMBER, "msg 0")
    assert first.timestamp == int(NOW - day)
    with pytest.raises(SmsConfigError):
        await twilio_gateway(twilio, "wrong").list_inbound(0)


# --- SMS Gateway for Android -------------------------------------------------------------

USER, PASSWORD, KEY = "sms", "app-password", "signing-key"


def smsgate_gateway(fake: FakeSmsGate, password: str = PASSWORD) -> SmsGateGateway:
    account = SmsAccount(name="phone", gateway="smsgate", url=fake.url, username=USER)
    return SmsGateGateway(account, password, "IT", http_timeout=5, signing_key=KEY)


@pytest.fixture(params=["local", "cloud"])
def smsgate(request: pytest.FixtureRequest) -> Iterator[FakeSmsGate]:
    with FakeSmsGate(USER, PASSWORD, KEY, mode=request.param) as fake:
        yield fake


def test_smsgate_mode_from_url() -> None:
    assert api_base("http://192.168.1.20:8080") == ("http://192.168.1.20:8080", False)
    assert api_base("http://192.168.1.20:8080/message") == ("http://192.168.1.20:8080", False)
    assert api_base("https://api.sms-gate.app") == ("https://api.sms-gate.app/3rdparty/v1", True)
    own = "https://sms.example/api/3rdparty/v1"
    assert api_base(own + "/messages/") == (own, True)


async def test_smsgate_send_and_status_webhooks(smsgate: FakeSmsGate, receiver: Receiver) -> None:
    gw = smsgate_gateway(smsgate)
    result = await gw.send(CLIENT, "Ciao 😀", "42", receiver.url)
    assert (result.gateway_id, result.state) == ("42", "queued")
    assert smsgate.paths == ["/message" if smsgate.mode == "local" else "/3rdparty/v1/messages"]
    body = {"id": "42", "textMessage": {"text": "Ciao 😀"}, "phoneNumbers": [CLIENT]}
    assert smsgate.sent == [body | {"withDeliveryReport": True}]
    # A retry whose first answer was lost: the gateway says 409, the message is queued.
    assert await gw.send(CLIENT, "Ciao 😀", "42", receiver.url) == result
    status_url = receiver.url + "/h/smsgate/status"
    for event in ("sms:sent", "sms:delivered"):
        assert smsgate.report(status_url, "42", event) == 200
    assert smsgate.report(status_url, "42", "sms:failed", "RESULT_ERROR_GENERIC_FAILURE") == 200
    updates = [gw.parse_status(r) for r in receiver.requests]
    assert [(u.our_id, u.state) for u in updates] == [
        ("42", s) for s in ("sent", "delivered", "failed")
    ]
    assert updates[2].reason == "RESULT_ERROR_GENERIC_FAILURE" and updates[0].reason is None


async def test_smsgate_send_errors(smsgate: FakeSmsGate, receiver: Receiver) -> None:
    with pytest.raises(SmsConfigError, match="401"):
        await smsgate_gateway(smsgate, "wrong").send(CLIENT, "hi", "1", receiver.url)
    with pytest.raises(SmsRejected, match="invalid phone number"):
        await smsgate_gateway(smsgate).send("12345", "hi", "1", receiver.url)
    smsgate.answer_next = (503, {"message": "queue limits exceeded"})
    with pytest.raises(SmsError, match="queue limits"):
        await smsgate_gateway(smsgate).send(CLIENT, "hi", "2", receiver.url)
    # A redirect is not followed (it would take our credentials along): fix the URL.
    smsgate.answer_next = (302, {"message": "moved"}, {"Location": receiver.url + "/elsewhere"})
    with pytest.raises(SmsConfigError, match="302"):
        await smsgate_gateway(smsgate).send(CLIENT, "hi", "3", receiver.url)
    assert smsgate.sent == [] and receiver.requests == []


async def test_smsgate_inbound_webhook(smsgate: FakeSmsGate, receiver: Receiver) -> None:
    gw = smsgate_gateway(smsgate)
    when = time.time() - 30
    message_id = smsgate.receive(
        receiver.url + "/h/smsgate/inbound", "+39 333 1234567", "Ciao\x1b[2J 😀", when
    )
    got = gw.parse_inbound(receiver.requests[0])
    assert got == Inbound(message_id, CLIENT, "+393330000000", "Ciao 😀", int(when))
    assert rejected(gw.parse_status, receiver.requests[0]) == 400  # not a status event


def smsgate_hook(fake: FakeSmsGate, event: str, payload: dict, stamp: int) -> WebhookRequest:
    body = fake.event_body(event, payload)
    headers = {k.lower(): v for k, v in fake.signed_headers(body, stamp).items()}
    return hook("https://hooks.example/h/smsgate/inbound", body, headers)


def test_smsgate_forged_replayed_and_malformed_webhooks() -> None:
    fake = FakeSmsGate(USER, PASSWORD, KEY)  # not started: only its signing is used
    gw = smsgate_gateway(fake)
    payload = {
        "messageId": "m1",
        "message": "hi",
        "sender": CLIENT,
        "receivedAt": "2026-05-28T10:00:00Z",
    }
    good = smsgate_hook(fake, "sms:received", payload, int(NOW))
    assert gw.parse_inbound(good).text == "hi"
    assert gw.parse_inbound(dataclasses.replace(good, received_at=NOW + 299)).gateway_id == "m1"
    # Forged: another key; tampered body; signature or timestamp missing.
    assert (
        rejected(SmsGateGateway(gw.account, PASSWORD, "IT", signing_key="x").parse_inbound, good)
        == 401
    )
    assert (
        rejected(gw.parse_inbound, dataclasses.replace(good, body=good.body.replace(b"hi", b"ho")))
        == 401
    )
    for missing in ("x-signature", "x-timestamp"):
        headers = {k: v for k, v in good.headers.items() if k != missing}
        assert rejected(gw.parse_inbound, dataclasses.replace(good, headers=headers)) == 401
    # Replayed: a correctly signed request from ten minutes ago (or ahead).
    assert rejected(gw.parse_inbound, dataclasses.replace(good, received_at=NOW + 600)) == 401
    assert rejected(gw.parse_inbound, dataclasses.replace(good, received_at=NOW - 600)) == 401
    # Malformed, but signed: 400.
    body = b"{not json"
    headers = {k.lower(): v for k, v in fake.signed_headers(body, int(NOW)).items()}
    assert rejected(gw.parse_inbound, hook("https://h.example/x", body, headers)) == 400
    for broken in ({**payload, "messageId": ""}, {**payload, "sender": "<x>"}, {"message": 5}):
        assert (
            rejected(gw.parse_inbound, smsgate_hook(fake, "sms:received", broken, int(NOW))) == 400
        )
    assert rejected(gw.parse_status, smsgate_hook(fake, "sms:delivered", {}, int(NOW))) == 400


async def test_smsgate_list_inbound(smsgate: FakeSmsGate) -> None:
    smsgate.max_page = 2  # the server pages smaller than asked: follow X-Total-Count
    since = int(time.time()) - 3600
    smsgate.add_inbox(CLIENT, "too old", since - 60)
    ids = [smsgate.add_inbox(CLIENT, f"msg {i}", since + 60 * i) for i in range(5)]
    smsgate.add_inbox(CLIENT, "secret", since + 10, isEncrypted=True)
    got = await smsgate_gateway(smsgate).list_inbound(since)
    assert sorted(m.gateway_id for m in got) == sorted(ids)
    assert {m.text for m in got} == {f"msg {i}" for i in range(5)}
    smsgate.inbox_api = False  # an app or server that predates GET /inbox
    assert await smsgate_gateway(smsgate).list_inbound(since) == []


# --- Kannel --------------------------------------------------------------------------------

KANNEL = SmsAccount(
    name="k",
    gateway="kannel",
    number=TW_NUMBER,
    url="http://127.0.0.1:1/cgi-bin/sendsms",
    username="inbox",
)
kannel = KannelGateway(KANNEL, "pw", "IT")


def dlr(query: str) -> WebhookRequest:
    return hook(f"https://hooks.example/h/kannel/dlr?{query}", method="GET")


@pytest.mark.parametrize(
    ("dlr_type", "state"),
    [(1, "delivered"), (2, "failed"), (4, "buffered"), (8, "sent"), (16, "failed")],
)
def test_kannel_dlr_types(dlr_type: int, state: str) -> None:
    reply = quote("id:9 sub:001 dlvrd:000 submit date:2605281000 stat:UNDELIV err:0B1 text:")
    got = kannel.parse_status(dlr(f"id=42&type={dlr_type}&smsc=fake&reply={reply}"))
    assert (got.our_id, got.gateway_id, got.state) == ("42", None, state)
    if state in ("failed", "buffered"):  # the SMSC's reply explains; otherwise it is noise
        assert got.code == "0B1" and got.reason and got.reason.startswith("id:9 sub:001")
    else:
        assert (got.code, got.reason) == (None, None)


def test_kannel_dlr_malformed() -> None:
    for query in ("type=1", "id=42&type=3", "id=42&type=x", "id=42", "id=&type=1"):
        assert rejected(kannel.parse_status, dlr(query)) == 400
    assert kannel.parse_status(dlr("id=42&type=16&smsc=&reply=")).reason is None


def mo(
    text: bytes, charset: str, coding: str = "0", sender: str = CLIENT, **extra: str
) -> WebhookRequest:
    params = {"from": sender, "to": TW_NUMBER, "coding": coding, "charset": charset, "smsc": "fake"}
    params |= {"id": "6f1c2e7a-0b1d-4d2e-9a55-1f0e2d3c4b5a", "ts": "1780000000"} | extra
    query = urlencode(params) + "&text=" + quote_from_bytes(text)
    return hook(f"https://hooks.example/h/kannel/inbound?{query}", method="GET")


@pytest.mark.parametrize(
    ("text", "charset", "coding"),
    [
        ("Ciao  a tutti,\nci vediamo alle 10", "UTF-8", "0"),  # spaces and newline kept
        ("Caffè per 2€ [ok]?", "UTF-8", "0"),  # GSM text: UTF-8 since Kannel 1.4.2
        ("Grazie 😀🎉 a domani", "UTF-16BE", "2"),  # UCS-2 as the handset sent it
        ("Grazie 😀🎉 a domani", "UTF-8", "0"),  # UCS-2 after mo-recode
        ("Caffè già pronto", "WINDOWS-1252", "0"),  # mo-recode found Windows-1252 enough
    ],
)
def test_kannel_inbound_text(text: str, charset: str, coding: str) -> None:
    codec = {"UTF-16BE": "utf-16-be", "WINDOWS-1252": "cp1252"}.get(charset, "utf-8")
    got = kannel.parse_inbound(mo(text.encode(codec), charset, coding))
    assert got == Inbound(
        "6f1c2e7a-0b1d-4d2e-9a55-1f0e2d3c4b5a", CLIENT, TW_NUMBER, text, 1780000000
    )


def test_kannel_inbound_numbers_time_and_rejections() -> None:
    for sender in ("00393331234567", "3331234567", "+39 333 123 4567"):
        assert kannel.parse_inbound(mo(b"hi", "UTF-8", sender=sender)).sender == CLIENT
    assert kannel.parse_inbound(mo(b"hi", "UTF-8", ts="")).timestamp == int(NOW)
    assert kannel.parse_inbound(mo(b"a\x1b]52;c;evil\x07b", "UTF-8")).text == "ab"
    assert kannel.parse_inbound(mo(b"hi", "UTF-8", to="4242")).receiver == TW_NUMBER
    no_text = hook("https://hooks.example/h/kannel/inbound?from=%2B393331234567&id=1", method="GET")
    assert rejected(kannel.parse_inbound, no_text) == 400
    assert rejected(kannel.parse_inbound, mo(b"hi", "UTF-8", sender="<x>")) == 400
    assert kannel.parse_inbound(mo(b"hi", "UTF-8", sender="TIM")).sender == "TIM"
    assert rejected(kannel.parse_inbound, mo(b"hi", "UTF-8", id="")) == 400
    assert rejected(kannel.parse_inbound, mo(b"\x00\x41\x00", "UTF-16BE", "2")) == 400
    assert rejected(kannel.parse_inbound, mo(b"\x01\x02", "binary", "1")) == 400


def test_kannel_send_answers() -> None:
    ok = kannel._result(HttpResponse(202, b"0: Accepted for delivery"))
    assert (ok.gateway_id, ok.state) == (None, "queued")
    assert kannel._result(HttpResponse(202, b"3: Queued for later delivery")).state == "queued"
    cases = [
        (403, b"Authorization failed for sendsms", SmsConfigError),
        (403, b"Number(s) has/have been denied by white- and/or black-lists.", SmsRejected),
        (400, b"Sender missing and no global set, rejected", SmsConfigError),
        (400, b"Missing receiver number, rejected", SmsRejected),
        (503, b"Sending failed.", SmsError),
        (404, b"Not Found", SmsConfigError),
    ]
    for status, body, error in cases:
        with pytest.raises(error) as info:
            kannel._result(HttpResponse(status, body))
        assert type(info.value) is error and "pw" not in str(info.value)


async def test_kannel_send_refuses_an_id_it_cannot_echo_and_lists_nothing() -> None:
    with pytest.raises(ValueError):
        await kannel.send(CLIENT, "hi", "a&b", "http://h.example")
    assert await kannel.list_inbound(0) == []
    assert "%d" in kannel.callback_urls("http://h.example/x")["dlr-url (per message)"]


# --- transport and factory ---------------------------------------------------------------


async def test_transport_failures_are_transient() -> None:
    with pytest.raises(SmsError, match="refused") as info:
        await KannelGateway(
            dataclasses.replace(KANNEL, url=f"http://127.0.0.1:{free_port()}/x"), "pw", "IT"
        ).send(CLIENT, "hi", "1", "http://h")
    assert not isinstance(info.value, SmsConfigError) and "pw" not in str(info.value)
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        with pytest.raises(SmsError, match="timed out"):
            await http_request("GET", url, timeout=0.2)
    with pytest.raises(SmsConfigError):
        await http_request("GET", "ftp://example.org/", timeout=1)


def test_make_gateway() -> None:
    assert isinstance(make_gateway(KANNEL, "pw", "IT"), KannelGateway)
    assert isinstance(make_gateway(TW_ACCOUNT, TOKEN, "IT"), TwilioGateway)
    phone = SmsAccount(name="p", gateway="smsgate", url="http://10.0.0.2:8080", username="u")
    assert make_gateway(phone, "pw", "IT").name == "smsgate"
    with pytest.raises(SmsConfigError):
        make_gateway(dataclasses.replace(phone, gateway="carrier-pigeon"), "pw", "IT")


# --- fuzzing: nothing but WebhookRejected ever escapes a parser --------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
payload_keys = st.sampled_from(
    ["messageId", "message", "sender", "phoneNumber", "recipient", "receivedAt", "reason"]
)
events = st.sampled_from(["sms:received", "sms:sent", "sms:delivered", "sms:failed"]) | st.text(
    max_size=12
)
twilio_names = st.sampled_from(
    ["Body", "From", "To", "MessageSid", "MessageStatus", "ErrorCode", "NumMedia"]
) | st.text(max_size=8)


def survives(gateway, req: WebhookRequest) -> None:
    for parse in (gateway.parse_inbound, gateway.parse_status):
        try:
            result = parse(req)
        except WebhookRejected as exc:
            assert exc.status in (400, 401)
        else:
            assert isinstance(result, Inbound | StatusUpdate)


@FUZZ
@given(
    body=st.binary(max_size=200),
    tail=st.text(max_size=60),
    headers=st.dictionaries(st.text(max_size=15), st.text(max_size=40), max_size=4),
    method=st.sampled_from(["GET", "POST", "PUT"]),
)
def test_fuzz_raw_requests(body: bytes, tail: str, headers: dict[str, str], method: str) -> None:
    smsgate = SmsGateGateway(
        SmsAccount(name="p", gateway="smsgate", url="http://10.0.0.2:8080"), "pw", "IT"
    )
    req = hook("https://hooks.example/h/x?" + tail, body, headers, method=method)
    for gateway in (kannel, smsgate, TwilioGateway(TW_ACCOUNT, TOKEN, "IT")):
        survives(gateway, req)


@FUZZ
@given(
    event=events,
    payload=st.dictionaries(payload_keys, json_values, max_size=7) | json_values,
    skew=st.integers(-400, 400),
)
def test_fuzz_signed_smsgate_events(event: str, payload, skew: int) -> None:
    body = json.dumps({"event": event, "payload": payload}).encode()
    stamp = str(int(NOW) + skew)
    headers = {"x-signature": smsgate_signature(KEY, body, stamp), "x-timestamp": stamp}
    account = SmsAccount(name="p", gateway="smsgate", url="http://10.0.0.2:8080")
    survives(
        SmsGateGateway(account, "pw", "IT", signing_key=KEY),
        hook("https://h.example/s", body, headers),
    )


@FUZZ
@given(
    params=st.lists(st.tuples(twilio_names, st.text(max_size=30)), max_size=8),
    query=st.text(max_size=30),
)
def test_fuzz_signed_twilio_forms(params: list[tuple[str, str]], query: str) -> None:
    url = "https://hooks.example/h/twilio/status?id=" + quote(query)
    survives(TwilioGateway(TW_ACCOUNT, TOKEN, "IT"), signed_form(url, params))


@FUZZ
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(
                ["from", "to", "text", "charset", "coding", "id", "ts", "type", "reply"]
            )
            | st.text(max_size=6),
            st.binary(max_size=30),
        ),
        max_size=9,
    )
)
def test_fuzz_kannel_queries(params: list[tuple[str, bytes]]) -> None:
    query = "&".join(quote(k) + "=" + quote_from_bytes(v) for k, v in params)
    survives(kannel, hook("https://hooks.example/h/kannel/x?" + query, method="GET"))
