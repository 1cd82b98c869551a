"""Config parsing and validation: the contract example, every problem with its line, secrets."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring

from inbox_tui.config_file import format_problems, key_lines, load_config, parse_config_text
from inbox_tui.core.config import ConfigError, EmailAccount, SmsAccount
from inbox_tui.core.work_hours_config import parse_range
from inbox_tui.services.secrets import SecretError, get_secret, set_secret

EXAMPLE = Path(__file__).parent / "data" / "config.example.toml"
SHARED = Path(__file__).parents[2] / "shared" / "config.example.toml"


def problems(text: str) -> list:
    with pytest.raises(ConfigError) as info:
        parse_config_text(text, "c.toml")
    return info.value.problems


def test_contract_example_parses_fully() -> None:
    config = load_config(EXAMPLE)
    assert config.profile.name == "Avv. Maria Rossi" and config.profile.language == "it"
    assert config.profile.timezone == "Europe/Rome" and config.profile.region == "IT"
    studio, sms = config.accounts
    assert isinstance(studio, EmailAccount) and isinstance(sms, SmsAccount)
    assert studio.imap.port == 993 and studio.smtp.security == "starttls"
    assert studio.password_command == "pass show mail/studio"
    assert sms.gateway == "kannel" and sms.number == "+390212345678"
    assert config.work_hours.days[4] == ((510, 780),) and config.work_hours.days[5] == ()
    assert config.work_hours.is_holiday(date(2027, 1, 1))
    assert not config.work_hours.is_holiday(date(2027, 1, 7))
    assert config.receipts.answer == "ask" and config.webhooks.listen_port == 8787
    luca, anna = config.contacts_as_models()
    assert {a.value for a in luca.addresses} == {"luca.bianchi@example.org", "+393331234567"}
    assert luca.sla == "1d" and luca.receipts == "never" and anna.urgent


@pytest.mark.skipif(not SHARED.exists(), reason="only in a checkout beside shared/")
def test_shipped_copy_matches_the_contract() -> None:
    assert EXAMPLE.read_text() == SHARED.read_text()


def test_unknown_key_is_named_with_its_line() -> None:
    (p,) = problems('[profile]\nname = "Maria"\ncolour = "blue"\n')
    assert (p.key, p.line, p.file) == ("profile.colour", 3, "c.toml")
    assert "unknown key" in p.message and "known keys" in p.fix


def test_close_key_gets_a_suggestion() -> None:
    (p,) = problems('[profile]\ntimezon = "Europe/Rome"\n')
    assert "did you mean 'timezone'" in p.fix


def test_literal_secret_refused_without_echo() -> None:
    found = problems(
        '[[accounts]]\nname = "sms"\nkind = "sms"\ngateway = "kannel"\nnumber = "+390212345678"\n'
        'url = "http://127.0.0.1:13013/cgi-bin/sendsms"\ntoken = "hunter2"\n'
    )
    assert [p.key for p in found] == ["accounts[0].token"]
    text = format_problems(found)
    assert "hunter2" not in text and "secret set sms" in text and "c.toml:7" in text


def test_every_problem_is_reported_at_once() -> None:
    text = (
        '[profile]\ntimezone = "Mars/Base"\nregion = "XX"\nlanguage = "de"\n'
        '[work_hours]\nmon = ["08:30-12:30", "12:00-13:00"]\ntue = ["25:00-26:00"]\n'
        'wed = ["18:00-09:00"]\nholidays = ["2027-02-30", "2027-01-06..2026-12-24"]\n'
        '[[accounts]]\nname = "a"\nkind = "email"\naddress = "nope"\n'
        'imap = { host = "x", port = 99999 }\nsmtp = { host = "y", security = "ssl" }\n'
        '[[accounts]]\nname = "a"\nkind = "fax"\n'
        '[[contacts]]\nname = "X"\nphones = ["12"]\nemails = ["@x"]\nsla = "soon"\n'
        'receipts = "maybe"\nurgent = "yes"\n'
    )
    keys = {p.key: p.line for p in problems(text)}
    assert keys == {
        "profile.timezone": 2,
        "profile.region": 3,
        "profile.language": 4,
        "work_hours.mon": 6,
        "work_hours.tue[0]": 7,
        "work_hours.wed[0]": 8,
        "work_hours.holidays[0]": 9,
        "work_hours.holidays[1]": 9,
        "accounts[0].address": 13,
        "accounts[0].imap.port": 14,
        "accounts[0].smtp.security": 15,
        "accounts[1].name": 17,
        "accounts[1].kind": 18,
        "contacts[0].phones[0]": 21,
        "contacts[0].emails[0]": 22,
        "contacts[0].sla": 23,
        "contacts[0].receipts": 24,
        "contacts[0].urgent": 25,
    }


def test_missing_required_parts() -> None:
    found = problems('[[accounts]]\nname = "s"\nkind = "email"\n')
    assert {p.key for p in found} == {"accounts[0].address", "accounts[0].imap", "accounts[0].smtp"}
    assert all(p.line == 1 for p in found)
    found = problems('[[accounts]]\nname = "t"\nkind = "sms"\ngateway = "twilio"\nurl = "x"\n')
    assert {p.key for p in found} == {
        "accounts[0].url",
        "accounts[0].number",
        "accounts[0].account_sid",
    }


def test_bad_toml_names_the_line() -> None:
    (p,) = problems('[profile]\nname = "Maria\n')
    assert p.line == 2 and "not valid TOML" in p.message


def test_wrong_types_and_top_level_section() -> None:
    found = problems('profile = 3\n[shortcuts]\nx = 1\n[receipts]\nrequest_read = "yes"\n')
    assert {p.key for p in found} == {"shortcuts", "profile", "receipts.request_read"}


def test_insecure_tls_is_accepted_with_a_warning() -> None:
    config = parse_config_text(
        '[[accounts]]\nname = "s"\nkind = "email"\naddress = "m@x.example"\n'
        'imap = { host = "h" }\nsmtp = { host = "h", port = 465 }\ntls = "insecure"\n',
        "c.toml",
    )
    account = config.accounts[0]
    assert account.tls_insecure and account.smtp.security == "tls" and account.imap.port == 993
    assert any("NOT verified" in w for w in config.warnings)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "none.toml")
    assert "not found" in info.value.problems[0].message
    assert "--demo" in info.value.problems[0].fix


def test_key_lines_handles_multiline_strings_and_arrays() -> None:
    lines = key_lines(
        '[profile]\nsignature = """\nfake = 1\n"""\nname = "x"\n[[accounts]]\n[[accounts]]\n'
        'imap = { host = "h", port = 1 }\n'
    )
    assert lines[("profile", "signature")] == 2 and lines[("profile", "name")] == 5
    assert ("profile", "fake") not in lines
    assert lines[("accounts", 1, "imap", "port")] == 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [("08:30-12:30", (510, 750)), ("0:00-24:00", (0, 1440)), (" 14:00 - 18:00 ", (840, 1080))],
)
def test_parse_range(text: str, expected: tuple[int, int]) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["8-12", "24:30-25:00", "12:00-12:00", "10:60-11:00", "x"])
def test_parse_range_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_range(text)


def test_work_hours_exceptions() -> None:
    config = parse_config_text(
        '[work_hours]\nholidays = ["2026-12-24..2027-01-06"]\n'
        'exceptions = { "2026-12-07" = ["14:00-18:00", "09:00-12:00"], "2026-12-09" = [] }\n',
        "c.toml",
    )
    hours = config.work_hours
    assert hours.exceptions == {date(2026, 12, 7): ((540, 720), (840, 1080)), date(2026, 12, 9): ()}
    assert hours.spans_on(date(2026, 12, 9)) == () and hours.spans_on(date(2026, 12, 10))
    # The table form; an exception inside the holidays makes that day a working one.
    config = parse_config_text(
        '[work_hours]\nholidays = ["2026-12-24..2027-01-06"]\n'
        '[work_hours.exceptions]\n"2026-12-28" = ["10:00-11:00"]\n',
        "c.toml",
    )
    assert config.work_hours.spans_on(date(2026, 12, 28)) == ((600, 660),)
    assert config.work_hours.spans_on(date(2026, 12, 29)) == ()
    assert parse_config_text("", "c.toml").work_hours.exceptions == {}


def test_work_hours_exception_problems_name_their_lines() -> None:
    text = (
        "[work_hours]\nmonday = []\n[work_hours.exceptions]\n"
        '"2026-12-07" = ["09:00-12:00", "11:00-13:00"]\n'
        '"2026-13-01" = []\n'
        '"2026-12-09" = ["25:00-26:00"]\n'
        '"2026-12-10" = "09:00-12:00"\n'
        "tomorrow = []\n"
    )
    found = {p.key: p for p in problems(text)}
    assert {key: p.line for key, p in found.items()} == {
        "work_hours.monday": 2,
        "work_hours.exceptions.2026-12-07": 4,
        "work_hours.exceptions.2026-13-01": 5,
        "work_hours.exceptions.2026-12-09[0]": 6,
        "work_hours.exceptions.2026-12-10": 7,
        "work_hours.exceptions.tomorrow": 8,
    }
    assert "overlap" in found["work_hours.exceptions.2026-12-07"].message
    assert "not a date" in found["work_hours.exceptions.2026-13-01"].message
    assert "25:00" in found["work_hours.exceptions.2026-12-09[0]"].message
    assert "did you mean 'mon'" in found["work_hours.monday"].fix


def test_work_hours_exceptions_must_be_a_table() -> None:
    (p,) = problems('[work_hours]\nmon = ["09:00-12:00"]\nexceptions = ["2026-12-07"]\n')
    assert (p.key, p.line) == ("work_hours.exceptions", 3) and "2026-12-07" in p.fix


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10 reads only YYYY-MM-DD")
def test_work_hours_exception_date_given_twice() -> None:
    (p,) = problems('[work_hours]\nexceptions = { "2026-12-07" = [], "20261207" = [] }\n')
    assert p.key == "work_hours.exceptions.20261207" and "twice" in p.message


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.data.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _sms(command: str | None = None) -> SmsAccount:
    return SmsAccount("sms", "kannel", "+390212345678", "http://x", password_command=command)


def test_secret_roundtrip_in_keyring(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(SecretError, match="secret set sms"):
        get_secret(_sms())
    set_secret("sms", "tok")
    assert get_secret(_sms()) == "tok"


def test_no_keyring_never_falls_back_to_plaintext(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        with pytest.raises(SecretError, match="keyrings.alt"):
            set_secret("sms", "tok")
        with pytest.raises(SecretError, match="password_command"):
            get_secret(_sms())
    finally:
        keyring.set_keyring(previous)


def test_password_command() -> None:
    assert get_secret(_sms("printf 'first\\nsecond\\n'")) == "first"
    failing = f"{sys.executable} -c \"import sys; sys.exit('no such entry')\""
    with pytest.raises(SecretError, match="exited with 1: no such entry"):
        get_secret(_sms(failing))
    with pytest.raises(SecretError, match="printed nothing"):
        get_secret(_sms("true"))
