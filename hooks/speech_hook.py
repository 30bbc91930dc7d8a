"""MkDocs events for the speech text (core: speech.py, corpus.py, markup.py).

- on_config: load and validate data/ afresh for every build (static-i18n builds once per language).
- on_page_markdown: replace `<!-- speech: UNIT -->` with the unit's text in the current language.
- on_page_content: add the clickable ¶ numbers.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from corpus import Corpus, load_corpus
from datafiles import DataError
from markup import add_paragraph_numbers
from speech import SPEECH_MARKER, render_unit


# Python-Markdown's footnote back-link title, in the language of the build.
FOOTNOTE_BACKLINK_TITLE = {"zh": "返回正文中第 %d 个注释处", "en": "Back to note %d in the text"}


class _Build:
    """State of the current build; replaced in on_config."""

    corpus: Corpus | None = None
    lang: str = "zh"


BUILD = _Build()


def current_language(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].current_language


# After static-i18n's on_config (priority -100), which sets the language of this build.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    BUILD.lang = current_language(config)
    # Assigned (not appended) so the edit is idempotent across the per-language builds.
    config.mdx_configs.setdefault("footnotes", {})["BACKLINK_TITLE"] = FOOTNOTE_BACKLINK_TITLE[BUILD.lang]
    try:
        BUILD.corpus = load_corpus(Path(config.config_file_path).parent)
    except DataError as error:
        raise PluginError(str(error)) from None
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    corpus = BUILD.corpus
    units = {unit.id: unit for unit in corpus.units}

    def render(match) -> str:
        unit = units.get(match.group(1))
        if unit is None:
            raise PluginError(f"{page.file.src_uri}: unknown unit {match.group(1)!r} (see data/units.yml)")
        page.meta.setdefault("title", unit.title[BUILD.lang])
        return render_unit(unit, corpus.speech, corpus.notes, BUILD.lang, corpus.translation)

    return SPEECH_MARKER.sub(render, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if ' class="speech' not in html:
        return html
    return add_paragraph_numbers(html, BUILD.lang)
