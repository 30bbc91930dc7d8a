"""Search index per language, with a result per paragraph and Chinese sub-word matching.

Pure and typed (no MkDocs imports): the search hook and the tests both build on it.
The measurements behind these choices are in docs/*/maintainers/search.md.

* One index per language. Material's search plugin with static-i18n writes one
  merged index, and each language shows the other's results.
* Split for a library of speeches (`library_index`): a shared file (the pages of no
  speech, and the library's table of contents) that Material loads, two files per
  speech (its text, its study pages) and a term table saying which speech texts hold
  a term, which search-cjk.js loads as a query needs them.
* A result per speech piece (``pN``, ``pN-k``), linking to the paragraph. Material
  groups results by the location's text before "#" and unfolds only a group's best
  result, so each piece's location spells its page differently (`page_variant`),
  after a heading entry that shows the page title and matches nothing
  (`unsearchable`). The speech is boosted above everything else; its text repeated
  on other pages (side-by-side, handouts) is not indexed again (`repeats_speech`).
* Chinese is matched by character bigrams, in a hidden field ``grams``; the browser
  (overrides/assets/javascripts/search-cjk.js) turns each Chinese run of a query
  into required bigrams. Any part of a compound of two characters or more is found
  (治党 in 从严治党, 小二 in 店小二). This is the one piece written by hand: jieba's
  search mode (cut_for_search) only yields the sub-words its dictionary knows, and
  measured worse.
* The text shown in results is cut into words by jieba, which segments Chinese well
  (with the glossary's terms and their parts in its user dictionary, and words cut
  into their dictionary parts, 从严治党 -> 从严|治党): zero-width spaces between
  words let Material mark matched words in result teasers.
* Material's query code splits a Chinese query run at the index's terms and drops
  its last character when the run's first character is itself a term. The
  rewritten query only sends two-character runs, which pass unchanged as long as no
  single Han character is a term: a one-character word gets an invisible WORD JOINER
  (U+2060) appended. `single_han_terms` checks this.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal, Protocol

from library import SpeechPages
from speech import PIECE_ID, piece_label

Strategy = Literal["material", "jieba", "jieba-search", "bigram"]

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ZWSP = "\u200b"
WORD_JOINER = "\u2060"
# Punctuation that separates tokens. "." stays inside tokens (¶5.1, 2.0) and "+" too (人才+).
_PUNCTUATION = r"\s\u200b\u3000\-、。，．？！；：,;:!?“”‘’\"'（）()《》〈〉【】\[\]…—·/"
SEPARATOR = {
    "zh": rf"[{_PUNCTUATION}]+",
    "en": rf"[{_PUNCTUATION}]+|\.(?!\d)",
}
# Material's search pipeline per language: none. No stemming (Material's zh default
# stems English wrongly, and Chinese has nothing to stem); no stop word filter, because
# search-cjk.js makes every query word required and a required stop word that was never
# indexed would match nothing.
PIPELINE: dict[str, list[str]] = {"zh": [], "en": []}
FIELDS = {
    "title": {"boost": 1000.0},
    "text": {"boost": 1.0},
    "tags": {"boost": 1000000.0},
    "grams": {"boost": 1.0},
}
# The page entry of a speech page is only the heading of its group of results:
# it must never outrank (and so hide) the paragraphs of the page.
PAGE_BOOST = 0.01
# The speech comes first: a paragraph containing the query ranks above a glossary entry
# or other section titled with it (Material boosts titles 1000 times, articles 2.5 times).
SPEECH_BOOST = 10000.0
HEADING_TAGS = {f"h{n}" for n in range(1, 7)}
BLOCK_TAGS = HEADING_TAGS | {
    "p", "li", "dd", "dt", "td", "th", "pre", "blockquote", "figcaption", "caption",
    "div", "section", "article", "aside", "table", "tr", "ul", "ol", "dl", "details", "summary",
}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# A block that only cites paragraphs (¶5, ¶5.1 ¶6.2) says nothing searchable.
PARAGRAPH_REFERENCES = re.compile(r"^(?:¶\d+(?:\.\d+)?[\s,，、]*)+$")


class Segmenter(Protocol):
    """The part of a jieba.Tokenizer this module uses."""

    FREQ: dict[str, int]

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> Iterable[str]: ...

    def cut_for_search(self, sentence: str, HMM: bool = True) -> Iterable[str]: ...


# ---------------------------------------------------------------------------
# Reading pages
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeechItem:
    """A speech piece as shown on a page: its id, whether it is a heading, its text."""

    id: str
    heading: bool
    text: str


@dataclass
class Section:
    """Non-speech content of a page, from one heading (None: the page top) to the next."""

    anchor: str | None
    title: str
    blocks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PageText:
    url: str
    title: str
    items: tuple[SpeechItem, ...]
    sections: tuple[Section, ...]
    part: str = ""  # the index file it goes in (`page_part`): "" for the shared pages


def _clean(text: str) -> str:
    return " ".join(text.split())


def _primary_language(value: str) -> str:
    return value.strip().lower().split("-")[0]


class _PageReader(HTMLParser):
    """Reads rendered page content in one pass (Python's HTML parser, as Material's search does)."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.items: list[SpeechItem] = []
        self.sections = [Section(None, "")]
        self.stack: list[tuple[str, str | None]] = []  # open elements: (tag, role)
        self.skipping = 0  # open elements whose content is left out
        self.capture: list[str] | None = None  # text of the open speech piece or heading
        self.block: list[str] = []

    def _skips(self, tag: str, attrs: dict[str, str | None]) -> bool:
        classes = (attrs.get("class") or "").split()
        language = attrs.get("lang")
        return (
            "data-search-exclude" in attrs
            or tag in ("script", "style")
            or "headerlink" in classes
            or "footnote-backref" in classes
            or (tag == "sup" and (attrs.get("id") or "").startswith("fnref"))
            or (tag in BLOCK_TAGS and language is not None and _primary_language(language) != self.lang)
        )

    def _flush(self) -> None:
        text = _clean("".join(self.block))
        self.block.clear()
        if text:
            self.sections[-1].blocks.append(text)

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        attrs = dict(attr_list)
        role: str | None = None
        if self.skipping or self._skips(tag, attrs):
            self.skipping += 1
            role = "skip"
        elif self.capture is None:
            piece_id = attrs.get("id") or ""
            if "speech" in (attrs.get("class") or "").split() and PIECE_ID.match(piece_id):
                role = f"piece:{piece_id}"
            elif tag in HEADING_TAGS:
                role = f"heading:{attrs.get('id') or ''}"
            if role:
                self._flush()
                self.capture = []
            elif tag in BLOCK_TAGS:
                self._flush()
        self.stack.append((tag, role))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br/>, <img/>: no text

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, role = self.stack.pop()
            self._close(open_tag, role)
            if open_tag == tag:
                break

    def _close(self, tag: str, role: str | None) -> None:
        if role == "skip":
            self.skipping -= 1
        elif role and self.capture is not None:
            text = _clean("".join(self.capture))
            self.capture = None
            kind, _, ident = role.partition(":")
            if kind == "piece":
                self.items.append(SpeechItem(ident, tag in HEADING_TAGS, text))
            else:
                self._heading(tag, ident, text)
        elif tag in BLOCK_TAGS and self.capture is None:
            self._flush()

    def _heading(self, tag: str, anchor: str, text: str) -> None:
        top = self.sections[-1]
        if tag == "h1" and len(self.sections) == 1 and not top.title and not top.blocks:
            top.title = text  # the page's own title heading titles the page entry, as in Material
        elif anchor:
            self.sections.append(Section(anchor, text))
        elif text:
            top.blocks.append(text)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        (self.capture if self.capture is not None else self.block).append(data)

    def page(self, url: str, title: str) -> PageText:
        while self.stack:
            self._close(*self.stack.pop())
        self._flush()
        return PageText(url, title, tuple(self.items), tuple(self.sections))


def read_page(content: str, url: str, title: str, lang: str, part: str = "") -> PageText:
    """Split a page's rendered content into speech pieces and sections of other text.

    Speech pieces are the elements with class ``speech`` and a piece id. Blocks in
    another language (``lang`` attribute) are left out, so a side-by-side page adds
    only its own language to its language's index. Left out too: what is marked
    ``data-search-exclude`` (the paragraph numbers), footnote markers and back links.
    """
    reader = _PageReader(lang)
    reader.feed(content)
    reader.close()
    page = reader.page(url, title)
    return PageText(page.url, page.title, page.items, page.sections, part)


# ---------------------------------------------------------------------------
# Chinese segmentation
# ---------------------------------------------------------------------------


def glossary_words(terms: Iterable[str], segmenter: Segmenter) -> list[str]:
    """Words for jieba's user dictionary: each glossary term (and alias), its parts, and their parts.

    A term in the dictionary becomes one word (三会一课) and would hide its parts
    (一课) from a word index: the parts go in too, so that `split_word` can cut the
    term back into them. Parts are the term's pieces between punctuation and
    jieba's own words for it (without the term in the dictionary), if two
    characters or longer.
    """
    words: list[str] = []
    for term in terms:
        for run in HAN.findall(term):
            words.append(run)
            words.extend(word for word in segmenter.cut(run) if len(word) >= 2 and HAN.fullmatch(word))
    return sorted(set(words), key=lambda word: (-len(word), word))


def split_word(word: str, vocabulary: dict[str, int]) -> list[str]:
    """Cut a word into the most dictionary words of two characters or more, if it can be covered.

    从严治党 -> [从严, 治党]; 第一书记 -> [第一, 书记]; a word of three characters stays whole.
    """
    if len(word) < 4:
        return [word]
    # best[i]: the most parts covering word[:i], and the cut that gives them (ties: earlier longer part).
    best: list[tuple[int, list[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, [])
    for end in range(2, len(word) + 1):
        for start in range(0, end - 1):
            part = word[start:end]
            previous = best[start]
            if previous is None or (part != word and not vocabulary.get(part)):
                continue
            candidate = (previous[0] + 1, [*previous[1], part])
            if best[end] is None or candidate[0] > best[end][0]:
                best[end] = candidate
    found = best[len(word)]
    return found[1] if found else [word]


def han_words(run: str, segmenter: Segmenter) -> list[str]:
    """Words of a run of Han characters: jieba's, cut into their dictionary parts."""
    return [part for word in segmenter.cut(run) for part in split_word(word, segmenter.FREQ)]


def segment(text: str, segmenter: Segmenter, fine: bool = True) -> str:
    """Text with zero-width spaces between the words of its Chinese runs (invisible when shown).

    fine: words are cut into their dictionary parts, and a one-character word gets a
    WORD JOINER (also invisible) so that it is not an index term of one Han character
    (see the module doc). Not fine: jieba's words as they come, which is what
    Material's search plugin does.
    """

    def words(match: re.Match[str]) -> str:
        if not fine:
            return ZWSP + ZWSP.join(segmenter.cut(match.group())) + ZWSP
        parts = [word + WORD_JOINER if len(word) == 1 else word for word in han_words(match.group(), segmenter)]
        return ZWSP + ZWSP.join(parts) + ZWSP

    return HAN.sub(words, text).strip(ZWSP)


def bigrams(text: str) -> list[str]:
    """Overlapping pairs of Han characters, run by run: 从严治党 -> 从严 严治 治党."""
    return [run[i : i + 2] for run in HAN.findall(text) for i in range(len(run) - 1)]


def search_words(text: str, segmenter: Segmenter) -> list[str]:
    """jieba's search-mode words (words and the dictionary words inside them), two characters or more."""
    return [word for run in HAN.findall(text) for word in segmenter.cut_for_search(run) if len(word) >= 2]


# ---------------------------------------------------------------------------
# Entries and index
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    location: str
    title: str
    text: str
    boost: float | None = None
    searchable: bool = True  # False: shown as it is, not segmented, no hidden field
    part: str = ""  # the index file it goes in ("": the shared one)


def paragraph_title(piece_id: str) -> str:
    """¶5.1 for p5-1; ¶5 for the body p5-0 that continues section heading ¶5."""
    label = piece_label(piece_id)
    return f"¶{label}" if label else f"¶{piece_id[1:].split('-')[0]}"


def _paragraphs(blocks: Sequence[str]) -> str:
    return "".join(f"<p>{html.escape(block, quote=False)}</p>" for block in blocks)


def _speech_key(text: str) -> str:
    """Text compared without whitespace."""
    return "".join(text.split())


LEADING_LABEL = re.compile(r"¶(\d+)")


def repeats_speech(block: str, keys: set[str]) -> bool:
    """Whether a block is speech text (see `speech_keys`), possibly after its paragraph number.

    The number runs into the text when it is a separate element (¶5 + 1.坚定… reads
    ¶51.坚定…), so every split of its digits is tried.
    """
    text = _speech_key(block)
    candidates = [text]
    label = LEADING_LABEL.match(text)
    if label:
        digits = label.group(1)
        for n in range(1, len(digits) + 1):
            rest = text[1 + n:]
            candidates.append(rest)
            point = re.match(r"\.\d+", rest)
            if point and n == len(digits):
                candidates.append(rest[point.end():])  # ¶5.1 before a point
    return any(candidate in keys for candidate in candidates)


def speech_keys(pages: Sequence[PageText]) -> set[str]:
    """Keys of the runs of a paragraph's pieces that other pages repeat: each piece, a heading
    with the piece after it (a handout's section lead and body), and the whole paragraph.
    (Not every run: that grew with the square of a paragraph's pieces.)"""
    paragraphs: dict[str, list] = {}
    for page in pages:
        for item in page.items:
            paragraphs.setdefault(item.id.split("-")[0], []).append(item)
    keys: set[str] = set()
    for items in paragraphs.values():
        keys.update(_speech_key(item.text) for item in items)
        keys.update(_speech_key(a.text + b.text) for a, b in zip(items, items[1:]) if a.heading)
        keys.add(_speech_key("".join(item.text for item in items)))
    keys.discard("")
    return keys


def page_variant(url: str, n: int) -> str:
    """The page's URL spelled with a segment `n/..` before its file name: units/2/../part-1.html.

    Browsers resolve every spelling to the same page (units/part-1.html). Material
    groups results by the location's text before "#", and shows only the best result
    of a group unfolded: a paragraph with a spelling of its own is a result of its own.
    (The number keeps each spelling short; n "./" segments grew with the square of a page's pieces.)
    """
    folder, name = posixpath.split(url)
    return posixpath.join(folder, f"{n}/../{name}")


def unsearchable(text: str) -> str:
    """Text that shows as it is but matches no query: every word starts with a WORD JOINER."""
    return re.sub(rf"(^|[{_PUNCTUATION}]+)(?=[^{_PUNCTUATION}])", lambda m: m.group(1) + WORD_JOINER, text)


def page_entries(pages: Sequence[PageText]) -> list[Entry]:
    """Entries of one language: a page entry, one result per speech piece, one per other section.

    A speech piece is a result of its own (see `page_variant`), headed by its page's
    title, which is shown but never matched (`unsearchable`). Text that repeats the
    speech elsewhere (side-by-side pages, handouts) is left out: a paragraph is found
    once, on its unit page.
    """
    repeated = speech_keys(pages)
    entries: list[Entry] = []
    for page in pages:
        sections = [
            Section(section.anchor, section.title, [
                block for block in section.blocks
                if not repeats_speech(block, repeated) and not PARAGRAPH_REFERENCES.match(block)
            ])
            for section in page.sections
        ]
        top, rest = sections[0], sections[1:]
        part = page.part
        entries.append(Entry(
            page.url,
            top.title or page.title,
            _paragraphs(top.blocks),
            PAGE_BOOST if page.items else None,
            part=part,
        ))
        for n, item in enumerate(page.items, start=1):
            variant = page_variant(page.url, n)
            entries.append(Entry(variant, unsearchable(page.title), "", PAGE_BOOST, searchable=False, part=part))
            if item.heading:
                entries.append(Entry(f"{variant}#{item.id}", item.text, "", SPEECH_BOOST, part=part))
            else:
                entries.append(Entry(f"{variant}#{item.id}", paragraph_title(item.id), _paragraphs([item.text]), SPEECH_BOOST, part=part))
        for section in rest:
            if section.title or section.blocks:
                entries.append(Entry(f"{page.url}#{section.anchor}", section.title, _paragraphs(section.blocks), part=part))
    return entries


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def index_document(entries: Sequence[Entry], lang: str, strategy: Strategy, segmenter: Segmenter) -> dict[str, Any]:
    """Material's search_index.json for one language, Chinese prepared by `strategy`.

    - material: jieba's words as Material's search plugin makes them;
    - jieba: jieba's words cut into their dictionary parts;
    - jieba-search: those, and jieba's search-mode sub-words in the hidden field;
    - bigram: those, and all Han bigrams in the hidden field (the chosen strategy: the
      query side sends bigrams, see search-cjk.js).

    The user dictionary, if any, is the segmenter's.
    """
    docs: list[dict[str, Any]] = []
    for entry in entries:
        title = html.escape(entry.title, quote=False)
        doc: dict[str, Any] = {"location": entry.location, "title": title, "text": entry.text}
        if entry.searchable:
            fine = strategy != "material"
            doc["title"] = segment(title, segmenter, fine)
            doc["text"] = segment(entry.text, segmenter, fine)
            hidden = f"{entry.title} {_plain(entry.text)}"
            if strategy == "bigram":
                doc["grams"] = " ".join(bigrams(hidden))
            elif strategy == "jieba-search":
                doc["grams"] = " ".join(search_words(hidden, segmenter))
        if entry.boost is not None:
            doc["boost"] = entry.boost
        docs.append(doc)
    fields = dict(FIELDS) if strategy in ("bigram", "jieba-search") else {k: v for k, v in FIELDS.items() if k != "grams"}
    config = {
        "lang": [lang],
        "separator": SEPARATOR[lang],
        "pipeline": PIPELINE[lang],
        "fields": fields,
        # Read by search-cjk.js: how the Chinese runs of a query are sent.
        "cjk": "bigram" if strategy == "bigram" else "words",
    }
    return {"config": config, "docs": docs}


def dump_index(document: dict[str, Any]) -> str:
    """Compact JSON, UTF-8 (not \\u-escaped: Chinese is half the bytes)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def single_han_terms(document: dict[str, Any]) -> list[str]:
    """Single Han characters that would be index terms (must be none, see the module doc)."""
    separator = re.compile(document["config"]["separator"])
    found: set[str] = set()
    for doc in document["docs"]:
        for name in document["config"]["fields"]:
            value = doc.get(name)
            if isinstance(value, str):
                for token in separator.split(_plain(value)):
                    if len(token) == 1 and HAN.fullmatch(token):
                        found.add(token)
    return sorted(found)


# ---------------------------------------------------------------------------
# The library: an index per speech, loaded when a query needs it
# ---------------------------------------------------------------------------

# A speech's index comes in two files: its text (the unit pages) and its study pages (overview,
# handouts, questions, indexes). A page loads its own speech's two files; a search across speeches
# adds the texts of the other speeches that hold every term of the query (the term table), not their
# study pages: at 50 speeches, those would about triple what a search transfers (bench/library_search.py).
PARTS = ("text", "study")
LIBRARY_FOLDER = "search/library"
# Script files, not JSON: pages opened from a folder (file://) cannot fetch() JSON.
LOADED_CALLBACK = "__searchLoaded"
# Term table shards: a shard is about this many bytes (raw), so a query loads one or two small files.
SHARD_TARGET_BYTES = 24_000


def page_part(path: str, slug: str, pages: SpeechPages) -> str:
    """The index file of a page ("" = the shared index), from its path in a language's docs folder.

    `slug` is the page's speech (library.speech_slug_of) and `pages` where that speech's pages are
    (Library.pages): the root speech shares the top folder with the shared pages, which are none of its.
    """
    if path not in pages.all():
        return ""
    return f"{slug}.{PARTS[0] if path in pages.units.values() else PARTS[1]}"


_NON_HAN_SPLIT = re.compile(r"[^0-9a-z\u00c0-\uffff]+")


def doc_terms(doc: dict[str, Any], separator: str) -> set[str]:
    """What the query side can look up for a searchable entry (see search-cjk.js).

    Chinese: every character pair of its text (what the hidden field holds) and every character that
    ends a run (a query of one character is a prefix: it also finds a run's last character). Other
    words: every token, lower case, and its pieces between non-word characters (a query word is a
    prefix of a token: the table may list more files than match, never fewer).
    """
    text = re.sub(f"[{ZWSP}{WORD_JOINER}]", "", f"{html.unescape(doc['title'])} {_plain(doc['text'])}")
    terms = set(bigrams(text))
    terms.update(run[-1] for run in HAN.findall(text))
    for token in re.split(separator, HAN.sub(" ", text).lower()):
        if token:
            terms.add(token)
            terms.update(piece for piece in _NON_HAN_SPLIT.split(token) if piece)
    return terms


def part_mask(indexes: Iterable[int]) -> str:
    """A set of file numbers as hex digits, lowest first: digit k holds files 4k..4k+3 (bit j: 4k+j)."""
    digits: list[int] = []
    for index in indexes:
        while len(digits) <= index // 4:
            digits.append(0)
        digits[index // 4] |= 1 << (index % 4)
    return "".join(f"{digit:x}" for digit in digits).rstrip("0")


def mask_parts(mask: str) -> list[int]:
    """The file numbers of `part_mask` (what search-cjk.js reads)."""
    return [4 * k + j for k, digit in enumerate(mask) for j in range(4) if int(digit, 16) >> j & 1]


def shard_of(term: str, shards: int) -> int:
    """A term's shard: by its first character, so that all terms a prefix can match share one."""
    return ord(term[0]) % shards


@dataclass
class LibraryIndex:
    """One language's search files: the shared index Material loads, each speech's files, the term table."""

    shared: dict[str, Any]  # Material's search_index.json: config (with `library`), shared pages' docs
    parts: dict[str, list[dict[str, Any]]]  # "<slug>.<part>" -> its docs
    shards: list[dict[str, str]]  # term -> part_mask, split by shard_of

    def document(self) -> dict[str, Any]:
        """All of it as one index (config and every entry), as a page that loaded every file has it."""
        docs = [*self.shared["docs"], *(doc for docs in self.parts.values() for doc in docs)]
        return {"config": self.shared["config"], "docs": docs}


def compact_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """The hidden field of bigrams is not shipped: search-cjk.js makes it from title and text
    (`"grams": 1` marks the entries that get it). It is half of an index's bytes."""
    return {**doc, "grams": 1} if "grams" in doc else doc


def library_index(
    entries: Sequence[Entry], lang: str, segmenter: Segmenter, speeches: dict[str, str],
) -> LibraryIndex:
    """Split one language's entries into the shared index and a file per speech part, with the term table.

    `speeches`: slug -> title, in the library's order (results name their speech with it).
    """
    document = index_document(entries, lang, "bigram", segmenter)
    separator = document["config"]["separator"]
    shared: list[dict[str, Any]] = []
    parts: dict[str, list[dict[str, Any]]] = {}
    for entry, doc in zip(entries, document["docs"], strict=True):
        if entry.part:
            parts.setdefault(entry.part, []).append(doc)
        else:
            shared.append(doc)
    names = [f"{slug}.{part}" for slug in speeches for part in PARTS if f"{slug}.{part}" in parts]
    unknown = sorted(set(parts) - set(names))
    if unknown:
        raise ValueError(f"search: pages of speeches the library does not list: {', '.join(unknown)}")
    # Only the texts are in the table: a search across speeches loads the texts that hold the query;
    # a speech's study pages are searched on that speech's own pages (loaded with it).
    texts = [name for name in names if name.endswith(f".{PARTS[0]}")]
    found: dict[str, set[int]] = {}
    for number, name in enumerate(texts):
        for doc in parts[name]:
            if "grams" in doc:
                for term in doc_terms(doc, separator):
                    found.setdefault(term, set()).add(number)
    table = {term: part_mask(sorted(numbers)) for term, numbers in sorted(found.items())}
    size = sum(len(term.encode()) + len(mask) + 6 for term, mask in table.items())
    count = max(1, -(-size // SHARD_TARGET_BYTES))
    shards: list[dict[str, str]] = [{} for _ in range(count)]
    for term, mask in table.items():
        shards[shard_of(term, count)][term] = mask
    config = {
        **document["config"],
        "library": {
            "speeches": speeches,
            "parts": names,
            "texts": texts,  # the files the term table's masks number
            "shards": count,
            "folder": LIBRARY_FOLDER,
        },
    }
    return LibraryIndex(
        {"config": config, "docs": [compact_doc(doc) for doc in shared]},
        {name: [compact_doc(doc) for doc in parts[name]] for name in names},
        shards,
    )


def loaded_script(key: str, data: Any) -> str:
    """A file of the library as a script: it hands its data to search-cjk.js."""
    return f"{LOADED_CALLBACK}({json.dumps(key)},{dump_index(data)})"


def built_library_parts(index_path: Path) -> list[Path]:
    """The speech files beside a built search/search_index.json (none for an index without a library)."""
    library = json.loads(index_path.read_text("utf-8"))["config"].get("library")
    if not library:
        return []
    return [index_path.parent.parent / library["folder"] / f"{name}.js" for name in library["parts"]]


def read_built_index(index_path: Path) -> dict[str, Any]:
    """A language's whole built index, for tests and benchmarks: search_index.json with the entries of
    every speech file of its library (`loaded_script` read back)."""
    document = json.loads(index_path.read_text("utf-8"))
    for part in built_library_parts(index_path):
        script = part.read_text("utf-8")
        document["docs"] += json.loads(script[script.index(",") + 1 : -1])["docs"]
    return document


def library_files(index: LibraryIndex) -> dict[str, str]:
    """Path (from the language root) -> content of every file of the library but the shared index."""
    files = {f"{LIBRARY_FOLDER}/{name}.js": loaded_script(name, {"docs": docs}) for name, docs in index.parts.items()}
    files.update({f"{LIBRARY_FOLDER}/terms-{n}.js": loaded_script(f"terms-{n}", shard) for n, shard in enumerate(index.shards)})
    return files


# ---------------------------------------------------------------------------
# Where each language's files go
# ---------------------------------------------------------------------------


def language_root(lang: str, default_lang: str) -> str:
    """The site folder of a language: "" for the default language, "en/" for English."""
    return "" if lang == default_lang else f"{lang}/"


def base_for(page_url: str, root: str) -> str:
    """The relative URL from a page to its language's root folder ("..", ".")."""
    return posixpath.relpath(root or ".", posixpath.dirname(page_url) or ".")


CONFIG_SCRIPT = re.compile(r'<script id="__config" type="application/json">.*?</script>', re.S)
CONFIG_BASE = re.compile(r'("base":\s*)"[^"\\]*"')


def set_config_base(page_html: str, base: str) -> str:
    """Point Material's `__config.base` at the language root, where that language's index is."""

    def replace(script: re.Match[str]) -> str:
        return CONFIG_BASE.sub(lambda m: m.group(1) + json.dumps(base), script.group(), count=1)

    return CONFIG_SCRIPT.sub(replace, page_html, count=1)


BUNDLE_SCRIPT = re.compile(r'<script src="([^"]*)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"(?: defer)?></script>')


def insert_scripts(page_html: str, assets: Sequence[str]) -> str:
    """Script tags for `assets` (paths from the site root), just before Material's bundle.

    There they run before the bundle starts the search, without blocking the page's
    first render as scripts in <head> would. Their URLs are made like the bundle's.
    """

    def insert(match: re.Match[str]) -> str:
        prefix = match.group(1)
        # Deferred like the bundle (overrides/main.html): deferred scripts run in document order.
        return "".join(f'<script src="{html.escape(prefix + asset)}" defer></script>' for asset in assets) + match.group()

    return BUNDLE_SCRIPT.sub(insert, page_html, count=1)
