"""MkDocs events for the offline copy (core: offline_zip.py).

- on_startup: remember whether this is `mkdocs serve` (no zip then: editing stays fast).
- on_page_markdown: fill `<!-- offline-zip: LABEL -->` with the link to `extra.offline_zip`
  (under `mkdocs serve`, a note that the zip is made only in a full build).
- on_post_build: once every language is built, zip the site to `extra.offline_zip` inside it.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from offline_zip import OFFLINE_ZIP_MARKER, download_html, entry_date, write_site_zip


class _Process:
    serving: bool = False


PROCESS = _Process()


def on_startup(command: str, dirty: bool) -> None:
    PROCESS.serving = command == "serve"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = config.plugins["i18n"].current_language
    href = None if PROCESS.serving else get_relative_url(config.extra["offline_zip"], page.file.url)
    return OFFLINE_ZIP_MARKER.sub(lambda match: download_html(href, match.group(1), lang), markdown)


# After static-i18n's on_post_build (priority -100), which builds the other languages, and
# after the handout PDFs are written (hooks/handout_hook.py, -150).
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if PROCESS.serving or config.plugins["i18n"].building:
        return  # a per-language build inside static-i18n's loop: the site is not complete yet
    name = config.extra["offline_zip"]
    write_site_zip(Path(config.site_dir), Path(config.site_dir) / name, Path(name).stem, entry_date(os.environ))
