"""A small learned intent model: multinomial logistic regression over sparse features
(intent_features.py), trained by plain stochastic gradient descent.

Pure and deterministic: the same examples, order and seed give the same weights on any
CPython, so the model shipped in the package can be checked against its training data
(bench/train_intent.py writes it; tests/test_intent_model.py checks it is current).
Prediction is a sum of a few hundred weights: well under a millisecond.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from inbox_tui.core.suggest.intent_features import Features

FORMAT = 1


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
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    meta: Mapping[str, object] = field(default_factory=dict)

    def probabilities(self, features: Features) -> dict[str, float]:
        scores = list(self.bias)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for i, weight in enumerate(row):
                    scores[i] += weight * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def predict(self, features: Features) -> str:
        probabilities = self.probabilities(features)
        return max(self.labels, key=lambda label: probabilities[label])

    def to_dict(self, digits: int = 5) -> dict[str, object]:
        """For JSON; weights rounded, and those that round to 0 everywhere dropped."""
        weights = {}
        for name, row in sorted(self.weights.items()):
            rounded = [round(w, digits) for w in row]
            if any(rounded):
                weights[name] = rounded
        return {
            "format": FORMAT,
            "labels": list(self.labels),
            "bias": [round(b, digits) for b in self.bias],
            "weights": weights,
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> IntentModel:
        """ValueError when the data is not a model of this format."""
        if data.get("format") != FORMAT:
            raise ValueError(f"intent model format {data.get('format')!r}, expected {FORMAT}")
        labels = tuple(str(label) for label in data["labels"])  # type: ignore[union-attr]
        bias = tuple(float(b) for b in data["bias"])  # type: ignore[union-attr]
        raw = data["weights"]
        if not isinstance(raw, Mapping) or len(bias) != len(labels):
            raise ValueError("intent model: weights or bias do not match the labels")
        weights = {}
        for name, row in raw.items():
            if len(row) != len(labels):
                raise ValueError(f"intent model: feature {name!r} has {len(row)} weights")
            weights[str(name)] = tuple(float(w) for w in row)
        meta = data.get("meta", {})
        return cls(labels, bias, weights, dict(meta) if isinstance(meta, Mapping) else {})


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
    by_name = {name: tuple(weights[j]) for name, j in index.items()}
    return IntentModel(names, tuple(bias), by_name, dict(meta or {}))
