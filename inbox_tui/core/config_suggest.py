"""The `[suggest]` section: reply drafts, and the optional local model that may rephrase them.

The model endpoint is off unless `llm_url` is set; its key, if the server wants one, lives
in the keyring under the name "suggest" (`inbox-tui secret set suggest`), never here.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from inbox_tui.core.config_checks import Checker, KeyPath

SUGGEST_LANGUAGES = ("auto", "it", "en")
SUGGEST_SECRET_NAME = "suggest"  # the keyring entry of the endpoint's API key
_KEYS = {"enabled", "language", "llm_url", "llm_model", "llm_timeout"}
# Besides the checker's own list: names a user would reach for to paste the endpoint's key.
_SECRET_LIKE = {"llm_key", "llm_api_key", "llm_token", "llm_secret", "key", "bearer"}
_SECRET_FIX = "remove it: store the key with `inbox-tui secret set suggest` (kept in the keyring)"
_TIMEOUT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$")
_DEFAULT_TIMEOUT = 4.0
_TIMEOUT_MAX = 120.0  # seconds; longer and the composer would sit waiting for a draft
_TIMEOUT_FIX = 'a duration such as "4s", "1.5s" or "800ms" (at most 2m)'


@dataclass(frozen=True, slots=True)
class SuggestSettings:
    enabled: bool = True
    language: str = "auto"  # auto: detected, falling back to the profile's language
    llm_url: str | None = None  # base URL, no trailing slash; None: templates only
    llm_model: str = ""
    llm_timeout: float = _DEFAULT_TIMEOUT  # seconds

    def fallback_language(self, profile_language: str) -> str:
        """The drafts' language when detection is unsure."""
        return profile_language if self.language == "auto" else self.language


def parse_suggest(ck: Checker, t: dict[str, Any]) -> SuggestSettings:
    p: KeyPath = ("suggest",)
    for key in t:
        if key.lower() in _SECRET_LIKE:
            ck.fail((*p, key), "secrets are not allowed in the config file", _SECRET_FIX)
    ck.only_keys(t, p, _KEYS | {k for k in t if k.lower() in _SECRET_LIKE}, _SECRET_FIX)
    url = _llm_url(ck, t, p)
    model = ck.string(t, p, "llm_model", "").strip()
    if url and not model:
        ck.fail(
            (*p, "llm_url"),
            "llm_url is set but llm_model is not",
            'name the model the server serves, e.g. llm_model = "qwen2.5-7b-instruct"',
        )
    elif model and not url:
        ck.warnings.append("suggest.llm_model is set without llm_url: drafts use templates only")
    return SuggestSettings(
        enabled=ck.boolean(t, p, "enabled", True),
        language=ck.choice(t, p, "language", SUGGEST_LANGUAGES, "auto"),
        llm_url=url,
        llm_model=model,
        llm_timeout=_timeout(ck, t, p),
    )


def _llm_url(ck: Checker, t: dict[str, Any], p: KeyPath) -> str | None:
    url = ck.opt_string(t, p, "llm_url")
    if url is None:
        return None
    path = (*p, "llm_url")
    example = 'e.g. llm_url = "http://127.0.0.1:8080/v1"'
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        ck.fail(path, f"not a URL: {url!r}", example)
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        ck.fail(path, f"not an http(s) URL: {url!r}", example)
        return None
    if parts.username is not None or parts.password is not None:
        # Never echo it: the part before "@" is a credential.
        ck.fail(path, "credentials in the URL are not allowed in the config file", _SECRET_FIX)
        return None
    if parts.query or parts.fragment:
        ck.fail(path, "the URL must not have a query or fragment", example)
        return None
    if parts.scheme == "http" and not _is_local(parts.hostname):
        ck.warnings.append(
            f"suggest.llm_url sends client messages unencrypted to {parts.hostname}: "
            "use https, or a server on this machine"
        )
    return url.strip().rstrip("/")


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _timeout(ck: Checker, t: dict[str, Any], p: KeyPath) -> float:
    value = t.get("llm_timeout")
    if value is None:
        return _DEFAULT_TIMEOUT
    path = (*p, "llm_timeout")
    if not isinstance(value, str):
        ck.fail(path, f"must be a duration string, not {value!r}", _TIMEOUT_FIX)
        return _DEFAULT_TIMEOUT
    m = _TIMEOUT.match(value)
    if not m:
        ck.fail(path, f"not a duration: {value!r}", _TIMEOUT_FIX)
        return _DEFAULT_TIMEOUT
    seconds = float(m.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[m.group(2)]
    if not 0 < seconds <= _TIMEOUT_MAX:
        ck.fail(path, f"{value!r} is out of range", _TIMEOUT_FIX)
        return _DEFAULT_TIMEOUT
    return seconds
