"""Every built page, both languages: nothing is requested from any other host, and nothing requested
fails. Readers open the site with bad or no internet, or from a folder.

Every page is checked statically (what its HTML refers to: another host, or a file the site lacks).
Served over http, every page is also viewed in Chromium, for what its scripts request, by the
sweep of test_page_sweep.py (which runs axe on the same page loads). Opened from a folder, one page
of each kind (every template, every hand-made page) is viewed here: pages of one template run the
same scripts. Searching requests its index and lunr's scripts on demand: searched here in both
languages.

Requests are recorded per page (browser_support.RequestLog), and a page's dedicated workers
(Material's search) request through it, so those count too. A sweep keeps several tabs of one
browser context loading pages in turn (browser_support.in_tabs). Each scenario runs on the
browser's own thread and returns what it saw; the assertions run here.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lxml import html

from browser_support import (
    LOCAL_SCHEMES, VIEWPORTS, RequestLog, assert_only_local_requests as assert_clean, built_pages,
    in_tabs, logged_page, one_page_per_kind, page_kind,
)

pytestmark = pytest.mark.browser

VIEWPORT = VIEWPORTS["desktop"]
# Opening a page mostly waits (for the network to be quiet for half a second): more tabs than axe's.
SWEEP_TABS = 8


# --- on the browser thread ---------------------------------------------------------------------


async def visit_pages(browser, urls: dict[str, str], origin: str | None) -> dict[str, tuple[list[str], list[str]]]:
    """Open each page until the network is quiet (RequestLog.quiet); per page, (requests to other
    hosts, failed requests). From a folder the search index comes as a script, left alone; a
    request for search_index.json is held, and recorded, as in the sweep."""
    context = await browser.new_context(viewport=VIEWPORT)

    async def visit(tab: tuple[object, RequestLog], path: str) -> tuple[list[str], list[str]]:
        page, log = tab
        await page.goto(urls[path])
        return await log.page_done()

    try:
        return await in_tabs(lambda: logged_page(context, origin), urls, visit, SWEEP_TABS)
    finally:
        await context.close()


def search(browser, url: str, origin: str, query: str) -> tuple[list[str], list[str]]:
    context = browser.new_context(viewport=VIEWPORT)
    log = RequestLog(context, origin)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")  # Material searches on key events, not on a changed value
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    page.wait_for_load_state("networkidle")
    seen = log.take()
    context.close()
    return seen


# --- tests -------------------------------------------------------------------------------------


# Attributes through which a page loads something by itself (links to follow are not requests).
LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src",
           "embed": "src", "object": "data", "input": "src"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def referenced_resources(page: Path) -> list[str]:
    """What the HTML of `page` makes the browser fetch: scripts, images, frames, stylesheets and
    icons (<link>), srcset candidates and url()s of inline styles."""
    root = html.parse(str(page)).getroot()
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "link" and element.get("rel", "").split() and set(element.get("rel").split()) & {
            "stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"
        }:
            found.append(element.get("href", ""))
        if element.tag in LOADING and element.get(LOADING[element.tag]):
            found.append(element.get(LOADING[element.tag]))
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                found.append(candidate.split()[0])
        found += CSS_URL.findall(element.get("style") or "")
        if element.tag == "style":
            found += CSS_URL.findall(element.text or "")
    return found


def static_problems(site: Path, path: str) -> list[str]:
    page = site / path
    problems = []
    for reference in referenced_resources(page):
        parts = urlsplit(reference)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.scheme or parts.netloc:
            problems.append(f"{path}: loads {reference} from another host")
        elif parts.path and not (page.parent / parts.path).resolve().is_file():
            problems.append(f"{path}: loads {reference}, which the site lacks")
    return problems


def test_no_page_loads_anything_from_another_host_or_a_missing_file(site):
    pages = built_pages(site)
    assert "index.html" in pages and "en/index.html" in pages
    assert [problem for path in pages for problem in static_problems(site, path)] == []


def test_the_static_check_finds_an_outside_image_and_a_missing_script(tmp_path):
    (tmp_path / "here.js").write_text("", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '<html><head><script src="here.js"></script><script src="gone.js"></script>'
        '<link rel="stylesheet" href="https://cdn.example/x.css"><link rel="next" href="https://example.org/"></head>'
        '<body><img src="data:image/png;base64,AA"><div style="background: url(//fonts.example/f.woff)"></div></body></html>',
        encoding="utf-8",
    )
    assert static_problems(tmp_path, "page.html") == [
        "page.html: loads gone.js, which the site lacks",
        "page.html: loads https://cdn.example/x.css from another host",
        "page.html: loads //fonts.example/f.woff from another host",
    ]


@pytest.mark.parametrize("path, query", [("units/part-2.html", "维护"), ("en/units/part-2.html", "organization")])
def test_searching_requests_only_the_local_server(chromium, server, path, query):
    """Search loads its index and scripts on demand, in a worker: those requests stay local too."""
    assert_clean({f"{path} (search: {query})": chromium.run(search, f"{server}/{path}", server, query)})


@pytest.mark.slow
def test_pages_opened_from_a_folder_request_nothing_from_the_network(async_chromium, site, corpus):
    """Opened from a folder or the offline zip (file://): no http(s) request at all, on any kind of page."""
    pages = one_page_per_kind(built_pages(site), {unit.id for unit in corpus.units})
    seen = async_chromium.run(visit_pages, {path: (site / path).as_uri() for path in pages}, None)
    # From a folder only requests to the network count: a file the browser may refuse to fetch from
    # file:// is the search tests' business (they run search over file:// themselves).
    assert_clean({path: (elsewhere, []) for path, (elsewhere, _) in seen.items()})


def test_page_kinds_fold_the_units_pages_of_a_folder():
    units = {"part-1", "closing"}
    assert page_kind("en/units/part-1.html", units) == "en/units/*.html"
    assert page_kind("handouts/closing.html", units) == "handouts/*.html"
    assert page_kind("glossary.html", units) == "glossary.html"
    assert page_kind("en/indexes/slogans.html", units) == "en/indexes/slogans.html"
    assert one_page_per_kind(["en/units/closing.html", "en/units/part-1.html", "glossary.html"], units) == [
        "en/units/closing.html", "glossary.html"
    ]
