"""The `inbox-tui` command as a user runs it: real subprocesses, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inbox_tui import __version__
from inbox_tui.core.addresses import email_address, phone_address
from inbox_tui.core.models import Channel, Contact, Direction, Message
from inbox_tui.store import Store

EXE = str(Path(sys.executable).with_name("inbox-tui"))


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args], input=stdin, capture_output=True, text=True, timeout=60, env=os.environ
    )


def test_help_and_version() -> None:
    out = run("--help")
    assert out.returncode == 0
    for word in ("--demo", "--demo-size", "check-config", "secret", "contacts"):
        assert word in out.stdout
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"inbox-tui {__version__}"


def test_demo_size_needs_demo() -> None:
    out = run("--demo-size", "10")
    assert out.returncode == 2 and "--demo-size needs --demo" in out.stderr


def test_debug_is_read_before_or_after_the_subcommand() -> None:
    from inbox_tui.cli import parse_args

    assert parse_args(["--debug", "sync", "--once"]).debug
    assert parse_args(["sync", "--once", "--debug"]).debug
    assert parse_args(["contacts", "list", "--debug"]).debug
    assert not parse_args(["sync", "--once"]).debug
    with pytest.raises(SystemExit) as exited:
        parse_args(["sync", "--once", "--verbose"])  # anything else unknown is still refused
    assert exited.value.code == 2


def test_debug_after_the_subcommand_writes_the_trace_log(tmp_path: Path) -> None:
    store = tmp_path / "inbox.sqlite3"
    env = {**os.environ, "INBOX_TUI_LOG_DIR": str(tmp_path / "logs")}
    result = subprocess.run(
        [EXE, "--store", str(store), "contacts", "list", "--debug"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "debug log:" in result.stderr


def test_corrupt_store_is_reported_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    before = path.read_bytes()
    out = run("--demo", "--store", str(path))
    assert out.returncode == 1
    assert str(path) in out.stderr and "left untouched" in out.stderr
    assert path.read_bytes() == before


def test_normal_start_with_broken_config_says_what_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profile]\nname = "Maria"\ncolour = "blue"\n')
    monkeypatch.setenv("INBOX_TUI_CONFIG", str(config))
    out = run("--store", str(tmp_path / "s.sqlite3"))
    assert out.returncode == 1
    assert "config.toml" in out.stderr and "colour" in out.stderr and "3" in out.stderr
    assert "--demo" in out.stderr
    assert not (tmp_path / "s.sqlite3").exists()  # nothing created on a failed start


def test_missing_config_normal_start_explains(tmp_path: Path) -> None:
    out = run("--store", str(tmp_path / "s.sqlite3"))
    assert out.returncode == 1
    assert os.environ["INBOX_TUI_CONFIG"] in out.stderr


def test_check_config_reports_and_exits_1(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[accounts]]\nname = "studio"\nkind = "email"\npassword = "hunter2"\n')
    out = run("--config", str(config), "check-config")
    assert out.returncode == 1
    assert "password" in out.stderr + out.stdout
    assert "hunter2" not in out.stderr + out.stdout  # the secret is never echoed


def test_check_config_accepts_the_contract_example() -> None:
    example = Path(__file__).parent / "data" / "config.example.toml"
    out = run("--config", str(example), "check-config")
    assert out.returncode == 0, out.stderr
    assert "OK" in out.stdout


def test_contacts_list_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    anna = store.contacts.upsert(Contact(None, "Anna Verdi", [email_address("anna@example.com")]))
    with store.transaction() as tx:
        stranger = store.contacts.resolve_in(tx, phone_address("+39 347 7654321"), "")
        store.messages.add_in(
            tx, Message(None, Channel.SMS, Direction.INBOUND, stranger, "sms", 5, body="ciao")
        )
    store.close()
    out = run("--store", str(path), "contacts", "list", "--provisional")
    assert out.returncode == 0
    assert "+393477654321" in out.stdout and "Anna" not in out.stdout
    out = run("--store", str(path), "contacts", "merge", str(anna), str(stranger))
    assert out.returncode == 0, out.stderr
    out = run("--store", str(path), "contacts", "merge", str(anna), "999")
    assert out.returncode == 1 and "999" in out.stderr
    store = Store(path)
    assert {a.value for a in store.contacts.get(anna).addresses} == {
        "anna@example.com",
        "+393477654321",
    }
    store.close()


def test_contacts_import_vcf(tmp_path: Path) -> None:
    vcf = tmp_path / "clients.vcf"
    vcf.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Giulia Neri\r\nEMAIL;TYPE=work:giulia@example.it\r\n"
        "TEL;TYPE=cell:+39 320 1112233\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "s.sqlite3"
    out = run("--store", str(path), "contacts", "import", str(vcf))
    assert out.returncode == 0, out.stderr
    assert "1 added" in out.stdout
    store = Store(path)
    cid = store.contacts.find_by_address(phone_address("320 1112233"))
    assert cid is not None and store.contacts.get(cid).name == "Giulia Neri"
    store.close()


def _file_keyring_env(tmp_path: Path) -> dict[str, str]:
    """The real `keyring` API over a file backend, so a subprocess can be checked."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).parent / "keyring_backends")
    env["PYTHON_KEYRING_BACKEND"] = "file_keyring.PlainFileKeyring"
    env["TEST_KEYRING_FILE"] = str(tmp_path / "keyring.json")
    return env


def test_secret_set_reads_piped_stdin(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[[accounts]]\nname = "sms"\nkind = "sms"\ngateway = "kannel"\n'
        'number = "+390212345678"\nurl = "http://127.0.0.1:13013/cgi-bin/sendsms"\n'
        'username = "inbox"\n'
    )
    env = _file_keyring_env(tmp_path)
    out = subprocess.run(
        [EXE, "--config", str(config), "secret", "set", "sms"],
        input="s3cret-token\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert "s3cret-token" not in out.stdout + out.stderr
    assert '"s3cret-token"' in (tmp_path / "keyring.json").read_text()
    out = subprocess.run(
        [EXE, "--config", str(config), "secret", "set", "nope"],
        input="x\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert out.returncode == 1 and "nope" in out.stderr


def test_secret_set_suggest_stores_the_drafts_endpoint_key(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[suggest]\nllm_url = "http://127.0.0.1:8080/v1"\nllm_model = "m"\n')
    env = _file_keyring_env(tmp_path)
    out = subprocess.run(
        [EXE, "--config", str(config), "secret", "set", "suggest"],
        input="sk-local-123\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    stored = json.loads((tmp_path / "keyring.json").read_text())
    assert "sk-local-123" in json.dumps(stored) and "suggest" in json.dumps(stored)
