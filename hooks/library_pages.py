"""The library's own pages: the list of speeches (home) and each speech's overview.

Pure and typed (no MkDocs imports); hooks/library_hook.py fills the markers:

- `<!-- library -->`: every speech of data/library.yml in its order, with title, date, speaker
  and place as its meta.yml gives them (what is missing is left out, never guessed), length and
  its one-line description. In a language a speech cannot be read in, it is marked so and
  linked to the language it can be read in.
- `<!-- speech-overview -->`: a speech's facts and description, then its structure (parts and
  their sections, from the outline read off the text), each linked to its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from corpus import Corpus, markdown_link
from handouts import text_length
from outline import Outline
from speech import escape_markdown

LIBRARY_MARKER = re.compile(r"<!--\s*library\s*-->")
OVERVIEW_MARKER = re.compile(r"<!--\s*speech-overview\s*-->")

LABELS = {
    "zh": {
        "date": "日期",
        "speaker": "讲话人",
        "place": "地点",
        "length": "篇幅",
        "chars": "{n} 字，{paragraphs} 段",
        "only": "仅有中文",
        "structure": "讲话结构",
        "part": "部分",
        "sections": "各节",
        "no_parts": "这篇讲话不分部分，按原文的编号分为以下几节：",
        "no_structure": "这篇讲话没有编号的部分或节，全文为一个学习单元。",
        "sep": "：",
        "list_sep": "；",
    },
    "en": {
        "date": "Date",
        "speaker": "Speaker",
        "place": "Place",
        "length": "Length",
        "chars": "{n:,} Chinese characters, {paragraphs} paragraphs",
        "only": "Chinese only",
        "structure": "Structure",
        "part": "Part",
        "sections": "Sections",
        "no_parts": "This speech has no parts; its numbered sections are:",
        "no_structure": "This speech has no numbered parts or sections; it is studied as one unit.",
        "sep": ": ",
        "list_sep": "; ",
    },
}


@dataclass(frozen=True)
class SpeechLinks:
    """Link targets from the page being filled: a speech's overview page, and a paragraph of it."""

    overview: Callable[[Corpus], str]
    piece: Callable[[Corpus, str], str]


def speech_length(corpus: Corpus) -> tuple[int, int]:
    """(Chinese characters without whitespace, paragraphs) of the body (the title, ¶0, left out)."""
    body = corpus.speech.paragraphs[1:]
    return text_length("".join(paragraph.text for paragraph in body), "zh"), len(body)


def facts(corpus: Corpus, lang: str) -> list[str]:
    """Date, speaker and place as given (Chinese data, shown as written), then the length."""
    labels, meta = LABELS[lang], corpus.meta
    found = [(labels[field], value) for field, value in (("date", meta.date), ("speaker", meta.speaker), ("place", meta.place)) if value]
    chars, paragraphs = speech_length(corpus)
    lines = [f"{name}{labels['sep']}{escape_markdown(value)}" for name, value in found]
    lines.append(f"{labels['length']}{labels['sep']}{labels['chars'].format(n=chars, paragraphs=paragraphs)}")
    return lines


def render_library(speeches: list[Corpus], lang: str, links: SpeechLinks) -> str:
    """The library: one block per speech, in the given order."""
    labels, blocks = LABELS[lang], []
    for corpus in speeches:
        readable = lang in corpus.languages
        title = escape_markdown(corpus.title(lang))
        heading = markdown_link(title, links.overview(corpus))
        badge = "" if readable else f' <span class="library-only" lang="{lang}">{labels["only"]}</span>'
        description = corpus.meta.description.get(lang) or corpus.meta.description["zh"]
        other = "" if readable or lang == "zh" else ' lang="zh"'
        blocks.append(
            f'<div class="library-speech" markdown>\n\n'
            f"### {heading}{badge}\n\n"
            + " · ".join(facts(corpus, lang)) + "\n{: .library-facts }\n\n"
            + (f'<p{other}>{escape_markdown(description)}</p>' if other else escape_markdown(description))
            + "\n\n</div>"
        )
    return "\n\n".join(blocks) + "\n"


def render_overview(corpus: Corpus, outline: Outline, lang: str, links: SpeechLinks, heading_text: Callable[[str, str], str]) -> str:
    """A speech's facts, description and structure. `heading_text(piece_id, zh)` gives a heading in `lang`."""
    labels = LABELS[lang]
    description = corpus.meta.description.get(lang) or corpus.meta.description["zh"]
    blocks = ["\n".join(f"- {line}" for line in facts(corpus, lang)), escape_markdown(description)]
    blocks.append(f"## {labels['structure']} {{: #structure }}")

    def linked(piece_id: str, zh: str) -> str:
        return markdown_link(escape_markdown(heading_text(piece_id, zh)), links.piece(corpus, piece_id))

    if outline.parts:
        rows = [f"| {labels['part']} | {labels['sections']} |", "|---|---|"]
        for part in outline.parts:
            sections = labels["list_sep"].join(linked(s.piece_id, s.title) for s in part.sections)
            rows.append(f"| {linked(part.piece_id, part.heading)} | {sections} |")
        blocks.append("\n".join(rows))
    elif outline.sections:
        blocks.append(labels["no_parts"] + "\n\n" + "\n".join(f"1. {linked(s.piece_id, s.title)}" for s in outline.sections))
    else:
        blocks.append(labels["no_structure"])
    return "\n\n".join(blocks) + "\n"
