"""A speech's outline read from its numbering alone: parts > sections > points.

Pure and typed, with no MkDocs, jieba or pydantic import (`speech_inspect` reads a text in a
fraction of a second). The conventions, and which pieces each one makes, are described for
editors in speech.py's docstring and for readers on the introduction page; this module
implements them:

* `read_outline` finds the headings and the numbered points of the body paragraphs and says
  how each paragraph is cut (`Layout`); `cut_paragraph` turns a layout into piece ids and
  offsets, so the outline and the pieces agree by construction.
* Numbering is accepted only in runs that start at one and go up: a skipped number or a
  run that restarts is left as text and reported in `Outline.warnings` for the editor.

Hand-written because no library reads Chinese document numbering (一、/（一）/第一，/一是).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

DIGITS = "一二三四五六七八九"
NUMERAL = "[一二三四五六七八九十]{1,3}"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九."""
    if not 1 <= n <= 99:
        raise ValueError(f"no Chinese numeral for {n}")
    tens, ones = divmod(n, 10)
    head = ("" if tens <= 1 else DIGITS[tens - 1]) + ("十" if tens else "")
    return head + (DIGITS[ones - 1] if ones else "")


NUMERAL_VALUES = {chinese_numeral(n): n for n in range(1, 100)}
SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3}  # 最后 closes a run at any length

SENTENCE_END = re.compile(r"[。！？]")
QUOTE_MARK = re.compile(r"[“”‘’]")
QUOTE_PAIRS = {"“": "”", "‘": "’"}
QUOTE_CLOSERS = {close: open_ for open_, close in QUOTE_PAIRS.items()}
TRAILING_PUNCTUATION = "。！？；，,：:、 "

# A whole line that is a heading: no sentence end before its last character.
HEADING_LINE = re.compile(r"^[^。！？]*[。！？]?$")
# A point: a numeral and 是 (or 要, 抓 …) opening a paragraph or a sentence (after 。！？；：).
POINT = re.compile(rf"(?:^|(?<=[。！？；：]))({NUMERAL})([是要抓])")
POINT_STYLE = "是"  # 一是、二是 are the points; 一要、一抓 … are counted apart as other points
# The closing opens with an address or a summing-up (同志们，让我们… / 以上 / 总之); "同志们："
# with a colon is the salutation of the opening.
CLOSING_OPENER = re.compile(r"^(?:同志们[，,！!]|以上|总之|总而言之|综上)")


@dataclass(frozen=True)
class Convention:
    """One way of numbering headings, matched at the start of a paragraph."""

    name: str
    pattern: re.Pattern[str]  # group 1: the number as written
    whole_line: bool  # a heading line only (else also the lead sentence of a paragraph)
    shortest_run: int = 1  # 首先 alone is a common sentence opener: its runs need 其次 or 最后

    def number(self, written: str) -> int | None:
        if written in SEQUENCE_WORDS or written == "最后":
            return SEQUENCE_WORDS.get(written, 0)  # 0: "the next one"
        return int(written) if written.isdigit() else NUMERAL_VALUES.get(written)


PART_WORDED = Convention("part-worded", re.compile(rf"^第({NUMERAL})(?:部分|个问题)[\s　，,、：:]*"), True)
ORDINAL = Convention("ordinal", re.compile(rf"^({NUMERAL})、"), True)
PAREN = Convention("paren", re.compile(rf"^[（(]({NUMERAL})[）)]"), False)
ORDINAL_WORD = Convention("ordinal-word", re.compile(rf"^第({NUMERAL})[，,、：:]"), False)
SEQUENCE = Convention("sequence", re.compile(r"^(首先|其次|再次|最后)[，,、：:]"), False, shortest_run=2)
ARABIC = Convention("arabic", re.compile(r"^(\d{1,2})[.．、](?!\d)"), False)

PART_CONVENTIONS = (PART_WORDED, ORDINAL)
SECTION_CONVENTIONS = (ORDINAL, PAREN, ORDINAL_WORD, SEQUENCE, ARABIC)

HeadingKind = Literal["title", "part", "section"]
PieceKind = Literal["title", "part", "section", "body", "point"]
Region = Literal["opening", "body", "closing"]


# --- the outline ------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    piece_id: str
    paragraph: int
    number: int
    marker: str  # 一是, 十一是, 一要 … as written
    title: str  # its first sentence, without the marker and the end mark

    @property
    def style(self) -> str:
        return self.marker[-1]

    @property
    def counted(self) -> bool:
        """A 一是/二是 point (else a 一要/一抓 item, counted apart)."""
        return self.style == POINT_STYLE


@dataclass(frozen=True)
class Section:
    piece_id: str
    paragraph: int
    number: int
    label: str  # the number as written: 1, （一）, 第一, 首先
    marker: str  # the number with its punctuation: 1., （一）, 第一，
    convention: str
    title: str  # the heading without its number and end mark
    last: int  # its last paragraph
    points: tuple[Point, ...]

    @property
    def heading(self) -> str:
        """The heading as the indexes show it: 1. 坚定政治信仰, 第一，在全党…"""
        if self.convention == "arabic":
            return f"{self.label}. {self.title}"
        return f"{self.marker}{self.title}"


@dataclass(frozen=True)
class Part:
    piece_id: str
    paragraph: int
    number: int
    label: str  # 一, 第一部分
    marker: str  # the number with its punctuation: 一、, 第一部分　
    title: str
    last: int
    sections: tuple[Section, ...]
    points: tuple[Point, ...]  # outside its sections (in its introduction, or a part without sections)

    @property
    def heading(self) -> str:
        """The heading as the indexes show it: 一、突出政治性…"""
        return f"{self.marker}{self.title}"


@dataclass(frozen=True)
class Passage:
    """The opening or the closing: paragraphs outside the parts, with any points they enumerate."""

    paragraphs: range
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Place:
    """Where a paragraph stands: its region, part and section heading ids."""

    part: str | None
    section: str | None
    region: Region = "body"

    @property
    def closing(self) -> bool:
        return self.region == "closing"


@dataclass(frozen=True)
class Notice:
    paragraph: int
    message: str


@dataclass(frozen=True)
class Outline:
    title: tuple[str, ...]  # the title lines (¶0)
    opening: Passage
    parts: tuple[Part, ...]
    sections: tuple[Section, ...]  # sections outside parts (a speech without parts)
    points: tuple[Point, ...]  # points outside parts, sections and the opening and closing
    closing: Passage
    places: dict[int, Place]  # every body paragraph
    warnings: tuple[Notice, ...]

    def all_sections(self) -> list[Section]:
        return [s for part in self.parts for s in part.sections] + list(self.sections)

    def all_points(self) -> list[Point]:
        points = [*self.opening.points, *self.points, *self.closing.points]
        for part in self.parts:
            points += [*part.points, *(p for s in part.sections for p in s.points)]
        points += [p for s in self.sections for p in s.points]
        return sorted(points, key=lambda p: (p.paragraph, int(p.piece_id.partition("-")[2] or 0)))

    def unit_spans(self, last: int) -> list[tuple[str, int, int, str]]:
        """Study units the outline suggests, (kind, first ¶, last ¶, heading): the title with the
        opening, one per part, the closing; the whole speech when it has no parts. `last`: the last ¶."""
        if not self.parts:
            return [("speech", 0, last, "")]
        spans = [("opening", 0, self.parts[0].paragraph - 1, "")]
        spans += [("part", part.paragraph, part.last, part.heading) for part in self.parts]
        if self.closing.paragraphs:
            spans.append(("closing", self.closing.paragraphs[0], self.closing.paragraphs[-1], ""))
        return spans

    def counts(self) -> dict[str, int]:
        points = self.all_points()
        return {
            "parts": len(self.parts),
            "sections": len(self.all_sections()),
            "points": sum(1 for p in points if p.counted),
            "other_points": sum(1 for p in points if not p.counted),
        }


# --- how each paragraph is cut ----------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    heading: HeadingKind | None = None
    heading_end: int = 0  # the heading's length: the whole line, or its lead sentence
    point_starts: tuple[int, ...] = ()  # offsets where the points in this paragraph begin


def cut_paragraph(number: int, text: str, layout: Layout) -> list[tuple[str, PieceKind, int, int]]:
    """(piece id, kind, start, end) of each piece; the pieces cover `text` exactly, in order.

    A heading (title, part, a section's line or lead sentence) is pN and the rest after it
    pN-0; points are pN-1, pN-2 … in the order they stand, the text before them pN (or pN-0);
    a paragraph that opens with its only point, under no heading, stays one piece pN.
    """
    if layout.heading in ("title", "part") or (layout.heading and layout.heading_end == len(text)):
        return [(f"p{number}", layout.heading, 0, len(text))]
    pieces: list[tuple[str, PieceKind, int, int]] = []
    if layout.heading:
        pieces.append((f"p{number}", "section", 0, layout.heading_end))
    starts = layout.point_starts
    if not layout.heading and starts == (0,):
        return [(f"p{number}", "point", 0, len(text))]
    intro_end = starts[0] if starts else len(text)
    if intro_end > layout.heading_end:
        pieces.append((f"p{number}-0" if layout.heading else f"p{number}", "body", layout.heading_end, intro_end))
    for index, start in enumerate(starts, 1):
        end = starts[index] if index < len(starts) else len(text)
        pieces.append((f"p{number}-{index}", "point", start, end))
    return pieces


# --- text helpers -----------------------------------------------------------------------


def find_quotes(text: str) -> list[tuple[int, int, int]]:
    """(start, end, depth) of every quote in `text`, in order of the opening mark.

    “…” and ‘…’ nest in each other; a closing mark closes the innermost open quote of its
    kind (so “a“b”c” reads as nested). Unclosed openers and stray closers are ignored.
    """
    stack: list[tuple[int, str]] = []
    found: list[tuple[int, int, int]] = []
    for mark in QUOTE_MARK.finditer(text):
        offset, char = mark.start(), mark.group()
        if char in QUOTE_PAIRS:
            stack.append((offset, char))
        else:
            for level in range(len(stack) - 1, -1, -1):
                if stack[level][1] == QUOTE_CLOSERS[char]:
                    found.append((stack[level][0], offset + 1, level + 1))
                    del stack[level:]
                    break
    return sorted(found)


def first_sentence_end(text: str) -> int | None:
    """Offset after the first sentence end (。！？) outside quotes; None if there is none."""
    quotes = find_quotes(text)
    for match in SENTENCE_END.finditer(text):
        if not any(start < match.start() < end for start, end, _ in quotes):
            return match.end()
    return None


def first_sentence(text: str) -> str:
    """Up to the first sentence end outside quotes, without the end mark."""
    end = first_sentence_end(text)
    return text[:end - 1] if end is not None else text.rstrip(TRAILING_PUNCTUATION)


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Heading:
    paragraph: int
    number: int
    written: str  # the number as written
    marker_end: int  # end of the number and its punctuation
    end: int  # end of the heading piece
    convention: Convention


def _candidate(convention: Convention, number: int, text: str) -> _Heading | None:
    match = convention.pattern.match(text)
    if not match:
        return None
    value = convention.number(match.group(1))
    if value is None:
        return None
    if HEADING_LINE.match(text):
        end = len(text)
    elif convention.whole_line:
        return None
    else:
        end = first_sentence_end(text) or len(text)
    return _Heading(number, value, match.group(1), match.end(), end, convention)


def _run(candidates: list[_Heading], first: int, warnings: list[Notice]) -> list[_Heading]:
    """The headings of a run that starts at `first` and goes up (a gap is kept, with a warning)."""
    run: list[_Heading] = []
    for heading in candidates:
        expected = run[-1].number + 1 if run else first
        if heading.number == 0 and run:  # 最后: the next one
            heading = _Heading(heading.paragraph, expected, heading.written, heading.marker_end, heading.end, heading.convention)
        if heading.number == expected:
            run.append(heading)
        elif run and heading.number > expected:
            warnings.append(Notice(heading.paragraph, f"skipped number: {heading.written} where {expected} was expected; kept as a heading"))
            run.append(heading)
        elif run:
            warnings.append(Notice(heading.paragraph, f"numbering restarts or goes back ({heading.written} after {run[-1].written}): not a heading"))
    return run


def _title(text: str, heading: _Heading) -> str:
    return text[heading.marker_end:heading.end].strip().rstrip(TRAILING_PUNCTUATION)


def _label(heading: _Heading, text: str) -> str:
    if heading.convention is PAREN:
        return text[:heading.marker_end].strip()
    if heading.convention is ORDINAL_WORD:
        return f"第{heading.written}"
    if heading.convention is PART_WORDED:
        return text[:heading.marker_end].rstrip(" 　，,、：:")
    return heading.written


def read_outline(title: Sequence[str], texts: Sequence[str], closing_from: int | bool | None = None) -> tuple[Outline, list[Layout]]:
    """The outline of a speech and the layout of each paragraph.

    `texts[0]` is ¶0 (the title), the rest the body paragraphs. `closing_from` overrides the
    closing rule (see speech.py): a paragraph number, or False for no closing.
    """
    count = len(texts)
    warnings: list[Notice] = []
    layouts: list[Layout] = [Layout("title", len(texts[0]))] + [Layout() for _ in range(1, count)]

    # Parts: the first part convention with a run in the whole body.
    part_convention: Convention | None = None
    part_heads: list[_Heading] = []
    for convention in PART_CONVENTIONS:
        candidates = [c for n in range(1, count) if (c := _candidate(convention, n, texts[n]))]
        part_heads = _run(candidates, 1, warnings) if candidates else []
        if part_heads:
            part_convention = convention
            break
    part_starts = [h.paragraph for h in part_heads]

    # Sections: in each part (or the whole body), the convention whose run comes first.
    containers = (
        [(h.paragraph + 1, (part_starts[i + 1] if i + 1 < len(part_starts) else count)) for i, h in enumerate(part_heads)]
        if part_heads
        else [(1, count)]
    )
    # 一、 makes sections only under 第一部分 parts.
    section_conventions = [c for c in SECTION_CONVENTIONS if c is not ORDINAL or part_convention is PART_WORDED]
    section_heads: list[list[_Heading]] = []
    last_number: dict[str, int] = {}
    for first, end in containers:
        found: list[tuple[list[_Heading], list[Notice]]] = []
        for convention in section_conventions:
            candidates = [c for n in range(first, end) if (c := _candidate(convention, n, texts[n]))]
            if not candidates:
                continue
            scratch: list[Notice] = []
            run = _run(candidates, 1, scratch)
            if not run and convention.name in last_number:  # numbered on from the previous part
                run = _run(candidates, last_number[convention.name] + 1, scratch)
            if len(run) >= convention.shortest_run:
                found.append((run, scratch))
        found.sort(key=lambda item: item[0][0].paragraph)
        best = found[0][0] if found else []
        if best:
            warnings.extend(found[0][1])
            last_number[best[0].convention.name] = best[-1].number
        for other, _ in found[1:]:  # ambiguous: a second numbering in the same part stays body text
            written = texts[other[0].paragraph][:other[0].marker_end]
            warnings.append(Notice(other[0].paragraph, f"a second section numbering ({written}…) after {texts[best[0].paragraph][:best[0].marker_end]}…: read as body text"))
        section_heads.append(best)

    headings = sorted([*part_heads, *(h for heads in section_heads for h in heads)], key=lambda h: h.paragraph)
    for heading in headings:
        kind: HeadingKind = "part" if heading.paragraph in part_starts else "section"
        layouts[heading.paragraph] = Layout(kind, heading.end)
    heading_at = {h.paragraph for h in headings}

    # Opening and closing.
    opening_end = headings[0].paragraph if headings else 1
    last_heading = headings[-1].paragraph if headings else 0
    if closing_from is None:
        last_point = max((n for n in range(1, count) if POINT.match(texts[n])), default=0)
        start = max(last_heading + 1, opening_end, last_point + 1)
        closing_start = next((n for n in range(start, count) if CLOSING_OPENER.match(texts[n])), count)
    elif closing_from is False:
        closing_start = count
    else:
        closing_start = int(closing_from)
        if not last_heading < closing_start <= count:
            raise ValueError(f"the closing cannot start at ¶{closing_from}: after the last heading (¶{last_heading}) only")

    # Points: unbroken runs 一, 二, 三 … of one style between two headings (or region bounds).
    runs: list[list[tuple[int, int, int, str]]] = []  # (paragraph, offset, number, marker)
    open_runs: dict[str, list[tuple[int, int, int, str]]] = {}

    def close_all() -> None:
        for run in open_runs.values():
            if len(run) >= 2:
                runs.append(run)
        open_runs.clear()

    for n in range(1, count):
        if n in heading_at or n in (opening_end, closing_start):
            close_all()
        layout = layouts[n]
        if layout.heading and layout.heading_end == len(texts[n]):
            continue
        for match in POINT.finditer(texts[n], layout.heading_end):
            value, style = NUMERAL_VALUES.get(match.group(1)), match.group(2)
            if value is None:
                continue
            run = open_runs.get(style)
            expected = len(run) + 1 if run else 1
            if value == expected:
                open_runs.setdefault(style, []).append((n, match.start(), value, match.group()))
            elif value == 1:
                if run and run[-1][0] == n:
                    warnings.append(Notice(n, f"a run of {run[0][3]}… restarts at {match.group()} in the same paragraph"))
                if run and len(run) >= 2:
                    runs.append(run)
                open_runs[style] = [(n, match.start(), value, match.group())]
            elif run and value > expected:
                warnings.append(Notice(n, f"skipped number: {match.group()} where {chinese_numeral(expected)}{style} was expected; not a point"))
    close_all()

    starts: dict[int, list[int]] = {}
    for run in runs:
        for n, offset, _, _ in run:
            starts.setdefault(n, []).append(offset)
    for n, offsets in starts.items():
        layouts[n] = Layout(layouts[n].heading, layouts[n].heading_end, tuple(sorted(offsets)))

    # Piece ids of the points, then the tree.
    point_at: dict[tuple[int, int], Point] = {}
    for run in runs:
        for n, offset, value, marker in run:
            for piece_id, kind, start, end in cut_paragraph(n, texts[n], layouts[n]):
                if kind == "point" and start == offset:
                    text = texts[n][start:end]
                    point_at[(n, offset)] = Point(piece_id, n, value, marker, first_sentence(text)[len(marker):])

    ordered = sorted(point_at.items())
    point_keys = [key for key, _ in ordered]

    def points_in(first: int, end: int) -> tuple[Point, ...]:
        low, high = bisect_left(point_keys, (first, -1)), bisect_left(point_keys, (end, -1))
        return tuple(point for _, point in ordered[low:high])

    def sections_of(heads: list[_Heading], end: int) -> tuple[Section, ...]:
        out = []
        for i, head in enumerate(heads):
            last = (heads[i + 1].paragraph if i + 1 < len(heads) else end) - 1
            out.append(
                Section(
                    f"p{head.paragraph}", head.paragraph, head.number, _label(head, texts[head.paragraph]),
                    texts[head.paragraph][:head.marker_end], head.convention.name, _title(texts[head.paragraph], head),
                    last, points_in(head.paragraph, last + 1),
                )
            )
        return tuple(out)

    body_end = closing_start
    places: dict[int, Place] = {}
    for n in range(1, count):
        region: Region = "opening" if n < opening_end else "closing" if n >= closing_start else "body"
        places[n] = Place(None, None, region)
    parts: list[Part] = []
    for i, head in enumerate(part_heads):
        end = min(part_starts[i + 1] if i + 1 < len(part_starts) else count, body_end)
        heads = [h for h in section_heads[i] if h.paragraph < end]
        sections = sections_of(heads, end)
        intro_end = sections[0].paragraph if sections else end
        text = texts[head.paragraph]
        parts.append(
            Part(
                f"p{head.paragraph}", head.paragraph, head.number, _label(head, text), text[:head.marker_end],
                _title(text, head), end - 1, sections, points_in(head.paragraph, intro_end),
            )
        )
        for n in range(head.paragraph, intro_end):
            places[n] = Place(f"p{head.paragraph}", None)
        for section in sections:
            for n in range(section.paragraph, section.last + 1):
                places[n] = Place(f"p{head.paragraph}", section.piece_id)
    top_sections: tuple[Section, ...] = ()
    top_points: tuple[Point, ...] = ()
    if not part_heads:
        heads = [h for h in section_heads[0] if h.paragraph < body_end]
        top_sections = sections_of(heads, body_end)
        top_points = points_in(opening_end, top_sections[0].paragraph if top_sections else body_end)
        for section in top_sections:
            for n in range(section.paragraph, section.last + 1):
                places[n] = Place(None, section.piece_id)
    outline = Outline(
        title=tuple(title),
        opening=Passage(range(1, opening_end), points_in(1, opening_end)),
        parts=tuple(parts),
        sections=top_sections,
        points=top_points,
        closing=Passage(range(closing_start, count), points_in(closing_start, count)),
        places=places,
        warnings=tuple(sorted(warnings, key=lambda w: w.paragraph)),
    )
    return outline, layouts
