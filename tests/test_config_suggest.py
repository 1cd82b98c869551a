"""The `[suggest]` section and the contacts' `formal`: parsing, defaults, problems with lines."""

from __future__ import annotations

import pytest

from inbox_tui.config_file import format_problems, parse_config_text
from inbox_tui.core.config import Config, ConfigError, SuggestSettings


def parse(text: str) -> Config:
    return parse_config_text(text, "c.toml")


def problems(text: str) -> list:
    with pytest.raises(ConfigError) as info:
        parse(text)
    return info.value.problems


def test_absent_section_means_templates_only() -> None:
    config = parse('[profile]\nlanguage = "it"\n')
    assert config.suggest == SuggestSettings()
    assert config.suggest.enabled and config.suggest.llm_url is None
    assert config.suggest.llm_timeout == 4.0
    assert config.suggest.fallback_language(config.profile.language) == "it"


def test_full_section_parses() -> None:
    config = parse(
        '[suggest]\nenabled = false\nlanguage = "en"\n'
        'llm_url = "http://127.0.0.1:8080/v1/"\nllm_model = "qwen2.5-7b-instruct"\n'
        'llm_timeout = "1.5s"\n'
    )
    assert config.suggest == SuggestSettings(
        enabled=False,
        language="en",
        llm_url="http://127.0.0.1:8080/v1",  # no trailing slash: paths are appended
        llm_model="qwen2.5-7b-instruct",
        llm_timeout=1.5,
    )
    assert config.suggest.fallback_language("it") == "en"
    assert config.warnings == ()


@pytest.mark.parametrize(("text", "seconds"), [("4s", 4.0), ("800ms", 0.8), ("2m", 120.0)])
def test_timeout_units(text: str, seconds: float) -> None:
    config = parse(f'[suggest]\nllm_timeout = "{text}"\n')
    assert config.suggest.llm_timeout == pytest.approx(seconds)


def test_unknown_key_named_with_line_and_suggestion() -> None:
    (p,) = problems('[suggest]\nenabled = true\nllm_modle = "x"\n')
    assert (p.key, p.line) == ("suggest.llm_modle", 3)
    assert "unknown key" in p.message and "did you mean 'llm_model'" in p.fix


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/v1",
        "127.0.0.1:8080/v1",
        "http://",
        "http://127.0.0.1:99999/v1",
        "file:///x",
    ],
)
def test_llm_url_must_be_http_on_a_host(url: str) -> None:
    (p,) = problems(f'[suggest]\nllm_model = "m"\n\nllm_url = "{url}"\n')
    assert (p.key, p.line) == ("suggest.llm_url", 4)
    assert "URL" in p.message and "http://127.0.0.1:8080/v1" in p.fix


def test_any_host_is_allowed_and_remote_http_is_warned_about() -> None:
    config = parse('[suggest]\nllm_url = "https://llm.example.org/v1"\nllm_model = "m"\n')
    assert config.suggest.llm_url == "https://llm.example.org/v1" and config.warnings == ()
    config = parse('[suggest]\nllm_url = "http://192.168.1.5:8080/v1"\nllm_model = "m"\n')
    (warning,) = config.warnings
    assert "unencrypted" in warning and "192.168.1.5" in warning
    for local in ("http://localhost:11434/v1", "http://[::1]:8080/v1"):
        assert parse(f'[suggest]\nllm_url = "{local}"\nllm_model = "m"\n').warnings == ()


def test_credentials_in_the_url_are_refused_without_echo() -> None:
    found = problems('[suggest]\nllm_url = "http://me:hunter2@127.0.0.1/v1"\nllm_model = "m"\n')
    text = format_problems(found)
    assert "hunter2" not in text and "c.toml:2" in text and "secret set suggest" in text


def test_url_without_model_is_a_problem_model_without_url_a_warning() -> None:
    (p,) = problems('[suggest]\nllm_url = "http://127.0.0.1:8080/v1"\n')
    assert (p.key, p.line) == ("suggest.llm_url", 2) and "llm_model =" in p.fix
    config = parse('[suggest]\nllm_model = "m"\n')
    assert config.suggest.llm_url is None and "without llm_url" in config.warnings[0]


@pytest.mark.parametrize("value", ['"soon"', '"4"', '"0s"', '"10m"', "4", '"-1s"'])
def test_timeout_must_be_a_sensible_duration(value: str) -> None:
    (p,) = problems(f"[suggest]\nenabled = true\nllm_timeout = {value}\n")
    assert (p.key, p.line) == ("suggest.llm_timeout", 3)
    assert '"4s"' in p.fix


@pytest.mark.parametrize("key", ["llm_key", "api_key", "LLM_API_KEY", "token", "llm_token"])
def test_literal_keys_are_refused_without_echo(key: str) -> None:
    found = problems(
        f'[suggest]\nllm_url = "http://127.0.0.1:8080/v1"\nllm_model = "m"\n{key} = "sk-hunter2"\n'
    )
    (p,) = found
    assert (p.key, p.line) == (f"suggest.{key}", 4) and "secrets are not allowed" in p.message
    text = format_problems(found)
    assert "sk-hunter2" not in text and "inbox-tui secret set suggest" in text


def test_wrong_types_and_choices() -> None:
    found = problems('[suggest]\nenabled = "yes"\nlanguage = "de"\nllm_model = 7\n')
    assert {p.key: p.line for p in found} == {
        "suggest.enabled": 2,
        "suggest.language": 3,
        "suggest.llm_model": 4,
    }


def test_suggest_must_be_a_table() -> None:
    (p,) = problems("suggest = true\n")
    assert (p.key, p.line) == ("suggest", 1) and "[suggest]" in p.fix


def test_contacts_formal_defaults_to_true_and_reaches_the_model() -> None:
    config = parse(
        '[[contacts]]\nname = "Anna Verdi"\nemails = ["anna@example.com"]\n'
        '[[contacts]]\nname = "Luca Bianchi"\nformal = false\n'
    )
    anna, luca = config.contacts
    assert anna.formal and not luca.formal
    models = config.contacts_as_models()
    assert [m.formal for m in models] == [True, False]


def test_contacts_formal_must_be_a_boolean() -> None:
    (p,) = problems('[[contacts]]\nname = "Luca"\nformal = "no"\n')
    assert (p.key, p.line) == ("contacts[0].formal", 3) and "formal = true" in p.fix
