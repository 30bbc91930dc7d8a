"""Search benchmark: our site against a stock Material build of the same pages, in real Chromium.

Run by hand (not by CI):

    .venv/bin/python bench/search_bench.py               # ours vs stock
    .venv/bin/python bench/search_bench.py --candidates  # also the other index strategies

For each site it prints, per language: recall@5 on tests/search_queries.yml (the share
of a query's expected paragraphs among the first five results, averaged over queries),
the warm query latency (median of 20 queries after the index is loaded: from the
keystroke to the result list being rendered), and the bytes of the language's search
index (raw and gzip).

"Stock" is this same site (every page, every hook) built with Material's search as it
comes: no search hook (so one merged index for both languages, sections as entries),
no offline plugin. Its results point to sections, not paragraphs: a stock result counts
as strict hit only if it is the paragraph itself, as lenient hit if it is the section
holding the paragraph.

`search_figures()` is what the overall benchmark (issue 8) imports. The Chromium
helpers (`serve`, `launch`, `SearchSession`) are shared with tests/test_search.py.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import posixpath
import re
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
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

import search_index  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402

QUERIES_FILE = ROOT / "tests" / "search_queries.yml"
LANGUAGES = ("zh", "en")
LANGUAGE_ROOTS = {"zh": "", "en": "en/"}
TOP = 5
LATENCY_RUNS = 20
PIECE = re.compile(r"^p\d+(?:-\d+)?$")


# ---------------------------------------------------------------------------
# Query set and scoring
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    q: str
    kind: str
    expect: tuple[str, ...]


def load_queries(path: Path = QUERIES_FILE) -> dict[str, list[Query]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: [Query(str(e["q"]), e["kind"], tuple(e["expect"])) for e in data[lang]] for lang in LANGUAGES}


@dataclass(frozen=True)
class Result:
    """One link of Material's result list, as the reader sees it."""

    path: str  # relative to the site root, e.g. en/units/part-1.html
    fragment: str  # the anchor, e.g. p5-1 ("" for a page)
    score: float
    header: bool  # the page heading of a group of results
    folded: bool  # inside a closed "N more on this page"
    title: str
    text: str  # what the result shows: title and teaser

    @property
    def target(self) -> str:
        return f"{self.path}#{self.fragment}" if self.fragment else self.path


def ranked(results: Sequence[Result]) -> list[Result]:
    """The results a reader sees, in list order: not folded away ("N more on this page"),
    and not a group's page heading that only heads it (score 0)."""
    return [r for r in results if not r.folded and not (r.header and r.score == 0)]


def recall(query: Query, results: Sequence[Result], lang: str, sections: dict[str, str] | None = None) -> float:
    """Share of the expected paragraphs among the first five results, out of min(expected, 5).

    With `sections` (piece id -> the target of the section holding it, for stock
    Material), a result counts if it is the paragraph's section.
    """
    root = LANGUAGE_ROOTS[lang]
    found: set[str] = set()
    for result in ranked(results)[:TOP]:
        if not result.path.startswith(root) or (lang == "zh" and result.path.startswith("en/")):
            continue
        for piece in query.expect:
            if result.fragment == piece and "/units/" in f"/{result.path}":
                found.add(piece)
            elif sections is not None and sections.get(f"{lang}:{piece}") == result.target:
                found.add(piece)
    return len(found) / min(len(query.expect), TOP)


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def contains(text: str, q: str) -> bool:
    """Whether a result's text contains the query: each Chinese run, and each other word at a word start."""
    text = re.sub("[\u200b\u2060]", "", text).lower()
    runs = HAN.findall(q)
    words = [w for w in re.split(r"[\W_]+", HAN.sub(" ", q).lower()) if w]
    return all(run in text for run in runs) and all(re.search(rf"(?<!\w){re.escape(w)}", text) for w in words)


def precision(query: Query, results: Sequence[Result], docs: dict[str, str] | None = None) -> float:
    """Share of the first five results that contain the query (1 if there are none).

    `docs` (target -> the entry's whole text, from the index) is what is checked;
    without it, the text the result shows (an excerpt, for long sections).
    """
    top = ranked(results)[:TOP]
    texts = [(docs or {}).get(r.target, r.text) for r in top]
    return sum(contains(text, query.q) for text in texts) / len(top) if top else 1.0


library_parts = search_index.built_library_parts
read_index = search_index.read_built_index


def index_texts(path: Path, prefix: str) -> dict[str, str]:
    """target (normalized, from the site root) -> title and text of each entry of a search index."""
    texts: dict[str, str] = {}
    for doc in read_index(path)["docs"]:
        page, _, fragment = doc["location"].partition("#")
        target = posixpath.normpath(prefix + page) + (f"#{fragment}" if fragment else "")
        # The first entry of a target: a page's own entry, not the headings of its paragraphs' results.
        texts.setdefault(target, re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc.get('text', '')}"))
    return texts


def wrong_language(results: Sequence[Result], lang: str) -> list[str]:
    """Results from the other language's pages."""
    return [r.target for r in results if (r.path.startswith("en/")) != (lang == "en")]


# ---------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A local HTTP server for a built site (tests/browser_support.py); yields its base URL with a slash."""
    with serve_directory(directory) as base:
        yield base + "/"


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


_RESULTS_JS = """() => [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')].map(a => ({
  href: a.href,
  score: parseFloat(a.querySelector('article').getAttribute('data-md-score')),
  header: !!a.querySelector('h1'),
  folded: !!a.closest('details:not([open])'),
  title: (a.querySelector('h1, h2') || {}).textContent || '',
  text: a.querySelector('article').textContent,
}))"""

_TIMED_QUERY_JS = """async (q) => {
  const input = document.querySelector('input.md-search__input')
  const meta = document.querySelector('.md-search-result__meta')
  const done = new Promise(resolve => new MutationObserver((_, observer) => {
    observer.disconnect(); resolve(performance.now())
  }).observe(meta, {childList: true, characterData: true, subtree: true}))
  input.value = q
  const start = performance.now()
  input.dispatchEvent(new KeyboardEvent('keyup', {key: 'End'}))
  return (await done) - start
}"""


class SearchSession:
    """Material's search box on one page of a built site."""

    INPUT = "input.md-search__input"
    META = ".md-search-result__meta"

    def __init__(self, page: Any, url: str, site_url: str):
        self.page = page
        self.site_url = site_url
        page.goto(url)
        config = json.loads(page.locator("#__config").text_content())
        self.placeholder = config["translations"]["search.result.placeholder"]
        # Opening the search starts the worker (on file:// it waits for this).
        page.focus(self.INPUT)
        self._wait_meta(self.placeholder, timeout=30_000)

    def _wait_meta(self, text: str, timeout: int = 10_000) -> None:
        self.page.wait_for_function(
            "([selector, text]) => document.querySelector(selector).textContent === text",
            arg=[self.META, text],
            timeout=timeout,
        )

    def _clear(self) -> None:
        self.page.fill(self.INPUT, "")
        self.page.press(self.INPUT, "End")
        self._wait_meta(self.placeholder)

    def search(self, q: str) -> list[Result]:
        self._clear()
        self.page.fill(self.INPUT, q)
        self.page.press(self.INPUT, "End")
        self.page.wait_for_function(
            "([selector, text]) => document.querySelector(selector).textContent !== text",
            arg=[self.META, self.placeholder],
        )
        return [self._result(item) for item in self.page.evaluate(_RESULTS_JS)]

    def _result(self, item: dict[str, Any]) -> Result:
        url = urlparse(item["href"])
        site = urlparse(self.site_url)
        path = unquote(url.path)
        base = unquote(site.path)
        path = path[len(base):] if path.startswith(base) else path
        return Result(
            path.lstrip("/"), unquote(url.fragment), item["score"], item["header"], item["folded"], item["title"], item["text"]
        )

    def latency(self, queries: Sequence[str], runs: int = LATENCY_RUNS) -> float:
        """Median milliseconds from keystroke to rendered results, over `runs` queries (index warm)."""
        times = []
        for i in range(runs):
            self._clear()
            times.append(self.page.evaluate(_TIMED_QUERY_JS, queries[i % len(queries)]))
        return statistics.median(times)


@dataclass
class LanguageRun:
    lang: str
    rows: list[tuple[Query, float, list[Result]]] = field(default_factory=list)
    precisions: list[float] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    latency_ms: float | None = None

    @property
    def recall(self) -> float:
        return sum(score for _, score, _ in self.rows) / len(self.rows)

    @property
    def precision(self) -> float:
        return sum(self.precisions) / len(self.precisions) if self.precisions else float("nan")


def start_url(site_url: str, lang: str) -> str:
    return f"{site_url}{LANGUAGE_ROOTS[lang]}index.html"


def run_language(
    browser: Any, site_url: str, lang: str, queries: Sequence[Query],
    sections: dict[str, str] | None = None, latency: bool = False, docs: dict[str, str] | None = None,
) -> LanguageRun:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        run = LanguageRun(lang)
        page = context.new_page()
        page.on("request", lambda request: run.requests.append(request.url))
        session = SearchSession(page, start_url(site_url, lang), site_url)
        for query in queries:
            results = session.search(query.q)
            run.rows.append((query, recall(query, results, lang, sections), results))
            run.precisions.append(precision(query, results, docs))
            run.wrong += wrong_language(results, lang)
        if latency:
            run.latency_ms = session.latency([query.q for query in queries])
        return run
    finally:
        context.close()


def table(run: LanguageRun) -> str:
    """The per-query table: query, kind, recall, expected, first five results."""
    lines = [f"{'query':<24} {'kind':<8} {'recall':>6}  expected -> first {TOP} results"]
    for query, score, results in run.rows:
        top = [r.fragment or r.path for r in ranked(results)[:TOP]]
        mark = "" if score == 1 else "  <--"
        lines.append(f"{query.q:<24} {query.kind:<8} {score:>6.2f}  {' '.join(query.expect)} -> {' '.join(top)}{mark}")
    lines.append(f"recall@{TOP} ({run.lang}): {run.recall:.3f}, precision@{TOP}: {run.precision:.3f}, over {len(run.rows)} queries")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Sites
# ---------------------------------------------------------------------------


def build_ours(site_dir: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(ROOT / "mkdocs.yml"), strict=True, site_dir=str(site_dir)))
    return site_dir


def stock_overrides(config_file: Path = ROOT / "mkdocs.yml") -> dict[str, Any]:
    """load_config overrides for stock search: our hooks minus the search hook, plain plugins.

    The wiring hook goes too: it rightly refuses a build whose hooks/ has a hook file that mkdocs.yml
    does not list, which is what this variant is."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    left_out = {"search_hook.py", "wiring_hook.py"}
    hooks = [hook for hook in data.get("hooks", []) if Path(hook).name not in left_out]
    plugins = []
    for plugin in data["plugins"]:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name in ("offline", "material/offline"):
            continue
        plugins.append("search" if name in ("search", "material/search") else plugin)
    return {"hooks": hooks, "plugins": plugins}


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its Python tags or !ENV (only hooks and plugins are used)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def build_stock(site_dir: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), strict=True, site_dir=str(site_dir), **stock_overrides())
    build(config)
    return site_dir


def stock_sections(site: Path, first_heading_is_page: bool = True) -> dict[str, str]:
    """lang:piece -> the target of the section holding it: its page, or page#heading.

    Material's sections start at headings with an id, except the page's first (the page
    itself); Pagefind's sub-results start at every heading with an id.
    """
    from bs4 import BeautifulSoup

    found: dict[str, str] = {}
    for lang in LANGUAGES:
        root = LANGUAGE_ROOTS[lang]
        for page in sorted((site / root / "units").glob("*.html")):
            path = page.relative_to(site).as_posix()
            soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
            article = soup.select_one("article")
            current, first = path, True
            for element in article.find_all(True):
                if element.name in {f"h{n}" for n in range(1, 7)} and element.get("id"):
                    if not (first and first_heading_is_page):
                        current = f"{path}#{element['id']}"
                    first = False
                if "speech" in (element.get("class") or []) and PIECE.match(element.get("id", "")):
                    found[f"{lang}:{element['id']}"] = current
    return found


def index_files(site: Path, lang: str, merged: bool = False) -> Path:
    root = "" if merged else LANGUAGE_ROOTS[lang]
    return site / root / "search" / "search_index.json"


def index_bytes(path: Path) -> tuple[int, int]:
    """Raw and gzip bytes of a language's index: for a library, with every speech file (not the term
    table), which is what a page of a one-speech site loads (bench/library_search.py for libraries)."""
    files = [path, *library_parts(path)]
    raw = sum(len(file.read_bytes()) for file in files)
    return raw, sum(len(gzip.compress(file.read_bytes(), compresslevel=9, mtime=0)) for file in files)


# ---------------------------------------------------------------------------
# Candidate index strategies (rewritten from the pages of our build)
# ---------------------------------------------------------------------------


def rewrite_index(site: Path, strategy: str, cjk: str | None = None, dictionary: bool = True) -> None:
    """Replace our build's per-language indexes by ones made with another strategy.

    The pages are read back from the built HTML (the article's content), which is
    what the search hook reads from MkDocs.
    """
    import jieba
    from bs4 import BeautifulSoup

    import search_hook
    from search_index import dump_index, glossary_words, index_document, page_entries, read_page

    jieba.dt.check_initialized()
    words = glossary_words(search_hook._glossary_terms(ROOT), jieba.dt) if dictionary else []
    segmenter = search_hook._segmenter(words)
    for lang in LANGUAGES:
        root = LANGUAGE_ROOTS[lang]
        index = index_files(site, lang)
        locations = [doc["location"].split("#")[0] for doc in read_index(index)["docs"]]
        urls = list(dict.fromkeys(posixpath.normpath(location) for location in locations))
        pages = []
        for url in urls:
            soup = BeautifulSoup((site / root / url).read_text("utf-8"), "html.parser")
            article = soup.select_one("article.md-content__inner")
            title = (soup.title.string or "").split(" - ")[0]
            pages.append(read_page(article.decode_contents(), url, title, lang))
        document = index_document(page_entries(pages), lang, strategy, segmenter)  # type: ignore[arg-type]
        if cjk is not None:
            document["config"]["cjk"] = cjk
        data = dump_index(document)
        index.write_text(data, "utf-8")
        index.with_suffix(".js").write_text(f"var __index = {data}", "utf-8")


CANDIDATES = {
    # name: (strategy, cjk query handling, user dictionary, description)
    "material-words": ("material", "words", False, "jieba words as Material makes them, Material's query handling"),
    "jieba+dict": ("jieba", "words", True, "glossary terms and parts in jieba's dictionary, words cut into dictionary parts"),
    "jieba-search+dict": ("jieba-search", "words", True, "plus jieba's search-mode sub-words in a hidden field"),
    "bigram-unrewritten": ("bigram", "words", True, "plus all character bigrams in a hidden field, queries as Material sends them"),
    "bigram": ("bigram", "bigram", True, "character bigrams, queries rewritten into required bigrams and words (chosen)"),
}


# ---------------------------------------------------------------------------
# Pagefind (extended build, for hosted use): its own index and API, not Material's UI
# ---------------------------------------------------------------------------

_PAGEFIND_JS = """async ([module, q, subs]) => {
  window.__pagefind = window.__pagefind || await import(module)
  const search = await window.__pagefind.search(q)
  const links = []
  for (const result of search.results.slice(0, 5)) {
    const data = await result.data()
    const sub = data.sub_results.filter(r => r.url !== data.url).slice(0, subs).map(r => r.url)
    links.push(...(sub.length ? sub : [data.url]))
  }
  return links
}"""
PAGEFIND_SUB_RESULTS = 3  # shown per page by Pagefind's default UI


def pagefind_site(ours: Path, target: Path, binary: str) -> Path:
    """A copy of our site indexed by Pagefind: the article is the searchable body, ¶ numbers ignored."""
    import subprocess

    shutil.copytree(ours, target)
    for page in target.rglob("*.html"):
        text = page.read_text("utf-8")
        text = text.replace('<article class="md-content__inner', '<article data-pagefind-body class="md-content__inner')
        text = text.replace('data-search-exclude=""', 'data-search-exclude="" data-pagefind-ignore')
        page.write_text(text, "utf-8")
    subprocess.run([binary, "--site", str(target)], check=True, capture_output=True)
    return target


def pagefind_bytes(site: Path, lang: str) -> tuple[int, int]:
    """All of Pagefind's files a language can load (index chunks, fragments, metadata, wasm, scripts)."""
    folder = site / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))["languages"][lang]
    files = [*folder.glob(f"index/{lang}_*"), *folder.glob(f"fragment/{lang}_*"), *folder.glob(f"pagefind.{lang}_*")]
    files += [folder / f"wasm.{entry['wasm'] or 'unknown'}.pagefind", folder / "pagefind.js", folder / "pagefind-worker.js"]
    data = b"".join(path.read_bytes() for path in sorted(files))
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def measure_pagefind(browser: Any, site: Path, queries: dict[str, list[Query]]) -> SiteFigures:
    """Pagefind's results, flattened as its default UI lists them: per page, up to three sub-results."""
    strict_sections: dict[str, str] = {}
    sections = stock_sections(site, first_heading_is_page=False)
    figures = SiteFigures("Pagefind extended", {}, {}, {}, {}, {}, {})
    with serve(site) as url:
        module = f"{url}pagefind/pagefind.js"
        for lang in LANGUAGES:
            context = browser.new_context()
            try:
                page = context.new_page()
                page.goto(start_url(url, lang))
                run = LanguageRun(lang)
                for query in queries[lang]:
                    links = page.evaluate(_PAGEFIND_JS, [module, query.q, PAGEFIND_SUB_RESULTS])
                    results = []
                    for link in links:
                        parsed = urlparse(link if "://" in link else url + link.lstrip("/"))
                        results.append(Result(unquote(parsed.path).lstrip("/"), unquote(parsed.fragment), 1.0, False, False, "", ""))
                    run.rows.append((query, recall(query, results, lang, strict_sections), results))
                    run.wrong += wrong_language(results, lang)
                times = []
                for i in range(LATENCY_RUNS):
                    started = time.perf_counter()
                    page.evaluate(_PAGEFIND_JS, [module, queries[lang][i % len(queries[lang])].q, PAGEFIND_SUB_RESULTS])
                    times.append((time.perf_counter() - started) * 1000)
            finally:
                context.close()
            figures.runs[lang] = run
            figures.recall[lang] = run.recall
            figures.recall_lenient[lang] = sum(recall(q, r, lang, sections) for q, _, r in run.rows) / len(run.rows)
            figures.precision[lang] = float("nan")
            figures.latency_ms[lang] = statistics.median(times)
            figures.index_bytes[lang] = pagefind_bytes(site, lang)
            figures.wrong_language[lang] = len(run.wrong)
    return figures


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


@dataclass
class SiteFigures:
    name: str
    recall: dict[str, float]
    recall_lenient: dict[str, float] | None
    precision: dict[str, float]
    latency_ms: dict[str, float]
    index_bytes: dict[str, tuple[int, int]]
    wrong_language: dict[str, int]
    runs: dict[str, LanguageRun] = field(repr=False, default_factory=dict)


def measure_site(
    browser: Any, site: Path, name: str, queries: dict[str, list[Query]], stock: bool = False, latency: bool = True,
) -> SiteFigures:
    sections = stock_sections(site) if stock else None
    figures = SiteFigures(name, {}, {} if stock else None, {}, {}, {}, {})
    with serve(site) as url:
        for lang in LANGUAGES:
            index = index_files(site, lang, merged=stock)
            docs = index_texts(index, "" if stock else LANGUAGE_ROOTS[lang])
            run = run_language(browser, url, lang, queries[lang], latency=latency, docs=docs)
            figures.runs[lang] = run
            figures.recall[lang] = run.recall
            figures.precision[lang] = run.precision
            figures.wrong_language[lang] = len(run.wrong)
            if latency and run.latency_ms is not None:
                figures.latency_ms[lang] = run.latency_ms
            if stock:
                figures.recall_lenient[lang] = sum(
                    recall(query, results, lang, sections) for query, _, results in run.rows
                ) / len(run.rows)
            figures.index_bytes[lang] = index_bytes(index)
    return figures


def search_figures(ours: Path | None = None, stock: Path | None = None) -> dict[str, SiteFigures]:
    """Build (unless given) and measure our site and stock Material: the figures the overall benchmark prints."""
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        ours = ours or build_ours(Path(tmp) / "ours")
        stock = stock or build_stock(Path(tmp) / "stock")
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                return {
                    "ours": measure_site(browser, ours, "ours", queries),
                    "stock": measure_site(browser, stock, "stock", queries, stock=True),
                }
            finally:
                browser.close()


def format_figures(figures: dict[str, SiteFigures]) -> str:
    lines = [
        f"{'site':<20} {'lang':<4} {'recall@5':>8} {'lenient':>7} {'precision@5':>11} {'latency ms':>10} {'index bytes':>11} {'gzip':>7} {'other-lang':>10}"
    ]
    for site in figures.values():
        for lang in LANGUAGES:
            raw, packed = site.index_bytes[lang]
            lenient = f"{site.recall_lenient[lang]:.3f}" if site.recall_lenient else "-"
            latency = f"{site.latency_ms[lang]:.1f}" if lang in site.latency_ms else "-"
            precision = "-" if site.precision[lang] != site.precision[lang] else f"{site.precision[lang]:.3f}"
            lines.append(
                f"{site.name:<20} {lang:<4} {site.recall[lang]:>8.3f} {lenient:>7} {precision:>11} {latency:>10} {raw:>11} {packed:>7} {site.wrong_language[lang]:>10}"
            )
    lines.append("(stock: one index for both languages, so its bytes are the same file for zh and en;")
    lines.append(" lenient: a result counts if it is the section holding the paragraph; precision@5: share of the")
    lines.append(" first five results that contain the query; other-lang: results from the other language's")
    lines.append(" pages over the whole query set)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", action="store_true", help="also measure the other index strategies")
    parser.add_argument("--tables", action="store_true", help="print the per-query tables")
    parser.add_argument("--ours", type=Path, help="an existing build of our site (skip building)")
    parser.add_argument("--stock", type=Path, help="an existing stock build (skip building)")
    parser.add_argument("--pagefind", metavar="BINARY", help="also measure Pagefind (pass its extended binary, pagefind_extended)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        ours = args.ours or build_ours(Path(tmp) / "ours")
        stock = args.stock or build_stock(Path(tmp) / "stock")
        print(f"built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        figures: dict[str, SiteFigures] = {}
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                figures["stock Material"] = measure_site(browser, stock, "stock Material", queries, stock=True)
                if args.candidates:
                    for name, (strategy, cjk, dictionary, _) in CANDIDATES.items():
                        site = Path(tmp) / f"candidate-{name}"
                        shutil.copytree(ours, site)
                        rewrite_index(site, strategy, cjk, dictionary)
                        figures[name] = measure_site(browser, site, name, queries)
                if args.pagefind:
                    figures["pagefind"] = measure_pagefind(browser, pagefind_site(ours, Path(tmp) / "pagefind", args.pagefind), queries)
                figures["ours"] = measure_site(browser, ours, "ours", queries)
            finally:
                browser.close()
    if args.tables:
        for site in figures.values():
            for lang in LANGUAGES:
                print(f"\n== {site.name} ({lang})")
                print(table(site.runs[lang]))
    print()
    if args.candidates:
        for name, (_, _, _, description) in CANDIDATES.items():
            print(f"{name:<22} {description}")
        print()
    print(format_figures(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
