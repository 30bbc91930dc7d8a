"""MkDocs events for the glossary (core: glossary.py, markup.py).

- on_config: take this build's glossary (build_data.py: loaded and validated once per build).
- on_files: find the glossary page (`<!-- glossary -->`) and the unit pages.
- on_page_markdown: fill the glossary page, with backlinks to every paragraph, grouped by speech.
- on_page_content: link terms in the text of every speech, with the short definition as tooltip.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import build_data
from corpus import find_unit_pages
from glossary import GLOSSARY_MARKER, Entry, TermMatcher, occurrences_by_speech, render_glossary, speech_names
from library import Library
from markup import link_terms


class _Build:
    library: Library
    entries: list[Entry] = []
    matcher: TermMatcher
    found: dict[str, dict[str, list[str]]] = {}
    lang: str = "zh"
    unit_pages: dict[tuple[str, str], str] = {}
    glossary_src: str | None = None
    glossary_url: str | None = None


BUILD = _Build()


@event_priority(-110)  # after static-i18n's on_config has set the language of this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    BUILD.lang = config.plugins["i18n"].current_language
    BUILD.library, BUILD.entries = build_data.library(config), build_data.glossary(config)
    BUILD.matcher = TermMatcher(BUILD.entries)
    BUILD.found = occurrences_by_speech(BUILD.entries, {speech.slug: speech.speech for speech in BUILD.library})
    BUILD.unit_pages, BUILD.glossary_src, BUILD.glossary_url = {}, None, None
    return config


@event_priority(-110)  # after static-i18n has narrowed the files to this build's language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    sources = [(f.src_uri, f.content_string) for f in files.documentation_pages()]
    BUILD.unit_pages = find_unit_pages(sources, build_data.speech_of(config))
    glossary_files = [f for f in files.documentation_pages() if GLOSSARY_MARKER.search(f.content_string)]
    if glossary_files:
        BUILD.glossary_src, BUILD.glossary_url = glossary_files[0].src_uri, glossary_files[0].url
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != BUILD.glossary_src:
        return markdown

    link_to_piece = build_data.piece_links(BUILD.library, BUILD.unit_pages, BUILD.lang, page)
    names = speech_names(BUILD.library, BUILD.lang)
    glossary = render_glossary(BUILD.entries, BUILD.found, BUILD.lang, link_to_piece, names)
    return GLOSSARY_MARKER.sub(lambda _: glossary, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if BUILD.glossary_url is None or page.file.src_uri not in BUILD.unit_pages.values():
        return html
    glossary = get_relative_url(BUILD.glossary_url, page.file.url)
    tooltip = {entry.id: entry.short[BUILD.lang] for entry in BUILD.entries}
    anchors = {entry.id: entry.anchor for entry in BUILD.entries}
    return link_terms(html, BUILD.matcher.find, tooltip, lambda entry_id: f"{glossary}#{anchors[entry_id]}")
