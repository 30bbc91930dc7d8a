"""The built library (conftest.library_site: the seed and both corpus speeches, added by `new`, strict, both languages).

What a reader of a library sees: every speech readable and verbatim, the home page listing them in the
library's order with what their data says and nothing more, English only where English exists.
The concordance and the glossary's backlinks across speeches are in tests/test_concordance.py.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from fidelity import fidelity_problems
from library import Library, load_library
from markup import speech_pieces


@pytest.fixture(scope="session")
def built_library(library_site) -> Library:
    return load_library(library_site.parent)


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text("utf-8"), "html.parser")


def test_every_speech_is_on_its_unit_pages_verbatim(library_site, built_library):
    assert len(built_library.speeches) == 4
    for corpus in built_library:
        for lang in corpus.languages:
            folder = library_site if lang == "zh" else library_site / lang
            pieces = [piece for unit in corpus.units
                      for piece in speech_pieces((folder / built_library.unit_page(corpus.slug, unit.id).replace(".md", ".html")).read_text("utf-8"))]
            if lang == "zh":
                assert fidelity_problems(corpus.speech, pieces) == [], corpus.slug
            assert [piece_id for piece_id, _ in pieces] == [piece.id for piece in corpus.speech.pieces()], (corpus.slug, lang)


def test_the_home_page_lists_every_speech_in_the_librarys_order_with_its_facts(library_site, built_library):
    for home, lang in (("index.html", "zh"), ("en/index.html", "en")):
        blocks = page(library_site, home).select(".library-speech")
        shown = ["".join(block.find("h3").get_text().split()).removesuffix("Chineseonly") for block in blocks]
        assert shown == ["".join(corpus.title(lang).split()) for corpus in built_library]
        for block, corpus in zip(blocks, built_library):
            facts = block.select_one(".library-facts").get_text(" ", strip=True)
            for value in (corpus.meta.date, corpus.meta.speaker, corpus.meta.place):
                assert (value in facts) if value else True
            chars = sum(len("".join(p.text.split())) for p in corpus.speech.paragraphs[1:])
            assert f"{chars:,}" in facts or str(chars) in facts
    # The seed states no speaker, date or place: the library invents none.
    seed = page(library_site, "index.html").select(".library-speech")[0].select_one(".library-facts").get_text()
    assert "讲话人" not in seed and "日期" not in seed and "地点" not in seed


def test_english_exists_only_where_a_speech_is_translated(library_site, built_library):
    home = page(library_site, "en/index.html")
    for block, corpus in zip(home.select(".library-speech"), built_library):
        link = block.select_one("h3 a")["href"]
        if corpus.translation:
            assert "Chinese only" not in block.get_text() and not link.startswith("../")
        else:
            assert "Chinese only" in block.get_text()
            assert link == f"../{corpus.slug}/index.html" and (library_site / corpus.slug / "index.html").is_file()
            assert not (library_site / "en" / corpus.slug).exists()


def test_each_speech_has_its_overview_handouts_and_indexes(library_site, built_library):
    for corpus in built_library:
        if corpus.slug == built_library.root:
            continue
        overview = page(library_site, f"{corpus.slug}/index.html")
        text = overview.get_text()
        assert corpus.title("zh") in text
        for part in corpus.speech.outline.parts:
            assert part.title in text
        for unit in corpus.units:
            assert (library_site / corpus.slug / "handouts" / f"{unit.id}.html").is_file()
        for kind in ("structure", "directives", "slogans", "documents"):
            assert (library_site / corpus.slug / "indexes" / f"{kind}.html").is_file()
