"""`inbox-tui contacts import|list|merge`, and the store opening every subcommand shares."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from inbox_tui.store import Store


def open_store(path: Path | None, err: TextIO) -> Store | None:
    """The store at `path` (default: the platform data dir); None after saying why not."""
    from inbox_tui.paths import default_store_path
    from inbox_tui.store import Store, StoreError

    try:
        return Store(path or default_store_path())
    except StoreError as exc:
        print(f"inbox-tui: {exc}", file=err)
        return None


def add_contacts_parser(sub: argparse._SubParsersAction) -> None:
    contacts = sub.add_parser("contacts", help="manage contacts")
    actions = contacts.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    vcf = actions.add_parser("import", help="import contacts from a vCard file")
    vcf.add_argument("file", type=Path)
    listing = actions.add_parser("list", help="list contacts with their addresses")
    listing.add_argument(
        "--provisional", action="store_true", help="only unknown senders awaiting a merge"
    )
    merge = actions.add_parser(
        "merge", help="fold contact DROP (addresses, messages) into contact KEEP"
    )
    merge.add_argument("keep", type=int)
    merge.add_argument("drop", type=int)


def contacts_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.contacts_command == "import":
        return _import(args, out, err)
    store = open_store(args.store, err)
    if store is None:
        return 1
    try:
        if args.contacts_command == "merge":
            return _merge(store, args.keep, args.drop, out, err)
        return _list(store, args.provisional, out)
    finally:
        store.close()


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from inbox_tui.config_file import load_config
    from inbox_tui.core.config import ConfigError
    from inbox_tui.services.contacts_import import import_vcards

    region = "IT"  # importing contacts does not need a valid config: default region then
    with contextlib.suppress(ConfigError):
        region = load_config(args.config).profile.region
    store = open_store(args.store, err)
    if store is None:
        return 1
    try:
        result = import_vcards(store, args.file, region)
    except OSError as exc:
        print(f"inbox-tui: cannot read {args.file}: {exc}", file=err)
        return 1
    finally:
        store.close()
    for problem in result.problems:
        print(f"warning: {problem}", file=err)
    print(f"{result.added} added, {result.updated} updated, {result.skipped} skipped", file=out)
    return 0


def _merge(store: Store, keep_id: int, drop_id: int, out: TextIO, err: TextIO) -> int:
    from inbox_tui.core.sanitize import one_line

    keep, drop = store.contacts.get(keep_id), store.contacts.get(drop_id)
    if keep is None or drop is None:
        missing = [str(i) for i, c in ((keep_id, keep), (drop_id, drop)) if c is None]
        print(
            f"inbox-tui: no contact with id {', '.join(missing)} (see `inbox-tui contacts list`)",
            file=err,
        )
        return 1
    store.contacts.merge(keep_id, drop_id)
    print(f"merged {one_line(drop.name)} into {one_line(keep.name)}", file=out)
    return 0


def _list(store: Store, provisional_only: bool, out: TextIO) -> int:
    from inbox_tui.core.sanitize import one_line

    for contact in store.contacts.all(provisional_only=provisional_only):
        flags = " (unknown sender)" if contact.provisional else ""
        addresses = ", ".join(a.value for a in contact.addresses)
        print(f"{contact.id:>6}  {one_line(contact.name, 40)}{flags}  {addresses}", file=out)
    return 0
