"""Every built page, both languages, viewed in Chromium: nothing is requested from any other host,
and nothing requested fails. Readers open the site with bad or no internet, or from a folder.

Requests are recorded on the browser context, so those of workers (Material's search) count too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import built_pages, chromium, serve_directory

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.fixture(scope="module")
def server(site):
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with chromium(playwright_api.sync_playwright) as browser:
        yield browser


class RequestLog:
    """What one browser context asked for: requests elsewhere, failed responses, failed requests."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.elsewhere: list[str] = []
        self.failed: list[str] = []
        context.on("request", self._request)
        context.on("response", self._response)
        context.on("requestfailed", self._request_failed)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in LOCAL_SCHEMES:
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
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


def report(problems: dict[str, tuple[list[str], list[str]]]) -> str:
    lines = []
    for where, (elsewhere, failed) in problems.items():
        lines.append(f"{where}:")
        lines += [f"  other host: {url}" for url in elsewhere]
        lines += [f"  failed: {entry}" for entry in failed]
    return f"{len(problems)} page(s) with outside or failed requests:\n" + "\n".join(lines)


def test_every_page_requests_only_the_local_server_and_nothing_fails(browser, server, site):
    pages = built_pages(site)
    assert "index.html" in pages and "en/index.html" in pages
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    log = RequestLog(context, server)
    page = context.new_page()
    problems = {}
    for path in pages:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        elsewhere, failed = log.take()
        if elsewhere or failed:
            problems[path] = (elsewhere, failed)
    context.close()
    if problems:
        pytest.fail(report(problems), pytrace=False)


@pytest.mark.parametrize("path, query", [("units/part-2.html", "维护"), ("en/units/part-2.html", "organization")])
def test_searching_requests_only_the_local_server(browser, server, path, query):
    """Search loads its index and scripts on demand, in a worker: those requests stay local too."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    log = RequestLog(context, server)
    page = context.new_page()
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")  # Material searches on key events, not on a changed value
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    page.wait_for_load_state("networkidle")
    elsewhere, failed = log.take()
    context.close()
    if elsewhere or failed:
        pytest.fail(report({f"{path} (search: {query})": (elsewhere, failed)}), pytrace=False)


def test_pages_opened_from_a_folder_request_nothing_from_the_network(browser, site):
    """Opened from a folder or the offline zip (file://): no http(s) request at all, on any page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    requested: list[str] = []
    context.on("request", lambda request: urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and requested.append(request.url))
    page = context.new_page()
    problems = {}
    for path in built_pages(site):
        page.goto((site / path).as_uri())
        page.wait_for_load_state("networkidle")
        if requested:
            problems[path] = (list(requested), [])
            requested.clear()
    context.close()
    if problems:
        pytest.fail(report(problems), pytrace=False)
