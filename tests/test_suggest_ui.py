"""Reply drafts in the TUI: the panel under the conversation, the composer's ghost draft and
its keys, the tone check before sending, and the private counters' screen. No servers:
the store is seeded, the clock injected, and the shipped templates are used."""

from __future__ import annotations

from datetime import datetime

import pytest

from inbox_tui.core.addresses import email_address
from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.store import Store
from inbox_tui.store.suggest_stats import SuggestStats, edit_ratio
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.screens.composer_screen import ComposerScreen
from inbox_tui.ui.screens.draft_stats_screen import DraftStatsScreen
from inbox_tui.ui.screens.main_screen import MainScreen
from inbox_tui.ui.screens.tone_screen import ToneScreen
from inbox_tui.ui.widgets.ghost_text_area import GhostTextArea
from inbox_tui.ui.widgets.suggestion_panel import SuggestionPanel
from ui_helpers import ROME, main_screen, outbox_emails, screen_text, settle, studio_config, until

TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=ROME)
ANNA = "anna@client.test"
MARIA = "maria@studio.test"
DECISION = (
    "Buongiorno avvocato,\npotrebbe aggiungere al contratto anche la clausola sul garage? "
    "Ci servirebbe per la riunione.\nGrazie, Anna"
)
THANKS = "Grazie mille, tutto chiaro!"
SIZE = (200, 50)  # the reading pane wide enough for the panel's title on one line


def _app(store: Store) -> InboxApp:
    return InboxApp(
        store,
        tz=ROME,
        clock=lambda: TUESDAY_10,
        config=studio_config("suggest-ui.toml", address=MARIA, language="it"),
    )


def _incoming(store: Store, body: str, subject: str = "Contratto", minutes_ago: int = 10) -> int:
    anna = store.contacts.upsert(Contact(None, "Anna Bianchi", [email_address(ANNA)]))
    ts = int(TUESDAY_10.timestamp()) - 60 * minutes_ago
    return store.messages.add(
        Message(None, Channel.EMAIL, Direction.INBOUND, anna, "studio", ts, subject=subject,
                body=body, sender=ANNA, message_id=f"<{ts}@client.test>", recipients=MARIA)
    )  # fmt: skip


def _panel(app: InboxApp) -> SuggestionPanel:
    return main_screen(app).query_one(SuggestionPanel)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


async def _open_composer(pilot, app: InboxApp) -> GhostTextArea:
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
    body = app.screen.query_one("#composer-body", GhostTextArea)
    await until(pilot, lambda: body.has_focus and bool(body.ghost))
    await pilot.pause()
    return body


async def _shown(pilot, app: InboxApp) -> SuggestionPanel:
    timeline = await settle(pilot, app)
    timeline.focus()
    panel = _panel(app)
    await until(pilot, lambda: panel.display and panel.suggestion is not None)
    await pilot.pause()
    return panel


# -- the panel ---------------------------------------------------------------------------


async def test_decision_message_shows_the_panel(store: Store) -> None:
    _incoming(store, DECISION)
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        panel = await _shown(pilot, app)
        assert panel.suggestion.intent == "decision"
        assert panel.suggestion.language == "it"
        text = screen_text(app)
        assert "Suggested replies · decision (a request to decide)" in text
        for draft in panel.suggestion.drafts:
            assert draft.kind in text
        # The first lines after the greeting, shared by every draft, identify each one.
        for draft in panel.suggestion.drafts:
            assert _lines(draft.text)[1][:30] in text


async def test_thanks_message_shows_no_panel(store: Store) -> None:
    _incoming(store, THANKS, subject="Re: Contratto")
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.3)
        assert not _panel(app).display
        assert "Suggested replies" not in screen_text(app)


async def test_panel_follows_the_cursor(store: Store) -> None:
    _incoming(store, DECISION, minutes_ago=30)
    _incoming(store, THANKS, subject="Re: Contratto", minutes_ago=5)
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        timeline = await settle(pilot, app)
        timeline.focus()
        await pilot.pause(0.3)
        assert not _panel(app).display  # the newest one: thanks
        await pilot.press("j")
        await until(pilot, lambda: _panel(app).display)
        await pilot.press("k")
        await until(pilot, lambda: not _panel(app).display)


async def test_malicious_message_renders_literally_in_the_panel(store: Store) -> None:
    body = (
        "Hi, could you also add [bold]x[/bold] [@click=app.quit]y[/] \x1b[31mto the plan?"
        "\x1b]0;pwned\x07 We would pay it as extra work."
    )
    _incoming(store, body, subject="[bold]Urgent[/bold] \x1b[2J")
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        panel = await _shown(pilot, app)
        # The object of the request is quoted into the draft, markup and all.
        (mediated,) = [d for d in panel.suggestion.drafts if d.kind == "mediated"]
        assert "add [bold]x[/bold] [@click=app.quit]y[/]" in mediated.text
        text = screen_text(app)
        assert "Suggested replies · decision" in text
        assert "[bold]Urgent[/bold]" in text  # the subject, in the conversation
        # Twice (the preview is cut to one line per draft line): the message and the draft.
        assert text.count("add [bold]x[/bold] [@click=app.q") == 2
        assert "\x1b" not in text and "]0;" not in text
        # A click on it quits nothing: the markup was never parsed.
        await pilot.click(SuggestionPanel)
        await pilot.pause()
        assert app.is_running
        # Nor in the composer's ghost text.
        body_area = await _open_composer(pilot, app)
        assert "add [bold]x[/bold] [@click=app.quit]y[/]" in body_area.ghost
        assert "[@click=app.quit]y[/]" in screen_text(app)


# -- the composer ------------------------------------------------------------------------


async def test_composer_offers_cycles_accepts_and_fills_the_drafts(store: Store) -> None:
    _incoming(store, DECISION)
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        panel = await _shown(pilot, app)
        drafts = panel.suggestion.drafts
        assert len(drafts) >= 2
        body = await _open_composer(pilot, app)
        composer = app.screen
        # The first draft as ghost text: its first line inline, the rest below, nothing
        # written yet.
        assert body.text == ""
        assert body.ghost == drafts[0].text
        assert body.suggestion == drafts[0].text.split("\n")[0]
        shown = screen_text(app)
        assert "Draft 1 of" in shown and "mediated" in shown
        assert _lines(drafts[0].text)[2][:40] in shown  # a line below the cursor's
        for label in ("Next draft", "Use draft", "Next «»"):
            assert label in shown
        # Cycling.
        await pilot.press("f3")
        assert body.ghost == drafts[1].text and body.text == ""
        await pilot.press("f2")
        assert body.ghost == drafts[0].text
        # Accepting: the whole draft, the first placeholder selected.
        await pilot.press("f4")
        assert body.text == drafts[0].text
        assert body.ghost == "" and body.suggestion == ""
        first = body.selected_text
        assert first.startswith("«") and first.endswith("»")
        # The next placeholder.
        await pilot.press("f5")
        second = body.selected_text
        assert second.startswith("«") and second != first or body.text.count(first) > 1
        # Typing replaces the selected placeholder.
        await pilot.press(*"una bozza più breve")
        assert second not in body.text or body.text.count(second) < drafts[0].text.count(second)
        assert "una bozza più breve" in body.text
        # Sending with a placeholder left: the warning, esc goes back to the text.
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ToneScreen))
        assert "placeholder" in screen_text(app).lower()
        assert "Send anyway (enter)" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is composer)
        assert not outbox_emails(store)
        assert body.has_focus
        # Enter sends anyway.
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ToneScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        (item,) = outbox_emails(store)
        sent = store.messages.get(item.message_id).body
        assert "una bozza più breve" in sent and "«" in sent

        stats = SuggestStats(store).summary()
        assert (stats.shown, stats.accepted, stats.sent_with_draft) == (1, 1, 1)
        assert 0 < stats.edits.mean < 0.5
        assert stats.by_kind[0].label == drafts[0].kind


async def test_a_clean_draft_sends_without_the_modal(store: Store) -> None:
    _incoming(store, DECISION)
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _shown(pilot, app)
        body = await _open_composer(pilot, app)
        # Right arrow takes the draft too (TextArea's own key for its suggestion).
        await pilot.press("right")
        assert body.text and "«" in body.text
        while left := body.text.count("«"):
            assert body.selected_text.startswith("«")
            await pilot.pause()
            assert f"fill in the «» ({left} left)" in screen_text(app)  # counts down
            await pilot.press(*"qualcosa")
            await pilot.press("f5")
        await pilot.pause()
        assert "fill in the «»" not in screen_text(app)  # the hint went with the last one
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ComposerScreen))
        assert not isinstance(app.screen, ToneScreen)
        (item,) = outbox_emails(store)
        assert "qualcosa" in store.messages.get(item.message_id).body


async def test_typing_other_words_drops_the_ghost(store: Store) -> None:
    _incoming(store, DECISION)
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _shown(pilot, app)
        body = await _open_composer(pilot, app)
        body_text_before = body.ghost
        first_word = body.ghost.split()[0]
        await pilot.press(*first_word)
        assert body.ghost and body.suggestion  # still the draft's own words
        await pilot.press(*"zz")
        assert body.ghost == "" and body.suggestion == ""
        assert _lines(body_text_before)[2][:40] not in screen_text(app)
        # The text is the user's now: the draft keys leave it alone.
        await pilot.press("f4")
        assert body.text == f"{first_word}zz"


async def test_stats_screen_counts_after_a_reply(store: Store) -> None:
    _incoming(store, DECISION)
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _shown(pilot, app)
        await _open_composer(pilot, app)
        await pilot.press("f4")
        await pilot.press(*"subito")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ToneScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await until(pilot, lambda: not SuggestStats(store).summary().empty)
        # From the palette's command, as a user would.
        from inbox_tui.ui.commands import InboxCommands

        commands = {name: run for name, run, _ in InboxCommands(app.screen)._commands()}
        commands["Draft statistics"]()
        await until(pilot, lambda: isinstance(app.screen, DraftStatsScreen))
        await until(pilot, lambda: "Drafts shown" in screen_text(app))
        text = screen_text(app)
        for line in ("Drafts shown", "Drafts accepted", "Sent with a draft", "Edited before"):
            assert line in text
        assert "median" in text and "mediated" in text and "decision" in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        # And the key.
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, DraftStatsScreen))


async def test_own_reply_is_counted_without_a_draft(store: Store) -> None:
    _incoming(store, DECISION)
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _shown(pilot, app)
        await _open_composer(pilot, app)
        await pilot.press(*"Va bene, domani.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ComposerScreen))
        await until(pilot, lambda: SuggestStats(store).summary().sent_without_draft == 1)
        stats = SuggestStats(store).summary()
        assert (stats.shown, stats.accepted, stats.sent_with_draft) == (1, 0, 0)
        assert stats.sent_without_but_offered == 1


async def test_tone_warnings_for_a_chummy_reply(store: Store) -> None:
    _incoming(store, THANKS)
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        timeline = await settle(pilot, app)
        timeline.focus()
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ComposerScreen))
        composer = app.screen
        await until(pilot, lambda: composer.query_one("#composer-body").has_focus)
        await pilot.press(*"Ciao tesoro!! [b]ok[/b] :-)")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ToneScreen))
        text = screen_text(app)
        assert "Exclamations" in text and "Emoji" in text and "Too familiar" in text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is composer)
        assert not outbox_emails(store)


# -- the counters --------------------------------------------------------------------------


def test_edit_ratio() -> None:
    assert edit_ratio("Gentile Anna, va bene.", "Gentile Anna, va bene.") == 0.0
    assert edit_ratio("uno due tre", "quattro cinque sei") == 1.0
    assert 0 < edit_ratio("Le propongo «alternativa».", "Le propongo una call.") < 1


def test_stats_summary_keeps_no_text(store: Store) -> None:
    stats = SuggestStats(store)
    stats.record("shown", intent="decision", language="it")
    stats.record("accepted", intent="decision", kind="mediated", language="it")
    stats.record("sent", intent="decision", kind="mediated", language="it", edit_ratio=0.1)
    stats.record("sent", intent="decision", kind="mediated", language="it", edit_ratio=0.3)
    stats.record("sent", intent="info", language="en")
    stats.record("sent")
    summary = stats.summary()
    assert (summary.shown, summary.accepted, summary.sent_with_draft) == (1, 1, 2)
    assert (summary.sent_without_draft, summary.sent_without_but_offered) == (2, 1)
    assert summary.edits.mean == pytest.approx(0.2) and summary.edits.median == pytest.approx(0.2)
    columns = [r[1] for r in store.query("PRAGMA table_info(suggest_events)")]
    assert columns == ["id", "ts", "event", "intent", "kind", "language", "edit_ratio"]
    with pytest.raises(ValueError):
        stats.record("opened")  # type: ignore[arg-type]
