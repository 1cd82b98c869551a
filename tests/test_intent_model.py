"""The learned intent model: its training is deterministic and correct on toy problems,
its file round-trips, and the model shipped in the package is the one its training data
gives (a stale model after an edit of the data fails here) and never saw the
measurement splits."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
import tomllib

from inbox_tui.core.suggest.intent import classify
from inbox_tui.core.suggest.intent_features import message_features, tokens
from inbox_tui.core.suggest.intent_model import IntentModel, TrainingOptions, train
from inbox_tui.core.suggest.models import INTENTS
from inbox_tui.suggest_data import load_intent_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import train_intent  # noqa: E402

TOY = [
    ({"a": 1.0, "x": 1.0}, "left"),
    ({"a": 1.0, "y": 1.0}, "left"),
    ({"b": 1.0, "x": 1.0}, "right"),
    ({"b": 1.0, "y": 1.0}, "right"),
    ({"c": 1.0}, "middle"),
    ({"c": 1.0, "x": 1.0}, "middle"),
]


def toy_model(seed: int = 1) -> IntentModel:
    return train([f for f, _ in TOY], [label for _, label in TOY], TrainingOptions(seed=seed))


def test_training_learns_a_separable_problem() -> None:
    model = toy_model()
    assert [model.predict(f) for f, _ in TOY] == [label for _, label in TOY]
    assert model.predict({"a": 1.0}) == "left"
    assert model.predict({"b": 1.0}) == "right"
    probabilities = model.probabilities({"a": 1.0})
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert probabilities["left"] > 0.6


def test_training_is_deterministic_and_the_seed_matters() -> None:
    assert toy_model().to_dict() == toy_model().to_dict()
    # Same answers whatever the order of the examples is drawn in, but not the same bits.
    assert toy_model(2).to_dict() != toy_model().to_dict()


def test_unknown_features_leave_the_prior() -> None:
    model = toy_model()
    assert model.probabilities({"never seen": 5.0}) == model.probabilities({})


def test_round_trip_through_json() -> None:
    model = toy_model()
    again = IntentModel.from_dict(json.loads(json.dumps(model.to_dict())))
    for features, _ in TOY:
        assert again.predict(features) == model.predict(features)
        for label, p in again.probabilities(features).items():
            assert p == pytest.approx(model.probabilities(features)[label], abs=1e-4)


ONE_WEIGHT = "AACAPw=="  # base64 of one little-endian float32 (1.0)


@pytest.mark.parametrize(
    "broken",
    [
        {"format": 1, "labels": ["a"], "bias": [0.0], "features": [], "weights": ""},
        {"format": 2, "labels": ["a", "b"], "bias": [0.0], "features": [], "weights": ""},
        {
            "format": 2,
            "labels": ["a", "b"],
            "bias": [0, 0],
            "features": ["x"],
            "weights": ONE_WEIGHT,
        },
        {"format": 2, "labels": ["a"], "bias": [0.0], "features": ["x"], "weights": "no base64!"},
        {"format": 2, "labels": ["a"], "bias": [0.0], "features": {}, "weights": ""},
    ],
)
def test_a_damaged_model_is_refused(broken: dict) -> None:
    with pytest.raises(ValueError):
        IntentModel.from_dict(broken)


def test_training_refuses_mismatched_input() -> None:
    with pytest.raises(ValueError):
        train([{"a": 1.0}], ["x", "y"])
    with pytest.raises(ValueError):
        train([], [])


def test_features_fold_numbers_and_scale_long_texts() -> None:
    assert tokens("alle 14:30, ok?") == ["alle", "#2", "#2", "ok", "?"]
    short = message_features("", "spostiamo?", "sms")
    assert short["channel:sms"] == 1.0 and short["asks"] == 1.0
    assert "p:spost" in short  # the crude stem joins spostare / spostiamo / spostato
    many = " ".join(f"w{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(200))
    long = message_features("", many, "email")
    words = [v for k, v in long.items() if k.startswith("w:")]
    # The text part has a fixed length: 200 words do not outweigh the cue scores.
    assert sum(v * v for k, v in long.items() if k[0:2] in ("w:", "p:", "q:")) == (
        pytest.approx(9.0)
    )
    assert len(words) == 200 and max(words) < 0.3


# -- the shipped model ------------------------------------------------------------------


def test_the_shipped_model_loads_and_knows_every_intent() -> None:
    model = load_intent_model()
    assert model is not None
    assert set(model.labels) == set(INTENTS)


def test_the_shipped_model_was_trained_on_the_current_training_data_only() -> None:
    model = load_intent_model()
    assert model is not None
    _, digest = train_intent.training_messages()
    assert model.meta["sha256"] == digest, "stale model: run bench/train_intent.py"
    assert set(model.meta["training"]) == set(train_intent.TRAINING)
    assert not set(train_intent.TRAINING) & set(train_intent.MEASUREMENT)


def test_the_shipped_model_fits_what_it_learned() -> None:
    """Catches a change of the features that was not followed by a new training: the
    model would then read features it never saw and miss its own training messages."""
    model = load_intent_model()
    assert model is not None
    messages, _ = train_intent.training_messages()
    right = sum(
        classify(m["text"], m.get("subject", ""), channel=m["channel"], model=model).intent
        == m["intent"]
        for m in messages
    )
    assert right / len(messages) >= 0.95


def test_the_measurement_splits_exist_and_are_disjoint_from_training() -> None:
    data = ROOT / "tests" / "data" / "suggest"
    training_ids = {m["id"] for m in train_intent.training_messages()[0]}
    for name in train_intent.MEASUREMENT:
        with open(data / f"{name}.toml", "rb") as f:
            ids = {m["id"] for m in tomllib.load(f)["message"]}
        assert len(ids) >= 100
        assert not ids & training_ids


def test_headers_of_a_machine_win_over_the_model() -> None:
    model = load_intent_model()
    text = "Ciao Maria, possiamo spostare l'appuntamento di domani alle 10?"
    assert classify(text, model=model).intent == "scheduling"
    assert classify(text, automated=True, model=model).intent == "automated"


def test_a_damaged_package_file_falls_back_to_the_cues(tmp_path, monkeypatch) -> None:
    import inbox_tui.suggest_data as suggest_data

    fake = tmp_path / "inbox_tui"
    (fake / "suggest_model").mkdir(parents=True)
    (fake / "suggest_model" / "intent.json.gz").write_bytes(gzip.compress(b"{not json"))
    monkeypatch.setattr(suggest_data.resources, "files", lambda _package: fake)
    suggest_data.load_intent_model.cache_clear()
    try:
        assert suggest_data.load_intent_model() is None
    finally:
        suggest_data.load_intent_model.cache_clear()
