"""The messages of one demo conversation: who the client is, and an everyday exchange.

An exchange is a client's request and the professional's answer, recombined from the
shared phrases of demo_content with the greetings and closings that fit the local time;
each message is a timeline row, and our emails carry the practice's signature.
Deterministic: all chance comes from the Random the seeder passes in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from inbox_tui.core.addresses import phone_address
from inbox_tui.core.models import Channel, DeliveryState, Direction, Message
from inbox_tui.services import demo_content as text

DAY = 86_400
SMS_SHARE = 0.4

# The professional's own addresses as stored on outgoing messages: [is_sms].
_PRO_SENDERS = {
    practice: (email, phone_address(phone).value)
    for practice, (_, _, email, phone, _) in text.PROS.items()
}


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    first: str
    email: str
    phone: str
    lang: str
    practice: str


def exchange_messages(
    rng: random.Random,
    person: Person,
    midnight: int,
    secs: int,
    thread: str,
    topic: tuple[str, str, str] | None = None,
) -> list[Message]:
    """A client's request and its answer, recombined from the shared phrases; it always
    ends with the professional, so history never adds to "Awaiting reply". Without a
    `topic` (generated history) an answer is now and then slow and the client chases it."""
    lang = person.lang
    subject, request, reply = topic or rng.choice(text.EXCHANGES[(person.practice, lang)])
    fill = {"day": rng.choice(text.DAYS[lang]), "hour": rng.choice(text.HOURS)}
    subject, request, reply = (s.format(**fill) for s in (subject, request, reply))
    channel = text.S if rng.random() < SMS_SHARE else text.E
    email = channel == text.E
    if request.endswith("?") and rng.random() < 0.5:
        request = f"{request} {rng.choice(text.EXTRAS[lang])}"
    if email:
        title, pro = text.PROS[person.practice][1], text.PROS[person.practice][0]
        opener = _salutation(rng, text.OPENERS[lang], secs).format(title=title, pro=pro)
        closer = rng.choice(text.CLOSERS[lang])
        request = f"{opener}\n{_after_greeting(request, lang)}\n{closer}\n{person.first}"
    re_subject = f"Re: {subject}"
    ts = midnight + secs
    messages = [person_message(person, ts, channel, subject, request, thread)]
    if topic is None and rng.random() < 0.06:
        ts += rng.randint(1, 3) * DAY + rng.randint(0, 1800)
        chaser = rng.choice(text.CHASERS[lang])
        messages.append(person_message(person, ts, channel, re_subject, chaser, thread))
        reply = text.APOLOGIES[lang] + reply
    if secs < 17 * 3600:
        ts += rng.randint(15 * 60, 3 * 3600)
    else:  # asked in the evening: answered the next morning
        ts += DAY - secs + rng.randint(8 * 3600 + 1800, 10 * 3600 + 1800)
    if email:
        greeting = _salutation(rng, text.GREETINGS[lang], (ts - midnight) % DAY)
        greeting = greeting.format(first=person.first)
        reply = f"{greeting}\n{_after_greeting(reply, lang)}"
        state = rng.choice([DeliveryState.READ, DeliveryState.DELIVERED, DeliveryState.SENT])
    else:
        state = DeliveryState.DELIVERED if rng.random() < 0.7 else DeliveryState.READ
    if not email and rng.random() < 0.005:
        messages.append(person_message(person, ts, channel, "", reply, None, DeliveryState.FAILED))
        ts += rng.randint(10 * 60, 3600)
        channel = text.E  # the text bounced: the answer goes by email
    messages.append(person_message(person, ts, channel, re_subject, reply, thread, state))
    if rng.random() < 0.25:
        thanks, welcome = rng.choice(text.THANKS[lang])
        ts += rng.randint(10 * 60, 90 * 60)
        messages.append(person_message(person, ts, channel, re_subject, thanks, thread))
        ts += rng.randint(5 * 60, 40 * 60)
        messages.append(person_message(person, ts, channel, re_subject, welcome, thread, state))
    return messages


def _salutation(rng: random.Random, options: tuple[list[str], ...], secs: int) -> str:
    """No "Good morning" in the evening: (any time, mornings, evenings) by local time."""
    anytime, morning, evening = options
    extra = morning if secs < 13 * 3600 else evening if secs >= 17 * 3600 else []
    return rng.choice(anytime + extra)


def _after_greeting(line: str, lang: str) -> str:
    """Italian letters go on in lower case after "Gentile Luca,"; English ones do not."""
    return line[0].lower() + line[1:] if lang == "it" else line


def person_message(
    person: Person,
    ts: int,
    channel: str,
    subject: str,
    body: str,
    thread: str | None,
    state: DeliveryState | None = None,
    unread: bool = False,
) -> Message:
    """One message of `person`'s conversation; `state` None means the client wrote it."""
    sms = channel == text.S
    client = person.phone if sms else person.email
    mine = state is not None
    if mine and not sms:  # my emails carry the practice's signature
        body = f"{body}\n\n{text.PROS[person.practice][4][person.lang]}"
    return Message(
        id=None,
        channel=Channel.SMS if sms else Channel.EMAIL,
        direction=Direction.OUTBOUND if mine else Direction.INBOUND,
        contact_id=person.id,
        account="sms" if sms else "studio",
        timestamp=ts,
        subject="" if sms else subject,
        body=body,
        sender=_PRO_SENDERS[person.practice][sms] if mine else client,
        thread_key=None if sms else thread,
        unread=unread,
        state=state if mine else DeliveryState.RECEIVED,
        state_reason=text.FAILED_REASONS[channel] if state is DeliveryState.FAILED else None,
        recipients=client if mine else "",
    )
