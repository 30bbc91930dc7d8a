"""The distributable offline copy: the whole built site in one deterministic zip.

Readers unpack it on a USB stick or laptop and open index.html from the folder (file://).
The same site gives the same bytes: entries are sorted by path and carry one date
(SOURCE_DATE_EPOCH, the date reproducible builds agree on; 1980-01-01 without it), one mode
and one "made on" system, whatever the machine, its clock or its file system's order.

The home pages link the zip through a marker, `<!-- offline-zip: LABEL -->`, so its file name
lives only in mkdocs.yml (`extra.offline_zip`); where no zip is made (`mkdocs serve`) a note
stands in place of the link.
"""

from __future__ import annotations

import html
import re
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

OFFLINE_ZIP_MARKER = re.compile(r"<!--\s*offline-zip:\s*(.+?)\s*-->")
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
LATEST_DATE = (2107, 12, 31, 23, 59, 58)  # the latest
FILE_MODE = 0o644 << 16
UNIX = 3  # ZipInfo.create_system: how to read the mode (the default depends on the building OS)
# Source maps serve developers debugging Material's minified scripts, not readers: a fifth of
# the site's bytes, left out of the copy.
LEFT_OUT_SUFFIXES = (".map",)
# zlib's default level: level 9 took the build 2.5x as long for a zip 1% smaller.
COMPRESS_LEVEL = 6
PREVIEW_NOTE = {
    "zh": "本地预览不生成离线版：完整构建的网站上可以下载离线版（zip）。",
    "en": "The offline copy (zip) is made only in a full build of the site, not in this preview.",
}


def entry_date(environ: Mapping[str, str]) -> tuple[int, int, int, int, int, int]:
    """The date of every entry: SOURCE_DATE_EPOCH in UTC (within what a zip can hold), else FIXED_DATE."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return FIXED_DATE
    date = tuple(time.gmtime(int(epoch))[:6])
    return min(max(date, FIXED_DATE), LATEST_DATE)


def write_site_zip(site_dir: Path, zip_path: Path, folder: str, date: tuple[int, ...] = FIXED_DATE) -> int:
    """Zip the files of `site_dir` (but the zip itself and source maps) under `folder/`; returns the file count."""
    files = {
        path.relative_to(site_dir).as_posix(): path
        for path in site_dir.rglob("*")
        if path.is_file() and path != zip_path and path.suffix not in LEFT_OUT_SUFFIXES
    }
    tmp_path = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp_path, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=date)
            info.create_system = UNIX
            info.external_attr = FILE_MODE
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name].read_bytes(), compresslevel=COMPRESS_LEVEL)
    tmp_path.replace(zip_path)
    return len(files)


def download_html(href: str | None, label: str, lang: str) -> str:
    """The download link of the zip, or (href None: no zip in this build) the note that says why not."""
    if href is None:
        return f'<span class="preview-note">{html.escape(PREVIEW_NOTE[lang])}</span>'
    return f'<a href="{html.escape(href)}" download>{html.escape(label)}</a>'
