"""SMS accounts at work: the webhook receiver, inbound texts into the store, delivery
reports onto outgoing messages, and handing queued texts to the gateway.

Inbound texts are stored idempotently by the gateway's id, so a webhook the gateway
retries is stored once. A delivery report never moves a message backwards (a late "sent"
after "delivered" is ignored).
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable

from inbox_tui.channels.sms import make_gateway
from inbox_tui.channels.sms.base import (
    Inbound,
    SmsGateway,
    StatusUpdate,
    WebhookRejected,
    WebhookRequest,
)
from inbox_tui.core.addresses import AddressError, phone_address
from inbox_tui.core.config import Config, SmsAccount
from inbox_tui.core.delivery import Signal
from inbox_tui.core.models import Channel, DeliveryState, Direction, Message
from inbox_tui.services.webhook_server import WebhookServer
from inbox_tui.store import Store
from inbox_tui.store.outbox_item import OutboxItem

log = logging.getLogger(__name__)


def token_for(store: Store, account: str) -> str:
    """The account's secret webhook path token, made once and kept in the store."""
    key = f"webhook_token:{account}"
    token = store.settings.get(key)
    if token is None:
        token = secrets.token_urlsafe(24)
        store.settings.set(key, token)
    return token


class SmsService:
    def __init__(
        self,
        store: Store,
        config: Config,
        secret: Callable[[SmsAccount], str],
        on_change: Callable[[], None] = lambda: None,
        gateway_factory: Callable[[SmsAccount, str, str], SmsGateway] = make_gateway,
    ) -> None:
        self.store = store
        self.config = config
        self._on_change = on_change
        self.accounts = {a.name: a for a in config.accounts if isinstance(a, SmsAccount)}
        self._secret = secret
        self._factory = gateway_factory
        self._gateways: dict[str, SmsGateway] = {}
        hooks = config.webhooks
        self.server = WebhookServer(
            hooks.listen_host,
            hooks.listen_port,
            hooks.public_url,
            {name: token_for(store, name) for name in self.accounts},
            self.dispatch,
        )

    def gateway(self, account: str) -> SmsGateway:
        if account not in self._gateways:
            acc = self.accounts[account]
            self._gateways[account] = self._factory(
                acc, self._secret(acc), self.config.profile.region
            )
        return self._gateways[account]

    async def start(self) -> None:
        if self.accounts:
            await self.server.start()

    async def stop(self) -> None:
        await self.server.stop()

    # -- webhooks -------------------------------------------------------------------------

    async def dispatch(self, account: str, rest: str, req: WebhookRequest) -> int:
        gateway = self.gateway(account)
        kind = _kind(gateway, rest, req)
        try:
            if kind == "inbound":
                self.store_inbound(account, gateway.parse_inbound(req))
            else:
                self.apply_status(gateway.parse_status(req))
        except WebhookRejected as exc:
            log.warning("webhook for %s refused: %s", account, exc)
            return exc.status
        self._on_change()
        return 200

    def store_inbound(self, account: str, inbound: Inbound) -> int:
        region = self.config.profile.region
        with self.store.transaction() as tx:
            try:
                address = phone_address(inbound.sender, region)
                contact_id = self.store.contacts.resolve_in(tx, address, "")
            except AddressError:
                contact_id = None  # an alphanumeric sender: shown, never merged
            return self.store.messages.add_in(
                tx,
                Message(
                    id=None,
                    channel=Channel.SMS,
                    direction=Direction.INBOUND,
                    contact_id=contact_id,
                    account=account,
                    timestamp=inbound.timestamp,
                    body=inbound.text,
                    sender=inbound.sender,
                    remote_id=f"in:{inbound.gateway_id}",
                    unread=True,
                ),
            )

    def apply_status(self, update: StatusUpdate) -> bool:
        """Move the outgoing message forward; returns False for unknown or stale reports."""
        item = (
            self.store.outbox.get(int(update.our_id))
            if (update.our_id or "").isascii() and (update.our_id or "").isdigit()
            else None
        )
        if item is None or item.message_id is None:
            return False
        state = "sent" if update.state == "buffered" else update.state
        signal = Signal(DeliveryState(state), self.accounts[item.account].gateway,
                        int(time.time()), update.reason, update.code)  # fmt: skip
        outcome = self.store.delivery.apply(item.message_id, signal)
        if outcome is None:
            return False
        if outcome.note:
            log.info("message %s: %s", item.message_id, outcome.note)
        return outcome.changed

    # -- sending --------------------------------------------------------------------------

    async def send(self, item: OutboxItem) -> str | None:
        """Hand one queued text to its gateway; returns the gateway's id. Raises the
        gateway's SmsError / SmsConfigError / SmsRejected for the sender to sort out."""
        data = json.loads(item.payload)
        result = await self.gateway(item.account).send(
            data["to"], data["text"], str(item.id), self.server.hook_base(item.account)
        )
        if result.gateway_id and item.message_id is not None:
            with self.store.transaction() as tx:
                tx.execute(
                    "UPDATE messages SET remote_id = ? WHERE id = ? AND remote_id IS NULL",
                    (f"out:{result.gateway_id}", item.message_id),
                )
        return result.gateway_id

    async def backfill(self, since: int | None = None) -> int:
        """Texts the receiver missed, from gateways with a list API (`sync --once`)."""
        since = since if since is not None else int(time.time()) - 7 * 86400
        added = 0
        for name in self.accounts:
            before = self.store.messages.count()
            for inbound in await self.gateway(name).list_inbound(since):
                self.store_inbound(name, inbound)
            added += self.store.messages.count() - before
        return added

    def callback_urls(self) -> dict[str, str]:
        return {name: self.server.hook_base(name) for name in self.accounts}


def _kind(gateway: SmsGateway, rest: str, req: WebhookRequest) -> str:
    decide = getattr(gateway, "webhook_kind", None)
    if callable(decide):
        return decide(rest, req)
    last = rest.rstrip("/").rsplit("/", 1)[-1].lower()
    return "inbound" if last in ("inbound", "received", "mo") else "status"
