from hypothesis import given
from hypothesis import strategies as st

from inbox_tui.core.sanitize import clean, one_line

HOSTILE = [
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",  # OSC 52: write the clipboard
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]0;new title\x07",  # set the window title
    "\x1b[21t",  # report the title back (an injection vector)
    "\x1b[2J\x1b[H",  # clear the screen
    "\x9b31m",  # C1 CSI
    "\x9d0;title\x9c",  # C1 OSC … ST
    "\x1bP1$r\x1b\\",  # DCS
    "\x1b(0",  # charset switch
    "\u202eevil\u202c",  # bidi override
]


def test_hostile_sequences_leave_only_text() -> None:
    for sample in HOSTILE:
        out = clean("a" + sample + "b")
        assert "\x1b" not in out
        assert not any(0x80 <= ord(c) <= 0x9F for c in out)
        assert "\u202e" not in out
        assert out.startswith("a") and out.endswith("b")


def test_hyperlink_text_survives_but_not_the_link() -> None:
    assert clean("\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\") == "click"


def test_keeps_tabs_newlines_and_unicode() -> None:
    assert clean("Buongiorno,\n\tcàffè ☕ 你好\r\n") == "Buongiorno,\n\tcàffè ☕ 你好\n"


def test_markup_is_left_as_text_for_the_renderer() -> None:
    # Markup is neutralised at render time (Text/markup=False), not by mangling the text.
    assert clean("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"


def test_one_line_folds_and_cuts() -> None:
    assert one_line("a\n\n b\t c", 10) == "a b c"
    assert one_line("x" * 50, 10) == "x" * 9 + "…"


@given(st.text())
def test_never_emits_control_characters(text: str) -> None:
    out = clean(text)
    for ch in out:
        code = ord(ch)
        assert ch in "\t\n" or not (code < 0x20 or 0x7F <= code <= 0x9F)
    assert "\x1b" not in out


@given(st.text())
def test_printable_fast_path_changes_nothing_the_regexes_would(text: str) -> None:
    from inbox_tui.core import sanitize

    slow = sanitize._SINGLE.sub("", sanitize._SEQUENCES.sub("", text.replace("\r\n", "\n")))
    assert clean(text) == slow


@given(st.text(), st.integers(1, 300))
def test_one_line_fast_path_matches_the_general_rule(text: str, limit: int) -> None:
    from inbox_tui.core.sanitize import clean as full_clean

    folded = " ".join(full_clean(text).split())
    expected = folded if len(folded) <= limit else folded[: limit - 1] + "…"
    assert one_line(text, limit) == expected
