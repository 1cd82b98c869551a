"""SMS segment counting (3GPP TS 23.038 alphabets, TS 23.040 concatenation)."""

from __future__ import annotations

import pytest

from inbox_tui.core.sms_text import SegmentInfo, is_gsm7, segments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", SegmentInfo("GSM-7", 1, 0, 160)),
        ("Ciao Luca, a domani!", SegmentInfo("GSM-7", 1, 20, 160)),
        ("a" * 160, SegmentInfo("GSM-7", 1, 160, 160)),
        ("a" * 161, SegmentInfo("GSM-7", 2, 161, 153)),
        ("a" * 306, SegmentInfo("GSM-7", 2, 306, 153)),
        ("a" * 307, SegmentInfo("GSM-7", 3, 307, 153)),
        # Accented letters of the default alphabet stay GSM-7 and count once.
        ("Perché è già là? Ñoño, Øresund, ÄÖÜ ß", SegmentInfo("GSM-7", 1, 37, 160)),
        # Extension characters cost an escape septet each.
        ("Prezzo: 10€ [sconto]", SegmentInfo("GSM-7", 1, 23, 160)),
        ("€" * 80, SegmentInfo("GSM-7", 1, 160, 160)),
        ("€" * 81, SegmentInfo("GSM-7", 2, 162, 153)),
        ("^{}\\[~]|€\f", SegmentInfo("GSM-7", 1, 20, 160)),
        # One character outside both tables makes the whole text UCS-2.
        ("Ciao 😀", SegmentInfo("UCS-2", 1, 7, 70)),  # the emoji is a surrogate pair
        ("Zażółć gęślą jaźń", SegmentInfo("UCS-2", 1, 17, 70)),
        ("ą" * 70, SegmentInfo("UCS-2", 1, 70, 70)),
        ("ą" * 71, SegmentInfo("UCS-2", 2, 71, 67)),
        ("😀" * 35, SegmentInfo("UCS-2", 1, 70, 70)),
        ("a\tb", SegmentInfo("UCS-2", 1, 3, 70)),  # tab is not in the GSM alphabet
        ("δ", SegmentInfo("UCS-2", 1, 1, 70)),  # capital Greek letters only
    ],
)
def test_known_counts(text: str, expected: SegmentInfo) -> None:
    assert segments(text) == expected


def test_escape_pair_is_never_split_across_parts() -> None:
    # 306 septets would fit two 153-septet parts if "{" could be cut in half; it cannot, so
    # part one ends after 152 "a", part two holds "{" + 151 "a", and one "a" is left over.
    text = "a" * 152 + "{" + "a" * 152
    assert segments(text) == SegmentInfo("GSM-7", 3, 306, 153)
    assert segments("a" * 151 + "{" + "a" * 153) == SegmentInfo("GSM-7", 2, 306, 153)


def test_surrogate_pair_is_never_split_across_parts() -> None:
    assert segments("😀" * 36) == SegmentInfo("UCS-2", 2, 72, 67)  # 33 emoji fit per part
    assert segments("a" * 66 + "😀" + "a" * 66) == SegmentInfo("UCS-2", 3, 134, 67)
    assert segments("a" * 65 + "😀" + "a" * 67) == SegmentInfo("UCS-2", 2, 134, 67)


def test_escape_character_itself_is_not_text() -> None:
    assert not is_gsm7("\x1b")
    assert is_gsm7("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà")
