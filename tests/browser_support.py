"""Shared helpers for the real-browser tests: the built pages, a local server, Debian's Chromium.

Plain functions and classes (not fixtures), so that test modules and bench/ scripts can use them
alike; each test module wraps them in its own fixtures.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
