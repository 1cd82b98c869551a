"""The intent of a client's message: which of the eight labels the reply must address first.

With the learned model (intent_model.py, shipped in the package) the cues are features
among the words and the model decides; its probabilities come with the result. Without
it, the cues decide alone by hand-set thresholds, in the order a professional reads in:
a machine's mail needs no answer at all, a real emergency comes before a complaint, a
complaint before a private question, and so on down to thanks, which wins only when
nothing else is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from inbox_tui.core.suggest.intent_cues import CUES, score
from inbox_tui.core.suggest.intent_features import message_features
from inbox_tui.core.suggest.intent_model import IntentModel
from inbox_tui.core.suggest.models import Intent
from inbox_tui.core.suggest.text_prep import prepared

# The score an intent needs before it can win, in the order they are considered.
_THRESHOLDS: tuple[tuple[Intent, float], ...] = (
    ("automated", 3.0),
    ("urgent", 3.0),
    ("complaint", 2.0),
    ("personal", 2.5),
)
# Among the everyday intents the highest score wins; ties go to the earlier one.
_EVERYDAY: tuple[Intent, ...] = ("scheduling", "decision", "info")


@dataclass(frozen=True, slots=True)
class IntentResult:
    intent: Intent
    scores: dict[str, float]  # the cues' scores, or the model's probabilities


def classify(
    text: str,
    subject: str = "",
    automated: bool = False,
    *,
    channel: str = "email",
    model: IntentModel | None = None,
) -> IntentResult:
    """The intent of one message; `automated` when its headers already say a machine
    wrote it (Auto-Submitted, Precedence: bulk/list, List-Id)."""
    if model is not None:
        return _learned(model, text, subject, automated, channel)
    return _by_cues(text, subject, automated)


def _learned(
    model: IntentModel, text: str, subject: str, automated: bool, channel: str
) -> IntentResult:
    probabilities = model.probabilities(message_features(subject, text, channel))
    if automated:
        return IntentResult("automated", probabilities)
    best = max(probabilities, key=probabilities.__getitem__)
    return IntentResult(best, probabilities)  # type: ignore[arg-type]


def _by_cues(text: str, subject: str, automated: bool) -> IntentResult:
    prepared_text = prepared(subject, text)
    scores = {name: score(prepared_text, cues) for name, cues in CUES.items()}
    if automated:
        return IntentResult("automated", scores)
    # A machine's mail rarely reports an emergency; a client's emergency may quote one.
    if scores["automated"] >= 3 and scores["automated"] > scores["urgent"]:
        return IntentResult("automated", scores)
    # Someone pouring their heart out at 1 a.m. mentions hospitals; that is not the
    # professional's emergency.
    if scores["personal"] >= 4 and scores["personal"] > scores["urgent"]:
        return IntentResult("personal", scores)
    for intent, threshold in _THRESHOLDS[1:]:
        if scores[intent] >= threshold:
            return IntentResult(intent, scores)
    body = prepared_text.strip()
    asks = "?" in body
    everyday = max(_EVERYDAY, key=lambda name: (scores[name], -_EVERYDAY.index(name)))
    best = scores[everyday]
    # Thanks and confirmations: nothing asked (a question mark means something is,
    # whatever the thanks around it) and nothing else said more strongly.
    courtesy = scores["thanks"] >= 1.2 and not asks and scores["thanks"] > best
    if courtesy:
        return IntentResult("thanks", scores)
    if best >= 1.5:
        return IntentResult(everyday, scores)
    # Weaker signals of the higher intents still beat nothing at all.
    for intent, threshold in _THRESHOLDS[1:]:
        if scores[intent] >= threshold - 1:
            return IntentResult(intent, scores)
    if best > 0:
        return IntentResult(everyday, scores)
    return IntentResult("thanks" if scores["thanks"] and not asks else "info", scores)
