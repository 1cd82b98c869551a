"""pytest fixtures for the real Kannel SMS gateway (load with
`pytest_plugins = [..., "servers.kannel_fixtures"]`).

Function-scoped: a fresh bearerbox + smsbox costs ~0.15 s (start ~0.11 s, teardown SIGKILLs
both process groups), so no test sees another's messages, reports or a crashed gateway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from servers.kannel import KannelMissing, KannelServer


def _new_server(mo_url: str | None) -> KannelServer:
    try:
        return KannelServer(mo_url=mo_url)
    except KannelMissing as err:
        missing = str(err)
    # Fail, never skip: a CI without the packages must not go green.
    pytest.fail(missing, pytrace=False)


def _teardown(server: KannelServer) -> None:
    # Shown by pytest only when the test failed: the gateway's side of the story.
    print(f"--- kannel log ({server.dir}) ---\n{server.log_text()}")
    server.cleanup()


@pytest.fixture
def kannel() -> Iterator[KannelServer]:
    """A running Kannel without an MO receiver (set one with ``set_mo_url``, ~0.3 s)."""
    server = _new_server(None)
    try:
        server.start()
        yield server
    finally:
        _teardown(server)


@pytest.fixture
def kannel_factory() -> Iterator[Callable[..., KannelServer]]:
    """``kannel_factory(mo_url=...)``: a running Kannel whose MO goes to our receiver."""
    servers: list[KannelServer] = []

    def make(mo_url: str | None = None) -> KannelServer:
        server = _new_server(mo_url)
        servers.append(server)
        server.start()
        return server

    try:
        yield make
    finally:
        for server in servers:
            _teardown(server)
