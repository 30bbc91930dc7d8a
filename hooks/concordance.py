"""The concordance: every quoted phrase, numbered formula and document title of the library, with
every speech and ¶ where it occurs, quoted or not.

Pure and typed (no MkDocs imports); hooks/library_hook.py fills `<!-- concordance -->` with it.

- **Rows.** Each speech's extraction (extraction.py) names the candidates: its quoted phrases
  (“…”), its numbered formulas and its document titles (《…》). Variants merge only through the
  glossary: a form that is a glossary entry's term or alias makes the entry's row, named by its
  term (两个维护 and an alias 两个坚决维护 are one row); every other text is a row of its own.
- **Occurrences.** Every speech's text is searched for every form of every row, so a phrase quoted
  in one speech is found where another uses it without marks. An occurrence is *quoted* when the
  form is exactly the content of a pair of marks (“…” or 《…》), as on the speech's index pages;
  one that is not is marked *inside* a longer quotation or title where it lies within one
  (人才+ in “人才+产业”), else unquoted. A one-character form (“干”, “下”) counts only where
  quoted: unquoted, it is a character inside countless words, not a use.
- **Order.** Rows used by more speeches first, then by more occurrences, then by pinyin.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from corpus import markdown_link
from escape import escape_html, escape_markdown
from extraction import Extraction
from glossary import Entry, SpeechName, pinyin_key, speech_label
from index_pages import times
from speech import Speech, paragraph_sign

CONCORDANCE_MARKER = re.compile(r"<!--\s*concordance\s*-->")
Marks = Literal["quote", "title"]  # “…” (or ‘…’ inside one), 《…》

LABELS = {
    "zh": {
        "summary": "书库 {speeches} 篇讲话中，加引号的短语、带数字的提法和文件名共 **{rows}** 个，其中 **{shared}** 个见于两篇以上讲话。",
        "summary_one": "书库目前只有 1 篇讲话：下面列出它的加引号的短语、带数字的提法和文件名，共 **{rows}** 个。",
        "shared": "见于多篇讲话",
        "shared_none": "目前没有哪个短语、提法或文件名见于两篇以上讲话。",
        "single": "只见于一篇讲话",
        "uses": "{speeches} 篇讲话，{n} 次",
        "group": "{title}（{n} 个）",
        "unquoted": "（无引号）",
        "untitled": "（无书名号）",
        "quote": "（在较长的引语中）",
        "title": "（在较长的书名中）",
        "times": "×{n}",
        "also": "（也作：{forms}）",
        "sep": "：",
    },
    "en": {
        "summary": "Across the library's {speeches} speeches, **{rows}** quoted phrases, numbered formulas and document titles; **{shared}** of them occur in more than one speech.",
        "summary_one": "The library holds one speech so far: its **{rows}** quoted phrases, numbered formulas and document titles.",
        "shared": "In more than one speech",
        "shared_none": "No phrase, formula or document title occurs in more than one speech yet.",
        "single": "In one speech only",
        "uses": "{speeches} speeches, {n} occurrences",
        "group": "{title} ({n})",
        "unquoted": " (unquoted)",
        "untitled": " (without title marks)",
        "quote": " (within a longer quotation)",
        "title": " (within a longer title)",
        "times": "×{n}",
        "also": " (also: {forms})",
        "sep": ": ",
    },
}


@dataclass(frozen=True)
class Source:
    """What one speech gives the concordance: its text, what was extracted from it, and the English
    its rules file gives a phrase, formula or document (extraction.Indexes.english)."""

    slug: str
    speech: Speech
    extraction: Extraction
    english: Callable[[str], str | None] = lambda text: None


@dataclass(frozen=True)
class Hit:
    """One occurrence of a row in a speech."""

    piece_id: str
    quoted: bool  # the form is exactly what a pair of marks (“…” or 《…》) holds
    inside: Marks | None = None  # else: the marks of a longer quotation or title it lies within


@dataclass(frozen=True)
class Row:
    name: str  # the glossary entry's term, or the text as the speech has it
    forms: tuple[str, ...]  # what is searched for: the entry's term and aliases, or the text
    document: bool  # a document title (shown in 《》)
    entry: Entry | None  # the glossary entry the row links to
    english: str | None  # the entry's English, or what a speech's rules file gives; never invented
    hits: dict[str, tuple[Hit, ...]]  # speech slug -> its occurrences in text order; only speeches with any

    @property
    def speech_count(self) -> int:
        return len(self.hits)

    @property
    def total(self) -> int:
        return sum(len(hits) for hits in self.hits.values())


class FormFinder:
    """Every occurrence of every form in a text, overlapping ones included, in one pass.

    Written here because no library in the stack does it: Python's `re` alternation reports one
    match per position (三个代表 inside 三个代表重要思想 would hide one of the two rows), and one
    `str.find` loop per form per speech costs forms × speeches, both growing with the library.
    Here the forms are indexed by their first two characters (one-character forms by their
    character), and at each position of the text only the forms starting with the two characters
    there are tried: the cost is linear in the text, times the very few forms that share a first
    pair of characters (the idea of Aho-Corasick without its automaton). Measured on the shared
    2-core machine: 3,500 forms over 410,000 characters (50 speeches' worth) in under a second,
    where indexing by the first character alone took three.
    """

    def __init__(self, forms: Iterable[str]):
        self.by_start: dict[str, list[str]] = defaultdict(list)
        for form in dict.fromkeys(forms):
            if form:
                self.by_start[form[:2]].append(form)
        self.by_start = dict(self.by_start)

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        forms_at = self.by_start.get
        for position in range(len(text)):
            pair = text[position:position + 2]
            # Forms starting with the pair here (at the text's end, the pair is one character).
            starts = (pair, text[position]) if len(pair) == 2 else (pair,)
            for start in starts:
                for form in forms_at(start, ()):
                    if text.startswith(form, position):
                        yield position, form


def _marked_spans(extraction: Extraction) -> dict[int, list[tuple[int, int, Marks]]]:
    """Paragraph -> (start, end, marks) of what each of its “…” and 《…》 holds, the marks left out."""
    spans: dict[int, list[tuple[int, int, Marks]]] = defaultdict(list)
    for quote in extraction.quotes:
        spans[quote.paragraph].append((quote.start + 1, quote.end - 1, "quote"))
    for document in extraction.documents:
        for o in document.occurrences:
            spans[o.paragraph].append((o.start + 1, o.start + 1 + len(document.title), "title"))
    return spans


def _marks_of(spans: list[tuple[int, int, Marks]], start: int, end: int) -> tuple[bool, Marks | None]:
    """(quoted, inside) of a match: exactly what a pair of marks holds, or within a longer pair (the innermost)."""
    inside: tuple[int, Marks] | None = None
    for a, b, marks in spans:
        if (a, b) == (start, end):
            return True, None
        if a <= start and end <= b and (inside is None or b - a < inside[0]):
            inside = (b - a, marks)
    return False, inside[1] if inside else None


def _candidates(sources: Sequence[Source]) -> dict[str, bool]:
    """Every text a speech quotes, numbers as a formula or names as a document -> is it a document title."""
    found: dict[str, bool] = {}
    for source in sources:
        extraction = source.extraction
        for text in [p.text for p in extraction.phrases] + [f.text for f in extraction.formulas]:
            found.setdefault(text, False)
        for document in extraction.documents:
            found[document.title] = True
    return found


def concordance(sources: Sequence[Source], entries: Sequence[Entry]) -> list[Row]:
    """The rows of the library (`sources` in its order), sorted: most speeches, most occurrences, pinyin."""
    entry_of = {form: entry for entry in entries for form in entry.forms}
    # Row key (the entry's id, or the text) -> its forms, in the order the candidates come.
    groups: dict[str, tuple[str, Entry | None, tuple[str, ...], bool]] = {}
    for text, document in _candidates(sources).items():
        entry = entry_of.get(text)
        key = f"entry:{entry.id}" if entry else f"text:{text}"
        if key in groups:
            name, _, forms, was_document = groups[key]
            groups[key] = (name, entry, forms, was_document or document)
        else:
            groups[key] = (entry.term, entry, entry.forms, document) if entry else (text, None, (text,), document)
    rows_of_form: dict[str, list[str]] = defaultdict(list)
    for key, (_, _, forms, _) in groups.items():
        for form in forms:
            rows_of_form[form].append(key)
    finder = FormFinder(rows_of_form)

    hits: dict[str, dict[str, list[Hit]]] = {key: {} for key in groups}
    for source in sources:
        marked = _marked_spans(source.extraction)
        for paragraph in source.speech.paragraphs:
            starts, offset = [], 0
            for piece in paragraph.pieces:
                starts.append(offset)
                offset += len(piece.text)
            # Per row, the matches of its forms, leftmost first and at one position the longest
            # (an alias inside the term, or the term inside an alias, is one occurrence, not two).
            spans: dict[str, list[tuple[int, int, bool, Marks | None]]] = defaultdict(list)
            for start, form in finder.find(paragraph.text):
                end = start + len(form)
                quoted, inside = _marks_of(marked.get(paragraph.number, []), start, end)
                if len(form) == 1 and not quoted:
                    continue
                for key in rows_of_form[form]:
                    spans[key].append((start, end, quoted, inside))
            for key, found in spans.items():
                found.sort(key=lambda span: (span[0], -span[1]))
                last_end = -1
                for start, end, quoted, inside in found:
                    if start < last_end:
                        continue
                    last_end = end
                    piece_id = paragraph.pieces[bisect_right(starts, start) - 1].id
                    hits[key].setdefault(source.slug, []).append(Hit(piece_id, quoted, inside))

    rows = []
    for key, (name, entry, forms, document) in groups.items():
        english = entry.en if entry else next((found for source in sources if (found := source.english(name))), None)
        rows.append(Row(name, forms, document, entry, english, {slug: tuple(found) for slug, found in hits[key].items()}))
    # Every text of a speech's extraction occurs in that speech, so every row has a hit (a check, not a filter).
    assert all(row.hits for row in rows), [row.name for row in rows if not row.hits]
    return sorted(rows, key=lambda row: (-row.speech_count, -row.total, pinyin_key(row.name)))


# --- the page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcordanceLinks:
    """Link targets from the concordance page: a piece of a speech, and a glossary entry (None: no glossary page)."""

    piece: Callable[[str, str], str]  # (speech slug, piece id) -> target
    term: Callable[[str], str] | None = None  # glossary anchor -> target


def _chinese(text: str, lang: str) -> str:
    """Chinese text on a page of another language, marked as Chinese (fonts, screen readers)."""
    return text if lang == "zh" else f'<span lang="zh">{text}</span>'


def _row_name(row: Row, lang: str, links: ConcordanceLinks) -> str:
    """**两个维护** (zh); **Two Upholds** 两个维护 (en); linked to the glossary entry if it is one."""
    chinese = escape_markdown(f"《{row.name}》" if row.document else row.name)
    if lang == "zh":
        shown, rest = f"**{chinese}**", ""
    elif row.english:
        shown, rest = f"**{escape_markdown(row.english)}**", " " + _chinese(chinese, lang)
    else:
        shown, rest = f"**{_chinese(chinese, lang)}**", ""
    if row.entry is not None and links.term is not None:
        shown = f"[{shown}]({links.term(row.entry.anchor)})"
    if len(row.forms) > 1:  # the glossary's other forms of the term, found with it
        forms = ("、" if lang == "zh" else ", ").join(escape_markdown(form) for form in row.forms[1:])
        rest += LABELS[lang]["also"].format(forms=_chinese(forms, lang))
    return shown + rest


def _hit_links(row: Row, slug: str, lang: str, links: ConcordanceLinks) -> str:
    """¶5 ¶7.1 ×2 ¶9（无引号）: one link per piece and way of marking, with the number of occurrences."""
    labels = LABELS[lang]
    counted: dict[Hit, int] = {}
    for hit in row.hits[slug]:
        counted[hit] = counted.get(hit, 0) + 1
    parts = []
    for hit, n in counted.items():
        text = markdown_link(paragraph_sign(hit.piece_id), links.piece(slug, hit.piece_id))
        if n > 1:
            text += " " + labels["times"].format(n=n)
        if hit.inside:
            text += labels[hit.inside]
        elif not hit.quoted:
            text += labels["untitled" if row.document else "unquoted"]
        parts.append(text)
    return " ".join(parts)


def render_concordance(rows: Sequence[Row], speeches: Mapping[str, SpeechName], lang: str, links: ConcordanceLinks) -> str:
    """The concordance page's Markdown: rows shared by several speeches first, each with every speech;
    then, per speech, the rows only it uses (collapsed when the library has several speeches)."""
    labels = LABELS[lang]
    shared = [row for row in rows if row.speech_count > 1]
    single: dict[str, list[Row]] = {slug: [] for slug in speeches}
    for row in rows:
        if row.speech_count == 1:
            single[next(iter(row.hits))].append(row)
    if len(speeches) == 1:
        blocks = [labels["summary_one"].format(rows=len(rows)) + "\n{: .index-summary }"]
    else:
        summary = labels["summary"].format(speeches=len(speeches), rows=len(rows), shared=len(shared))
        blocks = [summary + "\n{: .index-summary }", f"## {labels['shared']} {{: #shared }}"]
        items = []
        for row in shared:
            uses = labels["uses"].format(speeches=row.speech_count, n=row.total)
            where = "\n".join(
                f"    - {speeches[slug].markdown(lang)}{labels['sep']}{_hit_links(row, slug, lang, links)}" for slug in row.hits
            )
            items.append(f"- {_row_name(row, lang, links)} · {uses}\n{where}")
        blocks.append("\n".join(items) if items else labels["shared_none"])
        blocks.append(f"## {labels['single']} {{: #single }}")
    for slug, found in single.items():
        if not found:
            continue
        items = "\n".join(
            f"- {_row_name(row, lang, links)} · {times(row.total, lang)}"
            f"{labels['sep']}{_hit_links(row, slug, lang, links)}"
            for row in found
        )
        if len(speeches) == 1:
            blocks.append(items)
            continue
        name = speeches[slug]
        title = escape_html(speech_label(name.title, name.lang))
        summary = labels["group"].format(title=title if name.lang == lang else f'<span lang="{name.lang}">{title}</span>', n=len(found))
        blocks.append(f'<details class="concordance-speech" markdown>\n<summary>{summary}</summary>\n\n{items}\n\n</details>')
    return "\n\n".join(blocks) + "\n"
