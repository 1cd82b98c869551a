"""Train the intent model shipped in the package from the labelled training splits.

    .venv/bin/python bench/train_intent.py [--check] [--cv]

Writes inbox_tui/suggest_model/intent.json.gz. Only the training splits are read (see
TRAINING below); the measurement splits heldout2 and heldout3 never are, so what
bench/suggest.py reports on them is measured on messages the model has not seen.
`--check` trains again and exits 1 if the shipped file differs (a stale model);
`--cv` also prints a 5-fold cross-validated accuracy on the training splits.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inbox_tui.core.suggest.intent_features import message_features  # noqa: E402
from inbox_tui.core.suggest.intent_model import IntentModel, train  # noqa: E402

DATA = ROOT / "tests" / "data" / "suggest"
TRAINING = (
    "dev",
    "heldout",
    "train_it",
    "train_en",
    "train2_it",
    "train2_en",
    "train3_it",
    "train3_en",
)
MEASUREMENT = ("heldout2", "heldout3")
MODEL = ROOT / "inbox_tui" / "suggest_model" / "intent.json.gz"


def training_messages() -> tuple[list[dict], str]:
    """The messages of the training splits, in file order, and a digest of the files."""
    digest = hashlib.sha256()
    messages: list[dict] = []
    for name in TRAINING:
        raw = (DATA / f"{name}.toml").read_bytes()
        digest.update(name.encode() + b"\0" + raw)
        messages += tomllib.loads(raw.decode())["message"]
    return messages, digest.hexdigest()


def features_of(message: dict) -> dict[str, float]:
    return message_features(message.get("subject", ""), message["text"], message["channel"])


def build() -> IntentModel:
    messages, digest = training_messages()
    meta = {"training": list(TRAINING), "messages": len(messages), "sha256": digest}
    return train([features_of(m) for m in messages], [m["intent"] for m in messages], meta=meta)


def encode(model: IntentModel) -> bytes:
    text = json.dumps(model.to_dict(), sort_keys=True, separators=(",", ":"))
    # mtime=0: the same model gives the same bytes, so --check can compare files.
    return gzip.compress(text.encode(), compresslevel=9, mtime=0)


def cross_validate(folds: int = 5) -> float:
    messages, _ = training_messages()
    features = [features_of(m) for m in messages]
    labels = [m["intent"] for m in messages]
    order = list(range(len(messages)))
    random.Random(3).shuffle(order)
    right = 0
    for fold in range(folds):
        held = set(order[fold::folds])
        kept = [i for i in order if i not in held]
        model = train([features[i] for i in kept], [labels[i] for i in kept])
        right += sum(model.predict(features[i]) == labels[i] for i in held)
    return right / len(messages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped model is stale")
    parser.add_argument("--cv", action="store_true", help="also cross-validate (slow)")
    args = parser.parse_args()
    start = time.perf_counter()
    model = build()
    data = encode(model)
    seconds = time.perf_counter() - start
    print(
        f"trained on {model.meta['messages']} messages ({', '.join(TRAINING)}) in {seconds:.1f} s;"
        f" {len(model.to_dict()['features'])} features, {len(data) / 1024:.0f} KiB"
    )
    if args.cv:
        print(
            f"5-fold cross-validated intent accuracy on the training splits: {cross_validate():.1%}"
        )
    if args.check:
        if not MODEL.exists() or MODEL.read_bytes() != data:
            print(f"{MODEL.relative_to(ROOT)} is stale: run bench/train_intent.py", file=sys.stderr)
            return 1
        print("the shipped model is current")
        return 0
    MODEL.parent.mkdir(exist_ok=True)
    MODEL.write_bytes(data)
    print(f"wrote {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
