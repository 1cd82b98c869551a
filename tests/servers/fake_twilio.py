"""A local stand-in for Twilio's Messages API, written from Twilio's public documentation.

Serves `POST`/`GET /2010-04-01/Accounts/{AccountSid}/Messages.json` on 127.0.0.1 with Basic
auth (Account SID, Auth Token), answers with Twilio's JSON shapes and error codes
(20003, 20404, 21211, 21602, 21604, 21606, 21617), pages lists with `next_page_uri`, and
plays Twilio's side of the webhooks: status callbacks and inbound messages, form-encoded
and signed with `X-Twilio-Signature`.

The signature is computed here from the documented recipe, on purpose without importing
the app's code: a test in which both sides shared one implementation would prove nothing.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from servers import free_port

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_PATH = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Messages\.json$")


def twilio_signature(auth_token: str, url: str, params: list[tuple[str, str]]) -> str:
    """base64(HMAC-SHA1(auth token, URL + every name and value, sorted by name))."""
    payload = url
    for name, value in sorted(params):
        payload += f"{name}{value}"
    mac = hmac.new(auth_token.encode("utf-8"), payload.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


class FakeTwilio:
    def __init__(self, account_sid: str, auth_token: str, number: str) -> None:
        self.account_sid, self.auth_token, self.number = account_sid, auth_token, number
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.sent: list[dict[str, str]] = []  # the form of every accepted send
        self.messages: list[dict[str, Any]] = []  # Message resources, oldest first
        self.answer_next: tuple[int, dict[str, Any]] | None = None  # force the next answer
        self.max_page_size = 1000
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> FakeTwilio:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # --- Twilio calling us ------------------------------------------------------------

    def post_form(
        self, url: str, params: list[tuple[str, str]], signature: str | None = None
    ) -> int:
        """POST a signed form to `url` as Twilio does; returns the HTTP status."""
        sig = signature if signature is not None else twilio_signature(self.auth_token, url, params)
        request = urllib.request.Request(
            url,
            data=urlencode(params).encode(),
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "X-Twilio-Signature": sig,
                "I-Twilio-Idempotency-Token": secrets.token_hex(16),
                "User-Agent": "TwilioProxy/1.1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def post_status(self, sid: str, status: str, error_code: str | None = None) -> int:
        """The status callback of a message we sent, to the StatusCallback it was given."""
        message = next(m for m in self.messages if m["sid"] == sid)
        message["status"] = status
        params = [
            ("AccountSid", self.account_sid),
            ("ApiVersion", "2010-04-01"),
            ("From", message["from"]),
            ("MessageSid", sid),
            ("MessageStatus", status),
            ("SmsSid", sid),
            ("SmsStatus", status),
            ("To", message["to"]),
        ]
        if error_code is not None:
            params.append(("ErrorCode", error_code))
        return self.post_form(message["status_callback"], params)

    def add_inbound(self, sender: str, body: str, date: float) -> dict[str, Any]:
        """A message to our number, in the account's history (for the list API)."""
        message = self._resource(sender, self.number, body, "inbound", "received", date)
        with self.lock:
            self.messages.append(message)
        return message

    def deliver_inbound(self, url: str, sender: str, body: str, date: float) -> tuple[int, str]:
        """A text reaching our number: recorded, then the number's webhook called."""
        message = self.add_inbound(sender, body, date)
        params = [
            ("AccountSid", self.account_sid),
            ("ApiVersion", "2010-04-01"),
            ("Body", body),
            ("From", sender),
            ("FromCountry", "IT"),
            ("MessageSid", message["sid"]),
            ("NumMedia", "0"),
            ("NumSegments", "1"),
            ("SmsMessageSid", message["sid"]),
            ("SmsSid", message["sid"]),
            ("SmsStatus", "received"),
            ("To", self.number),
            ("ToCountry", "IT"),
        ]
        return self.post_form(url, params), message["sid"]

    def _resource(
        self, sender: str, to: str, body: str, direction: str, status: str, date: float
    ) -> dict[str, Any]:
        sid = "SM" + secrets.token_hex(16)
        stamp = formatdate(date, usegmt=True).replace("GMT", "+0000")
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": body,
            "date_created": stamp,
            "date_sent": stamp if direction == "inbound" else None,
            "date_updated": stamp,
            "direction": direction,
            "error_code": None,
            "error_message": None,
            "from": sender,
            "num_media": "0",
            "num_segments": "1",
            "sid": sid,
            "status": status,
            "to": to,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            "_date": date,
        }


def _error(code: int, message: str, status: int) -> tuple[int, dict[str, Any]]:
    more = f"https://www.twilio.com/docs/errors/{code}"
    return status, {"code": code, "message": message, "more_info": more, "status": status}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeTwilio

    def log_message(self, *args: object) -> None:
        pass

    def _reply(self, status: int, data: dict[str, Any]) -> None:
        public = {k: v for k, v in data.items() if not k.startswith("_")}
        body = json.dumps(public).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self, sid: str) -> tuple[int, dict[str, Any]] | None:
        fake = self.fake
        token = base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {token}":
            return _error(20003, "Authenticate", 401)
        if sid != fake.account_sid:
            return _error(20404, "The requested resource was not found", 404)
        return None

    def do_POST(self) -> None:
        match = _PATH.match(urlsplit(self.path).path)
        if not match:
            return self._reply(*_error(20404, "The requested resource was not found", 404))
        refused = self._authorised(match.group(1))
        if refused:
            return self._reply(*refused)
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
        fake = self.fake
        if fake.answer_next is not None:
            answer, fake.answer_next = fake.answer_next, None
            return self._reply(*answer)
        to, body = form.get("To", ""), form.get("Body", "")
        if not to:
            return self._reply(*_error(21604, "A 'To' phone number is required.", 400))
        if not _E164.match(to):
            return self._reply(*_error(21211, f"Invalid 'To' Phone Number: {to}", 400))
        if form.get("From") != fake.number:
            message = (
                f"The From phone number {form.get('From')} is not a valid, SMS-capable "
                "inbound phone number or short code for your account."
            )
            return self._reply(*_error(21606, message, 400))
        if not body:
            return self._reply(*_error(21602, "Message body is required.", 400))
        if len(body) > 1600:
            message = "The concatenated message body exceeds the 1600 character limit."
            return self._reply(*_error(21617, message, 400))
        resource = fake._resource(fake.number, to, body, "outbound-api", "queued", time.time())
        resource["status_callback"] = form.get("StatusCallback")
        with fake.lock:
            fake.sent.append(form)
            fake.messages.append(resource)
        self._reply(201, {k: v for k, v in resource.items() if k != "status_callback"})

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        match = _PATH.match(split.path)
        if not match:
            return self._reply(*_error(20404, "The requested resource was not found", 404))
        refused = self._authorised(match.group(1))
        if refused:
            return self._reply(*refused)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        fake = self.fake
        with fake.lock:
            found = [m for m in reversed(fake.messages) if _matches(m, query)]  # newest first
        size = min(int(query.get("PageSize", "50")), fake.max_page_size)
        page = int(query.get("Page", "0"))
        chunk = found[page * size : (page + 1) * size]
        base = f"/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
        keep = {k: v for k, v in query.items() if k in ("To", "From", "DateSent>", "DateSent<")}
        next_uri = None
        if (page + 1) * size < len(found):
            more = {**keep, "PageSize": size, "Page": page + 1, "PageToken": f"PA{page + 1}"}
            next_uri = f"{base}?{urlencode(more)}"
        self._reply(
            200,
            {
                "messages": [{k: v for k, v in m.items() if k != "status_callback"} for m in chunk],
                "page": page,
                "page_size": size,
                "first_page_uri": f"{base}?{urlencode({**keep, 'PageSize': size, 'Page': 0})}",
                "next_page_uri": next_uri,
                "previous_page_uri": None,
                "uri": f"{base}?{split.query}",
                "start": page * size,
                "end": page * size + max(len(chunk) - 1, 0),
            },
        )


def _matches(message: dict[str, Any], query: dict[str, str]) -> bool:
    if "To" in query and message["to"] != query["To"]:
        return False
    if "From" in query and message["from"] != query["From"]:
        return False
    day = datetime.datetime.fromtimestamp(message["_date"], datetime.timezone.utc).date()
    if "DateSent>" in query and day < datetime.date.fromisoformat(query["DateSent>"]):
        return False
    return not ("DateSent<" in query and day > datetime.date.fromisoformat(query["DateSent<"]))
