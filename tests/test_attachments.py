"""Saving attachments: sender-chosen names cannot escape the folder or overwrite files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from inbox_tui.core.compose import build_email
from inbox_tui.services.attachments import safe_filename, save_attachments


def _with_attachments(names: list[str]) -> bytes:
    parts = "".join(
        f"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment;"
        f' filename="{n}"\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n'
        for n in names
    )
    return (
        b"From: a@b.c\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain\r\n\r\nciao\r\n" + parts.encode() + b"--b--\r\n"
    )


def test_hostile_names_stay_inside(tmp_path: Path) -> None:
    raw = _with_attachments(["../../evil.sh", ".bashrc", "a.pdf", "a.pdf", "x\x1b]0;t\x07.txt"])
    target = tmp_path / "dl"
    saved = save_attachments(raw, target)
    assert [p.name for p in saved] == ["evil.sh", "bashrc", "a.pdf", "a (1).pdf", "x.txt"]
    assert all(p.parent == target and p.read_bytes() == b"hello" for p in saved)
    assert not (tmp_path / "evil.sh").exists()


def test_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"mine")
    (saved,) = save_attachments(_with_attachments(["a.pdf"]), tmp_path)
    assert saved.name == "a (1).pdf" and (tmp_path / "a.pdf").read_bytes() == b"mine"


def test_safe_filename_fallback() -> None:
    assert safe_filename("...", "attachment-1") == "attachment-1"
    assert safe_filename("C:\\\\dir\\\\file.doc", "x") == "C___dir__file.doc"


def test_message_without_attachments(tmp_path: Path) -> None:
    raw = build_email(
        from_name="A", from_addr="a@b.c", to=[("", "d@e.f")], subject="s", body="b",
        date=datetime(2026, 1, 1, tzinfo=timezone.utc),
        message_id="<1@b.c>",
    )  # fmt: skip
    assert save_attachments(raw, tmp_path / "none") == []
