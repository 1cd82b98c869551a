"""Syncing one IMAP folder into the store: newest first, resumable, flags both ways.

Every batch is stored together with the folder position it reached, in one transaction,
so a crash or a dropped connection at any point resumes where the store says, and the
unique (account, folder, uid) index makes a repeated batch harmless.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from inbox_tui.channels import trace
from inbox_tui.channels.imap_lines import read_lines_in_a_loop
from inbox_tui.channels.imap_session import ImapSession
from inbox_tui.channels.imap_wire import FetchedItem, uid_ranges
from inbox_tui.core.addresses import AddressError, email_address
from inbox_tui.core.config import EmailAccount
from inbox_tui.core.mime import EmailHeaders
from inbox_tui.core.models import Message
from inbox_tui.services.header_messages import (
    FLAG_FLAGGED,
    FLAG_MDN_SENT,
    FLAG_SEEN,
    conversation_message,
    is_report,
    report_message,
)
from inbox_tui.services.header_pool import HeaderParser
from inbox_tui.store import Store
from inbox_tui.store.mail import FolderState

# The first batch is small so the newest messages show at once; later ones are larger to
# spend less per transaction and round trip (our stream reader has no recursion limit).
FIRST_BATCH, BATCH = 100, 250

Progress = Callable[[str, int, int], None]  # folder, done, total


@dataclass(slots=True)
class FolderResult:
    folder: str
    added: int = 0
    removed: int = 0
    flags_changed: int = 0
    reset: bool = False
    round_trips: int = 0


def _no_progress(folder: str, done: int, total: int) -> None:
    pass


class FolderSync:
    def __init__(self, store: Store, account: EmailAccount, qresync: bool) -> None:
        self.store = store
        self.account = account
        self.qresync = qresync
        self._contacts: dict[str, int] = {}  # address → contact id, within this sync

    async def run(
        self, session: ImapSession, folder: str, role: str, progress: Progress = _no_progress
    ) -> FolderResult:
        result = FolderResult(folder)
        read_lines_in_a_loop(session)  # big answers (QRESYNC after 1,000 changes) below
        mail = self.store.mail
        st = mail.folder(self.account.name, folder)
        st.role = role
        known = (st.uidvalidity, st.highestmodseq) if self.qresync else None
        info = await session.select(folder, qresync=known)
        result.round_trips += 1
        if st.uidvalidity and info.uidvalidity != st.uidvalidity:
            result.removed += mail.reset_folder(self.account.name, folder, info.uidvalidity)
            result.reset = True
            st = FolderState(self.account.name, folder, role)
        await self._push_local_flags(session, folder)
        if st.uidvalidity == 0:
            st.uidvalidity = info.uidvalidity
        unchanged = (
            st.complete
            and st.uidnext == info.uidnext
            and info.highestmodseq
            and st.highestmodseq == info.highestmodseq
        )
        if unchanged:
            trace.log.debug("sync %s %s: unchanged", self.account.name, folder)
            return result  # QRESYNC/CONDSTORE say nothing changed: the SELECT was enough
        if st.highestmodseq and self.qresync:
            result.removed += self._apply_vanished(folder, info.vanished)
            result.flags_changed += self._apply_flags(folder, info.changed)
        elif st.lowest_uid:
            await self._compare_without_qresync(session, folder, st, result)
        newer, older = await self._uids_to_fetch(session, st, info.uidnext, result)
        todo = newer + older
        total = len(todo)
        progress(folder, 0, total)
        rounds_before = result.round_trips
        chunks = [todo[:FIRST_BATCH]] if todo else []
        chunks += [todo[i : i + BATCH] for i in range(FIRST_BATCH, total, BATCH)]
        stream = session.stream_headers([uid_ranges(c) for c in chunks])
        parser = HeaderParser(total)
        # Batch n is parsed (in the worker, for big syncs) while batch n-1 is stored here.
        waiting: list[tuple[list[int], list[FetchedItem], list[bytes], asyncio.Future]] = []
        done = 0

        async def store_oldest() -> None:
            nonlocal done
            chunk, items, blocks, parsed = waiting.pop(0)
            headers = await parser.result(parsed, blocks)
            done += len(chunk)
            if chunk[-1] < st.uidnext:  # an "older" batch: the first sync walks down
                st.lowest_uid = min(chunk[-1], st.lowest_uid or chunk[-1])
            result.added += self._store_batch(folder, st, items, headers)
            progress(folder, done, total)

        try:
            async for items in stream:
                chunk = chunks[result.round_trips - rounds_before]
                result.round_trips += 1
                blocks = [item.body("BODY[HEADER") or b"" for item in items]
                waiting.append((chunk, items, blocks, parser.parse(blocks)))
                if len(waiting) > 1:
                    await store_oldest()
            while waiting:
                await store_oldest()
        finally:
            for _chunk, _items, _blocks, parsed in waiting:
                parsed.cancel()  # an aborted sync: batches parsed for nothing
                if parsed.done() and not parsed.cancelled():
                    parsed.exception()
            parser.close()
            await stream.aclose()
        st.uidnext = max(st.uidnext, info.uidnext)
        st.highestmodseq = info.highestmodseq
        st.complete = True
        st.lowest_uid = st.lowest_uid or 1
        mail.save_folder(st)
        trace.log.debug("sync %s: %s", self.account.name, result)
        return result

    async def _uids_to_fetch(
        self, session: ImapSession, st: FolderState, uidnext: int, result: FolderResult
    ) -> tuple[list[int], list[int]]:
        """(newer, older), each newest first. A first sync fixes its top at the current
        UIDNEXT, so a resumed one only asks for what lies above it or below where it got."""
        newer: list[int] = []
        if st.lowest_uid == 0:
            st.uidnext = uidnext
        else:
            found = await session.uid_search("UID", f"{max(st.uidnext, 1)}:*")
            result.round_trips += 1
            newer = sorted((u for u in found if u >= st.uidnext), reverse=True)
        bottom = (st.lowest_uid or st.uidnext) - 1
        older: list[int] = []
        if not st.complete and bottom >= 1:
            older = sorted(await session.uid_search("UID", f"1:{bottom}"), reverse=True)
            older = [u for u in older if u <= bottom]
            result.round_trips += 1
        return newer, older

    def _store_batch(
        self,
        folder: str,
        st: FolderState,
        items: list[FetchedItem],
        headers: list[EmailHeaders],
    ) -> int:
        msgs = []
        with self.store.transaction() as tx:
            for item, h in zip(items, headers, strict=True):
                msg = self._message(tx, folder, st, item, h)
                if msg is not None:
                    msgs.append(msg)
            added = self.store.mail.add_batch_in(tx, msgs)
            # The position is saved with the batch: a crash resumes below `lowest_uid`.
            self.store.mail.save_folder_in(tx, st)
        return added

    def _message(
        self, tx, folder: str, st: FolderState, item: FetchedItem, h: EmailHeaders
    ) -> Message | None:
        if item.uid is None:
            return None
        if is_report(h):
            return report_message(self.account.name, folder, st, item, h)
        outbound = st.role == "sent" or h.from_addr == self.account.address
        contact_id = self._contact(tx, h, outbound)
        return conversation_message(self.account.name, folder, st, item, h, outbound, contact_id)

    def _contact(self, tx, h: EmailHeaders, outbound: bool) -> int | None:
        name, addr = (h.to[0] if h.to else ("", "")) if outbound else (h.from_name, h.from_addr)
        known = self._contacts.get(addr)
        if known is not None:
            return known
        try:
            address = email_address(addr)
        except AddressError:
            return None
        contact_id = self.store.contacts.resolve_in(tx, address, name)
        self._contacts[addr] = contact_id
        return contact_id

    def _apply_vanished(self, folder: str, uids: set[int]) -> int:
        if not uids:
            return 0
        with self.store.transaction() as tx:
            return self.store.mail.remove_uids_in(tx, self.account.name, folder, uids)

    def _apply_flags(self, folder: str, items: list[FetchedItem]) -> int:
        changes = [
            (
                item.uid,
                FLAG_SEEN not in item.flags,
                FLAG_FLAGGED in item.flags,
                item.modseq,
                FLAG_MDN_SENT in item.flags,
            )
            for item in items
            if item.uid is not None
        ]
        if not changes:
            return 0
        with self.store.transaction() as tx:
            self.store.mail.apply_flags_in(tx, self.account.name, folder, changes)
        return len(changes)

    async def _compare_without_qresync(
        self, session: ImapSession, folder: str, st: FolderState, result: FolderResult
    ) -> None:
        """No QRESYNC: expunges from a UID list, flags from a FLAGS fetch of what we hold."""
        server = set(await session.uid_search("ALL"))
        local = self.store.mail.all_uids(self.account.name, folder)
        result.removed += self._apply_vanished(folder, local - server)
        held = sorted(local & server)
        for start in range(0, len(held), 1000):
            items = await session.fetch_flags(uid_ranges(held[start : start + 1000]))
            result.flags_changed += self._apply_flags(folder, items)
        result.round_trips += 2

    async def _push_local_flags(self, session: ImapSession, folder: str) -> None:
        dirty = [f for f in self.store.mail.dirty_flags(self.account.name) if f.folder == folder]
        for op, flag, want in (
            ("+", FLAG_SEEN, lambda f: not f.unread),
            ("-", FLAG_SEEN, lambda f: f.unread),
            ("+", FLAG_FLAGGED, lambda f: f.flagged),
            ("-", FLAG_FLAGGED, lambda f: not f.flagged),
        ):
            uids = [f.uid for f in dirty if want(f)]
            if uids:
                await session.store_flags(uid_ranges(uids), op, flag)
        # Answered or declined here: say so on the server, so no other client asks again.
        if uids := [f.uid for f in dirty if f.mdn_done]:
            await session.store_flags(uid_ranges(uids), "+", FLAG_MDN_SENT)
        if dirty:
            self.store.mail.flags_pushed(f.id for f in dirty)
