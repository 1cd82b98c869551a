from datetime import datetime
from zoneinfo import ZoneInfo

from inbox_tui.core.quiet_rules import AckCandidate, ack_text, has_keyword, ring_for, should_ack

ROME = ZoneInfo("Europe/Rome")
KEYWORDS = ("urgente", "emergenza", "urgent")


def test_who_rings_in_quiet_time() -> None:
    assert ring_for(quiet=False, urgent_contact=False, text="ciao", keywords=KEYWORDS).ring
    muted = ring_for(quiet=True, urgent_contact=False, text="riso o pasta?", keywords=KEYWORDS)
    assert not muted.ring and not muted.breakthrough
    vip = ring_for(quiet=True, urgent_contact=True, text="ciao", keywords=KEYWORDS)
    assert vip.ring and vip.breakthrough
    word = ring_for(quiet=True, urgent_contact=False, text="È URGENTE!", keywords=KEYWORDS)
    assert word.ring and word.breakthrough


def test_keywords_are_whole_words() -> None:
    assert has_keyword("Urgent: the hearing moved", KEYWORDS)
    assert not has_keyword("non è urgentemente necessario", KEYWORDS)
    assert not has_keyword("anything", ())


def _c(**kw) -> AckCandidate:
    base = dict(
        channel="sms", automated=False, contact_id=1, contact_auto_ack=True,
        alphanumeric_sender=False,
    )  # fmt: skip
    base.update(kw)
    return AckCandidate(**base)


def test_who_gets_an_acknowledgement() -> None:
    rules = dict(enabled=True, channels=("sms", "email"), quiet=True)
    assert should_ack(_c(), **rules)
    assert not should_ack(_c(), enabled=False, channels=("sms",), quiet=True)
    assert not should_ack(_c(), enabled=True, channels=("sms",), quiet=False)
    assert not should_ack(_c(channel="email"), enabled=True, channels=("sms",), quiet=True)
    assert not should_ack(_c(automated=True), **rules)
    assert not should_ack(_c(contact_auto_ack=False), **rules)
    assert not should_ack(_c(contact_id=None), **rules)
    assert not should_ack(_c(alphanumeric_sender=True), **rules)


def test_ack_text_says_when_in_both_languages() -> None:
    night = datetime(2026, 11, 27, 23, 30, tzinfo=ROME)  # a Friday
    monday = datetime(2026, 11, 30, 8, 30, tzinfo=ROME)
    assert ack_text("it", monday, night) == (
        "Grazie, ho ricevuto il suo messaggio. Le risponderò lunedì dalle 08:30."
    )
    assert ack_text("en", monday, night) == (
        "Thanks, I have your message. I will answer on Monday from 08:30."
    )
    tuesday_night = datetime(2026, 11, 24, 23, 30, tzinfo=ROME)
    wednesday = datetime(2026, 11, 25, 8, 30, tzinfo=ROME)
    assert "domani dalle 08:30" in ack_text("it", wednesday, tuesday_night)
    assert ack_text("en", wednesday, tuesday_night, "Back {when}.") == "Back tomorrow from 08:30."


def test_machine_written_mail() -> None:
    from inbox_tui.core.automated import is_automated

    assert is_automated("auto-replied", None, None, "luca@client.test")
    assert not is_automated("no", None, None, "luca@client.test")
    assert is_automated(None, "bulk", None, "news@shop.test")
    assert is_automated(None, None, "<soci.ordine.test>", "luca@client.test")
    assert is_automated(None, None, None, "no-reply@bank.test")
    assert is_automated(None, None, None, "MAILER-DAEMON@mx.test")
    assert not is_automated(None, None, None, "anna.verdi@example.com")
