"""The speech as data: paragraphs, citable pieces, study units, editorial notes, translation.

Pure and typed (no MkDocs imports): the hooks and the tests both build on it. The outline
(parts > sections > points) is read by outline.py from the numbering alone.

Numbering scheme (documented for readers on the introduction page):

* The title is every line before the first blank line (a main title and a ——subtitle may
  take two or three lines; a text with no blank line has a one-line title). Its lines
  together are ¶0, each line kept. Every non-empty line after it is one paragraph, ¶1, ¶2 …;
  a part heading counts as a paragraph because it is a line of the original.
* A paragraph is shown as one or more *pieces*, never losing a character. Piece ids depend
  on the text alone, so they are the same on every build and in every language:
  - ``pN``: a paragraph shown whole, or the part of it before its first point;
  - ``pN``: a heading: a part heading line, a section heading line, or the lead sentence of
    a section paragraph, whose rest is the body ``pN-0`` (no number of its own);
  - ``pN-1``, ``pN-2`` …: the points of a paragraph, in the order they stand (¶N.1, ¶N.2 …).
* The conventions read, in any sensible nesting (each only as a run 一, 二, 三 … or 1, 2, 3 …
  that starts at one and goes up; a skipped number or a restart is reported by inspect):
  - **parts**: a whole line 一、…, or 第一部分 … / 第一个问题 … (when a speech has both,
    第一部分 makes the parts and 一、 the sections). Piece: the line, ``pN`` (kind part).
  - **sections**, within each part (or in the whole speech when it has no parts):
    ``1.`` ``1．`` ``1、`` ``（一）`` ``(一)`` and paragraphs that open with 第一，第二，… or
    首先、其次、再次、最后. A whole line is the heading ``pN``; otherwise the lead sentence
    (up to the first 。！？ outside quotation marks) is the heading ``pN`` and the rest
    ``pN-0``: ``1.坚定政治信仰。…`` and ``第一，…必然要求。…`` alike. A section runs to the
    next heading, over any number of paragraphs. 首先 alone makes no section (a run needs
    其次 or 最后); sections may number on from the previous part (4. after 3.). Where a part
    uses two of these, the one that comes first makes its sections and the other stays body
    text (with a warning). A part may have no sections (its paragraphs and points are the part's).
  - **points**: 一是…二是…三是… (also 十一是 …) opening a paragraph or a sentence (after
    。！？；：), as an unbroken run of two or more between two headings, so 统一是 is no point.
    Points inside a paragraph are ``pN-1``, ``pN-2`` … and the text before them ``pN`` (or
    ``pN-0`` after a lead sentence); a paragraph that opens with its only point
    (一是要加强组织领导。…) stays one piece ``pN`` (kind point).
  - **other points**: runs of 一要…二要… and 一抓…二抓… are cut into pieces exactly like
    points and shown alike, but counted apart (`Outline.counts`: ``other_points``).
* The opening is every paragraph before the first heading. The closing starts at the first
  paragraph after the last heading that opens with an address or a summing-up (同志们，/
  同志们！, 以上, 总之, 总而言之, 综上) when no numbered point opens a paragraph after it;
  a speech without such a paragraph has no closing (its last part runs to the end). A
  speech's units data can override this (`closing:` in units.yml: a paragraph number, or
  false for none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import ConfigDict, Field, NonNegativeInt, RootModel

from datafiles import (
    Bilingual,
    ChineseFirst,
    DataError,
    PieceId,
    Problems,
    Slug,
    StrictModel,
    Text,
    line_of,
    load_entries,
    load_model,
    load_yaml,
    read_text,
)
from outline import Layout, Outline, PieceKind, cut_paragraph, read_outline
from escape import escape_markdown

HEADING_KINDS: dict[str, int] = {"title": 1, "part": 1, "section": 2}

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
    outline: Outline

    @property
    def title(self) -> str:
        return self.paragraphs[0].text

    def pieces(self) -> list[Piece]:
        return [piece for paragraph in self.paragraphs for piece in paragraph.pieces]

    def piece(self, piece_id: str) -> Piece:
        match = PIECE_ID.match(piece_id)
        if match and int(match.group(1)) < len(self.paragraphs):
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


def paragraph_sign(piece_id: str) -> str:
    """¶5.1 for a numbered piece; ¶5 for the unnumbered body that continues ¶5."""
    return "¶" + (piece_label(piece_id) or piece_id[1:].split("-")[0])


def split_paragraph(number: int, text: str, layout: Layout) -> tuple[Piece, ...]:
    """Cut one paragraph into pieces whose texts concatenate to `text` exactly."""
    return tuple(Piece(piece_id, number, kind, text[start:end]) for piece_id, kind, start, end in cut_paragraph(number, text, layout))


def split_title(text: str) -> tuple[list[str], list[str]]:
    """(title lines, body paragraphs): the title is every line before the first blank line."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    blank = next((index for index, line in enumerate(lines) if not line.strip()), None)
    title, rest = (lines[:1], lines[1:]) if blank is None else (lines[:blank], lines[blank:])
    return title, [line for line in rest if line.strip()]


def parse_speech(text: str, closing_from: int | bool | None = None) -> Speech:
    """The title lines are ¶0, every non-empty line after them a paragraph; see the docstring."""
    title, body = split_title(text)
    texts = ["\n".join(title), *body]
    outline, layouts = read_outline(title, texts, closing_from)
    return Speech(
        tuple(Paragraph(n, line, split_paragraph(n, line, layouts[n])) for n, line in enumerate(texts)),
        outline,
    )


def load_speech(path: Path, closing_from: int | bool | None = None) -> Speech:
    """The reference text, read strictly (UTF-8, no BOM, no tabs or trailing spaces); check its pin first."""
    try:
        return parse_speech(read_text(path), closing_from)
    except ValueError as error:  # a closing override (units data) that the outline refuses
        raise DataError(path, [f"closing: {error}"]) from None


def load_closing(path: Path) -> int | bool | None:
    """The `closing:` override of a units file: a paragraph number, false (none), or None (the rule)."""
    if not path.exists():
        return None
    data = load_yaml(path)
    value = data.get("closing") if isinstance(data, dict) else None
    if value is not None and not isinstance(value, int):  # bool is an int: false means no closing
        problems = Problems(path)
        problems.add("closing", f"expected the number of the closing's first paragraph, or false, got {value!r}",
                     line=line_of(data, ("closing",)))
        problems.raise_if_any()
    return value


# The shapes of units.yml and notes.yml; what they say about the speech is checked below.
class UnitModel(StrictModel):
    id: Slug
    paragraphs: Annotated[list[NonNegativeInt], Field(min_length=2, max_length=2)]
    title: ChineseFirst  # English where the speech has a translation
    description: ChineseFirst


class NoteModel(StrictModel):
    id: Slug
    paragraph: NonNegativeInt
    anchor: Bilingual
    text: Bilingual


class TranslationModel(RootModel[dict[PieceId, Text]]):
    """speech.en.yml: piece id -> English text."""

    model_config = ConfigDict(strict=True, title="a mapping of piece id (p0, p5-1 …) to English text")


def load_units(path: Path, speech: Speech, translated: bool = True) -> list[Unit]:
    """Units cover the speech in order, each paragraph exactly once; in English too if the speech is `translated`."""
    # `closing:` beside the list is read with the speech (load_closing).
    entries = load_entries(path, "units", UnitModel, "unit", also=("closing",))
    problems, units = entries.problems, []
    expected_first, last_paragraph = 0, len(speech.paragraphs) - 1
    for index, line, model in entries.items:
        where = f"unit {model.id!r}"
        first, last = model.paragraphs
        if first != expected_first:
            problems.add(where, f"starts at ¶{first}, expected ¶{expected_first} (units must cover the speech in order)", line=line)
        if not first <= last <= last_paragraph:
            problems.add(where, f"paragraphs [{first}, {last}] outside ¶0–¶{last_paragraph}", line=line)
        expected_first = last + 1
        for field in ("title", "description"):
            if translated and getattr(model, field).en is None:
                problems.add(where, f"{field}.en: needed, the speech has a translation", line=entries.line("units", index, field))
        units.append(Unit(model.id, first, last, model.title.as_dict(), model.description.as_dict()))
    if len(entries.items) == len(entries.data["units"]) and expected_first != len(speech.paragraphs):
        problems.add("", f"units end at ¶{expected_first - 1}, the speech at ¶{last_paragraph}", line=entries.line("units"))
    problems.raise_if_any()
    return units


def load_translation(path: Path, speech: Speech) -> dict[str, str]:
    """English text per piece id: every piece translated, nothing extra, and aligned with its Chinese piece."""
    model, data, problems = load_model(path, TranslationModel)
    if not isinstance(data, dict):
        problems.raise_if_any()
    expected = [piece.id for piece in speech.pieces()]
    for piece_id in expected:
        if piece_id not in data:
            problems.add(piece_id, f"missing translation of: {speech.piece(piece_id).text[:30]}…", line=line_of(data, ()))
    for piece_id in data:
        if piece_id not in expected:
            problems.add(str(piece_id), "no such piece in the speech", line=line_of(data, (piece_id,)))
    if model is None:
        problems.raise_if_any()
    # Whitespace inside a value is layout (folded YAML), not content.
    translation = {piece_id: " ".join(text.split()) for piece_id, text in model.root.items() if piece_id in expected}
    if len(translation) == len(expected):
        # Imported here: alignment builds on the glossary, which builds on this module.
        from alignment import alignment_problems

        for piece_id, message in alignment_problems(speech, translation):
            problems.add(piece_id, message, line=line_of(data, (piece_id,)))
    problems.raise_if_any()
    return {piece_id: translation[piece_id] for piece_id in expected}


def load_notes(path: Path, speech: Speech, translation: dict[str, str] | None) -> list[Note]:
    """Editorial notes, each anchored after a phrase of its paragraph (zh and en)."""
    entries = load_entries(path, "notes", NoteModel, "note", non_empty=False)
    problems, notes = entries.problems, []
    for index, line, model in entries.items:
        where, number = f"note {model.id!r}", model.paragraph
        if number >= len(speech.paragraphs):
            problems.add(where, f"paragraph: no ¶{number} in the speech (¶0–¶{len(speech.paragraphs) - 1})",
                         line=entries.line("notes", index, "paragraph"))
            continue
        body = [piece for piece in speech.paragraphs[number].pieces if piece.kind not in HEADING_KINDS]
        if not any(model.anchor.zh in piece.text for piece in body):
            problems.add(where, f"anchor.zh {model.anchor.zh!r} does not occur in the body of ¶{number}",
                         line=entries.line("notes", index, "anchor", "zh"))
        if translation and not any(model.anchor.en in translation[piece.id] for piece in body):
            problems.add(where, f"anchor.en {model.anchor.en!r} does not occur in the translation of ¶{number}",
                         line=entries.line("notes", index, "anchor", "en"))
        notes.append(Note(model.id, number, model.anchor.as_dict(), model.text.as_dict()))
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
                lines = "<br>".join(escape_markdown(line) for line in text.split("\n"))  # a title of several lines
                blocks.append(f"{'#' * HEADING_KINDS[piece.kind]} {lines} {attrs}")
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
