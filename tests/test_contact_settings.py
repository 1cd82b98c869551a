"""Per-contact settings from the contact screen: the migration, the store, the core merge
and duplicate proposals, and their effect where it counts — an SMS from a contact marked
urgent here rings through do-not-disturb at night (real Kannel), the due time follows the
SLA set here, the read-receipt policy and outgoing defaults follow the answer set here,
the night's automatic acknowledgement follows the auto-ack set here (real Kannel), and
the drafts' form of address the one set here over the config's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sms_helpers import auto_ack_sms_config, until

from inbox_tui.config_file import parse_config_text
from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.availability import ManualDnd
from inbox_tui.core.contact_duplicates import duplicates, matches
from inbox_tui.core.contact_settings import (
    apply,
    describe,
    merged,
    next_value,
    normalise,
    with_config,
)
from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.core.receipt_policy import Decision
from inbox_tui.core.receipt_settings import request_settings
from inbox_tui.services.contact_settings import (
    contact_view,
    effective_contact,
    formal_for,
    merge_candidates,
    merge_pair,
    reset_setting,
    set_setting,
    step_setting,
)
from inbox_tui.services.outbox_sender import OutboxSender
from inbox_tui.services.quiet_watch import QuietWatch
from inbox_tui.services.receipts import decision_for
from inbox_tui.services.response_times import refresh_due
from inbox_tui.services.shield import Shield
from inbox_tui.services.sms_service import SmsService
from inbox_tui.store import Store
from inbox_tui.store.contact_settings import ContactSettingsRepo
from inbox_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION
from servers import free_port

ROME = ZoneInfo("Europe/Rome")
TUE_2330 = datetime(2026, 11, 24, 23, 30, tzinfo=ROME)
NOW_TS = int(TUE_2330.timestamp())


def _contact(store: Store, name: str, *addresses, **settings) -> int:
    return store.contacts.upsert(Contact(None, name, list(addresses), **settings))


# -- migration and store ------------------------------------------------------------------


def test_migration_8_upgrades_a_version_7_store_keeping_its_contacts(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:7], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO contacts (id, name, sla, urgent) VALUES (5, 'Anna', '1d', 1)")
    conn.close()
    store = Store(path)
    try:
        assert SCHEMA_VERSION == 8
        assert store.query_one("PRAGMA user_version")[0] == 8
        anna = store.contacts.get(5)
        assert anna is not None and (anna.sla, anna.urgent) == ("1d", True)
        repo = ContactSettingsRepo(store)
        assert repo.get(5) == {}
        assert repo.set(5, "sla", " 2h ", NOW_TS) == "2h"
        assert repo.get(5) == {"sla": "2h"}
        # A contact deleted takes its settings along (foreign keys are on).
        with store.transaction() as tx:
            tx.execute("DELETE FROM contacts WHERE id = 5")
        assert store.query_one("SELECT count(*) FROM contact_settings")[0] == 0
        assert store.integrity_ok()
    finally:
        store.close()


def test_repo_validates_stores_resets_and_survives_a_reopen(store: Store) -> None:
    anna = _contact(store, "Anna", email_address("anna@x.test"))
    repo = ContactSettingsRepo(store)
    assert repo.set(anna, "urgent", "yes", NOW_TS) == "1"
    assert repo.set(anna, "receipts", "Always", NOW_TS) == "always"
    assert repo.set(anna, "request_read", "", NOW_TS) == ""
    for key, bad in (("sla", "4x"), ("sla", "30m1h"), ("receipts", "maybe"), ("colour", "red")):
        with pytest.raises(ValueError):
            repo.set(anna, key, bad, NOW_TS)
    with pytest.raises(LookupError):
        repo.set(999, "urgent", "1", NOW_TS)
    assert repo.set(anna, "urgent", "no", NOW_TS) == "0"  # an update, not a second row
    path = store.path
    store.close()
    reopened = Store(path)
    try:
        repo = ContactSettingsRepo(reopened)
        assert repo.get(anna) == {"urgent": "0", "receipts": "always", "request_read": ""}
        assert repo.reset(anna, "urgent") and not repo.reset(anna, "urgent")
        assert repo.for_contacts([anna, 12345]) == {
            anna: {"receipts": "always", "request_read": ""}
        }
    finally:
        reopened.close()


def test_merge_keeps_its_own_settings_and_inherits_the_others(store: Store) -> None:
    luca = _contact(store, "Luca Bianchi", email_address("luca@x.test"))
    stray = _contact(store, "+393331234567", phone_address("+393331234567"), provisional=True)
    msg = _incoming(store, stray, TUE_2330, "sms")
    repo = ContactSettingsRepo(store)
    repo.set(luca, "sla", "4h", NOW_TS)
    repo.set(stray, "sla", "1d", NOW_TS)
    repo.set(stray, "urgent", "1", NOW_TS)
    # From the unknown sender's screen: the known contact is kept, whoever asked.
    assert merge_pair(store, stray, luca) == luca
    assert store.contacts.get(stray) is None
    assert store.messages.get(msg).contact_id == luca
    assert repo.get(luca) == {"sla": "4h", "urgent": "1"}
    assert {a.value for a in store.contacts.get(luca).addresses} == {
        "luca@x.test",
        "+393331234567",
    }
    # Every other merge path keeps settings too: `inbox-tui contacts merge` …
    sara = _contact(store, "Sara", email_address("sara@x.test"))
    sara2 = _contact(store, "Sara N.", email_address("sara@y.test"))
    repo.set(sara2, "receipts", "never", NOW_TS)
    store.contacts.merge(sara, sara2)
    assert repo.get(sara) == {"receipts": "never"}
    # … and a config contact (or vCard) naming addresses of two contacts at once.
    anna = _contact(store, "Anna", email_address("anna@x.test"))
    anna2 = _contact(store, "Anna V.", phone_address("+393477654321"))
    repo.set(anna, "urgent", "0", NOW_TS)
    repo.set(anna2, "urgent", "1", NOW_TS)
    repo.set(anna2, "sla", "4h", NOW_TS)
    both = [email_address("anna@x.test"), phone_address("+393477654321")]
    assert _contact(store, "Anna Verdi", *both) == anna
    assert repo.get(anna) == {"urgent": "0", "sla": "4h"}
    assert (
        store.query_one("SELECT count(*) FROM contact_settings WHERE contact_id = ?", (anna2,))[0]
        == 0
    )


# -- the core merge -----------------------------------------------------------------------


def test_apply_lays_the_screen_over_the_config() -> None:
    base = Contact(7, "Luca", sla="1d", urgent=False, receipts="ask", request_read=True)
    assert apply(base, {}) is base
    got = apply(base, {"urgent": "1", "sla": "", "receipts": "never", "request_read": ""})
    assert (got.urgent, got.sla, got.receipts, got.request_read) == (True, None, "never", None)
    assert (base.urgent, base.sla) == (False, "1d")  # the base is untouched
    # A malformed row (written by hand, or by a newer grammar) never beats the config.
    assert merged("sla", "1d", {"sla": "soon"}) == "1d"
    assert merged("urgent", True, {"urgent": "0"}) is False


def test_describe_says_where_each_value_comes_from() -> None:
    base = Contact(7, "Luca", sla="1d")
    lines = {s.key: s for s in describe(base, {"urgent": "1", "receipts": "always"})}
    assert (lines["urgent"].value, lines["urgent"].source, lines["urgent"].base) == (
        "yes",
        "set here",
        "no",
    )
    assert (lines["sla"].value, lines["sla"].source) == ("1d", "from config")
    assert (lines["receipts"].value, lines["receipts"].source) == ("always", "set here")
    assert (lines["request_read"].value, lines["request_read"].source) == (
        "account's setting",
        "default",
    )
    assert describe(base, {"sla": "none"})[1].value == "none"


def test_next_value_cycles_from_the_value_in_force() -> None:
    assert next_value("urgent", False) == "1" and next_value("urgent", True) == "0"
    assert [next_value("receipts", v) for v in (None, "ask", "always", "never")] == [
        "ask",
        "always",
        "never",
        "",
    ]
    assert [next_value("request_read", v) for v in (None, True, False)] == ["1", "0", ""]
    assert normalise("sla", "1h30m") == "1h30m" and normalise("sla", "None") == ""


LUCA_INFORMAL = parse_config_text(
    '[[contacts]]\nname = "Luca"\nemails = ["l@x.test"]\nauto_ack = false\nformal = false\n',
    "c.toml",
)


def test_auto_ack_and_form_of_address_merge_like_the_other_choices() -> None:
    row = Contact(7, "Luca", auto_ack=False)  # as stored: no column for the form of address
    base = with_config(row, LUCA_INFORMAL.contacts)  # … which comes from the config by name
    assert (base.formal, row.formal, base.auto_ack) == (False, True, False)
    assert with_config(Contact(8, "Sara"), LUCA_INFORMAL.contacts).formal is True
    got = apply(base, {"auto_ack": "yes", "formal": "1"})
    assert (got.auto_ack, got.formal) == (True, True)
    assert (base.auto_ack, base.formal) == (False, False)  # the base is untouched
    assert apply(Contact(8, "Sara"), {"auto_ack": "0", "formal": "0"}).auto_ack is False
    # A malformed row never beats the config.
    assert merged("formal", False, {"formal": "Lei"}) is False
    assert merged("auto_ack", True, {"auto_ack": "off"}) is False
    lines = {s.key: s for s in describe(base, {"formal": "1"})}
    assert (lines["auto_ack"].value, lines["auto_ack"].source) == ("no", "from config")
    assert (lines["formal"].value, lines["formal"].source, lines["formal"].base) == (
        "formal (Lei)",
        "set here",
        "informal (tu)",
    )
    plain = {s.key: s for s in describe(Contact(8, "Sara"), {"auto_ack": "maybe"})}
    assert (plain["auto_ack"].value, plain["auto_ack"].source) == ("yes", "default")
    assert (plain["formal"].value, plain["formal"].source) == ("formal (Lei)", "default")
    assert [next_value(k, v) for k in ("auto_ack", "formal") for v in (True, False)] == [
        "0",
        "1",
        "0",
        "1",
    ]
    assert normalise("auto_ack", "No") == "0" and normalise("formal", " yes ") == "1"
    for key, bad in (("formal", "lei"), ("auto_ack", "")):
        with pytest.raises(ValueError):
            normalise(key, bad)


def test_form_of_address_set_here_wins_over_the_config_by_name(store: Store) -> None:
    luca = _contact(store, "Luca", email_address("l@x.test"), auto_ack=False)
    assert formal_for(store, LUCA_INFORMAL, luca, "Luca") is False  # the config's "tu"
    assert effective_contact(store, luca).formal is True  # no config given: the store's base
    # Enter/f steps from the value in force — the config's — so the first press means "Lei".
    assert step_setting(store, luca, "formal", NOW_TS, LUCA_INFORMAL) == "1"
    assert formal_for(store, LUCA_INFORMAL, luca, "Luca") is True
    view = contact_view(store, luca, LUCA_INFORMAL)
    line = next(s for s in view.settings if s.key == "formal")
    assert (line.value, line.source, line.base) == ("formal (Lei)", "set here", "informal (tu)")
    assert view.effective.formal is True and view.contact.formal is False
    assert reset_setting(store, luca, "formal")
    assert formal_for(store, LUCA_INFORMAL, luca, "Luca") is False
    assert formal_for(store, LUCA_INFORMAL, None, "Luca") is False  # no contact: by name
    assert step_setting(store, luca, "auto_ack", NOW_TS) == "1"  # the config's "no" → yes
    assert effective_contact(store, luca).auto_ack is True


def test_duplicates_by_phone_mailbox_and_name() -> None:
    luca = Contact(1, "Luca Bianchi", [email_address("luca.bianchi@studio.test")])
    luca.addresses.append(phone_address("+393331234567"))
    others = [
        luca,
        Contact(2, "+13331234567", [phone_address("+13331234567")], provisional=True),
        Contact(3, "L.B.", [email_address("luca.bianchi@gmail.test")]),
        Contact(4, "luca bianchi", [email_address("lb@else.test")]),
        Contact(5, "Info", [email_address("info@studio.test")]),
        Contact(6, "Sara Neri", [email_address("sara@x.test")]),
    ]
    found = duplicates(luca, others)
    assert [c.contact.id for c in found] == [2, 3, 4]
    assert found[0].reasons == ("phone number ending …4567",)
    assert found[1].reasons == ("same mailbox name luca.bianchi@", "name matches an email address")
    assert found[2].reasons == ("same name",)
    # A stranger named by their address matches the client's name.
    stray = Contact(9, "bianchi_luca@mail.test", [email_address("bianchi_luca@mail.test")])
    assert [c.reasons for c in duplicates(stray, [luca])] == [("name matches an email address",)]
    info = Contact(8, "Office", [email_address("info@other.test")])
    assert duplicates(info, others) == []  # generic mailbox names say nothing
    assert matches(others[3], "BIANCHÍ") and matches(others[2], "gmail")
    assert not matches(others[3], "")


def test_services_propose_and_search(store: Store) -> None:
    luca = _contact(store, "Luca Bianchi", phone_address("+393331234567"))
    twin = _contact(store, "Luca B.", phone_address("+13331234567"))
    _contact(store, "Sara Neri", email_address("sara@x.test"))
    assert [c.contact.id for c in merge_candidates(store, luca)] == [twin]
    assert [c.contact.name for c in merge_candidates(store, luca, "sara")] == ["Sara Neri"]
    view = contact_view(store, luca)
    assert view is not None and view.contact.name == "Luca Bianchi"
    assert step_setting(store, luca, "urgent", NOW_TS) == "1"
    assert step_setting(store, luca, "urgent", NOW_TS) == "0"
    assert effective_contact(store, luca).urgent is False
    assert effective_contact(store, None) is None


# -- the effect on the consumers ----------------------------------------------------------


def _incoming(store: Store, contact: int, at: datetime, channel: str = "email", **kw) -> int:
    n = store.query_one("SELECT count(*) FROM messages")[0]
    return store.messages.add(
        Message(
            None,
            Channel(channel),
            Direction.INBOUND,
            contact,
            "studio" if channel == "email" else "sms",
            int(at.timestamp()),
            subject=f"q{n}",
            body="?",
            sender=kw.pop("sender", "x@y.test"),
            remote_id=f"r{n}",
            unread=True,
            **kw,
        )  # fmt: skip
    )


def _due(store: Store, message_id: int) -> datetime | None:
    due = store.query_one("SELECT due_ts FROM messages WHERE id = ?", (message_id,))[0]
    return None if due is None else datetime.fromtimestamp(due, ROME)


def test_due_time_uses_the_sla_set_in_the_screen(store: Store) -> None:
    config = parse_config_text('[profile]\ntimezone = "Europe/Rome"\n', "c.toml")
    luca = _contact(store, "Luca", email_address("l@x.test"), sla="1d")  # from the config
    sara = _contact(store, "Sara", email_address("s@x.test"))  # no promise in the config
    monday_0900 = datetime(2026, 11, 30, 9, 0, tzinfo=ROME)
    a = _incoming(store, luca, monday_0900)
    b = _incoming(store, sara, monday_0900)
    shield = Shield(store, config, lambda: monday_0900.timestamp())
    assert refresh_due(shield) == 1
    assert _due(store, a) == datetime(2026, 12, 1, 9, 0, tzinfo=ROME)  # one working day
    # Set here: Luca's waiting message is due again from when it arrived, in 2 h.
    set_setting(store, luca, "sla", "2h", NOW_TS)
    set_setting(store, sara, "sla", "30m", NOW_TS)
    assert refresh_due(shield) == 2
    assert _due(store, a) == datetime(2026, 11, 30, 11, 0, tzinfo=ROME)
    assert _due(store, b) == datetime(2026, 11, 30, 9, 30, tzinfo=ROME)
    # "none" here takes the config's promise back; resetting brings it back.
    set_setting(store, luca, "sla", "none", NOW_TS)
    assert refresh_due(shield) == 0 and _due(store, a) is None
    reset_setting(store, luca, "sla")
    assert refresh_due(shield) == 1
    assert _due(store, a) == datetime(2026, 12, 1, 9, 0, tzinfo=ROME)


def test_receipt_policy_and_outgoing_defaults_follow_the_screen(store: Store) -> None:
    config = parse_config_text(
        '[profile]\ntimezone = "Europe/Rome"\n[receipts]\nanswer = "ask"\n'
        "request_read = false\n"
        '[[accounts]]\nname = "studio"\nkind = "email"\naddress = "maria@studio.test"\n'
        'username = "maria@studio.test"\nimap = { host = "127.0.0.1", port = 1 }\n'
        'smtp = { host = "127.0.0.1", port = 1, security = "starttls" }\n',
        "c.toml",
    )
    luca = _contact(store, "Luca", email_address("luca@x.test"))
    mid = _incoming(
        store, luca, TUE_2330, sender="luca@x.test", mdn_to="luca@x.test",
        return_path="luca@x.test", recipients="maria@studio.test",
    )  # fmt: skip
    msg = store.messages.get(mid)
    assert decision_for(store, config, msg) is Decision.ASK
    set_setting(store, luca, "receipts", "always", NOW_TS)
    assert decision_for(store, config, msg) is Decision.SEND
    set_setting(store, luca, "receipts", "never", NOW_TS)
    assert decision_for(store, config, msg) is Decision.NEVER
    reset_setting(store, luca, "receipts")
    assert decision_for(store, config, msg) is Decision.ASK
    # Asking Luca for receipts on what we send him (the composer's defaults).
    assert request_settings(config, "studio", effective_contact(store, luca))[0] is False
    set_setting(store, luca, "request_read", "yes", NOW_TS)
    assert request_settings(config, "studio", effective_contact(store, luca))[0] is True


async def test_urgent_set_here_rings_through_dnd_at_night_over_kannel(
    store: Store, kannel_factory
) -> None:
    config = auto_ack_sms_config(free_port(), auto_ack=False)
    shield = Shield(store, config, lambda: TUE_2330.timestamp())
    shield.set_manual(ManualDnd(None))  # do not disturb, on top of the night
    rang: list = []
    watch = QuietWatch(shield, rang.append, desktop=False)
    service = SmsService(store, config, lambda a: "inbox-pw", on_change=watch.check)
    kannel = kannel_factory(mo_url=service.server.hook_base("sms") + "/kannel/inbound")
    service.accounts["sms"] = dataclasses.replace(config.accounts[0], url=kannel.sendsms_url)
    anna_phone, luca_phone = "+393477654321", "+393331234567"
    anna = _contact(store, "Anna Verdi", phone_address(anna_phone))
    # Urgent in the config, switched off in the screen: the screen wins.
    luca = _contact(store, "Luca Bianchi", phone_address(luca_phone), urgent=True)
    set_setting(store, luca, "urgent", "no", NOW_TS)
    watch.check()  # the first look at a store only records where it starts

    def inbound() -> int:
        return store.query_one("SELECT count(*) FROM messages WHERE direction = 'in'")[0]

    async def receive(phone: str, text: str, total: int) -> None:
        kannel.send_mo(phone, "+390212345678", text)
        for _ in range(500):
            if inbound() == total:
                break
            await asyncio.sleep(0.02)
        assert inbound() == total
        watch.check()

    await service.start()
    try:
        assert shield.availability().state != "working"
        await receive(anna_phone, "Mi hanno fissato l'udienza domattina", 1)
        assert rang == []  # not urgent yet: silent
        set_setting(store, anna, "urgent", "yes", NOW_TS)  # what `u` in the screen does
        await receive(anna_phone, "Mi chiami appena può", 2)
        await receive(luca_phone, "Riso o pasta?", 3)
        assert [(a.who, a.breakthrough) for a in rang] == [("Anna Verdi", True)]
        reset_setting(store, anna, "urgent")  # back to the config: not urgent
        await receive(anna_phone, "Tutto risolto", 4)
        assert len(rang) == 1
    finally:
        await service.stop()


async def test_auto_ack_set_here_decides_the_night_acknowledgement_over_kannel(
    store: Store, kannel_factory
) -> None:
    config = auto_ack_sms_config(free_port(), auto_ack=True)
    shield = Shield(store, config, lambda: TUE_2330.timestamp())
    watch = QuietWatch(shield, desktop=False)
    service = SmsService(store, config, lambda a: "inbox-pw", on_change=watch.check)
    kannel = kannel_factory(mo_url=service.server.hook_base("sms") + "/kannel/inbound")
    service.accounts["sms"] = dataclasses.replace(config.accounts[0], url=kannel.sendsms_url)
    ours, anna_phone, luca_phone = "+390212345678", "+393477654321", "+393331234567"
    # Luca is acknowledged by the config and switched off here; Anna the other way round.
    luca = _contact(store, "Luca Bianchi", phone_address(luca_phone))
    anna = _contact(store, "Anna Verdi", phone_address(anna_phone), auto_ack=False)
    set_setting(store, luca, "auto_ack", "no", NOW_TS)
    assert step_setting(store, anna, "auto_ack", NOW_TS) == "1"  # what `a` in the screen does
    watch.check()  # the first look at a store only records where it starts

    def acknowledged() -> list[int]:
        return sorted(
            r[0]
            for r in store.query(
                "SELECT m.contact_id FROM outbox o JOIN messages m ON m.id = o.message_id"
            )
        )

    def inbound() -> int:
        return store.query_one("SELECT count(*) FROM messages WHERE direction = 'in'")[0]

    await service.start()
    try:
        assert shield.availability().state != "working"
        kannel.send_mo(luca_phone, ours, "Riso o pasta stasera?")
        kannel.send_mo(anna_phone, ours, "Mi hanno fissato l'udienza domattina")
        await until(lambda: inbound() == 2)
        watch.check()
        assert acknowledged() == [anna]
        sender = OutboxSender(
            store, config, {}, lambda a: "", sms=service, clock=lambda: TUE_2330.timestamp()
        )
        assert await sender.run_once() == 1
        (sent,) = kannel.smsc.wait_mt(1)
        assert sent.receiver == anna_phone
        # Back to the config's value: Luca's next message of the night is acknowledged.
        assert reset_setting(store, luca, "auto_ack")
        kannel.send_mo(luca_phone, ours, "E il dolce?")
        await until(lambda: inbound() == 3)
        watch.check()
        assert acknowledged() == sorted([anna, luca])
    finally:
        await service.stop()
