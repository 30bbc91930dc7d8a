"""The speech as data: paragraphs, citable pieces, study units, editorial notes, translation.

Pure and typed (no MkDocs imports): the hooks and the tests both build on it.

Numbering scheme (documented for readers on the introduction page):

* Every non-empty line of the reference text is one paragraph. The title is ¶0,
  the first line after it ¶1, and so on; a part heading (一、…) counts as a
  paragraph because it is a line of the original.
* A paragraph is shown as one or more *pieces*, never losing a character:
  - a section paragraph (``1.坚定政治信仰。…``) shows its lead sentence as a
    heading (piece ``pN``) and the rest as body (piece ``pN-0``);
  - a paragraph that enumerates points (一是…二是…三是…) shows each point as
    its own piece ``pN-1``, ``pN-2`` … (¶N.1, ¶N.2 …); the text before the first
    point stays in ``pN`` (or ``pN-0`` after a section heading).
* Pieces are cut by the rules below, applied to the text alone, so the ids are
  the same on every build and in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from datafiles import Problems, load_entries, load_yaml, require_bilingual, require_str
from escape import escape_markdown

PieceKind = Literal["title", "part", "section", "body", "point"]
HEADING_KINDS: dict[str, int] = {"title": 1, "part": 1, "section": 2}

ORDINALS = "一二三四五六七八九十"
# 一、突出政治性… : a whole line that is a part heading (short, no full stop).
PART_HEADING = re.compile(rf"^[{ORDINALS}]+、[^。！？]{{1,60}}$")
# 1.坚定政治信仰。 : the lead sentence of a numbered section, up to its full stop.
SECTION_LEAD = re.compile(r"^\d+[.．][^。！？]{1,60}[。！？]")
# 一是 / 二是 … opening a sentence; only an unbroken 一, 二, 三 … run counts as points.
ENUMERATION = re.compile(rf"(?<=[。！？；])([{ORDINALS}])是")
PIECE_ID = re.compile(r"^p(\d+)(?:-(\d+))?$")
NOTE_MARKER = "[^{id}]"
SPEECH_MARKER = re.compile(r"<!--\s*speech:\s*([\w-]+)\s*-->")


@dataclass(frozen=True)
class Piece:
    id: str
    paragraph: int
    kind: PieceKind
    text: str

    @property
    def label(self) -> str | None:
        """The visible number: "5", "5.1"; None for the body after a section heading."""
        return piece_label(self.id)


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Speech:
    paragraphs: tuple[Paragraph, ...]

    @property
    def title(self) -> str:
        return self.paragraphs[0].text

    def pieces(self) -> list[Piece]:
        return [piece for paragraph in self.paragraphs for piece in paragraph.pieces]

    def piece(self, piece_id: str) -> Piece:
        match = PIECE_ID.match(piece_id)
        if match:
            for piece in self.paragraphs[int(match.group(1))].pieces:
                if piece.id == piece_id:
                    return piece
        raise KeyError(piece_id)


@dataclass(frozen=True)
class Unit:
    id: str
    first: int
    last: int
    title: dict[str, str]
    description: dict[str, str]

    @property
    def numbers(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class Note:
    id: str
    paragraph: int
    anchor: dict[str, str]
    text: dict[str, str]


def piece_label(piece_id: str) -> str | None:
    match = PIECE_ID.match(piece_id)
    if not match:
        raise ValueError(f"not a piece id: {piece_id!r}")
    number, sub = match.groups()
    if sub is None:
        return number
    return None if sub == "0" else f"{number}.{sub}"


def enumeration_starts(text: str) -> list[int]:
    """Offsets where 一是, 二是, 三是 … begin, if the text enumerates at least two points."""
    starts: list[int] = []
    for match in ENUMERATION.finditer(text):
        if ORDINALS.index(match.group(1)) == len(starts):
            starts.append(match.start())
    return starts if len(starts) >= 2 else []


def split_paragraph(number: int, text: str) -> tuple[Piece, ...]:
    """Cut one paragraph into pieces whose texts concatenate to `text` exactly."""
    if number == 0:
        return (Piece("p0", 0, "title", text),)
    if PART_HEADING.match(text):
        return (Piece(f"p{number}", number, "part", text),)
    pieces: list[Piece] = []
    rest, offset = text, 0
    lead = SECTION_LEAD.match(text)
    if lead:
        pieces.append(Piece(f"p{number}", number, "section", lead.group()))
        offset = lead.end()
        rest = text[offset:]
    starts = enumeration_starts(rest)
    cuts = [0, *starts, len(rest)] if starts else [0, len(rest)]
    for index, (start, end) in enumerate(zip(cuts, cuts[1:])):
        chunk = rest[start:end]
        if not chunk:
            continue
        if starts and index > 0:
            pieces.append(Piece(f"p{number}-{index}", number, "point", chunk))
        else:
            piece_id = f"p{number}-0" if lead else f"p{number}"
            pieces.append(Piece(piece_id, number, "body", chunk))
    return tuple(pieces)


def parse_speech(text: str) -> Speech:
    """Every non-empty line is a paragraph; the first is the title (¶0)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return Speech(tuple(Paragraph(n, line, split_paragraph(n, line)) for n, line in enumerate(lines)))


def load_speech(path: Path) -> Speech:
    return parse_speech(path.read_text(encoding="utf-8"))


def load_units(path: Path, speech: Speech) -> list[Unit]:
    """Units cover the speech in order, each paragraph exactly once."""
    problems, entries = load_entries(path, "units")
    units: list[Unit] = []
    expected_first = 0
    for index, entry in enumerate(entries):
        where = f"units[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "expected a mapping with id, paragraphs, title, description")
            continue
        unit_id = require_str(entry, "id", where, problems)
        where = f"unit '{unit_id or index}'"
        title = require_bilingual(entry, "title", where, problems)
        description = require_bilingual(entry, "description", where, problems)
        span = entry.get("paragraphs")
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(n, int) for n in span)):
            problems.add(where, f"'paragraphs' must be [first, last], got {span!r}")
            continue
        first, last = span
        if first != expected_first:
            problems.add(where, f"starts at ¶{first}, expected ¶{expected_first} (units must cover the speech in order)")
        if not first <= last < len(speech.paragraphs):
            problems.add(where, f"paragraphs [{first}, {last}] outside ¶0–¶{len(speech.paragraphs) - 1}")
        expected_first = last + 1
        units.append(Unit(unit_id, first, last, title, description))
    if expected_first != len(speech.paragraphs):
        problems.add("", f"units end at ¶{expected_first - 1}, the speech at ¶{len(speech.paragraphs) - 1}")
    ids = [unit.id for unit in units]
    for unit_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(f"unit '{unit_id}'", "duplicate id")
    problems.raise_if_any()
    return units


def load_translation(path: Path, speech: Speech) -> dict[str, str]:
    """English text per piece id; every piece translated, nothing extra."""
    problems = Problems(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        problems.add("", "expected a mapping of piece id (p0, p5-1 …) to English text")
        problems.raise_if_any()
    expected = [piece.id for piece in speech.pieces()]
    for piece_id in expected:
        value = data.get(piece_id)
        if not isinstance(value, str) or not value.strip():
            problems.add(piece_id, f"missing or empty translation of: {speech.piece(piece_id).text[:30]}…")
    for piece_id in data:
        if piece_id not in expected:
            problems.add(str(piece_id), "no such piece in the speech")
    problems.raise_if_any()
    return {piece_id: " ".join(data[piece_id].split()) for piece_id in expected}


def load_notes(path: Path, speech: Speech, translation: dict[str, str] | None) -> list[Note]:
    """Editorial notes, each anchored after a phrase of its paragraph (zh and en)."""
    problems, entries = load_entries(path, "notes", non_empty=False)
    notes: list[Note] = []
    for index, entry in enumerate(entries):
        where = f"notes[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "expected a mapping")
            continue
        note_id = require_str(entry, "id", where, problems)
        where = f"note '{note_id or index}'"
        anchor = require_bilingual(entry, "anchor", where, problems)
        text = require_bilingual(entry, "text", where, problems)
        number = entry.get("paragraph")
        if not isinstance(number, int) or not 0 <= number < len(speech.paragraphs):
            problems.add(where, f"'paragraph' must be a paragraph number, got {number!r}")
            continue
        paragraph = speech.paragraphs[number]
        if anchor["zh"] and not any(anchor["zh"] in p.text for p in paragraph.pieces if p.kind not in HEADING_KINDS):
            problems.add(where, f"anchor {anchor['zh']!r} does not occur in the body of ¶{number}")
        if translation and anchor["en"] and not any(
            anchor["en"] in translation[p.id] for p in paragraph.pieces if p.kind not in HEADING_KINDS
        ):
            problems.add(where, f"English anchor {anchor['en']!r} does not occur in the translation of ¶{number}")
        notes.append(Note(note_id, number, anchor, text))
    ids = [note.id for note in notes]
    for note_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(f"note '{note_id}'", "duplicate id")
    problems.raise_if_any()
    return notes


def _with_note_markers(text: str, notes: list[Note], lang: str, placed: set[str]) -> str:
    """Escape `text`, putting each unplaced note's footnote marker after its anchor's first occurrence."""
    cuts: list[tuple[int, str]] = []
    for note in notes:
        position = text.find(note.anchor[lang])
        if note.id not in placed and position >= 0:
            cuts.append((position + len(note.anchor[lang]), note.id))
            placed.add(note.id)
    out, previous = [], 0
    for position, note_id in sorted(cuts):
        out += [escape_markdown(text[previous:position]), NOTE_MARKER.format(id=note_id)]
        previous = position
    out.append(escape_markdown(text[previous:]))
    return "".join(out)


def render_unit(unit: Unit, speech: Speech, notes: list[Note], lang: str, translation: dict[str, str] | None) -> str:
    """The Markdown of a unit's speech text: headings and paragraphs with piece ids, then the notes."""
    blocks: list[str] = []
    unit_notes = [note for note in notes if note.paragraph in unit.numbers]
    placed: set[str] = set()
    for number in unit.numbers:
        for piece in speech.paragraphs[number].pieces:
            text = piece.text if lang == "zh" else (translation or {})[piece.id]
            attrs = f"{{: #{piece.id} .speech .speech-{piece.kind} }}"
            if piece.kind in HEADING_KINDS:
                blocks.append(f"{'#' * HEADING_KINDS[piece.kind]} {escape_markdown(text)} {attrs}")
            else:
                paragraph_notes = [n for n in unit_notes if n.paragraph == number]
                blocks.append(f"{_with_note_markers(text, paragraph_notes, lang, placed)}\n{attrs}")
    for note in unit_notes:
        blocks.append(f"{NOTE_MARKER.format(id=note.id)}: {escape_markdown(note.text[lang])}")
    return "\n\n".join(blocks) + "\n"


PARALLEL_MARKER = re.compile(r"<!--\s*parallel:\s*([\w-]+)\s*-->")
PARALLEL_ID_PREFIX = "sbs-"


def render_parallel(unit: Unit, speech: Speech, translation: dict[str, str], link_to_piece) -> str:
    """Markdown (md_in_html) of a unit side by side: one row per piece, Chinese then English.

    Rows carry ids `sbs-<piece id>` (piece ids themselves stay unique to the unit pages);
    the ¶ number links to the piece on its unit page via `link_to_piece(piece_id)`.
    """
    rows = []
    for number in unit.numbers:
        for piece in speech.paragraphs[number].pieces:
            label = piece.label
            number_cell = f"[¶{label}]({link_to_piece(piece.id)})" if label else ""
            emphasis = "**" if piece.kind in HEADING_KINDS else ""
            cells = [
                f'<div class="parallel-num" markdown>{number_cell}</div>',
                f'<div class="parallel-zh" lang="zh" markdown>{emphasis}{escape_markdown(piece.text)}{emphasis}</div>',
                f'<div class="parallel-en" lang="en" markdown>{emphasis}{escape_markdown(translation[piece.id])}{emphasis}</div>',
            ]
            row_class = f"parallel-row parallel-{piece.kind}"
            rows.append(f'<div class="{row_class}" id="{PARALLEL_ID_PREFIX}{piece.id}" markdown>\n' + "\n".join(cells) + "\n</div>")
    return '<div class="parallel" markdown>\n\n' + "\n\n".join(rows) + "\n\n</div>\n"
