"""The real Kannel behind the SMS tests works, checked with stdlib clients only: urllib for
sendsms, http.server for the MO / delivery-report receiver our app will be."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import servers.kannel
from servers import free_port
from servers import kannel_fixtures as fixtures
from servers.fakesmsc import wait_for
from servers.kannel import FAIL_PREFIX, REJECT_PREFIX, KannelMissing, KannelServer

# Until tests/conftest.py loads servers.kannel_fixtures as a plugin; harmless afterwards.
kannel = fixtures.kannel
kannel_factory = fixtures.kannel_factory

US, CLIENT = "+15550001", "+393331234567"


class Receiver:
    """Our app's webhook endpoint, reduced to a list of (path, query) and scripted statuses."""

    def __init__(self) -> None:
        self.port = free_port()
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.statuses: list[int] = []  # answers for the next calls, then 200
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
                owner.calls.append((parts.path, {k: v[0] for k, v in query.items()}))
                self.send_response(owner.statuses.pop(0) if owner.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        poll = {"poll_interval": 0.02}  # shutdown() waits up to this long
        threading.Thread(target=self.server.serve_forever, kwargs=poll, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, path: str, count: int, timeout: float = 10) -> list[dict[str, str]]:
        def found() -> list[dict[str, str]]:
            hits = [q for p, q in self.calls if p == path]
            return hits if len(hits) >= count else []

        return wait_for(found, timeout, f"{count} call(s) to {path}")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    yield rec
    rec.server.shutdown()
    rec.server.server_close()


def sendsms(server: KannelServer, **params: str) -> tuple[int, str]:
    query = urllib.parse.urlencode(
        {"username": server.username, "password": server.password, "from": US} | params
    )
    try:
        with urllib.request.urlopen(f"{server.sendsms_url}?{query}", timeout=10) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def dlr_url(receiver: Receiver, our_id: str) -> str:
    # %d: report type; %A: the SMSC's answer; in a report %p is the handset, %P our number.
    return receiver.url(f"/dlr?id={our_id}&type=%d&answer=%A&handset=%p&us=%P&smsc=%i")


def test_ascii_and_unicode_mt_reach_the_fake_smsc(kannel: KannelServer) -> None:
    assert sendsms(kannel, to=CLIENT, text="Hello, see you at 10") == (
        202,
        "0: Accepted for delivery",
    )
    unicode = "Ciao è € – 😀 Привет"
    assert sendsms(kannel, to=CLIENT, text=unicode, coding="2", charset="UTF-8")[0] == 202
    assert sendsms(kannel, to=CLIENT, text="two  spaces\nnext line", charset="UTF-8")[0] == 202
    ascii_mt, unicode_mt, multiline = kannel.smsc.wait_mt(3)
    assert (ascii_mt.sender, ascii_mt.receiver) == (US, CLIENT)
    assert (ascii_mt.kind, ascii_mt.text) == ("text", "Hello, see you at 10")
    assert (unicode_mt.kind, unicode_mt.text) == ("ucs-2", unicode)
    # 7-bit text travels unescaped: a newline splits Kannel's line, FakeSmsc joins it again.
    assert multiline.text == "two  spaces\nnext line"


def test_long_texts_arrive_in_parts_and_are_joined(kannel: KannelServer) -> None:
    long_ascii = " ".join(f"word{i}" for i in range(80))  # 479 chars: 4 parts of <= 153
    long_unicode = "Grazie mille 🙏 " * 12  # 192 UTF-16 units: 3 parts of <= 67
    assert sendsms(kannel, to=CLIENT, text=long_ascii)[0] == 202
    assert sendsms(kannel, to=CLIENT, text=long_unicode, coding="2", charset="UTF-8")[0] == 202
    ascii_mt, unicode_mt = kannel.smsc.wait_mt(2)
    assert (ascii_mt.kind, ascii_mt.parts, ascii_mt.text) == ("udh", 4, long_ascii)
    assert (unicode_mt.parts, unicode_mt.text) == (3, long_unicode)
    assert all(line.split()[2] == b"udh" for line in ascii_mt.lines)


def test_delivery_reports_8_and_1_carry_our_id(kannel: KannelServer, receiver: Receiver) -> None:
    status, _ = sendsms(
        kannel,
        to=CLIENT,
        text="with report",
        **{"dlr-mask": "31", "dlr-url": dlr_url(receiver, "m-1")},
    )
    assert status == 202
    reports = receiver.wait("/dlr", 2)
    # Kannel sends 8 (SMSC accepted) before 1 (delivered), but fetches the two URLs
    # concurrently: about 3 in 100 arrive the other way round.
    assert sorted(r["type"] for r in reports) == ["1", "8"]
    assert {(r["id"], r["handset"], r["us"], r["smsc"]) for r in reports} == {
        ("m-1", CLIENT, US, "fake")
    }
    assert {r["type"]: r["answer"] for r in reports}["8"] == "ACK/"


def test_failing_smsc_reports_16_and_2(kannel: KannelServer, receiver: Receiver) -> None:
    rejected, undelivered = REJECT_PREFIX + "0001", FAIL_PREFIX + "20001"
    for to, our_id in ((rejected, "r-16"), (undelivered, "u-2")):
        params = {"dlr-mask": "31", "dlr-url": dlr_url(receiver, our_id)}
        assert sendsms(kannel, to=to, text="will fail", **params)[0] == 202
    reports = receiver.wait("/dlr", 3)
    by_id: dict[str, list[str]] = {}
    for report in reports:
        by_id.setdefault(report["id"], []).append(report["type"])
    assert by_id["r-16"] == ["16"]
    assert sorted(by_id["u-2"]) == ["2", "8"]
    assert {r["answer"] for r in reports if r["type"] == "16"} == {
        "NACK/Rejected: unknown subscriber"
    }
    assert not kannel.received_mt  # the +999 numbers never reach the fake SMSC
    assert sorted(r["to"] for r in kannel.failing_smsc.requests) == [rejected, undelivered]


def test_mo_ascii_and_emoji_arrive_as_utf8(
    kannel_factory: Callable[..., KannelServer], receiver: Receiver
) -> None:
    kannel = kannel_factory(mo_url=receiver.url("/sms?token=secret"))
    texts = ["Running late, 10 min", "Ok 👍 à demain\nMaria", "Grazie 😀"]
    for text in texts:
        kannel.send_mo(CLIENT, US, text)
    # Fetched concurrently, like the reports: the order of arrival may differ.
    by_text = {mo["text"]: mo for mo in receiver.wait("/sms", 3)}
    assert sorted(by_text) == sorted(texts)
    for mo in by_text.values():
        assert (mo["from"], mo["to"], mo["token"], mo["smsc"]) == (CLIENT, US, "secret", "fake")
        # mo-recode turned the UCS-2 of the emoji messages into UTF-8.
        assert (mo["coding"], mo["charset"]) == ("0", "UTF-8")
        assert abs(int(mo["ts"]) - time.time()) < 60
    assert len({mo["id"] for mo in by_text.values()}) == 3


def test_mo_retried_after_an_error_keeps_its_id(
    kannel_factory: Callable[..., KannelServer], receiver: Receiver
) -> None:
    kannel = kannel_factory(mo_url=receiver.url("/sms"))
    receiver.statuses = [500]
    kannel.send_mo(CLIENT, US, "retry me")
    failed, retried = receiver.wait("/sms", 2)  # again after http-queue-delay (1 s)
    assert failed == retried


def test_set_mo_url_restarts_on_the_same_ports(kannel: KannelServer, receiver: Receiver) -> None:
    ports = (kannel.admin_port, kannel.smsbox_port, kannel.sendsms_port, kannel.fake_port)
    kannel.set_mo_url(receiver.url("/later"))
    kannel.send_mo(CLIENT, US, "after the change")
    assert receiver.wait("/later", 1)[0]["text"] == "after the change"
    assert (kannel.admin_port, kannel.smsbox_port, kannel.sendsms_port, kannel.fake_port) == ports


def test_listens_on_loopback_only(kannel: KannelServer) -> None:
    listening = set()
    with open("/proc/net/tcp") as table:
        for fields in (line.split() for line in list(table)[1:]):
            if fields[3] == "0A":
                host, port = fields[1].split(":")
                listening.add((host, int(port, 16)))
    loopback = "0100007F"
    for port in (kannel.admin_port, kannel.smsbox_port, kannel.sendsms_port, kannel.fake_port):
        assert (loopback, port) in listening
        assert ("00000000", port) not in listening
    # Kannel 1.4.5 cannot bind an http SMSC's port to an interface: connect-allow-ip (set)
    # makes it close connections from anywhere but 127.0.0.1 without answering.
    assert ("00000000", kannel.failing_smsc.kannel_port) in listening


def test_killed_gateway_refuses_then_comes_back(kannel: KannelServer) -> None:
    kannel.kill()
    with pytest.raises(urllib.error.URLError) as info:
        sendsms(kannel, to=CLIENT, text="nobody home")
    assert isinstance(info.value.reason, ConnectionRefusedError)
    started = time.monotonic()
    kannel.start()
    assert time.monotonic() - started < 5
    assert sendsms(kannel, to=CLIENT, text="back again")[0] == 202
    kannel.restart()
    assert sendsms(kannel, to=CLIENT, text="and again")[0] == 202
    assert [m.text for m in kannel.smsc.wait_mt(2)] == ["back again", "and again"]


def test_missing_kannel_fails_with_apt_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servers.kannel, "BEARERBOX", "/nonexistent/bearerbox")
    with pytest.raises(KannelMissing, match="apt-get install .*kannel kannel-extras"):
        KannelServer()
    with pytest.raises(pytest.fail.Exception, match="apt-get install"):
        fixtures._new_server(None)
