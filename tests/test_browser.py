"""What a reader sees, in real Chromium (Debian's, driven by Playwright) against a local server."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import GLOSSARY, texts
from browser_support import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


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
    page.failed_responses = []
    page.on("request", lambda request: page.requested_hosts.add(urlparse(request.url).netloc))
    page.on("response", lambda response: response.status >= 400 and page.failed_responses.append(response.url))
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
    assert page.failed_responses == []


def test_switching_language_keeps_the_paragraph_in_view(page, server):
    page.goto(f"{server}/units/part-2.html")
    page.wait_for_load_state("networkidle")
    # The reader scrolls until ¶11.2 is the first paragraph below the header (and it stays there:
    # on a busy machine the page may still be laying out, so scroll again until it holds).
    page.wait_for_function(
        """() => {
          const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
          const top = document.getElementById('p11-2').getBoundingClientRect().top;
          if (Math.abs(top - header - 4) <= 1) return true;
          window.scrollBy(0, top - header - 4);
          return false;
        }""",
        polling=200,
    )
    page.hover(".md-header .md-select")
    # The paragraph at the top of the screen as the reader clicks (on a busy machine the page can
    # still shift between the scroll and the click): found by what is drawn there, not by study.js.
    at_top = page.evaluate(
        """() => {
          const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
          const x = document.getElementById('p11-2').getBoundingClientRect().left + 20;
          const element = document.elementFromPoint(x, header + 12);
          return element && element.closest('.speech[id]') ? element.closest('.speech[id]').id : null;
        }"""
    )
    assert at_top and at_top.startswith("p11"), at_top
    # The link's own click (what a mouse or Enter gives the page): Playwright's click may scroll
    # the page to reach a link it finds still moving in the opening menu, on a busy machine.
    page.evaluate("document.querySelector(\".md-header a[hreflang='en']\").click()")
    page.wait_for_function("location.pathname.endsWith('/en/units/part-2.html')", timeout=60_000)
    assert page.evaluate("location.hash") == f"#{at_top}"
    page.wait_for_timeout(200)
    box = page.locator(f"#{at_top}").bounding_box()
    assert 0 <= box["y"] < 400, box
    assert page.locator("#p11-2").inner_text().count("Second,") == 1


def test_side_by_side_columns_align_on_wide_screens_and_stack_on_phones(browser, server):
    wide = browser.new_page(viewport={"width": 1400, "height": 900})
    wide.goto(f"{server}/parallel/part-1.html")
    zh, en = wide.locator("#sbs-p6-2 .parallel-zh").bounding_box(), wide.locator("#sbs-p6-2 .parallel-en").bounding_box()
    assert abs(zh["y"] - en["y"]) < 2 and en["x"] > zh["x"] + zh["width"] - 1
    wide.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{server}/parallel/part-1.html")
    zh, en = phone.locator("#sbs-p6-2 .parallel-zh").bounding_box(), phone.locator("#sbs-p6-2 .parallel-en").bounding_box()
    assert en["y"] >= zh["y"] + zh["height"] - 1 and abs(en["x"] - zh["x"]) < 2
    phone.close()


def test_glossary_term_shows_its_definition_links_to_its_entry_and_back(page, server, corpus):
    from glossary import load_glossary

    entries = {entry.id: entry for entry in load_glossary(GLOSSARY, texts(corpus))}
    page.goto(f"{server}/units/part-1.html")
    page.wait_for_load_state("networkidle")
    term = page.locator("#p7-1 a.term", has_text="两个维护").first
    entry = entries[term.get_attribute("href").split("#term-")[1]]
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip() == entry.short["zh"]

    term.focus()  # keyboard users reach the term and its definition too
    assert page.evaluate("document.activeElement.classList.contains('term')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.pathname.endsWith('/glossary.html') && location.hash === '#term-{entry.id}'")
    backlink = page.locator(f"#term-{entry.id} ~ .glossary-backlinks").first.locator("a", has_text="¶7.1")
    backlink.click()
    page.wait_for_function("location.pathname.endsWith('/units/part-1.html') && location.hash === '#p7-1'")
    assert 0 <= page.locator("#p7-1").bounding_box()["y"] < 300
