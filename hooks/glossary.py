"""The glossary: validated entries, the term matcher, occurrences and the generated glossary page.

Pure and typed (no MkDocs imports). Term linking is written here, not borrowed:
Python-Markdown's `abbr` needs word boundaries, which Chinese text does not have,
and jieba's segmentation would split or merge terms differently from the entries.
A literal alternation, longest form first, finds every surface form exactly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pypinyin import Style, lazy_pinyin, pinyin

from datafiles import Bilingual, Problems, Slug, StrictModel, Text, load_entries
from corpus import Corpus, markdown_link
from speech import Speech, escape_markdown, piece_label

CATEGORIES: dict[str, dict[str, str]] = {
    "formula": {"zh": "提法", "en": "Formula"},
    "policy": {"zh": "方针政策", "en": "Policy"},
    "practice": {"zh": "制度与做法", "en": "Institution / practice"},
    "document": {"zh": "文件", "en": "Document"},
    "metaphor": {"zh": "比喻", "en": "Metaphor"},
    "period": {"zh": "时期", "en": "Period"},
}
HAN = re.compile(r"[\u4e00-\u9fff]")
NUMERAL_DIGITS = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A number with 十 (十, 十三, 二十, 二十一) or a single digit: 三会一课 has two numbers, 3 and 1.
CHINESE_NUMBER = re.compile(r"([一二两三四五六七八九]?)十([一二三四五六七八九]?)|([一二两双三四五六七八九])")
ANCHOR_PREFIX = "term-"
GLOSSARY_MARKER = re.compile(r"<!--\s*glossary\s*-->")

LABELS = {
    "zh": {
        "pinyin": "拼音",
        "components": "包括",
        "sources": "出处",
        "occurs": "出现段落",
        "related": "相关条目",
        "english": "英文",
        "usage": "本篇讲话中",
        "variants": "译文中也作",
    },
    "en": {
        "pinyin": "Pinyin",
        "components": "Components",
        "sources": "Source",
        "occurs": "Occurs in",
        "related": "Related",
        "english": "Chinese",
        "usage": "In this speech",
        "variants": "Also rendered",
    },
}


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    aliases: tuple[str, ...]
    pinyin: str
    en: str
    category: str
    short: dict[str, str]
    explanation: dict[str, str]
    components: tuple[dict[str, str], ...]
    sources: tuple[dict[str, str], ...]
    related: tuple[str, ...]
    # Other English renderings the translation may use where grammar requires (one termbase).
    variants: tuple[str, ...] = ()
    # Speech slug -> {zh, en}: how that speech uses the term; `explanation` stays speech-neutral.
    usage: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)

    @property
    def anchor(self) -> str:
        return ANCHOR_PREFIX + self.id


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    entry_id: str


def numeral_value(term: str) -> int:
    """Sum of the Chinese numbers written in a term: 三会一课 → 3 + 1, 二十字 → 20, 两个维护 → 2."""
    total = 0
    for tens, units, digit in CHINESE_NUMBER.findall(term):
        if digit:
            total += NUMERAL_DIGITS[digit]
        else:
            total += NUMERAL_DIGITS.get(tens, 1) * 10 + NUMERAL_DIGITS.get(units, 0)
    return total


def generated_pinyin(term: str) -> str:
    """Tone-marked pinyin of the term's Chinese characters (quotes and book-title marks dropped)."""
    return " ".join(syllable[0] for syllable in pinyin("".join(HAN.findall(term)), style=Style.TONE))


def _english_initial(entry: Entry) -> str:
    """The first letter or digit of the English name, ignoring quotes; digits group under "#"."""
    first = next((c for c in entry.en.upper() if c.isalnum()), "#")
    return "#" if first.isdigit() else first


def sort_key(entry: Entry, lang: str) -> tuple:
    if lang == "en":
        # Sorted on what the group heading shows, so that every group is one run of entries.
        letters = "".join(c for c in entry.en.casefold() if c.isalnum() or c == " ")
        return (_english_initial(entry) != "#", _english_initial(entry), letters, entry.id)
    return pinyin_key(entry.term)


def pinyin_key(text: str) -> tuple:
    """Chinese text in pinyin order: by syllables, then tones, then the text (non-Han characters are left out)."""
    # One conversion (the costly part: the concordance sorts hundreds of phrases): the syllables are
    # the tone-numbered ones without their digit.
    tones = lazy_pinyin("".join(HAN.findall(text)), style=Style.TONE3)
    return ([syllable.rstrip("12345") for syllable in tones], tones, text)


def group_heading(entry: Entry, lang: str) -> str:
    """Pinyin initial (zh) or first letter (en), upper case."""
    if lang == "en":
        return _english_initial(entry)
    return sort_key(entry, "zh")[0][0][0].upper()


class TermMatcher:
    """Finds glossary terms in text: leftmost first, and at one position the longest form."""

    def __init__(self, entries: list[Entry]):
        self.entry_of = {form: entry.id for entry in entries for form in entry.forms}
        forms = sorted(self.entry_of, key=lambda form: (-len(form), form))
        self.pattern = re.compile("|".join(map(re.escape, forms))) if forms else None

    def find(self, text: str) -> list[TermMatch]:
        if self.pattern is None:
            return []
        return [TermMatch(m.start(), m.end(), self.entry_of[m.group()]) for m in self.pattern.finditer(text)]


def outside_terms(text: str, matches: list[TermMatch]) -> str:
    """`text` with the characters of its glossary terms (`matches`) blanked out: a word inside a
    term is the term's business (组织工作 in 农村基层组织工作条例), not a word of its own."""
    chars = list(text)
    for match in matches:
        chars[match.start:match.end] = "\0" * (match.end - match.start)
    return "".join(chars)


class EntryModel(StrictModel):
    """One entry of glossary.yml; what it says about the speech is checked by `_check_across_entries`."""

    id: Slug
    term: Text
    aliases: list[Text] = []
    # Generated with pypinyin; given only to correct a polyphonic character (多音字).
    pinyin: Text | None = None
    en: Text
    category: Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]
    short: Bilingual
    explanation: Bilingual
    components: list[Bilingual] = []
    sources: list[Bilingual] = []
    related: list[Slug] = []
    # Renderings the translation may use besides `en` (grammar), listed so the termbase test allows them.
    variants: list[Text] = []
    # speech slug -> how that speech uses the term (¶ references); `explanation` stays speech-neutral.
    usage: dict[Slug, Bilingual] = {}


def load_glossary(path: Path, speeches: Mapping[str, Speech]) -> list[Entry]:
    """Read and validate the shared glossary against every speech (slug -> text); every problem in one `DataError`."""
    loaded = load_entries(path, "entries", EntryModel, "entry")
    problems, entries = loaded.problems, []
    for index, line, model in loaded.items:
        where = f"entry {model.id!r}"
        if model.category == "formula":
            number = numeral_value(model.term)
            if number == 0:
                problems.add(where, f"a formula's term must contain its number, {model.term!r} has none",
                             line=loaded.line("entries", index, "term"))
            elif len(model.components) != number:
                problems.add(where, f"formula {model.term!r} must list {number} components, lists {len(model.components)}",
                             line=loaded.line("entries", index, "components"))
        entries.append(
            Entry(
                id=model.id,
                term=model.term,
                aliases=tuple(model.aliases),
                pinyin=model.pinyin or generated_pinyin(model.term),
                en=model.en,
                category=model.category,
                short=model.short.as_dict(),
                explanation=model.explanation.as_dict(),
                components=tuple(c.as_dict() for c in model.components),
                sources=tuple(s.as_dict() for s in model.sources),
                related=tuple(model.related),
                variants=tuple(model.variants),
                usage={slug: note.as_dict() for slug, note in model.usage.items()},
            )
        )
    # Ids of every entry written, valid or not: an entry with a mistake of its own is reported once,
    # not again by every entry that names it as related.
    written = {raw["id"] for raw in loaded.data["entries"] if isinstance(raw, dict) and isinstance(raw.get("id"), str)}
    _check_across_entries(entries, [line for _, line, _ in loaded.items], speeches, problems, written)
    problems.raise_if_any()
    return entries


@dataclass(frozen=True)
class Rendering:
    """A word that needs one English rendering everywhere but no glossary link (干部 → official)."""

    zh: str
    en: str
    variants: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.en, *self.variants)


class RenderingModel(StrictModel):
    """One entry of renderings.yml."""

    zh: Text
    en: Text
    variants: list[Text] = []
    # Why this rendering was chosen: for editors, not shown.
    why: Text | None = None


def load_renderings(path: Path, speeches: Mapping[str, Speech], entries: list[Entry]) -> list[Rendering]:
    """data/renderings.yml: each word occurs in a speech and is no glossary term (that one's English is the entry's)."""
    loaded = load_entries(path, "renderings", RenderingModel, "rendering", id_field="zh")
    problems, renderings = loaded.problems, []
    text = all_text(speeches)
    forms = {form: entry.id for entry in entries for form in entry.forms}
    for _, line, model in loaded.items:
        where = f"rendering {model.zh!r}"
        if model.zh not in text:
            problems.add(where, "never occurs in any speech", line=line)
        if model.zh in forms:
            problems.add(where, f"is a term of glossary entry '{forms[model.zh]}': give its English there", line=line)
        renderings.append(Rendering(model.zh, model.en, tuple(model.variants)))
    problems.raise_if_any()
    return renderings


def all_text(speeches: Mapping[str, Speech]) -> str:
    """Every paragraph of every speech, one per line (what a term must occur in)."""
    return "\n".join(paragraph.text for speech in speeches.values() for paragraph in speech.paragraphs)


def _check_across_entries(entries: list[Entry], lines: list[int], speeches: Mapping[str, Speech], problems: Problems,
                          known: set[str]) -> None:
    """What no single entry can say: unique forms, related entries that exist, forms that occur, known speeches."""
    owners: dict[str, list[str]] = defaultdict(list)
    for entry, line in zip(entries, lines):
        for form in dict.fromkeys(entry.forms):
            if owners[form]:
                problems.add(f"entry {entry.id!r}", f"term or alias {form!r} is already used by entry '{owners[form][0]}'", line=line)
            owners[form].append(entry.id)
    text = all_text(speeches)
    for entry, line in zip(entries, lines):
        for slug in entry.usage:
            if slug not in speeches:
                problems.add(f"entry {entry.id!r}", f"usage: no speech {slug!r} in the library (data/library.yml)", line=line)
        for related in entry.related:
            if related not in known:
                problems.add(f"entry {entry.id!r}", f"related entry '{related}' does not exist", line=line)
        for form in entry.forms:
            if form not in text:
                problems.add(f"entry {entry.id!r}", f"{form!r} never occurs in any speech", line=line)


def occurrences(entries: list[Entry], speech: Speech) -> dict[str, list[str]]:
    """Entry id -> ids of the pieces (displayed paragraphs) of one speech where one of its forms occurs, in order."""
    matcher = TermMatcher(entries)
    found: dict[str, list[str]] = {entry.id: [] for entry in entries}
    for piece in speech.pieces():
        for entry_id in dict.fromkeys(match.entry_id for match in matcher.find(piece.text)):
            found[entry_id].append(piece.id)
    return found


def occurrences_by_speech(entries: list[Entry], speeches: Mapping[str, Speech]) -> dict[str, dict[str, list[str]]]:
    """Entry id -> speech slug -> piece ids where it occurs: the speeches in the library's order, only those with any."""
    per_speech = {slug: occurrences(entries, speech) for slug, speech in speeches.items()}
    return {entry.id: {slug: found[entry.id] for slug, found in per_speech.items() if found[entry.id]} for entry in entries}


def speech_label(title: str, lang: str) -> str:
    """A speech named in running text: 《title》 in Chinese, the title in English."""
    return f"《{title}》" if lang == "zh" else title


@dataclass(frozen=True)
class SpeechName:
    """How a page names a speech: its title in the page's language, or in Chinese (`lang`) where it has none."""

    title: str
    lang: str

    def markdown(self, page_lang: str) -> str:
        """《title》 or the English title, escaped; a Chinese title on a page of another language marked as Chinese."""
        shown = escape_markdown(speech_label(self.title, self.lang))
        return shown if self.lang == page_lang else f'<span lang="{self.lang}">{shown}</span>'


def speech_names(speeches: Iterable[Corpus], lang: str) -> dict[str, SpeechName]:
    """Slug -> how pages in `lang` name each speech, in the library's order."""
    return {speech.slug: SpeechName(speech.title(lang), lang if lang in speech.meta.title else "zh") for speech in speeches}


def paragraph_sign(piece_id: str) -> str:
    """¶5.1 for a numbered piece; ¶5 for the unnumbered body that continues ¶5."""
    return "¶" + (piece_label(piece_id) or piece_id[1:].split("-")[0])


def render_glossary(
    entries: list[Entry],
    found: dict[str, dict[str, list[str]]],
    lang: str,
    link_to_piece,
    speeches: Mapping[str, SpeechName],
) -> str:
    """Markdown of the glossary: groups by pinyin initial (zh) or letter (en), entries sorted within.

    Each entry's `usage` notes follow its neutral explanation, and its occurrences (`found`: entry id ->
    speech slug -> piece ids) end it. A site of one speech labels them "in this speech"; a library
    (`speeches`, slug -> name in the library's order, more than one) names the speech of each usage
    note, in the library's order, and lists the occurrences speech by speech.

    `link_to_piece(slug, piece_id)` returns the Markdown link target of a paragraph of a speech.
    Everything from the data file is escaped: the data holds plain text, never markup.
    """
    labels = LABELS[lang]
    separator = "：" if lang == "zh" else ": "
    library = len(speeches) > 1
    by_id = {entry.id: entry for entry in entries}

    def paragraph_links(slug: str, piece_ids: list[str]) -> str:
        return " ".join(markdown_link(paragraph_sign(piece_id), link_to_piece(slug, piece_id)) for piece_id in piece_ids)

    ordered = sorted(entries, key=lambda entry: sort_key(entry, lang))
    blocks: list[str] = []
    current_group = None
    for entry in ordered:
        group = group_heading(entry, lang)
        if group != current_group:
            slug = "numbers" if group == "#" else group.lower()
            blocks.append(f"## {escape_markdown(group)} {{: #group-{slug} }}")
            current_group = group
        name = entry.term if lang == "zh" else entry.en
        other = entry.en if lang == "zh" else entry.term
        blocks.append(f"### {escape_markdown(name)} {{: #{entry.anchor} .glossary-term }}")
        # Pinyin is Chinese in Latin letters: say so, so that it is not read as English.
        pinyin_span = f'<span class="pinyin" lang="zh-Latn-pinyin">{escape_markdown(entry.pinyin)}</span>'
        facts = [
            f"{labels['pinyin']}：{pinyin_span}" if lang == "zh" else f"{escape_markdown(other)} · {pinyin_span}",
            f"{labels['english']}：{escape_markdown(other)}" if lang == "zh" else "",
            CATEGORIES[entry.category][lang],
        ]
        blocks.append(" · ".join(fact for fact in facts if fact) + "\n{: .glossary-facts }")
        blocks.append(f"**{escape_markdown(entry.short[lang])}**")
        blocks.append(escape_markdown(entry.explanation[lang]))
        for slug in [slug for slug in speeches if slug in entry.usage]:
            label = speeches[slug].markdown(lang) if library else escape_markdown(labels["usage"])
            blocks.append(f"**{label}**{separator}{escape_markdown(entry.usage[slug][lang])}\n{{: .glossary-usage }}")
        if entry.variants:
            blocks.append(f"{labels['variants']}{separator}" + "; ".join(escape_markdown(v) for v in entry.variants) + "\n{: .glossary-variants }")
        if entry.components:
            items = "\n".join(f"{i}. {escape_markdown(c[lang])}" for i, c in enumerate(entry.components, 1))
            blocks.append(f"{labels['components']}：\n\n{items}" if lang == "zh" else f"{labels['components']}:\n\n{items}")
        for source in entry.sources:
            blocks.append(f"{labels['sources']}{separator}{escape_markdown(source[lang])}")
        by_speech = found.get(entry.id, {})
        if by_speech and not library:
            (slug, piece_ids), = by_speech.items()
            blocks.append(f"{labels['occurs']}{separator}" + paragraph_links(slug, piece_ids) + "\n{: .glossary-backlinks }")
        elif by_speech:
            # One block holds the label and the list: an attribute list after a list would go to its last item.
            items = "\n".join(f"- {speeches[slug].markdown(lang)}{separator}{paragraph_links(slug, piece_ids)}"
                              for slug, piece_ids in by_speech.items())
            blocks.append(f'<div class="glossary-backlinks" markdown>\n\n{labels["occurs"]}{separator}\n\n{items}\n\n</div>')
        related = [by_id[r] for r in entry.related if r in by_id]
        if related:
            names = [
                f"[{escape_markdown(r.term if lang == 'zh' else r.en)}](#{r.anchor})" for r in related
            ]
            blocks.append(f"{labels['related']}{separator}" + ("、" if lang == "zh" else ", ").join(names))
    return "\n\n".join(blocks) + "\n"
