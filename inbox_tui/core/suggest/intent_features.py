"""What the learned intent model reads in a message: its words (folded: no case, no
accents), their first letters as a crude stem ("spostare", "spostiamo", "spostato" share
"spost"), pairs of words, the four-letter pieces of each word (so "apuntamento" and
"appuntamento" still share most of theirs), which hand-written cues fired and how
strongly per intent, the channel, the length, and whether something is asked.

The cues (intent_cues.py) stay the explainable part; the model learns how much each one
is worth next to the words around it, which hand-set thresholds could not.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

from inbox_tui.core.suggest.intent_cues import CUES, score
from inbox_tui.core.suggest.text_prep import prepared

Features = dict[str, float]

# Words, digit runs, the punctuation that carries intent, and emoji (one token each).
_TOKEN = re.compile(r"[a-z]+|[0-9]+|[?!€$%]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_STEM = 5  # letters kept by the crude stem
_MAX_CUE_SCORE = 6.0
# The text part is scaled to this length: a long email does not outweigh the cues.
_TEXT_NORM = 3.0
# Word pairs and word pieces: many, each weak (chosen by cross-validation on the
# training splits: 82.8% without them, 85.0% with).
_PAIR = 0.3
_PIECE = 0.2


def tokens(text: str) -> list[str]:
    """Tokens of folded text; a number keeps only its length ("14:30" → "#2", "#2")."""
    return [f"#{len(t)}" if t[0].isdigit() else t for t in _TOKEN.findall(text)]


def message_features(subject: str, text: str, channel: str) -> Features:
    """The sparse features of one message, from its subject, body and channel."""
    folded = prepared(subject, text)
    words = tokens(folded)
    sparse: Features = {}
    for word in words:
        sparse["w:" + word] = 1.0
        if len(word) > _STEM and word[0] != "#":
            sparse["p:" + word[:_STEM]] = 1.0
    for intent, cues in CUES.items():
        for i, (pattern, _weight) in enumerate(cues):
            if pattern.search(folded):
                sparse[f"q:{intent}:{i}"] = 1.0
    norm = math.sqrt(len(sparse)) or 1.0  # every value is 1: the L2 norm is sqrt(n)
    features = {name: _TEXT_NORM / norm for name in sparse}
    for intent, cues in CUES.items():
        features["s:" + intent] = min(score(folded, cues), _MAX_CUE_SCORE) / 3.0
    for first, second in pairwise(words):
        features[f"b:{first}_{second}"] = _PAIR
    for word in words:
        padded = f" {word} "
        for i in range(len(padded) - 3):
            features["c:" + padded[i : i + 4]] = _PIECE
    features["channel:" + channel] = 1.0
    features["length:" + str(min(len(words) // 15, 6))] = 1.0
    if "?" in folded:
        features["asks"] = 1.0
    return features
