"""The concordance across speeches (hooks/concordance.py) and the glossary's backlinks grouped by speech.

Unit tests on the pure core with small speeches; then one strict build of a library of three
speeches (the seed and both corpus texts of tests/fixtures), made in a temporary copy of the
project the way LIBRARY.md lays a speech out, built once per session.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from concordance import ConcordanceLinks, FormFinder, Source, concordance, render_concordance
from extraction import extract
from glossary import Entry, SpeechName
from reference_text import accept
from speech import parse_speech, read_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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

    english = render(rows, "en", {"a": SpeechName("Speech A", "en"), "b": SpeechName("讲话乙", "zh")})
    assert '[**Two Upholds**](glossary.md#term-liang-ge-wei-hu) <span lang="zh">两个维护</span> · 2 speeches, 2 occurrences' in english
    assert '    - <span lang="zh">《讲话乙》</span>: [¶1](b.md#p1) (unquoted)' in english
    # No English for 对表: shown in Chinese, marked so, never translated here.
    assert '- **<span lang="zh">对表</span>** · 1×: [¶1](a.md#p1)' in english


def test_a_library_of_one_speech_lists_its_rows_without_collapsing():
    rows = concordance([source("a", "“对表”“对标”。")], [])
    page = render(rows, "zh", {"a": SpeechName("讲话甲", "zh")})
    assert "<details" not in page and "见于多篇讲话" not in page
    assert "共 **2** 个" in page


# --- a library of three speeches, built --------------------------------------------------

# Test data for the two corpus speeches: what their meta.yml files in tests/fixtures state.
LIBRARY_SPEECHES = {
    "dangshi-2021": ("04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan", "在党史学习教育动员大会上的讲话", "2021-02-20", "习近平"),
    "ganbu-2018": ("01-maweiguang-2018-ganbu-peixun-kaixue", "在2018年干部教育培训秋季学期开学典礼上的讲话提纲", "2018-09-03", "马卫光"),
}
INDEX_KINDS = ("structure", "directives", "slogans", "documents")
# 两个坚决维护 (quoted in the 2018 speech) is the long form of 两个维护: an alias in this library's
# glossary, so the concordance merges it into the 两个维护 row (the alias must occur in a speech, so
# the real glossary can list it only once that speech is in the library).
ALIASES = {"liang-ge-wei-hu": ["两个坚决维护"]}


def add_speech(project: Path, slug: str, fixture: str, title: str, date: str, speaker: str) -> list[str]:
    """A speech laid out as LIBRARY.md says: its data folder and its stub pages; returns its pages."""
    folder = project / "data" / "speeches" / slug
    folder.mkdir(parents=True)
    text = folder / "speech.zh.txt"
    shutil.copyfile(FIXTURES / f"{fixture}.zh.txt", text)
    accept(text)
    speech = parse_speech(read_text(text))
    (folder / "meta.yml").write_text(
        yaml.safe_dump({"title": {"zh": title}, "description": {"zh": f"{speaker}的讲话。"}, "date": date, "speaker": speaker},
                       allow_unicode=True),
        encoding="utf-8",
    )
    units = []
    for kind, first, last, heading in speech.outline.unit_spans(len(speech.paragraphs) - 1):
        unit_id = f"part-{sum(1 for u in units if u['id'].startswith('part-')) + 1}" if kind == "part" else kind
        name = heading or {"opening": "开篇", "closing": "结束语", "speech": "全文"}[kind]
        units.append({"id": unit_id, "paragraphs": [first, last], "title": {"zh": name}, "description": {"zh": f"{name}（第{first}—{last}段）。"}})
    (folder / "units.yml").write_text(yaml.safe_dump({"units": units}, allow_unicode=True, sort_keys=False), encoding="utf-8")

    docs, pages = project / "docs" / "zh" / slug, []

    def page(path: str, text: str) -> None:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
        pages.append(f"{slug}/{path}")

    page("index.md", f"---\ntitle: {title}\n---\n\n# {title}\n\n<!-- speech-overview -->\n\n<!-- handouts -->\n")
    for unit in units:
        page(f"units/{unit['id']}.md", f"<!-- speech: {unit['id']} -->\n")
        page(f"handouts/{unit['id']}.md", f"---\ndescription: 学习讲义（{unit['title']['zh']}）。\n---\n\n<!-- handout: {unit['id']} -->\n")
    for kind in INDEX_KINDS:
        page(f"indexes/{kind}.md", f"---\ntitle: {kind}\n---\n\n# {kind}\n\n<!-- index: {kind} -->\n")
    return pages


def make_library(project: Path) -> Path:
    """A copy of the project holding the seed and both corpus speeches."""
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".cache", "tests", "bench", "__pycache__"))
    nav = []
    for slug, (fixture, title, date, speaker) in LIBRARY_SPEECHES.items():
        nav.append(f"  - {slug}:\n" + "".join(f"      - {page}\n" for page in add_speech(project, slug, fixture, title, date, speaker)))
    library = project / "data" / "library.yml"
    order = yaml.safe_load(library.read_text("utf-8"))
    order["speeches"] += list(LIBRARY_SPEECHES)
    library.write_text(yaml.safe_dump(order), encoding="utf-8")
    glossary = project / "data" / "glossary.yml"
    text = glossary.read_text("utf-8")
    for entry_id, aliases in ALIASES.items():
        text, n = re.subn(rf"(- id: {entry_id}\n    term: .*\n    aliases: )\[\]", rf"\g<1>[{', '.join(aliases)}]", text)
        assert n == 1, entry_id
    glossary.write_text(text, encoding="utf-8")
    # Until the navigation is made from the library's data: the new speeches' pages, listed at the end.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").rstrip("\n") + "\n" + "".join(nav), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def library_site(tmp_path_factory) -> Path:
    project = make_library(tmp_path_factory.mktemp("library") / "project")
    site = project / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDY_PDF", "0")
        patch.setenv("STUDY_PDF_CACHE", str(project / ".cache"))
        build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site)))
    return site


def page_tree(site: Path, path: str):
    return lxml.html.parse(str(site / path)).getroot()


def article(site: Path, path: str):
    return page_tree(site, path).xpath("//article")[0]
