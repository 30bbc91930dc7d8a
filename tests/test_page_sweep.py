"""Every built page of both languages, opened once in Chromium from the local server: axe-core finds
no violations, and the page requests nothing from another host and nothing that fails.

Opening a page is most of what a check in the browser costs (Material's scripts, the layout of a
long Chinese page), so one sweep serves both checks. What pages do when used is checked elsewhere:
search, meeting mode, a highlighted paragraph and the phone's navigation drawer in
test_accessibility.py; searching and pages opened from a folder in test_offline_requests.py.

axe (all of its rules that are on by default: WCAG 2.0-2.2 A and AA and axe's best practices):
- at desktop size, every rule but the style rules, on the whole page;
- at phone size, where Material lays pages out differently, the layout rule (LAYOUT_RULES: which
  parts overflow and scroll) on the whole page;
- the style rules (STYLE_RULES: colour contrast above all, most of axe's time, as every text
  element's background is worked out from the layout) at both sizes on the first element of each
  kind across the site (MARK_SEEN_KINDS): the rules judge an element by its kind and its look
  (its tag and classes under its parent's, its colours, font and whether it shows), not its words.

Requests are recorded per page, its dedicated workers included (Material's search: its index and
lunr's scripts); the page's request for the search index is held unanswered (browser_support.
SEARCH_INDEX) and still recorded. What search requests once it has its index is checked by
searching (test_offline_requests.py).

Several tabs of one browser context take the pages in turn (browser_support.in_tabs), on the
browser's own thread; the assertions run here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import (
    FONTS_READY, VIEWPORTS, RequestLog, assert_no_axe_violations, assert_only_local_requests, built_pages, in_tabs,
    logged_page,
)

pytestmark = pytest.mark.browser

# axe keeps a renderer busy (the CPU, not the network, is what a page waits for): few tabs at once.
AXE_TABS = 3

# Rules that judge an element by the styles it gets (colours, fonts, underlines), which media queries
# may change with the viewport's size.
STYLE_RULES = ["color-contrast", "link-in-text-block", "p-as-heading"]
# What else changes with the layout at phone size: which parts overflow and scroll.
LAYOUT_RULES = ["scrollable-region-focusable"]


def only(rules: list[str]) -> str:
    return json.dumps({"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": rules}})


def every_rule_but(rules: list[str]) -> str:
    return json.dumps({"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in rules}})


# axe.run's arguments (context, options) at each size, on every page; then the style rules on what
# MARK_SEEN_KINDS left unmarked, where a page has a kind of element no page before it had.
WHOLE_PAGE_RUNS = {"desktop": f"document, {every_rule_but(STYLE_RULES)}", "phone": f"document, {only(LAYOUT_RULES)}"}
FIRST_OF_EACH_KIND_RUN = f"{{exclude: ['[data-axe-repeated]']}}, {only(STYLE_RULES)}"

# Given the kinds of element seen so far (on the pages swept before), marks the parts of the page (as
# the browser has it, after the page's scripts) that show no kind of element not seen before them,
# in document order: the glossary's later entries, a unit's later paragraphs, the nav on every
# page but the first. An element's kind: its tag and classes under its parent's tag and classes,
# and how it looks (what the style rules judge: its colour, the background it shows on, its font,
# underline, and whether it shows at all). So the same link shows in the sidebar's table of
# contents as another kind than in the hidden one a page keeps for phones. Returns the kinds the
# page showed first.
MARK_SEEN_KINDS = """(seenBefore) => {
  const backgrounds = new Map()
  const background = (element) => {
    if (!element) return 'none'
    if (!backgrounds.has(element)) {
      const style = getComputedStyle(element)
      const own = style.backgroundImage !== 'none' ? style.backgroundImage
        : style.backgroundColor !== 'rgba(0, 0, 0, 0)' ? style.backgroundColor : null
      backgrounds.set(element, own || background(element.parentElement))
    }
    return backgrounds.get(element)
  }
  const look = (element) => {
    const style = getComputedStyle(element)
    return [style.color, background(element), style.fontSize, style.fontWeight, style.fontStyle,
            style.textDecorationLine, element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})].join(' ')
  }
  const kind = (element) => [element.tagName.toLowerCase(), ...[...element.classList].sort()].join('.')
  const pairs = new Map()
  const pair = (element) => {
    if (!pairs.has(element)) pairs.set(element, `${kind(element.parentElement)} > ${kind(element)} (${look(element)})`)
    return pairs.get(element)
  }
  const seen = new Set([...seenBefore, pair(document.body)])
  const first = []
  const visit = (element) => {
    for (const child of element.children) {
      if ([child, ...child.querySelectorAll('*')].every((e) => seen.has(pair(e)))) {
        child.setAttribute('data-axe-repeated', '')
      } else {
        if (!seen.has(pair(child))) first.push(pair(child))
        seen.add(pair(child))
        visit(child)
      }
    }
  }
  visit(document.body)
  return first
}"""

# After a resize Material re-measures elements (ResizeObserver, delivered with the next frame): it
# makes a code block that now scrolls focusable, for one; two frames later that has happened. Its
# media queries also start transitions (the sidebar slides, 250 ms): finished at once, so that axe
# sees colours and places as they end, not half-way.
TRANSITIONS_FINISHED = """new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))).then(() =>
  document.getAnimations().forEach(a => { if (isFinite(a.effect.getComputedTiming().endTime)) a.finish() }))"""

# Violations whose cause lies outside overrides/ and is reported to the owner of that code: (page, rule)
# -> cause. Each must still occur (the test fails when it no longer does, so that its entry goes).
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}


@dataclass
class Tab:
    page: object
    log: RequestLog
    size: str  # the viewport the tab has now


@dataclass
class PageSeen:
    violations: dict[str, list[dict]]  # viewport -> axe's violations
    requests: tuple[list[str], list[str]]  # (requests to other hosts, failed requests)
    first_kinds: list[str]  # the kinds of element first seen on this page


# --- on the browser thread ---------------------------------------------------------------------


async def sweep(browser, base: str, paths: list[str], axe_script: str) -> dict[str, PageSeen]:
    """Each page once, at both sizes, in AXE_TABS tabs: {path: what was seen}."""
    context = await browser.new_context(viewport=VIEWPORTS["desktop"])
    await context.add_init_script(script=axe_script)
    seen_kinds: set[str] = set()

    async def new_tab() -> Tab:
        return Tab(*await logged_page(context, base), "desktop")

    async def visit(tab: Tab, path: str) -> PageSeen:
        await tab.page.goto(f"{base}/{path}")
        await tab.page.evaluate(FONTS_READY)
        await tab.page.evaluate(TRANSITIONS_FINISHED)
        first_kinds = await tab.page.evaluate(MARK_SEEN_KINDS, sorted(seen_kinds))
        seen_kinds.update(first_kinds)
        violations = {}
        # The size the tab has first (the page loaded at it), then the other: one resize per page.
        for size in sorted(VIEWPORTS, key=lambda size: size != tab.size):
            if size != tab.size:
                await tab.page.set_viewport_size(VIEWPORTS[size])
                await tab.page.evaluate(TRANSITIONS_FINISHED)
                tab.size = size
            runs = [WHOLE_PAGE_RUNS[size]] + ([FIRST_OF_EACH_KIND_RUN] if first_kinds else [])
            violations[size] = [found for run in runs for found in (await tab.page.evaluate(f"axe.run({run})"))["violations"]]
        return PageSeen(violations, await tab.log.page_done(), first_kinds)

    try:
        return await in_tabs(new_tab, paths, visit, AXE_TABS)
    finally:
        await context.close()


def largest_first(site: Path, paths: list[str]) -> list[str]:
    """The biggest pages (the glossaries: the longest axe runs, and the most kinds of element) first,
    so that no tab is left with one at the end."""
    return sorted(paths, key=lambda path: (-(site / path).stat().st_size, path))


# --- tests -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def swept(async_chromium, server, site, axe_script) -> dict[str, PageSeen]:
    return async_chromium.run(sweep, server, largest_first(site, built_pages(site)), axe_script)


@pytest.mark.slow
def test_every_page_has_no_axe_violations(swept, site):
    """Every rule on every page of both languages at desktop size, the layout rules at phone size,
    and the style rules on every kind of element of the site at both sizes."""
    assert set(swept) == set(built_pages(site))
    found = {f"[{size}] {path}": violations for path, seen in swept.items() for size, violations in seen.violations.items()}
    failures, known = {}, set()
    for where, violations in found.items():
        path = where.split("] ", 1)[1]
        for violation in violations:
            if (path, violation["id"]) in KNOWN_VIOLATIONS:
                known.add((path, violation["id"]))
            else:
                failures.setdefault(where, []).append(violation)
    assert_no_axe_violations(failures)
    gone = sorted(set(KNOWN_VIOLATIONS) - known)
    assert not gone, f"fixed, remove from KNOWN_VIOLATIONS: {gone}"


@pytest.mark.slow
def test_every_page_requests_only_the_local_server_and_nothing_fails(swept):
    """Readers open the site with bad or no internet: every page, once its scripts have run."""
    assert_only_local_requests({path: seen.requests for path, seen in swept.items()})


def _first_kinds(browser, bodies: list[str]) -> list[tuple[list[str], list[str]]]:
    """MARK_SEEN_KINDS on pages one after another: per page, (the kinds first seen, the parts marked)."""
    page = browser.new_page()
    seen: list[str] = []
    try:
        results = []
        for body in bodies:
            page.set_content(f"<html><body>{body}</body></html>")
            first = page.evaluate(MARK_SEEN_KINDS, seen)
            seen += first
            results.append((first, page.eval_on_selector_all("[data-axe-repeated]", "parts => parts.map(part => part.outerHTML)")))
        return results
    finally:
        page.close()


def test_the_style_rules_leave_out_what_repeats_a_kind_of_element_shown_before(chromium):
    (first_page, marked_first), (second_page, marked_second) = chromium.run(
        _first_kinds,
        [
            "<nav><a class='x'>1</a><a class='x'>2</a><a class='x y'>3</a></nav>"
            "<article><p>甲<a>链</a></p><p>乙</p><p>丙<a>链</a><em>强</em></p><p>丁</p></article>",
            "<nav><a class='x'>4</a></nav><article><p>戊<em>强</em><code>码</code></p></article>"
            "<article style='background: rgb(238, 238, 238)'><p>己</p></article>",
        ],
    )
    # The second nav link (not the third: another class), ¶乙 and ¶丁 (a <p> with text only, like
    # ¶甲), and in ¶丙 its link but not its <em>.
    assert marked_first == [
        '<a class="x" data-axe-repeated="">2</a>', '<p data-axe-repeated="">乙</p>',
        '<a data-axe-repeated="">链</a>', '<p data-axe-repeated="">丁</p>',
    ]
    assert {"p > em", "nav > a.x.y"} <= {kind.split(" (")[0] for kind in first_page}
    # On the next page, the nav as a whole (every kind in it seen before) and the <em> (seen in ¶丙):
    # the <code> is new (its paragraph stays, as it holds it), and so are an article and its
    # paragraph that look different (another background: an element's kind includes its look).
    assert marked_second == ['<nav data-axe-repeated=""><a class="x">4</a></nav>', '<em data-axe-repeated="">强</em>']
    assert [kind.split(" (")[0] for kind in second_page] == ["p > code", "body > article", "article > p"]
    assert "rgb(238, 238, 238)" in second_page[1] and "rgb(238, 238, 238)" in second_page[2]
