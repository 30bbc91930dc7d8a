"""Shared helpers for the real-browser tests: the built pages, a local server, Debian's Chromium.

Plain functions and classes (not fixtures), so that test modules and bench/ scripts can use them
alike; each test module wraps them in its own fixtures.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import textwrap
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# Playwright cannot download its own browser here: the tests drive Debian's Chromium.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


# The sizes pages are checked at: a laptop (or a projector) and a phone, where Material lays pages out differently.
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

# Material's search worker fetches its index as a page opens and indexes it: a second of CPU per
# Chinese page, on the cores the checks need. Where nothing searches, a sweep holds that request
# unanswered until the page is done: the page of a reader whose index is still on its way. (Aborted
# at once, it would stop Material's other scripts, such as the one that makes a code block that
# scrolls focusable, and their requests.)
SEARCH_INDEX = "**/search_index.json"
# Loaded, web fonts included (a held request keeps the network from ever being idle).
FONTS_READY = "document.fonts.ready.then(() => true)"

# Pages a sweep keeps open at once: enough that one page's waits (network idle) overlap another's
# work on a 2-core machine, few enough that the pages do not just queue for the CPU.
TABS = 4


def built_pages(site: Path) -> list[str]:
    """Every built HTML page of both languages, as site-relative POSIX paths, sorted (404 pages left out)."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if path.name != "404.html"
    )


def page_kind(path: str, unit_ids: set[str]) -> str:
    """A folder's pages of the units (units/part-1.html, units/part-2.html, ...) are one kind of page,
    written units/*.html; any other page is a kind of its own."""
    folder, slash, name = path.rpartition("/")
    return f"{folder}{slash}*.html" if name.removesuffix(".html") in unit_ids else path


def one_page_per_kind(pages: list[str], unit_ids: set[str]) -> list[str]:
    """The first page of each kind (page_kind): one page of every template and every hand-made page."""
    first: dict[str, str] = {}
    for path in pages:
        first.setdefault(page_kind(path, unit_ids), path)
    return sorted(first.values())


QUIET = 0.5  # seconds without an open request, as Playwright's "networkidle"
LOCAL_SCHEMES = {"data", "blob", "about"}
NETWORK_SCHEMES = {"http", "https", "ws", "wss"}


class RequestLog:
    """What one page (or browser context) asked for: requests elsewhere, failed responses, failed
    requests. `origin`: the local server's; None for pages opened from a folder, where any network
    request is elsewhere. A sweep's page holds its search index request unanswered (`hold`, a route
    handler for SEARCH_INDEX) and aborts it when done (`abort_held`): that abort does not count."""

    def __init__(self, source, origin: str | None):
        self.origin = origin
        self.elsewhere: list[str] = []
        self.failed: list[str] = []
        self.held: list = []
        self._aborted: set[str] = set()
        self._open: set[str] = set()
        self._last_request = 0.0
        source.on("request", self._request)
        source.on("requestfinished", self._request_finished)
        source.on("response", self._response)
        source.on("requestfailed", self._request_failed)

    def _request(self, request):
        self._open.add(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in LOCAL_SCHEMES or (self.origin is None and parts.scheme not in NETWORK_SCHEMES):
            return
        if self.origin is None or f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.elsewhere.append(request.url)

    def _request_finished(self, request):
        self._open.discard(request.url)
        self._last_request = time.monotonic()

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def _request_failed(self, request):
        self._request_finished(request)
        if request.url in self._aborted:
            self._aborted.discard(request.url)
        else:
            self.failed.append(f"{request.failure} {request.url}")

    def hold(self, route) -> None:
        self.held.append(route)

    async def abort_held(self) -> None:
        while self.held:
            route = self.held.pop()
            self._aborted.add(route.request.url)
            await route.abort()

    async def quiet(self, seconds: float = QUIET, timeout: float = 30) -> None:
        """Until no request but the held ones has been open for `seconds` (Playwright's "networkidle",
        which would wait for a held request for ever)."""
        async with asyncio.timeout(timeout):
            while self._open - {route.request.url for route in self.held} or time.monotonic() - self._last_request < seconds:
                await asyncio.sleep(0.05)

    def take(self) -> tuple[list[str], list[str]]:
        """(requests to other hosts, failed requests) since the last take."""
        taken = (self.elsewhere, self.failed)
        self.elsewhere, self.failed = [], []
        return taken

    async def page_done(self) -> tuple[list[str], list[str]]:
        """What the page asked for (`take`) once the network is quiet; then its held requests aborted."""
        await self.quiet()
        seen = self.take()
        await self.abort_held()
        return seen


async def logged_page(context, origin: str | None) -> tuple[object, RequestLog]:
    """A new page of `context` whose requests are logged (RequestLog) and whose search index request is held."""
    page = await context.new_page()
    log = RequestLog(page, origin)
    await page.route(SEARCH_INDEX, log.hold)
    return page, log


def request_report(seen: dict[str, tuple[list[str], list[str]]]) -> str:
    problems = {where: entries for where, entries in seen.items() if entries[0] or entries[1]}
    lines = []
    for where, (elsewhere, failed) in problems.items():
        lines.append(f"{where}:")
        lines += [f"  other host: {url}" for url in elsewhere]
        lines += [f"  failed: {entry}" for entry in failed]
    return f"{len(problems)} page(s) with outside or failed requests:\n" + "\n".join(lines)


def assert_only_local_requests(seen: dict[str, tuple[list[str], list[str]]]) -> None:
    """`seen`: {place: (requests to other hosts, failed requests)}; fails listing every one of them."""
    import pytest

    if any(elsewhere or failed for elsewhere, failed in seen.values()):
        pytest.fail(request_report(seen), pytrace=False)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Browsers and Lighthouse drop keep-alive connections when a run ends: not worth a traceback.
        pass


@contextlib.contextmanager
def serve_directory(directory: Path, handler: Callable[..., BaseHTTPRequestHandler] | None = None, port: int = 0) -> Iterator[str]:
    """Serve `directory` over http on a loopback port (0: any free one) in a thread; yields the
    base URL (no trailing slash). `handler`: a request handler class of its own (bench/gzip_server.py)."""
    httpd = QuietServer(("127.0.0.1", port), handler or functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def chromium(sync_playwright) -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (`sync_playwright` from playwright.sync_api)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class BrowserThread:
    """Debian's Chromium driven by Playwright's sync API on a thread of its own.

    Another test module (test_browser.py) holds a session-wide sync Playwright on the main thread,
    and a second one cannot start there while it lives: every call into this browser runs on this
    thread, through `run(function, *args)`, which calls `function(browser, *args)` there and returns
    its result (page objects must not leave the thread).
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._pool.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def run(self, function: Callable, *args):
        return self._pool.submit(function, self.browser, *args).result()

    def close(self) -> None:
        def stop() -> None:
            self.browser.close()
            self._playwright.stop()

        self._pool.submit(stop).result()
        self._pool.shutdown()


class AsyncBrowser:
    """Debian's Chromium driven by Playwright's async API, on a thread with an event loop of its own.

    For sweeps over many pages: with the async API several tabs load and run at once (`each_page`),
    which the sync API cannot do. Like BrowserThread, it works whatever other test modules do with the
    sync API in the main thread. `run(function, *args)` runs `await function(browser, *args)` on that
    loop and returns its result (page objects must not leave the loop).
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="chromium-async", daemon=True)
        self._thread.start()
        self._call(self._start())

    def _call(self, coroutine: Awaitable):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    async def _start(self) -> None:
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        self.browser = await self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def run(self, function: Callable[..., Awaitable], *args):
        return self._call(function(self.browser, *args))

    def close(self) -> None:
        async def stop() -> None:
            await self.browser.close()
            await self._playwright.stop()

        self._call(stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


async def each_page(items: Iterable, visit: Callable[..., Awaitable], tabs: int = TABS) -> dict:
    """`await visit(item)` for every item, at most `tabs` at a time: {item: result}, in the items' order."""
    items = list(items)
    slots = asyncio.Semaphore(tabs)

    async def one(item):
        async with slots:
            return await visit(item)

    tasks = [asyncio.ensure_future(one(item)) for item in items]
    try:
        results = await asyncio.gather(*tasks)
    except BaseException:
        # One page failed: stop the others before the caller closes their context under them.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return dict(zip(items, results))


async def in_tabs(new_tab: Callable[[], Awaitable], items: Iterable, visit: Callable[..., Awaitable], tabs: int = TABS) -> dict:
    """`await visit(tab, item)` for every item, on `tabs` tabs made by `await new_tab()` and reused
    from item to item (a new page costs a renderer of its own): {item: result}, in the items' order."""
    free: asyncio.Queue = asyncio.Queue()
    for _ in range(tabs):
        free.put_nowait(await new_tab())

    async def on_a_free_tab(item):
        tab = await free.get()
        try:
            return await visit(tab, item)
        finally:
            free.put_nowait(tab)

    return await each_page(items, on_a_free_tab, tabs)


# --- axe-core's findings -----------------------------------------------------------------------


def axe_report(failures: dict[str, list[dict]]) -> str:
    """Violations grouped by place, each with its rule, impact, help link and the offending elements."""
    lines = []
    for where, violations in failures.items():
        lines.append(f"{where}:")
        for violation in violations:
            lines.append(
                f"  {violation['id']} ({violation['impact']}): {violation['help']}  [{violation['helpUrl']}]"
            )
            for node in violation["nodes"][:5]:
                lines.append(f"    at {' '.join(map(str, node['target']))}")
                lines.append(f"       {textwrap.shorten(node['html'], 160)}")
                summary = node.get("failureSummary", "").replace("\n", " ")
                lines.append(f"       {textwrap.shorten(summary, 300)}")
            if len(violation["nodes"]) > 5:
                lines.append(f"    ... and {len(violation['nodes']) - 5} more elements")
    count = sum(len(v) for v in failures.values())
    return f"{count} axe violation(s) in {len(failures)} place(s):\n" + "\n".join(lines)


def assert_no_axe_violations(found: dict[str, list[dict]]) -> None:
    """`found`: {place: axe's violations there}; fails with every violation of every place."""
    import pytest

    failures = {where: violations for where, violations in found.items() if violations}
    if failures:
        pytest.fail(axe_report(failures), pytrace=False)
