"""Making the handout PDFs: WeasyPrint layout, a cache keyed by everything a PDF is made of,
and layout of the PDFs that changed on every core.

No MkDocs imports, and nothing here imports WeasyPrint until a PDF has to be laid out (the
import alone takes about a second): a rebuild whose handouts did not change only reads the
cache. `handouts.py` makes the documents (HTML); the hook (handout_hook.py) runs a `PdfMaker`.

- `PdfJob`: one PDF to make (its HTML document, stylesheets, fonts). `job_key` hashes it with
  the options, the layout code (this file) and the versions of the libraries that lay it out
  (`toolchain`): a PDF comes from the cache only if every input is the same.
- `PdfCache`: a folder of `<key>.pdf` files, written atomically; an entry that is not a
  complete PDF counts as missing (and is removed), so a damaged cache never breaks the build.
- `PdfMaker`: takes the jobs of every language of a build (static-i18n builds them one after
  another in one process), lays out the misses in a process pool while the build goes on,
  and writes every PDF to its place when `finish` is called.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import hashlib
import json
import logging
import multiprocessing
import os
import re
import site
import tempfile
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

PAGE_HEIGHT_MM = 297
PAGE_MARGINS_MM = (18, 20, 20, 20)  # top, right, bottom, left
MM_PER_PX = 25.4 / 96
LINE_MM = 9
MIN_LINES = 6
OVERFLOW_LINES = 64  # more than two A4 pages hold
LINES_ANCHOR = "h-lines"
NOTES_COMMENT = re.compile(r"<!--notes:(.*?)-->", re.S)

# Tagged PDF (structure tree, /Lang from <html lang>, /Title from <title>): screen readers
# and reflow read the text in order with its headings and lists. Not the `pdf/ua-1` variant:
# WeasyPrint 70 does not make every PDF/UA requirement hold, and the file would claim it did.
WEASYPRINT_OPTIONS: dict[str, object] = {"pdf_tags": True}
# Python packages whose versions change the bytes of a PDF.
LAYOUT_PACKAGES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "tinyhtml5", "cssselect2")
# System libraries WeasyPrint lays text out with: (file names to try, version function).
NATIVE_LIBRARIES = {
    "pango": (("libpango-1.0.so.0", "libpango-1.0.0.dylib", "libpango-1.0-0.dll"), "pango_version_string"),
    "harfbuzz": (("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"), "hb_version_string"),
    # Present or not: WeasyPrint subsets fonts with it if present, with fontTools otherwise.
    "harfbuzz-subset": (("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll"), None),
}
CACHE_ENV = "STUDY_PDF_CACHE"
CACHE_DIR = Path(".cache") / "pdf"
# About ten builds' worth of PDFs (12 each, 30 to 220 kB): older entries are removed.
CACHE_KEEP = 120


@dataclass(frozen=True)
class PdfJob:
    """One PDF: its standalone HTML document, stylesheets (CSS text) and the font files they use."""

    name: str
    document: str
    stylesheets: tuple[str, ...]
    fonts: tuple[Path, ...]
    base_url: str


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- layout


def with_notes(document_html: str, lines: int) -> str:
    """The document with its notes placeholder (`<!--notes:HEADING-->`) filled with `lines` ruled lines."""

    def notes(match: re.Match) -> str:
        ruled = "".join('<div class="handout-line"></div>' for _ in range(lines))
        return (
            f'<section class="handout-notes">{match.group(1)}'
            f'<div class="handout-lines" id="{LINES_ANCHOR}" aria-hidden="true">{ruled}</div></section>'
        )

    return NOTES_COMMENT.sub(notes, document_html, count=1)


def pdf_identifier(document_html: str) -> bytes:
    """A stable PDF file identifier: the same document gives the same bytes on every build."""
    return hashlib.md5(document_html.encode("utf-8"), usedforsecurity=False).hexdigest().encode()


def _lines_room(document) -> tuple[int, float]:
    """(page index, room left below the top of the ruled lines, in mm) in a rendered document."""
    for index, page in enumerate(document.pages):
        if LINES_ANCHOR in page.anchors:
            y_mm = page.anchors[LINES_ANCHOR][1] * MM_PER_PX
            return index, PAGE_HEIGHT_MM - PAGE_MARGINS_MM[2] - y_mm
    raise ValueError("no ruled lines in the document")


def _import_weasyprint():
    # Without the system's HarfBuzz-subset library WeasyPrint warns, on import, that future
    # versions will need it: a DeprecationWarning that MkDocs prints with stack frames to
    # readers who can do nothing about it (set-up installs the library where it can).
    warnings.filterwarnings("ignore", message="HarfBuzz-Subset will be required", category=DeprecationWarning)
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    return weasyprint, FontConfiguration


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render(job: PdfJob) -> Rendered:
    """Lay out one document with WeasyPrint (once) and return the PDF, its page count and WeasyPrint's warnings.

    A handout's notes section fills the rest of its last page with ruled lines; when fewer than
    MIN_LINES fit there, one more page of lines follows. (It is laid out with more lines than
    fit, and the pages after the cut are left out.) Runs in the pool's worker processes.
    """
    weasyprint, FontConfiguration = _import_weasyprint()
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        font_config = FontConfiguration()
        sheets = [weasyprint.CSS(string=css, font_config=font_config, base_url=job.base_url) for css in job.stylesheets]
        final = with_notes(job.document, OVERFLOW_LINES) if NOTES_COMMENT.search(job.document) else job.document
        document = weasyprint.HTML(string=final, base_url=job.base_url).render(
            stylesheets=sheets, font_config=font_config, **WEASYPRINT_OPTIONS
        )
        if final is not job.document:
            index, room = _lines_room(document)
            keep = index + 1 if room >= MIN_LINES * LINE_MM else index + 2
            document = document.copy(document.pages[:keep])
        data = document.write_pdf(pdf_identifier=pdf_identifier(final), **WEASYPRINT_OPTIONS)
    finally:
        logger.removeHandler(collect)
    return Rendered(data, len(document.pages), tuple(collect.messages))


# --------------------------------------------------------------------------- the cache key


def _native_version(names: tuple[str, ...], function: str | None) -> str:
    for name in names:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        if function is None:
            return "present"
        version = getattr(library, function)
        version.restype = ctypes.c_char_p
        return version().decode()
    return "absent"


def toolchain() -> dict[str, str]:
    """Versions of what lays the PDFs out: Python packages and system libraries (a few ms)."""
    versions = {}
    for package in LAYOUT_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    for library, (names, function) in NATIVE_LIBRARIES.items():
        versions[library] = _native_version(names, function)
    return versions


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def job_key(job: PdfJob, tools: dict[str, str]) -> str:
    """A hash of everything the PDF is made of: the same key, the same PDF bytes."""
    inputs = {
        "document": job.document,
        "stylesheets": list(job.stylesheets),
        "fonts": [_digest(path.read_bytes()) for path in job.fonts],
        "base_url": job.base_url,
        "options": WEASYPRINT_OPTIONS,
        "layout_code": _digest(Path(__file__).read_bytes()),
        "toolchain": tools,
    }
    return _digest(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode("utf-8"))


# --------------------------------------------------------------------------- the cache


def is_complete_pdf(data: bytes) -> bool:
    """A PDF file from start to end (a truncated or foreign file is not)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-32:]


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` so that readers see the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class PdfCache:
    """PDFs by key in one folder. Any problem reading an entry makes it a miss, never an error."""

    folder: Path

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        """The cached PDF, or None (a damaged entry is removed)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not is_complete_pdf(data):
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store a PDF; a cache that cannot be written is only a slower next build."""
        try:
            write_atomically(self.path(key), data)
        except OSError as error:
            logging.getLogger("mkdocs.plugins.handouts").info(f"PDF cache not written ({error})")

    def prune(self, keep: int = CACHE_KEEP) -> int:
        """Remove all but the `keep` most recently used entries; returns how many went."""
        try:
            entries = sorted(self.folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return 0
        for path in entries[keep:]:
            path.unlink(missing_ok=True)
        return max(0, len(entries) - keep)


def cache_folder(root: Path, environ: Mapping[str, str], variable: str = CACHE_ENV, default: Path = CACHE_DIR) -> Path:
    """The environment's `variable` (`STUDY_PDF_CACHE`) if set, else `default` (`.cache/pdf`) in the project folder.

    Beside the sources rather than in `.venv`: the venv may be shared by several checkouts and is
    recreated when Python or the pins change, and a cache is easier to find and delete here.
    """
    override = environ.get(variable, "").strip()
    return Path(override) if override else root / default


# --------------------------------------------------------------------------- making them


WORKERS_ENV = "STUDY_PDF_WORKERS"


def worker_count(environ: Mapping[str, str]) -> int:
    """STUDY_PDF_WORKERS if set, else one worker process per CPU this process may run on."""
    override = environ.get(WORKERS_ENV, "").strip()
    if override:
        return max(1, int(override))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Summary:
    made: int = 0
    cached: int = 0
    pages: int = 0
    waited_s: float = 0.0  # what the PDFs added to the build: time `finish` spent waiting for layouts
    warnings: list[str] = field(default_factory=list)


class PdfMaker:
    """The PDFs of one whole build (every language): cache lookups now, layout in worker processes.

    Worker processes are started (`spawn`: safe whatever threads the build runs, e.g. under
    `mkdocs serve`) at the first miss; each adds the hooks folder to its import path, since
    MkDocs imports hook files by path. `finish` waits for them and writes each PDF in place.
    """

    def __init__(self, cache: PdfCache, hooks_dir: Path, workers: int) -> None:
        self.cache = cache
        self.hooks_dir = hooks_dir
        self.workers = workers
        self.tools = toolchain()
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._pending: list[tuple[PdfJob, str, Path, concurrent.futures.Future]] = []
        self._cached: list[tuple[bytes, Path]] = []

    def submit(self, job: PdfJob, target: Path, check: Callable[[PdfJob], None] | None = None) -> None:
        """Take the PDF from the cache, or start laying it out; `check` runs first in that case only
        (a cached PDF passed it when it was made from the very same inputs)."""
        key = job_key(job, self.tools)
        hit = self.cache.get(key)
        if hit is not None:
            self._cached.append((hit, target))
            return
        if check is not None:
            check(job)
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=site.addsitedir,
                initargs=(str(self.hooks_dir),),
            )
        self._pending.append((job, key, target, self._pool.submit(render, job)))

    def finish(self) -> Summary:
        """Wait for the layouts, store them in the cache, and write every PDF to its target."""
        summary = Summary(cached=len(self._cached))
        started = time.perf_counter()
        try:
            for job, key, target, future in self._pending:
                rendered = future.result()
                self.cache.put(key, rendered.data)
                write_atomically(target, rendered.data)
                summary.made += 1
                summary.pages += rendered.pages
                summary.warnings += [f"{job.name}: {message}" for message in rendered.warnings]
        finally:
            self.close()
        for data, target in self._cached:
            write_atomically(target, data)
        if summary.made:
            self.cache.prune()
        summary.waited_s = time.perf_counter() - started
        return summary

    def close(self) -> None:
        """Stop the worker processes (also when the build failed)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending = []
