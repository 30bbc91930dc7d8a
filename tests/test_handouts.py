"""Handouts: the core (Markdown, paper documents, font coverage), the shipped font, the built pages and PDFs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, built_path
from glossary import load_glossary, occurrences
from handouts import (
    FONT_DIR,
    FONT_FAMILY,
    FONT_FILES,
    WHOLE_SPEECH,
    FontCoverageError,
    characters_used,
    check_font_coverage,
    font_coverage,
    footer_text,
    handout_markdown,
    pdf_document,
    pdf_name,
    shown_text,
    span_label,
    unit_terms,
)
from questions import load_questions

A4 = (595.28, 841.89)  # points
FONTS = ROOT / FONT_DIR


@pytest.fixture(scope="module")
def entries(corpus):
    return load_glossary(corpus.data_dir / "glossary.yml", corpus.speech)


@pytest.fixture(scope="module")
def questions(corpus):
    return load_questions(corpus.data_dir / "questions.yml", corpus.speech, corpus.units)


def squeeze(text: str) -> str:
    return "".join(text.split())


def labelled_text(units, corpus, lang: str) -> str:
    """What a handout shows of the speech: each piece's text after its ¶ number (the only insertion)."""
    return squeeze(
        "".join(
            (f"¶{piece.label}" if piece.label else "") + corpus.text(piece.id, lang)
            for unit in units
            for number in unit.numbers
            for piece in corpus.speech.paragraphs[number].pieces
        )
    )


# ---------------------------------------------------------------- core


def test_span_label():
    assert span_label(3, 7) == "¶3–¶7"
    assert span_label(18, 18) == "¶18"


def test_unit_terms_are_the_glossary_entries_occurring_in_the_unit_in_order_of_appearance(corpus, entries):
    found = occurrences(entries, corpus.speech)
    for unit in corpus.units:
        terms = unit_terms(unit, corpus, entries)
        expected = {
            entry_id for entry_id, pieces in found.items()
            if any(corpus.speech.piece(piece_id).paragraph in unit.numbers for piece_id in pieces)
        }
        assert {entry.id for entry in terms} == expected
        text = "".join(corpus.text(p.id, "zh") for n in unit.numbers for p in corpus.speech.paragraphs[n].pieces)
        positions = [min(text.find(form) for form in entry.forms if form in text) for entry in terms]
        assert positions == sorted(positions)


def test_handout_markdown_has_every_part_and_no_piece_ids(corpus, entries, questions):
    unit = corpus.units[1]
    markdown = handout_markdown(
        unit, corpus, unit_terms(unit, corpus, entries), questions[unit.id], "zh",
        lambda piece_id: f"../units/{unit.id}.md#{piece_id}", "../glossary.md", f"{unit.id}.zh.pdf",
    )
    for heading in ("## 原文", "## 术语", "## 思考题", "## 笔记"):
        assert heading in markdown
    assert f"[¶5.1](../units/{unit.id}.md#p5-1){{ .handout-num }}一是要坚持深学细悟" in markdown
    assert not re.search(r"#p\d+(-\d+)? ", markdown) and "{: #p" not in markdown
    assert markdown.count('class="handout-line"') == 14
    assert f'href="{unit.id}.zh.pdf" download' in markdown


def test_paper_documents_drop_links_and_screen_only_parts():
    content = (
        '<h1 class="handout-title">T</h1><p class="handout-screen"><a href="x.pdf">PDF</a></p>'
        '<p class="handout-piece"><a class="handout-num" href="../units/u.html#p5">¶5</a>文</p>'
        '<h2 id="h-notes">笔记</h2><div class="handout-lines"><div class="handout-line"></div></div>'
    )
    document = pdf_document(content, "zh", "讲义", "描述")
    soup = BeautifulSoup(document, "html.parser")
    assert soup.html["lang"] == "zh" and soup.title.string == "讲义"
    assert soup.find("a") is None and soup.select(".handout-screen") == []
    assert soup.select_one(".handout-piece").get_text() == "¶5文"
    assert soup.select_one(".handout-piece span.handout-num").get_text() == "¶5"
    assert "dcterms.created" not in document
    assert shown_text(document).count("笔记") == 1


def test_a_character_missing_from_the_font_fails_with_its_name_and_code(tmp_path):
    coverage = font_coverage(FONTS)
    check_font_coverage("讲话 Speech ¶5.1", coverage)
    with pytest.raises(FontCoverageError) as caught:
        check_font_coverage("讲话𠀋龘", coverage, where="handout PDF part-1.zh")
    message = str(caught.value)
    assert message.startswith("handout PDF part-1.zh: ")
    assert "lacks 2 character(s)" in message and "𠀋 (U+2000B)" in message and "龘 (U+9F98)" in message
    assert "scripts/subset_font.py" in message
    with pytest.raises(FontCoverageError, match="is missing"):
        font_coverage(tmp_path)


# ---------------------------------------------------------------- the shipped font


def test_the_shipped_subset_covers_every_character_the_handouts_use(corpus, entries, questions):
    needed = "".join(characters_used(corpus, entries, questions))
    check_font_coverage(needed, font_coverage(FONTS), where="data/")


def test_the_shipped_font_is_small_renamed_and_licensed():
    from fontTools.ttLib import TTFont

    sizes = [(FONTS / name).stat().st_size for name in FONT_FILES.values()]
    assert sum(sizes) < 2_000_000
    for name in FONT_FILES.values():
        with TTFont(FONTS / name) as font:
            assert font["name"].getDebugName(1) == FONT_FAMILY
            assert "SIL Open Font License" in font["name"].getDebugName(13)
            assert "vmtx" not in font
    licence = (FONTS / "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Noto Serif CJK SC" in licence


@pytest.mark.skipif(not Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists(),
                    reason="needs Debian's fonts-noto-cjk")
def test_the_subset_script_reproduces_the_shipped_font_byte_for_byte(tmp_path, corpus, entries, questions):
    spec = importlib.util.spec_from_file_location("subset_font", ROOT / "scripts" / "subset_font.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    characters = characters_used(corpus, entries, questions)
    weight, name = 400, FONT_FILES[400]
    script.make_subset(script.SOURCE_DIR / script.SOURCE_FILES[weight], weight, characters, tmp_path / name)
    assert (tmp_path / name).read_bytes() == (FONTS / name).read_bytes()


# ---------------------------------------------------------------- the built site


def pdf_path(site: Path, unit_id: str, lang: str) -> Path:
    return built_path(site, f"handouts/{unit_id}.md", lang).with_name(pdf_name(unit_id, lang))


def all_pdfs(site, corpus):
    for lang in ("zh", "en"):
        for unit_id in [unit.id for unit in corpus.units] + [WHOLE_SPEECH]:
            yield unit_id, lang, pdf_path(site, unit_id, lang)


def page_texts(path: Path, lang: str) -> list[str]:
    """Text of each page, whitespace removed, with the page-number footer checked and taken out."""
    pages = PdfReader(path).pages
    texts = []
    for number, page in enumerate(pages, 1):
        text = squeeze(page.extract_text())
        footer = squeeze(footer_text(lang, number))
        assert footer in text, f"{path.name} page {number}: no footer {footer!r}"
        texts.append(text.replace(footer, "", 1))
    return texts


def test_every_handout_pdf_is_a4_on_every_page(site, corpus):
    for unit_id, lang, path in all_pdfs(site, corpus):
        for page in PdfReader(path).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1, (path.name, width, height)


def test_every_font_in_the_pdfs_is_the_shipped_subset_embedded(site, corpus):
    """Nothing from the build machine's fonts: on a fresh machine the PDFs look the same."""
    for unit_id, lang, path in all_pdfs(site, corpus):
        names = set()
        for page in PdfReader(path).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), path.name
                names.add(re.sub(r"^/[A-Z]{6}\+", "/", str(font["/BaseFont"])))
        assert names <= {"/" + FONT_FAMILY.replace(" ", "-"), "/" + FONT_FAMILY.replace(" ", "-") + "-Bold"}, names
        assert names, path.name


def test_zh_handouts_contain_their_units_text_in_full(site, corpus):
    """Same fidelity rule as the pages: the only insertions into the speech text are the ¶ numbers."""
    for unit in corpus.units:
        text = "".join(page_texts(pdf_path(site, unit.id, "zh"), "zh"))
        assert labelled_text([unit], corpus, "zh") in text, unit.id


def test_en_handouts_contain_their_units_translation_in_full(site, corpus):
    for unit in corpus.units:
        text = "".join(page_texts(pdf_path(site, unit.id, "en"), "en"))
        assert labelled_text([unit], corpus, "en") in text, unit.id


def test_the_whole_speech_pdf_holds_every_unit_in_order(site, corpus):
    for lang in ("zh", "en"):
        text = "".join(page_texts(pdf_path(site, WHOLE_SPEECH, lang), lang))
        positions = [text.find(labelled_text([unit], corpus, lang)) for unit in corpus.units]
        assert -1 not in positions and positions == sorted(positions), lang


def test_page_counts_are_sane_and_no_page_is_blank(site, corpus):
    for unit_id, lang, path in all_pdfs(site, corpus):
        texts = page_texts(path, lang)
        assert (4 if unit_id == WHOLE_SPEECH else 1) <= len(texts) <= (30 if unit_id == WHOLE_SPEECH else 12), path.name
        if unit_id != WHOLE_SPEECH:
            # Every page but a notes page carries text; the notes (ruled lines) end the handout.
            assert all(texts[:-1]) and ("笔记" in "".join(texts) or "Notes" in "".join(texts)), path.name
        else:
            assert all(texts), path.name


def test_pdf_metadata_is_fixed(site, corpus):
    for unit_id, lang, path in all_pdfs(site, corpus):
        info = PdfReader(path).metadata
        assert "/CreationDate" not in info and "/ModDate" not in info
        assert info["/Title"]
    assert PdfReader(pdf_path(site, "part-1", "zh")).metadata["/Title"] == "讲义 · 第一部分　突出政治性"


def test_handout_pages_link_their_numbers_to_the_unit_pages_and_hold_no_piece_ids(site, corpus, entries):
    for lang in ("zh", "en"):
        for unit in corpus.units:
            soup = BeautifulSoup(built_path(site, f"handouts/{unit.id}.md", lang).read_text("utf-8"), "html.parser")
            assert not any(re.fullmatch(r"p\d+(-\d+)?", element["id"]) for element in soup.select("[id]"))
            numbers = soup.select(".handout-text .handout-num")
            assert numbers and all(a["href"].startswith(f"../units/{unit.id}.html#p") for a in numbers)
            terms = [dt.select_one(".handout-term").get_text() for dt in soup.select(".handout-terms dt")]
            expected = unit_terms(unit, corpus, entries)
            assert terms == [entry.term if lang == "zh" else entry.en for entry in expected]
            assert soup.select_one(".handout-screen a[download]")["href"] == pdf_name(unit.id, lang)
    english = BeautifulSoup(built_path(site, "handouts/part-1.md", "en").read_text("utf-8"), "html.parser")
    assert "political conviction. The fundamental reason" in english.select_one(".handout-section").get_text()


# ---------------------------------------------------------------- the hook


def test_pdfs_are_skipped_under_serve_unless_asked_for(monkeypatch):
    import handout_hook

    monkeypatch.delenv("STUDY_PDF", raising=False)
    monkeypatch.setattr(handout_hook, "SERVING", False)
    handout_hook.on_startup("build", dirty=False)
    assert handout_hook.pdfs_wanted()
    handout_hook.on_startup("serve", dirty=False)
    assert not handout_hook.pdfs_wanted()
    monkeypatch.setenv("STUDY_PDF", "1")
    assert handout_hook.pdfs_wanted()
    monkeypatch.setenv("STUDY_PDF", "0")
    handout_hook.on_startup("build", dirty=False)
    assert not handout_hook.pdfs_wanted()
    monkeypatch.setattr(handout_hook, "SERVING", False)


def test_the_build_fails_naming_the_characters_the_font_lacks(monkeypatch, corpus, tmp_path):
    import handout_hook
    from mkdocs.exceptions import PluginError

    class HandoutFile:
        abs_dest_path = str(tmp_path / "handouts" / "opening.html")

    monkeypatch.setenv("STUDY_PDF", "1")
    for name, value in {
        "root": ROOT, "lang": "zh", "corpus": corpus,
        "handout_files": {"opening": HandoutFile()},
        "rendered": {"opening": "<h1>开篇</h1><p>新增一个字：龘。</p>"},
    }.items():
        monkeypatch.setattr(handout_hook.BUILD, name, value, raising=False)
    with pytest.raises(PluginError) as caught:
        handout_hook.on_post_build(config=None)
    assert "handout PDF opening.zh" in str(caught.value) and "龘 (U+9F98)" in str(caught.value)
    assert not list(tmp_path.rglob("*.pdf"))
