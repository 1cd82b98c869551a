"""The IMAP failures a caller tells apart: retry later, ask the user, or distrust the server."""

from __future__ import annotations


class ImapError(Exception):
    """Transient: the connection failed or timed out; retry with backoff."""


class ImapAuthError(ImapError):
    """Definitive until the user changes something: wrong password, account disabled."""


class ImapTLSError(ImapError):
    """The server's certificate is not trusted: never retried silently."""
