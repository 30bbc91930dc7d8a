"""The generated index pages in the built site (strict, both languages): every entry reaches its paragraph."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import GLOSSARY, RENDERINGS, built_path, texts
from extraction import glossary_terms
from library import INDEX_KINDS
from index_rules import load_indexes
from glossary import load_glossary, load_renderings

PAGES = [f"indexes/{kind}.md" for kind in INDEX_KINDS]

# CJK: the ideographs, CJK punctuation (、。《》) and full-width forms (，：（）); not the curly quotes,
# which English uses too.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# A Chinese term in brackets after its English, as the glossary and phrase entries give it: (应建尽建).
BRACKETED_TERM = re.compile(r"[(（][^()（）]{1,12}[)）]")
# The acceptance bound of issue 14: an English reader can use the English directive index.
MAX_CJK_SHARE = 0.06


def cjk_share(text: str) -> float:
    """The share of CJK characters among the non-space characters of `text`, not counting
    bracketed terms of at most 12 characters that hold Chinese (the term after its English)."""
    text = BRACKETED_TERM.sub(lambda m: "" if CJK.search(m.group()) else m.group(), text)
    characters = [c for c in text if not c.isspace()]
    return sum(1 for c in characters if CJK.match(c)) / len(characters)


def test_cjk_share_counts_chinese_but_not_bracketed_terms():
    assert cjk_share("We must 推动 it") == 2 / 10
    assert cjk_share("established wherever they should be (应建尽建)") == 0
    assert cjk_share("ab（一二三四五六七八九十一二三）") > 0.8  # longer than a term: counted
    assert cjk_share("“two new” (x)") == 0 and cjk_share("《条例》") == 1


@pytest.fixture(scope="module")
def indexes(corpus):
    terms = glossary_terms(load_glossary(GLOSSARY, texts(corpus)))
    return load_indexes(corpus.data_dir / "indexes.yml", corpus.speech, terms)


def content_links(site, src: str, lang: str) -> list[tuple[str, str]]:
    """(link text, href) of every link in the page's article, the heading permalinks left out."""
    soup = BeautifulSoup(built_path(site, src, lang).read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None, src
    return [(a.get_text(" ", strip=True), a["href"]) for a in article.select("a[href]") if "headerlink" not in a.get("class", [])]


def resolve(site, src: str, lang: str, href: str):
    """The built file and the fragment a relative link of a page points to."""
    page = built_path(site, src, lang)
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, f"{src}: external link {href}"
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    return target, parts.fragment


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("src", PAGES)
def test_every_index_link_points_to_an_existing_paragraph_anchor(site, src, lang):
    links = content_links(site, src, lang)
    assert links, f"{src} ({lang}) has no links"
    paragraphs = 0
    parsed: dict = {}  # each target page parsed once, not once per link
    for text, href in links:
        target, fragment = resolve(site, src, lang, href)
        assert target.is_file(), f"{src} ({lang}): {href} -> missing {target}"
        if not fragment:
            continue
        if target not in parsed:
            parsed[target] = BeautifulSoup(target.read_text("utf-8"), "html.parser")
        element = parsed[target].find(id=fragment)
        assert element is not None, f"{src} ({lang}): {href} -> no #{fragment} in {target.name}"
        if text.startswith("¶") or "structure" in src:
            # A paragraph link: the anchor is a numbered speech piece on a unit page.
            assert "speech" in element.get("class", []), f"{src} ({lang}): {href} is no paragraph"
            assert posixpath.basename(posixpath.dirname(target.as_posix())) == "units"
            paragraphs += 1
        else:
            assert target.name == "glossary.html" and fragment.startswith("term-"), href
    assert paragraphs > 0


def test_link_counts_match_the_extraction(site, indexes):
    ex = indexes.extraction
    expected = {
        "indexes/slogans.md": sum(len(p.occurrences) for p in ex.phrases) + sum(len(f.occurrences) for f in ex.formulas),
        "indexes/directives.md": 2 * len(ex.directives),  # by section and by verb
        "indexes/documents.md": sum(len(d.occurrences) for d in ex.documents),
        "indexes/structure.md": 1 + len(ex.parts) + sum(len(p.sections) for p in ex.parts) + 18 + 1,
    }
    for lang in ("zh", "en"):
        for src, count in expected.items():
            links = content_links(site, src, lang)
            paragraph_links = [href for _, href in links if "units/" in href.split("#")[0]]
            assert len(paragraph_links) == count, (src, lang)


def test_glossary_terms_link_to_their_entries(site, indexes):
    for lang in ("zh", "en"):
        hrefs = [href for _, href in content_links(site, "indexes/slogans.md", lang)]
        assert "../glossary.html#term-si-ge-yi-shi" in hrefs
        assert "../glossary.html#term-jing-zi" in hrefs  # 尺子 and 锤子 are aliases of the 镜子 entry


def test_english_pages_show_each_phrase_in_english_with_its_chinese(site, indexes):
    soup = BeautifulSoup(built_path(site, "indexes/slogans.md", "en").read_text("utf-8"), "html.parser")
    items = [li.get_text() for li in soup.select("article li")]
    for phrase in indexes.extraction.phrases:
        english = indexes.english(phrase.text)
        assert any(english in item and phrase.text in item for item in items), phrase.text


def test_structure_map_is_html_and_css_only(site):
    for lang in ("zh", "en"):
        soup = BeautifulSoup(built_path(site, "indexes/structure.md", lang).read_text("utf-8"), "html.parser")
        figure = soup.select_one(".structure-map")
        assert figure is not None
        assert not figure.select("script, img, iframe, object")
        assert len(figure.select("a[href]")) == 32  # opening, 3 parts, 9 sections, 18 points, closing


def test_english_directive_index_is_english(site):
    """Under 6 % CJK in the article text of the English directive index (issue 14's acceptance)."""
    soup = BeautifulSoup(built_path(site, "indexes/directives.md", "en").read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    for permalink in article.select(".headerlink"):
        permalink.decompose()
    share = cjk_share(article.get_text(" "))
    assert share < MAX_CJK_SHARE, f"{share:.1%} CJK on the English directive index"
    assert "We must persist in studying in depth and reflecting carefully." in article.get_text(" ")


def test_directive_clauses_use_the_termbase(indexes, corpus):
    """One termbase: each English clause renders the glossary terms and listed words of its Chinese
    as the translation does (the glossary's headword or a listed variant; 干部 → official)."""
    from test_termbase import BilingualPiece, missing_renderings  # the termbase test's own check

    entries = load_glossary(GLOSSARY, texts(corpus))
    renderings = load_renderings(RENDERINGS, texts(corpus), entries)
    pieces = [
        BilingualPiece(f"indexes.yml directives {d.piece_id} '{d.text[:12]}…'", d.text, indexes.clause(d))
        for d in indexes.extraction.directives
    ]
    assert missing_renderings(pieces, entries, renderings) == []
