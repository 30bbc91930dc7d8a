"""Meeting mode in real Chromium: one accessible toggle, large text, no navigation, the paragraph kept in view."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from test_print import browser, server  # noqa: F401  (the same Chromium and local server fixtures)

pytestmark = pytest.mark.browser


def font_size(page, selector: str) -> float:
    return page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)")


def top_of(page, selector: str) -> float:
    return page.locator(selector).bounding_box()["y"]


def header_bottom(page) -> float:
    return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")


def test_meeting_mode_enlarges_hides_navigation_keeps_the_paragraph_and_is_remembered(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(f"{server}/units/part-2.html")
    toggle = page.get_by_role("button", name=re.compile("会议模式"))
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.locator(".md-sidebar--primary").is_visible()
    normal = font_size(page, ".md-content__inner")

    # The reader is at ¶11.2; switching keeps it at the top of the screen.
    page.evaluate("document.getElementById('p11-2').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(100)
    toggle.click()
    page.wait_for_timeout(200)
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.classList.contains('meeting-mode')")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-sidebar--secondary").is_visible()
    assert not page.locator(".md-header__option").is_visible()
    assert font_size(page, ".md-content__inner") >= 1.3 * normal
    assert header_bottom(page) - 2 <= top_of(page, "#p11-2") < 200

    # → moves to the next paragraph, highlights it and keeps it in view; the address follows.
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelector('.meeting-current').id") == "p11-3"
    assert header_bottom(page) - 2 <= top_of(page, "#p11-3") < 200
    assert page.evaluate("location.hash") == "#p11-3"

    # Remembered on this device: a reload (or another page) opens in meeting mode at the same paragraph.
    page.reload()
    page.wait_for_timeout(300)
    assert page.get_by_role("button", name=re.compile("会议模式")).get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.querySelector('.meeting-current').id") == "p11-3"
    assert header_bottom(page) - 2 <= top_of(page, "#p11-3") < 200

    # Esc leaves it, and that is remembered too.
    page.keyboard.press("Escape")
    page.wait_for_timeout(100)
    assert page.locator(".md-sidebar--primary").is_visible()
    page.goto(f"{server}/en/units/part-2.html")
    toggle = page.get_by_role("button", name=re.compile("Meeting mode"))
    assert toggle.get_attribute("aria-pressed") == "false"
    assert hosts == {urlparse(server).netloc}  # no external script or font
    context.close()


def test_meeting_mode_is_keyboard_operable(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(f"{server}/handouts/part-1.html")
    toggle = page.locator(".meeting-toggle")
    assert toggle.evaluate("el => el.tagName") == "BUTTON"
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(100)
    assert page.evaluate("document.documentElement.classList.contains('meeting-mode')")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(100)
    assert page.locator(".meeting-current").count() == 1
    context.close()
