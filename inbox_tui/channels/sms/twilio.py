"""Twilio Programmable Messaging: the Messages resource, with signed webhooks.

Sending is a form POST to `/2010-04-01/Accounts/{AccountSid}/Messages.json` with Basic auth
(Account SID, Auth Token) and `StatusCallback = {callback_base}/twilio/status?id=<our id>`,
so each status callback names our message. Inbound messages arrive at whatever URL is set
as the number's "A message comes in" webhook: `{callback_base}/twilio/inbound`.

Every webhook carries `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the Auth Token,
of the full URL Twilio called followed by each POST parameter's name and value, sorted by
name (twilio.com/docs/usage/webhooks/webhooks-security). Twilio's own validators also
accept the URL with the default port added or removed, since proxies differ; so do we.
Twilio signs no timestamp, so a replay cannot be told from a retry here: inbound messages
are stored idempotently by MessageSid and status updates only move a message forward.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from inbox_tui.channels.sms.base import (
    HttpResponse,
    Inbound,
    SendResult,
    SmsConfigError,
    SmsError,
    SmsRejected,
    StatusUpdate,
    WebhookRejected,
    WebhookRequest,
    as_str,
    basic_auth,
    form_pairs,
    http_error,
    http_request,
    issued_id,
    json_or_none,
    opaque_id,
    phone,
    query_pairs,
    text_params,
)
from inbox_tui.core.addresses import AddressError, normalise_phone
from inbox_tui.core.config import SmsAccount
from inbox_tui.core.sanitize import clean, one_line

API_BASE = "https://api.twilio.com"
PAGE_SIZE = 100
MAX_PAGES = 50
STATUSES = {
    "queued": "queued",
    "accepted": "queued",  # a Messaging Service took it, not yet queued
    "scheduled": "queued",
    "sending": "queued",
    "sent": "sent",
    "partially_delivered": "sent",
    "delivered": "delivered",
    "read": "delivered",
    "undelivered": "failed",
    "failed": "failed",
    "canceled": "failed",
}
# API error codes that say our setup is wrong, or that the moment is, not the message.
CONFIG_CODES = {"20003", "20005", "20404", "21212", "21603", "21606", "21659", "21660"}
TRANSIENT_CODES = {"20429", "21611", "30001"}
# The delivery errors worth a sentence when the callback gives only the code.
ERRORS = {
    "21610": "the recipient replied STOP (unsubscribed)",
    "30002": "Twilio account suspended",
    "30003": "unreachable handset (off or out of coverage)",
    "30004": "blocked by the recipient or their carrier",
    "30005": "unknown number",
    "30006": "landline or unreachable carrier",
    "30007": "filtered by the carrier",
    "30008": "unknown carrier error",
    "30034": "sender number not registered for A2P 10DLC",
}


def signature(token: str, url: str, params: list[tuple[str, str]]) -> str:
    """X-Twilio-Signature for a request to `url` with these POST parameters."""
    values: dict[str, set[str]] = {}
    for name, value in params:
        values.setdefault(name, set()).add(value)
    data = url + "".join(name + v for name in sorted(values) for v in sorted(values[name]))
    digest = hmac.new(token.encode(), data.encode("utf-8", "replace"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _url_variants(url: str) -> list[str]:
    """The URL as called, and with the default port removed or added."""
    variants = [url]
    try:
        parts = urlsplit(url)
        host, port = parts.netloc, parts.port
    except ValueError:
        return variants
    if port is not None:
        variants.append(urlunsplit(parts._replace(netloc=host.rsplit(":", 1)[0])))
    elif parts.scheme in ("http", "https"):
        default = 443 if parts.scheme == "https" else 80
        variants.append(urlunsplit(parts._replace(netloc=f"{host}:{default}")))
    return variants


class TwilioGateway:
    name = "twilio"

    def __init__(
        self,
        account: SmsAccount,
        secret: str,
        region: str,
        http_timeout: float = 30.0,
        *,
        api_base: str = API_BASE,
    ) -> None:
        self.account, self.region, self.timeout = account, region, http_timeout
        self._token = secret
        self._auth = basic_auth(account.account_sid, secret)
        self.api_base = api_base.rstrip("/")
        self._where = f"twilio {urlsplit(self.api_base).netloc}"

    def callback_urls(self, callback_base: str) -> dict[str, str]:
        base = callback_base.rstrip("/")
        return {
            "A message comes in (number config)": f"{base}/twilio/inbound",
            "StatusCallback (per message)": f"{base}/twilio/status?id=<id>",
        }

    @property
    def _messages_url(self) -> str:
        sid = quote(self.account.account_sid, safe="")
        return f"{self.api_base}/2010-04-01/Accounts/{sid}/Messages.json"

    async def send(self, to: str, text: str, our_id: str, callback_base: str) -> SendResult:
        callback = f"{callback_base.rstrip('/')}/twilio/status?id={quote(our_id, safe='')}"
        form = {"To": to, "From": self.account.number, "Body": text, "StatusCallback": callback}
        resp = await http_request(
            "POST",
            self._messages_url,
            timeout=self.timeout,
            headers=self._headers({"Content-Type": "application/x-www-form-urlencoded"}),
            body=urlencode(form).encode(),
        )
        if not 200 <= resp.status < 300:
            raise self._error(resp)
        data = json_or_none(resp.body)
        if not isinstance(data, dict) or not isinstance(data.get("sid"), str):
            raise SmsError(f"{self._where}: unexpected answer: {resp.text(120)}")
        state = STATUSES.get(str(data.get("status")), "queued")
        if state == "failed":
            why = f"{data.get('error_code')}: {data.get('error_message')}"
            raise SmsRejected(f"{self._where}: {why}")
        return SendResult(data["sid"], state)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": self._auth, "Accept": "application/json", **(extra or {})}

    def _error(self, resp: HttpResponse) -> Exception:
        data = json_or_none(resp.body)
        code, message = "", resp.text()
        if isinstance(data, dict):
            code = str(data.get("code") or "")
            message = one_line(str(data.get("message") or message), 300)
        detail = f"{code}: {message}" if code else message
        if code in CONFIG_CODES:
            return SmsConfigError(f"{self._where}: {detail}")
        if code in TRANSIENT_CODES:
            return SmsError(f"{self._where}: {detail}")
        return http_error(resp, self._where, detail)

    # --- webhooks -------------------------------------------------------------------

    def _verified(self, req: WebhookRequest) -> dict[str, str]:
        sent = req.headers.get("x-twilio-signature", "").strip()
        if not sent:
            raise WebhookRejected(401, "unsigned: X-Twilio-Signature missing")
        pairs = form_pairs(req.body) if req.method.upper() == "POST" else []
        try:
            params = [(k.decode(), v.decode()) for k, v in pairs]
        except UnicodeDecodeError:
            raise WebhookRejected(400, "form body is not UTF-8") from None
        given = sent.encode("utf-8", "replace")
        if not self._token or not any(
            hmac.compare_digest(signature(self._token, url, params).encode(), given)
            for url in _url_variants(req.url)
        ):
            raise WebhookRejected(401, "bad signature")
        out: dict[str, str] = {}
        for name, value in params:
            out.setdefault(name, value)
        return out

    def parse_inbound(self, req: WebhookRequest) -> Inbound:
        p = self._verified(req)
        if "Body" not in p:
            raise WebhookRejected(400, "not a message: no Body")
        sid = p.get("MessageSid") or p.get("SmsMessageSid") or p.get("SmsSid")
        text = p["Body"]
        media = p.get("NumMedia", "0")
        if media.isascii() and media.isdigit() and int(media) > 0:  # MMS: say what is missing
            text += f"\n[{int(media)} attachment(s) not downloaded]"
        return Inbound(
            gateway_id=opaque_id(sid, "MessageSid"),
            sender=phone(p.get("From", ""), self.region, "sender", sender=True),
            receiver=self._receiver(p.get("To", "")),
            text=clean(text),
            timestamp=int(req.received_at),  # Twilio's webhook carries no time
        )

    def parse_status(self, req: WebhookRequest) -> StatusUpdate:
        p = self._verified(req)
        status = (p.get("MessageStatus") or p.get("SmsStatus") or "").lower()
        state = STATUSES.get(status)
        if state is None:
            raise WebhookRejected(400, f"unknown message status {one_line(status, 40)!r}")
        sid = opaque_id(p.get("MessageSid") or p.get("SmsSid"), "MessageSid")
        mine = issued_id(text_params(query_pairs(req)).get("id"))
        code = one_line(p.get("ErrorCode", ""), 20) or None
        reason = one_line(p.get("ErrorMessage", ""), 300) or ERRORS.get(code or "")
        if code and not reason:
            reason = f"error {code} (twilio.com/docs/api/errors/{code})"
        return StatusUpdate(mine, sid, state, reason, code)

    def _receiver(self, value: str) -> str:
        try:
            return normalise_phone(value, self.region)
        except (AddressError, ValueError):
            return self.account.number

    # --- backfill -------------------------------------------------------------------

    async def list_inbound(self, since: int) -> list[Inbound]:
        """Messages to our number since `since`, following `next_page_uri`."""
        day = _day(since)
        query = [("DateSent>", day), ("PageSize", str(PAGE_SIZE))]
        if self.account.number:
            query.insert(0, ("To", self.account.number))
        url = f"{self._messages_url}?{urlencode(query)}"
        out: list[Inbound] = []
        for _ in range(MAX_PAGES):
            resp = await http_request("GET", url, timeout=self.timeout, headers=self._headers())
            if not 200 <= resp.status < 300:
                raise self._error(resp)
            data = json_or_none(resp.body)
            if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
                raise SmsError(f"{self._where}: unexpected list answer: {resp.text(120)}")
            for item in data["messages"]:
                message = self._listed(item)
                if message is not None and message.timestamp >= since:
                    out.append(message)
            next_uri = data.get("next_page_uri")
            if not isinstance(next_uri, str) or not next_uri:
                break
            # Only the path and query: our credentials never follow a link to another host.
            parts = urlsplit(next_uri)
            url = f"{self.api_base}{parts.path}" + (f"?{parts.query}" if parts.query else "")
        return out

    def _listed(self, item: Any) -> Inbound | None:
        if not isinstance(item, dict) or item.get("direction") != "inbound":
            return None
        try:
            return Inbound(
                gateway_id=opaque_id(as_str(item.get("sid")), "sid"),
                sender=phone(as_str(item.get("from")), self.region, "sender", sender=True),
                receiver=self._receiver(as_str(item.get("to"))),
                text=clean(as_str(item.get("body"))),
                timestamp=_rfc2822(item.get("date_sent") or item.get("date_created")),
            )
        except WebhookRejected:
            return None  # a short code or alphanumeric sender: no conversation to add it to


def _day(since: int) -> str:
    return datetime.fromtimestamp(max(since, 0), timezone.utc).strftime("%Y-%m-%d")


def _rfc2822(value: Any) -> int:
    """Twilio's "Thu, 30 Jul 2015 20:12:31 +0000" as epoch seconds (0 if unreadable)."""
    try:
        return int(parsedate_to_datetime(as_str(value)).timestamp())
    except (TypeError, ValueError, IndexError, OverflowError):
        return 0
