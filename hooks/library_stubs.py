"""The stub pages of the library's speeches other than the root: what `scripts/dev new` and
`scripts/dev pages` write into docs/, and what the build checks is there.

Pure and typed (no MkDocs imports), but for reading and writing the files themselves
(`found_stubs`, `write_stubs`). static-i18n needs every page as a real file of its language's
folder, so each speech's pages are files docs/<lang>/<slug>/...: marker-only Markdown that the
hooks fill from data/speeches/<slug>/ (the layout: library.SpeechPages). Nothing in them is written by
hand: they follow from the data alone (`speech_stubs`), so a page that is missing, extra or
stale (its data changed since) is found by comparing the files with what the data gives
(`stub_problems`), and `scripts/dev pages` rewrites them. The root speech's pages are
hand-written, with prose, and are not stubs.

Every stub says, in its first lines, that it is generated (`GENERATED_NOTE`): an HTML comment
that is a sentence, which the wiring check (wiring.MARKER_SHAPE) leaves alone, or a YAML comment
in the front matter of pages that have one (front matter must come first in the file).
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from corpus import Corpus
from escape import escape_html
from library import DATA_DIR, SPEECHES_DIR, Library
from questions import LABELS as QUESTION_LABELS
from speech import escape_markdown

PAGES_COMMAND = "scripts/dev pages"
# One sentence, not shaped like a marker (a word and an optional `: value`).
GENERATED_NOTE = (
    "This page is written by scripts/dev new and scripts/dev pages from data/speeches/{slug}/, "
    "so do not edit it by hand: change the data, then run scripts/dev pages."
)
# What every generated page holds, whatever its speech: how `write_stubs` tells its own pages.
GENERATED_SIGN = "This page is written by scripts/dev new and scripts/dev pages"

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "side_by_side": "中英对照阅读本单元",
        "handouts": "讲义与 PDF",
        "handout": "学习讲义（{unit}）：逐段编号的原文{questions}和笔记栏，可直接打印，或下载 A4 PDF。",
        "handout_questions": "、思考题",
        "questions_description": "《{speech}》各学习单元的思考题：理解原文、讨论与运用、个人思考，每题注明相关段落。",
    },
    "en": {
        "side_by_side": "Read this unit side by side with the Chinese",
        "handouts": "Handouts and PDFs",
        "handout": "Study handout ({unit}): the text with numbered paragraphs{questions} and space for notes. "
        "Print it or download the A4 PDF.",
        "handout_questions": ", study questions",
        "questions_description": "Study questions for each unit of “{speech}”: understanding the text, discussion "
        "and application, personal reflection, each linked to its paragraphs.",
    },
}

# The index pages of a speech: (title, heading, description); the description names the speech.
INDEX_LABELS: dict[str, dict[str, tuple[str, str, str]]] = {
    "zh": {
        "structure": ("结构图", "讲话结构图",
                      "《{speech}》的结构：开场白、各部分、各节和列举的要点，每一项链接到原文段落。"),
        "directives": ("要求索引", "要求索引：讲话要我们做什么",
                       "《{speech}》提出的全部要求：列举的要点和“要……”“必须……”，按章节和领头动词排列，每条链接到原文段落。"),
        "slogans": ("提法与引语索引", "提法与引语索引",
                    "《{speech}》中全部加引号的短语（提法与口号、引用、比喻、强调）和带数字的提法，附出现次数和段落链接。"),
        "documents": ("文件索引", "文件索引", "《{speech}》中提到的全部文件（《》内的文件名），附出现段落。"),
    },
    "en": {
        "structure": ("Structure map", "Map of the speech",
                      "How “{speech}” is built: its opening, parts, sections and enumerated points, each linked to its paragraph."),
        "directives": ("Index of requirements", "Index of requirements: what the speech tells us to do",
                       "Every requirement “{speech}” sets out, enumerated points and 要…/必须… sentences, by section and "
                       "by leading verb, each linked to its paragraph."),
        "slogans": ("Index of formulas and quotations", "Index of formulas and quotations",
                    "Every phrase “{speech}” puts in quotation marks (formulas and slogans, quotations, metaphors, "
                    "emphasis) and every phrase with a number, with counts and paragraph links."),
        "documents": ("Index of documents", "Index of documents",
                      "Every document “{speech}” names in 《》 title marks, with the paragraphs it occurs in."),
    },
}


def _front_matter(note: str, fields: Mapping[str, str]) -> str:
    """Front matter with the note as a YAML comment; values quoted by PyYAML where YAML needs it."""
    body = yaml.safe_dump(dict(fields), allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n# {note}\n{body}---\n"


def _comment(note: str) -> str:
    return f"<!-- {note} -->\n"


def speech_stubs(library: Library, slug: str, languages: Iterable[str], questions: bool) -> dict[str, str]:
    """Every stub page of one speech: path relative to docs/ ("zh/dangshi-2021/units/opening.md") -> text.

    Its pages live where the library puts them (Library.pages); `languages`:
    the site's languages this speech is read in (English only with a translation); `questions`:
    whether it has study questions (Corpus.has_questions).
    """
    corpus, where = library[slug], library.pages(slug, questions)
    note = GENERATED_NOTE.format(slug=slug)
    pages: dict[str, str] = {}
    for lang in languages:
        labels, indexes = LABELS[lang], INDEX_LABELS[lang]
        title = corpus.title(lang)
        description = corpus.meta.description.get(lang) or corpus.meta.description["zh"]
        pages[f"{lang}/{where.overview}"] = (
            _front_matter(note, {"title": escape_html(title), "description": escape_html(description)})
            + f"\n# {escape_markdown(title)}\n\n<!-- speech-overview -->\n\n## {labels['handouts']}\n\n<!-- handouts -->\n"
        )
        for unit in corpus.units:
            unit_page = where.units[unit.id]
            button = ""
            if unit.id in where.parallel:
                parallel = where.parallel[unit.id]
                button = f"[{labels['side_by_side']}]({posixpath.relpath(parallel, posixpath.dirname(unit_page))}){{ .md-button }}\n\n"
                pages[f"{lang}/{parallel}"] = _comment(note) + f"\n<!-- parallel: {unit.id} -->\n"
            pages[f"{lang}/{unit_page}"] = _comment(note) + f"\n<!-- speech: {unit.id} -->\n\n{button}<!-- questions: {unit.id} -->\n"
            handout = labels["handout"].format(unit=unit.title[lang], questions=labels["handout_questions"] if questions else "")
            pages[f"{lang}/{where.handouts[unit.id]}"] = (
                _front_matter(note, {"description": escape_html(handout)}) + f"\n<!-- handout: {unit.id} -->\n"
            )
        if where.questions:
            heading = QUESTION_LABELS[lang]["title"]
            pages[f"{lang}/{where.questions}"] = (
                _front_matter(note, {"title": escape_html(heading),
                                     "description": escape_html(labels["questions_description"].format(speech=title))})
                + f"\n# {escape_markdown(heading)}\n\n<!-- questions -->\n"
            )
        for kind, path in where.indexes.items():
            page_title, heading, page_description = indexes[kind]
            pages[f"{lang}/{path}"] = (
                _front_matter(note, {"title": escape_html(page_title),
                                     "description": escape_html(page_description.format(speech=title))})
                + f"\n# {escape_markdown(heading)}\n\n<!-- index: {kind} -->\n"
            )
    return pages


def stub_languages(corpus: Corpus, locales: Collection[str]) -> list[str]:
    """The languages a speech's stub pages are written in: those of the site (`locales`) it is read in."""
    return [lang for lang in corpus.languages if lang in locales and lang in LABELS]


def library_stubs(library: Library, locales: Collection[str]) -> dict[str, str]:
    """Every stub page of every speech but the root, in the site's languages (`locales`)."""
    pages: dict[str, str] = {}
    for corpus in library:
        if corpus.slug != library.root:
            pages |= speech_stubs(library, corpus.slug, stub_languages(corpus, locales), corpus.has_questions)
    return pages


def found_stubs(docs_dir: Path, library: Library, locales: Collection[str]) -> dict[str, str]:
    """The pages of docs/ that are, or should be, stubs: path relative to docs/ -> text.

    Every page under docs/<lang>/<slug>/ of a speech other than the root (all of them are
    generated), and every other page that says it is generated (a removed speech's, say).
    """
    stub_folders = {f"{lang}/{library.prefix(corpus.slug)}" for lang in locales for corpus in library if corpus.slug != library.root}
    found: dict[str, str] = {}
    for lang in locales:
        for path in sorted((docs_dir / lang).rglob("*.md")):
            relative = path.relative_to(docs_dir).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(relative.startswith(folder) for folder in stub_folders) or GENERATED_SIGN in text:
                found[relative] = text
    return found


def stub_problems(expected: Mapping[str, str], found: Mapping[str, str], docs: str = "docs") -> list[str]:
    """Every stub page that is missing, extra or stale, one line each (paths under `docs`)."""
    problems = []
    for path in sorted(expected.keys() | found.keys()):
        where = f"{docs}/{path}"
        if path not in found:
            problems.append(f"{where}: missing (the speech's data needs this page)")
        elif path not in expected:
            problems.append(f"{where}: extra (no unit, language or page of the speech's data needs it)")
        elif found[path] != expected[path]:
            problems.append(f"{where}: stale (differs from what the speech's data gives)")
    return problems


def stub_error(problems: list[str]) -> str:
    """One message for every stub problem, naming the command that fixes them."""
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return (f"stub pages of the library's speeches: {len(problems)} problem(s); "
            f"`{PAGES_COMMAND}` rewrites them from {DATA_DIR}/{SPEECHES_DIR}/\n{lines}")


@dataclass
class StubChanges:
    written: list[str] = field(default_factory=list)  # created or rewritten
    removed: list[str] = field(default_factory=list)  # extra generated pages, deleted
    foreign: list[str] = field(default_factory=list)  # extra pages not written by us: left for the editor


def write_stubs(docs_dir: Path, expected: Mapping[str, str], found: Mapping[str, str]) -> StubChanges:
    """Make docs/ hold exactly the expected stubs: write the missing and stale ones, delete the
    extra ones that say they are generated; an extra page without that note is left alone and named."""
    changes = StubChanges()
    for path, text in sorted(expected.items()):
        if found.get(path) != text:
            target = docs_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changes.written.append(path)
    for path in sorted(found.keys() - expected.keys()):
        if GENERATED_SIGN in found[path]:
            (docs_dir / path).unlink()
            changes.removed.append(path)
            _remove_empty_folders((docs_dir / path).parent, docs_dir / path.split("/")[0])
        else:
            changes.foreign.append(path)
    return changes


def _remove_empty_folders(folder: Path, language_folder: Path) -> None:
    while folder != language_folder and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
