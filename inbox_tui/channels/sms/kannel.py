"""Kannel: send through smsbox's `sendsms` CGI, receive through an `sms-service` get-url.

Callbacks, relative to the receiver's callback base:

- delivery reports: `/kannel/dlr?id=<our id>&type=%d&smsc=%i&reply=%A`, set per message as
  the `dlr-url` of each send (with `dlr-mask=31`: all five report types). Our own id rides
  in the URL because Kannel's `%I` differs between the SMSC's two reports, and in a report
  `%p`/`%P` are swapped (the report travels from the recipient back to us), so neither can
  be trusted to find the message.
- inbound: `/kannel/inbound?from=%p&to=%P&text=%b&coding=%c&charset=%C&smsc=%i&id=%I&ts=%T`
  as the `get-url` of an `sms-service` (see `MO_QUERY`). `%b` is the message as it arrived,
  URL-encoded octets with spaces and newlines intact (`%a` would squeeze them), in the
  charset `%C` names: "UTF-8" for GSM text (Kannel >= 1.4.2 keeps 7-bit text as UTF-8),
  "UTF-16BE" for UCS-2, or what `mo-recode = true` recoded UCS-2 into (UTF-8, or
  WINDOWS-1252 if that was enough). `%I` is unique per message and stays the same when
  smsbox retries the get-url, so it is the idempotency key.

Kannel signs nothing: these two paths must be protected by the receiver's per-account
secret path or token, and bound where only Kannel can reach them.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from inbox_tui.channels.sms.base import (
    HttpResponse,
    Inbound,
    SendResult,
    SmsConfigError,
    SmsRejected,
    StatusUpdate,
    WebhookRejected,
    WebhookRequest,
    http_error,
    http_request,
    issued_id,
    opaque_id,
    phone,
    query_pairs,
    text_params,
)
from inbox_tui.core.addresses import AddressError, normalise_phone
from inbox_tui.core.config import SmsAccount
from inbox_tui.core.sanitize import clean, one_line
from inbox_tui.core.sms_text import segments

DLR_MASK = 31  # 1 delivered + 2 failed + 4 buffered + 8 SMSC accepted + 16 SMSC rejected
DLR_STATES = {1: "delivered", 2: "failed", 4: "buffered", 8: "sent", 16: "failed"}
MO_QUERY = "from=%p&to=%P&text=%b&coding=%c&charset=%C&smsc=%i&id=%I&ts=%T"
# Our id goes into the dlr-url unescaped: Kannel would read a %XX in it as an escape code.
_SAFE_ID = re.compile(r"[A-Za-z0-9._~-]{1,100}")
_SMPP_ERR = re.compile(r"\berr:(\w+)")
_CODECS = {
    "UTF-16BE": "utf-16-be",
    "UCS-2": "utf-16-be",
    "UTF-16": "utf-16-be",  # Kannel always writes UCS-2 big-endian, without a BOM
    "WINDOWS-1252": "cp1252",
    "CP1252": "cp1252",
    "ISO-8859-1": "latin-1",
    "LATIN1": "latin-1",
}


class KannelGateway:
    name = "kannel"

    def __init__(
        self, account: SmsAccount, secret: str, region: str, http_timeout: float = 30.0
    ) -> None:
        self.account, self.region, self.timeout = account, region, http_timeout
        self._password = secret
        self._where = f"kannel {urlsplit(account.url).netloc or account.url[:40]}"

    def callback_urls(self, callback_base: str) -> dict[str, str]:
        """What to put in kannel.conf (the dlr-url is sent with each message)."""
        base = callback_base.rstrip("/")
        return {
            "sms-service get-url": f"{base}/kannel/inbound?{MO_QUERY}",
            "dlr-url (per message)": f"{base}/kannel/dlr?id=<id>&type=%d&smsc=%i&reply=%A",
        }

    async def send(self, to: str, text: str, our_id: str, callback_base: str) -> SendResult:
        """GET sendsms. `our_id` must be URL-safe ([A-Za-z0-9._~-]): it is echoed in the DLR."""
        if not _SAFE_ID.fullmatch(our_id):
            raise ValueError(f"message id not URL-safe for a Kannel dlr-url: {our_id!r}")
        base = callback_base.rstrip("/")
        params = [("username", self.account.username), ("password", self._password)]
        if self.account.number:
            params.append(("from", self.account.number))
        # UTF-8 always, so "è" or "€" are not read as Latin-1; coding=2 when GSM-7 cannot
        # carry the text, else Kannel would send "?" for every emoji.
        params += [("to", to), ("text", text), ("charset", "UTF-8")]
        if segments(text).encoding == "UCS-2":
            params.append(("coding", "2"))
        dlr_url = f"{base}/kannel/dlr?id={our_id}&type=%d&smsc=%i&reply=%A"
        params += [("dlr-mask", str(DLR_MASK)), ("dlr-url", dlr_url)]
        sep = "&" if "?" in self.account.url else "?"
        url = self.account.url + sep + urlencode(params, quote_via=quote, safe="")
        resp = await http_request("GET", url, timeout=self.timeout)
        return self._result(resp)

    def _result(self, resp: HttpResponse) -> SendResult:
        # 202 "0: Accepted for delivery" (bearerbox has it) or "3: Queued for later
        # delivery" (stored until an SMSC takes it): queued either way until DLR 8 says sent.
        if 200 <= resp.status < 300:
            return SendResult(None, "queued")
        body = resp.text()
        lowered = body.lower()
        if resp.status == 403 and "authoriz" in lowered:
            raise SmsConfigError(f"{self._where}: {body} (check username and secret)")
        if resp.status == 403:  # "denied by white- and/or black-lists": this recipient
            raise SmsRejected(f"{self._where}: {body}")
        if resp.status == 400 and "sender" in lowered:  # our `from` refused or missing
            raise SmsConfigError(f"{self._where}: {body} (check the account's number)")
        raise http_error(resp, self._where, body)

    def parse_status(self, req: WebhookRequest) -> StatusUpdate:
        params = text_params(query_pairs(req))
        # Kannel signs nothing: an id we cannot have issued is a forged or garbled report.
        mine = issued_id(opaque_id(params.get("id"), "id"))
        if mine is None:
            raise WebhookRejected(400, "malformed id")
        try:
            dlr_type = int(params.get("type", ""))
        except ValueError:
            raise WebhookRejected(400, "missing or malformed DLR type") from None
        state = DLR_STATES.get(dlr_type)
        if state is None:
            raise WebhookRejected(400, f"unknown DLR type {dlr_type}")
        if state not in ("failed", "buffered"):  # the reply is "ACK/" or a receipt: no news
            return StatusUpdate(mine, None, state)
        reply = one_line(params.get("reply", ""), 300) or None
        err = _SMPP_ERR.search(reply or "")  # an SMPP receipt's "err:NNN", when there is one
        return StatusUpdate(mine, None, state, reply, err.group(1) if err else None)

    def parse_inbound(self, req: WebhookRequest) -> Inbound:
        raw: dict[str, bytes] = {}
        for key, value in query_pairs(req):
            raw.setdefault(key.decode("latin-1"), value)
        if "text" not in raw:
            raise WebhookRejected(400, "missing text")
        params = {k: v.decode("utf-8", "replace") for k, v in raw.items() if k != "text"}
        gateway_id = opaque_id(params.get("id"), "id")
        sender = phone(params.get("from", ""), self.region, "sender", sender=True)
        text = _decode(raw["text"], params.get("charset", ""), params.get("coding", ""))
        return Inbound(
            gateway_id=gateway_id,
            sender=sender,
            receiver=self._receiver(params.get("to", "")),
            text=clean(text),
            timestamp=_timestamp(params.get("ts", ""), req.received_at),
        )

    def _receiver(self, value: str) -> str:
        try:
            return normalise_phone(value, self.region)
        except (AddressError, ValueError):
            return self.account.number  # a short code or an odd SMSC format: it was us

    async def list_inbound(self, since: int) -> list[Inbound]:
        return []  # Kannel keeps no inbox to list: what smsbox could not deliver, it retries


def _decode(octets: bytes, charset: str, coding: str) -> str:
    charset = charset.strip().upper()
    if coding.strip() == "1" and charset in ("", "BINARY"):
        raise WebhookRejected(400, "binary (8-bit) SMS are not text")
    codec = _CODECS.get(charset) or ("utf-16-be" if coding.strip() == "2" else "utf-8")
    try:
        return octets.decode(codec)
    except UnicodeDecodeError:
        if codec == "utf-8":  # Kannel before 1.4.2 handed 7-bit text over as Latin-1
            return octets.decode("cp1252", "replace")
        raise WebhookRejected(400, f"text is not valid {charset or codec}") from None


def _timestamp(value: str, received_at: float) -> int:
    try:
        stamp = int(value)
    except ValueError:
        return int(received_at)
    return stamp if 0 < stamp < 2**40 else int(received_at)
