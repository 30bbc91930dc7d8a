"""MkDocs events for study questions, handouts and their PDFs (core: questions.py, handouts.py).

- on_startup: note whether this is `mkdocs serve` (PDFs are skipped there unless STUDY_PDF=1).
- on_config: take this build's data (build_data.py: speech, glossary and questions, loaded
  and validated once per build).
- on_files: find the unit pages, handout pages (`<!-- handout: UNIT -->`), glossary page.
- on_page_markdown: fill `<!-- questions: UNIT -->` (collapsible questions and the handout
  links at the end of a unit page), `<!-- questions -->` (the questions page),
  `<!-- handout: UNIT -->` (a handout page) and `<!-- handouts -->` (the table of handouts).
- on_post_page: keep each handout page's rendered HTML.
- on_post_build: lay out the PDFs of this build's language with WeasyPrint: one A4 PDF per
  unit next to its handout page, and one of the whole speech.

STUDY_PDF=1 builds the PDFs under `mkdocs serve` too; STUDY_PDF=0 skips them in any build.
"""

from __future__ import annotations

import os
import posixpath
import time
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import build_data
from corpus import Corpus, find_unit_pages, relative_link
from escape import escape_html
from glossary import GLOSSARY_MARKER, Entry
from handouts import (
    DOWNLOADS_MARKER,
    FONT_DIR,
    HANDOUT_CSS,
    HANDOUT_MARKER,
    LABELS,
    WHOLE_SPEECH,
    DownloadLinks,
    FontCoverageError,
    check_font_coverage,
    font_coverage,
    css_content_strings,
    font_face_css,
    footer_text,
    handout_markdown,
    page_css,
    page_title,
    pdf_document,
    pdf_name,
    shown_text,
    unit_terms,
    whole_speech_document,
    write_pdf,
)
from questions import QUESTIONS_MARKER, UnitQuestions, render_collapsible, render_questions
from speech import Unit, escape_markdown

log = get_plugin_logger("handouts")
UNIT_LINKS = {"zh": "阅读原文", "en": "Read the text"}


class _Build:
    """State of the current (per-language) build; replaced in on_config."""

    lang: str = "zh"
    root: Path = Path(".")
    corpus: Corpus
    entries: list[Entry] = []
    questions: dict[str, UnitQuestions] = {}
    unit_pages: dict[str, str] = {}
    handout_files: dict[str, File] = {}
    glossary_src: str | None = None
    rendered: dict[str, str] = {}


BUILD = _Build()
SERVING = False


def on_startup(command: str, dirty: bool) -> None:
    global SERVING
    SERVING = command == "serve"


def pdfs_wanted() -> bool:
    flag = os.environ.get("STUDY_PDF")
    if flag is not None:
        return flag.strip().lower() not in ("", "0", "no", "false", "off")
    return not SERVING


@event_priority(-110)  # after static-i18n's on_config has set the language of this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    BUILD.lang = config.plugins["i18n"].current_language
    BUILD.root = Path(config.config_file_path).parent
    BUILD.corpus, BUILD.entries, BUILD.questions = build_data.corpus(config), build_data.glossary(config), build_data.questions(config)
    BUILD.unit_pages, BUILD.handout_files, BUILD.glossary_src, BUILD.rendered = {}, {}, None, {}
    return config


@event_priority(-110)  # after static-i18n has narrowed the files to this build's language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = files.documentation_pages()
    BUILD.unit_pages = find_unit_pages((f.src_uri, f.content_string) for f in pages)
    units = {unit.id for unit in BUILD.corpus.units}
    for file in pages:
        markdown = file.content_string
        for match in HANDOUT_MARKER.finditer(markdown):
            if match.group(1) not in units:
                raise PluginError(f"{file.src_uri}: unknown unit {match.group(1)!r} (see data/units.yml)")
            BUILD.handout_files[match.group(1)] = file
        if GLOSSARY_MARKER.search(markdown):
            BUILD.glossary_src = file.src_uri
    return files


def _pdf_url(unit_id: str) -> str | None:
    """Site URL of a PDF: next to the handout pages (the first unit's for the whole speech)."""
    files = BUILD.handout_files
    file = files.get(unit_id) or (next(iter(files.values()), None) if unit_id == WHOLE_SPEECH else None)
    if file is None:
        return None
    return posixpath.join(posixpath.dirname(file.url), pdf_name(unit_id, BUILD.lang))


def _link_to_piece(page: Page):
    def link(piece_id: str) -> str:
        unit = BUILD.corpus.unit_of(BUILD.corpus.speech.piece(piece_id).paragraph)
        target = BUILD.unit_pages.get(unit.id)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: no page shows unit {unit.id!r} (<!-- speech: {unit.id} -->)")
        return relative_link(page.file.src_uri, target, piece_id)

    return link


def _handout_buttons(unit: Unit, page: Page) -> str:
    labels = LABELS[BUILD.lang]
    file = BUILD.handout_files.get(unit.id)
    if file is None:
        return ""
    pdf = get_relative_url(_pdf_url(unit.id), page.file.url)
    view = relative_link(page.file.src_uri, file.src_uri)
    return (
        f'<a class="md-button md-button--primary handout-download" href="{pdf}" download>{labels["download"]}</a> '
        f"[{labels['view']}]({view}){{ .md-button }}\n{{: .handout-links }}"
    )


def _questions_page(page: Page) -> str:
    lang, blocks = BUILD.lang, []
    for unit in BUILD.corpus.units:
        blocks.append(f"## {escape_markdown(unit.title[lang])} {{: #q-{unit.id} }}")
        links = []
        if unit.id in BUILD.unit_pages:
            links.append(f"[{UNIT_LINKS[lang]}]({relative_link(page.file.src_uri, BUILD.unit_pages[unit.id])})")
        if unit.id in BUILD.handout_files:
            links.append(f"[{LABELS[lang]['view']}]({relative_link(page.file.src_uri, BUILD.handout_files[unit.id].src_uri)})")
        if links:
            blocks.append(" · ".join(links) + "\n{: .questions-links }")
        blocks.append(render_questions(BUILD.questions[unit.id], lang, _link_to_piece(page)))
    return "\n\n".join(blocks) + "\n"


def _downloads(page: Page) -> str:
    from handouts import downloads_markdown

    def handout_page(unit: Unit) -> str | None:
        file = BUILD.handout_files.get(unit.id)
        return relative_link(page.file.src_uri, file.src_uri) if file else None

    links = DownloadLinks(
        unit_page=lambda unit: relative_link(page.file.src_uri, BUILD.unit_pages[unit.id]),
        handout_page=handout_page,
        pdf=lambda unit_id: get_relative_url(_pdf_url(unit_id) or "", page.file.url),
    )
    return downloads_markdown(BUILD.corpus, BUILD.lang, links)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = BUILD.lang

    def questions(match) -> str:
        if match.group(1) is None:
            return _questions_page(page)
        unit = build_data.unit(config, match.group(1), page.file.src_uri)
        return render_collapsible(BUILD.questions[unit.id], lang, _link_to_piece(page)) + "\n" + _handout_buttons(unit, page)

    def handout(match) -> str:
        unit = build_data.unit(config, match.group(1), page.file.src_uri)
        page.meta.setdefault("title", escape_html(page_title(unit, lang)))  # page titles are HTML
        glossary = relative_link(page.file.src_uri, BUILD.glossary_src) if BUILD.glossary_src else None
        pdf = get_relative_url(_pdf_url(unit.id), page.file.url)
        terms = unit_terms(unit, BUILD.corpus, BUILD.entries)
        return handout_markdown(unit, BUILD.corpus, terms, BUILD.questions[unit.id], lang, _link_to_piece(page), glossary, pdf)

    markdown = QUESTIONS_MARKER.sub(questions, markdown)
    markdown = HANDOUT_MARKER.sub(handout, markdown)
    return DOWNLOADS_MARKER.sub(lambda _: _downloads(page), markdown)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    for unit_id, file in BUILD.handout_files.items():
        if file.src_uri == page.file.src_uri:
            BUILD.rendered[unit_id] = page.content
    return output


def _created() -> str | None:
    """PDF dates only from SOURCE_DATE_EPOCH (reproducible builds); otherwise none at all."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def on_post_build(config: MkDocsConfig) -> None:
    if not BUILD.rendered:
        return
    if not pdfs_wanted():
        log.info(f"handout PDFs ({BUILD.lang}) skipped: set STUDY_PDF=1 to build them" + (" under `mkdocs serve`" if SERVING else ""))
        return
    from weasyprint.text.fonts import FontConfiguration

    started, lang, corpus = time.perf_counter(), BUILD.lang, BUILD.corpus
    font_dir = BUILD.root / FONT_DIR
    handout_css = (BUILD.root / HANDOUT_CSS).read_text(encoding="utf-8")
    stylesheets = [font_face_css(font_dir), handout_css, page_css(lang)]
    printed_by_css = css_content_strings(handout_css) + footer_text(lang, 1234567890)
    font_config = FontConfiguration()
    jobs: list[tuple[str, str, Path]] = []
    for unit in corpus.units:
        if unit.id not in BUILD.rendered:
            continue
        file = BUILD.handout_files[unit.id]
        title = page_title(unit, lang)
        document = pdf_document(BUILD.rendered[unit.id], lang, title, corpus.text("p0", lang), _created())
        jobs.append((unit.id, document, Path(file.abs_dest_path).with_name(pdf_name(unit.id, lang))))
    sections = [(unit.title[lang], BUILD.rendered[unit.id]) for unit in corpus.units if unit.id in BUILD.rendered]
    if len(sections) == len(corpus.units):
        first = BUILD.handout_files[corpus.units[0].id]
        whole = whole_speech_document(sections, lang, corpus.text("p0", lang), _created())
        jobs.append((WHOLE_SPEECH, whole, Path(first.abs_dest_path).with_name(pdf_name(WHOLE_SPEECH, lang))))
    pages = 0
    try:
        coverage = font_coverage(font_dir)
        for name, document, _ in jobs:
            check_font_coverage(shown_text(document) + printed_by_css, coverage, where=f"handout PDF {name}.{lang}")
    except FontCoverageError as error:
        raise PluginError(str(error)) from None
    for name, document, target in jobs:
        pages += write_pdf(document, target, stylesheets, font_config=font_config, base_url=str(BUILD.root))
    log.info(f"{len(jobs)} handout PDFs ({lang}, {pages} pages) in {time.perf_counter() - started:.1f} s")
