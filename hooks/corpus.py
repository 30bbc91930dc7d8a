"""One speech of the library: everything in its folder data/speeches/<slug>/, loaded and validated together.

Only the reference text (pinned), units.yml and meta.yml are required; the translation, notes,
questions (questions.py) and index rules (index_rules.py) are optional files of the same folder.
library.py loads one `Corpus` per speech, once per build (build_data.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from escape import escape_html
from datafiles import ChineseFirst, StrictModel, Text, line_of, load_model
from questions import QUESTIONS_FILE
from reference_text import check_pinned
from speech import SPEECH_MARKER, Note, Speech, Unit, load_closing, load_notes, load_speech, load_translation, load_units

META_FILE = "meta.yml"
SPEECH_FILE = "speech.zh.txt"
TRANSLATION_FILE = "speech.en.yml"
UNITS_FILE = "units.yml"
NOTES_FILE = "notes.yml"


class MetaModel(StrictModel):
    """meta.yml: what the library says about a speech. Only what is known: a missing field is omitted, never guessed."""

    title: ChineseFirst
    description: ChineseFirst  # one line for the library's list
    date: Text | None = None  # as precise as known: 2021-02-20, 2021-02 or 2021
    speaker: Text | None = None
    place: Text | None = None


@dataclass(frozen=True)
class Meta:
    title: dict[str, str]
    description: dict[str, str]
    date: str | None = None
    speaker: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class Corpus:
    data_dir: Path  # the speech's folder, data/speeches/<slug>/
    slug: str
    meta: Meta
    speech: Speech
    units: list[Unit]
    notes: list[Note]
    translation: dict[str, str]  # empty: no translation (the speech is read in Chinese only)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the speech can be read in."""
        return ("zh", "en") if self.translation else ("zh",)

    def title(self, lang: str) -> str:
        """The speech's title in `lang`, or in Chinese where it has none in `lang`."""
        return self.meta.title.get(lang) or self.meta.title["zh"]

    @property
    def has_questions(self) -> bool:
        """Whether the speech has study questions (its questions.yml; questions.py reads it): then a questions page."""
        return (self.data_dir / QUESTIONS_FILE).exists()

    def unit(self, unit_id: str) -> Unit | None:
        return next((unit for unit in self.units if unit.id == unit_id), None)

    @cached_property
    def _unit_by_paragraph(self) -> dict[int, Unit]:
        return {number: unit for unit in self.units for number in unit.numbers}

    def unit_of(self, paragraph: int) -> Unit:
        """The unit holding a paragraph (one dict lookup: called for every link of the indexes)."""
        return self._unit_by_paragraph[paragraph]

    def text(self, piece_id: str, lang: str) -> str:
        return self.speech.piece(piece_id).text if lang == "zh" else self.translation[piece_id]


def load_meta(path: Path, translated: bool) -> Meta:
    model, data, problems = load_model(path, MetaModel)
    if model is not None and translated:
        for field in ("title", "description"):
            if getattr(model, field).en is None:
                problems.add(field, "en: needed, the speech has a translation", line=line_of(data, (field,)))
    problems.raise_if_any()
    return Meta(model.title.as_dict(), model.description.as_dict(), model.date, model.speaker, model.place)


def load_corpus(data_dir: Path, slug: str) -> Corpus:
    """Load and validate a speech's folder; raises `DataError` naming the file and every problem."""
    # The pin first: a changed text is blamed on the text, not on the units that no longer fit it.
    check_pinned(data_dir / SPEECH_FILE)
    speech = load_speech(data_dir / SPEECH_FILE, load_closing(data_dir / UNITS_FILE))
    translation_file = data_dir / TRANSLATION_FILE
    translation = load_translation(translation_file, speech) if translation_file.exists() else {}
    units = load_units(data_dir / UNITS_FILE, speech, translated=bool(translation))
    meta = load_meta(data_dir / META_FILE, translated=bool(translation))
    notes_file = data_dir / NOTES_FILE
    notes = load_notes(notes_file, speech, translation) if notes_file.exists() else []
    return Corpus(data_dir, slug, meta, speech, units, notes, translation)


def find_unit_pages(pages: Iterable[tuple[str, str]], speech_of: Callable[[str], str]) -> dict[tuple[str, str], str]:
    """Map (speech slug, unit id) -> src path of the page whose Markdown holds its `<!-- speech: id -->` marker.

    `speech_of(src_uri)` names the speech a page belongs to (library.Library.slug_of).
    """
    found: dict[tuple[str, str], str] = {}
    for src_uri, markdown in pages:
        for match in SPEECH_MARKER.finditer(markdown):
            found[(speech_of(src_uri), match.group(1))] = src_uri
    return found


def markdown_link(label: str, target: str) -> str:
    """A link in Markdown: to another page of this language (.md, validated by MkDocs) or, as HTML, to a page of another."""
    if target.partition("#")[0].endswith(".md"):
        return f"[{label}]({target})"
    return f'<a href="{escape_html(target)}">{label}</a>'


def relative_link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A Markdown link target from one page's source to another's (MkDocs resolves and validates it)."""
    target = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"{target}#{anchor}" if anchor else target
