"""MkDocs events for study questions, handouts and their PDFs (core: questions.py, handouts.py).

- on_startup: note whether this is `mkdocs serve` (PDFs are skipped there unless STUDY_PDF=1).
- on_config: take this build's data (build_data.py: speech, glossary and questions, loaded
  and validated once per build) and, when PDFs are made, the handout font (handout_font.py:
  a subset of the system's Noto Serif CJK for every text the PDFs show, from `.cache/fonts`
  or made there, once per build); the first language's build starts the PDF maker (pdfs.py).
- on_files: find the unit pages, handout pages (`<!-- handout: UNIT -->`), glossary page.
- on_page_markdown: fill `<!-- questions: UNIT -->` (collapsible questions and the handout
  links at the end of a unit page), `<!-- questions -->` (the questions page),
  `<!-- handout: UNIT -->` (a handout page) and `<!-- handouts -->` (the table of handouts).
  Where this build makes no PDFs, a note stands in place of the download links.
- on_post_page: keep each handout page's rendered HTML and hand its PDF to the maker at once
  (one A4 PDF per unit next to its handout page; the whole speech once every unit is in):
  it comes from the cache or is laid out in a worker process while the build goes on.
- on_post_build: once every language is built, wait for the PDFs and write them.

STUDY_PDF=1 builds the PDFs under `mkdocs serve` too; STUDY_PDF=0 skips them in any build.
SITE_URL (the deployed address) puts a QR code of each unit's page on its PDF.
STUDY_PDF_CACHE names the PDF cache folder (default `.cache/pdf`); STUDY_FONT_CACHE the font cache
folder (default `.cache/fonts`); STUDY_PDF_WORKERS the number of layout processes (default: one per CPU).
"""

from __future__ import annotations

import os
import posixpath
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import build_data
from corpus import find_unit_pages, relative_link
from library import Library
from escape import escape_html
from glossary import GLOSSARY_MARKER, Entry
from handout_font import FontError, HandoutFont, check_font_coverage, font_cache_folder, font_coverage, handout_font
from handouts import (
    DOWNLOADS_MARKER,
    HANDOUT_CSS,
    HANDOUT_MARKER,
    LABELS,
    WHOLE_SPEECH,
    DownloadLinks,
    css_content_strings,
    downloads_markdown,
    footer_text,
    handout_markdown,
    handout_texts,
    page_css,
    page_title,
    pdf_document,
    pdf_name,
    preview_note,
    shown_text,
    site_url_from_env,
    unit_terms,
    whole_speech_document,
)
from pdfs import PdfCache, PdfJob, PdfMaker, cache_folder, worker_count
from questions import QUESTIONS_MARKER, UnitQuestions, render_collapsible, render_questions
from speech import Unit, escape_markdown

log = get_plugin_logger("handouts")
UNIT_LINKS = {"zh": "阅读原文", "en": "Read the text"}


class _Build:
    """State of the current (per-language) build; replaced in on_config."""

    lang: str = "zh"
    root: Path = Path(".")
    library: Library
    entries: list[Entry] = []
    # Keyed by (speech slug, unit id): each speech has its own units.
    unit_pages: dict[tuple[str, str], str] = {}
    handout_files: dict[tuple[str, str], File] = {}
    glossary_src: str | None = None
    page_urls: dict[str, str] = {}  # src_uri -> url of every page of this language
    home_urls: dict[str, str] = {}  # speech slug -> url of its home page (the library's, for the root speech)
    rendered: dict[tuple[str, str], str] = {}
    submitted: set[tuple[str, str]] = set()
    font: HandoutFont | None = None  # None: this build makes no PDFs
    # Set for the first PDF of the language: what every PDF job shares.
    stylesheets: tuple[str, ...] = ()
    coverage: dict[Path, set[str]] | None = None


class _Process:
    """State of one whole build (every language): the PDF maker runs across the language builds."""

    maker: PdfMaker | None = None
    site_url: str | None = None


BUILD = _Build()
PROCESS = _Process()
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
    BUILD.library, BUILD.entries = build_data.library(config), build_data.glossary(config)
    BUILD.unit_pages, BUILD.handout_files, BUILD.glossary_src, BUILD.rendered = {}, {}, None, {}
    BUILD.page_urls, BUILD.home_urls, BUILD.submitted, BUILD.stylesheets, BUILD.coverage = {}, {}, set(), (), None
    if not config.plugins["i18n"].building:  # the first language: a new whole build
        _close_maker()
        PROCESS.site_url = site_url_from_env(os.environ)
    BUILD.font = build_data.shared(config, "handout_font", lambda: _handout_font(config)) if pdfs_wanted() else None
    return config


def _handout_font(config: MkDocsConfig) -> HandoutFont:
    """The font subset for every text the PDFs of every speech can show (cold: seconds; warm: a few ms)."""
    started = time.perf_counter()
    texts: dict[str, str] = {}
    for corpus in BUILD.library:  # one font for the library: adding a speech changes every PDF's font
        texts.update(handout_texts(corpus, BUILD.entries, build_data.questions(config, corpus.slug), BUILD.root))
    try:
        font = handout_font(texts, font_cache_folder(BUILD.root, os.environ))
    except FontError as error:
        raise PluginError(str(error)) from None
    if font.made:
        seconds = time.perf_counter() - started
        log.info(f"handout font: Noto Serif CJK SC cut down to {len(font.characters)} characters in {seconds:.1f} s")
    return font


@event_priority(-110)  # after static-i18n has narrowed the files to this build's language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = files.documentation_pages()
    speech_of = build_data.speech_of(config)
    BUILD.unit_pages = find_unit_pages(((f.src_uri, f.content_string) for f in pages), speech_of)
    BUILD.page_urls = {f.src_uri: f.url for f in pages}
    # Each speech's home page: the index page nearest the top of its pages (index.html, en/index.html,
    # dangshi-2021/index.html): the whole-speech PDF's QR code leads there.
    for file in sorted((f for f in pages if posixpath.basename(f.src_uri) == "index.md"), key=lambda f: f.src_uri.count("/")):
        BUILD.home_urls.setdefault(speech_of(file.src_uri), posixpath.dirname(file.url) + "/" if "/" in file.url else "")
    for file in pages:
        markdown, slug = file.content_string, speech_of(file.src_uri)
        for match in HANDOUT_MARKER.finditer(markdown):
            unit = build_data.unit(config, slug, match.group(1), file.src_uri)
            BUILD.handout_files[(slug, unit.id)] = file
        if GLOSSARY_MARKER.search(markdown):
            BUILD.glossary_src = file.src_uri
    return files


def _handout_file(slug: str, unit_id: str) -> File | None:
    """A unit's handout page; for the whole speech, its first unit's (the PDF sits next to it)."""
    if unit_id == WHOLE_SPEECH:
        unit_id = BUILD.library[slug].units[0].id
    return BUILD.handout_files.get((slug, unit_id))


def _pdf_url(slug: str, unit_id: str) -> str | None:
    """Site URL of a PDF: next to the handout pages (the first unit's for the whole speech)."""
    file = _handout_file(slug, unit_id)
    return posixpath.join(posixpath.dirname(file.url), pdf_name(unit_id, BUILD.lang)) if file else None


def _link_to_piece(page: Page, slug: str):
    links = build_data.piece_links(BUILD.library, BUILD.unit_pages, BUILD.lang, page)
    return lambda piece_id: links(slug, piece_id)


def _handout_buttons(slug: str, unit: Unit, page: Page) -> str:
    labels = LABELS[BUILD.lang]
    file = BUILD.handout_files.get((slug, unit.id))
    if file is None:
        return ""
    view = relative_link(page.file.src_uri, file.src_uri)
    if pdfs_wanted():
        pdf = get_relative_url(_pdf_url(slug, unit.id), page.file.url)
        download = f'<a class="md-button md-button--primary handout-download" href="{pdf}" download>{labels["download"]}</a>'
    else:
        download = preview_note(BUILD.lang)
    return f"{download} [{labels['view']}]({view}){{ .md-button }}\n{{: .handout-links }}"


def _questions_page(page: Page, slug: str, questions: dict[str, UnitQuestions]) -> str:
    lang, blocks = BUILD.lang, []
    for unit in BUILD.library[slug].units:
        blocks.append(f"## {escape_markdown(unit.title[lang])} {{: #q-{unit.id} }}")
        links = []
        if (slug, unit.id) in BUILD.unit_pages:
            links.append(f"[{UNIT_LINKS[lang]}]({relative_link(page.file.src_uri, BUILD.unit_pages[(slug, unit.id)])})")
        if (slug, unit.id) in BUILD.handout_files:
            links.append(f"[{LABELS[lang]['view']}]({relative_link(page.file.src_uri, BUILD.handout_files[(slug, unit.id)].src_uri)})")
        if links:
            blocks.append(" · ".join(links) + "\n{: .questions-links }")
        blocks.append(render_questions(questions[unit.id], lang, _link_to_piece(page, slug)))
    return "\n\n".join(blocks) + "\n"


def _downloads(page: Page, slug: str) -> str:
    def handout_page(unit: Unit) -> str | None:
        file = BUILD.handout_files.get((slug, unit.id))
        return relative_link(page.file.src_uri, file.src_uri) if file else None

    links = DownloadLinks(
        unit_page=lambda unit: relative_link(page.file.src_uri, BUILD.unit_pages[(slug, unit.id)]),
        handout_page=handout_page,
        pdf=(lambda unit_id: get_relative_url(_pdf_url(slug, unit_id) or "", page.file.url)) if pdfs_wanted() else None,
    )
    return downloads_markdown(BUILD.library[slug], BUILD.lang, links)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang, slug = BUILD.lang, build_data.speech_of(config)(page.file.src_uri)
    questions = build_data.questions(config, slug)  # empty: the speech has no study questions

    def unit_questions(match) -> str:
        if match.group(1) is None:
            return _questions_page(page, slug, questions)
        unit = build_data.unit(config, slug, match.group(1), page.file.src_uri)
        collapsible = render_collapsible(questions[unit.id], lang, _link_to_piece(page, slug)) + "\n" if questions else ""
        return collapsible + _handout_buttons(slug, unit, page)

    def handout(match) -> str:
        unit = build_data.unit(config, slug, match.group(1), page.file.src_uri)
        page.meta.setdefault("title", escape_html(page_title(unit, lang)))  # page titles are HTML
        glossary = relative_link(page.file.src_uri, BUILD.glossary_src) if BUILD.glossary_src else None
        pdf = get_relative_url(_pdf_url(slug, unit.id), page.file.url)
        corpus = BUILD.library[slug]
        terms = unit_terms(unit, corpus, BUILD.entries)
        return handout_markdown(
            unit, corpus, terms, questions.get(unit.id), lang, _link_to_piece(page, slug), glossary, pdf, pdfs_wanted()
        )

    markdown = QUESTIONS_MARKER.sub(unit_questions, markdown)
    markdown = HANDOUT_MARKER.sub(handout, markdown)
    return DOWNLOADS_MARKER.sub(lambda _: _downloads(page, slug), markdown)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    for key, file in BUILD.handout_files.items():
        if file.src_uri == page.file.src_uri:
            BUILD.rendered[key] = page.content
            if pdfs_wanted():
                submit_ready_pdfs()
    return output


def _online_url(slug: str, unit_id: str) -> str | None:
    """Where a PDF's QR code leads: its unit's page at SITE_URL (the whole speech: its home page)."""
    if PROCESS.site_url is None:
        return None
    if unit_id == WHOLE_SPEECH:
        return PROCESS.site_url + BUILD.home_urls.get(slug, "")
    src = BUILD.unit_pages.get((slug, unit_id))
    return PROCESS.site_url + BUILD.page_urls[src] if src in BUILD.page_urls else None


def _job(slug: str, unit_id: str, document: str) -> tuple[PdfJob, Path]:
    lang, root = BUILD.lang, BUILD.root
    font = BUILD.font
    assert font is not None, "PDF jobs only where on_config made the font"
    if not BUILD.stylesheets:
        handout_css = (root / HANDOUT_CSS).read_text(encoding="utf-8")
        BUILD.stylesheets = (font.face_css(), handout_css, page_css(lang))
    file = _handout_file(slug, unit_id)
    job = PdfJob(f"{slug}/{unit_id}.{lang}", document, BUILD.stylesheets, font.paths, str(root))
    return job, Path(file.abs_dest_path).with_name(pdf_name(unit_id, lang))


def _check_font_coverage(job: PdfJob) -> None:
    """Before a PDF is laid out: the font subset has every character it shows."""
    try:
        if BUILD.coverage is None:
            BUILD.coverage = font_coverage(BUILD.font)  # a fifth of a second: only on a cache miss
        printed_by_css = css_content_strings(BUILD.stylesheets[1]) + footer_text(BUILD.lang, 1234567890)
        check_font_coverage(shown_text(job.document) + printed_by_css, BUILD.coverage, where=f"handout PDF {job.name}")
    except FontError as error:
        raise PluginError(str(error)) from None


def submit_ready_pdfs() -> None:
    """Hand the maker every PDF of this language whose handouts have been rendered (each once)."""
    lang = BUILD.lang
    ready: list[tuple[str, str, str]] = []
    for corpus in BUILD.library:
        slug, title_text = corpus.slug, corpus.text("p0", lang) if lang in corpus.languages else ""
        for unit in corpus.units:
            key = (slug, unit.id)
            if key in BUILD.rendered and key not in BUILD.submitted:
                document = pdf_document(BUILD.rendered[key], lang, page_title(unit, lang), title_text, _online_url(slug, unit.id))
                ready.append((slug, unit.id, document))
        whole = (slug, WHOLE_SPEECH)
        if whole not in BUILD.submitted and all((slug, unit.id) in BUILD.rendered for unit in corpus.units):
            sections = [(unit.title[lang], BUILD.rendered[(slug, unit.id)]) for unit in corpus.units]
            ready.append((slug, WHOLE_SPEECH, whole_speech_document(sections, lang, title_text, _online_url(slug, WHOLE_SPEECH))))
    for slug, unit_id, document in ready:
        job, target = _job(slug, unit_id, document)
        if PROCESS.maker is None:
            PROCESS.maker = PdfMaker(PdfCache(cache_folder(BUILD.root, os.environ)), Path(__file__).parent, worker_count(os.environ))
        PROCESS.maker.submit(job, target, check=_check_font_coverage)
        BUILD.submitted.add((slug, unit_id))


def _close_maker() -> None:
    if PROCESS.maker is not None:
        PROCESS.maker.close()
        PROCESS.maker = None


# After static-i18n's on_post_build (priority -100), which builds the other languages, and
# before the offline zip (hooks/offline_hook.py, -200), which must hold the PDFs.
@event_priority(-150)
def on_post_build(config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:
        return  # a language built inside static-i18n's loop: its PDFs are on their way
    if PROCESS.maker is None:
        if BUILD.rendered and not pdfs_wanted():
            log.info("handout PDFs skipped: set STUDY_PDF=1 to build them" + (" under `mkdocs serve`" if SERVING else ""))
        return
    maker, PROCESS.maker = PROCESS.maker, None
    try:
        summary = maker.finish()
    except Exception as error:  # a worker's failure: name it, without the pool's traceback
        raise PluginError(f"handout PDFs: {type(error).__name__}: {error}") from error
    for message in summary.warnings:
        log.warning(f"WeasyPrint, handout PDF {message}")
    qr = "" if PROCESS.site_url else "; no QR codes: SITE_URL (the deployed address) is not set"
    log.info(
        f"{summary.made + summary.cached} handout PDFs: {summary.made} laid out ({summary.pages} pages), "
        f"{summary.cached} from the cache; {summary.waited_s:.1f} s waiting for them after the pages{qr}"
    )


def on_build_error(error: Exception) -> None:
    _close_maker()
