"""The glossary: validated entries, the term matcher, occurrences and the generated glossary page.

Pure and typed (no MkDocs imports). Term linking is written here, not borrowed:
Python-Markdown's `abbr` needs word boundaries, which Chinese text does not have,
and jieba's segmentation would split or merge terms differently from the entries.
A literal alternation, longest form first, finds every surface form exactly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import Style, lazy_pinyin, pinyin

from datafiles import Problems, load_entries, require_bilingual, require_str
from speech import Speech, escape_markdown, piece_label

CATEGORIES: dict[str, dict[str, str]] = {
    "formula": {"zh": "提法", "en": "Formula"},
    "policy": {"zh": "方针政策", "en": "Policy"},
    "practice": {"zh": "制度与做法", "en": "Institution / practice"},
    "document": {"zh": "文件", "en": "Document"},
    "metaphor": {"zh": "比喻", "en": "Metaphor"},
    "period": {"zh": "时期", "en": "Period"},
}
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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
    han_only = "".join(HAN.findall(entry.term))
    return (lazy_pinyin(han_only), lazy_pinyin(han_only, style=Style.TONE3), entry.term)


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


def _text_list(value, where: str, key: str, problems: Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(where, f"'{key}' must be a list of non-empty strings, got {value!r}")
        return ()
    return tuple(v.strip() for v in value)


def _bilingual_list(entry: dict, key: str, where: str, problems: Problems) -> tuple[dict[str, str], ...]:
    value = entry.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(where, f"'{key}' must be a list of {{zh, en}} mappings, got {value!r}")
        return ()
    items = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            items.append({lang: require_str(item, lang, f"{where}.{key}[{i}]", problems) for lang in ("zh", "en")})
        else:
            problems.add(where, f"'{key}[{i}]' must be a mapping with zh and en, got {item!r}")
    return tuple(items)


def _usage(value, where: str, problems: Problems) -> dict[str, dict[str, str]]:
    """`usage`: a mapping of speech slug to a {zh, en} note on how that speech uses the term."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(where, f"'usage' must map speech slugs to {{zh, en}} notes, got {value!r}")
        return {}
    notes = {}
    for slug, note in value.items():
        if not isinstance(slug, str) or not ID_PATTERN.match(slug):
            problems.add(where, f"usage: {slug!r} is not a speech slug such as 'zuzhi-2020'")
            continue
        notes[slug] = require_bilingual(value, slug, f"{where}.usage", problems)
    return notes


def load_glossary(path: Path, speech: Speech) -> list[Entry]:
    """Read and validate the glossary; every problem of the file is reported in one `DataError`."""
    problems, raw_entries = load_entries(path, "entries")
    entries: list[Entry] = []
    for index, raw in enumerate(raw_entries):
        where = f"entries[{index}]"
        if not isinstance(raw, dict):
            problems.add(where, "expected a mapping")
            continue
        entry_id = require_str(raw, "id", where, problems)
        where = f"entry '{entry_id or index}'"
        if entry_id and not ID_PATTERN.match(entry_id):
            problems.add(where, "id must be a lowercase ascii slug such as 'si-ge-yi-shi'")
        term = require_str(raw, "term", where, problems)
        category = require_str(raw, "category", where, problems)
        if category and category not in CATEGORIES:
            problems.add(where, f"category {category!r} is not one of {', '.join(CATEGORIES)}")
        components = _bilingual_list(raw, "components", where, problems)
        if category == "formula" and term:
            number = numeral_value(term)
            if number == 0:
                problems.add(where, f"a formula's term must contain its number, {term!r} has none")
            elif len(components) != number:
                problems.add(where, f"formula {term!r} must list {number} components, lists {len(components)}")
        override = raw.get("pinyin")
        if override is not None and (not isinstance(override, str) or not override.strip()):
            problems.add(where, f"'pinyin' must be a non-empty string when given, got {override!r}")
            override = None
        entries.append(
            Entry(
                id=entry_id,
                term=term,
                aliases=_text_list(raw.get("aliases"), where, "aliases", problems),
                pinyin=override.strip() if override else generated_pinyin(term),
                en=require_str(raw, "en", where, problems),
                category=category,
                short=require_bilingual(raw, "short", where, problems),
                explanation=require_bilingual(raw, "explanation", where, problems),
                components=components,
                sources=_bilingual_list(raw, "sources", where, problems),
                related=_text_list(raw.get("related"), where, "related", problems),
                variants=_text_list(raw.get("variants"), where, "variants", problems),
                usage=_usage(raw.get("usage"), where, problems),
            )
        )
    _check_across_entries(entries, speech, problems)
    problems.raise_if_any()
    return entries


def _check_across_entries(entries: list[Entry], speech: Speech, problems: Problems) -> None:
    ids = [entry.id for entry in entries]
    for entry_id in sorted({i for i in ids if i and ids.count(i) > 1}):
        problems.add(f"entry '{entry_id}'", "duplicate id")
    owners: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for form in dict.fromkeys(entry.forms):
            if form:
                owners[form].append(entry.id)
    for form, owner_ids in owners.items():
        if len(owner_ids) > 1:
            problems.add(f"entry '{owner_ids[1]}'", f"term or alias {form!r} is already used by entry '{owner_ids[0]}'")
    known = set(ids)
    text = "\n".join(paragraph.text for paragraph in speech.paragraphs)
    for entry in entries:
        for related in entry.related:
            if related not in known:
                problems.add(f"entry '{entry.id}'", f"related entry '{related}' does not exist")
        for form in entry.forms:
            if form and form not in text:
                problems.add(f"entry '{entry.id}'", f"{form!r} never occurs in the speech")


def occurrences(entries: list[Entry], speech: Speech) -> dict[str, list[str]]:
    """Entry id -> ids of the pieces (displayed paragraphs) where one of its forms occurs, in order."""
    matcher = TermMatcher(entries)
    found: dict[str, list[str]] = {entry.id: [] for entry in entries}
    for piece in speech.pieces():
        for entry_id in dict.fromkeys(match.entry_id for match in matcher.find(piece.text)):
            found[entry_id].append(piece.id)
    return found


def paragraph_sign(piece_id: str) -> str:
    """¶5.1 for a numbered piece; ¶5 for the unnumbered body that continues ¶5."""
    return "¶" + (piece_label(piece_id) or piece_id[1:].split("-")[0])


def render_glossary(
    entries: list[Entry],
    found: dict[str, list[str]],
    lang: str,
    link_to_piece,
    speech_titles: dict[str, str] | None = None,
) -> str:
    """Markdown of the glossary: groups by pinyin initial (zh) or letter (en), entries sorted within.

    Each entry's `usage` notes follow its neutral explanation, labelled "in this speech" or, when
    `speech_titles` (slug -> title) is given for a library of speeches, with the speech's title.

    `link_to_piece(piece_id)` returns the Markdown link target of a paragraph.
    Everything from the data file is escaped: the data holds plain text, never markup.
    """
    labels = LABELS[lang]
    separator = "：" if lang == "zh" else ": "
    by_id = {entry.id: entry for entry in entries}
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
        # A single-speech site labels each note "in this speech"; a library names the speech.
        for slug, note in entry.usage.items():
            label = labels["usage"] if not speech_titles else speech_titles.get(slug, slug)
            blocks.append(f"**{escape_markdown(label)}**{separator}{escape_markdown(note[lang])}\n{{: .glossary-usage }}")
        if entry.variants:
            blocks.append(f"{labels['variants']}{separator}" + "; ".join(escape_markdown(v) for v in entry.variants) + "\n{: .glossary-variants }")
        if entry.components:
            items = "\n".join(f"{i}. {escape_markdown(c[lang])}" for i, c in enumerate(entry.components, 1))
            blocks.append(f"{labels['components']}：\n\n{items}" if lang == "zh" else f"{labels['components']}:\n\n{items}")
        for source in entry.sources:
            blocks.append(f"{labels['sources']}{separator}{escape_markdown(source[lang])}")
        links = [f"[{paragraph_sign(piece_id)}]({link_to_piece(piece_id)})" for piece_id in found.get(entry.id, [])]
        if links:
            blocks.append(f"{labels['occurs']}{separator}" + " ".join(links) + "\n{: .glossary-backlinks }")
        related = [by_id[r] for r in entry.related if r in by_id]
        if related:
            names = [
                f"[{escape_markdown(r.term if lang == 'zh' else r.en)}](#{r.anchor})" for r in related
            ]
            blocks.append(f"{labels['related']}{separator}" + ("、" if lang == "zh" else ", ").join(names))
    return "\n\n".join(blocks) + "\n"
