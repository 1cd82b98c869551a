"""How many SMS a text costs, and in which encoding (GSM 03.38 / 3GPP TS 23.038).

Pure. A text goes out as GSM-7 only if every character is in the GSM default alphabet or
its extension table (extension characters take an escape septet, so they count twice);
one character outside both turns the whole message into UCS-2. A single SMS carries 160
septets or 70 UTF-16 code units; a concatenated one loses 7 septets / 3 code units per
part to the UDH, hence 153 and 67. An escape pair or a surrogate pair is never split
across two parts, as phones and gateways do, so the part count is filled greedily.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The default alphabet, in code order 0x00-0x7F, minus 0x1B (the escape to the
# extension table, not a character). 0x09 is "Ç" in the Unicode mapping of 23.038.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    encoding: Encoding
    segments: int  # parts the text is sent as; an empty text is still one SMS
    chars: int  # units counted against the limit: septets (GSM-7) or UTF-16 code units
    per_segment: int  # 160/153 (GSM-7) or 70/67 (UCS-2): single part vs concatenated


def is_gsm7(text: str) -> bool:
    """Whether the text can go out in the GSM 7-bit alphabet (with the extension table)."""
    return all(c in GSM_BASIC or c in GSM_EXTENSION for c in text)


def segments(text: str) -> SegmentInfo:
    if is_gsm7(text):
        units = [2 if c in GSM_EXTENSION else 1 for c in text]
        return _count("GSM-7", units, 160, 153)
    # UCS-2 as phones actually send it is UTF-16: a character beyond the BMP (most emoji)
    # is a surrogate pair, two code units.
    units = [2 if ord(c) > 0xFFFF else 1 for c in text]
    return _count("UCS-2", units, 70, 67)


def _count(encoding: Encoding, units: list[int], single: int, multi: int) -> SegmentInfo:
    total = sum(units)
    if total <= single:
        return SegmentInfo(encoding, 1, total, single)
    parts, used = 1, 0
    for size in units:
        if used + size > multi:  # this character does not fit whole: it starts a new part
            parts, used = parts + 1, 0
        used += size
    return SegmentInfo(encoding, parts, total, multi)
