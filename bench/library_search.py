"""Search in a library of many speeches: what a search transfers, and how fast it answers.

    .venv/bin/python bench/library_search.py 1 10 50      # build synthetic libraries and measure
    .venv/bin/python bench/library_search.py --site DIR     # measure a built site

A synthetic library is bench/library_bench.py's: the seed and copies of the corpus texts, added as
an editor adds them, built strict without PDFs.

`search_transfer(site, page, query)` is what the library benchmark calls: in Chromium, from the
page `page` of a built site, it searches `query` within the current speech (the scope checkbox
checked) and then across all speeches, and returns the bytes of every search file requested (the
shared index, the speech files, the term table, Material's worker and lunr), raw and gzip (as a
server compressing them sends them), and the query latency (keystroke to rendered results,
median over repeated queries, the index loaded).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import search_bench  # noqa: E402

LATENCY_RUNS = 9


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


@dataclass
class Transfer:
    files: list[str] = field(default_factory=list)
    raw: int = 0
    gzip: int = 0

    def add(self, site: Path, relative: str) -> None:
        path = site / relative
        if path.is_file() and relative not in self.files:
            self.files.append(relative)
            self.raw += path.stat().st_size
            self.gzip += gzip_size(path)


@dataclass
class SearchFigures:
    query: str
    within: Transfer
    across: Transfer  # everything a search across all speeches needs (the within files included)
    within_results: int
    across_results: int
    current_first: bool
    latency_within_ms: float
    latency_across_ms: float
    first_across_ms: float  # the first query across speeches: loading their files and indexing them


def _search_file(url: str, site_url: str) -> str | None:
    """The site path of a request for a search file (index, library file, worker, lunr), else None."""
    path = unquote(urlparse(url).path)
    base = unquote(urlparse(site_url).path)
    if not path.startswith(base):
        return None
    relative = path[len(base):].lstrip("/")
    return relative if ("/search/" in f"/{relative}" or "/workers/" in relative or "/lunr/" in relative) else None


def _transfer(site: Path, site_url: str, requested: list[str]) -> Transfer:
    """The search files among the requests so far."""
    transfer = Transfer()
    for request in requested:
        relative = _search_file(request, site_url)
        if relative:
            transfer.add(site, relative)
    return transfer


def search_transfer(site: Path, page_path: str, query: str, browser: Any | None = None) -> SearchFigures:
    """Bytes and latency of `query` from `page_path` (a speech's page) of the built `site` (see the module doc)."""
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        if browser is None:
            playwright = stack.enter_context(sync_playwright())
            browser = search_bench.launch(playwright)
            stack.callback(browser.close)
        url = stack.enter_context(search_bench.serve(site))
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        stack.callback(context.close)
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        session = search_bench.SearchSession(page, url + page_path, url)
        scope = page.is_visible(".md-search__scope input")  # shown when the library has several speeches
        if scope:
            page.check(".md-search__scope input")
        within_results = search_bench.ranked(session.search(query))
        within = _transfer(site, url, requested)
        latency_within = session.latency([query], LATENCY_RUNS)
        if scope:
            page.uncheck(".md-search__scope input")
        # The first query across speeches loads the other speeches' texts that hold it.
        first_across = session.latency([query], 1)
        across_results = search_bench.ranked(session.search(query))
        across = _transfer(site, url, requested)
        latency_across = session.latency([query], LATENCY_RUNS)
        prefix = page_path.split("/")[0] + "/" if "/" in page_path else ""
        own = [prefix in result.path for result in across_results if result.fragment]
        current_first = own == sorted(own, reverse=True) and any(own)
        return SearchFigures(query, within, across, len(within_results), len(across_results), current_first,
                             latency_within, latency_across, first_across)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, help="numbers of speeches of synthetic libraries")
    parser.add_argument("--site", type=Path, help="a built site to measure instead")
    parser.add_argument("--page", default="dangshi-01/units/opening.html", help="the page of --site searched from")
    parser.add_argument("--query", default="担当")
    args = parser.parse_args(argv)
    rows = []
    if args.site:
        rows.append(("site", None, search_transfer(args.site, args.page, args.query)))
    # The synthetic libraries are library_bench.py's (the seed and copies of the corpus texts).
    from library_bench import build, copy_project, first_unit, make_library

    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_project(Path(tmp) / "project")
            slugs = make_library(project, size)
            seconds = build(project)
            page = f"{slugs[-1]}/units/{first_unit(project, slugs[-1])}.html" if slugs else "units/part-1.html"
            rows.append((size, seconds, search_transfer(project / "site", page, args.query)))
    print(f"{'speeches':>8} {'build s':>8} {'within KB gz':>12} {'across KB gz':>12} {'results':>9} {'own first':>9} {'ms within':>9} {'ms across':>9} {'ms 1st across':>13}")
    for size, seconds, figures in rows:
        build = f"{seconds:.1f}" if seconds else "-"
        print(f"{size!s:>8} {build:>8} {figures.within.gzip / 1000:>12.1f} {figures.across.gzip / 1000:>12.1f} "
              f"{figures.within_results:>4}/{figures.across_results:<4} {figures.current_first!s:>9} "
              f"{figures.latency_within_ms:>9.1f} {figures.latency_across_ms:>9.1f} {figures.first_across_ms:>13.1f}")
        print("   across files:", " ".join(Path(name).name for name in figures.across.files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
