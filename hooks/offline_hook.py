"""MkDocs events for the offline copy (core: offline_zip.py).

- on_startup: remember whether this is `mkdocs serve` (no zip then: editing stays fast).
- on_post_build: once every language is built, zip the site to `extra.offline_zip` inside it.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from offline_zip import write_site_zip


class _Process:
    serving: bool = False


PROCESS = _Process()


def on_startup(command: str, dirty: bool) -> None:
    PROCESS.serving = command == "serve"


# After static-i18n's on_post_build (priority -100), which builds the other languages.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if PROCESS.serving or config.plugins["i18n"].building:
        return  # a per-language build inside static-i18n's loop: the site is not complete yet
    name = config.extra["offline_zip"]
    write_site_zip(Path(config.site_dir), Path(config.site_dir) / name, Path(name).stem)
