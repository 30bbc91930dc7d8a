"""axe-core in real Chromium on every built page of both languages: no violations.

axe-core comes from the axe-playwright-python package (its bundled axe.min.js; see pyproject.toml).
All of axe's rules that are on by default run (WCAG 2.0-2.2 A and AA and axe's best practices),
on a desktop and a phone viewport, since Material shows different parts of the page on each.
"""

from __future__ import annotations

import textwrap

import pytest

from browser_support import built_pages, chromium, serve_directory

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

# Violations whose cause lies outside overrides/ and is reported to the owner of that code: (page, rule)
# -> cause. Each must still occur (the test fails when it no longer does, so that its entry goes).
KNOWN_VIOLATIONS = {
    ("en/glossary.html", "landmark-unique"): (
        "hooks/glossary.py sorts English entries on their raw text (digits first, a leading \u201c last) "
        "but heads them by their first letter: groups C D F G M P T appear twice, so do their TOC navs"
    ),
}


@pytest.fixture(scope="module")
def axe_script() -> str:
    axe = pytest.importorskip("axe_playwright_python.base")
    return axe.AXE_FILE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(site):
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with chromium(playwright_api.sync_playwright) as browser:
        yield browser


def axe_violations(page, axe_script: str) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


def report(failures: dict[str, list[dict]]) -> str:
    """Violations grouped by page, each with its rule, impact, help link and the offending elements."""
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
    return f"{count} axe violation(s) on {len(failures)} page(s):\n" + "\n".join(lines)


def load(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_has_no_axe_violations(browser, server, site, axe_script, viewport):
    pages = built_pages(site)
    assert any(p.startswith("en/") for p in pages) and any(not p.startswith("en/") for p in pages)
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    failures, known = {}, set()
    for path in pages:
        load(page, f"{server}/{path}")
        violations = []
        for violation in axe_violations(page, axe_script):
            if (path, violation["id"]) in KNOWN_VIOLATIONS:
                known.add((path, violation["id"]))
            else:
                violations.append(violation)
        if violations:
            failures[path] = violations
    context.close()
    if failures:
        pytest.fail(f"[{viewport}] " + report(failures), pytrace=False)
    gone = sorted(set(KNOWN_VIOLATIONS) - known)
    assert not gone, f"fixed, remove from KNOWN_VIOLATIONS: {gone}"


@pytest.mark.parametrize("path", ["units/part-1.html#p6-2", "en/units/part-1.html#p6-2", "parallel/part-1.html#sbs-p6-2"])
def test_a_linked_paragraph_stays_readable_when_highlighted(browser, server, axe_script, path):
    """A paragraph opened by its link (:target) gets a tinted background: its text and ¶ number still pass."""
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    load(page, f"{server}/{path}")
    target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
    assert target == path.split("#")[1]
    violations = axe_violations(page, axe_script)
    page.close()
    if violations:
        pytest.fail(report({path: violations}), pytrace=False)


@pytest.mark.parametrize("path", ["units/part-1.html", "en/parallel/part-1.html", "handouts/part-1.html"])
def test_meeting_mode_has_no_violations(browser, server, axe_script, path):
    """Meeting mode (the projector view, meeting.js) with a current paragraph, which it tints."""
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    load(page, f"{server}/{path}")
    page.click(".meeting-toggle")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.locator(".meeting-current").first.wait_for(state="visible")
    settle(page)
    violations = axe_violations(page, axe_script)
    page.close()
    if violations:
        pytest.fail(report({f"{path} (meeting mode)": violations}), pytrace=False)


@pytest.mark.parametrize("path", ["units/part-1.html", "en/units/part-1.html"])
def test_phone_navigation_drawer_has_no_violations(browser, server, axe_script, path):
    """The navigation drawer, open on a phone (it shows section titles on a grey bar)."""
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    load(page, f"{server}/{path}")
    page.click("label.md-header__button[for='__drawer']")
    page.locator(".md-nav--primary").first.wait_for(state="visible")
    settle(page)
    violations = axe_violations(page, axe_script)
    page.close()
    if violations:
        pytest.fail(report({f"{path} (navigation drawer)": violations}), pytrace=False)


def settle(page) -> None:
    """Wait for CSS transitions and animations to finish: axe would measure colours half-way."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


@pytest.mark.parametrize("path, query", [("units/part-1.html", "治党"), ("en/units/part-1.html", "organization")])
def test_search_dialog_with_results_has_no_violations(browser, server, axe_script, path, query):
    """The search dialog open with results (axe cannot see it until it opens), then with a result
    chosen by keyboard (the chosen result has a tinted background)."""
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    load(page, f"{server}/{path}")
    page.keyboard.press("/")  # Material's search shortcut (also "s" and "f")
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")  # Material searches on key events, not on a changed value
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    settle(page)
    failures = {}
    violations = axe_violations(page, axe_script)
    if violations:
        failures[f"{path} (search: {query})"] = violations
    for _ in range(6):  # down to the first result that shows a highlighted (<mark>) match
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.matches('.md-search-result__link') && !!document.activeElement.querySelector('mark')"):
            break
    else:
        pytest.fail("no search result with a <mark> reached by keyboard")
    settle(page)
    violations = axe_violations(page, axe_script)
    if violations:
        failures[f"{path} (search: {query}, a result focused)"] = violations
    page.close()
    if failures:
        pytest.fail(report(failures), pytrace=False)
