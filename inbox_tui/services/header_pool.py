"""Parsing header batches in a second process during a large first sync.

A big first sync is bound by our own CPU, not the server's: parsing headers in a worker
process while this one reads the next batch and writes the last one to SQLite uses the
second core. Small syncs parse in-process (a worker costs ~0.2 s to start), and so does
the first batch of a big one, so the newest messages never wait for the worker.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from inbox_tui.core.mime_headers import EmailHeaders
from inbox_tui.core.sync_headers import parse_blocks

POOL_FROM_MESSAGES = 2000


class HeaderParser:
    def __init__(self, total: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._warm: asyncio.Future | None = None
        if total >= POOL_FROM_MESSAGES:
            try:
                # spawn, not fork: the TUI process has threads (and an SQLite connection).
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
                self._warm = asyncio.get_running_loop().run_in_executor(
                    self._pool, parse_blocks, []
                )
            except (OSError, ValueError, RuntimeError):
                self._pool = None  # no worker to be had: parse here, as for small syncs

    def parse(self, blocks: list[bytes]) -> asyncio.Future[list[EmailHeaders]]:
        loop = asyncio.get_running_loop()
        ready = self._warm is not None and self._warm.done() and self._warm.exception() is None
        if self._pool is not None and ready:
            return loop.run_in_executor(self._pool, parse_blocks, blocks)
        done: asyncio.Future[list[EmailHeaders]] = loop.create_future()
        done.set_result(parse_blocks(blocks))
        return done

    async def result(self, future: asyncio.Future[list[EmailHeaders]], blocks: list[bytes]):
        """The parsed batch; if the worker died, the batch is parsed here instead."""
        try:
            return await future
        except BrokenProcessPool:
            self.close()
            return parse_blocks(blocks)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
