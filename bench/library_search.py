"""Search in a library of many speeches: what a search transfers, and how fast it answers.

    .venv/bin/python bench/library_search.py 1 10 50      # build synthetic libraries and measure
    .venv/bin/python bench/library_search.py --site DIR     # measure a built site

A synthetic library is a temporary copy of the project whose data/speeches/ holds the seed and
copies of it under other slugs and titles (`make_library`), with their pages as LIBRARY.md lays
them out (docs/<lang>/<slug>/...: the seed's own page files, a speech's overview as its index.md);
it is built without PDFs and not strict (the copies' hand-written links are one folder off).

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
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import search_bench  # noqa: E402

COPIED = ("data", "docs", "hooks", "overrides", "fonts", "mkdocs.yml", "pyproject.toml")
# The seed's pages that belong to the speech (the rest of the top folder is shared): LIBRARY.md.
SPEECH_PAGES = ("units", "parallel", "handouts", "indexes", "questions.md")
SEED = "zuzhi-2020"
LATENCY_RUNS = 9


def make_library(target: Path, count: int, seed: str = SEED, translated: bool = False) -> Path:
    """A copy of the project whose library holds `count` speeches: the seed and copies of it.

    The copies are read in Chinese only unless `translated` (as a speech added with `scripts/dev new`):
    their translation is left out, and with it their English pages."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=True)
        elif source.exists():
            shutil.copy2(source, target / name)
    speeches = target / "data" / "speeches"
    slugs = [seed] + [f"copy-{n:02d}" for n in range(1, count)]
    for n, slug in enumerate(slugs[1:], start=1):
        shutil.copytree(speeches / seed, speeches / slug)
        meta_path = speeches / slug / "meta.yml"
        meta = yaml.safe_load(meta_path.read_text("utf-8"))
        meta["title"] = {lang: f"{title}（副本{n}）" if lang == "zh" else f"{title} (copy {n})" for lang, title in meta["title"].items()}
        if not translated:
            # As `scripts/dev new` makes a speech: Chinese only, no notes or questions, stub pages.
            meta = {key: ({"zh": value["zh"]} if isinstance(value, dict) else value) for key, value in meta.items()}
            for name in ("speech.en.yml", "notes.yml", "questions.yml"):
                (speeches / slug / name).unlink(missing_ok=True)
            units_path = speeches / slug / "units.yml"
            units = yaml.safe_load(units_path.read_text("utf-8"))
            for unit in units["units"]:
                unit.update({key: {"zh": unit[key]["zh"]} for key in ("title", "description") if key in unit})
            units_path.write_text(yaml.safe_dump(units, allow_unicode=True, sort_keys=False), "utf-8")
            _stub_pages(target / "docs" / "zh", slug, [unit["id"] for unit in units["units"]])
        meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), "utf-8")
        if translated:
            for lang in ("zh", "en"):
                docs = target / "docs" / lang
                for page in SPEECH_PAGES:
                    source = docs / page
                    if source.is_dir():
                        shutil.copytree(source, docs / slug / page)
                    elif source.exists():
                        shutil.copy2(source, docs / slug / page)
                shutil.copy2(docs / "about.md", docs / slug / "index.md")
    (target / "data" / "library.yml").write_text(yaml.safe_dump({"root": seed, "speeches": slugs}), "utf-8")
    return target


def _stub_pages(docs: Path, slug: str, units: list[str]) -> None:
    """A Chinese-only speech's pages as LIBRARY.md lays them out (what `scripts/dev new` writes)."""
    folder = docs / slug
    for sub in ("units", "handouts", "indexes"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text("<!-- speech-overview -->\n\n<!-- handouts -->\n", "utf-8")
    for unit in units:
        (folder / "units" / f"{unit}.md").write_text(f"<!-- speech: {unit} -->\n", "utf-8")
        (folder / "handouts" / f"{unit}.md").write_text(f"---\ndescription: 学习讲义（{unit}）\n---\n\n<!-- handout: {unit} -->\n", "utf-8")
    for kind in ("structure", "directives", "slogans", "documents"):
        (folder / "indexes" / f"{kind}.md").write_text(f"<!-- index: {kind} -->\n", "utf-8")


def build_library(project: Path, site: Path) -> float:
    """Build a project copy (no PDFs, not strict); seconds taken."""
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["STUDY_PDF"] = "0"
    started = time.perf_counter()
    build(load_config(str(project / "mkdocs.yml"), strict=False, site_dir=str(site)))
    return time.perf_counter() - started


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


def site_bytes(site: Path) -> int:
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, help="numbers of speeches of synthetic libraries")
    parser.add_argument("--site", type=Path, help="a built site to measure instead")
    parser.add_argument("--page", default="copy-01/units/part-1.html", help="the page searched from")
    parser.add_argument("--query", default="担当")
    args = parser.parse_args(argv)
    rows = []
    if args.site:
        rows.append(("site", None, search_transfer(args.site, args.page, args.query)))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = make_library(Path(tmp) / "project", size)
            seconds = build_library(project, Path(tmp) / "site")
            page = args.page if size > 1 else "units/part-1.html"
            rows.append((size, seconds, search_transfer(Path(tmp) / "site", page, args.query)))
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
