"""Is the English of each piece the translation of that piece? Checks on signals both texts must share.

No MkDocs: `alignment_problems` is called when speech.en.yml is loaded, `check_termbase` when
the glossary is (it reads speech.en.yml again only for line numbers), and the tests call the pure
`piece_problems` and `Termbase.problems` on altered translations.
No library aligns a Chinese text with its English at this grain, and none is needed: a faithful
translation keeps signals that can be compared without understanding either language:

* structure: a point (一是, 二是 …) opens with First, Second …; a section (1.…) with "1."; a
  part (一、…) with "I."; other pieces open with none of these;
* numbers: every Arabic number of the Chinese is in the English, and every number of the English
  is in the Chinese, as digits or as a Chinese number (十三五 → 13th);
* Chinese in parentheses in the English, (全面从严治党), is Chinese of this piece, verbatim;
* quotations: as many “…” in the English (outside the parenthesized Chinese) as in the Chinese;
* length: English runs 2 to 8 characters per Chinese character (Gale and Church aligned
  sentences on length alone; this is a generous band of that, measured 2.3–6.1 on the speech);
* the termbase (glossary.yml): a piece whose Chinese has a term must carry its English headword,
  at least one content word of it while renderings still vary (issue 14; words found in most
  pieces, like "party", do not count), or the term in parentheses; the same for the components of a formula (大局意识 → "awareness of the big
  picture"); and a piece whose English has a headword must have the term in its Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pathlib import Path

from datafiles import Problems, line_of, load_yaml
from glossary import CHINESE_NUMBER, Entry, Rendering, TermMatcher, numeral_value, outside_terms

if TYPE_CHECKING:
    from speech import Piece, Speech

ENGLISH_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
ROMAN = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
# What opens a numbered piece in English; an unnumbered piece must not open with one.
NUMBERED_OPENING = re.compile(rf"^(?:(?:{'|'.join(ENGLISH_ORDINALS)})\b|[IVX]+\.\s|\d+\.\s)")
PART_NUMERAL = re.compile(r"^([一二三四五六七八九十]+)、")
SECTION_NUMBER = re.compile(r"^(\d+)[.．]")
ARABIC = re.compile(r"\d+")
PARENTHESIZED_CHINESE = re.compile(r"\(([^()]*[\u3400-\u9fff][^()]*)\)")
LENGTH_RATIO = (2.0, 8.0)
# Words of a headword too common to show that a term was translated (numbers: many terms have one).
FUNCTION_WORDS = frozenset("about after against also among before between both from into over such than that their "
                           "them then they this those through under upon what when where which while with within "
                           "three four five seven eight nine twenty first second third fourth fifth double twice".split())


def roman(number: int) -> str:
    out = ""
    for letters, value in ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _expected_opening(piece: Piece) -> tuple[str, str] | None:
    """(regex, words) that the English of a numbered piece opens with; None for an unnumbered piece."""
    if piece.kind == "point":
        index = int(piece.id.split("-")[1])
        if index <= len(ENGLISH_ORDINALS):
            return rf"{ENGLISH_ORDINALS[index - 1]}\b", f"{ENGLISH_ORDINALS[index - 1]} (point {index})"
    part = PART_NUMERAL.match(piece.text)
    if piece.kind == "part" and part:
        numeral = roman(numeral_value(part.group(1)))
        return rf"{numeral}\.\s", f"{numeral}. (part {part.group(1)})"
    section = SECTION_NUMBER.match(piece.text)
    if piece.kind == "section" and section:
        return rf"{section.group(1)}\.\s", f"{section.group(1)}. (section {section.group(1)})"
    return None


def _start(text: str) -> str:
    return repr(text[:24] + ("…" if len(text) > 24 else ""))


def piece_problems(piece: Piece, english: str) -> list[str]:
    """Why `english` is not the translation of `piece`, on the signals that need no termbase."""
    problems = []
    opening = _expected_opening(piece)
    if opening and not re.match(opening[0], english):
        problems.append(f"the Chinese is numbered {opening[1]}, the English starts {_start(english)}")
    elif not opening and NUMBERED_OPENING.match(english):
        problems.append(f"the Chinese is not numbered, the English starts {_start(english)}")
    chinese_digits = set(ARABIC.findall(piece.text))
    english_numbers = set(ARABIC.findall(english))
    for number in sorted(chinese_digits - english_numbers):
        problems.append(f"the Chinese has the number {number}, the English does not")
    chinese_numbers = chinese_digits | {str(numeral_value(m.group())) for m in CHINESE_NUMBER.finditer(piece.text)}
    for number in sorted(english_numbers - chinese_numbers):
        problems.append(f"the English has the number {number}, the Chinese has it neither in digits nor in Chinese")
    for chinese in PARENTHESIZED_CHINESE.findall(english):
        if chinese not in piece.text:
            problems.append(f"the English gives ({chinese}), which is not in the Chinese")
    quotes_zh, quotes_en = piece.text.count("“"), PARENTHESIZED_CHINESE.sub("", english).count("“")
    if quotes_zh != quotes_en:
        problems.append(f"the Chinese has {quotes_zh} quotation(s) “…”, the English {quotes_en}")
    ratio, (low, high) = len(english) / len(piece.text), LENGTH_RATIO
    if not low <= ratio <= high:
        problems.append(
            f"the English has {ratio:.1f} characters per Chinese character, expected {low:g}–{high:g}: "
            "is it the translation of another piece?"
        )
    return problems


def alignment_problems(speech: Speech, translation: dict[str, str]) -> list[tuple[str, str]]:
    """(piece id, problem) for every piece whose English does not match its Chinese."""
    return [
        (piece.id, problem)
        for piece in speech.pieces()
        for problem in piece_problems(piece, translation[piece.id])
    ]


def _folded(text: str) -> str:
    return text.casefold().replace("“", "").replace("”", "").replace('"', "")


def content_words(headword: str, common: frozenset[str] = frozenset()) -> set[str]:
    return {word for word in re.findall(r"[a-z]{4,}", _folded(headword)) if word not in FUNCTION_WORDS | common}


def common_words(translation: dict[str, str]) -> frozenset[str]:
    """Words in more than half of the English pieces ("party"): they cannot show which piece a text is.
    Computed over the whole translation, so it is the same whichever piece a text is under."""
    counts: dict[str, int] = {}
    for text in translation.values():
        for word in set(re.findall(r"[a-z]{4,}", _folded(text))):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(word for word, count in counts.items() if count > len(translation) / 2)


class Termbase:
    """The glossary's renderings, prepared once for checking many pieces against a translation."""

    def __init__(self, entries: Iterable[Entry], translation: dict[str, str], renderings: Iterable[Rendering] = ()):
        self.entries = list(entries)
        # Words with one rendering but no glossary entry (data/renderings.yml): 干部 → official(s).
        self.renderings = [
            (rendering, [re.compile(rf"(?<![\w-]){re.escape(_folded(form))}(?![\w-])") for form in rendering.forms])
            for rendering in renderings
        ]
        self.by_id = {entry.id: entry for entry in self.entries}
        self.matcher = TermMatcher(self.entries)
        common = common_words(translation)
        self.words = {entry.id: content_words(entry.en, common) for entry in self.entries}
        self.components = [
            (entry, component, content_words(component["en"], common))
            for entry in self.entries for component in entry.components
        ]
        self.headwords = [(entry, _folded(entry.en), re.compile(rf"\b{re.escape(_folded(entry.en))}\b")) for entry in self.entries]

    def problems(self, piece: Piece, english: str) -> list[str]:
        """Why `english` disagrees with the glossary terms of `piece`."""
        folded, problems = _folded(english), []
        matches = self.matcher.find(piece.text)
        words = outside_terms(piece.text, matches)
        for rendering, patterns in self.renderings:
            if rendering.zh in words and not any(pattern.search(folded) for pattern in patterns):
                problems.append(f"the Chinese has {rendering.zh}, the English none of its renderings {list(rendering.forms)!r} "
                                "(data/renderings.yml)")
        for entry_id in dict.fromkeys(match.entry_id for match in matches):
            entry, words = self.by_id[entry_id], self.words[entry_id]
            given = any(f"({form}" in english for form in entry.forms)
            if words and not given and not any(word in folded for word in words):
                problems.append(f"the Chinese has the glossary term {entry.term} ({entry.id}), "
                                f"the English neither its headword {entry.en!r} nor ({entry.term})")
        for entry, component, words in self.components:
            if component["zh"] in piece.text and words and not any(word in folded for word in words):
                problems.append(f"the Chinese has {component['zh']}, a component of {entry.term} ({entry.id}), "
                                f"the English not its rendering {component['en']!r}")
        for entry, headword, pattern in self.headwords:
            # The substring test first: it is cheap, and rules out almost every headword.
            if headword in folded and pattern.search(folded) and not any(form in piece.text for form in entry.forms):
                problems.append(f"the English has the glossary headword {entry.en!r}, the Chinese not the term {entry.term} ({entry.id})")
        return problems


def termbase_problems(speech: Speech, translation: dict[str, str], entries: Iterable[Entry],
                      renderings: Iterable[Rendering] = ()) -> list[tuple[str, str]]:
    """(piece id, problem) where the English and the Chinese of a piece disagree on a glossary term or a rendering."""
    termbase = Termbase(entries, translation, renderings)
    return [(piece.id, problem) for piece in speech.pieces() for problem in termbase.problems(piece, translation[piece.id])]


def check_termbase(translation_path: Path, speech: Speech, translation: dict[str, str], entries: Iterable[Entry],
                   renderings: Iterable[Rendering] = ()) -> None:
    """A DataError naming speech.en.yml, each piece and its line, where a piece disagrees with the glossary or renderings."""
    found = termbase_problems(speech, translation, entries, renderings)
    if found:
        problems, data = Problems(translation_path), load_yaml(translation_path)
        for piece_id, message in found:
            problems.add(piece_id, message, line=line_of(data, (piece_id,)))
        problems.raise_if_any()
