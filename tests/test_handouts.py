"""Handouts: the core (Markdown, paper documents), the font made for the PDFs, the built pages and PDFs."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import GLOSSARY, ROOT, TEST_SITE_URL, built_path, texts
from glossary import load_glossary, occurrences
import handout_font as font_core
from handout_font import (
    FONT_FAMILY,
    SAFETY_CHARACTERS,
    FontError,
    HandoutFont,
    cache_key,
    check_font_coverage,
    font_cache_folder,
    font_coverage,
    handout_font,
    missing_characters,
    source_files,
    source_font,
)
from library import Library
from handouts import (
    HANDOUT_CSS,
    PDF_PREVIEW_NOTE,
    WHOLE_SPEECH,
    DownloadLinks,
    downloads_markdown,
    footer_text,
    handout_markdown,
    handout_texts,
    page_css,
    pdf_document,
    pdf_name,
    shown_text,
    site_url_from_env,
    span_label,
    unit_terms,
)
from pdfs import PdfCache, PdfJob, PdfMaker, is_complete_pdf, job_key, render, toolchain, write_atomically
from questions import load_questions

A4 = (595.28, 841.89)  # points
CORPUS_2021 = ROOT / "tests" / "fixtures" / "04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.zh.txt"


@pytest.fixture(scope="module")
def entries(corpus):
    return load_glossary(GLOSSARY, texts(corpus))


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
    assert soup.html["lang"] == "zh-CN" and soup.title.string == "讲义"
    assert soup.find("a") is None and soup.select(".handout-screen") == []
    assert soup.select_one(".handout-piece").get_text() == "¶5文"
    assert soup.select_one(".handout-piece span.handout-num").get_text() == "¶5"
    assert "dcterms.created" not in document
    assert shown_text(document).count("笔记") == 1


def test_paper_documents_carry_a_qr_code_only_when_given_an_address_and_never_a_date():
    content = '<h1 class="handout-title">T</h1><p>文</p>'
    plain = pdf_document(content, "zh", "讲义", "描述")
    assert "<svg" not in plain and "dcterms" not in plain and '<html lang="zh-CN">' in plain
    url = "https://study.example.org/units/part-1.html"
    with_qr = pdf_document(content, "en", "Handout", "About", url)
    soup = BeautifulSoup(with_qr, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.select_one(".handout-qr svg title").get_text() == f"QR code: read online at {url}"
    assert soup.select_one(".handout-qr-address").get_text() == url
    # The title is the figure's alternative text, read out but not drawn: not checked against the font.
    assert shown_text(with_qr).count(url) == 1


def test_site_url_comes_from_the_environment_and_empty_means_unset():
    assert site_url_from_env({}) is None
    assert site_url_from_env({"SITE_URL": ""}) is None
    assert site_url_from_env({"SITE_URL": "  "}) is None
    assert site_url_from_env({"SITE_URL": "https://example.org/study"}) == "https://example.org/study/"
    assert site_url_from_env({"SITE_URL": "https://example.org/"}) == "https://example.org/"


def test_without_pdfs_a_note_stands_where_the_downloads_would_be(corpus, entries, questions):
    unit = corpus.units[0]
    for lang in ("zh", "en"):
        args = (unit, corpus, unit_terms(unit, corpus, entries), questions[unit.id], lang, lambda piece_id: "#", None)
        made = handout_markdown(*args, f"{unit.id}.{lang}.pdf", True)
        preview = handout_markdown(*args, f"{unit.id}.{lang}.pdf", False)
        assert "download>" in made and PDF_PREVIEW_NOTE[lang] not in made
        assert "download>" not in preview and ".pdf" not in preview and PDF_PREVIEW_NOTE[lang] in preview
        links = DownloadLinks(unit_page=lambda unit: "u.md", handout_page=lambda unit: "h.md", pdf=None)
        table = downloads_markdown(corpus, lang, links)
        assert ".pdf" not in table and "download" not in table and PDF_PREVIEW_NOTE[lang] in table
        full = downloads_markdown(corpus, lang, DownloadLinks(links.unit_page, links.handout_page, lambda unit_id: f"{unit_id}.pdf"))
        assert full.count("download>") == len(corpus.units) + 1 and PDF_PREVIEW_NOTE[lang] not in full


# ---------------------------------------------------------------- the font (hooks/handout_font.py)


def test_a_character_missing_from_the_font_fails_with_its_name_and_code(real_font):
    coverage = font_coverage(real_font)
    check_font_coverage("讲话 Speech ¶5.1", coverage)
    with pytest.raises(FontError) as caught:
        check_font_coverage("讲话𪚥😀", coverage, where="handout PDF part-1.zh")
    message = str(caught.value)
    assert message.startswith("handout PDF part-1.zh: ")
    assert "lacks 2 character(s)" in message and "𪚥 (U+2A6A5)" in message and "😀 (U+1F600)" in message
    assert "handout_texts" in message


def test_the_font_covers_every_character_the_handouts_use_and_the_safety_set(real_font, corpus, entries, questions):
    texts = handout_texts(corpus, entries, questions, ROOT)
    data = corpus.data_dir.relative_to(ROOT).as_posix()
    assert {f"{data}: handout part-1 (zh)", f"{data}: handout part-1 (en)", "handout labels (zh)", HANDOUT_CSS.as_posix()} <= set(texts)
    coverage = font_coverage(real_font)
    for where, text in texts.items():
        check_font_coverage(text, coverage, where=where)
    check_font_coverage("".join(SAFETY_CHARACTERS), coverage, where="the safety set")
    assert set(real_font.files) == {400, 700} and all(path.is_relative_to(ROOT / ".cache" / "fonts") for path in real_font.paths)


def test_the_font_is_small_renamed_and_licensed(real_font):
    from fontTools.ttLib import TTFont

    assert sum(path.stat().st_size for path in real_font.paths) < 2_000_000
    for weight, path in real_font.files.items():
        with TTFont(path) as font:
            assert font["name"].getDebugName(1) == FONT_FAMILY
            assert font["name"].getDebugName(2) == {400: "Regular", 700: "Bold"}[weight]
            assert "SIL Open Font License" in font["name"].getDebugName(13)
            assert "vmtx" not in font
    css = real_font.face_css()
    assert css.count("@font-face") == 2 and all(path.resolve().as_uri() in css for path in real_font.paths)
    licence = (ROOT / "fonts" / "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Noto Serif CJK SC" in licence
    assert "fonts-noto-cjk" in licence and "hooks/handout_font.py" in licence  # where the font comes from
    assert not list((ROOT / "fonts").glob("*.otf"))  # none shipped: the build makes it


def test_the_2021_speech_is_covered_by_the_font_the_subsets_are_made_from():
    """The text the shipped subset lacked 376 characters of: every one is in the system's Noto Serif
    CJK SC, in each weight. (A subset keeps every character asked for that its source has: the tests
    of small_font below. Making one for this whole text would take seconds of CPU.)"""
    text = CORPUS_2021.read_text("utf-8")
    for weight, path in source_files().items():
        available = {chr(code) for code in source_font(path, weight).getBestCmap()}
        assert missing_characters(text, available) == [], (weight, path)


@pytest.fixture(scope="module")
def small_font(tmp_path_factory) -> tuple[dict[str, str], HandoutFont]:
    """A subset of a few characters made in an empty cache (a second or two)."""
    texts = {"data: handout part-1 (zh)": "讲话¶5", "data: handout part-1 (en)": "Speech “5”"}
    return texts, handout_font(texts, tmp_path_factory.mktemp("fonts"))


def test_a_second_call_reads_the_cache_and_makes_nothing(small_font, monkeypatch):
    texts, first = small_font
    assert first.made and first.characters >= set("讲话¶5Speech“”") | SAFETY_CHARACTERS
    before = {path: path.stat().st_mtime_ns for path in first.paths}

    def fail(*args):
        raise AssertionError("subset made again")

    monkeypatch.setattr(font_core, "make_subsets", fail)
    again = handout_font(dict(reversed(texts.items())), first.paths[0].parent.parent)
    assert not again.made and again.files == first.files and again.key == first.key
    assert {path: path.stat().st_mtime_ns for path in again.paths} == before


def test_the_same_characters_give_the_same_bytes(small_font, tmp_path):
    texts, first = small_font
    other = handout_font({"elsewhere": "".join(texts.values())}, tmp_path)
    assert other.made and other.key == first.key
    assert [path.read_bytes() for path in other.paths] == [path.read_bytes() for path in first.paths]


def test_the_cache_key_changes_with_one_more_character_or_another_source_font(tmp_path):
    sources = {}
    for weight in (400, 700):
        sources[weight] = tmp_path / f"{weight}.ttc"
        sources[weight].write_bytes(b"font")
    characters = set("讲话¶5") | SAFETY_CHARACTERS
    key = cache_key(characters, sources)
    assert cache_key(sorted(characters, reverse=True), sources) == key
    assert cache_key(characters | {"龘"}, sources) != key
    os.utime(sources[700], ns=(1, 1))  # a package upgrade replaces the file
    assert cache_key(characters, sources) != key


def test_a_character_the_source_font_lacks_fails_naming_it_and_where(tmp_path):
    with pytest.raises(FontError) as caught:
        handout_font({"data: handout part-1 (zh)": "讲话", "data: handout part-2 (zh)": "四龙𪚥"}, tmp_path)
    message = str(caught.value)
    assert "1 character(s)" in message and "𪚥 (U+2A6A5) in data: handout part-2 (zh)" in message
    assert not list(tmp_path.rglob("*.otf"))  # nothing cached


def test_the_font_cache_is_in_the_project_unless_the_environment_names_another(tmp_path):
    assert font_cache_folder(tmp_path, {}) == tmp_path / ".cache" / "fonts"
    assert font_cache_folder(tmp_path, {"STUDY_FONT_CACHE": " "}) == tmp_path / ".cache" / "fonts"
    assert font_cache_folder(tmp_path, {"STUDY_FONT_CACHE": "/var/cache/fonts"}) == Path("/var/cache/fonts")


def test_without_the_system_font_the_error_names_the_debian_package(tmp_path):
    with pytest.raises(FontError) as caught:
        source_files(tmp_path)
    assert "fonts-noto-cjk" in str(caught.value) and "STUDY_PDF=0" in str(caught.value)
    with pytest.raises(FontError, match="fonts-noto-cjk"):
        handout_font({"x": "讲话"}, tmp_path / "cache", source_dir=tmp_path)


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


def test_pdf_metadata_is_fixed_and_holds_no_date(site, corpus):
    """No build date (nor any date): the same handouts give the same bytes on any day."""
    for unit_id, lang, path in all_pdfs(site, corpus):
        info = PdfReader(path).metadata
        assert "/CreationDate" not in info and "/ModDate" not in info
        assert b"CreationDate" not in path.read_bytes() and b"xmp:CreateDate" not in path.read_bytes()
        assert info["/Title"]
    assert PdfReader(pdf_path(site, "part-1", "zh")).metadata["/Title"] == "讲义 · 第一部分　突出政治性"


def structure_types(reader: PdfReader) -> set[str]:
    """The structure element types of a tagged PDF (H1, P, L, LI, Figure, ...)."""
    found, stack = set(), [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if "/S" in node:
            found.add(str(node["/S"]).lstrip("/"))
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        stack += [kid.get_object() for kid in kids if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get")]
    return found


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils (pdfinfo)")
def test_every_pdf_is_tagged_a4_and_in_its_language(site, corpus):
    for unit_id, lang, path in all_pdfs(site, corpus):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M), path.name
        assert re.search(r"^Page size:.*\(A4\)$", info, re.M), path.name
        reader = PdfReader(path)
        assert reader.trailer["/Root"]["/Lang"] == {"zh": "zh-CN", "en": "en"}[lang]
        types = structure_types(reader)
        assert {"H1", "H2", "P"} <= types, (path.name, types)
        if unit_id != WHOLE_SPEECH:
            assert {"L", "LI"} <= types, (path.name, types)  # the terms and questions stay lists
        assert "Figure" in types  # the QR code, with its address as alternative text


def qr_on_first_page(path: Path, tmp_path: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    prefix = tmp_path / path.stem
    # The top 10 cm of the first page (where the code is), in grey: a third of the work of the whole page.
    command = ["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", "-H", "600", str(path), str(prefix)]
    subprocess.run(command, check=True)
    (image,) = tmp_path.glob(f"{path.stem}*.png")
    with Image.open(image) as picture:
        return [result.text for result in zxingcpp.read_barcodes(picture)]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
def test_each_pdfs_qr_code_opens_its_unit_online(site, corpus, tmp_path):
    """Decoded from the printed page (zxing-cpp), not read from the source: the code a phone sees."""
    pytest.importorskip("zxingcpp")
    for unit_id, lang, path in all_pdfs(site, corpus):
        prefix = "" if lang == "zh" else f"{lang}/"
        expected = TEST_SITE_URL + prefix + (f"units/{unit_id}.html" if unit_id != WHOLE_SPEECH else "")
        assert built_path(site, f"units/{unit_id}.md", lang).exists() or unit_id == WHOLE_SPEECH
        assert qr_on_first_page(path, tmp_path) == [expected], path.name
        first_page = squeeze(PdfReader(path).pages[0].extract_text())
        assert squeeze(expected) in first_page  # the address printed under the code


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


def test_the_build_fails_naming_the_characters_the_font_lacks(monkeypatch, corpus, real_font, tmp_path):
    import handout_hook
    from mkdocs.exceptions import PluginError

    class HandoutFile:
        abs_dest_path = str(tmp_path / "handouts" / "opening.html")

    monkeypatch.setenv("STUDY_PDF", "1")
    monkeypatch.setenv("STUDY_PDF_CACHE", str(tmp_path / "cache"))
    for name, value in {
        "root": ROOT, "lang": "zh", "library": Library(corpus.slug, {corpus.slug: corpus}), "unit_pages": {}, "page_urls": {},
        "handout_files": {(corpus.slug, "opening"): HandoutFile()}, "submitted": set(), "stylesheets": (), "coverage": None,
        "rendered": {(corpus.slug, "opening"): "<h1>开篇</h1><p>新增一个字：𪚥。</p>"}, "font": real_font,
    }.items():
        monkeypatch.setattr(handout_hook.BUILD, name, value, raising=False)
    monkeypatch.setattr(handout_hook.PROCESS, "maker", None)
    monkeypatch.setattr(handout_hook.PROCESS, "site_url", None)
    with pytest.raises(PluginError) as caught:
        handout_hook.submit_ready_pdfs()
    assert f"handout PDF {corpus.slug}/opening.zh" in str(caught.value) and "𪚥 (U+2A6A5)" in str(caught.value)
    assert handout_hook.PROCESS.maker._pool is None  # failed before any layout began
    assert not list(tmp_path.rglob("*.pdf"))


def test_without_the_system_font_a_build_with_pdfs_fails_naming_the_debian_package(monkeypatch, corpus, entries, questions, tmp_path):
    import handout_hook
    from mkdocs.exceptions import PluginError

    monkeypatch.setattr(font_core, "SOURCE_DIR", tmp_path / "no-fonts")
    monkeypatch.setenv("STUDY_FONT_CACHE", str(tmp_path / "cache"))
    library = Library(corpus.slug, {corpus.slug: corpus})
    for name, value in {"library": library, "entries": entries, "root": ROOT}.items():
        monkeypatch.setattr(handout_hook.BUILD, name, value, raising=False)
    with pytest.raises(PluginError) as caught:
        handout_hook._handout_font(SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml")))
    message = str(caught.value)
    assert str(tmp_path / "no-fonts" / "NotoSerifCJK-Regular.ttc") in message
    assert "apt-get install fonts-noto-cjk" in message and "STUDY_PDF=0" in message


def test_under_serve_the_handout_buttons_give_way_to_a_note(monkeypatch, corpus):
    import handout_hook

    class File:
        src_uri, url = "handouts/opening.md", "handouts/opening.html"

    class Page:
        file = type("PageFile", (), {"src_uri": "units/opening.md", "url": "units/opening.html"})

    monkeypatch.delenv("STUDY_PDF", raising=False)
    monkeypatch.setattr(handout_hook.BUILD, "lang", "en")
    monkeypatch.setattr(handout_hook.BUILD, "handout_files", {(corpus.slug, "opening"): File()})
    monkeypatch.setattr(handout_hook, "SERVING", True)
    served = handout_hook._handout_buttons(corpus.slug, corpus.units[0], Page())
    assert PDF_PREVIEW_NOTE["en"] in served and ".pdf" not in served and "../handouts/opening.md" in served
    monkeypatch.setattr(handout_hook, "SERVING", False)
    built = handout_hook._handout_buttons(corpus.slug, corpus.units[0], Page())
    assert 'href="../handouts/opening.en.pdf" download' in built and PDF_PREVIEW_NOTE["en"] not in built


# ---------------------------------------------------------------- the PDF cache (hooks/pdfs.py)


def tiny_job(font: HandoutFont, text: str = "讲义") -> PdfJob:
    css = (font.face_css(), (ROOT / HANDOUT_CSS).read_text("utf-8"), page_css("zh"))
    document = f'<!DOCTYPE html><html lang="zh-CN"><head><title>{text}</title></head><body class="handout-pdf"><h1>{text}</h1></body></html>'
    return PdfJob("tiny.zh", document, css, font.paths, str(ROOT))


def test_the_cache_key_changes_with_every_input_and_only_then(real_font, tmp_path):
    tools = toolchain()
    job = tiny_job(real_font)
    assert job_key(job, tools) == job_key(tiny_job(real_font), dict(tools))
    changed = [
        tiny_job(real_font, "讲话"),
        PdfJob(job.name, job.document, job.stylesheets[:2] + (job.stylesheets[2] + "p{}",), job.fonts, job.base_url),
    ]
    copied = tmp_path / job.fonts[0].name
    copied.write_bytes(job.fonts[0].read_bytes() + b"\0")  # same name, other bytes
    changed.append(PdfJob(job.name, job.document, job.stylesheets, (copied,) + job.fonts[1:], job.base_url))
    keys = {job_key(other, tools) for other in changed} | {job_key(job, dict(tools, weasyprint="71.0"))}
    assert job_key(job, tools) not in keys and len(keys) == 4
    assert {"weasyprint", "pango", "harfbuzz", "harfbuzz-subset"} <= set(tools)


def test_the_cache_returns_what_was_stored_and_treats_damaged_entries_as_missing(tmp_path):
    cache = PdfCache(tmp_path / "cache")
    pdf = b"%PDF-1.7\n" + b"x" * 100 + b"\n%%EOF\n"
    assert cache.get("a") is None  # no folder yet
    cache.put("a", pdf)
    assert cache.get("a") == pdf
    for damaged in (pdf[:50], b"", b"<html>not a pdf</html>"):
        cache.path("b").write_bytes(damaged)
        assert cache.get("b") is None and not cache.path("b").exists()
    assert [p.name for p in cache.folder.iterdir()] == ["a.pdf"]  # no temporary files left
    assert is_complete_pdf(pdf) and not is_complete_pdf(pdf[:-3])


def test_the_cache_keeps_the_most_recently_used_entries(tmp_path):
    cache = PdfCache(tmp_path)
    pdf = b"%PDF-1.7\n%%EOF\n"
    for number, key in enumerate("abcd"):
        cache.put(key, pdf)
        os.utime(cache.path(key), (1_000_000 + number, 1_000_000 + number))
    assert cache.get("a") == pdf  # a hit counts as a use
    assert cache.prune(keep=2) == 2
    assert sorted(p.stem for p in tmp_path.glob("*.pdf")) == ["a", "d"]


def test_an_unwritable_target_leaves_no_partial_file(tmp_path):
    target = tmp_path / "out.pdf"
    write_atomically(target, b"%PDF-1.7\n%%EOF\n")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # fails while writing
    assert target.read_bytes() == b"%PDF-1.7\n%%EOF\n" and [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_miss_is_laid_out_in_a_worker_and_the_next_build_reads_the_cache(real_font, tmp_path):
    cache, job = PdfCache(tmp_path / "cache"), tiny_job(real_font)
    first = PdfMaker(cache, ROOT / "hooks", workers=1)
    first.submit(job, tmp_path / "one" / "tiny.pdf")
    summary = first.finish()
    assert (summary.made, summary.cached, summary.pages, summary.warnings) == (1, 0, 1, [])
    made = (tmp_path / "one" / "tiny.pdf").read_bytes()
    assert is_complete_pdf(made) and cache.get(job_key(job, toolchain())) == made
    # Deterministic: laid out again (here, in this process) it is the same bytes, with no date in them.
    assert render(job).data == made and b"CreationDate" not in made
    second = PdfMaker(cache, ROOT / "hooks", workers=1)
    second.submit(job, tmp_path / "two" / "tiny.pdf")
    assert second._pool is None  # a hit starts no worker
    assert (second.finish().made, (tmp_path / "two" / "tiny.pdf").read_bytes()) == (0, made)


def test_weasyprints_harfbuzz_subset_notice_is_silenced_where_pdfs_are_made():
    """Without libharfbuzz-subset WeasyPrint warns on import; MkDocs would print it with stack frames."""
    import inspect
    import warnings

    import pdfs

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("module", DeprecationWarning)  # as `mkdocs` sets it
        weasyprint, _ = pdfs._import_weasyprint()
        source = inspect.getsource(importlib.import_module("weasyprint.text.ffi"))
        message = re.search(r"'(HarfBuzz-Subset will be required[^']*)'", source).group(1)
        warnings.warn(message, DeprecationWarning)
        warnings.warn("Some other deprecation", DeprecationWarning)
    assert [str(warning.message) for warning in caught] == ["Some other deprecation"]
