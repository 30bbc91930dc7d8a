"""The concordance across speeches (hooks/concordance.py) and the glossary's backlinks grouped by speech.

Unit tests on the pure core with small speeches; then the test library (conftest.library_site: the
seed, both corpus texts of tests/fixtures added by `new`, a translated copy of the seed), built strict
once per session.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import lxml.html
import pytest
import yaml

from concordance import ConcordanceLinks, FormFinder, Source, concordance, render_concordance
from extraction import extract
from glossary import Entry, SpeechName, render_glossary
from library import Library, load_library
from conftest import LIBRARY_ALIASES
from speech import parse_speech

ROOT = Path(__file__).resolve().parent.parent


# --- the core ---------------------------------------------------------------------------


def speech_of(*paragraphs: str):
    return parse_speech("标题\n\n" + "\n".join(paragraphs) + "\n")


def source(slug: str, *paragraphs: str) -> Source:
    speech = speech_of(*paragraphs)
    return Source(slug, speech, extract(speech))


def entry(entry_id: str, term: str, *aliases: str, en: str = "") -> Entry:
    return Entry(entry_id, term, aliases, "", en or entry_id, "formula", {}, {}, (), (), ())


def row_named(rows, name):
    return next(row for row in rows if row.name == name)


def hits(row, slug):
    """(piece, quoted), or (piece, the marks it lies within) for an occurrence inside a longer quotation or title."""
    return [(hit.piece_id, hit.inside or hit.quoted) for hit in row.hits[slug]]


def test_a_phrase_quoted_in_one_speech_is_found_unquoted_in_another():
    rows = concordance(
        [source("a", "要做到“两个维护”。"), source("b", "同志们：", "坚决做到两个维护，增强四个意识。")],
        [],
    )
    row = row_named(rows, "两个维护")
    assert list(row.hits) == ["a", "b"]
    assert hits(row, "a") == [("p1", True)]
    assert hits(row, "b") == [("p2", False)]
    # 四个意识 is neither quoted nor a rule's formula in b: no row of its own.
    assert all(row.name != "四个意识" for row in rows)


def test_variants_merge_only_through_glossary_aliases():
    entries = [entry("liang-ge-wei-hu", "两个维护", "两个坚决维护", en="Two Upholds")]
    rows = concordance(
        [source("a", "做到“两个维护”，“两个坚决维护”。"), source("b", "落实“两个坚决维护”和“两个维护者”。")],
        entries,
    )
    merged = row_named(rows, "两个维护")
    assert merged.entry is entries[0] and merged.forms == ("两个维护", "两个坚决维护")
    assert merged.english == "Two Upholds"
    assert hits(merged, "a") == [("p1", True), ("p1", True)]
    # 两个维护者 is no alias: a row of its own, whose quotation holds 两个维护.
    assert hits(merged, "b") == [("p1", True), ("p1", "quote")]
    assert hits(row_named(rows, "两个维护者"), "b") == [("p1", True)]
    assert all(row.name != "两个坚决维护" for row in rows)


def test_an_alias_inside_its_term_counts_once():
    entries = [entry("bu-wang", "不忘初心、牢记使命", "不忘初心")]
    rows = concordance([source("a", "“不忘初心、牢记使命”主题教育，不忘初心。")], entries)
    assert hits(row_named(rows, "不忘初心、牢记使命"), "a") == [("p1", True), ("p1", False)]


def test_documents_are_rows_quoted_only_in_title_marks():
    rows = concordance([source("a", "学习《准则》。"), source("b", "按照准则办事，“准则”要记牢，学习《若干准则》。")], [])
    row = row_named(rows, "准则")
    assert row.document
    assert hits(row, "a") == [("p1", True)]
    assert hits(row, "b") == [("p1", False), ("p1", True), ("p1", "title")]


def test_an_occurrence_within_a_longer_quotation_is_told_from_an_unquoted_one():
    rows = concordance([source("a", "推行“人才+”模式：“人才+产业”，‘人才+’。", "人才+基地。")], [])
    assert hits(row_named(rows, "人才+"), "a") == [("p1", True), ("p1", "quote"), ("p1", True), ("p2", False)]


def test_a_one_character_phrase_counts_only_where_quoted():
    rows = concordance([source("a", "关键在“干”。"), source("b", "干部要实干。")], [])
    assert list(row_named(rows, "干").hits) == ["a"]


def test_rows_sorted_by_speeches_then_occurrences_then_pinyin():
    rows = concordance(
        [
            source("a", "“班子”“队伍”“队伍”“作风”。"),
            source("b", "“作风”好，“阵地”稳。"),
            source("c", "“阵地”建设。"),
        ],
        [],
    )
    # 作风 and 阵地 are in two speeches (2 occurrences each: pinyin zuo > zhen), then 队伍 (2), 班子 (1).
    assert [row.name for row in rows] == ["阵地", "作风", "队伍", "班子"]
    assert [(row.speech_count, row.total) for row in rows] == [(2, 2), (2, 2), (1, 2), (1, 1)]


def test_every_occurrence_the_extraction_finds_is_a_hit():
    speech = speech_of("突出“三严三实”，坚持“两学一做”。", "“三严三实”是要求；《关于新形势下党内政治生活的若干准则》。")
    extraction = extract(speech)
    rows = concordance([Source("a", speech, extraction)], [])
    for phrase in extraction.phrases:
        assert [(o.piece_id, True) for o in phrase.occurrences] == hits(row_named(rows, phrase.text), "a")
    for document in extraction.documents:
        assert [(o.piece_id, True) for o in document.occurrences] == hits(row_named(rows, document.title), "a")


def test_form_finder_reports_overlapping_and_nested_forms():
    finder = FormFinder(["三个代表", "三个代表重要思想", "代表"])
    assert sorted(finder.find("践行三个代表重要思想")) == [(2, "三个代表"), (2, "三个代表重要思想"), (4, "代表")]
    assert sorted(FormFinder(["干", "干部"]).find("干部干")) == [(0, "干"), (0, "干部"), (2, "干")]
    assert list(FormFinder([]).find("文本")) == []


def test_english_comes_from_the_glossary_or_a_speech_rules_never_invented():
    reviewed = Source("a", speech_of("“赶考”路上。"), extract(speech_of("“赶考”路上。")), english={"赶考": "the exam"}.get)
    unreviewed = source("b", "“黑天鹅”事件，“赶考”。")
    rows = concordance([unreviewed, reviewed], [])
    assert row_named(rows, "赶考").english == "the exam"
    assert row_named(rows, "黑天鹅").english is None


def render(rows, lang, titles):
    links = ConcordanceLinks(piece=lambda slug, piece_id: f"{slug}.md#{piece_id}", term=lambda anchor: f"glossary.md#{anchor}")
    return render_concordance(rows, titles, lang, links)


def test_the_page_lists_shared_rows_first_and_collapses_each_speech_own_rows():
    entries = [entry("liang-ge-wei-hu", "两个维护", en="Two Upholds")]
    rows = concordance([source("a", "做到“两个维护”和“对表”。"), source("b", "做到两个维护。")], entries)
    titles = {"a": SpeechName("讲话甲", "zh"), "b": SpeechName("讲话乙", "zh")}
    page = render(rows, "zh", titles)
    assert page.index("见于多篇讲话") < page.index("两个维护") < page.index("只见于一篇讲话") < page.index("对表")
    assert "[**两个维护**](glossary.md#term-liang-ge-wei-hu) · 2 篇讲话，2 次" in page
    assert "    - 《讲话甲》：[¶1](a.md#p1)\n    - 《讲话乙》：[¶1](b.md#p1)（无引号）" in page
    assert '<details class="concordance-speech" markdown>\n<summary>《讲话甲》（1 个）</summary>' in page

    merged = concordance([source("a", "“两个坚决维护”。"), source("b", "两个维护。")], [entry("liang-ge-wei-hu", "两个维护", "两个坚决维护")])
    assert "[**两个维护**](glossary.md#term-liang-ge-wei-hu)（也作：两个坚决维护） · 2 篇讲话，2 次" in render(merged, "zh", titles)

    english = render(rows, "en", {"a": SpeechName("Speech A", "en"), "b": SpeechName("讲话乙", "zh")})
    assert '[**Two Upholds**](glossary.md#term-liang-ge-wei-hu) <span lang="zh">两个维护</span> · 2 speeches, 2 occurrences' in english
    assert '    - <span lang="zh">《讲话乙》</span>: [¶1](b.md#p1) (unquoted)' in english
    # No English for 对表: shown in Chinese, marked so, never translated here.
    assert '- **<span lang="zh">对表</span>** · once: [¶1](a.md#p1)' in english


def test_a_library_of_one_speech_lists_its_rows_without_collapsing():
    rows = concordance([source("a", "“对表”“对标”。")], [])
    page = render(rows, "zh", {"a": SpeechName("讲话甲", "zh")})
    assert "<details" not in page and "见于多篇讲话" not in page
    assert "共 **2** 个" in page


# --- the glossary in a library -----------------------------------------------------------


def test_glossary_entries_of_a_library_name_each_speech_in_its_order():
    dian = Entry("dian", "店小二", (), "diàn xiǎo èr", "shop assistant", "metaphor", {"zh": "短", "en": "short"}, {"zh": "释", "en": "explained"},
                 (), (), (), usage={"b": {"zh": "乙篇用法。", "en": "In B."}, "a": {"zh": "甲篇用法。", "en": "In A."}})
    found = {"dian": {"a": ["p3"], "b": ["p1", "p5-2"]}}
    names = {"a": SpeechName("Speech A", "en"), "b": SpeechName("讲话乙", "zh")}
    english = render_glossary([dian], found, "en", lambda slug, piece_id: f"{slug}.md#{piece_id}", names)
    # Usage notes in the library's order, not the data file's; a Chinese-only title marked as Chinese.
    assert english.index("**Speech A**: In A\\.") < english.index('**<span lang="zh">《讲话乙》</span>**: In B\\.')
    # The label and the list are one block with the class (an attribute list after a list would mark its last item).
    assert ('<div class="glossary-backlinks" markdown>\n\nOccurs in: \n\n- Speech A: [¶3](a.md#p3)\n'
            '- <span lang="zh">《讲话乙》</span>: [¶1](b.md#p1) [¶5.2](b.md#p5-2)\n\n</div>') in english
    # A site of one speech: "in this speech", and only that speech's note.
    one = render_glossary([dian], {"dian": {"a": ["p3"]}}, "zh", lambda slug, piece_id: f"{slug}.md#{piece_id}", {"a": SpeechName("讲话甲", "zh")})
    assert "**本篇讲话中**：甲篇用法。" in one and "乙篇" not in one and "出现段落：[¶3](a.md#p3)\n{: .glossary-backlinks }" in one


# --- the test library, built --------------------------------------------------

class Site:
    """The built library: pages parsed once, links resolved to (page, id)."""

    def __init__(self, root: Path):
        self.root, self.pages = root, {}

    def page(self, path: str):
        if path not in self.pages:
            self.pages[path] = lxml.html.parse(str(self.root / path)).getroot()
        return self.pages[path]

    def target(self, from_page: str, href: str) -> tuple[str, str]:
        """The page (relative to the site) and the id a link leads to; AssertionError if either is missing."""
        path, _, fragment = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path)) if path else from_page
        assert (self.root / resolved).is_file(), f"{from_page}: {href} leads to no page"
        assert not fragment or self.page(resolved).get_element_by_id(fragment, None) is not None, f"{from_page}: {href}: no #{fragment}"
        return resolved, fragment


@pytest.fixture(scope="session")
def library(library_site) -> Library:
    return load_library(library_site.parent)


@pytest.fixture(scope="session")
def built(library_site) -> Site:
    return Site(library_site)


def speech_folder(library: Library, page: str, lang: str) -> str:
    """The speech a built page belongs to, from its path (the English folder left out)."""
    return library.slug_of(page.removeprefix(f"{lang}/") if lang != "zh" else page)


def pieces_holding(library: Library, forms) -> dict[str, list[str]]:
    """Slug -> ids of the pieces whose text holds one of `forms` (a plain search of the data, not the hooks')."""
    found = {}
    for corpus in library:
        ids = [piece.id for piece in corpus.speech.pieces() if any(form in piece.text for form in forms)]
        if ids:
            found[corpus.slug] = ids
    return found


def linked_pieces(site: Site, page: str, item, library: Library, lang: str) -> dict[str, list[str]]:
    """Slug -> piece ids of the links of a list item, each checked to lead to an existing paragraph."""
    found: dict[str, list[str]] = {}
    for link in item.xpath("./a[starts-with(., '¶')]"):
        target, piece_id = site.target(page, link.get("href"))
        # A speech read in Chinese only is linked from English pages to its Chinese pages.
        target_lang = lang if target.startswith(f"{lang}/") else "zh"
        found.setdefault(speech_folder(library, target, target_lang), []).append(piece_id)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_concordance_lists_two_upholds_under_every_speech_that_uses_it(built, library, lang):
    page = "concordance.html" if lang == "zh" else "en/concordance.html"
    shared = built.page(page).xpath("//h2[@id='shared']/following-sibling::ul[1]/li")
    row = next(li for li in shared if "两个维护" in li.text_content().split("·")[0])
    expected = pieces_holding(library, ["两个维护", *LIBRARY_ALIASES["liang-ge-wei-hu"]])
    # The seed (and its translated copy) and both corpus speeches say 两个维护 (the 2018 one as 两个坚决维护).
    assert set(expected) == set(library.speeches), expected
    speeches = row.xpath("./ul/li")
    assert len(speeches) == len(expected)
    titles = {corpus.slug: corpus.meta.title.get(lang) or corpus.meta.title["zh"] for corpus in library}
    for item, (slug, piece_ids) in zip(speeches, expected.items()):
        assert titles[slug] in item.text_content()
        assert {slug: sorted(set(piece_ids))} == {s: sorted(set(p)) for s, p in linked_pieces(built, page, item, library, lang).items()}
    glossary_link = row.xpath("./a")[0].get("href")
    assert built.target(page, glossary_link)[1] == "term-liang-ge-wei-hu"


def row_chinese(item, lang: str) -> str:
    """The Chinese of a concordance row's list item: **两个维护** (zh); **Two Upholds** <span lang=zh>两个维护</span> (en)."""
    found = item.xpath("(./strong | ./a/strong)[1]") if lang == "zh" else item.xpath("./span[@lang='zh'] | ./strong/span[@lang='zh']")
    return found[0].text_content().strip("《》")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_link_of_the_concordance_leads_to_a_paragraph_holding_its_phrase(built, library, lang):
    page = "concordance.html" if lang == "zh" else "en/concordance.html"
    texts = {(corpus.slug, piece.id): piece.text for corpus in library for piece in corpus.speech.pieces()}
    # A row named by a glossary term is found by the term and its aliases.
    forms_of = {entry["term"]: [entry["term"], *(entry.get("aliases") or [])] for entry in glossary_data(built)}
    items = built.page(page).xpath("//article//li[a[starts-with(., '¶')]]")
    assert len(items) > 150
    for item in items:
        owner = item.xpath("ancestor::li[1]")  # a speech's line in a shared row: the row is the item above
        phrase = row_chinese(owner[0] if owner else item, lang)
        forms = forms_of.get(phrase, [phrase])
        for slug, piece_ids in linked_pieces(built, page, item, library, lang).items():
            for piece_id in piece_ids:
                assert any(form in texts[(slug, piece_id)] for form in forms), (phrase, slug, piece_id)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_backlinks_are_grouped_by_speech_and_point_into_its_pages(built, library, lang):
    page = "glossary.html" if lang == "zh" else "en/glossary.html"
    tree = built.page(page)
    entries = {entry["id"]: entry for entry in glossary_data(built)}
    order = list(library.speeches)
    seen_speeches = set()
    for entry_id, entry in entries.items():
        forms = [entry["term"], *(entry.get("aliases") or [])]
        heading = tree.get_element_by_id(f"term-{entry_id}")
        block = heading.xpath("following-sibling::*[contains(@class, 'glossary-backlinks')][1]")[0]
        assert block.xpath("preceding-sibling::h3[1]")[0] is heading, entry_id
        found: dict[str, list[str]] = {}
        for item in block.xpath("./ul/li"):
            linked = linked_pieces(built, page, item, library, lang)
            assert len(linked) == 1, (entry_id, "one speech per line")
            (slug, piece_ids), = linked.items()
            title = library[slug].meta.title.get(lang) or library[slug].meta.title["zh"]
            assert title in item.text_content(), (entry_id, slug)
            found[slug] = piece_ids
        assert list(found) == [slug for slug in order if slug in found], (entry_id, "speeches in the library's order")
        texts = {slug: {piece.id: piece.text for piece in library[slug].speech.pieces()} for slug in found}
        for slug, piece_ids in found.items():
            assert all(any(form in texts[slug][piece_id] for form in forms) for piece_id in piece_ids), (entry_id, slug)
        seen_speeches |= set(found)
    assert seen_speeches == set(order), "every speech of the library is linked from the glossary"
    upholds = tree.get_element_by_id("term-liang-ge-wei-hu").xpath("following-sibling::*[contains(@class, 'glossary-backlinks')][1]/ul/li")
    assert len(upholds) == len(library.speeches)  # every speech of the test library says it


def glossary_data(built: Site) -> list[dict]:
    """The entries of the library's glossary.yml, as written."""
    return yaml.safe_load((built.root.parent / "data" / "glossary.yml").read_text("utf-8"))["entries"]
