"""Draft-engine evaluation on the labelled client messages in tests/data/suggest.

    .venv/bin/python bench/suggest.py [--split measure|heldout2|heldout3|training|...]
                                      [--cues] [--errors] [--json]

Reports, on the chosen split (by default `measure`: heldout2 + heldout3, which neither
the cues nor the learned model were ever written or trained from, see
bench/train_intent.py), with the learned model shipped in the package (`--cues`: the
hand-written cues alone, for comparison): trigger precision and recall, intent accuracy
(with the confusion matrix), language accuracy, and latency per message (p50/p90/max
of the whole analysis, drafts included), also as a ratio to a fixed pure-Python
workload timed in the same run, so figures from machines of different speed compare.
Targets (issue 7): intent accuracy ≥ 90%, trigger precision ≥ 95%, p90 ≤ 60 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inbox_tui.core.config import Config  # noqa: E402
from inbox_tui.core.suggest.engine import analyse  # noqa: E402
from inbox_tui.core.suggest.intent_model import IntentModel  # noqa: E402
from inbox_tui.core.suggest.models import INTENTS, SuggestContext  # noqa: E402
from inbox_tui.core.work_hours import WorkCalendar  # noqa: E402
from inbox_tui.services.suggestions import work_moment  # noqa: E402
from inbox_tui.suggest_data import load_intent_model, load_templates  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from train_intent import MEASUREMENT, TRAINING  # noqa: E402

DATA = ROOT / "tests" / "data" / "suggest"
_AUTOMATION_HEADERS = {"auto-submitted", "precedence", "list-id", "list-unsubscribe"}


SPLITS = {
    "measure": MEASUREMENT,
    "training": TRAINING,
    **{name: (name,) for name in (*MEASUREMENT, *TRAINING)},
}


def load(split: str) -> list[dict]:
    names = SPLITS[split]
    messages = []
    for name in names:
        with open(DATA / f"{name}.toml", "rb") as f:
            messages += tomllib.load(f)["message"]
    return messages


def context(m: dict, calendar: WorkCalendar) -> tuple[SuggestContext, datetime]:
    at = datetime.fromisoformat(m["at"])
    headers = {k.lower(): v for k, v in m.get("headers", {}).items()}
    automated = any(
        k in _AUTOMATION_HEADERS and str(v).strip().lower() != "no" for k, v in headers.items()
    )
    local = at.astimezone(calendar.tz)
    after_hours, next_slot = work_moment(calendar, local, local)
    ctx = SuggestContext(
        text=m["text"],
        subject=m.get("subject", ""),
        channel=m["channel"],
        received=local,
        contact_name=m.get("name", ""),
        user_name="Maria Rossi",
        after_hours=after_hours,
        next_slot=next_slot,
        automated=automated,
    )
    return ctx, local


def baseline_seconds() -> float:
    """A fixed workload (sorting 20,000 floats, 5 runs, the best) to scale latencies by."""
    rng = random.Random(7)
    data = [rng.random() for _ in range(20_000)]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sorted(data)
        best = min(best, time.perf_counter() - start)
    return best


def evaluate(messages: list[dict], model: IntentModel | None) -> dict:
    from zoneinfo import ZoneInfo

    config = Config()
    calendar = WorkCalendar(config.work_hours, ZoneInfo("Europe/Rome"))
    templates = load_templates()
    rows, times = [], []
    for m in messages:
        ctx, at = context(m, calendar)
        start = time.perf_counter()
        result = analyse(ctx, templates, at, default_language="en", model=model)
        times.append(time.perf_counter() - start)
        rows.append((m, result))
    tp = sum(1 for m, r in rows if r.trigger and m["trigger"])
    fp = sum(1 for m, r in rows if r.trigger and not m["trigger"])
    fn = sum(1 for m, r in rows if not r.trigger and m["trigger"])
    correct = sum(1 for m, r in rows if r.intent == m["intent"])
    lang_ok = sum(1 for m, r in rows if r.language == m["lang"])
    times_ms = sorted(t * 1000 for t in times)
    p90 = times_ms[max(int(len(times_ms) * 0.9) - 1, 0)]
    base = baseline_seconds() * 1000
    return {
        "messages": len(rows),
        "trigger_precision": tp / (tp + fp) if tp + fp else 1.0,
        "trigger_recall": tp / (tp + fn) if tp + fn else 1.0,
        "intent_accuracy": correct / len(rows),
        "language_accuracy": lang_ok / len(rows),
        "p50_ms": statistics.median(times_ms),
        "p90_ms": p90,
        "max_ms": times_ms[-1],
        "baseline_ms": base,
        "p90_over_baseline": p90 / base,
        "per_language": {
            lang: sum(1 for m, r in rows if m["lang"] == lang and r.intent == m["intent"])
            / max(sum(1 for m, _ in rows if m["lang"] == lang), 1)
            for lang in ("it", "en")
        },
        "confusion": Counter((m["intent"], r.intent) for m, r in rows),
        "errors": [
            (m["id"], m["intent"], r.intent, m["text"][:90].replace("\n", " "))
            for m, r in rows
            if r.intent != m["intent"]
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=tuple(SPLITS), default="measure")
    parser.add_argument("--cues", action="store_true", help="the hand-written cues alone")
    parser.add_argument("--errors", action="store_true", help="list misclassified messages")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    model = None if args.cues else load_intent_model()
    if model is None and not args.cues:
        print("the shipped intent model did not load: run bench/train_intent.py", file=sys.stderr)
        return 1
    messages = load(args.split)
    if model is not None and args.split in ("training", *TRAINING):
        print("note: the model was trained on this split; the figures are not a measurement")
    report = evaluate(messages, model)
    report["classifier"] = "cues" if model is None else f"learned model, {model.meta}"
    if args.json:
        report["confusion"] = {f"{a}->{b}": n for (a, b), n in report["confusion"].items()}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(f"split: {args.split} ({', '.join(SPLITS[args.split])}), {report['messages']} messages")
    print(f"classifier: {report['classifier']}")
    print(f"trigger precision {report['trigger_precision']:.1%}  (target >= 95%)")
    print(f"trigger recall    {report['trigger_recall']:.1%}")
    print(f"intent accuracy   {report['intent_accuracy']:.1%}  (target >= 90%)")
    per = report["per_language"]
    print(f"  it {per['it']:.1%}  en {per['en']:.1%}")
    print(f"language accuracy {report['language_accuracy']:.1%}")
    print(
        f"latency p50 {report['p50_ms']:.2f} ms  p90 {report['p90_ms']:.2f} ms"
        f"  max {report['max_ms']:.2f} ms  (target p90 <= 60 ms)"
    )
    print(
        f"baseline (sort 20k floats) {report['baseline_ms']:.2f} ms;"
        f" p90 = {report['p90_over_baseline']:.2f}x baseline"
    )
    print("\nconfusion (label -> predicted):")
    header = "".join(f"{i[:6]:>8}" for i in INTENTS)
    print(f"{'':>12}{header}")
    for label in INTENTS:
        cells = "".join(f"{report['confusion'].get((label, p), 0):>8}" for p in INTENTS)
        print(f"{label:>12}{cells}")
    if args.errors:
        print("\nerrors:")
        for mid, want, got, text in report["errors"]:
            print(f"  {mid}: {want} -> {got}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
