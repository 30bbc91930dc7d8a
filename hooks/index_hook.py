"""MkDocs events for the indexes of directives, slogans, documents and the structure map (core: extraction.py).

- on_config: take this build's extraction (build_data.py: the speech, the glossary and
  data/speeches/<slug>/indexes.yml, extracted and validated once per build).
- on_files: find the unit pages, the index pages (`<!-- index: KIND -->`) and the glossary page.
- on_page_markdown: replace an index page's marker with its generated Markdown, whose links are
  relative .md links with paragraph anchors, so MkDocs validates every one of them.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import build_data
from corpus import find_unit_pages, relative_link
from library import INDEX_KINDS, Library
from glossary import GLOSSARY_MARKER
from index_pages import INDEX_MARKER, render_directives, render_documents, render_slogans, render_structure


class _Build:
    """State of the current build; replaced in on_config."""

    library: Library | None = None
    lang: str = "zh"
    unit_pages: dict[tuple[str, str], str] = {}
    index_pages: dict[str, str] = {}  # src path -> index kind
    glossary_src: str | None = None


BUILD = _Build()


@event_priority(-110)  # after static-i18n's on_config has set the language of this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    BUILD.lang = config.plugins["i18n"].current_language
    BUILD.library = build_data.library(config)
    BUILD.unit_pages, BUILD.index_pages, BUILD.glossary_src = {}, {}, None
    return config


@event_priority(-110)  # after static-i18n has narrowed the files to this build's language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    sources = [(f.src_uri, f.content_string) for f in files.documentation_pages()]
    BUILD.unit_pages = find_unit_pages(sources, build_data.speech_of(config))
    for src_uri, markdown in sources:
        for match in INDEX_MARKER.finditer(markdown):
            if match.group(1) not in INDEX_KINDS:
                raise PluginError(f"{src_uri}: unknown index {match.group(1)!r} (one of {', '.join(INDEX_KINDS)})")
            BUILD.index_pages[src_uri] = match.group(1)
        if GLOSSARY_MARKER.search(markdown):
            BUILD.glossary_src = src_uri
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if src not in BUILD.index_pages:
        return markdown
    slug, lang = build_data.speech_of(config)(src), BUILD.lang
    corpus, indexes = BUILD.library[slug], build_data.indexes(config, slug)
    links = build_data.piece_links(BUILD.library, BUILD.unit_pages, lang, page)

    def link(piece_id: str) -> str:
        return links(slug, piece_id)

    glossary = BUILD.glossary_src
    term_link = (lambda anchor: relative_link(src, glossary, anchor)) if glossary else None

    def render(match) -> str:
        kind = match.group(1)
        if kind == "slogans":
            return render_slogans(indexes, lang, link, term_link)
        if kind == "documents":
            return render_documents(indexes, lang, link, term_link)
        if kind == "directives":
            return render_directives(indexes, lang, link, corpus.translation)
        return render_structure(indexes, lang, link, corpus.translation)

    return INDEX_MARKER.sub(render, markdown)
