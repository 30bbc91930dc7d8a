"""Meeting mode in real Chromium: one accessible toggle, large text, no navigation, the paragraph kept in view."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

FONT_SIZE = "parseFloat(getComputedStyle(document.querySelector('.md-content__inner')).fontSize)"
HEADER_BOTTOM = "document.querySelector('.md-header').getBoundingClientRect().bottom"
MEETING = "document.documentElement.classList.contains('meeting-mode')"
CURRENT = "document.querySelector('.meeting-current') && document.querySelector('.meeting-current').id"


async def near_top(page, selector: str) -> bool:
    """The element starts just below the header, in the top quarter of the screen."""
    top = (await page.locator(selector).bounding_box())["y"]
    return await page.evaluate(HEADER_BOTTOM) - 2 <= top < 200


def test_meeting_mode_enlarges_hides_navigation_keeps_the_paragraph_and_is_remembered(async_chromium, server):
    hosts: set[str] = set()

    async def scenario(browser):
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        page = await context.new_page()
        page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
        await page.goto(f"{server}/units/part-2.html")
        toggle = page.get_by_role("button", name=re.compile("会议模式"))
        assert await toggle.get_attribute("aria-pressed") == "false"
        assert await page.locator(".md-sidebar--primary").is_visible()
        normal = await page.evaluate(FONT_SIZE)

        # The reader is at ¶11.2; switching keeps it at the top of the screen, as the current paragraph.
        await page.evaluate("document.getElementById('p11-2').scrollIntoView({block: 'start'})")
        await page.wait_for_timeout(100)
        await toggle.click()
        await page.wait_for_timeout(200)
        assert await toggle.get_attribute("aria-pressed") == "true"
        assert await page.evaluate(MEETING)
        for hidden in (".md-sidebar--primary", ".md-sidebar--secondary", ".md-header__option", ".md-footer"):
            assert not await page.locator(hidden).is_visible(), hidden
        assert await page.evaluate(FONT_SIZE) >= 1.3 * normal
        assert await near_top(page, "#p11-2")
        assert await page.evaluate(CURRENT) == "p11-2"

        # → moves to the next paragraph, highlights it and keeps it in view; the address follows.
        await page.keyboard.press("ArrowRight")
        await page.wait_for_timeout(200)
        assert await page.evaluate(CURRENT) == "p11-3"
        assert await near_top(page, "#p11-3")
        assert await page.evaluate("location.hash") == "#p11-3"
        await page.keyboard.press("ArrowLeft")
        await page.keyboard.press("ArrowRight")

        # A projector with another resolution: the paragraph stays in view.
        await page.set_viewport_size({"width": 1024, "height": 768})
        await page.wait_for_timeout(300)
        assert await near_top(page, "#p11-3")

        # Remembered on this device: a reload opens in meeting mode at the same paragraph.
        await page.reload()
        await page.wait_for_timeout(300)
        assert await page.get_by_role("button", name=re.compile("会议模式")).get_attribute("aria-pressed") == "true"
        assert await page.evaluate(CURRENT) == "p11-3"
        assert await near_top(page, "#p11-3")

        # Esc leaves it, and that is remembered too (on the English pages as well).
        await page.keyboard.press("Escape")
        await page.wait_for_timeout(100)
        assert await page.locator(".md-sidebar--primary").is_visible()
        await page.goto(f"{server}/en/units/part-2.html")
        toggle = page.get_by_role("button", name=re.compile("Meeting mode"))
        assert await toggle.get_attribute("aria-pressed") == "false"
        assert not await page.evaluate(MEETING)
        await context.close()

    async_chromium.run(scenario)
    assert hosts == {urlparse(server).netloc}  # no external script or font


def test_meeting_mode_is_a_keyboard_operable_button(async_chromium, server):
    async def scenario(browser):
        context = await browser.new_context(viewport={"width": 1024, "height": 768})
        page = await context.new_page()
        await page.goto(f"{server}/handouts/part-1.html")
        toggle = page.locator(".meeting-toggle")
        assert await toggle.evaluate("el => el.tagName") == "BUTTON"
        assert await toggle.get_attribute("aria-label")
        await toggle.focus()
        await page.keyboard.press("Enter")
        await page.wait_for_timeout(100)
        assert await page.evaluate(MEETING)
        await page.keyboard.press("ArrowRight")
        await page.wait_for_timeout(100)
        assert await page.locator(".meeting-current").count() == 1
        await context.close()

    async_chromium.run(scenario)
