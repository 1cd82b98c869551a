"""SMS Gateway for Android (capcom6/android-sms-gateway, sms-gate.app): a phone as the gateway.

The account URL picks the mode: the phone's own server ("http://192.168.1.20:8080", local
mode: `POST /message`, `GET /inbox`) or a cloud/private server ("https://api.sms-gate.app",
or any URL whose path ends in `/3rdparty/v1`: `POST /3rdparty/v1/messages`,
`GET /3rdparty/v1/inbox`). Both take Basic auth (username, secret) and JSON.

Webhooks are registered on the gateway, one per event (see `callback_urls`):
`sms:received` to `/smsgate/inbound`, `sms:sent`, `sms:delivered`, `sms:failed` to
`/smsgate/status`. Each request carries `X-Timestamp` (Unix seconds) and `X-Signature`
(hex HMAC-SHA256 of the raw body followed by the timestamp, keyed with the signing key
from the app's Settings > Webhooks > Signing Key). The signing key defaults to the account
secret: set the app's key to the same value, or pass `signing_key`. A request signed more
than five minutes away from when it arrived is refused as a replay.

We send with our own message id (up to 36 characters), so the status webhooks' `messageId`
is our id. Inbound `messageId`s are derived by the app from the message, so a webhook the
app retries, and the same message listed by `GET /inbox`, carry the same id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from inbox_tui.channels.sms.base import (
    HttpResponse,
    Inbound,
    SendResult,
    SmsError,
    SmsRejected,
    StatusUpdate,
    WebhookRejected,
    WebhookRequest,
    as_str,
    basic_auth,
    http_error,
    http_request,
    issued_id,
    json_or_none,
    opaque_id,
    phone,
)
from inbox_tui.core.addresses import AddressError, normalise_phone
from inbox_tui.core.config import SmsAccount
from inbox_tui.core.sanitize import clean, one_line

CLOUD_HOST = "api.sms-gate.app"
MAX_SKEW = 300  # seconds between the signed timestamp and our clock
MAX_ID = 36  # the API's limit on a message id
PAGE = 100
MAX_PAGES = 50
STATES = {
    "Pending": "queued",
    "Processed": "queued",  # handed to Android, not yet accepted by the SMSC
    "Sent": "sent",
    "Delivered": "delivered",
    "Failed": "failed",
}
EVENTS = {"sms:sent": "sent", "sms:delivered": "delivered", "sms:failed": "failed"}


def api_base(url: str) -> tuple[str, bool]:
    """(the URL endpoint paths are appended to, cloud/private server?)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    for suffix in ("/messages", "/message"):  # a user may paste the send URL itself
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    cloud = path.endswith("/3rdparty/v1")
    if not cloud and parts.hostname == CLOUD_HOST:
        path, cloud = path + "/3rdparty/v1", True
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")), cloud


def signature(key: str, body: bytes, timestamp: str) -> str:
    return hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()


class SmsGateGateway:
    name = "smsgate"

    def __init__(
        self,
        account: SmsAccount,
        secret: str,
        region: str,
        http_timeout: float = 30.0,
        *,
        signing_key: str | None = None,
    ) -> None:
        self.account, self.region, self.timeout = account, region, http_timeout
        self._auth = basic_auth(account.username, secret)
        self._signing_key = signing_key if signing_key is not None else secret
        self.base, self.cloud = api_base(account.url)
        self._where = f"smsgate {urlsplit(self.base).netloc}"

    def callback_urls(self, callback_base: str) -> dict[str, str]:
        base = callback_base.rstrip("/")
        status = f"{base}/smsgate/status"
        return {"sms:received": f"{base}/smsgate/inbound"} | dict.fromkeys(EVENTS, status)

    async def send(self, to: str, text: str, our_id: str, callback_base: str) -> SendResult:
        payload: dict[str, Any] = {
            "textMessage": {"text": text},
            "phoneNumbers": [to],
            "withDeliveryReport": True,
        }
        if len(our_id) <= MAX_ID:
            payload["id"] = our_id
        url = self.base + ("/messages" if self.cloud else "/message")
        resp = await http_request(
            "POST",
            url,
            timeout=self.timeout,
            headers=self._headers({"Content-Type": "application/json"}),
            body=json.dumps(payload).encode(),
        )
        if resp.status == 409 and "id" in payload:
            # An earlier attempt got through but its answer was lost: it is already queued.
            return SendResult(our_id, "queued")
        if not 200 <= resp.status < 300:
            raise http_error(resp, self._where, _error_text(resp))
        data = json_or_none(resp.body)
        data = data if isinstance(data, dict) else {}
        gateway_id = data.get("id") if isinstance(data.get("id"), str) else payload.get("id")
        state = STATES.get(str(data.get("state")), "queued")
        if state == "failed":
            raise SmsRejected(f"{self._where}: failed: {_recipient_error(data)}")
        return SendResult(gateway_id, state)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": self._auth, "Accept": "application/json", **(extra or {})}

    # --- webhooks -------------------------------------------------------------------

    def _verified(self, req: WebhookRequest) -> tuple[str, dict[str, Any]]:
        sent_sig = req.headers.get("x-signature", "").strip().lower()
        stamp = req.headers.get("x-timestamp", "").strip()
        if not sent_sig or not stamp:
            raise WebhookRejected(401, "unsigned: X-Signature or X-Timestamp missing")
        if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
            raise WebhookRejected(401, "malformed X-Timestamp")
        expected = signature(self._signing_key, req.body, stamp)
        sent = sent_sig.encode("utf-8", "replace")
        if not self._signing_key or not hmac.compare_digest(expected.encode(), sent):
            raise WebhookRejected(401, "bad signature")
        if abs(req.received_at - int(stamp)) > MAX_SKEW:
            raise WebhookRejected(401, "stale timestamp: replayed, or the clocks disagree")
        event = json_or_none(req.body)
        if not isinstance(event, dict) or not isinstance(event.get("payload"), dict):
            raise WebhookRejected(400, "not a webhook event")
        name = event.get("event")
        return (name if isinstance(name, str) else ""), event["payload"]

    def parse_inbound(self, req: WebhookRequest) -> Inbound:
        event, payload = self._verified(req)
        if event != "sms:received":
            raise WebhookRejected(400, f"not an sms:received event: {one_line(event, 40)!r}")
        text = payload.get("message")
        if not isinstance(text, str):
            raise WebhookRejected(400, "missing message text")
        sender = as_str(payload.get("sender")) or as_str(payload.get("phoneNumber"))
        return Inbound(
            gateway_id=opaque_id(as_str(payload.get("messageId")), "messageId"),
            sender=phone(sender, self.region, "sender", sender=True),
            receiver=self._receiver(payload.get("recipient")),
            text=clean(text),
            timestamp=_epoch(payload.get("receivedAt"), req.received_at),
        )

    def parse_status(self, req: WebhookRequest) -> StatusUpdate:
        event, payload = self._verified(req)
        state = EVENTS.get(event)
        if state is None:
            raise WebhookRejected(400, f"not a status event: {one_line(event, 40)!r}")
        message_id = opaque_id(as_str(payload.get("messageId")), "messageId")
        reason = one_line(as_str(payload.get("reason")), 300) or None
        reason = reason if state == "failed" else None
        return StatusUpdate(issued_id(message_id), message_id, state, reason)

    def _receiver(self, value: Any) -> str:
        try:
            return normalise_phone(as_str(value), self.region)
        except (AddressError, ValueError):
            return self.account.number

    # --- backfill -------------------------------------------------------------------

    async def list_inbound(self, since: int) -> list[Inbound]:
        """`GET /inbox` (recent app and server versions); older ones have no list: []."""
        start = datetime.fromtimestamp(max(since, 0), timezone.utc)
        out: list[Inbound] = []
        offset = 0
        for _ in range(MAX_PAGES):
            query = {"type": "SMS", "from": start.strftime("%Y-%m-%dT%H:%M:%SZ")}
            query |= {"limit": str(PAGE), "offset": str(offset)}
            resp = await http_request(
                "GET",
                f"{self.base}/inbox?{urlencode(query)}",
                timeout=self.timeout,
                headers=self._headers(),
            )
            if resp.status in (404, 405, 501):
                return out  # this gateway predates the inbox API
            if not 200 <= resp.status < 300:
                raise http_error(resp, self._where, _error_text(resp))
            items = json_or_none(resp.body)
            if not isinstance(items, list):
                raise SmsError(f"{self._where}: inbox answer is not a list")
            out += [m for m in map(self._listed, items) if m is not None and m.timestamp >= since]
            offset += len(items)
            # X-Total-Count says when we are done; a server may return fewer than asked.
            total = resp.headers.get("x-total-count", "")
            known = total.isascii() and total.isdigit()
            if not items or (offset >= int(total) if known else len(items) < PAGE):
                break
        return out

    def _listed(self, item: Any) -> Inbound | None:
        """One listed message, or None for what we cannot or need not show."""
        if not isinstance(item, dict) or item.get("type", "SMS") != "SMS":
            return None
        if item.get("isEncrypted"):
            return None  # end-to-end encrypted with a passphrase we do not have
        try:
            return Inbound(
                gateway_id=opaque_id(as_str(item.get("id")), "id"),
                sender=phone(as_str(item.get("sender")), self.region, "sender", sender=True),
                receiver=self._receiver(item.get("recipient")),
                text=clean(as_str(item.get("contentPreview"))),
                timestamp=_epoch(item.get("createdAt"), 0),
            )
        except WebhookRejected:
            return None  # an alphanumeric sender or a broken entry: not a conversation


def _error_text(resp: HttpResponse) -> str:
    data = json_or_none(resp.body)
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return one_line(data["message"], 300)
    return resp.text()


def _recipient_error(data: dict[str, Any]) -> str:
    for r in data.get("recipients") or []:
        if isinstance(r, dict) and isinstance(r.get("error"), str):
            return one_line(r["error"], 300)
    return "no reason given"


def _epoch(value: Any, default: float) -> int:
    """An ISO 8601 time ("…Z" or with an offset, as the app writes it) as epoch seconds."""
    if isinstance(value, str) and value:
        text = value.strip()
        text = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return int(default)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        try:
            return int(moment.timestamp())
        except (OverflowError, OSError, ValueError):
            return int(default)
    return int(default)
