"""What a reader sees, in real Chromium (Debian's, driven by Playwright) against a local server."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.requested_hosts = set()
    page.on("request", lambda request: page.requested_hosts.add(urlparse(request.url).netloc))
    yield page
    context.close()


def test_clicking_a_paragraph_number_lands_on_that_paragraph(page, server):
    page.goto(f"{server}/units/part-1.html")
    page.click("#p6-2 .para-num")
    page.wait_for_function("location.hash === '#p6-2'")
    box = page.locator("#p6-2").bounding_box()
    assert 0 <= box["y"] < 200, box
    assert page.evaluate("document.querySelector(':target').id") == "p6-2"


def test_a_unit_page_requests_nothing_but_the_local_server(page, server):
    page.goto(f"{server}/units/part-2.html")
    page.wait_for_load_state("networkidle")
    assert page.requested_hosts == {urlparse(server).netloc}
