"""Printing pages from the browser (Chromium's print to PDF, A4): text only, page numbers, no blank last page."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from browser_support import each_page
from questions import load_questions

pytestmark = pytest.mark.browser

A4 = (595.28, 841.89)


def printed(chromium, *urls: str) -> list[list[str]]:
    """Print each URL to an A4 PDF as a reader would (print media, the page's own @page rules): text per
    page. `chromium`: the conftest's async_chromium; the URLs print at once, each in a tab of its own."""

    async def scenario(browser):
        context = await browser.new_context(viewport={"width": 1280, "height": 800})

        async def print_page(url: str) -> bytes:
            page = await context.new_page()
            await page.goto(url)
            await page.wait_for_load_state("networkidle")
            pdf = await page.pdf(format="A4", prefer_css_page_size=True)
            await page.close()
            return pdf

        try:
            return list((await each_page(urls, print_page)).values())
        finally:
            await context.close()

    texts = []
    for data in chromium.run(scenario):
        reader = PdfReader(io.BytesIO(data))
        for pdf_page in reader.pages:
            width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
            assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1, (width, height)
        texts.append([radicals_as_ideographs("".join(pdf_page.extract_text().split())) for pdf_page in reader.pages])
    return texts


def radicals_as_ideographs(text: str) -> str:
    """Chromium maps some glyphs of the CJK fonts back to Kangxi radicals (⼀ U+2F00 for 一): undo that only."""
    return "".join(unicodedata.normalize("NFKC", char) if "\u2f00" <= char <= "\u2fdf" else char for char in text)


def shows(expected: str, text: str) -> bool:
    """`expected` (whitespace removed) occurs in `text`, where a CJK radical (U+2E80–U+2EFF, which Chromium's
    PDF text may give for an ideograph of the same shape, ⺠ for 民) may stand for any character."""
    pattern = "".join(f"(?:{re.escape(char)}|[\u2e80-\u2eff])" for char in "".join(expected.split()))
    return re.search(pattern, text) is not None


def without_page_number(text: str, number: int, total: int) -> str:
    footer = f"{number}/{total}"
    assert footer in text, f"page {number}: no page number"
    return text.replace(footer, "", 1)


def test_a_printed_unit_page_is_a4_text_only_with_its_questions_open(async_chromium, server, corpus):
    (pages,) = printed(async_chromium, f"{server}/units/part-1.html")
    assert 3 <= len(pages) <= 12
    texts = [without_page_number(text, n, len(pages)) for n, text in enumerate(pages, 1)]
    whole = "".join(texts)
    # No navigation chrome: header, search, sidebars, footer, buttons.
    for chrome in ("学习读本", "搜索", "学习指南", "中英对照：第一部分", "上一页", "下一页", "Made with", "下载讲义", "中英对照阅读本单元"):
        assert chrome not in whole, chrome
    # The text is there, and the collapsed questions are printed open.
    assert shows(corpus.text("p7-3", "zh"), whole)
    questions = load_questions(corpus.data_dir / "questions.yml", corpus.speech, corpus.units)["part-1"]
    assert shows(questions.discussion[-1].text["zh"], whole)
    # No blank trailing page: the last page carries text besides its number.
    assert texts[-1], "the last printed page is blank"


def test_a_printed_handout_page_and_english_page_have_no_blank_last_page(async_chromium, server):
    paths = ("/handouts/closing.html", "/en/units/opening.html", "/guide.html")
    for path, pages in zip(paths, printed(async_chromium, *(server + path for path in paths))):
        texts = [without_page_number(text, n, len(pages)) for n, text in enumerate(pages, 1)]
        assert texts[-1], f"{path}: the last printed page is blank"
        assert not re.search("Study Reader|学习读本：在", "".join(texts)), path
