"""The reference text is pinned: each data/speeches/<slug>/speech.zh.txt must have the SHA-256 recorded beside it.

Readers study this text; not one character may change by accident. The lock file holds the
digest in `sha256sum` format (`<hex>  speech.zh.txt`), so `sha256sum -c` in data/ checks it too.
The build checks the pin before anything else reads the text, so that an added or deleted
paragraph is blamed on the text, not on units.yml. A deliberate change is accepted by one
command, which rewrites the lock: `scripts/dev accept-text` (or `python hooks/reference_text.py --accept`).

Pure: no MkDocs. A changed text is a `DataError` naming speech.zh.txt.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from datafiles import DataError, display_path

LOCK_SUFFIX = ".sha256"
ACCEPT_COMMAND = "scripts/dev accept-text"


def lock_path(text_path: Path) -> Path:
    return text_path.with_name(text_path.name + LOCK_SUFFIX)


def digest(text_path: Path) -> str:
    try:
        return hashlib.sha256(text_path.read_bytes()).hexdigest()
    except FileNotFoundError:
        raise DataError(text_path, [f"{display_path(text_path)}: file not found (expected the reference text of the speech)"]) from None


def pinned_digest(text_path: Path) -> str | None:
    """The digest recorded in the lock file, or None when there is no usable one."""
    try:
        fields = lock_path(text_path).read_text("utf-8").split()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return fields[0].lower() if fields and len(fields[0]) == 64 else None


def check_pinned(text_path: Path) -> None:
    """Raise a DataError naming the text unless its bytes have the pinned SHA-256."""
    actual, pinned = digest(text_path), pinned_digest(text_path)
    if actual == pinned:
        return
    name, lock = display_path(text_path), display_path(lock_path(text_path))
    if pinned is None:
        problem = f"{name}: no pinned SHA-256 in {lock} (the reference text must be pinned)"
    else:
        problem = (
            f"{name}: the reference text has changed (SHA-256 {actual[:12]}…, pinned {pinned[:12]}… in {lock}); "
            "readers study this text, so it must not change by accident: restore it, or accept a deliberate change"
        )
    raise DataError(text_path, [f"{problem} with: {ACCEPT_COMMAND} {name}"])


def accept(text_path: Path) -> str:
    """Pin the text as it is now: write its SHA-256 to the lock file; returns the digest."""
    value = digest(text_path)
    lock_path(text_path).write_text(f"{value}  {text_path.name}\n", encoding="utf-8")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check or accept the pinned SHA-256 of the reference text.")
    parser.add_argument("--accept", action="store_true", help="pin the text as it is now (a deliberate change)")
    parser.add_argument("text", type=Path, help="the reference text (data/speeches/<slug>/speech.zh.txt)")
    args = parser.parse_args(argv)
    try:
        if args.accept:
            previous = pinned_digest(args.text)
            value = accept(args.text)
            print(f"{display_path(args.text)}: pinned SHA-256 {value}" + ("" if previous != value else " (unchanged)"))
        else:
            check_pinned(args.text)
            print(f"{display_path(args.text)}: matches its pinned SHA-256")
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
