"""Our site against stock Material built from the same Markdown: build time, page bytes, Lighthouse.

Run by hand, never by CI or the tests (it takes 20-30 minutes on 2 cores):

    .venv/bin/python bench/benchmark.py                  # everything
    .venv/bin/python bench/benchmark.py --no-lighthouse  # skip Lighthouse (and the npm install)
    .venv/bin/python bench/benchmark.py --keep /tmp/b    # keep the sites, dumps and reports there

See bench/README.md for what each figure means and the targets (issue 8).

"Same Markdown": a build of our site with bench/dump_markdown_hook.py added writes each page's final
Markdown (after all our hooks, with its front matter) into a docs tree; the stock site is that tree
built with Material as it comes (our theme settings and Markdown extensions, no custom_dir, no extra
CSS/JS, no hooks) and only the search and i18n plugins, with our nav. Our hooks' HTML-level work
(paragraph numbers, term links, lang marks) is therefore part of what is measured for ours only.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))

from browser_support import built_pages, chromium, serve_directory  # noqa: E402
from gzip_server import GZIP_LEVEL, handler_for  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
CONFIG = ROOT / "mkdocs.yml"
LIGHTHOUSE_VERSION = "12.2.3"
NODE_DIR = BENCH / ".node"
LIGHTHOUSE = NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_PAGES = ("index.html", "units/part-1.html", "glossary.html", "en/index.html", "en/units/part-1.html", "en/glossary.html")
LOADED_KINDS = {".html": "html", ".css": "css", ".js": "js", ".mjs": "js", ".woff": "font", ".woff2": "font", ".ttf": "font", ".otf": "font"}
TARGETS = {"build": 1.5, "bytes": 1.1}


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml leaving its Python tags and !ENV unresolved (only hooks and plugins are read)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def our_config() -> dict:
    return yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_Loader)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def say(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# The two sites
# ---------------------------------------------------------------------------


def dump_markdown(docs: Path) -> None:
    """Our build with the dump hook added (in a child process: no hook state leaks into this one)."""
    hooks = our_config().get("hooks", []) + [str(BENCH / "dump_markdown_hook.py")]
    code = (
        "import sys; from mkdocs.config import load_config; from mkdocs.commands.build import build; "
        f"build(load_config({str(CONFIG)!r}, site_dir=sys.argv[1], hooks={hooks!r}))"
    )
    with tempfile.TemporaryDirectory() as site:
        env = dict(os.environ, BENCH_DUMP_DIR=str(docs), STUDY_PDF="0")
        subprocess.run([str(PYTHON), "-c", code, site], cwd=ROOT, env=env, check=True, capture_output=True)
    # Files that are not pages (images and the like) are copied as they are.
    for path in (ROOT / "docs").rglob("*"):
        if path.is_file() and path.suffix != ".md":
            target = docs / path.relative_to(ROOT / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def write_stock_config(work: Path, docs: Path) -> Path:
    """Stock Material: our config (INHERIT) less everything of ours: overrides, CSS/JS, hooks, plugins."""
    ours = our_config()
    i18n = next(p for p in ours["plugins"] if isinstance(p, dict) and "i18n" in p)
    empty = work / "no-overrides"
    empty.mkdir(exist_ok=True)
    stock = {
        "INHERIT": str(CONFIG),
        "docs_dir": str(docs),
        "theme": {"custom_dir": str(empty)},  # INHERIT merges dicts: an empty folder replaces ours
        "extra_css": [],
        "extra_javascript": [],
        "hooks": [],
        "plugins": ["search", i18n],
        # Paths of ours that `mkdocs serve` watches, relative to our mkdocs.yml: from here they do
        # not exist, and MkDocs refuses a config that names a missing path.
        "watch": [],
    }
    path = work / "stock-mkdocs.yml"
    path.write_text(yaml.safe_dump(stock, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(config: Path, site: Path, site_url: str) -> float:
    """One `mkdocs build` process, without PDFs (STUDY_PDF=0); wall seconds."""
    env = dict(os.environ, STUDY_PDF="0", SITE_URL=site_url)
    started = time.perf_counter()
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--quiet", "-f", str(config), "-d", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"build of {config} failed:\n{result.stderr[-3000:]}")
    return elapsed


def time_builds(stock_config: Path, work: Path, urls: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Alternating builds (ours, stock, ours, ...) so that a busy machine slows both alike."""
    times: dict[str, list[float]] = {"ours": [], "stock": []}
    for run in range(runs):
        for name, config in (("ours", CONFIG), ("stock", stock_config)):
            times[name].append(build(config, work / name, urls[name]))
            say(f"  build {name} #{run + 1}: {times[name][-1]:.2f} s")
    return times


# ---------------------------------------------------------------------------
# Page bytes
# ---------------------------------------------------------------------------


def gzip_size(path: Path, cache: dict[Path, int]) -> int:
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))
    return cache[path]


def page_weights(browser, site: Path) -> dict[str, dict[str, int]]:
    """Per page: gzip bytes of the HTML and of every CSS, JS and font file Chromium loads for it
    (workers included), until the network is idle. Other requests (search index, images) not counted."""
    weights: dict[str, dict[str, int]] = {}
    cache: dict[Path, int] = {}
    with serve_directory(site) as url:
        for page_path in built_pages(site):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            loaded: set[str] = set()
            context.on("request", lambda request: loaded.add(request.url))
            page = context.new_page()
            page.goto(f"{url}/{page_path}")
            page.wait_for_load_state("networkidle")
            context.close()
            kinds = {"html": 0, "css": 0, "js": 0, "font": 0}
            for request_url in loaded:
                parts = urlsplit(request_url)
                if not request_url.startswith(url):
                    continue
                file = site / parts.path.lstrip("/")
                kind = LOADED_KINDS.get(file.suffix.lower())
                if kind and file.is_file():
                    kinds[kind] += gzip_size(file, cache)
            weights[page_path] = kinds
    return weights


def weight_summary(weights: dict[str, dict[str, int]]) -> tuple[int, int, str]:
    totals = {page: sum(kinds.values()) for page, kinds in weights.items()}
    heaviest = max(totals, key=totals.get)
    return int(statistics.median(totals.values())), totals[heaviest], heaviest


# ---------------------------------------------------------------------------
# Lighthouse
# ---------------------------------------------------------------------------


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.is_file():
        return
    say(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {NODE_DIR.relative_to(ROOT)} ...")
    NODE_DIR.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True, capture_output=True,
    )


def lighthouse(url: str, output: Path) -> dict:
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    subprocess.run(
        [
            "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env, check=True, capture_output=True, timeout=300,
    )
    return json.loads(output.read_text(encoding="utf-8"))


def lost_points(reports: list[dict]) -> list[str]:
    """The scored audits that did not pass in some run, with their lowest score: why a category is under 100."""
    worst: dict[str, float] = {}
    for report in reports:
        for category in report["categories"].values():
            for ref in category["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                    key = f"{category['id']}: {ref['id']}"
                    worst[key] = min(worst.get(key, 1.0), audit["score"])
    return [f"{key} {score:.2f}" for key, score in sorted(worst.items())]


def metrics(report: dict) -> str:
    audits = report["audits"]
    fcp, lcp, tbt = (audits[k]["numericValue"] for k in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time"))
    return f"FCP {fcp / 1000:.2f} s, LCP {lcp / 1000:.2f} s, TBT {tbt:.0f} ms"


def long_tasks(report: dict) -> str:
    """Main-thread long tasks by script (simulated ms), the largest first: what drives TBT."""
    by_url: dict[str, float] = {}
    for item in report["audits"].get("long-tasks", {}).get("details", {}).get("items", []):
        url = item.get("url") or "?"
        name = url.rsplit("/", 1)[-1] or url
        by_url[name] = by_url.get(name, 0) + item["duration"]
    return ", ".join(f"{name} {ms:.0f}" for name, ms in sorted(by_url.items(), key=lambda kv: -kv[1])[:4]) or "none"


def lighthouse_scores(sites: dict[str, Path], urls: dict[str, str], work: Path, runs: int) -> dict:
    """Median of `runs` per page and category; the report of the median performance run kept for diagnosis."""
    results: dict = {}
    with contextlib.ExitStack() as stack:
        for name, site in sites.items():
            port = urlsplit(urls[name]).port
            stack.enter_context(serve_directory(site, handler_for(site), port))
        for page in LIGHTHOUSE_PAGES:
            for name in sites:
                reports = []
                for run in range(runs):
                    output = work / "lighthouse" / name / f"{page.replace('/', '_')}.{run}.json"
                    output.parent.mkdir(parents=True, exist_ok=True)
                    reports.append(lighthouse(urls[name] + page, output))
                scores = {
                    category: statistics.median(round(r["categories"][category]["score"] * 100) for r in reports)
                    for category in CATEGORIES
                }
                by_performance = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
                results[(page, name)] = {"scores": scores, "median_report": by_performance[len(by_performance) // 2],
                                         "lost": lost_points(reports)}
                say(f"  lighthouse {name} {page}: {scores}")
    return results


def render_blocking(html: Path) -> list[str]:
    """Stylesheets and synchronous scripts in <head>: each holds back the first paint."""
    from bs4 import BeautifulSoup

    head = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").head
    found = [link["href"] for link in head.find_all("link", rel="stylesheet") if link.get("media", "all") in ("all", "screen")]
    found += [script["src"] for script in head.find_all("script", src=True) if not script.has_attr("defer") and not script.has_attr("async")]
    return [url.rsplit("/", 1)[-1] for url in found]


def profile_our_build(work: Path) -> list[tuple[str, float]]:
    """One in-process build of ours under cProfile (STUDY_PDF=0): cumulative seconds of each hook event,
    of YAML parsing and of the whole build (all inflated alike by the profiler, roughly 2x)."""
    import pstats

    output, script = work / "our-build.prof", work / "profiled_build.py"
    script.write_text(
        "import sys\nfrom mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n"
        f"build(load_config({str(CONFIG)!r}, site_dir=sys.argv[1]))\n",
        encoding="utf-8",
    )
    env = dict(os.environ, STUDY_PDF="0")
    subprocess.run(
        [str(PYTHON), "-m", "cProfile", "-o", str(output), str(script), str(work / "profiled")],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    stats = pstats.Stats(str(output)).stats
    rows: dict[str, float] = {}
    for (filename, _, function), (_, _, _, cumulative, _) in stats.items():
        path = Path(filename)
        if path.parent == ROOT / "hooks" and path.name.endswith("_hook.py") and function.startswith("on_"):
            rows[f"hooks/{path.name} {function}"] = rows.get(f"hooks/{path.name} {function}", 0) + cumulative
        elif filename.endswith(os.path.join("yaml", "__init__.py")) and function == "load":
            rows["YAML parsing (yaml.load)"] = rows.get("YAML parsing (yaml.load)", 0) + cumulative
        elif filename.endswith(os.path.join("mkdocs", "commands", "build.py")) and function == "build":
            rows["whole build"] = max(rows.get("whole build", 0), cumulative)
    return sorted(rows.items(), key=lambda kv: -kv[1])


# ---------------------------------------------------------------------------
# Figures from the other benchmarks (search, PDFs, extraction), when they exist
# ---------------------------------------------------------------------------


def optional_figures(module_name: str, function: str, label: str, **kwargs) -> None:
    print(f"\n== {label}")
    if not (BENCH / f"{module_name}.py").is_file():
        print(f"{label}: not available (bench/{module_name}.py does not exist)")
        return
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # noqa: BLE001 - another engineer's script: report, do not crash
        print(f"{label}: not available (bench/{module_name}.py does not import: {error!r})")
        return
    if not hasattr(module, function):
        print(f"{label}: not available (bench/{module_name}.py has no {function}())")
        return
    try:
        figures = getattr(module, function)(**kwargs)
    except Exception as error:  # noqa: BLE001
        print(f"{label}: not available ({module_name}.{function}() failed: {error!r})")
        return
    formatter = getattr(module, "format_figures", None)
    if formatter and module_name == "search_bench":
        print(formatter(figures))
    else:
        print(json.dumps(figures, indent=2, ensure_ascii=False, default=str))


# ---------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each site (median)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page and site (median)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-others", action="store_true", help="skip the search, PDF and extraction figures")
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of our build")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it (default: a temporary one)")
    args = parser.parse_args(argv)

    with contextlib.ExitStack() as stack:
        if args.keep:
            work = args.keep
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        urls = {name: f"http://127.0.0.1:{free_port()}/" for name in ("ours", "stock")}

        say("dumping our pages' final Markdown ...")
        docs = work / "stock-docs"
        dump_markdown(docs)
        stock_config = write_stock_config(work, docs)
        say("building, alternately ...")
        times = time_builds(stock_config, work, urls, args.runs)
        sites = {name: work / name for name in ("ours", "stock")}
        profile = None if args.no_profile else profile_our_build(work)

        say("measuring page bytes in Chromium ...")
        from playwright.sync_api import sync_playwright

        with chromium(sync_playwright) as browser:
            weights = {name: page_weights(browser, site) for name, site in sites.items()}

        scores = None
        if not args.no_lighthouse:
            ensure_lighthouse()
            say("Lighthouse ...")
            scores = lighthouse_scores(sites, urls, work, args.lighthouse_runs)

        # ------------------------------------------------------------ report
        cpus = os.cpu_count()
        print(f"benchmark: ours vs stock Material (same final Markdown), {cpus} CPUs, {time.strftime('%Y-%m-%d %H:%M')}")
        print(f"pages: ours {len(weights['ours'])}, stock {len(weights['stock'])} (both languages, 404 left out)")

        print(f"\n== build time (mkdocs build process, STUDY_PDF=0: without PDFs; median of {args.runs})")
        median = {name: statistics.median(values) for name, values in times.items()}
        for name in ("ours", "stock"):
            print(f"{name:<6} {median[name]:6.2f} s   runs: {' '.join(f'{v:.2f}' for v in times[name])}")
        build_ratio = median["ours"] / median["stock"]
        print(f"ratio  {build_ratio:.3f}x   target <= {TARGETS['build']}x: {verdict(build_ratio <= TARGETS['build'])}")
        if profile:
            print("where our build's time goes (one build under cProfile, cumulative s, inflated ~2x; events nest):")
            for name, seconds in profile[:14]:
                print(f"  {seconds:6.2f}  {name}")

        print(f"\n== page bytes, gzip (level {GZIP_LEVEL}): the HTML plus every CSS, JS and font file the page loads in Chromium")
        summary = {name: weight_summary(w) for name, w in weights.items()}
        for name in ("ours", "stock"):
            med, mx, heaviest = summary[name]
            print(f"{name:<6} median {med / 1024:7.1f} KiB   max {mx / 1024:7.1f} KiB ({heaviest})")
        median_ratio = summary["ours"][0] / summary["stock"][0]
        max_ratio = summary["ours"][1] / summary["stock"][1]
        print(f"ratio  median {median_ratio:.3f}x   max {max_ratio:.3f}x   target <= {TARGETS['bytes']}x: "
              f"{verdict(median_ratio <= TARGETS['bytes'] and max_ratio <= TARGETS['bytes'])}")
        common = sorted(set(weights["ours"]) & set(weights["stock"]))
        per_page = {p: sum(weights["ours"][p].values()) / sum(weights["stock"][p].values()) for p in common}
        worst = sorted(per_page, key=per_page.get, reverse=True)[:5]
        print("by kind, KiB, median over pages (ours / stock):  " + "  ".join(
            f"{kind} {statistics.median(w[kind] for w in weights['ours'].values()) / 1024:.1f} / "
            f"{statistics.median(w[kind] for w in weights['stock'].values()) / 1024:.1f}"
            for kind in ("html", "css", "js", "font")))
        print("highest per-page ratios: " + ", ".join(f"{p} {per_page[p]:.2f}x" for p in worst))

        if scores:
            print(f"\n== Lighthouse {LIGHTHOUSE_VERSION}, mobile (default), Debian Chromium, gzip-serving local server, median of {args.lighthouse_runs}")
            print(f"{'page':<22} {'ours: perf a11y bp seo':>24}   {'stock: perf a11y bp seo':>24}")
            all_100 = True
            for page in LIGHTHOUSE_PAGES:
                ours_scores = scores[(page, "ours")]["scores"]
                stock_scores = scores[(page, "stock")]["scores"]
                all_100 &= all(v == 100 for v in ours_scores.values())
                fmt = lambda s: " ".join(f"{s[c]:>4.0f}" for c in CATEGORIES)  # noqa: E731
                print(f"{page:<22} {fmt(ours_scores):>24}   {fmt(stock_scores):>24}")
            print(f"target: ours 100 in all four categories on every page: {verdict(all_100)}")
            print("median performance run per page (ours | stock), long tasks by script (ms):")
            for page in LIGHTHOUSE_PAGES:
                ours_report, stock_report = scores[(page, "ours")]["median_report"], scores[(page, "stock")]["median_report"]
                print(f"  {page:<22} {metrics(ours_report)} | {metrics(stock_report)}")
                print(f"  {'':<22} long tasks: {long_tasks(ours_report)} | {long_tasks(stock_report)}")
            for page in LIGHTHOUSE_PAGES:
                lost = scores[(page, "ours")]["lost"]
                if lost:
                    print(f"  ours {page}, scored audits not passed in some run: " + "; ".join(lost))
            for name in ("ours", "stock"):
                blocking = render_blocking(sites[name] / "index.html")
                print(f"  render-blocking in <head>, {name}: {len(blocking)} ({', '.join(blocking)})")
            stock_lost = sorted({line.rsplit(" ", 1)[0] for page in LIGHTHOUSE_PAGES for line in scores[(page, "stock")]["lost"]
                                 if not line.startswith("performance")})
            print(f"  stock, non-performance audits not passed: {', '.join(stock_lost) or 'none'}")

        if not args.no_others:
            optional_figures("search_bench", "search_figures", "search figures", ours=sites["ours"])
            optional_figures("pdf_timing", "time_pdf_build", "PDF build timing")
            optional_figures("extraction_timing", "time_extraction", "extraction timing")
        if args.keep:
            print(f"\n(work files kept in {work})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
