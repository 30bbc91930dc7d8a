"""Search across a library of speeches: an index file per speech part, a shared index, a term table
(hooks/search_index.py), loaded on demand by search-cjk.js; in Chromium on a library of two speeches."""

from __future__ import annotations

import json

import jieba
import pytest

from browser_support import serve_directory
from conftest import TRANSLATED_COPY
from library import Library
from search_index import (
    LIBRARY_FOLDER,
    Section,
    LOADED_CALLBACK,
    PageText,
    SpeechItem,
    doc_terms,
    library_files,
    library_index,
    mask_parts,
    page_entries,
    page_part,
    part_mask,
    shard_of,
)

# The speech the browser test searches from: translated, so its pages are in both languages.
SLUG = TRANSLATED_COPY[0]


def test_a_page_goes_in_the_shared_index_or_in_its_speechs_text_or_study_file(library):
    seed = library.pages("zuzhi-2020", has_questions=True)
    assert page_part("glossary.md", "zuzhi-2020", seed) == ""
    assert page_part("index.md", "zuzhi-2020", seed) == ""
    assert page_part("maintainers/search.md", "zuzhi-2020", seed) == ""
    assert page_part("units/part-1.md", "zuzhi-2020", seed) == "zuzhi-2020.text"
    assert page_part("handouts/part-1.md", "zuzhi-2020", seed) == "zuzhi-2020.study"
    assert page_part("about.md", "zuzhi-2020", seed) == "zuzhi-2020.study"
    # A speech in a folder of its own: its overview (index.md) is its own, not the library's home.
    other = Library(library.root, {**library.speeches, "dangshi-2021": library["zuzhi-2020"]})
    pages = other.pages("dangshi-2021", has_questions=False)
    assert page_part("dangshi-2021/index.md", "dangshi-2021", pages) == "dangshi-2021.study"
    assert page_part("dangshi-2021/units/opening.md", "dangshi-2021", pages) == "dangshi-2021.text"


def test_a_set_of_files_is_a_short_hex_mask_and_back():
    assert part_mask([0]) == "1"
    assert part_mask([0, 5]) == "12"
    assert part_mask([]) == ""
    for numbers in ([1, 2, 3], [0, 4, 49, 99], list(range(50))):
        assert mask_parts(part_mask(numbers)) == numbers


def test_the_terms_of_an_entry_are_its_pairs_run_ends_and_lower_case_words():
    doc = {"title": "¶4", "text": "<p>全面\u200b从严\u200b治党，Party-building</p>"}
    terms = doc_terms(doc, r"[\s\u200b\-，]+")
    assert {"全面", "面从", "从严", "严治", "治党", "党"} <= terms
    assert {"party", "building", "¶4", "4"} <= terms
    assert "全" not in terms  # a query of one character is a prefix of the pairs it starts


def _page(url: str, part: str, text: str) -> PageText:
    return PageText(url, "单元", (SpeechItem("p1", False, text),), (Section(None, ""),), part)


def test_the_library_index_splits_by_speech_and_its_table_names_the_texts_holding_a_term():
    pages = [
        PageText("glossary.html", "术语表", (), (Section(None, "术语表", ["担当：敢于负责。"]),), ""),
        _page("units/a.html", "one.text", "敢于担当作为。"),
        _page("handouts/a.html", "one.study", "讲义里的担当。"),
        _page("two/units/a.html", "two.text", "勇于担当。"),
        _page("three/units/a.html", "three.text", "从严治党。"),
    ]
    index = library_index(page_entries(pages), "zh", jieba.dt, {"one": "第一篇", "two": "第二篇", "three": "第三篇"})
    library = index.shared["config"]["library"]
    assert library["speeches"] == {"one": "第一篇", "two": "第二篇", "three": "第三篇"}
    assert library["parts"] == ["one.text", "one.study", "two.text", "three.text"]
    assert library["texts"] == ["one.text", "two.text", "three.text"]
    assert [doc["location"] for doc in index.shared["docs"]] == ["glossary.html"]
    assert all(doc["location"].startswith("two/") for doc in index.parts["two.text"])
    table = {term: mask for shard in index.shards for term, mask in shard.items()}
    assert [library["texts"][n] for n in mask_parts(table["担当"])] == ["one.text", "two.text"]
    assert [library["texts"][n] for n in mask_parts(table["治党"])] == ["three.text"]
    assert "讲义" not in table  # study pages are loaded with their speech, never through the table
    for number, shard in enumerate(index.shards):
        assert all(shard_of(term, library["shards"]) == number for term in shard)
    # The hidden field of pairs is made in the browser: a flag, not the pairs.
    assert {doc.get("grams") for doc in index.parts["one.text"]} <= {1, None}
    files = library_files(index)
    assert set(files) == {f"{LIBRARY_FOLDER}/{name}.js" for name in library["parts"]} | {
        f"{LIBRARY_FOLDER}/terms-{n}.js" for n in range(library["shards"])}
    script = files[f"{LIBRARY_FOLDER}/two.text.js"]
    assert script.startswith(f'{LOADED_CALLBACK}("two.text",')
    assert json.loads(script[len(f'{LOADED_CALLBACK}("two.text",'):-1])["docs"] == index.parts["two.text"]


def test_pages_of_a_speech_the_library_does_not_list_fail():
    with pytest.raises(ValueError, match="gone.text"):
        library_index(page_entries([_page("gone/units/a.html", "gone.text", "担当。")]), "zh", jieba.dt, {"one": "第一篇"})


# ---------------------------------------------------------------------------
# In Chromium: the test library (conftest.library_site), searched from a page of the seed's translated copy
# ---------------------------------------------------------------------------


def _search(browser, url: str, query: str, narrow: bool) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(url)
        page.focus("input.md-search__input")
        scope = page.locator(".md-search__scope input")
        scope.wait_for(state="visible", timeout=30_000)
        if narrow:  # by keyboard: Tab from the query box to the checkbox, Space, Tab back
            page.press("input.md-search__input", "Tab")
            page.keyboard.press(" ")
            assert scope.is_checked()
            page.keyboard.press("Tab")
        page.fill("input.md-search__input", query)
        page.press("input.md-search__input", "End")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30_000)
        items = page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => ({
            speech: (item.querySelector('.md-search-result__speech') || {}).textContent || '',
            href: item.querySelector('a').getAttribute('href'),
        }))""")
        # Narrowing after a search runs it again.
        if narrow:
            scope.uncheck()
            page.wait_for_function("slug => [...document.querySelectorAll('.md-search-result__item a')].some(a => !a.href.includes('/' + slug + '/'))", arg=SLUG, timeout=30_000)
            wider = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.getAttribute('href'))")
            return {"items": items, "wider": wider}
        page.press("input.md-search__input", "Enter")  # opens the best result: the current speech's
        page.wait_for_url(lambda address: "h=" in address)  # a result link, with the words to highlight
        return {"items": items, "opened": page.url}
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("mode", ["http", "file"])
def test_search_names_each_speech_puts_the_current_one_first_and_narrows_to_it(mode, library_site, chromium):
    with serve_directory(library_site) as server:
        base = server.rstrip("/") + "/" if mode == "http" else library_site.resolve().as_uri() + "/"
        url = f"{base}{SLUG}/units/part-2.html"
        across = chromium.run(_search, url, "担当", False)
        narrowed = chromium.run(_search, url, "担当", True)
    speeches = [item["speech"] for item in across["items"]]
    assert f"/{SLUG}/units/" in across["opened"]
    copy_title, seed_title = TRANSLATED_COPY[1]["zh"], "在2020年全市组织工作会议上的讲话"
    assert any(copy_title in speech for speech in speeches) and any(speech == seed_title for speech in speeches)
    own = [copy_title in speech for speech in speeches if speech]
    assert own == sorted(own, reverse=True)  # the current speech's results first
    assert narrowed["items"] and all(copy_title in item["speech"] for item in narrowed["items"])
    assert all(f"{SLUG}/" in item["href"] for item in narrowed["items"])
    assert any(f"{SLUG}/" not in href for href in narrowed["wider"])
