"""A small learned intent model: multinomial logistic regression over sparse features
(intent_features.py), trained by plain stochastic gradient descent.

Pure and deterministic: the same examples, order and seed give the same weights on any
CPython, so the model shipped in the package can be checked against its training data
(bench/train_intent.py writes it; tests/test_intent_model.py checks it is current).
Prediction is a sum of a few hundred weights: well under a millisecond.
"""

from __future__ import annotations

import base64
import binascii
import math
import random
import sys
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from inbox_tui.core.suggest.intent_features import Features

FORMAT = 2


@dataclass(frozen=True, slots=True)
class TrainingOptions:
    epochs: int = 40
    learning_rate: float = 0.3
    decay: float = 0.2  # the rate at epoch e is learning_rate / (1 + decay * e)
    l2: float = 1e-4
    seed: int = 1
    # Features seen in fewer training messages are left out: a word piece met once
    # teaches nothing general, and they are most of the model's size.
    min_count: int = 2


@dataclass(frozen=True, slots=True)
class IntentModel:
    """`table` holds one row of len(labels) weights per feature, rows in `index` order,
    flat in single precision: some 20,000 features stay a few megabytes in memory."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    index: Mapping[str, int]
    table: array
    meta: Mapping[str, object] = field(default_factory=dict)

    def row(self, feature: str) -> tuple[float, ...] | None:
        at = self.index.get(feature)
        if at is None:
            return None
        n = len(self.labels)
        return tuple(self.table[at * n : at * n + n])

    def probabilities(self, features: Features) -> dict[str, float]:
        scores = list(self.bias)
        n, table, index = len(scores), self.table, self.index
        for name, value in features.items():
            at = index.get(name)
            if at is not None:
                base = at * n
                for c in range(n):
                    scores[c] += table[base + c] * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def predict(self, features: Features) -> str:
        probabilities = self.probabilities(features)
        return max(self.labels, key=lambda label: probabilities[label])

    def to_dict(self, smallest: float = 1e-4) -> dict[str, object]:
        """For JSON: the feature names and their weights as base64 of little-endian
        float32; features whose weights are all under `smallest` are dropped."""
        n = len(self.labels)
        names, kept = [], array("f")
        for name, at in sorted(self.index.items()):
            row = self.table[at * n : at * n + n]
            if max(abs(w) for w in row) >= smallest:
                names.append(name)
                kept.extend(row)
        if sys.byteorder != "little":  # pragma: no cover
            kept.byteswap()
        return {
            "format": FORMAT,
            "labels": list(self.labels),
            "bias": list(self.bias),
            "features": names,
            "weights": base64.b64encode(kept.tobytes()).decode("ascii"),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> IntentModel:
        """ValueError when the data is not a model of this format."""
        if data.get("format") != FORMAT:
            raise ValueError(f"intent model format {data.get('format')!r}, expected {FORMAT}")
        labels = tuple(str(label) for label in data["labels"])  # type: ignore[union-attr]
        bias = tuple(float(b) for b in data["bias"])  # type: ignore[union-attr]
        names = data["features"]
        if not isinstance(names, list) or len(bias) != len(labels):
            raise ValueError("intent model: the features or the bias do not match the labels")
        table = array("f")
        try:
            table.frombytes(base64.b64decode(str(data["weights"]), validate=True))
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"intent model: weights unreadable ({exc})") from None
        if sys.byteorder != "little":  # pragma: no cover
            table.byteswap()
        if len(table) != len(names) * len(labels):
            raise ValueError(
                f"intent model: {len(table)} weights for {len(names)} features"
                f" × {len(labels)} labels"
            )
        index = {str(name): i for i, name in enumerate(names)}
        meta = data.get("meta", {})
        return cls(labels, bias, index, table, dict(meta) if isinstance(meta, Mapping) else {})


def train(
    examples: Sequence[Features],
    labels: Sequence[str],
    options: TrainingOptions = TrainingOptions(),
    meta: Mapping[str, object] | None = None,
) -> IntentModel:
    """Softmax regression by SGD with L2 decay on the weights a step touches."""
    if len(examples) != len(labels) or not examples:
        raise ValueError("train: one label per example, at least one example")
    names = tuple(sorted(set(labels)))
    n = len(names)
    target = {label: i for i, label in enumerate(names)}
    seen = Counter(name for ex in examples for name in ex)
    index: dict[str, int] = {}
    rows = [
        [
            (index.setdefault(name, len(index)), value)
            for name, value in sorted(ex.items())
            if seen[name] >= options.min_count
        ]
        for ex in examples
    ]
    weights = [[0.0] * n for _ in range(len(index))]
    bias = [0.0] * n
    order = list(range(len(rows)))
    shuffle = random.Random(options.seed).shuffle
    for epoch in range(options.epochs):
        shuffle(order)
        rate = options.learning_rate / (1 + options.decay * epoch)
        for i in order:
            row = rows[i]
            scores = bias[:]
            for j, value in row:
                w = weights[j]
                for c in range(n):
                    scores[c] += w[c] * value
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            grad = [e / total for e in exps]
            grad[target[labels[i]]] -= 1.0
            for c in range(n):
                bias[c] -= rate * grad[c]
            for j, value in row:
                w = weights[j]
                for c in range(n):
                    w[c] -= rate * (grad[c] * value + options.l2 * w[c])
    table = array("f", (w for row in weights for w in row))
    # Through float32 like the file, so that a model trained here and one read back
    # from its file answer alike.
    return IntentModel(names, tuple(array("f", bias)), index, table, dict(meta or {}))
