"""Every built page, both languages: nothing is requested from any other host, and nothing requested
fails. Readers open the site with bad or no internet, or from a folder.

Every page is checked statically (what its HTML refers to: another host, or a file the site lacks);
one page of each kind (every template, every hand-made page) is also viewed in Chromium, served and
from a folder, for what scripts request: pages of one template run the same scripts.

Requests are recorded per page, and a page's dedicated workers (Material's search: its index and
lunr's scripts) request through it, so those count too. The sweeps hold each page's request for
search_index.json unanswered (the worker would index it: a second of CPU per Chinese page; from a
folder the index comes as a script, left alone), which they still record; what search requests once it has its index is checked by searching, in both
languages. A sweep keeps several pages loading at once
in one browser context (browser_support.each_page). Each scenario runs on the browser's own thread
and returns what it saw; the assertions run here.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lxml import html

from browser_support import built_pages, each_page, one_page_per_kind

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}
NETWORK_SCHEMES = {"http", "https", "ws", "wss"}
VIEWPORT = {"width": 1280, "height": 800}


class RequestLog:
    """What one page (or browser context) asked for: requests elsewhere, failed responses, failed requests."""

    def __init__(self, source, origin: str | None):
        self.origin = origin  # None: pages opened from a folder, where any network request is elsewhere
        self.elsewhere: list[str] = []
        self.failed: list[str] = []
        source.on("request", self._request)
        source.on("response", self._response)
        source.on("requestfailed", self._request_failed)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in LOCAL_SCHEMES or (self.origin is None and parts.scheme not in NETWORK_SCHEMES):
            return
        if self.origin is None or f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.elsewhere.append(request.url)

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def _request_failed(self, request):
        self.failed.append(f"{request.failure} {request.url}")

    def take(self) -> tuple[list[str], list[str]]:
        taken = (self.elsewhere, self.failed)
        self.elsewhere, self.failed = [], []
        return taken


# --- on the browser thread ---------------------------------------------------------------------


# Opening a page mostly waits (for the network to be quiet for half a second): more tabs than axe's.
SWEEP_TABS = 8


SEARCH_INDEX = "**/search_index.json"
QUIET = 0.5  # seconds without an open request, as Playwright's "networkidle"


async def visit_pages(browser, urls: dict[str, str], origin: str | None) -> dict[str, tuple[list[str], list[str]]]:
    """Open each page until no request but the held search index has been open for QUIET seconds
    (Playwright's "networkidle" would wait for the index for ever); per page, (requests to other
    hosts, failed requests). The held index is then aborted: aborted at once, it would stop
    Material's other scripts, and their requests."""
    context = await browser.new_context(viewport=VIEWPORT)
    loop = asyncio.get_running_loop()

    async def visit(path: str) -> tuple[list[str], list[str]]:
        page = await context.new_page()
        log = RequestLog(page, origin)
        held, open_requests = [], set()
        page.on("request", lambda request: open_requests.add(request.url))
        page.on("requestfinished", lambda request: open_requests.discard(request.url))
        page.on("requestfailed", lambda request: open_requests.discard(request.url))
        await page.route(SEARCH_INDEX, lambda route: held.append(route))
        await page.goto(urls[path])
        quiet_since = loop.time()
        async with asyncio.timeout(30):
            while loop.time() - quiet_since < QUIET:
                await asyncio.sleep(0.05)
                if open_requests - {route.request.url for route in held}:
                    quiet_since = loop.time()
        seen = log.take()
        for route in held:
            await route.abort()
        await page.close()
        return seen

    try:
        return await each_page(urls, visit, SWEEP_TABS)
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


def report(seen: dict[str, tuple[list[str], list[str]]]) -> str:
    problems = {where: entries for where, entries in seen.items() if entries[0] or entries[1]}
    lines = []
    for where, (elsewhere, failed) in problems.items():
        lines.append(f"{where}:")
        lines += [f"  other host: {url}" for url in elsewhere]
        lines += [f"  failed: {entry}" for entry in failed]
    return f"{len(problems)} page(s) with outside or failed requests:\n" + "\n".join(lines)


def assert_clean(seen: dict[str, tuple[list[str], list[str]]]) -> None:
    if any(elsewhere or failed for elsewhere, failed in seen.values()):
        pytest.fail(report(seen), pytrace=False)


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


@pytest.mark.slow
def test_every_kind_of_page_requests_only_the_local_server_and_nothing_fails(async_chromium, server, site, corpus):
    pages = one_page_per_kind(built_pages(site), {unit.id for unit in corpus.units})
    assert "index.html" in pages and "en/units/closing.html" in pages
    seen = async_chromium.run(visit_pages, {path: f"{server}/{path}" for path in pages}, server)
    assert set(seen) == set(pages)
    assert_clean(seen)


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
