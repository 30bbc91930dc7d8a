"""The project's data for one build, loaded once and shared by every hook.

The loading and validation are the cores' (library, corpus, glossary, questions, extraction); this
module only decides when to load. A build is one MkDocs config object: static-i18n builds
every language inside the default language's build with the same config, and `mkdocs serve`
loads a new config for every rebuild. So the data is read afresh for each new config and
shared by all hooks and all language builds of it (before, every hook read it again for every
language: glossary.yml was validated six times per build).

A `DataError` becomes MkDocs' `PluginError` with the core's message: the file and every problem.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from alignment import check_termbase
from corpus import TRANSLATION_FILE, Corpus
from datafiles import DataError
from extraction import Indexes, glossary_terms
from glossary import Entry, Rendering, load_glossary, load_renderings
from index_rules import RULES_FILE, load_indexes
from library import DATA_DIR, Library, PieceLinks, load_library
from questions import QUESTIONS_FILE, UnitQuestions, load_questions
from speech import Unit

GLOSSARY_FILE = "glossary.yml"
RENDERINGS_FILE = "renderings.yml"

log = logging.getLogger("mkdocs.hooks.build_data")

T = TypeVar("T")


class _Loaded:
    # The config itself, not its id: a later config could be given the id of a freed one.
    config: MkDocsConfig | None = None
    values: dict[str, Any] = {}


_LOADED = _Loaded()


def shared(config: MkDocsConfig, name: str, load: Callable[[], T]) -> T:
    """`load()`, called once per build (config): what every language build of it can share."""
    if _LOADED.config is not config:
        _LOADED.config, _LOADED.values = config, {}
    if name not in _LOADED.values:
        try:
            _LOADED.values[name] = load()
        except DataError as error:
            raise PluginError(str(error)) from None
    return _LOADED.values[name]


def library(config: MkDocsConfig) -> Library:
    """data/: every speech of data/library.yml (its text, units, notes and translation)."""
    return shared(config, "library", lambda: load_library(Path(config.config_file_path).parent))


def locales(config: MkDocsConfig) -> list[str]:
    """The languages static-i18n builds (the folders of docs/)."""
    return [language.locale for language in config.plugins["i18n"].config.languages]


def speech_of(config: MkDocsConfig) -> Callable[[str], str]:
    """A page's speech, from its src path (library.speech_slug_of)."""
    found, known = library(config), locales(config)
    return lambda src_uri: found.slug_of(src_uri, known)


def piece_links(speeches: Library, unit_pages: dict[tuple[str, str], str], lang: str, page: Page) -> Callable[[str, str], str]:
    """(speech slug, piece id) -> the link target of that paragraph from `page` (library.PieceLinks);
    a PluginError naming the page where no page of this language shows its unit."""
    links = PieceLinks(speeches, unit_pages, lang)

    def link(slug: str, piece_id: str) -> str:
        try:
            return links.piece_target(page.file.src_uri, page.file.url, slug, piece_id)
        except LookupError as error:
            raise PluginError(str(error)) from None

    return link


def corpus(config: MkDocsConfig, slug: str) -> Corpus:
    """The speech `slug` of the library."""
    return library(config)[slug]


def unit(config: MkDocsConfig, slug: str, unit_id: str, where: str) -> Unit:
    """The unit `unit_id` of a speech, named by a page (`where`): a PluginError if there is none."""
    found = corpus(config, slug).unit(unit_id)
    if found is None:
        raise PluginError(f"{where}: unknown unit {unit_id!r} (see data/speeches/{slug}/units.yml)")
    return found


def _termbase(config: MkDocsConfig) -> tuple[list[Entry], list[Rendering]]:
    """data/glossary.yml and data/renderings.yml, and every translation checked against both (one termbase)."""
    speeches = library(config)
    data_dir = Path(config.config_file_path).parent / DATA_DIR

    def load() -> tuple[list[Entry], list[Rendering]]:
        texts = {speech.slug: speech.speech for speech in speeches}
        entries = load_glossary(data_dir / GLOSSARY_FILE, texts)
        found = load_renderings(data_dir / RENDERINGS_FILE, texts, entries)
        for speech in speeches:
            if speech.translation:
                check_termbase(speech.data_dir / TRANSLATION_FILE, speech.speech, speech.translation, entries, found)
        return entries, found

    return shared(config, "termbase", load)


def glossary(config: MkDocsConfig) -> list[Entry]:
    """data/glossary.yml (every translation checked against it and the renderings list)."""
    return _termbase(config)[0]


def renderings(config: MkDocsConfig) -> list[Rendering]:
    """data/renderings.yml: words with one English rendering but no glossary entry."""
    return _termbase(config)[1]


def questions(config: MkDocsConfig, slug: str) -> dict[str, UnitQuestions]:
    """A speech's questions.yml, per unit; empty when the speech has none (its handouts then have no questions)."""
    data = corpus(config, slug)
    path = data.data_dir / QUESTIONS_FILE
    return shared(config, f"questions {slug}", lambda: load_questions(path, data.speech, data.units) if data.has_questions else {})


def indexes(config: MkDocsConfig, slug: str) -> Indexes:
    """The directives, phrases, documents and structure extracted from a speech, with its rules (indexes.yml)."""
    data, entries = corpus(config, slug), glossary(config)

    def load() -> Indexes:
        found = load_indexes(data.data_dir / RULES_FILE, data.speech, glossary_terms(entries), translated=bool(data.translation))
        for notice in found.notices:  # a speech without reviewed rules builds; its editor sees what is open
            log.info("%s/%s: %s", slug, RULES_FILE, notice)
        return found

    return shared(config, f"indexes {slug}", load)
