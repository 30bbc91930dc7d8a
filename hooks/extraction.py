"""Indexes drawn from the speech itself: directives, quoted phrases, numbered formulas, documents.

Pure and typed (no MkDocs imports): `index_hook.py` runs it at build time, so the indexes
can never drift from the text, and the tests import it directly. The structure (parts >
sections > points) is the speech's outline (outline.py); the pages are laid out by
index_pages.py; the per-speech rules file is read by index_rules.py.

What is extracted, and by which rule:

* **Directives**: every enumerated point (一是…, 一要…), and every other requirement voiced
  with the modal 要 or 必须. A requirement runs from the start of its clause to the end of its
  sentence, or to the clause of the next requirement in the same sentence. Its clause takes in
  what frames it over commas: a topic opened by 对 (对…的，要问责), a short scope opened by 在
  (在农村，要…), the negated alternative of a contrast (看一个干部，不能看…，而要看…). Its
  *leading verb* is the first word after the modal and its adverbials; a coverb (把, 以, 通过,
  在, 结合 …) gives a frame "把…". A requirement inside a leader's words quoted after a reporting
  verb (强调，要“…” / 强调，“要…”) is marked as quoted, not as the speaker's own; where the
  quotation has no marks, the rules file says so.
* **Directive clauses**: where the speech has a translation, its rules file gives each
  directive's English clause, keyed by piece id and the directive's Chinese text; both ways
  are checked (no directive without a clause, no clause without its directive).
* **Quoted phrases**: every “…” (and a ‘…’ or “…” nested in it), counted per occurrence and
  as distinct phrases, each classified: formula or slogan, quotation of a leader, metaphor,
  emphasis. Code decides what a rule can (a quotation follows 强调， or 指出：, a numbered or
  parallel phrase is a formula); the speech's rules file decides the rest.
* **Documents**: every 《…》.
* **Numbered formulas** (四个意识, 三会一课, 六稳 …), quoted or not: a numeral run of two or more
  (二, 两, 双 … 十) starts a candidate. A numbered formula is taken to sum up a list; the rules
  file marks those whose number counts no items (十三五 a sequence number, 四包一 a ratio,
  两手抓、两手硬 an image) with `enumerates: false`, and the pages list them apart. A quoted phrase gives its own extent; for an unquoted one
  the reviewed rules list the formula (三大攻坚战) or say it is none (三个方面). Where a speech
  has reviewed rules, a candidate that neither explains is a data error; a speech without
  them lists its candidates as unreviewed.

The word lists below (reporting verbs, words holding 要, adverbials, coverbs) are general
Chinese; a speech's own exceptions are added by its rules file (`lexicon`).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

import jieba

from datafiles import DataError
from outline import Outline, Part, Place, Point, find_quotes, first_sentence
from speech import Paragraph, Speech, paragraph_sign

jieba.setLogLevel(logging.WARNING)

Kind = Literal["formula", "quotation", "metaphor", "emphasis"]
KINDS: dict[str, dict[str, str]] = {
    "formula": {"zh": "提法与口号", "en": "Formulas and slogans"},
    "quotation": {"zh": "引用领导人的话", "en": "Quotations of leaders"},
    "metaphor": {"zh": "比喻", "en": "Metaphors"},
    "emphasis": {"zh": "强调与特指", "en": "Emphasis and special terms"},
}

QUOTE_MARKS = re.compile(r"[“”‘’《》]")
DOCUMENT = re.compile(r"《([^《》]+)》")
HAN = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = re.compile(r"[。！？]")
# Where a clause starts: after a sentence end, a semicolon, a comma (full- or half-width) or a colon.
CLAUSE_END = re.compile(r"[。！？；，,：:]")
TRAILING_PUNCTUATION = "。！？；，,：:、 "

# A quotation: the quote follows a reporting verb and a comma or colon (强调，“… / 指出：要“…).
# Without the punctuation the quote is an object (党中央要求“对表”), not someone's words.
REPORTING_VERBS = ("强调", "指出", "说", "讲", "提出", "要求", "号召")
# A numbered formula starts with a numeral run worth two or more: 两个维护, 三会一课, 十三五, 双报到.
# A lone 一 is left out (一定, 一次, 一线 …); 第 makes an ordinal; 二是 … is an enumeration.
NUMERAL = re.compile(r"(?<!第)[二两双三四五六七八九十][一二两双三四五六七八九十]*")
# Words that open with a numeral but never sum up a list (十分 "very").
NOT_NUMBERED = re.compile(r"十分")
NUMERAL_START = re.compile(r"^[二两双三四五六七八九十][一二两双三四五六七八九十]*(?:[\u4e00-\u9fff]|$)")
PARALLEL_SEPARATORS = re.compile(r"[、，,]")

MODAL = re.compile(r"必须要?|要")
# Words in which 要 is a morpheme, not the modal "must" (重要 important, 需要 need, 要求 demand,
# 紧要关头 …). Hand-written, and closed: telling them apart with jieba would mean segmenting
# the whole speech (~15 ms), when the whole extraction must take a few.
NOT_MODAL = r"[重首需紧主必只想纲摘概简纪]要|要(?:求|点|素|害|领|件|务|闻|冲|塞)"
# 要 ending a clause is no modal: nothing follows it (等靠要”, 就是要，).
CLAUSE_FINAL = re.compile(r"[”’。！？；，,：:、]|$")
# 要 + a verb of one or two characters + 的 is a relative clause (组织工作要解决的具体问题).
RELATIVE_CLAUSE = re.compile(r"要[\u4e00-\u9fff]{1,2}的")
# Adverbials between the modal and its verb (始终坚持, 坚决做到, 着力改进, 一手抓 …), stripped
# before segmenting. Hand-written because jieba can find neither: its tags call many of them
# nouns or adjectives (大力/n, 着力/n, 大胆/n) and its dictionary merges others with the verb
# (认真落实, 深入开展, 全面推行, 充分发挥). Only whole words of two or more characters, so no
# verb loses its first character.
ADVERBIALS = (
    r"始终|一直|坚决|坚定不移地?|大力|大胆|认真|切实|积极|主动|充分|深入|全面|继续|着力|努力"
    r"|带头|经常|深刻|更加|不断|真正|牢牢地?|果断|严格|进一步|持续|扎实|务必|一定|一手"
    # 严肃 before a verb of sanction is adverbial (严肃问责); alone it is the verb (严肃党内政治生活).
    r"|严肃(?=问责|追责|处理|查处|追究)"
)
# 对A，B的要…: a topic opened by 对 may run over commas up to the requirement it belongs to
# (对标, 对表, 对照 are verbs, not topics).
TOPIC_OPENER = re.compile(r"对(?!标|表|照)")
TOPIC_COMMAS = "，,"
# 在农村，要…: a short locative clause before the modal's clause is the requirement's scope.
# Short (a place or field, not 在…上协同发力, which is an action of its own).
SCOPE_CLAUSE = re.compile(r"在[^，,：:；。！？]{1,7}[，,]")
# 不能看他怎么说的，而要看他怎么干的: a requirement opened by 而 takes in the negated
# alternative before it (and the topic before that), back to the previous requirement's clause.
CONTRAST_OPENER = re.compile(r"而(?=必须|要)")
# Prepositions (coverbs) that open a frame before the verb: the directive is listed as "把…".
# 结合 ("in light of") frames the action that follows it (要结合疫情防控工作，对…进行…).
COVERBS = frozenset({"把", "将", "以", "通过", "在", "对", "对于", "同", "与", "向", "从", "用", "凭", "按", "按照", "依照", "结合"})


@dataclass(frozen=True)
class Lexicon:
    """The word lists of the directive and quotation rules: general ones, plus a speech's own."""

    reported: re.Pattern[str]
    not_modal: re.Pattern[str]
    adverbials: re.Pattern[str]
    coverbs: frozenset[str]

    @classmethod
    def of(cls, reported: Iterable[str] = (), not_modal: Iterable[str] = (), adverbials: Iterable[str] = (), coverbs: Iterable[str] = ()) -> Lexicon:
        def alternatives(words: Iterable[str]) -> str:
            return "".join(f"|{re.escape(word)}" for word in sorted(words, key=len, reverse=True))

        verbs = "|".join(map(re.escape, REPORTING_VERBS)) + alternatives(reported)
        return cls(
            re.compile(rf"(?:{verbs})[，：,:]\s*要?$"),
            re.compile(NOT_MODAL + alternatives(not_modal)),
            re.compile(rf"^(?:{ADVERBIALS}{alternatives(adverbials)})+"),
            COVERBS | frozenset(coverbs),
        )


GENERAL = Lexicon.of()


# --- data model -------------------------------------------------------------------------


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
    """A numbered formula with every occurrence, quoted or not; `enumerates`: its number counts a list."""

    text: str
    occurrences: tuple[Occurrence, ...]
    enumerates: bool = True


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
    quoted: bool = False  # a leader's words the speaker quotes, not the speaker's own requirement


@dataclass(frozen=True)
class Extraction:
    outline: Outline
    directives: tuple[Directive, ...]
    quotes: tuple[Quote, ...]
    phrases: tuple[Phrase, ...]
    formulas: tuple[Formula, ...]
    documents: tuple[Document, ...]
    unreviewed: tuple[tuple[Occurrence, str], ...]  # numeral runs no quote or rule explains

    @property
    def parts(self) -> tuple[Part, ...]:
        return self.outline.parts

    @property
    def places(self) -> dict[int, Place]:
        return self.outline.places


@dataclass(frozen=True)
class PhraseRule:
    kind: Kind | None = None
    numbered: bool | None = None
    en: str | None = None
    enumerates: bool = True


@dataclass(frozen=True)
class DirectiveRule:
    """A directive's reviewed English clause, and whether it is a leader's words quoted without marks."""

    en: str | None = None
    quoted: bool = False


@dataclass(frozen=True)
class Rules:
    """The reviewed decisions of a speech's rules file (data/speeches/<slug>/indexes.yml; index_rules.py reads it)."""

    phrases: Mapping[str, PhraseRule]
    formulas: Mapping[str, str | None]  # unquoted numbered formula -> English (None: from the glossary)
    not_formulas: tuple[str, ...]
    documents: Mapping[str, str | None]  # title -> English (None: from the glossary)
    verbs: Mapping[str, str | None]  # leading verb -> English gloss
    lexicon: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # Lexicon.of's additions
    not_enumerating: frozenset[str] = frozenset()  # numbered formulas whose number counts no list
    directives: Mapping[tuple[str, str], DirectiveRule] = field(default_factory=dict)  # (piece id, Chinese text)

    def words(self) -> Lexicon:
        return Lexicon.of(**self.lexicon) if self.lexicon else GENERAL


NO_RULES = Rules({}, {}, (), {}, {})
NO_CLAUSE = DirectiveRule()


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
        contrast = bool(CONTRAST_OPENER.match(text, clause))
        while start > floor and text[start - 1] in TOPIC_COMMAS:
            earlier = self.clause_start(start - 1, floor)
            if any(earlier <= modal < clause for modal in modal_offsets):
                break
            start = earlier
            if TOPIC_OPENER.match(text, start):
                return start
            if start == self.clause_start(clause - 1, floor) and SCOPE_CLAUSE.fullmatch(text, start, clause):
                return start
        return start if contrast else clause


def is_parallel(phrase: str) -> bool:
    """A slogan's shape: segments sharing a character at one position (整县推进、整乡提升,
    要求严、措施严) or all of one length (不愿投入、急需急找、单打独斗; 党员、干部、人才), or
    four characters with one repeated two apart (应建尽建, 从严从实)."""
    segments = [s for s in PARALLEL_SEPARATORS.split(phrase) if s]
    if len(segments) >= 2:
        shortest = min(map(len, segments))
        if shortest < 2:
            return False
        return len({len(s) for s in segments}) == 1 or any(
            len({s[i] for s in segments}) == 1 and HAN.match(segments[0][i])
            for i in [*range(shortest), *range(-shortest, 0)]
        )
    return len(phrase) == 4 and bool(HAN.match(phrase[0])) and (phrase[0] == phrase[2] or phrase[1] == phrase[3])


def leading_verb(clause: str, lexicon: Lexicon = GENERAL) -> str:
    """The first word of a clause after its adverbials: 始终坚持民主集中制 → 坚持; 把X作为Y → 把…"""
    clause = lexicon.adverbials.sub("", QUOTE_MARKS.sub("", clause))
    if len(clause) <= 2:  # a two-character clause is one verb, which jieba may not know (对标)
        return clause
    words = [w for w in jieba.lcut(clause[:8], HMM=False) if HAN.match(w)]
    if not words:
        return ""
    return f"{words[0]}…" if words[0] in lexicon.coverbs else words[0]


def modals(text: str, lexicon: Lexicon = GENERAL) -> list[tuple[int, int]]:
    """(start, end) of every modal 要 / 必须 (必须要) that voices a requirement."""
    morphemes = {i for m in lexicon.not_modal.finditer(text) for i in range(m.start(), m.end())}
    return [
        m.span()
        for m in MODAL.finditer(text)
        if m.group() != "要"
        or not (m.start() in morphemes or RELATIVE_CLAUSE.match(text, m.start()) or CLAUSE_FINAL.match(text, m.end()))
    ]


# --- extraction -------------------------------------------------------------------------


def _directives_of(scan: _Scan, place: Place, points: list[Point], lexicon: Lexicon, reported: list[tuple[int, int]]) -> list[Directive]:
    """The directives of a paragraph; `reported`: the spans of the leaders' words it quotes (with their marks)."""
    text = scan.paragraph.text
    # (offset, where its verb clause starts, kind)
    found: list[tuple[int, int, str]] = []
    absorbed: set[int] = set()
    starts = {piece.id: scan.piece_starts[index] for index, piece in enumerate(scan.paragraph.pieces)}
    markers: dict[int, int] = {}  # point offset -> length of its marker (一是, 十一是, 一要)
    for point in points:
        start = starts[point.piece_id]
        head = start + len(point.marker)
        markers[start] = len(point.marker)
        if point.style == "要":  # 一要…: the marker holds the modal
            absorbed.add(head - 1)
        modal = MODAL.match(text, head)
        if modal:  # 一是要…: the point's own modal is not a second directive
            absorbed.add(head)
        found.append((start, modal.end() if modal else head, "point"))
    for offset, modal_end in modals(text, lexicon):
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
            shown = first_sentence(text[start:end])[markers[start]:]
        else:
            shown = text[start:end].rstrip(TRAILING_PUNCTUATION)
        clause_end = next((e for e in scan.clause_ends if verb_at <= e < end), end)
        verb = leading_verb(text[verb_at:clause_end], lexicon)
        piece_id = scan.paragraph.pieces[piece_index].id
        # Quoted: the modal is inside the quotation (强调，“要…”) or opens it (强调，要“…”).
        quoted = kind == "requirement" and any(a < offset < b or a == verb_at for a, b in reported)
        directives.append(Directive(piece_id, scan.paragraph.number, offset, kind, verb, shown, place, quoted))
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
    """Everything the indexes show; `rules` are the reviewed decisions of the speech's rules file."""
    outline, lexicon = speech.outline, rules.words()
    places = outline.places
    points_of: dict[int, list[Point]] = defaultdict(list)
    for point in outline.all_points():
        points_of[point.paragraph].append(point)
    scans = [_Scan.of(paragraph) for paragraph in speech.paragraphs]

    quotes: list[Quote] = []
    reported: set[str] = set()
    documents: dict[str, list[Occurrence]] = defaultdict(list)
    titles: dict[int, list[tuple[int, int]]] = defaultdict(list)  # a numeral in a title is the title's
    directives: list[Directive] = []
    for scan in scans:
        text = scan.paragraph.text
        spans: list[tuple[int, int]] = []  # the leaders' words quoted in this paragraph
        for start, end, depth in scan.quotes:
            phrase = text[start + 1:end - 1]
            quotes.append(Quote(scan.paragraph.number, scan.piece_id(start), start, end, depth, phrase))
            if depth == 1 and lexicon.reported.search(text, max(0, start - 12), start):
                reported.add(phrase)
                spans.append((start, end))
        for match in DOCUMENT.finditer(text):
            documents[match.group(1)].append(scan.occurrence(match.start()))
            titles[scan.paragraph.number].append(match.span())
        if scan.paragraph.number in places and scan.paragraph.pieces[0].kind != "part":
            found = _directives_of(scan, places[scan.paragraph.number], points_of[scan.paragraph.number], lexicon, spans)
            # The rules file marks the leaders' words quoted without marks (the code cannot see where they end).
            directives += [
                replace(d, quoted=True) if not d.quoted and rules.directives.get((d.piece_id, d.text), NO_CLAUSE).quoted else d
                for d in found
            ]

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
        formulas.append(Formula(formula, tuple(occurrences), formula not in rules.not_enumerating))
    formulas.sort(key=lambda f: [(o.paragraph, o.start) for o in f.occurrences[:1]] or [(len(scans), 0)])
    for text in rules.not_formulas:
        for scan in scans:
            covered[scan.paragraph.number] += [m.span() for m in re.finditer(re.escape(text), scan.paragraph.text)]
    unreviewed: list[tuple[Occurrence, str]] = []
    for scan in scans:
        text = scan.paragraph.text
        markers = {scan.piece_starts[i] for i, piece in enumerate(scan.paragraph.pieces) if piece.kind == "point"}
        for match in NUMERAL.finditer(text):
            after = text[match.end():match.end() + 1]
            if len(match.group()) == 1 and (after == "是" or not HAN.match(after)):
                continue  # 二是 opens a point; a single numeral before punctuation is no formula
            if match.start() in markers or NOT_NUMBERED.match(text, match.start()):
                continue  # 十一是, 二要 open points; 十分 is "very"
            if not any(a <= match.start() < b for a, b in covered[scan.paragraph.number]):
                unreviewed.append((scan.occurrence(match.start(), False), text[match.start():match.start() + 6]))

    return Extraction(
        outline=outline,
        directives=tuple(directives),
        quotes=tuple(quotes),
        phrases=tuple(phrases),
        formulas=tuple(formulas),
        documents=tuple(Document(title, tuple(occurrences)) for title, occurrences in documents.items()),
        unreviewed=tuple(unreviewed),
    )


# --- the indexes with their rules -------------------------------------------------------


@dataclass(frozen=True)
class Indexes:
    """The extraction with what the pages need beside it: reviewed rules and glossary entries."""

    extraction: Extraction
    rules: Rules
    terms: Mapping[str, TermRef]
    reviewed: bool = True  # the speech has a rules file: every numeral phrase must be reviewed
    notices: tuple[str, ...] = ()  # what an unreviewed speech leaves open, for the build log (INFO)

    def clause(self, directive: Directive) -> str | None:
        """The reviewed English clause of a directive (None for a speech without translation)."""
        return self.rules.directives.get((directive.piece_id, directive.text), NO_CLAUSE).en

    def english(self, text: str) -> str | None:
        """English of a phrase, formula or document: the reviewed data first, then the glossary headword."""
        rule = self.rules.phrases.get(text)
        own = (rule.en if rule else None) or self.rules.formulas.get(text) or self.rules.documents.get(text)
        term = self.terms.get(text)
        return own or (term.en if term else None)

    def term(self, text: str) -> TermRef | None:
        return self.terms.get(text)


def rule_problems(indexes: Indexes, speech_text: str, translated: bool = True) -> tuple[list[tuple[str, str]], list[str]]:
    """(errors, notices): what the rules name but the speech lacks, and what the pages need but
    no data gives. English is needed only for a speech with a translation; unreviewed numeral
    phrases are errors where the speech has reviewed rules and notices where it has none."""
    extraction, rules = indexes.extraction, indexes.rules
    problems: list[tuple[str, str]] = []
    notices: list[str] = []
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
    for kind, words in rules.lexicon.items():
        for word in words:
            if word not in speech_text:
                problems.append((f"lexicon.{kind} '{word}'", "does not occur in the speech"))
    numbered = {formula.text for formula in extraction.formulas}
    for zh in sorted(rules.not_enumerating - numbered):
        problems.append((f"'{zh}'", "enumerates: false, but it is no numbered formula of the speech"))
    found = {(directive.piece_id, directive.text) for directive in extraction.directives}
    for piece_id, zh in rules.directives:
        if (piece_id, zh) not in found:
            shown = [d.text for d in extraction.directives if d.piece_id == piece_id]
            hint = f"its directives read: {' | '.join(shown)}" if shown else "it has no directives"
            problems.append((f"directives {piece_id} '{zh}'", f"no directive of {paragraph_sign(piece_id)} reads so ({hint})"))

    for occurrence, text in extraction.unreviewed:
        where = f"{paragraph_sign(occurrence.piece_id)} '{text}…'"
        if indexes.reviewed:
            message = "unreviewed numeral phrase: list the formula it starts under 'formulas', or the phrase under 'not_formulas'"
            problems.append((where, message))
        else:
            notices.append(f"{where}: unreviewed numeral phrase (shown as unreviewed until a rules file lists it)")
    if not translated:
        return problems, notices
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
        if not rules.verbs.get(directive.verb):
            missing_verbs.setdefault(directive.verb, paragraph_sign(directive.piece_id))
    for verb, where in missing_verbs.items():
        problems.append((f"verbs '{verb}'", f"leads a directive in {where} but has no English gloss"))
    for directive in extraction.directives:
        if not rules.directives.get((directive.piece_id, directive.text), NO_CLAUSE).en:
            where = f"directives {directive.piece_id} '{directive.text}'"
            problems.append((where, "has no English clause: add it with 'en' under its piece"))
    return problems, notices


def index_speech(speech: Speech, rules: Rules | None, terms: Mapping[str, TermRef], translated: bool, path: str) -> Indexes:
    """Extract with the rules (None: the speech has no rules file) and check both; every problem in one `DataError`."""
    extraction = extract(speech, rules or NO_RULES)
    indexes = Indexes(extraction, rules or NO_RULES, terms, reviewed=rules is not None)
    errors, notices = rule_problems(indexes, "\n".join(p.text for p in speech.paragraphs), translated)
    if errors:
        raise DataError(path, [f"{where}: {message}" for where, message in errors])
    return Indexes(extraction, indexes.rules, terms, indexes.reviewed, tuple(notices))
