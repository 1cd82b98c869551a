"""Saving a message's attachments to a folder the user chose.

Filenames come from the sender: they are reduced to a bare name (no directories, no
leading dots, no control characters) and never overwrite an existing file.
"""

from __future__ import annotations

import re
from pathlib import Path

from inbox_tui.core.mime import attachment_bytes, parse_message
from inbox_tui.core.sanitize import one_line

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_filename(name: str, fallback: str) -> str:
    name = _UNSAFE.sub("_", one_line(name, 120)).strip().lstrip(".")
    return name or fallback


def unique_path(folder: Path, name: str) -> Path:
    path = folder / name
    stem, suffix = path.stem, path.suffix
    n = 1
    while path.exists():
        path = folder / f"{stem} ({n}){suffix}"
        n += 1
    return path


def save_attachments(raw: bytes, folder: Path) -> list[Path]:
    """Write every attachment of `raw` into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for i, att in enumerate(parse_message(raw).attachments, start=1):
        try:
            data = attachment_bytes(raw, att.part_id)
        except KeyError:
            continue
        path = unique_path(folder, safe_filename(att.filename, f"attachment-{i}"))
        # "x": never replace a file that appeared since unique_path looked.
        with path.open("xb") as fh:
            fh.write(data)
        saved.append(path)
    return saved
