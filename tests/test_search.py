"""Search: one index per language, a result per paragraph, Chinese sub-words (hooks/search_index.py).

The query-set test runs tests/search_queries.yml in real Chromium over http, and the first query
of each kind from the folder (file://: the same index and search, loaded another way), and prints
the per-query table (shown with `pytest -rP` or `-s`):

    .venv/bin/python -m pytest tests/test_search.py -k query_set -rP
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jieba
import pytest

from conftest import ROOT
from search_index import (
    HAN,
    SPEECH_BOOST,
    WORD_JOINER,
    ZWSP,
    base_for,
    bigrams,
    glossary_words,
    index_document,
    insert_scripts,
    page_entries,
    page_variant,
    read_page,
    segment,
    set_config_base,
    single_han_terms,
    split_word,
    unsearchable,
)

sys.path.insert(0, str(ROOT / "bench"))
import search_bench  # noqa: E402  (bench/ is not a package)

RECALL_REQUIRED = 0.95


@pytest.fixture(scope="module")
def segmenter():
    jieba.dt.check_initialized()
    return jieba.dt


# ---------------------------------------------------------------------------
# The core, on small inputs
# ---------------------------------------------------------------------------

UNIT_PAGE = """
<h1 class="speech speech-part" id="p3"><a class="para-num" data-search-exclude="" href="#p3">¶3</a>一、突出政治性</h1>
<p class="speech speech-body" id="p4"><a class="para-num" data-search-exclude="" href="#p4">¶4</a>以政治上的加强推动<a class="term" href="g.html">全面从严治党</a>向纵深发展<sup id="fnref:n"><a href="#fn:n">1</a></sup>。</p>
<h2 class="speech speech-section" id="p5">1.坚定政治信仰。</h2>
<p class="speech speech-body" id="p5-0">我们之所以取得成果。</p>
<div lang="en"><p>An English aside on a Chinese page.</p></div>
<details class="question"><summary>思考题</summary><p>讲话怎样讲治党？</p></details>
<h2 id="notes">编者说明</h2>
<p>说明文字。</p>
"""


def test_a_page_splits_into_speech_pieces_and_sections_in_its_own_language():
    page = read_page(UNIT_PAGE, "units/part-1.html", "第一部分", "zh")
    assert [(i.id, i.heading, i.text) for i in page.items] == [
        ("p3", True, "一、突出政治性"),
        ("p4", False, "以政治上的加强推动全面从严治党向纵深发展。"),
        ("p5", True, "1.坚定政治信仰。"),
        ("p5-0", False, "我们之所以取得成果。"),
    ]
    top, notes = page.sections
    assert (top.anchor, top.blocks) == (None, ["思考题", "讲话怎样讲治党？"])
    assert (notes.anchor, notes.title, notes.blocks) == ("notes", "编者说明", ["说明文字。"])
    assert "English" not in repr(page)


def test_every_paragraph_is_a_result_of_its_own_and_repeats_elsewhere_are_left_out():
    unit = read_page(UNIT_PAGE, "units/part-1.html", "第一部分", "zh")
    handout = read_page(
        '<h1 id="t">讲义</h1><p><a href="x">¶5</a><strong>1.坚定政治信仰。</strong>我们之所以取得成果。</p>'
        "<p>¶4 以政治上的加强推动全面从严治党向纵深发展。</p><p>¶4 ¶5</p><p>姓名</p>",
        "handouts/part-1.html", "讲义", "zh",
    )
    entries = page_entries([unit, handout])
    locations = [e.location for e in entries]
    assert locations[:9] == [
        "units/part-1.html",
        "units/1/../part-1.html", "units/1/../part-1.html#p3",
        "units/2/../part-1.html", "units/2/../part-1.html#p4",
        "units/3/../part-1.html", "units/3/../part-1.html#p5",
        "units/4/../part-1.html", "units/4/../part-1.html#p5-0",
    ]
    assert len({posixpath.normpath(loc.split("#")[0]) for loc in locations[:9]}) == 1
    assert page_variant("index.html", 2) == "2/../index.html"
    assert len(page_variant("units/part-1.html", 1000)) == len("units/1000/../part-1.html")  # grows with log n, not n
    piece = entries[4]
    assert (piece.title, piece.text, piece.boost) == ("¶4", "<p>以政治上的加强推动全面从严治党向纵深发展。</p>", SPEECH_BOOST)
    header = entries[3]
    assert not header.searchable and header.title.replace(WORD_JOINER, "") == "第一部分"
    # The handout's copy of ¶4 and of ¶5 (heading with body), and its paragraph references, are gone.
    assert entries[-1].location == "handouts/part-1.html" and entries[-1].text == "<p>姓名</p>"


def test_chinese_text_is_segmented_invisibly_with_no_single_character_terms(segmenter):
    text = "做到“两个维护”，把党的政治建设贯穿于全过程，以2020年为例"
    shown = segment(text, segmenter)
    assert shown.replace(ZWSP, "").replace(WORD_JOINER, "") == text
    words = [w for w in re.split(f"[{ZWSP}“”，]+", shown) if HAN.fullmatch(w)]
    assert words and all(len(w) >= 2 for w in words)
    assert split_word("从严治党", segmenter.FREQ) == ["从严", "治党"]
    assert bigrams("从严治党，三会一课") == ["从严", "严治", "治党", "三会", "会一", "一课"]


def test_glossary_terms_and_their_parts_go_into_the_dictionary(segmenter):
    words = glossary_words(["三会一课", "有为才有位、有位必有为"], segmenter)
    assert {"三会一课", "三会", "一课", "有为才有位", "有位必有为"} <= set(words)
    assert all(len(word) >= 2 for word in words)


def test_an_index_has_its_language_and_no_single_han_terms(segmenter):
    page = read_page(UNIT_PAGE, "units/part-1.html", "第一部分", "zh")
    document = index_document(page_entries([page]), "zh", "bigram", segmenter)
    assert document["config"]["lang"] == ["zh"] and document["config"]["cjk"] == "bigram"
    assert document["config"]["pipeline"] == []
    assert single_han_terms(document) == []
    p4 = next(doc for doc in document["docs"] if doc["location"].endswith("#p4"))
    assert "治党" in p4["grams"].split()
    header = next(doc for doc in document["docs"] if doc["location"] == "units/1/../part-1.html")
    assert "grams" not in header and "\u2060第一部分" == header["title"]
    assert unsearchable("Part One: Politics") == "\u2060Part \u2060One: \u2060Politics"


def test_a_page_points_material_at_its_language_root_and_loads_the_rewriter_before_the_bundle():
    html = '<script id="__config" type="application/json">{"annotate": null, "base": "../..", "search": "x"}</script>'
    assert base_for("en/units/part-1.html", "en/") == ".."
    assert base_for("en/index.html", "en/") == "."
    assert set_config_base(html, "..") == html.replace('"../.."', '".."')
    bundle = '<script src="../../assets/javascripts/bundle.d7400e89.min.js" defer></script>'
    assert insert_scripts(f"<p>x</p>{bundle}", ["assets/a.js", "assets/b.js"]) == (
        f'<p>x</p><script src="../../assets/a.js" defer></script><script src="../../assets/b.js" defer></script>{bundle}'
    )


# ---------------------------------------------------------------------------
# The query set stays true to the text
# ---------------------------------------------------------------------------


def test_the_query_set_expects_every_paragraph_that_contains_the_query(corpus):
    queries = search_bench.load_queries()
    assert len(queries["zh"]) >= 40 and len(queries["en"]) >= 40
    for lang, items in queries.items():
        for query in items:
            found = [
                piece.id for piece in corpus.speech.pieces()
                if search_bench.contains(corpus.text(piece.id, lang), query.q)
            ]
            assert list(query.expect) == found, f"{lang} {query.q!r}"


# ---------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------


def load_index(site: Path, lang: str) -> dict:
    return search_bench.read_index(site / search_bench.LANGUAGE_ROOTS[lang] / "search" / "search_index.json")


def test_each_language_has_its_own_index_with_every_paragraph_once(site, corpus):
    for lang in ("zh", "en"):
        root = site / search_bench.LANGUAGE_ROOTS[lang]
        document = load_index(site, lang)
        assert document["config"]["lang"] == [lang]
        assert single_han_terms(document) == []
        pieces = []
        for doc in document["docs"]:
            page, _, fragment = doc["location"].partition("#")
            assert (root / posixpath.normpath(page)).is_file(), doc["location"]
            if re.fullmatch(r"p\d+(-\d+)?", fragment):
                pieces.append(fragment)
                assert doc["boost"] == SPEECH_BOOST
        assert sorted(pieces) == sorted(piece.id for piece in corpus.speech.pieces())
        script = (root / "search" / "search_index.js").read_text("utf-8")
        assert script == "var __index = " + (root / "search" / "search_index.json").read_text("utf-8")
    assert not any(doc["location"].startswith("en/") for doc in load_index(site, "zh")["docs"])
    en_text = json.dumps(load_index(site, "en")["docs"], ensure_ascii=False)
    assert "我们之所以取得疫情防控" not in en_text and "Comrades" in en_text


def test_pages_load_their_language_index_and_only_local_scripts(site):
    for page, root in [("units/part-1.html", site), ("en/units/part-1.html", site / "en"), ("en/index.html", site / "en")]:
        html = (site / page).read_text("utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
        assert ((site / page).parent / config["base"]).resolve() == root.resolve()
        assert "unpkg.com" not in html
        head, body = html.split("</head>")
        assert "<script src" not in head  # nothing that blocks the first render
        assert body.index("iframe-worker/shim.js") < body.index("search-cjk.min.js") < body.index("javascripts/bundle.")


# ---------------------------------------------------------------------------
# In Chromium: the query set, over http and from the folder
# ---------------------------------------------------------------------------


# The conftest's server, but with a trailing slash, as search_bench's URLs expect.
@pytest.fixture(scope="module")
def server(site):
    with search_bench.serve(site) as url:
        yield url


def one_of_each_kind(queries: list[search_bench.Query]) -> list[search_bench.Query]:
    """The first query of each kind (term, part, slogan, word, ...)."""
    first: dict[str, search_bench.Query] = {}
    for query in queries:
        first.setdefault(query.kind, query)
    return list(first.values())


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("mode", ["http", "file"])
def test_query_set_finds_the_expected_paragraphs(mode, site, server, chromium):
    site_url = server if mode == "http" else site.resolve().as_uri() + "/"
    queries = search_bench.load_queries()
    recalls = {}
    for lang in ("zh", "en"):
        docs = search_bench.index_texts(
            search_bench.index_files(site, lang), search_bench.LANGUAGE_ROOTS[lang]
        )  # precision is judged on whole entries, not on the excerpts results show
        asked = queries[lang] if mode == "http" else one_of_each_kind(queries[lang])
        run = chromium.run(search_bench.run_language, site_url, lang, asked, None, False, docs)
        print(f"\n== {mode} {lang}\n{search_bench.table(run)}")
        assert run.wrong == [], f"{lang} site showed results of the other language"
        if mode == "file":
            assert all(url.startswith("file://") for url in run.requests), sorted(set(run.requests))
        else:
            assert {urlparse(url).netloc for url in run.requests} == {urlparse(server).netloc}
        recalls[lang] = run.recall
    assert all(value >= RECALL_REQUIRED for value in recalls.values()), recalls


def _search(browser, site_url: str, lang: str, queries: list[str]) -> dict[str, list[search_bench.Result]]:
    context = browser.new_context()
    try:
        session = search_bench.SearchSession(context.new_page(), search_bench.start_url(site_url, lang), site_url)
        return {q: session.search(q) for q in queries}
    finally:
        context.close()


@pytest.mark.browser
def test_each_site_shows_only_its_own_language(server, chromium):
    for lang, queries in [("zh", ["Two Upholds", "epidemic"]), ("en", ["两个维护", "疫情"])]:
        for q, results in chromium.run(_search, server, lang, queries).items():
            assert search_bench.wrong_language(results, lang) == [], (lang, q)


def _open_result(browser, server: str) -> dict:
    """Search 店小二 on the Chinese site, note what the results show, open the paragraph's result."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        session = search_bench.SearchSession(page, f"{server}index.html", server)
        seen = {"first": search_bench.ranked(session.search("店小二"))[0].target}
        seen["share"] = page.locator("[data-md-component=search-share]").get_attribute("href")
        seen["marks"] = page.locator(".md-search-result__list mark").all_text_contents()
        page.locator(".md-search-result__list a.md-search-result__link").filter(has_text="¶10.3").first.click()
        page.wait_for_url(re.compile(r"units/part-2\.html\?h=.*#p10-3$"))
        seen["url"] = page.url
        page.wait_for_selector("#p10-3 mark[data-md-highlight]")
        seen["highlight"] = page.locator("#p10-3 mark[data-md-highlight]").first.text_content()
        return seen
    finally:
        context.close()


@pytest.mark.browser
def test_a_result_opens_its_paragraph_with_the_query_highlighted_and_the_search_can_be_shared(server, chromium):
    seen = chromium.run(_open_result, server)
    assert seen["first"] == "units/part-2.html#p10-3"
    assert parse_qs(urlparse(seen["share"]).query)["q"] == ["店小二"]
    assert seen["marks"] and {m.replace(ZWSP, "").replace(WORD_JOINER, "") for m in seen["marks"]} == {"店小二"}
    assert parse_qs(urlparse(seen["url"]).query)["h"] == ["店小二"]
    assert seen["highlight"] == "店小二"
