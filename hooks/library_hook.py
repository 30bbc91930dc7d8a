"""MkDocs events for the library's pages (core: library_pages.py, library.py).

- on_config: take this build's library (build_data.py).
- on_files: find every speech's overview page (`<!-- speech-overview -->`), the unit pages and the glossary page.
- on_page_markdown: fill `<!-- library -->` (the speeches, in the library's order),
  `<!-- speech-overview -->` (the page's speech: facts, description, structure) and
  `<!-- concordance -->` (every phrase, formula and document title across the speeches; core: concordance.py).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import build_data
from concordance import CONCORDANCE_MARKER, ConcordanceLinks, Row, Source, concordance, render_concordance
from corpus import Corpus, find_unit_pages, relative_link
from glossary import GLOSSARY_MARKER, speech_names
from index_pages import english_heading
from library import Library, chinese_target
from library_pages import LIBRARY_MARKER, OVERVIEW_MARKER, SpeechLinks, render_library, render_overview


class _Build:
    """State of the current (per-language) build; replaced in on_config."""

    library: Library
    lang: str = "zh"
    unit_pages: dict[tuple[str, str], str] = {}
    overview_pages: dict[str, str] = {}  # speech slug -> src path of its overview page
    glossary_src: str | None = None


BUILD = _Build()


@event_priority(-110)  # after static-i18n's on_config has set the language of this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    BUILD.lang = config.plugins["i18n"].current_language
    BUILD.library = build_data.library(config)
    BUILD.unit_pages, BUILD.overview_pages, BUILD.glossary_src = {}, {}, None
    return config


@event_priority(-110)  # after static-i18n has narrowed the files to this build's language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    speech_of = build_data.speech_of(config)
    sources = [(f.src_uri, f.content_string) for f in files.documentation_pages()]
    BUILD.unit_pages = find_unit_pages(sources, speech_of)
    BUILD.overview_pages = {speech_of(src): src for src, markdown in sources if OVERVIEW_MARKER.search(markdown)}
    BUILD.glossary_src = next((src for src, markdown in sources if GLOSSARY_MARKER.search(markdown)), None)
    return files


def _links(page: Page) -> SpeechLinks:
    pieces = build_data.piece_links(BUILD.library, BUILD.unit_pages, BUILD.lang, page)

    def overview(corpus: Corpus) -> str:
        src = BUILD.overview_pages.get(corpus.slug)
        if src is not None:
            return relative_link(page.file.src_uri, src)
        # A speech read in Chinese only: its overview in the default language.
        return chinese_target(page.file.url, BUILD.library.pages(corpus.slug, has_questions=False).overview)

    return SpeechLinks(overview, lambda corpus, piece_id: pieces(corpus.slug, piece_id))


def _concordance(config: MkDocsConfig) -> list[Row]:
    """The rows of the concordance: one computation per build, shared by its languages."""

    def load() -> list[Row]:
        sources = []
        for corpus in BUILD.library:
            indexes = build_data.indexes(config, corpus.slug)
            sources.append(Source(corpus.slug, corpus.speech, indexes.extraction, indexes.english))
        return concordance(sources, build_data.glossary(config))

    return build_data.shared(config, "concordance", load)


def _fill_concordance(page: Page, config: MkDocsConfig) -> str:
    lang, src = BUILD.lang, page.file.src_uri
    pieces = _links(page).piece
    glossary = BUILD.glossary_src
    links = ConcordanceLinks(
        piece=lambda slug, piece_id: pieces(BUILD.library[slug], piece_id),
        term=(lambda anchor: relative_link(src, glossary, anchor)) if glossary else None,
    )
    return render_concordance(_concordance(config), speech_names(BUILD.library, lang), lang, links)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = BUILD.lang
    if CONCORDANCE_MARKER.search(markdown):
        concordance_page = _fill_concordance(page, config)
        markdown = CONCORDANCE_MARKER.sub(lambda _: concordance_page, markdown)
    if LIBRARY_MARKER.search(markdown):
        library = render_library(list(BUILD.library), lang, _links(page))
        markdown = LIBRARY_MARKER.sub(lambda _: library, markdown)
    if OVERVIEW_MARKER.search(markdown):
        corpus = BUILD.library[build_data.speech_of(config)(page.file.src_uri)]
        outline = build_data.indexes(config, corpus.slug).extraction.outline

        def heading(piece_id: str, zh: str) -> str:
            return zh if lang == "zh" else english_heading(corpus.translation[piece_id])

        overview = render_overview(corpus, outline, lang, _links(page), heading)
        markdown = OVERVIEW_MARKER.sub(lambda _: overview, markdown)
    return markdown
