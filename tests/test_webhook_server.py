"""The webhook receiver over real sockets: routing, token check, limits, malformed input."""

from __future__ import annotations

import asyncio

from inbox_tui.channels.sms.base import WebhookRequest
from inbox_tui.services.webhook_server import WebhookServer


async def _raw(port: int, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    reply = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    return reply


async def _server(seen: list) -> WebhookServer:
    async def dispatch(account: str, rest: str, req: WebhookRequest) -> int:
        seen.append((account, rest, req))
        return 200

    server = WebhookServer("127.0.0.1", 0, "https://hooks.example", {"sms": "t0ken"}, dispatch)
    await server.start()
    return server


async def test_routes_with_token_and_parses_request() -> None:
    seen: list = []
    server = await _server(seen)
    try:
        body = b"From=%2B393331234567&Body=ciao"
        reply = await _raw(
            server.port,
            b"POST /hook/sms/t0ken/twilio/inbound?x=1&y= HTTP/1.1\r\nHost: h\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"X-Twilio-Signature: abc\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body),
        )
        assert reply.startswith(b"HTTP/1.1 200")
        ((account, rest, req),) = seen
        assert (account, rest, req.method, req.body) == ("sms", "twilio/inbound", "POST", body)
        assert req.url == "https://hooks.example/hook/sms/t0ken/twilio/inbound?x=1&y="
        assert req.query == {"x": ["1"], "y": [""]} and req.headers["x-twilio-signature"] == "abc"
        assert server.hook_base("sms") == "https://hooks.example/hook/sms/t0ken"
    finally:
        await server.stop()


async def test_refusals() -> None:
    seen: list = []
    server = await _server(seen)
    cases = {
        b"GET /hook/sms/wrong/x HTTP/1.1\r\n\r\n": b"401",
        b"GET /hook/other/t0ken/x HTTP/1.1\r\n\r\n": b"401",
        b"GET /elsewhere HTTP/1.1\r\n\r\n": b"404",
        b"DELETE /hook/sms/t0ken/x HTTP/1.1\r\n\r\n": b"405",
        b"POST /hook/sms/t0ken/x HTTP/1.1\r\nContent-Length: 999999\r\n\r\n": b"413",
        b"POST /hook/sms/t0ken/x HTTP/1.1\r\nContent-Length: -1\r\n\r\n": b"400",
        b"POST /hook/sms/t0ken/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n": b"400",
        b"garbage\r\n\r\n": b"400",
        b"GET /hook/sms/t0ken/x HTTP/1.1\r\nno colon here\r\n\r\n": b"400",
    }
    try:
        for request, status in cases.items():
            reply = await _raw(server.port, request)
            assert reply.startswith(b"HTTP/1.1 " + status), (request, reply[:40])
        assert seen == []  # nothing refused ever reached the handler
    finally:
        await server.stop()
