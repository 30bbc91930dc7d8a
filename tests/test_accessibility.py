"""axe-core in real Chromium on the states a page only shows when used: no violations.

Every built page is checked as it opens, at desktop and phone size, by the sweep of
test_page_sweep.py. Here: a highlighted paragraph, the search dialog with results, meeting mode,
and the phone navigation drawer (which also checks, with every rule, what only a phone shows: the
header's buttons and the drawer). All of axe's rules that are on by default run (WCAG 2.0-2.2 A
and AA and axe's best practices).

Each scenario runs on the browser's own thread (browser_support.BrowserThread) and returns axe's
violations; the assertions run here.
"""

from __future__ import annotations

import json

import pytest

from browser_support import FONTS_READY, SEARCH_INDEX, VIEWPORTS, assert_no_axe_violations as assert_none

pytestmark = pytest.mark.browser

# Three frames in a row with no scrolling and no running transition or animation. A step may scroll
# (meeting mode moves to a paragraph), and scrolling starts transitions of its own (the header
# swaps the site's name for the page's title): axe would measure their colours half-way.
SETTLED = """new Promise(resolve => {
  let calm = 0, lastY = null
  const frame = () => {
    const still = window.scrollY === lastY && document.getAnimations().every(a => a.playState !== 'running')
    lastY = window.scrollY
    calm = still ? calm + 1 : 0
    if (calm >= 3) resolve(true); else requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
})"""


# --- on the browser thread ---------------------------------------------------------------------


def axe_violations(page, axe_script: str, within: list[str] | None) -> list[dict]:
    """axe's violations on the page, or on the parts of it the CSS selectors `within` pick."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script)
    context = json.dumps({"include": [[selector] for selector in within]}) if within else "document"
    return page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}})")["violations"]


def load(page, url: str) -> None:
    page.goto(url)
    page.evaluate(FONTS_READY)


def settle(page) -> None:
    page.evaluate(SETTLED)


def scan_state(
    browser, url: str, viewport: dict, axe_script: str, steps: list, search: bool = False, within: list[str] | None = None
) -> list[list[dict]]:
    """axe on one page after each of `steps` (`step(page)`) has brought it into a state: a list of
    violations per step (`search`: states of the search, which gets its index; others do not).
    `within`: CSS selectors of the parts the state changes (the sweep checked the page as it opens)."""
    page = browser.new_page(viewport=viewport)
    held = []
    if not search:
        page.route(SEARCH_INDEX, lambda route: held.append(route))
    try:
        load(page, url)
        found = []
        for step in steps:
            step(page)
            settle(page)
            found.append(axe_violations(page, axe_script, within))
        return found
    finally:
        for route in held:
            route.abort()
        page.close()


# --- tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["units/part-1.html#p6-2", "en/units/part-1.html#p6-2", "parallel/part-1.html#sbs-p6-2"])
def test_a_linked_paragraph_stays_readable_when_highlighted(chromium, server, axe_script, path):
    """A paragraph opened by its link (:target) gets a tinted background: its text and ¶ number still pass."""

    def prepare(page):
        target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
        assert target == path.split("#")[1]

    found = chromium.run(scan_state, f"{server}/{path}", VIEWPORTS["desktop"], axe_script, [prepare], False, [":target"])
    assert_none({path: found[0]})


@pytest.mark.parametrize("path, query", [("units/part-1.html", "治党"), ("en/units/part-1.html", "organization")])
def test_search_dialog_with_results_has_no_violations(chromium, server, axe_script, path, query):
    """The search dialog open with results (axe cannot see it until it opens), then with a result
    chosen by keyboard (the chosen result has a tinted background)."""

    def with_results(page):
        page.keyboard.press("/")  # Material's search shortcut (also "s" and "f")
        page.locator(".md-search__input").fill(query)
        page.keyboard.press("End")  # Material searches on key events, not on a changed value
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)

    def a_result_chosen(page):
        for _ in range(6):  # down to the first result that shows a highlighted (<mark>) match
            page.keyboard.press("ArrowDown")
            if page.evaluate(
                "document.activeElement.matches('.md-search-result__link') && !!document.activeElement.querySelector('mark')"
            ):
                return
        raise AssertionError("no search result with a <mark> reached by keyboard")

    with_results_found, chosen_found = chromium.run(
        scan_state, f"{server}/{path}", VIEWPORTS["desktop"], axe_script, [with_results, a_result_chosen], True, [".md-search"]
    )
    assert_none({f"{path} (search: {query})": with_results_found, f"{path} (search: {query}, a result chosen)": chosen_found})


@pytest.mark.parametrize("path", ["units/part-1.html", "en/parallel/part-1.html", "handouts/part-1.html"])
def test_meeting_mode_has_no_violations(chromium, server, axe_script, path):
    """Meeting mode (the projector view, meeting.js) with a current paragraph, which it tints."""

    def meeting_mode(page):
        page.click(".meeting-toggle")
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.locator(".meeting-current").first.wait_for(state="visible")

    assert_none({f"{path} (meeting mode)": chromium.run(scan_state, f"{server}/{path}", VIEWPORTS["desktop"], axe_script, [meeting_mode])[0]})


@pytest.mark.parametrize("path", ["units/part-1.html", "en/units/part-1.html"])
def test_phone_navigation_drawer_has_no_violations(chromium, server, axe_script, path):
    """The navigation drawer, open on a phone (it shows section titles on a grey bar), and the header's
    buttons, which only a phone shows: every rule, where the sweep ran the style and layout rules."""

    def drawer_open(page):
        page.click("label.md-header__button[for='__drawer']")
        page.locator(".md-nav--primary").first.wait_for(state="visible")

    found = chromium.run(
        scan_state, f"{server}/{path}", VIEWPORTS["phone"], axe_script, [drawer_open], False, [".md-header", ".md-sidebar--primary"]
    )
    assert_none({f"{path} (navigation drawer)": found[0]})
