"""The project's data for one build, loaded once and shared by every hook.

The loading and validation are the cores' (corpus, glossary, questions, extraction); this
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

from alignment import check_termbase
from corpus import TRANSLATION_FILE, Corpus, load_corpus
from datafiles import DataError
from extraction import Indexes, glossary_terms
from glossary import Entry, Rendering, load_glossary, load_renderings
from index_rules import RULES_FILE, load_indexes
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


def corpus(config: MkDocsConfig) -> Corpus:
    """data/: the speech, its units, notes and translation."""
    return shared(config, "corpus", lambda: load_corpus(Path(config.config_file_path).parent))


def unit(config: MkDocsConfig, unit_id: str, where: str) -> Unit:
    """The unit `unit_id` of data/units.yml, named by a page (`where`): a PluginError if there is none."""
    for candidate in corpus(config).units:
        if candidate.id == unit_id:
            return candidate
    raise PluginError(f"{where}: unknown unit {unit_id!r} (see data/units.yml)")


def _termbase(config: MkDocsConfig) -> tuple[list[Entry], list[Rendering]]:
    """data/glossary.yml and data/renderings.yml, and the translation checked against both (one termbase)."""
    data = corpus(config)

    def load() -> tuple[list[Entry], list[Rendering]]:
        entries = load_glossary(data.data_dir / GLOSSARY_FILE, data.speech)
        found = load_renderings(data.data_dir / RENDERINGS_FILE, data.speech, entries)
        check_termbase(data.data_dir / TRANSLATION_FILE, data.speech, data.translation, entries, found)
        return entries, found

    return shared(config, "termbase", load)


def glossary(config: MkDocsConfig) -> list[Entry]:
    """data/glossary.yml (the translation checked against it and the renderings list)."""
    return _termbase(config)[0]


def renderings(config: MkDocsConfig) -> list[Rendering]:
    """data/renderings.yml: words with one English rendering but no glossary entry."""
    return _termbase(config)[1]


def questions(config: MkDocsConfig) -> dict[str, UnitQuestions]:
    """data/questions.yml, per unit."""
    data = corpus(config)
    return shared(config, "questions", lambda: load_questions(data.data_dir / QUESTIONS_FILE, data.speech, data.units))


def indexes(config: MkDocsConfig) -> Indexes:
    """The directives, phrases, documents and structure extracted from the speech, with its rules (data/indexes.yml)."""
    data, entries = corpus(config), glossary(config)

    def load() -> Indexes:
        found = load_indexes(data.data_dir / RULES_FILE, data.speech, glossary_terms(entries), translated=bool(data.translation))
        for notice in found.notices:  # a speech without reviewed rules builds; its editor sees what is open
            log.info("%s: %s", RULES_FILE, notice)
        return found

    return shared(config, "indexes", load)
