"""pytest fixtures for the real mail servers (load with `pytest_plugins = ["servers.fixtures"]`).

`dovecot` is function-scoped: a fresh instance with empty mailboxes costs ~0.1 s (start
~0.05 s; teardown SIGKILLs the process group, since the data is thrown away anyway), so no
test can see another's mail or a crashed server. The TLS cert is made once per process.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest

from servers.dovecot import DovecotMissing, DovecotServer
from servers.smtp import SmtpServer


@pytest.fixture
def dovecot() -> Iterator[DovecotServer]:
    try:
        server = DovecotServer()
    except DovecotMissing as err:
        missing = str(err)
    else:
        missing = ""
    if missing:  # fail, never skip: a CI without the packages must not go green
        pytest.fail(missing, pytrace=False)
    try:
        server.start()
        yield server
    finally:
        # Shown by pytest only when the test failed: the server's side of the story.
        print(f"--- dovecot log ({server.dir}) ---\n{server.log_text()}")
        server.cleanup()


@pytest.fixture
def smtp_server(dovecot: DovecotServer) -> Iterator[SmtpServer]:
    server = SmtpServer(dovecot)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mail_tls_context(dovecot: DovecotServer) -> ssl.SSLContext:
    """Client context trusting the test servers' self-signed cert (IMAPS and both SMTP ports)."""
    return ssl.create_default_context(cafile=str(dovecot.cafile))
