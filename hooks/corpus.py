"""Everything the hooks read from data/, loaded and validated together.

One `Corpus` per build: the hooks call `load_corpus` in `on_config`, so a second
build in the same process (static-i18n builds once per language) starts fresh.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reference_text import check_pinned
from speech import SPEECH_MARKER, Note, Speech, Unit, load_closing, load_notes, load_speech, load_translation, load_units

DATA_DIR = "data"
SPEECH_FILE = "speech.zh.txt"
TRANSLATION_FILE = "speech.en.yml"
UNITS_FILE = "units.yml"
NOTES_FILE = "notes.yml"


@dataclass(frozen=True)
class Corpus:
    root: Path
    speech: Speech
    units: list[Unit]
    notes: list[Note]
    translation: dict[str, str]

    @property
    def data_dir(self) -> Path:
        return self.root / DATA_DIR

    @cached_property
    def _unit_by_paragraph(self) -> dict[int, Unit]:
        return {number: unit for unit in self.units for number in unit.numbers}

    def unit_of(self, paragraph: int) -> Unit:
        """The unit holding a paragraph (one dict lookup: called for every link of the indexes)."""
        return self._unit_by_paragraph[paragraph]

    def text(self, piece_id: str, lang: str) -> str:
        return self.speech.piece(piece_id).text if lang == "zh" else self.translation[piece_id]


def load_corpus(root: Path) -> Corpus:
    """Load and validate data/; raises `DataError` naming the file and every problem."""
    data = root / DATA_DIR
    # The pin first: a changed text is blamed on the text, not on the units that no longer fit it.
    check_pinned(data / SPEECH_FILE)
    speech = load_speech(data / SPEECH_FILE, load_closing(data / UNITS_FILE))
    units = load_units(data / UNITS_FILE, speech)
    translation = load_translation(data / TRANSLATION_FILE, speech)
    notes = load_notes(data / NOTES_FILE, speech, translation)
    return Corpus(root, speech, units, notes, translation)


def find_unit_pages(pages: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map unit id -> src path of the page whose Markdown holds its `<!-- speech: id -->` marker."""
    found: dict[str, str] = {}
    for src_uri, markdown in pages:
        for match in SPEECH_MARKER.finditer(markdown):
            found[match.group(1)] = src_uri
    return found


def relative_link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A Markdown link target from one page's source to another's (MkDocs resolves and validates it)."""
    target = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"{target}#{anchor}" if anchor else target
