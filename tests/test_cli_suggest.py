"""`inbox-tui suggest`: the installed command on messages piped in, plain text and RFC 5322,
with and without a config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).with_name("inbox-tui"))

DECISION_IT = (
    "Gentile Avvocato,\n"
    "potrebbe anche occuparsi del contratto di locazione del garage entro venerdì?\n"
    "Grazie, Luca Bianchi\n"
)
EMAIL_EN = (
    "From: Anna Clark <anna@client.test>\r\n"
    "To: Maria <maria@studio.test>\r\n"
    "Subject: Lease review\r\n"
    "Date: Tue, 24 Nov 2026 23:30:00 +0100\r\n"
    "Message-ID: <a1@client.test>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Dear Maria,\r\n"
    "could you also review the lease for the garage?\r\n"
    "We would add it to the work you are already doing.\r\n"
    "Best, Anna\r\n"
)
NEWSLETTER = (
    "From: News <news@shop.test>\r\n"
    "Subject: Black Friday\r\n"
    "List-Id: <news.shop.test>\r\n"
    "Precedence: bulk\r\n"
    "\r\n"
    "30% off everything. Unsubscribe here.\r\n"
)


def run(*args: str, stdin: bytes, config: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, INBOX_TUI_CONFIG=str(config))
    return subprocess.run(
        [EXE, "suggest", *args], input=stdin, capture_output=True, timeout=60, env=env
    )


def test_json_has_exactly_the_documented_shape(tmp_path: Path) -> None:
    out = run("--json", stdin=DECISION_IT.encode(), config=tmp_path / "none.toml")
    assert out.returncode == 0, out.stderr.decode()
    result = json.loads(out.stdout)
    assert list(result) == ["language", "trigger", "intent", "drafts"]
    assert (result["language"], result["trigger"], result["intent"]) == ("it", True, "decision")
    kinds = [d["kind"] for d in result["drafts"]]
    assert kinds and kinds[0] == "mediated" and len(set(kinds)) == len(kinds) <= 3
    assert all(list(d) == ["kind", "text"] for d in result["drafts"])
    mediated = result["drafts"][0]["text"]
    assert "garage" in mediated  # the object of the request, taken from the message


def test_rfc5322_at_night_offers_the_boundary(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[profile]\nname = "Maria Rossi"\nlanguage = "en"\ntimezone = "Europe/Rome"\n'
    )
    out = run("--json", stdin=EMAIL_EN.encode(), config=config)
    assert out.returncode == 0, out.stderr.decode()
    result = json.loads(out.stdout)
    assert (result["language"], result["intent"]) == ("en", "decision")
    kinds = [d["kind"] for d in result["drafts"]]
    assert "boundary" in kinds  # arrived Tuesday 23:30, outside work hours
    assert any("Maria Rossi" in d["text"] for d in result["drafts"])


def test_machines_mail_gets_no_draft_and_lang_is_forced(tmp_path: Path) -> None:
    out = run("--json", stdin=NEWSLETTER.encode(), config=tmp_path / "none.toml")
    assert json.loads(out.stdout) == {
        "language": "en",
        "trigger": False,
        "intent": "automated",
        "drafts": [],
    }
    out = run("--json", "--lang", "en", stdin=DECISION_IT.encode(), config=tmp_path / "n.toml")
    assert json.loads(out.stdout)["language"] == "en"


def test_human_output_and_errors(tmp_path: Path) -> None:
    out = run(stdin=b"grazie mille, a martedi", config=tmp_path / "none.toml")
    text = out.stdout.decode()
    assert out.returncode == 0 and "intent:   thanks" in text and "no reply draft" in text
    out = run(stdin=b"   ", config=tmp_path / "none.toml")
    assert out.returncode == 2 and b"nothing on standard input" in out.stderr
    out = run("--at", "yesterday", stdin=b"ciao", config=tmp_path / "none.toml")
    assert out.returncode == 2 and b"--at" in out.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[suggest]\nlanguage = 'fr'\n")
    out = run(stdin=b"ciao", config=bad)
    assert out.returncode == 1 and b"bad.toml:2" in out.stderr


def test_control_sequences_never_reach_the_output(tmp_path: Path) -> None:
    hostile = "Potrebbe anticipare \x1b]52;c;ZXZpbA==\x07la consegna \x1b[31mal 15\x9b2J?"
    out = run("--json", stdin=hostile.encode(), config=tmp_path / "none.toml")
    assert out.returncode == 0, out.stderr.decode()
    for draft in json.loads(out.stdout)["drafts"]:
        assert "\x1b" not in draft["text"] and "\x9b" not in draft["text"]
        assert "\x07" not in draft["text"]
