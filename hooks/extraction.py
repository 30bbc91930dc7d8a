"""Indexes drawn from the speech itself: structure, directives, quoted phrases, documents.

Pure and typed (no MkDocs imports): `index_hook.py` runs it at build time, so the indexes
can never drift from the text, and the tests import it directly.

What is extracted, and by which rule:

* **Structure**: parts (一、…), sections (1.…) and enumerated points (一是…) are the pieces
  `speech.py` already cuts, so every node has a paragraph anchor. Paragraphs before the first
  part are the opening, paragraphs after the last section the closing, other body paragraphs
  belong to their part (its introduction).
* **Directives**: every enumerated point, and every other requirement voiced with the modal
  要 or 必须. A requirement runs from the start of its clause to the end of its sentence, or
  to the clause of the next requirement in the same sentence. Its *leading verb* is the first
  word after the modal and its adverbials; a coverb (把, 以, 通过, 在 …) gives a frame "把…".
* **Quoted phrases**: every “…” (and a ‘…’ or “…” nested in it), counted per occurrence and
  as distinct phrases, each classified: formula or slogan, quotation of a leader, metaphor,
  emphasis. Code decides what a rule can (a quotation follows 强调， or 指出：, a numbered or
  parallel phrase is a formula); data/slogans.yml decides the rest.
* **Documents**: every 《…》.
* **Numbered formulas** (四个意识, 三会一课, 六稳 …), quoted or not: a numeral run of two or more
  (二, 两, 双 … 十) starts a candidate. A quoted phrase gives its own extent; for an unquoted one
  the reviewed data file lists the formula (三大攻坚战) or says it is none (三个方面). A candidate
  that neither explains is a data error, so no new numbered phrase goes unreviewed.

Nothing here is specific to one speech: a second speech needs only its text and its data.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import jieba

from datafiles import Problems, load_yaml
from speech import ORDINALS, Paragraph, Piece, Speech, escape_markdown, piece_label

jieba.setLogLevel(logging.WARNING)

Kind = Literal["formula", "quotation", "metaphor", "emphasis"]
KINDS: dict[str, dict[str, str]] = {
    "formula": {"zh": "提法与口号", "en": "Formulas and slogans"},
    "quotation": {"zh": "引用领导人的话", "en": "Quotations of leaders"},
    "metaphor": {"zh": "比喻", "en": "Metaphors"},
    "emphasis": {"zh": "强调与特指", "en": "Emphasis and special terms"},
}

QUOTE_PAIRS = {"“": "”", "‘": "’"}
QUOTE_CLOSERS = {close: open_ for open_, close in QUOTE_PAIRS.items()}
QUOTE_MARK = re.compile(r"[“”‘’]")
QUOTE_MARKS = re.compile(r"[“”‘’《》]")
DOCUMENT = re.compile(r"《([^《》]+)》")
HAN = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = re.compile(r"[。！？]")
# Where a clause starts: after a sentence end, a semicolon, a comma (full- or half-width) or a colon.
CLAUSE_END = re.compile(r"[。！？；，,：:]")
TRAILING_PUNCTUATION = "。！？；，,：:、 "

PART_LEAD = re.compile(rf"^([{ORDINALS}]+)、")
SECTION_LEAD = re.compile(r"^(\d+)[.．]")
POINT_LEAD = re.compile(rf"^([{ORDINALS}])是")
# "I. ", "1. " before an English heading (the badge shows the number).
EN_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+)\.\s*")
EN_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
EN_ORDINAL = re.compile(r"^(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)(?:ly)?,\s*")

# A quotation: the quote follows a reporting verb and a comma or colon (强调，“… / 指出：要“…).
# Without the punctuation the quote is an object (党中央要求“对表”), not someone's words.
REPORTED = re.compile(r"(?:强调|指出|说|讲|提出|要求|号召)[，：,:]\s*要?$")
# A numbered formula starts with a numeral run worth two or more: 两个维护, 三会一课, 十三五, 双报到.
# A lone 一 is left out (一定, 一次, 一线 …); 第 makes an ordinal; 二是 … is an enumeration.
NUMERAL = re.compile(r"(?<!第)[二两双三四五六七八九十][一二两双三四五六七八九十]*")
NUMERAL_START = re.compile(r"^[二两双三四五六七八九十][一二两双三四五六七八九十]*(?:[\u4e00-\u9fff]|$)")
PARALLEL_SEPARATORS = re.compile(r"[、，,]")

MODAL = re.compile(r"必须要?|要")
# Words in which 要 is a morpheme, not the modal "must" (重要 important, 需要 need, 要求 demand,
# 紧要关头 …). Hand-written, and closed: telling them apart with jieba would mean segmenting
# the whole speech (~15 ms), when the whole extraction must take a few.
NOT_MODAL = re.compile(r"[重首需紧主必只想纲摘概简]要|要(?:求|点|素|害|领|件|务|闻|冲|塞)")
# 要 + a verb of one or two characters + 的 is a relative clause (组织工作要解决的具体问题).
RELATIVE_CLAUSE = re.compile(r"要[\u4e00-\u9fff]{1,2}的")
# Adverbials between the modal and its verb (始终坚持, 坚决做到, 着力改进, 一手抓 …), stripped
# before segmenting. Hand-written because jieba can find neither: its tags call many of them
# nouns or adjectives (大力/n, 着力/n, 大胆/n) and its dictionary merges others with the verb
# (认真落实, 深入开展, 全面推行, 充分发挥). Only whole words of two or more characters, so no
# verb loses its first character.
ADVERBIALS = re.compile(
    r"^(?:始终|一直|坚决|坚定不移地?|大力|大胆|认真|切实|积极|主动|充分|深入|全面|继续|着力|努力"
    r"|带头|经常|深刻|更加|不断|真正|牢牢地?|果断|严格|进一步|全覆盖|持续|扎实|务必|一定|一手"
    # 严肃 before a verb of sanction is adverbial (严肃问责); alone it is the verb (严肃党内政治生活).
    r"|严肃(?=问责|追责|处理|查处|追究))+"
)
# 对A，B的要…: a topic opened by 对 may run over commas up to the requirement it belongs to
# (对标, 对表, 对照 are verbs, not topics).
TOPIC_OPENER = re.compile(r"对(?!标|表|照)")
TOPIC_COMMAS = "，,"
# Prepositions (coverbs) that open a frame before the verb: the directive is listed as "把…".
COVERBS = frozenset({"把", "将", "以", "通过", "在", "对", "对于", "同", "与", "向", "从", "用", "凭", "按", "按照", "依照"})


# --- data model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    piece_id: str
    number: int
    title: str  # its first sentence, without 一是 and the end mark


@dataclass(frozen=True)
class Section:
    piece_id: str
    number: str
    title: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Part:
    piece_id: str
    number: str
    title: str
    sections: tuple[Section, ...]
    points: tuple[Point, ...]  # enumerated outside any section (none in the 2020 speech)


@dataclass(frozen=True)
class Place:
    """Where a paragraph stands: its part and section heading ids; the opening and closing have neither."""

    part: str | None
    section: str | None
    closing: bool = False


@dataclass(frozen=True)
class Quote:
    paragraph: int
    piece_id: str
    start: int  # offset of the opening mark in the paragraph
    end: int  # offset after the closing mark
    depth: int  # 1 for an outer quote, 2 for one inside it …
    text: str  # without the marks


@dataclass(frozen=True)
class Occurrence:
    piece_id: str
    paragraph: int
    start: int
    quoted: bool = True


@dataclass(frozen=True)
class Phrase:
    """A distinct quoted phrase with every quoted occurrence."""

    text: str
    kind: Kind
    numbered: bool
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Formula:
    """A numbered formula with every occurrence, quoted or not."""

    text: str
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Document:
    title: str  # without 《》
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Directive:
    piece_id: str
    paragraph: int
    start: int
    kind: Literal["point", "requirement"]
    verb: str
    text: str
    place: Place


@dataclass(frozen=True)
class Extraction:
    parts: tuple[Part, ...]
    places: dict[int, Place]
    directives: tuple[Directive, ...]
    quotes: tuple[Quote, ...]
    phrases: tuple[Phrase, ...]
    formulas: tuple[Formula, ...]
    documents: tuple[Document, ...]
    unreviewed: tuple[tuple[Occurrence, str], ...]  # numeral runs no quote or rule explains (a data error)


@dataclass(frozen=True)
class PhraseRule:
    kind: Kind | None = None
    numbered: bool | None = None
    en: str | None = None


@dataclass(frozen=True)
class Rules:
    """The reviewed decisions of data/slogans.yml."""

    phrases: Mapping[str, PhraseRule]
    formulas: Mapping[str, str | None]  # unquoted numbered formula -> English (None: from the glossary)
    not_formulas: tuple[str, ...]
    documents: Mapping[str, str]
    verbs: Mapping[str, str]


NO_RULES = Rules({}, {}, (), {}, {})


@dataclass(frozen=True)
class TermRef:
    """A glossary entry a phrase can link to; `en` only when the phrase is the entry's headword."""

    anchor: str
    en: str | None


class GlossaryEntry(Protocol):
    term: str
    aliases: tuple[str, ...]
    en: str

    @property
    def anchor(self) -> str: ...


def glossary_terms(entries: Iterable[GlossaryEntry]) -> dict[str, TermRef]:
    """Every form of every glossary entry; the English name only for the headword itself."""
    entries = list(entries)
    terms = {form: TermRef(entry.anchor, None) for entry in entries for form in entry.aliases}
    terms.update({entry.term: TermRef(entry.anchor, entry.en) for entry in entries})
    return terms


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


@dataclass(frozen=True)
class _Scan:
    """One paragraph, read once: its quotes, piece starts and clause and sentence ends outside quotes."""

    paragraph: Paragraph
    quotes: list[tuple[int, int, int]]
    piece_starts: list[int]
    sentence_ends: list[int]  # ends with len(text)
    clause_ends: list[int]

    @classmethod
    def of(cls, paragraph: Paragraph) -> _Scan:
        text = paragraph.text
        quotes = find_quotes(text)
        inside = bytearray(len(text))
        for start, end, _ in quotes:
            inside[start:end] = b"\x01" * (end - start)
        piece_starts, offset = [], 0
        for piece in paragraph.pieces:
            piece_starts.append(offset)
            offset += len(piece.text)
        sentence_ends = [m.start() for m in SENTENCE_END.finditer(text) if not inside[m.start()]]
        clause_ends = [m.start() for m in CLAUSE_END.finditer(text) if not inside[m.start()]]
        return cls(paragraph, quotes, piece_starts, [*sentence_ends, len(text)], clause_ends)

    def piece_index(self, offset: int) -> int:
        return bisect_right(self.piece_starts, offset) - 1

    def piece_id(self, offset: int) -> str:
        return self.paragraph.pieces[self.piece_index(offset)].id

    def occurrence(self, offset: int, quoted: bool = True) -> Occurrence:
        return Occurrence(self.piece_id(offset), self.paragraph.number, offset, quoted)

    def clause_start(self, offset: int, floor: int) -> int:
        """Start of the clause holding `offset`, never before `floor`."""
        index = bisect_left(self.clause_ends, offset) - 1
        return max(floor, self.clause_ends[index] + 1 if index >= 0 else 0)

    def requirement_start(self, offset: int, floor: int, modal_offsets: list[int]) -> int:
        """Start of the requirement whose modal is at `offset`: its clause, or the 对 topic before it.

        对不担当不作为，失职渎职的要严肃问责: the clauses from the topic's 对 on are joined by
        commas only and hold no modal of their own (each would be a requirement of its own).
        """
        clause = start = self.clause_start(offset, floor)
        text = self.paragraph.text
        while start > floor and text[start - 1] in TOPIC_COMMAS:
            start = self.clause_start(start - 1, floor)
            if any(start <= modal < clause for modal in modal_offsets):
                break
            if TOPIC_OPENER.match(text, start):
                return start
        return clause


def first_sentence(text: str) -> str:
    """Up to the first sentence end outside quotes, without the end mark."""
    quotes = find_quotes(text)
    for match in SENTENCE_END.finditer(text):
        if not any(start < match.start() < end for start, end, _ in quotes):
            return text[:match.start()]
    return text.rstrip(TRAILING_PUNCTUATION)


def english_point_title(text: str) -> str:
    """The first sentence of a point's translation, without "First, " and the full stop."""
    sentence = EN_SENTENCE.split(text, maxsplit=1)[0].rstrip(".")
    rest = EN_ORDINAL.sub("", sentence, count=1)
    return rest[:1].upper() + rest[1:]


def heading_text(text: str, lang: str) -> str:
    """A part or section heading without its number: 一、突出政治性… → 突出政治性…"""
    if lang == "zh":
        return PART_LEAD.sub("", SECTION_LEAD.sub("", text)).rstrip(TRAILING_PUNCTUATION)
    return EN_NUMBER.sub("", text).rstrip(".")


def is_parallel(phrase: str) -> bool:
    """A slogan's shape: segments sharing a character at one position (整县推进、整乡提升,
    要求严、措施严), or four characters with one repeated two apart (应建尽建, 从严从实)."""
    segments = [s for s in PARALLEL_SEPARATORS.split(phrase) if s]
    if len(segments) >= 2:
        shortest = min(map(len, segments))
        if shortest < 2:
            return False
        return any(
            len({s[i] for s in segments}) == 1 and HAN.match(segments[0][i])
            for i in [*range(shortest), *range(-shortest, 0)]
        )
    return len(phrase) == 4 and bool(HAN.match(phrase[0])) and (phrase[0] == phrase[2] or phrase[1] == phrase[3])


def leading_verb(clause: str) -> str:
    """The first word of a clause after its adverbials: 始终坚持民主集中制 → 坚持; 把X作为Y → 把…"""
    clause = ADVERBIALS.sub("", QUOTE_MARKS.sub("", clause))
    if len(clause) <= 2:  # a two-character clause is one verb, which jieba may not know (对标)
        return clause
    words = [w for w in jieba.lcut(clause[:8], HMM=False) if HAN.match(w)]
    if not words:
        return ""
    return f"{words[0]}…" if words[0] in COVERBS else words[0]


def modals(text: str) -> list[tuple[int, int]]:
    """(start, end) of every modal 要 / 必须 (必须要) that voices a requirement."""
    morphemes = {i for m in NOT_MODAL.finditer(text) for i in range(m.start(), m.end())}
    return [
        m.span()
        for m in MODAL.finditer(text)
        if m.group() != "要" or not (m.start() in morphemes or RELATIVE_CLAUSE.match(text, m.start()))
    ]


def paragraph_sign(piece_id: str) -> str:
    """¶5.1 for a numbered piece; ¶5 for the unnumbered body that continues ¶5."""
    return "¶" + (piece_label(piece_id) or piece_id[1:].split("-")[0])


# --- extraction -------------------------------------------------------------------------


def extract_structure(speech: Speech) -> tuple[tuple[Part, ...], dict[int, Place]]:
    """Parts > sections > points, and the place of every paragraph."""
    headed = [p.number for p in speech.paragraphs if p.pieces[0].kind in ("part", "section")]
    last_heading = max(headed, default=0)
    parts: list[tuple[Piece, list[tuple[Piece, list[Point]]], list[Point]]] = []
    places: dict[int, Place] = {}
    for paragraph in speech.paragraphs[1:]:
        head = paragraph.pieces[0]
        if head.kind == "part":
            parts.append((head, [], []))
        elif head.kind == "section" and parts:
            parts[-1][1].append((head, []))
        if not parts or paragraph.number > last_heading:
            places[paragraph.number] = Place(None, None, closing=bool(parts))
            continue
        part_head, sections, part_points = parts[-1]
        section = sections[-1] if head.kind == "section" else None
        places[paragraph.number] = Place(part_head.id, section[0].id if section else None)
        points = section[1] if section else part_points
        for piece in paragraph.pieces:
            if piece.kind == "point":
                title = POINT_LEAD.sub("", first_sentence(piece.text), count=1)
                points.append(Point(piece.id, len(points) + 1, title))

    def number(pattern: re.Pattern[str], text: str) -> str:
        match = pattern.match(text)
        return match.group(1) if match else ""

    return (
        tuple(
            Part(
                part.id,
                number(PART_LEAD, part.text),
                heading_text(part.text, "zh"),
                tuple(
                    Section(s.id, number(SECTION_LEAD, s.text), heading_text(s.text, "zh"), tuple(points))
                    for s, points in sections
                ),
                tuple(part_points),
            )
            for part, sections, part_points in parts
        ),
        places,
    )


def _directives_of(scan: _Scan, place: Place) -> list[Directive]:
    text = scan.paragraph.text
    # (offset, where its verb clause starts, kind)
    found: list[tuple[int, int, str]] = []
    absorbed: set[int] = set()
    for index, piece in enumerate(scan.paragraph.pieces):
        if piece.kind == "point":
            start = scan.piece_starts[index]
            head = start + POINT_LEAD.match(piece.text).end()
            modal = MODAL.match(text, head)
            if modal:  # 一是要…: the point's own modal is not a second directive
                absorbed.add(head)
            found.append((start, modal.end() if modal else head, "point"))
    for offset, modal_end in modals(text):
        if offset not in absorbed:
            found.append((offset, modal_end, "requirement"))
    found.sort()
    modal_offsets = [offset for offset, _, _ in found]

    directives: list[Directive] = []
    for index, (offset, verb_at, kind) in enumerate(found):
        piece_index = scan.piece_index(offset)
        piece_start = scan.piece_starts[piece_index]
        piece_end = scan.piece_starts[piece_index + 1] if piece_index + 1 < len(scan.piece_starts) else len(text)
        start = offset if kind == "point" else scan.requirement_start(offset, piece_start, modal_offsets)
        end = min(scan.sentence_ends[bisect_left(scan.sentence_ends, verb_at)], piece_end)
        if index + 1 < len(found) and found[index + 1][2] == "requirement" and found[index + 1][0] < end:
            # Two requirements in one sentence: the first ends where the clause of the next begins.
            later = found[index + 1][0]
            later_clause = scan.requirement_start(later, start, modal_offsets)
            end = later_clause if later_clause > verb_at else later
        if kind == "point":
            shown = POINT_LEAD.sub("", first_sentence(text[start:end]), count=1)
        else:
            shown = text[start:end].rstrip(TRAILING_PUNCTUATION)
        clause_end = next((e for e in scan.clause_ends if verb_at <= e < end), end)
        verb = leading_verb(text[verb_at:clause_end])
        piece_id = scan.paragraph.pieces[piece_index].id
        directives.append(Directive(piece_id, scan.paragraph.number, offset, kind, verb, shown, place))
    return directives


def _classify(text: str, reported: bool, numbered: bool, rule: PhraseRule | None) -> Kind:
    if rule and rule.kind:
        return rule.kind
    if reported:
        return "quotation"
    if numbered or is_parallel(text):
        return "formula"
    return "emphasis"


def extract(speech: Speech, rules: Rules = NO_RULES) -> Extraction:
    """Everything the indexes show; `rules` are the reviewed decisions of data/slogans.yml."""
    parts, places = extract_structure(speech)
    scans = [_Scan.of(paragraph) for paragraph in speech.paragraphs]

    quotes: list[Quote] = []
    reported: set[str] = set()
    documents: dict[str, list[Occurrence]] = defaultdict(list)
    titles: dict[int, list[tuple[int, int]]] = defaultdict(list)  # a numeral in a title is the title's
    directives: list[Directive] = []
    for scan in scans:
        text = scan.paragraph.text
        for start, end, depth in scan.quotes:
            phrase = text[start + 1:end - 1]
            quotes.append(Quote(scan.paragraph.number, scan.piece_id(start), start, end, depth, phrase))
            if depth == 1 and REPORTED.search(text, max(0, start - 12), start):
                reported.add(phrase)
        for match in DOCUMENT.finditer(text):
            documents[match.group(1)].append(scan.occurrence(match.start()))
            titles[scan.paragraph.number].append(match.span())
        if scan.paragraph.number in places and scan.paragraph.pieces[0].kind != "part":
            directives += _directives_of(scan, places[scan.paragraph.number])

    by_text: dict[str, list[Occurrence]] = defaultdict(list)
    for quote in quotes:
        by_text[quote.text].append(Occurrence(quote.piece_id, quote.paragraph, quote.start))
    phrases: list[Phrase] = []
    for text, occurrences in by_text.items():
        rule = rules.phrases.get(text)
        numbered = rule.numbered if rule and rule.numbered is not None else bool(NUMERAL_START.match(text))
        phrases.append(Phrase(text, _classify(text, text in reported, numbered, rule), numbered, tuple(occurrences)))

    # Numbered formulas, quoted or not; the spans they and the reviewed non-formulas cover.
    covered = {s.paragraph.number: [(a, b) for a, b, _ in s.quotes] + titles[s.paragraph.number] for s in scans}
    formulas: list[Formula] = []
    for formula in [p.text for p in phrases if p.numbered] + [f for f in rules.formulas if f not in by_text]:
        occurrences = []
        for scan in scans:
            quoted = {(a + 1, b - 1) for a, b, _ in scan.quotes}
            for match in re.finditer(re.escape(formula), scan.paragraph.text):
                occurrences.append(scan.occurrence(match.start(), match.span() in quoted))
                covered[scan.paragraph.number].append(match.span())
        formulas.append(Formula(formula, tuple(occurrences)))
    formulas.sort(key=lambda f: [(o.paragraph, o.start) for o in f.occurrences[:1]] or [(len(scans), 0)])
    for text in rules.not_formulas:
        for scan in scans:
            covered[scan.paragraph.number] += [m.span() for m in re.finditer(re.escape(text), scan.paragraph.text)]
    unreviewed: list[tuple[Occurrence, str]] = []
    for scan in scans:
        text = scan.paragraph.text
        for match in NUMERAL.finditer(text):
            after = text[match.end():match.end() + 1]
            if len(match.group()) == 1 and (after == "是" or not HAN.match(after)):
                continue  # 二是 opens a point; a single numeral before punctuation is no formula
            if not any(a <= match.start() < b for a, b in covered[scan.paragraph.number]):
                unreviewed.append((scan.occurrence(match.start(), False), text[match.start():match.start() + 6]))

    return Extraction(
        parts=parts,
        places=places,
        directives=tuple(directives),
        quotes=tuple(quotes),
        phrases=tuple(phrases),
        formulas=tuple(formulas),
        documents=tuple(Document(title, tuple(occurrences)) for title, occurrences in documents.items()),
        unreviewed=tuple(unreviewed),
    )


# --- reviewed rules (data/slogans.yml) --------------------------------------------------

RULE_SECTIONS = ("phrases", "formulas", "not_formulas", "documents", "verbs")


def _entries(data: dict, key: str, problems: Problems) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(key, f"expected a list, got {type(value).__name__}")
        return []
    return value


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _zh_entries(data: dict, key: str, fields: frozenset[str], problems: Problems) -> list[tuple[str, dict]]:
    """The `- zh: …` mappings of one list, each reported as `key 'zh'`; duplicates are problems."""
    seen: set[str] = set()
    out = []
    for index, entry in enumerate(_entries(data, key, problems)):
        zh = _text(entry.get("zh")) if isinstance(entry, dict) else None
        if zh is None:
            problems.add(f"{key}[{index}]", f"expected a mapping with a non-empty 'zh', got {entry!r}")
            continue
        where = f"{key} '{zh}'"
        for unknown in sorted(set(entry) - fields - {"zh"}):
            problems.add(where, f"unknown field '{unknown}' (allowed: zh, {', '.join(sorted(fields))})")
        if zh in seen:
            problems.add(where, "listed twice")
        seen.add(zh)
        out.append((zh, entry))
    return out


def parse_rules(data, problems: Problems) -> Rules:
    """The shape of data/slogans.yml; what it names is checked against the speech by `rule_problems`."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.add("", f"expected a mapping with {', '.join(RULE_SECTIONS)}")
        return NO_RULES
    for key in sorted(set(data) - set(RULE_SECTIONS)):
        problems.add(str(key), f"unknown section (allowed: {', '.join(RULE_SECTIONS)})")

    def english(entry: dict, where: str, required: bool) -> str | None:
        if "en" not in entry and not required:
            return None
        value = _text(entry.get("en"))
        if value is None:
            problems.add(where, f"'en' must be a non-empty string, got {entry.get('en')!r}")
        return value

    phrases: dict[str, PhraseRule] = {}
    for zh, entry in _zh_entries(data, "phrases", frozenset({"kind", "numbered", "en"}), problems):
        where = f"phrases '{zh}'"
        kind = entry.get("kind")
        if kind is not None and kind not in KINDS:
            problems.add(where, f"kind {kind!r} is not one of {', '.join(KINDS)}")
            kind = None
        numbered = entry.get("numbered")
        if numbered is not None and not isinstance(numbered, bool):
            problems.add(where, f"'numbered' must be true or false, got {numbered!r}")
            numbered = None
        phrases[zh] = PhraseRule(kind, numbered, english(entry, where, False))
    formulas = {
        zh: english(entry, f"formulas '{zh}'", False)
        for zh, entry in _zh_entries(data, "formulas", frozenset({"en"}), problems)
    }
    documents = {
        zh: english(entry, f"documents '{zh}'", True) or ""
        for zh, entry in _zh_entries(data, "documents", frozenset({"en"}), problems)
    }
    verbs = {
        zh: english(entry, f"verbs '{zh}'", True) or ""
        for zh, entry in _zh_entries(data, "verbs", frozenset({"en"}), problems)
    }
    not_formulas: list[str] = []
    for index, value in enumerate(_entries(data, "not_formulas", problems)):
        text = _text(value)
        if text is None:
            problems.add(f"not_formulas[{index}]", f"expected a non-empty string, got {value!r}")
        elif text in not_formulas:
            problems.add(f"not_formulas '{text}'", "listed twice")
        else:
            not_formulas.append(text)
    return Rules(phrases, formulas, tuple(not_formulas), documents, verbs)


@dataclass(frozen=True)
class Indexes:
    """The extraction with what the pages need beside it: reviewed rules and glossary entries."""

    extraction: Extraction
    rules: Rules
    terms: Mapping[str, TermRef]

    def english(self, text: str) -> str | None:
        """English of a phrase, formula or document: the reviewed data first, then the glossary headword."""
        rule = self.rules.phrases.get(text)
        own = (rule.en if rule else None) or self.rules.formulas.get(text) or self.rules.documents.get(text)
        term = self.terms.get(text)
        return own or (term.en if term else None)

    def term(self, text: str) -> TermRef | None:
        return self.terms.get(text)


def rule_problems(indexes: Indexes, speech_text: str) -> list[tuple[str, str]]:
    """What the rules name but the speech lacks, and what the pages need but neither data file gives."""
    extraction, rules = indexes.extraction, indexes.rules
    problems: list[tuple[str, str]] = []
    quoted = {phrase.text: phrase for phrase in extraction.phrases}
    for zh in rules.phrases:
        if zh not in quoted:
            problems.append((f"phrases '{zh}'", "unknown phrase: it is not quoted (“…”) anywhere in the speech"))
    for zh in rules.formulas:
        if zh in quoted:
            problems.append((f"formulas '{zh}'", "is quoted in the speech, so it is found without this entry"))
        elif zh not in speech_text:
            problems.append((f"formulas '{zh}'", "unknown formula: it does not occur in the speech"))
        elif not NUMERAL.search(zh):
            problems.append((f"formulas '{zh}'", "has no numeral of two or more: it is no numbered formula"))
    for zh in rules.not_formulas:
        if zh not in speech_text:
            problems.append((f"not_formulas '{zh}'", "does not occur in the speech"))
    titles = {document.title for document in extraction.documents}
    for zh in rules.documents:
        if zh not in titles:
            problems.append((f"documents '{zh}'", "unknown document: no 《…》 in the speech has this title"))
    verbs = {directive.verb for directive in extraction.directives}
    for zh in rules.verbs:
        if zh not in verbs:
            problems.append((f"verbs '{zh}'", "unknown verb: it leads no directive of the speech"))

    for occurrence, text in extraction.unreviewed:
        problems.append(
            (
                f"{paragraph_sign(occurrence.piece_id)} '{text}…'",
                "unreviewed numeral phrase: list the formula it starts under 'formulas', or the phrase under 'not_formulas'",
            )
        )
    for phrase in extraction.phrases:
        if indexes.english(phrase.text) is None:
            where = paragraph_sign(phrase.occurrences[0].piece_id)
            message = f"quoted in {where} but has no English: add 'en' (or a glossary entry)"
            problems.append((f"phrases '{phrase.text}'", message))
    for formula in extraction.formulas:
        if indexes.english(formula.text) is None:
            problems.append((f"formulas '{formula.text}'", "has no English: add 'en' (or a glossary entry)"))
    for document in extraction.documents:
        if indexes.english(document.title) is None:
            problems.append((f"documents '{document.title}'", "has no English title: add it here (or a glossary entry)"))
    missing_verbs: dict[str, str] = {}
    for directive in extraction.directives:
        if directive.verb not in rules.verbs:
            missing_verbs.setdefault(directive.verb, paragraph_sign(directive.piece_id))
    for verb, where in missing_verbs.items():
        problems.append((f"verbs '{verb}'", f"leads a directive in {where} but has no English gloss"))
    return problems


def load_indexes(path: Path, speech: Speech, terms: Mapping[str, TermRef]) -> Indexes:
    """Read the reviewed rules, extract, and check both; every problem is reported in one `DataError`."""
    problems = Problems(path)
    rules = parse_rules(load_yaml(path), problems)
    indexes = Indexes(extract(speech, rules), rules, terms)
    for where, message in rule_problems(indexes, "\n".join(p.text for p in speech.paragraphs)):
        problems.add(where, message)
    problems.raise_if_any()
    return indexes


# --- generated pages --------------------------------------------------------------------

INDEX_MARKER = re.compile(r"<!--\s*index:\s*([\w-]+)\s*-->")
INDEX_PAGES = ("slogans", "directives", "documents", "structure")

LinkTo = Callable[[str], str]  # piece id -> Markdown link target (a relative .md link with its anchor)
TermLinkTo = Callable[[str], str] | None  # glossary anchor -> link target; None when the build has no glossary page

# Interface text of the generated pages (Markdown, written here, never data).
LABELS = {
    "zh": {
        "times": "{n} 次",
        "unquoted": "（无引号）",
        "glossary": "术语表",
        "sep": "：",
        "point": "要点",
        "opening": "开场白",
        "closing": "结束语",
        "by_section": "按章节",
        "by_verb": "按领头动词",
        "numbered": "带数字的提法",
        "items": "{n} 条",
        "group_count": "（{n} 条）",
        "slogans_summary": (
            "讲话中加引号的短语共 **{quotes}** 处，去掉重复后 **{distinct}** 个：{kinds}。"
            "带数字的提法 **{formulas}** 个，其中 {unquoted} 个在讲话中不加引号。"
        ),
        "kind_count": "{label} {n} 个",
        "slogans_help": "每条后面是它出现的全部段落，点击段落号即回到原文；标有“术语表”的可查看解释。分类由程序按规则判定，规则判定不了的由编者审定。",
        "numbered_help": "以数字概括的提法，不论讲话中是否加引号，都列出全部出现之处。",
        "directives_summary": (
            "讲话共提出要求 **{total}** 条：用“一是、二是、三是”列举的要点 **{points}** 条，"
            "其他用“要……”“必须……”提出的要求 **{requirements}** 条。"
        ),
        "directives_help": "每条标出所在段落和领头的动词；“把…”“以…”“通过…”表示以介词开头的句式。同一句中有几个“要”的，按“要”分成几条。",
        "documents_summary": "讲话提到的文件（加书名号《》的）共 **{n} 份**，出现 **{occurrences} 次**。",
        "structure_summary": (
            "讲话除开场白和结束语外分 **{parts}** 个部分、**{sections}** 节；其中 {enumerating} 节用“一是、二是、三是”"
            "列出要点，共 **{points}** 个要点。图中每一项都可点击，直达原文段落。"
        ),
        "structure_label": "讲话结构图",
        "section_meta": "{points} 个要点 · 共 {directives} 条要求",
        "section_meta_none": "{directives} 条要求",
        "title": "讲话题目",
    },
    "en": {
        "times": "{n} times",
        "once": "once",
        "unquoted": " (unquoted)",
        "glossary": "Glossary",
        "sep": ": ",
        "point": "Point",
        "opening": "Opening",
        "closing": "Closing",
        "by_section": "By section",
        "by_verb": "By leading verb",
        "numbered": "Numbered formulas",
        "items": "{n}",
        "group_count": " ({n})",
        "slogans_summary": (
            "The speech puts **{quotes}** phrases in quotation marks, **{distinct}** of them distinct: {kinds}. "
            "It uses **{formulas}** numbered formulas, {unquoted} of them without quotation marks."
        ),
        "kind_count": "{n} {label}",
        "slogans_help": "Each phrase is shown in English with the Chinese it renders, followed by every paragraph it occurs in: click a paragraph number to go to the text. The classification follows rules applied to the text; where a rule cannot decide, the editors have.",
        "numbered_help": "Formulas that sum up a list with a number, with every occurrence, in quotation marks or not.",
        "directives_summary": (
            "The speech sets out **{total}** requirements: **{points}** enumerated points (“first … second … third …”, "
            "一是、二是、三是) and **{requirements}** other requirements voiced with 要 (“must”) or 必须 (“have to”)."
        ),
        "directives_help": "Each is listed with its paragraph and its leading verb (Chinese, with an English gloss); “把…”, “以…”, “通过…” mark a sentence that opens with a preposition. The Chinese text of each requirement follows; the paragraph link leads to its translation.",
        "documents_summary": "The speech names **{n} documents** (in 《》 title marks), **{occurrences} times** in all.",
        "structure_summary": (
            "Besides its opening and closing words, the speech has **{parts}** parts and **{sections}** sections; "
            "{enumerating} sections list their points as “first, second, third”, **{points}** points in all. "
            "Every box in the map links to its paragraph."
        ),
        "structure_label": "Map of the speech",
        "section_meta": "{points} points · {directives} requirements in all",
        "section_meta_none": "{directives} requirements",
        "title": "Title",
    },
}


def _times(n: int, lang: str) -> str:
    if lang == "en" and n == 1:
        return LABELS["en"]["once"]
    return LABELS[lang]["times"].format(n=n)


def _links(occurrences, link: LinkTo, lang: str) -> str:
    parts = []
    for occurrence in occurrences:
        mark = "" if occurrence.quoted else LABELS[lang]["unquoted"]
        parts.append(f"[{paragraph_sign(occurrence.piece_id)}]({link(occurrence.piece_id)}){mark}")
    return " ".join(parts)


def _glossary(indexes: Indexes, text: str, lang: str, term_link: TermLinkTo) -> str:
    term = indexes.term(text)
    if term is None or term_link is None:
        return ""
    return f" · [{LABELS[lang]['glossary']}]({term_link(term.anchor)}){{: .index-term }}"


def _name(indexes: Indexes, zh: str, lang: str, marks: tuple[str, str]) -> str:
    """“四个意识” on zh pages; **Four Consciousnesses** “四个意识” on en pages."""
    chinese = escape_markdown(f"{marks[0]}{zh}{marks[1]}")
    if lang == "zh":
        return f"**{chinese}**"
    return f"**{escape_markdown(indexes.english(zh) or '')}** {chinese}"


def render_slogans(indexes: Indexes, lang: str, link: LinkTo, term_link: TermLinkTo) -> str:
    ex, labels = indexes.extraction, LABELS[lang]
    counts = {kind: sum(1 for p in ex.phrases if p.kind == kind) for kind in KINDS}
    kinds = ("、" if lang == "zh" else ", ").join(
        labels["kind_count"].format(label=KINDS[kind][lang] if lang == "zh" else KINDS[kind][lang].lower(), n=n)
        for kind, n in counts.items()
    )
    unquoted = sum(1 for f in ex.formulas if not any(o.quoted for o in f.occurrences))
    blocks = [
        labels["slogans_summary"].format(
            quotes=len(ex.quotes), distinct=len(ex.phrases), kinds=kinds, formulas=len(ex.formulas), unquoted=unquoted
        )
        + "\n{: .index-summary }",
        labels["slogans_help"],
    ]
    for kind in KINDS:
        phrases = [p for p in ex.phrases if p.kind == kind]
        if not phrases:
            continue
        blocks.append(f"## {KINDS[kind][lang]} {{: #{kind} }}")
        items = [
            f"- {_name(indexes, p.text, lang, ('“', '”'))} · {_times(len(p.occurrences), lang)}{labels['sep']}"
            f"{_links(p.occurrences, link, lang)}{_glossary(indexes, p.text, lang, term_link)}"
            for p in phrases
        ]
        blocks.append("\n".join(items))
    blocks.append(f"## {labels['numbered']} {{: #numbered }}")
    blocks.append(labels["numbered_help"])
    blocks.append(
        "\n".join(
            f"- {_name(indexes, f.text, lang, ('', ''))} · {_times(len(f.occurrences), lang)}{labels['sep']}"
            f"{_links(f.occurrences, link, lang)}{_glossary(indexes, f.text, lang, term_link)}"
            for f in ex.formulas
        )
    )
    return "\n\n".join(blocks) + "\n"


def render_documents(indexes: Indexes, lang: str, link: LinkTo, term_link: TermLinkTo) -> str:
    ex, labels = indexes.extraction, LABELS[lang]
    total = sum(len(d.occurrences) for d in ex.documents)
    items = [
        f"- {_name(indexes, d.title, lang, ('《', '》'))} · {_times(len(d.occurrences), lang)}{labels['sep']}"
        f"{_links(d.occurrences, link, lang)}{_glossary(indexes, d.title, lang, term_link)}"
        for d in ex.documents
    ]
    summary = labels["documents_summary"].format(n=len(ex.documents), occurrences=total)
    return "\n\n".join([summary + "\n{: .index-summary }", "\n".join(items)]) + "\n"


@dataclass(frozen=True)
class _Group:
    anchor: str
    level: int
    heading: str  # plain text, escaped when rendered
    directives: tuple[Directive, ...]


def _groups(indexes: Indexes, lang: str, translation: Mapping[str, str]) -> list[_Group]:
    """Directives grouped in text order: opening, each part's introduction, each section, closing."""
    ex, labels = indexes.extraction, LABELS[lang]

    def heading(piece_id: str, zh: str) -> str:
        return zh if lang == "zh" else translation[piece_id].rstrip(".")

    by_place: dict[tuple, list[Directive]] = defaultdict(list)
    for directive in ex.directives:
        place = directive.place
        by_place[(place.part, place.section, place.closing)].append(directive)
    groups = [_Group("opening", 3, labels["opening"], tuple(by_place[(None, None, False)]))]
    for part in ex.parts:
        part_heading = heading(part.piece_id, f"{part.number}、{part.title}")
        groups.append(_Group(f"in-{part.piece_id}", 3, part_heading, tuple(by_place[(part.piece_id, None, False)])))
        for section in part.sections:
            groups.append(
                _Group(
                    f"in-{section.piece_id}",
                    4,
                    heading(section.piece_id, f"{section.number}. {section.title}"),
                    tuple(by_place[(part.piece_id, section.piece_id, False)]),
                )
            )
    groups.append(_Group("closing", 3, labels["closing"], tuple(by_place[(None, None, True)])))
    return groups


def _verb(indexes: Indexes, verb: str, lang: str) -> str:
    shown = f"**{escape_markdown(verb)}**"
    gloss = indexes.rules.verbs.get(verb)
    return f"{shown} *{escape_markdown(gloss)}*" if lang == "en" and gloss else shown


def _directive_item(indexes: Indexes, directive: Directive, lang: str, link: LinkTo, translation: Mapping[str, str]) -> str:
    sign = f"[{paragraph_sign(directive.piece_id)}]({link(directive.piece_id)})"
    text = escape_markdown(directive.text)
    if directive.kind == "point":
        label = LABELS[lang]["point"]
        if lang == "en":
            english = escape_markdown(EN_SENTENCE.split(translation[directive.piece_id], maxsplit=1)[0])
            return f"- {sign} {label} · {_verb(indexes, directive.verb, lang)} · {english} ({text})"
        return f"- {sign} {label} · {_verb(indexes, directive.verb, lang)} · {text}"
    return f"- {sign} {_verb(indexes, directive.verb, lang)} · {text}"


def render_directives(indexes: Indexes, lang: str, link: LinkTo, translation: Mapping[str, str]) -> str:
    ex, labels = indexes.extraction, LABELS[lang]
    points = sum(1 for d in ex.directives if d.kind == "point")
    blocks = [
        labels["directives_summary"].format(
            total=len(ex.directives), points=points, requirements=len(ex.directives) - points
        )
        + "\n{: .index-summary }",
        labels["directives_help"],
        f"## {labels['by_section']} {{: #by-section }}",
    ]
    for group in _groups(indexes, lang, translation):
        if not group.directives and group.level == 3 and group.anchor in ("opening", "closing"):
            continue
        count = labels["group_count"].format(n=len(group.directives))
        blocks.append(f"{'#' * group.level} {escape_markdown(group.heading)}{count} {{: #{group.anchor} }}")
        if group.directives:
            blocks.append("\n".join(_directive_item(indexes, d, lang, link, translation) for d in group.directives))
    blocks.append(f"## {labels['by_verb']} {{: #by-verb }}")
    by_verb: dict[str, list[Directive]] = defaultdict(list)
    for directive in ex.directives:
        by_verb[directive.verb].append(directive)
    ordered = sorted(by_verb.items(), key=lambda item: -len(item[1]))  # stable: ties keep text order
    blocks.append(
        "\n".join(
            f"- {_verb(indexes, verb, lang)} · {labels['items'].format(n=len(items))}{labels['sep']}"
            + " ".join(f"[{paragraph_sign(d.piece_id)}]({link(d.piece_id)})" for d in items)
            for verb, items in ordered
        )
    )
    return "\n\n".join(blocks) + "\n"


# The map's look: each part a box across the page, its sections side by side where the box
# has room (a container query: one column on a phone); borders rather than fills, so that it
# prints in black and white.
STRUCTURE_CSS = """<style>
[dir] .md-typeset .structure-map ul { list-style: none; margin: 0; padding: 0; }
[dir] .md-typeset .structure-map li { margin: 0; padding: 0; }
.md-typeset .structure-map > ul { display: grid; gap: .8rem; }
.md-typeset .structure-map a { display: block; color: inherit; text-decoration: none; line-height: 1.45; }
.md-typeset .structure-map a:hover, .md-typeset .structure-map a:focus { color: var(--md-accent-fg-color); }
.md-typeset .structure-map .sm-num { font-weight: 700; margin-right: .4em; color: var(--md-primary-fg-color); }
.md-typeset .structure-map .sm-meta { display: block; font-size: .7rem; font-weight: 400; color: var(--md-default-fg-color--light); }
[dir] .md-typeset .structure-map > ul > li { border: 2px solid var(--md-primary-fg-color); border-radius: .3rem; padding: .5rem .7rem .7rem; container-type: inline-size; }
.md-typeset .structure-map > ul > li > a { font-weight: 700; font-size: .85rem; }
[dir] .md-typeset .structure-map > ul > li > ul { display: grid; gap: .7rem; margin-top: .5rem; }
@container (min-width: 25rem) { [dir] .md-typeset .structure-map > ul > li > ul { grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); } }
[dir] .md-typeset .structure-map > ul > li > ul > li { border-left: 3px solid var(--md-primary-fg-color); padding: .1rem 0 .1rem .55rem; break-inside: avoid; }
.md-typeset .structure-map > ul > li > ul > li > a { font-weight: 700; }
[dir] .md-typeset .structure-map > ul > li > ul > li > ul > li { border-left: 1px dashed var(--md-default-fg-color--lighter); margin: .3rem 0 0 .1rem; padding-left: .5rem; font-size: .75rem; }
@media print {
  [dir] .md-typeset .structure-map > ul > li, [dir] .md-typeset .structure-map > ul > li > ul > li { border-color: #000; }
  [dir] .md-typeset .structure-map a, [dir] .md-typeset .structure-map .sm-num, [dir] .md-typeset .structure-map .sm-meta { color: #000; }
}
</style>"""


def _node(number: str, text: str, url: str, meta: str = "", kind: str = "") -> str:
    """One box of the map: a link (so MkDocs validates its anchor) with a number badge and a note."""
    badge = f'<span class="sm-num">{escape_markdown(number)}</span>' if number else ""
    extra = f'<span class="sm-meta">{escape_markdown(meta)}</span>' if meta else ""
    attrs = f"{{ .sm-{kind} }}" if kind else ""
    return f"[{badge}{escape_markdown(text)}{extra}]({url}){attrs}"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def render_structure(indexes: Indexes, lang: str, link: LinkTo, translation: Mapping[str, str]) -> str:
    """Counts, then the map: opening, parts > sections > points, closing; every box links to its paragraph."""
    ex, labels = indexes.extraction, LABELS[lang]
    sections = [section for part in ex.parts for section in part.sections]
    points = sum(len(section.points) for section in sections) + sum(len(part.points) for part in ex.parts)
    summary = labels["structure_summary"].format(
        parts=len(ex.parts), sections=len(sections), enumerating=sum(1 for s in sections if s.points), points=points
    )
    directives_in: dict[str | None, int] = defaultdict(int)
    for directive in ex.directives:
        directives_in[directive.place.section] += 1

    def title(piece_id: str, zh: str) -> str:
        return zh if lang == "zh" else heading_text(translation[piece_id], "en")

    def point_node(point: Point) -> str:
        if lang == "zh":
            return _node(f"{ORDINALS[point.number - 1]}是", point.title, link(point.piece_id), kind="point")
        return _node(str(point.number), english_point_title(translation[point.piece_id]), link(point.piece_id), kind="point")

    def outside(closing: bool) -> str | None:
        numbers = sorted(n for n, place in ex.places.items() if place.part is None and place.closing == closing)
        if not numbers:
            return None
        span = f"¶{numbers[0]}" if len(numbers) == 1 else f"¶{numbers[0]}–{numbers[-1]}"
        label = labels["closing" if closing else "opening"]
        return f"- {_node('', label, link(f'p{numbers[0]}'), span, kind='wide')}"

    lines = [line for line in [outside(False)] if line]
    for index, part in enumerate(ex.parts, 1):
        number = part.number if lang == "zh" else _roman(index)
        lines.append(f"- {_node(number, title(part.piece_id, part.title), link(part.piece_id), kind='part')}")
        lines += [f"    - {point_node(point)}" for point in part.points]
        for section in part.sections:
            meta = labels["section_meta" if section.points else "section_meta_none"].format(
                points=len(section.points), directives=directives_in[section.piece_id]
            )
            node = _node(section.number, title(section.piece_id, section.title), link(section.piece_id), meta, "section")
            lines.append(f"    - {node}")
            lines += [f"        - {point_node(point)}" for point in section.points]
    lines += [line for line in [outside(True)] if line]
    return (
        f"{summary}\n{{: .index-summary }}\n\n{STRUCTURE_CSS}\n\n"
        f'<div class="structure-map" role="navigation" aria-label="{labels["structure_label"]}" markdown>\n\n'
        + "\n".join(lines)
        + "\n\n</div>\n"
    )
