"""Bytes and RFC 2047 encoded-words to text, never raising.

Senders mislabel charsets, invent charset names and split multi-byte characters across
encoded-words, so every decoder here has a fallback chain ending in latin-1, which maps
every byte and cannot fail.
"""

from __future__ import annotations

import binascii
import codecs
import re
from functools import lru_cache

from inbox_tui.core.sanitize import clean, one_line

# Labels seen in the wild mapped to the codec that actually decodes them. latin-1 and
# ascii become windows-1252 as browsers do: mail labelled so is full of smart quotes and €.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "x-sjis": "shift_jis",
    "unicode-1-1-utf-7": "utf-7",
    "x-user-defined": "latin-1",
}
_FALLBACKS = ("utf-8", "cp1252")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# A charset token, the encoding letter and the text; the text may hold spaces because
# some mailers forget to encode them, but never "?" so a word cannot swallow the next one.
ENCODED_WORD = re.compile(r"=\?([^?\s]{1,64})\?([qQbB])\?([^?]{0,4000})\?=")


@lru_cache(maxsize=128)
def codec_name(charset: str | None) -> str | None:
    """The Python codec for a MIME charset label, or None if unknown or not a text codec."""
    if not charset:
        return None
    # RFC 2231 lets a language ride on the charset: "utf-8*it".
    name = charset.strip().strip("\"'").split("*", 1)[0].lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    # rot13, base64 and friends are registered codecs but not charsets.
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode with the declared charset, then utf-8, then cp1252, then latin-1."""
    tried: set[str] = set()
    for name in (codec_name(charset), *_FALLBACKS):
        if name is None or name in tried:
            continue
        tried.add(name)
        try:
            return data.decode(name)
        except Exception:  # noqa: BLE001 - third-party codecs raise anything
            continue
    return data.decode("latin-1")


def fix_surrogates(value: str) -> str:
    """Undo the parser's surrogateescape of 8-bit header bytes by decoding them properly."""
    if not _SURROGATES.search(value):
        return value
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that did not come from escaping
        return _SURROGATES.sub("\ufffd", value)
    return _SURROGATES.sub("\ufffd", decode_bytes(raw))


def _word_bytes(encoding: str, text: str) -> bytes | None:
    data = text.encode("utf-8", "surrogateescape")
    try:
        if encoding in "qQ":
            return binascii.a2b_qp(data, header=True)
        data = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        if not data and text.strip():  # nothing base64 in it: show it as written
            return None
        # Broken mailers drop the padding; restore it rather than give up.
        return binascii.a2b_base64(data + b"=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        return None


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded-words, tolerating the usual breakage.

    Whitespace between adjacent words is dropped (RFC 2047 §6.2); adjacent words in one
    charset are joined before decoding, because splitters cut multi-byte characters in
    half; a word that cannot be decoded stays as it was written. One pass only, so a word
    that decodes to another encoded-word is shown, not decoded again.
    """
    if "=?" not in value:
        return value
    out: list[str] = []
    pending = b""
    pending_charset: str | None = None

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending:
            out.append(decode_bytes(pending, pending_charset))
        pending, pending_charset = b"", None

    pos = 0
    after_word = False
    for match in ENCODED_WORD.finditer(value):
        gap = value[pos : match.start()]
        if gap and not (after_word and gap.isspace()):
            flush()
            out.append(gap)
        charset, encoding, text = match.groups()
        data = _word_bytes(encoding, text)
        pos = match.end()
        if data is None:
            flush()
            out.append(match.group(0))
            after_word = False
            continue
        label = codec_name(charset) or charset.lower()
        if pending and label != pending_charset:
            flush()
        pending += data
        pending_charset = label
        after_word = True
    flush()
    out.append(value[pos:])
    return "".join(out)


def safe_text(value: str) -> str:
    """Multi-line text fit for display and for storing as UTF-8."""
    return clean(_SURROGATES.sub("\ufffd", value))


def safe_line(value: str, limit: int = 200) -> str:
    """One display line fit for display and for storing as UTF-8."""
    return one_line(_SURROGATES.sub("\ufffd", value), limit)
