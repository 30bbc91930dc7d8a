"""MkDocs events for the speech text (core: speech.py, corpus.py, markup.py).

- on_config: take this build's data (build_data.py: loaded and validated once per build).
- on_files: find the unit pages (`<!-- speech: UNIT -->`).
- on_page_markdown: replace `<!-- speech: UNIT -->` with the unit's text in the current language,
  and `<!-- parallel: UNIT -->` with the unit side by side in both languages.
- on_page_content: add the clickable ¶ numbers; mark text in the other language with `lang`.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import build_data
from corpus import find_unit_pages, relative_link
from library import Library
from escape import escape_html
from markup import add_paragraph_numbers, mark_other_language, parse, serialize
from speech import PARALLEL_MARKER, SPEECH_MARKER, render_parallel, render_unit


PARALLEL_TITLE = {"zh": "中英对照", "en": "Side by side"}

# Python-Markdown's footnote back-link title, in the language of the build.
FOOTNOTE_BACKLINK_TITLE = {"zh": "返回正文中第 %d 个注释处", "en": "Back to note %d in the text"}


class _Build:
    """State of the current build; replaced in on_config."""

    library: Library | None = None
    lang: str = "zh"
    unit_pages: dict[tuple[str, str], str] = {}


BUILD = _Build()


def current_language(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].current_language


# After static-i18n's on_config (priority -100), which sets the language of this build.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    BUILD.lang = current_language(config)
    # Assigned (not appended) so the edit is idempotent across the per-language builds.
    config.mdx_configs.setdefault("footnotes", {})["BACKLINK_TITLE"] = FOOTNOTE_BACKLINK_TITLE[BUILD.lang]
    BUILD.library = build_data.library(config)
    BUILD.unit_pages = {}
    return config


@event_priority(-110)  # after static-i18n has narrowed the files to this build's language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    BUILD.unit_pages = find_unit_pages(((f.src_uri, f.content_string) for f in files.documentation_pages()), build_data.speech_of(config))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang, slug = BUILD.lang, build_data.speech_of(config)(page.file.src_uri)
    corpus = BUILD.library[slug]

    def render(match) -> str:
        unit = build_data.unit(config, slug, match.group(1), page.file.src_uri)
        # Page titles are HTML to MkDocs and Material; the description goes into an attribute.
        page.meta.setdefault("title", escape_html(unit.title[lang]))
        page.meta.setdefault("description", escape_html(unit.description[lang]))
        return render_unit(unit, corpus.speech, corpus.notes, lang, corpus.translation)

    def render_side_by_side(match) -> str:
        unit = build_data.unit(config, slug, match.group(1), page.file.src_uri)
        separator = "：" if lang == "zh" else ": "
        page.meta.setdefault("title", escape_html(f"{PARALLEL_TITLE[lang]}{separator}{unit.title[lang]}"))
        page.meta.setdefault("description", escape_html(f"{PARALLEL_TITLE[lang]} · {unit.description[lang]}"))
        unit_src = BUILD.unit_pages[(slug, unit.id)]
        return render_parallel(unit, corpus.speech, corpus.translation, lambda piece_id: relative_link(page.file.src_uri, unit_src, piece_id))

    return PARALLEL_MARKER.sub(render_side_by_side, SPEECH_MARKER.sub(render, markdown))


# Late, so that text other hooks add (glossary links, indexes) gets its `lang` marked too.
@event_priority(-50)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    fragment = parse(html)
    add_paragraph_numbers(fragment, BUILD.lang)
    mark_other_language(fragment, BUILD.lang)
    return serialize(fragment)
