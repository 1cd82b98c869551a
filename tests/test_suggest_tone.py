"""The pre-send tone check: Italian and English registers, and look-alikes it must leave alone."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from inbox_tui.core.suggest.tone import ToneWarning, tone_check, when_text

NOW = datetime(2026, 3, 4, 22, 15, tzinfo=timezone(timedelta(hours=1)))  # a Wednesday night

IT_GOOD = (
    "Gentile Sig.ra Bianchi,\n\n"
    "la ringrazio per il suo messaggio. Capisco l'esigenza di chiudere la pratica entro "
    "venerdì; per farlo servirebbero però tempi e costi che non le convengono. Le propongo "
    "invece di depositare prima la memoria breve, che non costa nulla e le dà lo stesso "
    "risultato in sei settimane. Cosa ne pensa?\n\n"
    "Cordiali saluti,\nAvv. Maria Rossi\nStudio Legale Rossi · Via Roma 1, Milano"
)
EN_GOOD = (
    "Dear Ms Heyward,\n\n"
    "thank you for your message. We could redo the whole plan by Friday, but given the time "
    "and the cost it would take, I suggest we adjust the two meals that are not working, "
    "which costs nothing and gets you the result sooner. What do you think?\n\n"
    "Best regards,\nMaria Rossi"
)


def codes(text: str, language: str, **kw: object) -> list[str]:
    kw.setdefault("quiet_until", None)
    return [w.code for w in tone_check(text, language, now=NOW, **kw)]  # type: ignore[arg-type]


def only(text: str, language: str, code: str, **kw: object) -> ToneWarning:
    kw.setdefault("quiet_until", None)
    found = [w for w in tone_check(text, language, now=NOW, **kw) if w.code == code]  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


# --- a professional draft says nothing ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        (IT_GOOD, "it", "Anna"),
        (EN_GOOD, "en", "Joan"),
        ("Il contratto dura sei mesi: ne mancano sei.", "it", ""),
        ("La riunione è fra due giorni; vale la pena aspettare.", "it", "Valentina"),
        ("Le scrivo per conto del Ministero del Tesoro: una bella notizia.", "it", ""),
        ("Gentile Alberto, grazie al suo aiuto abbiamo chiuso.", "it", "Alberto"),
        (
            "Six copies, ten at 10:30, see https://x.example/a:b (point 8) within <30 days.",
            "en",
            "",
        ),
        ("Dear Mr Heyward, the Darling report is attached.", "en", "Thomas"),
        ("Our team-mate will call. Will you be available?", "en", "William"),
        ("Studio Rossi © 2026 · Tel. 02 1234567 → see the attachment ↔ page 2", "en", ""),
        ("Gentile Roberta, le confermo l'appuntamento di lunedì.", "it", "Roberta"),
        ("I'd sure love to help. Okay, I love the plan.", "en", ""),
        ("Dear Simon, the file is attached.", "en", "Simone"),
        ("The file is attached.\n\nThanks,\nRob", "en", "Robert"),
        ("Ciao Marco, ti confermo l'appuntamento. Fammi sapere.", "it", "Marco"),
    ],
)
def test_professional_drafts_get_no_warning(text: str, language: str, name: str) -> None:
    formal = not text.startswith("Ciao Marco")  # that contact is on "tu" terms
    assert codes(text, language, contact_first_name=name, formal=formal) == []


def test_quoted_client_text_is_not_the_drafts() -> None:
    text = "Gentile Anna,\nle rispondo domani.\n\n> Ciao!! Grazie tesoro :) «x»\n> ahahah"
    assert codes(text, "it") == []


# --- after hours, placeholders ----------------------------------------------------------


def test_after_hours_names_the_release_time() -> None:
    monday = datetime(2026, 3, 9, 8, 30, tzinfo=NOW.tzinfo)
    w = only("Ok.", "en", "after_hours", quiet_until=monday)
    assert w.message == "Quiet time: this will be held until Mon 08:30 (ctrl+g sends now)"


def test_when_text_today_week_and_later() -> None:
    assert when_text(NOW.replace(hour=23), NOW) == "23:15"
    assert when_text(NOW + timedelta(days=1), NOW) == "Thu 22:15"
    assert when_text(NOW + timedelta(days=9), NOW) == "Fri 13 Mar 22:15"
    utc = datetime(2026, 3, 5, 7, 30, tzinfo=timezone.utc)  # shown in the caller's zone
    assert when_text(utc, NOW) == "Thu 08:30"


def test_placeholders_are_counted_and_the_first_named() -> None:
    w = only("Le propongo «alternative» entro «data». Cosa ne pensa?", "it", "placeholder")
    assert w.message == "2 placeholders left: «alternative» …"
    w = only("We could do «alternative» instead.", "en", "placeholder")
    assert w.message == "1 placeholder left: «alternative»"


# --- exclamations and emoji ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Thank you!", False),
        ("Thank you! See you soon!", True),
        ("Grazie!!", True),
        ("Perfetto!!!", True),
    ],
)
def test_exclamations(text: str, flagged: bool) -> None:
    assert ("exclamations" in codes(text, "en")) is flagged


@pytest.mark.parametrize(
    "text",
    ["Grazie 😊", "Done 👍🏻", "Ci vediamo ☀️", "Ok ❤️", "Noted ✔", "See you :)", "ok;)", "Great :D",
     "Va bene xD", "Thanks <3", "Ottimo :-)", "Top 🇮🇹", "1️⃣ first"],
)  # fmt: skip
def test_emoji_and_emoticons(text: str) -> None:
    assert "emoji" in codes(text, "en")


def test_emoji_message_quotes_it() -> None:
    assert only("Grazie :)", "it", "emoji").message == "Emoji or emoticon “:)”: keep replies plain"


# --- chummy register, per language --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("Grazie tesoro, ci sentiamo.", "tesoro"),
        ("Ciao bella, tutto a posto.", "bella"),
        ("Va bene, cara mia.", "cara mia"),
        ("Carissima Giulia, le scrivo.", "Carissima"),
        ("A presto, un bacio", "bacio"),
        ("Bacioni e a domani", "Bacioni"),
        ("Un abbraccio forte", "abbraccio"),
        ("Che storia ahahah", "ahahah"),
        ("Certo, amore.", "amore"),
        ("Ok tvb", "tvb"),
        ("Grazie mille mille per la pazienza", "Grazie mille mille"),
        ("Perfetto, ci vediamo xoxo", "xoxo"),
        ("Così è più facile, ahah", "ahah"),
        ("Perché no? Però è più ùtile così, Bèlla.", "Bèlla"),
    ],
)
def test_italian_chummy_markers(text: str, marker: str) -> None:
    w = only(text, "it", "chummy")
    assert f"“{marker}”" in w.message


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("Hey Joan, the plan is ready.", "Hey"),
        ("Hiya, here it is.", "Hiya"),
        ("Sure babe.", "babe"),
        ("Thanks hun, see you Monday.", "hun"),
        ("No problem, sweetie.", "sweetie"),
        ("Of course, darling.", "darling"),
        ("Dude, that's the plan.", "Dude"),
        ("Thanks buddy.", "buddy"),
        ("Cheers, mate.", "mate"),
        ("That was a lot lol", "lol"),
        ("Hahaha fair enough", "Hahaha"),
        ("Love ya, see you", "Love ya"),
        ("See you then, cheers!!", "cheers!!"),
        ("Hugs and kisses", "Hugs"),
    ],
)
def test_english_chummy_markers(text: str, marker: str) -> None:
    w = only(text, "en", "chummy")
    assert f"“{marker}”" in w.message


def test_markers_are_per_language() -> None:
    assert "chummy" not in codes("I'll mate the two files; bella vista.", "en")
    assert "chummy" not in codes("Le mando il bacino idrografico e il mate.", "it")
    assert "chummy" in codes("Ok mate.", "en") and "chummy" not in codes("Ok mate.", "it")


def test_heyward_is_not_hey() -> None:
    assert codes("Dear Ms Heyward, they said hello.", "en") == []


# --- nicknames and informal address -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "shown"),
    [
        ("Ciao Robi, ecco il file.", "Roberta", "Robi"),
        ("Gentile Roby, ecco il file.", "Roberta", "Roby"),
        ("Ciao Robe, ecco il file.", "Roberta", "Robe"),
        ("Buongiorno Fede, ecco il file.", "Federico", "Fede"),
        ("Buongiorno Ale, le mando il file.", "Alessandra", "Ale"),
        ("Salve Giuli, le mando il file.", "Giulia", "Giuli"),
        ("Grazie, Vale!", "Valentina", "Vale"),
        ("Hi Mike, here is the file.", "Michael", "Mike"),
        ("Dear Liz, here is the file.", "Dott.ssa Elizabeth Rossi", "Liz"),
        ("Dear Kate,", "Katherine", "Kate"),
        ("Good morning Katie, attached.", "Katherine", "Katie"),
        ("Hello Tom, attached.", "Thomas", "Tom"),
        ("Dear Bob, attached.", "Robert", "Bob"),
        ("Thanks, Rob.", "Robert", "Rob"),
    ],
)
def test_nicknames(text: str, name: str, shown: str) -> None:
    w = only(text, "en" if text[0] in "HDGT" else "it", "nickname", contact_first_name=name)
    assert w.message.startswith(f"“{shown}” is a nickname")


def test_nickname_message_uses_the_name_without_title() -> None:
    w = only("Dear Liz,", "en", "nickname", contact_first_name="Dott.ssa Elizabeth Rossi")
    assert w.message == "“Liz” is a nickname: address Elizabeth by name"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Ciao Anna, ti mando il preventivo.", True),
        ("Gentile Anna, fammi sapere se va bene.", True),
        ("Gentile Anna, ti confermo che il tuo contratto è pronto.", True),
        ("Ciao Anna, sei stata chiarissima.", True),
        ("Gentile Anna, il termine è di sei mesi. Ciao.", False),
        ("Gentile Anna, le mando il preventivo. Mi faccia sapere.", False),
        ("Gentile Anna, sei disponibili su sei: ne restano due.", False),
    ],
)
def test_informal_address_to_a_formal_contact(text: str, flagged: bool) -> None:
    assert ("nickname" in codes(text, "it", contact_first_name="Anna")) is flagged
    # On "tu" terms the same wording is right; English has no such distinction.
    assert "nickname" not in codes(text, "it", contact_first_name="Anna", formal=False)
    assert "nickname" not in codes(text, "en", contact_first_name="Anna")


def test_informal_message_quotes_the_form() -> None:
    w = only("Gentile Anna, fammi sapere.", "it", "nickname")
    assert w.message == "Informal “tu” (“fammi sapere”) for a contact you address with “Lei”"


def test_everything_at_once_in_a_fixed_order() -> None:
    text = "Ciao Robi!! Ti mando «alternative» e il tuo file 😊 un bacio"
    monday = datetime(2026, 3, 9, 8, 30, tzinfo=NOW.tzinfo)
    found = codes(text, "it", quiet_until=monday, contact_first_name="Roberta")
    assert found == ["after_hours", "placeholder", "exclamations", "emoji", "chummy", "nickname"]
