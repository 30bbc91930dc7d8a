"""axe-core in real Chromium on every built page of both languages: no violations.

axe-core comes from the axe-playwright-python package (its bundled axe.min.js; see pyproject.toml).
All of axe's rules that are on by default run (WCAG 2.0-2.2 A and AA and axe's best practices) at
desktop size on pages that between them show every kind of page and every kind of element
(checked_pages); the rules that depend on styles or layout (STYLE_RULES, LAYOUT_RULES) run again at
phone size, where Material lays the page out differently. The rules that judge styles (colour
contrast above all, most of axe's time) run on the first element of each kind on a page
(MARK_REPEATED): they depend on the kind of element, not on the words. The other pages get every
rule but colour contrast at desktop size. Then the states a page only shows when used: a
highlighted paragraph, the search dialog with results, meeting mode, the phone navigation drawer
(which also checks, with every rule, what only a phone shows: the header's buttons and the drawer).

Each scenario runs on the browser's own thread (browser_support.AsyncBrowser for the page sweeps,
BrowserThread for the states) and returns axe's violations; the assertions run here.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from lxml import html

from browser_support import built_pages, each_page, page_kind

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SETTLED = "document.getAnimations().every(a => a.playState !== 'running')"
# After a resize Material re-measures elements (ResizeObserver, delivered with the next frame): it
# makes a code block that now scrolls focusable, for one. Two frames later that has happened.
TWO_FRAMES = "new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))"

# Material's search worker fetches its index as a page opens and indexes it: a second of CPU per
# Chinese page, on the cores axe needs. Where nothing searches, that request is held unanswered
# until axe is done: the page of a reader whose index is still on its way. (Aborted, it would stop
# Material's other scripts, such as the one that makes a code block that scrolls focusable.)
SEARCH_INDEX = "**/search_index.json"
# Loaded, web fonts included (a held request keeps the network from ever being idle).
FONTS_READY = "document.fonts.ready.then(() => true)"

# axe keeps a renderer busy (the CPU, not the network, is what a page waits for): few tabs at once.
AXE_TABS = 3
# Colour contrast is most of axe's time (80% on the glossary: every text element's background is
# worked out from the layout); it depends on the styles a kind of element gets, not on the words.
ALL_RULES_BUT_CONTRAST = "{resultTypes: ['violations'], rules: {'color-contrast': {enabled: false}}}"
# Rules that judge an element by the styles it gets (colours, fonts, underlines), which media queries
# may change with the viewport's size: they run on the first element of each kind (MARK_REPEATED).
STYLE_RULES = ["color-contrast", "link-in-text-block", "p-as-heading"]
# What else changes with the layout at phone size: which parts overflow and scroll.
LAYOUT_RULES = ["scrollable-region-focusable"]
# Marks the parts of the page (as the browser has it, after the page's scripts) that show no kind of
# element the page has not shown before them, in document order: the glossary's later entries, a
# unit's later paragraphs, the nav's other items. Each element is a kind as its tag and classes,
# under its parent's tag and classes (what styles it; as element_kinds, which chooses the pages).
# What is left shows every kind of element of the page. Returns how many parts it marked.
MARK_REPEATED = """() => {
  const kind = (element) => [element.tagName.toLowerCase(), ...[...element.classList].sort()].join('.')
  const pair = (element) => `${kind(element.parentElement)} > ${kind(element)}`
  const seen = new Set([pair(document.body)])
  let marked = 0
  const visit = (element) => {
    for (const child of element.children) {
      if ([child, ...child.querySelectorAll('*')].every((e) => seen.has(pair(e)))) {
        child.setAttribute('data-axe-repeated', '')
        marked += 1
      } else {
        seen.add(pair(child))
        visit(child)
      }
    }
  }
  visit(document.body)
  return marked
}"""


def only(rules: list[str]) -> str:
    return json.dumps({"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": rules}})


def every_rule_but(rules: list[str]) -> str:
    return json.dumps({"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in rules}})


# axe.run's arguments (context, options) at each size: every rule at desktop size, the style and
# layout rules at phone size; the style rules leave out the repeated parts of the page.
SAMPLED = "{exclude: ['[data-axe-repeated]']}"
RUNS = {
    "desktop": [f"document, {every_rule_but(STYLE_RULES)}", f"{SAMPLED}, {only(STYLE_RULES)}"],
    "phone": [f"document, {only(LAYOUT_RULES)}", f"{SAMPLED}, {only(STYLE_RULES)}"],
}

# Violations whose cause lies outside overrides/ and is reported to the owner of that code: (page, rule)
# -> cause. Each must still occur (the test fails when it no longer does, so that its entry goes).
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def axe_script() -> str:
    axe = pytest.importorskip("axe_playwright_python.base")
    return axe.AXE_FILE_PATH.read_text(encoding="utf-8")


# --- on the browser thread ---------------------------------------------------------------------


def axe_violations(page, axe_script: str) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script)
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]


def load(page, url: str) -> None:
    page.goto(url)
    page.evaluate(FONTS_READY)


def settle(page) -> None:
    """Wait for CSS transitions and animations to finish: axe would measure colours half-way."""
    page.wait_for_function(SETTLED)


async def scan_pages(browser, base: str, paths: list[str], axe_script: str, runs: dict[str, list[str]]) -> dict[str, list[dict]]:
    """axe on each page at each viewport size of `runs` ({viewport: axe.run arguments}), several pages
    at once: {"[viewport] page": violations}. One load per page, then resized: axe checks the same
    elements as after a load at that size (compared rule by rule on four kinds of page: one more
    focusable element, none less)."""
    context = await browser.new_context(viewport=VIEWPORTS[next(iter(runs))])

    async def scan(path: str) -> dict[str, list[dict]]:
        page = await context.new_page()
        held = []
        await page.route(SEARCH_INDEX, lambda route: held.append(route))
        await page.goto(f"{base}/{path}")
        await page.evaluate(FONTS_READY)
        await page.evaluate(axe_script)
        await page.evaluate(MARK_REPEATED)
        found = {}
        for name, arguments in runs.items():
            await page.set_viewport_size(VIEWPORTS[name])
            await page.evaluate(TWO_FRAMES)
            await page.wait_for_function(SETTLED)
            found[f"[{name}] {path}"] = [
                violation for run in arguments for violation in (await page.evaluate(f"axe.run({run})"))["violations"]
            ]
        for route in held:
            await route.abort()
        await page.close()
        return found

    try:
        scanned = await each_page(paths, scan, AXE_TABS)
    finally:
        await context.close()
    return {where: violations for found in scanned.values() for where, violations in found.items()}


def scan_state(browser, url: str, viewport: dict, axe_script: str, steps: list, search: bool = False) -> list[list[dict]]:
    """axe on one page after each of `steps` (`step(page)`) has brought it into a state: a list of
    violations per step (`search`: states of the search, which gets its index; others do not)."""
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
            found.append(axe_violations(page, axe_script))
        return found
    finally:
        for route in held:
            route.abort()
        page.close()


# --- which pages get every rule ----------------------------------------------------------------


def element_kinds(page: Path) -> set[tuple[str, str]]:
    """Each element as its tag and classes, under its parent's tag and classes (what styles it)."""

    def kind(element) -> str:
        return ".".join([element.tag, *sorted(element.get("class", "").split())])

    return {
        (kind(element.getparent()), kind(element))
        for element in html.parse(str(page)).iter()
        if isinstance(element.tag, str) and element.getparent() is not None
    }


def checked_pages(site: Path, unit_ids: set[str]) -> list[str]:
    """Of each kind of page, the fewest pages (greedily) that between them show every kind of element
    its pages have; so every kind of page, and every kind of element, of both languages."""
    kinds: dict[str, list[str]] = {}
    for path in built_pages(site):
        kinds.setdefault(page_kind(path, unit_ids), []).append(path)
    chosen = []
    for paths in kinds.values():
        elements = {path: element_kinds(site / path) for path in paths}
        missing = set().union(*elements.values())
        while missing:
            best = max(paths, key=lambda path: len(elements[path] & missing))
            chosen.append(best)
            missing -= elements[best]
    return sorted(chosen)


def largest_first(site: Path, paths: list[str]) -> list[str]:
    """The biggest pages (the glossaries: the longest axe runs) first, so that no tab is left with one at the end."""
    return sorted(paths, key=lambda path: (-(site / path).stat().st_size, path))


# --- reporting ---------------------------------------------------------------------------------


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
    return f"{count} axe violation(s) in {len(failures)} place(s):\n" + "\n".join(lines)


def assert_none(failures: dict[str, list[dict]]) -> None:
    failures = {where: violations for where, violations in failures.items() if violations}
    if failures:
        pytest.fail(report(failures), pytrace=False)


def assert_none_but_known(found: dict[str, list[dict]]) -> None:
    """No violations in `found` ({"[viewport] page": violations}) but the known ones, each still there."""
    failures, known = {}, set()
    for where, violations in found.items():
        path = where.split("] ", 1)[1]
        for violation in violations:
            if (path, violation["id"]) in KNOWN_VIOLATIONS:
                known.add((path, violation["id"]))
            else:
                failures.setdefault(where, []).append(violation)
    assert_none(failures)
    scanned = {where.split("] ", 1)[1] for where in found}
    gone = sorted(entry for entry in set(KNOWN_VIOLATIONS) - known if entry[0] in scanned)
    assert not gone, f"fixed, remove from KNOWN_VIOLATIONS: {gone}"


# --- tests -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checked_in_full(site, corpus) -> list[str]:
    pages = checked_pages(site, {unit.id for unit in corpus.units})
    assert any(p.startswith("en/") for p in pages) and any(not p.startswith("en/") for p in pages)
    return pages


@pytest.mark.slow
def test_every_kind_of_page_has_no_axe_violations(async_chromium, server, site, axe_script, checked_in_full):
    """Every rule at desktop size, and the rules that depend on styles and layout at phone size, on
    pages that together show every kind of page and every kind of element of the site (checked_pages);
    the style rules on every kind of element of each page (MARK_REPEATED)."""
    found = async_chromium.run(scan_pages, server, largest_first(site, checked_in_full), axe_script, RUNS)
    assert len(found) == len(checked_in_full) * len(VIEWPORTS)
    assert_none_but_known(found)


@pytest.mark.slow
def test_every_other_page_has_no_axe_violations_but_colour_contrast(async_chromium, server, site, axe_script, checked_in_full):
    """The rest of the pages (another unit's page of a kind: the same elements, other words): every
    rule but colour contrast, which the test above checked on every kind of element, at desktop size
    (the test above checked the layout of every kind of element at phone size)."""
    others = sorted(set(built_pages(site)) - set(checked_in_full))
    assert others
    runs = {"desktop": [f"document, {ALL_RULES_BUT_CONTRAST}"]}
    found = async_chromium.run(scan_pages, server, largest_first(site, others), axe_script, runs)
    assert len(found) == len(others)
    assert_none_but_known(found)


@pytest.mark.parametrize("path", ["units/part-1.html#p6-2", "en/units/part-1.html#p6-2", "parallel/part-1.html#sbs-p6-2"])
def test_a_linked_paragraph_stays_readable_when_highlighted(chromium, server, axe_script, path):
    """A paragraph opened by its link (:target) gets a tinted background: its text and ¶ number still pass."""

    def prepare(page):
        target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
        assert target == path.split("#")[1]

    assert_none({path: chromium.run(scan_state, f"{server}/{path}", VIEWPORTS["desktop"], axe_script, [prepare])[0]})


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
        scan_state, f"{server}/{path}", VIEWPORTS["desktop"], axe_script, [with_results, a_result_chosen], True
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
    """The navigation drawer, open on a phone (it shows section titles on a grey bar)."""

    def drawer_open(page):
        page.click("label.md-header__button[for='__drawer']")
        page.locator(".md-nav--primary").first.wait_for(state="visible")

    assert_none({f"{path} (navigation drawer)": chromium.run(scan_state, f"{server}/{path}", VIEWPORTS["phone"], axe_script, [drawer_open])[0]})


def test_page_kinds_fold_the_units_pages_of_a_folder():
    units = {"part-1", "closing"}
    assert page_kind("en/units/part-1.html", units) == "en/units/*.html"
    assert page_kind("handouts/closing.html", units) == "handouts/*.html"
    assert page_kind("glossary.html", units) == "glossary.html"
    assert page_kind("en/indexes/slogans.html", units) == "en/indexes/slogans.html"


def test_checked_pages_show_every_kind_of_page_and_element(tmp_path):
    pages = {
        "index.html": "<p>首页</p>",
        "units/a.html": "<p>甲<sup class='fn'>1</sup></p>",
        "units/b.html": "<p>乙</p>",
        "units/c.html": "<p>丙</p><table><tr><td>表</td></tr></table>",
        "en/units/a.html": "<p>A</p>",
    }
    for path, body in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert checked_pages(tmp_path, {"a", "b", "c"}) == ["en/units/a.html", "index.html", "units/a.html", "units/c.html"]


def _marked_repeated(browser, body: str) -> list[str]:
    page = browser.new_page()
    try:
        page.set_content(f"<html><body>{body}</body></html>")
        count = page.evaluate(MARK_REPEATED)
        marked = page.eval_on_selector_all("[data-axe-repeated]", "parts => parts.map(part => part.outerHTML)")
        assert count == len(marked)
        return marked
    finally:
        page.close()


def test_the_style_rules_leave_out_what_repeats_a_kind_of_element_shown_before(chromium):
    marked = chromium.run(
        _marked_repeated,
        "<nav><a class='x'>1</a><a class='x'>2</a><a class='x y'>3</a></nav>"
        "<article><p>甲<a>链</a></p><p>乙</p><p>丙<a>链</a><em>强</em></p><p>丁</p></article>",
    )
    # The second nav link (not the third: another class), ¶乙 and ¶丁 (a <p> with text only, like
    # ¶甲), and in ¶丙 its link but not its <em>.
    assert marked == [
        '<a class="x" data-axe-repeated="">2</a>', '<p data-axe-repeated="">乙</p>',
        '<a data-axe-repeated="">链</a>', '<p data-axe-repeated="">丁</p>',
    ]
