"""Adding a speech to the library from its text: the core of `scripts/dev new` and `scripts/dev pages`.

A speech's text (title lines, a blank line, one paragraph per line, as in ../shared/corpus/)
becomes data/speeches/<slug>/: the text itself, pinned (reference_text.accept); meta.yml with
what is known about it (its title, and date, speaker and place where a `.meta.yml` beside the
text or the command line gives them: nothing is guessed); units.yml proposed from the outline
read off the text (the opening, one unit per part, the closing; the whole speech as one unit
when it has no parts), with Chinese titles from the part headings. The slug is added to
data/library.yml and the speech's stub pages are written (library_stubs.py).

Everything is checked before anything is written: the text (read strictly: UTF-8 without BOM,
no tabs or trailing spaces, a title and a body), the facts (a date as YYYY, YYYY-MM or
YYYY-MM-DD), the slug (new, not a folder of docs/, not a name the site uses). The speech's
folder is made and loaded (corpus.load_corpus: the same validation as the build) in a
temporary folder first and moved into data/speeches/ only when it loads.

Pure and typed but for the files it reads and writes; no MkDocs import.
"""

from __future__ import annotations

import datetime
import logging
import re
import shutil
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from corpus import META_FILE, NOTES_FILE, SPEECH_FILE, TRANSLATION_FILE, UNITS_FILE, load_corpus
from datafiles import SLUG_PATTERN, DataError, Problems, display_path, line_of, load_yaml, read_text
from index_rules import RULES_FILE
from library import Library, library_path, load_library, load_library_order, speech_dir
from library_stubs import (
    LABELS,
    PAGES_COMMAND,
    StubChanges,
    found_stubs,
    library_stubs,
    speech_stubs,
    stub_languages,
    stub_problems,
    write_stubs,
)
from outline import chinese_numeral
from questions import QUESTIONS_FILE
from reference_text import accept
from speech import Speech, parse_speech

DOCS_DIR = "docs"
TEXT_SUFFIX = ".zh.txt"
META_SUFFIX = ".meta.yml"
FACTS = ("title", "date", "speaker", "place")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Folders of the built site that a speech's folder must not take: each language's own (en/),
# and those Material writes (assets/, search/).
SITE_FOLDERS = frozenset({"assets", "search"})


class NewSpeechError(Exception):
    """Why a speech cannot be added; nothing has been written."""


@dataclass(frozen=True)
class Facts:
    """What is known about a speech besides its text: only what a file or the editor states."""

    title: str | None = None
    date: str | None = None
    speaker: str | None = None
    place: str | None = None

    def merged(self, **given: str | None) -> Facts:
        """These facts with the ones `given` (the command line's) taking precedence."""
        return Facts(**{name: given.get(name) or getattr(self, name) for name in FACTS})


@dataclass(frozen=True)
class ProposedUnit:
    id: str
    first: int
    last: int
    title: str  # Chinese: an editor adds English titles with a translation
    description: str


@dataclass
class NewSpeech:
    """What `add_speech` made."""

    slug: str
    slug_proposed: bool
    facts: Facts
    facts_file: Path | None
    data_dir: Path
    units: list[ProposedUnit]
    position: int  # in data/library.yml's list
    pages: StubChanges = field(default_factory=StubChanges)
    from_command_line: tuple[str, ...] = ()  # the facts the options gave
    outline_warnings: int = 0  # numbering the reader left as text (skipped, restarting, ambiguous)


# --- reading the inputs ------------------------------------------------------------------------


def meta_beside(text_path: Path) -> Path:
    """The facts file beside a text: 04-x.zh.txt -> 04-x.meta.yml (other names: NAME.meta.yml)."""
    name = text_path.name
    stem = name.removesuffix(TEXT_SUFFIX) if name.endswith(TEXT_SUFFIX) else text_path.stem
    return text_path.with_name(stem + META_SUFFIX)


def date_problem(value: str) -> str | None:
    """Why `value` is not a date as precise as known (2021-02-20, 2021-02 or 2021), or None."""
    match = DATE_PATTERN.match(value)
    if not match:
        return f"date {value!r}: expected YYYY-MM-DD, YYYY-MM or YYYY"
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        return f"date {value!r}: {error}"
    return None


def read_facts(path: Path) -> Facts:
    """title, date, speaker and place from a facts file (other keys are the file's own business)."""
    data = load_yaml(path)
    problems = Problems(path)
    if not isinstance(data, dict):
        problems.add("", f"expected a mapping with some of {', '.join(FACTS)}")
        problems.raise_if_any()
    found: dict[str, str] = {}
    for name in FACTS:
        value = data.get(name)
        if isinstance(value, datetime.date):  # an unquoted date: YAML reads it as one
            value = value.isoformat()
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            problems.add(name, f"expected text, got {value!r}", line=line_of(data, (name,)))
            continue
        found[name] = " ".join(value.split())
    problems.raise_if_any()
    return Facts(**found)


def read_speech(path: Path) -> Speech:
    """The text of a new speech, read as strictly as the build reads a reference text, with a title and a body."""
    text = read_text(path)  # missing, not UTF-8, a BOM, tabs, trailing whitespace: a DataError
    name = display_path(path)
    if not text.strip():
        raise DataError(path, [f"{name}: empty (expected title lines, a blank line, then one paragraph per line)"])
    speech = parse_speech(text)
    if len(speech.paragraphs) < 2:
        raise DataError(path, [f"{name}: no body: only the title {speech.title!r} (expected title lines, a blank line, "
                               "then one paragraph per line)"])
    return speech


# --- what the speech's data says ---------------------------------------------------------------


def proposed_units(speech: Speech) -> list[ProposedUnit]:
    """Study units from the outline (Outline.unit_spans), with Chinese titles and descriptions from the text."""
    outline, last = speech.outline, len(speech.paragraphs) - 1
    spans = outline.unit_spans(last)
    if len(spans) > 1 and spans[0][0] == "opening" and spans[0][2] == 0:
        # No opening words: the title alone would make a unit of one line, so it heads the first part's.
        kind, _, end, heading = spans[1]
        spans = [(kind, 0, end, heading), *spans[2:]]
    parts = iter(outline.parts)
    units: list[ProposedUnit] = []
    for kind, first, end, _ in spans:
        span = f"第{first}—{end}段" if first != end else f"第{first}段"
        if kind == "opening":
            units.append(ProposedUnit("opening", first, end, "开篇：讲话题目与开场白", f"讲话题目和开场白（{span}）。"))
        elif kind == "part":
            part = next(parts)
            sections = f"，分{chinese_numeral(len(part.sections))}节" if part.sections else ""
            ordinal = f"第{chinese_numeral(outline.parts.index(part) + 1)}部分"
            units.append(ProposedUnit(f"part-{part.number}", first, end, part.heading, f"{ordinal}（{span}）：{part.title}{sections}。"))
        elif kind == "closing":
            units.append(ProposedUnit("closing", first, end, "结束语", f"结束语（{span}）。"))
        else:
            sections = f"，按原文的编号分为{chinese_numeral(len(outline.sections))}节" if outline.sections else ""
            units.append(ProposedUnit("speech", first, end, "全文", f"讲话全文（{span}），不分部分{sections}。"))
    return units


def describe(speech: Speech) -> str:
    """A one-line description in Chinese, from the outline alone: what the text's numbering shows."""
    outline = speech.outline
    if outline.parts:
        titles = "；".join(part.title for part in outline.parts)
        return f"讲话分为{chinese_numeral(len(outline.parts))}个部分：{titles}。"
    if outline.sections:
        return f"讲话不分部分，按原文的编号分为{chinese_numeral(len(outline.sections))}节。"
    return f"讲话不分部分和节，共{len(speech.paragraphs) - 1}段。"


def title_of(speech: Speech) -> str:
    """The title as one line: the title lines (¶0) joined (a subtitle line opens with its own dash)."""
    return "".join(line.strip() for line in speech.title.split("\n"))


# --- the slug ----------------------------------------------------------------------------------

# Words of a title that say what kind of occasion or text it is, not what it is about: left out
# of a proposed slug (在2020年全市组织工作会议上的讲话 -> zuzhi-2020).
FRAME_WORDS = frozenset(
    "在 上 的 之 和 与 及 关于 讲话 提纲 发言 致辞 报告 会议 大会 工作 全市 全省 全国 全区 全县 全党 全体 同志 年".split()
)
HAN_WORD = re.compile(r"^[\u3400-\u9fff]+$")


class _Segmenter:
    tokenizer = None  # jieba's stock dictionary: the same in every run, loaded once (seconds)


def _tokenizer():
    """A jieba tokenizer of its own: words added to jieba's shared one elsewhere never change a slug."""
    if _Segmenter.tokenizer is None:
        import jieba  # imported here: the build and `scripts/dev pages` need none of it

        jieba.setLogLevel(logging.WARNING)
        _Segmenter.tokenizer = jieba.Tokenizer()
    return _Segmenter.tokenizer


def title_words(title: str) -> list[str]:
    """The words of a title that say what it is about, in order (jieba; HMM off: dictionary words only)."""
    tokenizer = _tokenizer()
    core = title.split("：", 1)[-1].split(":", 1)[-1] or title  # after a speaker's name (习近平：在…)
    core = re.sub(r"\d+", "", core)
    return [word for word in tokenizer.lcut(core, HMM=False) if HAN_WORD.match(word) and word not in FRAME_WORDS]


def year_of(title: str, date: str | None) -> str | None:
    if date:
        return date[:4]
    found = re.search(r"(\d{4})年", title)
    return found.group(1) if found else None


def propose_slug(title: str, date: str | None, taken: Collection[str] = ()) -> str:
    """A slug from the title's first word about its subject, in pinyin, and the year: dangshi-2021.

    Deterministic: the words are jieba's (own dictionary, no HMM) without the frame words
    (FRAME_WORDS: 在, 会议, 讲话, 全市 …), each in toneless pinyin (pypinyin); the year is the
    date's, else a 4-digit year in the title (在2020年… -> 2020), else left out. While the slug is
    `taken`, the next word is added (dangshi-xuexi-2021), then a number (-2, -3 …).
    """
    from pypinyin import lazy_pinyin

    words = ["".join(re.sub(r"[^a-z0-9]", "", syllable.lower()) for syllable in lazy_pinyin(word)) for word in title_words(title)]
    words = [word for word in words if word] or ["speech"]
    year = year_of(title, date)

    def slug(count: int, number: int = 1) -> str:
        parts = words[:count] + ([year] if year else []) + ([str(number)] if number > 1 else [])
        return "-".join(parts)

    for count in range(1, len(words) + 1):
        if slug(count) not in taken:
            return slug(count)
    number = 2
    while slug(len(words), number) in taken:
        number += 1
    return slug(len(words), number)


# --- writing the files -------------------------------------------------------------------------


def yaml_scalar(value: str) -> str:
    """A string as a YAML scalar on one line, quoted only where YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").removesuffix("\n")


def meta_yaml(title: str, description: str, facts: Facts, source: str) -> str:
    lines = [
        "# What the library says about this speech. Written by `scripts/dev new`",
        f"# from {source}:",
        "# the title and the one-line description (from the outline) are the text's; date, speaker and",
        "# place only where given (missing = omitted, never guessed). English (en:) comes with a translation.",
        "title:",
        f"  zh: {yaml_scalar(title)}",
        "description:",
        f"  zh: {yaml_scalar(description)}",
    ]
    lines += [f"{name}: {yaml_scalar(value)}" for name in FACTS[1:] if (value := getattr(facts, name))]
    return "\n".join(lines) + "\n"


def units_yaml(units: Sequence[ProposedUnit]) -> str:
    lines = [
        "# Study units, proposed by `scripts/dev new` from the outline read off the text: the opening, one",
        "# unit per part, the closing (the whole speech as one unit when it has no parts). Edit freely:",
        "# units must cover the speech in order, every paragraph (¶0 is the title) exactly once; ids are",
        "# page names (run `scripts/dev pages` after changing them). `title` and `description` need `en:`",
        "# once the speech has a translation (speech.en.yml).",
        "units:",
    ]
    for unit in units:
        lines += [
            f"  - id: {unit.id}",
            f"    paragraphs: [{unit.first}, {unit.last}]",
            "    title:",
            f"      zh: {yaml_scalar(unit.title)}",
            "    description:",
            f"      zh: {yaml_scalar(unit.description)}",
        ]
    return "\n".join(lines) + "\n"


def _date_key(date: str) -> tuple[int, ...]:
    return tuple(int(part) for part in date.split("-"))


def library_position(order: Sequence[str], dates: dict[str, str | None], date: str | None) -> int:
    """Where a new speech goes in the list: newest first, before the first dated speech that is
    older (a date as precise as both give: 2021 is not older than 2021-02-20); undated: at the end."""
    if date:
        new = _date_key(date)
        for index, slug in enumerate(order):
            other = dates.get(slug)
            if other:
                known = _date_key(other)
                common = min(len(known), len(new))
                if known[:common] < new[:common]:
                    return index
    return len(order)


def library_with(path: Path, slug: str, position: int) -> str:
    """data/library.yml's text with `slug` inserted at `position` of `speeches:`, comments and all kept."""
    text = path.read_text(encoding="utf-8")
    data = load_yaml(path)
    speeches = data["speeches"]
    lines = text.splitlines(keepends=True)
    key_line = line_of(data, ("speeches",))
    if not speeches or speeches.item_lines[0] == key_line:  # `speeches: [a, b]`: a flow list
        raise NewSpeechError(f"{display_path(path)}:{key_line}: write `speeches:` as a block list (one `  - slug` per line) "
                             "so that `scripts/dev new` can add to it")
    first = lines[speeches.item_lines[0] - 1]
    indent = first[: len(first) - len(first.lstrip())]
    entry = f"{indent}- {slug}\n"
    if position < len(speeches):
        at = speeches.item_lines[position] - 1
    else:  # after the last item (and any comment lines right after it that are indented like it)
        at = speeches.item_lines[-1]
        if not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
    return "".join(lines[:at] + [entry] + lines[at:])


def site_languages(root: Path) -> list[str]:
    """The language folders of docs/ that stub pages can be written in."""
    docs = root / DOCS_DIR
    return [lang for lang in LABELS if (docs / lang).is_dir()]


def in_project(root: Path, path: Path) -> str:
    """A path of the project as its editor names it (scripts/dev runs in the project's folder)."""
    return path.relative_to(root).as_posix()


def slug_problem(root: Path, slug: str, order: Collection[str]) -> str | None:
    """Why `slug` cannot name a new speech (not a slug; taken by a speech or a folder of the site), or None."""
    if not re.match(SLUG_PATTERN, slug):
        return f"slug {slug!r}: must be lowercase ASCII words joined by hyphens, such as dangshi-2021"
    taken = []
    if slug in order:
        taken.append(f"{in_project(root, library_path(root))} lists it")
    if speech_dir(root, slug).exists():
        taken.append(f"{in_project(root, speech_dir(root, slug))}/ exists")
    languages = site_languages(root)
    if slug in SITE_FOLDERS or slug in languages or slug in LABELS:
        taken.append(f"the built site has a folder {slug}/ of its own")
    for lang in languages:
        for name in (slug, f"{slug}.md"):
            if (root / DOCS_DIR / lang / name).exists():
                taken.append(f"{DOCS_DIR}/{lang}/{name} exists")
    return f"slug {slug!r} is taken: {'; '.join(taken)}" if taken else None


def add_speech(root: Path, text_path: Path, slug: str | None = None, date: str | None = None,
               speaker: str | None = None, place: str | None = None) -> NewSpeech:
    """Add the speech of `text_path` to the library of `root`; raises NewSpeechError or DataError, having written nothing."""
    speech = read_speech(text_path)
    facts_file = meta_beside(text_path)
    facts = (read_facts(facts_file) if facts_file.exists() else Facts()).merged(date=date, speaker=speaker, place=place)
    if facts.date and (problem := date_problem(facts.date)):
        raise NewSpeechError(f"{'--date' if date else display_path(facts_file)}: {problem}")
    title = facts.title or title_of(speech)
    order = load_library_order(root).speeches
    proposed = slug is None
    if slug is None:
        slug = propose_slug(title, facts.date, taken=set(order) | _taken_names(root))
    problem = slug_problem(root, slug, order)
    if problem:
        raise NewSpeechError(f"{problem} (choose another with --slug)")
    library = load_library(root)  # every speech as the build loads it: a broken library is reported first
    position = library_position(order, {s.slug: s.meta.date for s in library}, facts.date)
    new_library = library_with(library_path(root), slug, position)
    units = proposed_units(speech)

    with tempfile.TemporaryDirectory(prefix=f"new-{slug}-") as staging:
        folder = Path(staging) / slug
        folder.mkdir()
        shutil.copyfile(text_path, folder / SPEECH_FILE)  # the bytes as they are: the pinned reference
        accept(folder / SPEECH_FILE)
        source = text_path.name + (f" and {facts_file.name}" if facts_file.exists() else "")
        (folder / META_FILE).write_text(meta_yaml(title, describe(speech), facts, source), encoding="utf-8")
        (folder / UNITS_FILE).write_text(units_yaml(units), encoding="utf-8")
        corpus = load_corpus(folder, slug)  # as the build will read it; a DataError here writes nothing
        target = speech_dir(root, slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, target)
    library_path(root).write_text(new_library, encoding="utf-8")
    corpus = replace(corpus, data_dir=target)
    listed = list(library.speeches.items())
    library = Library(library.root, dict(listed[:position] + [(slug, corpus)] + listed[position:]))
    pages = speech_stubs(library, slug, stub_languages(corpus, site_languages(root)), corpus.has_questions)
    changes = write_stubs(root / DOCS_DIR, pages, {})
    options = tuple(name for name, value in (("date", date), ("speaker", speaker), ("place", place)) if value)
    return NewSpeech(slug, proposed, facts, facts_file if facts_file.exists() else None, target, units, position, changes, options,
                     len(speech.outline.warnings))


def _taken_names(root: Path) -> set[str]:
    """Names a proposed slug avoids: speech folders, the site's own folders, the pages of docs/<lang>/."""
    names = set(SITE_FOLDERS) | set(LABELS)
    folder = speech_dir(root, "x").parent
    if folder.is_dir():
        names |= {path.name for path in folder.iterdir()}
    for lang in site_languages(root):
        names |= {path.name.removesuffix(".md") for path in (root / DOCS_DIR / lang).iterdir()}
    return names


# --- scripts/dev pages -------------------------------------------------------------------------


@dataclass
class PagesCheck:
    problems: list[str]  # what was wrong before (stub_problems)
    changes: StubChanges  # what was done about it (nothing with check_only)


def refresh_pages(root: Path, check_only: bool = False) -> PagesCheck:
    """Make the stub pages of every speech but the root follow its data (or only say what differs)."""
    library = load_library(root)
    locales = site_languages(root)
    docs = root / DOCS_DIR
    expected, found = library_stubs(library, locales), found_stubs(docs, library, locales)
    problems = stub_problems(expected, found, DOCS_DIR)
    return PagesCheck(problems, StubChanges() if check_only else write_stubs(docs, expected, found))


# --- what the commands print -------------------------------------------------------------------


def _pages_summary(paths: Sequence[str]) -> str:
    kinds: dict[str, int] = {}
    for path in paths:
        kind = path.split("/")[-2] if path.count("/") > 2 else path.split("/")[-1].removesuffix(".md")
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{count} {kind}" for kind, count in kinds.items())


def new_report(made: NewSpeech, root: Path) -> str:
    """What `scripts/dev new` made, and what an editor may add next."""
    folder, slug = in_project(root, made.data_dir), made.slug
    facts = made.facts
    given = [f"{name} {getattr(facts, name)}" for name in FACTS[1:] if getattr(facts, name)]
    missing = [name for name in FACTS[1:] if not getattr(facts, name)]
    sources = ([display_path(made.facts_file)] if made.facts_file else []) + (["the command line"] if made.from_command_line else [])
    source = f" (from {' and '.join(sources)})" if sources else ""
    known = ("; ".join(given) + source) if given else "no date, speaker or place given"
    units = ", ".join(f"{unit.id} ¶{unit.first}–{unit.last}" for unit in made.units)
    order = load_library_order(root).speeches
    lines = [
        f"added the speech {slug!r}"
        + (" (slug proposed from the title and the year: choose another with --slug)" if made.slug_proposed else ""),
        "",
        "made:",
        f"  {folder}/{SPEECH_FILE}   the text as given, pinned in {SPEECH_FILE}.sha256",
        f"  {folder}/{META_FILE}   title and a one-line description from the text; {known}"
        + (f"; left out: {', '.join(missing)}" if missing else ""),
        f"  {folder}/{UNITS_FILE}   {len(made.units)} unit(s) from the outline: {units}",
        f"  {in_project(root, library_path(root))}   lists it {made.position + 1}. of {len(order)}",
    ]
    by_language: dict[str, list[str]] = {}
    for path in made.pages.written:
        by_language.setdefault(path.split("/")[0], []).append(path)
    for lang, paths in by_language.items():
        lines.append(f"  {DOCS_DIR}/{lang}/{slug}/   {len(paths)} pages: {_pages_summary(paths)}")
    if made.outline_warnings:
        lines.append(f"  check the units: the numbering of the text has {made.outline_warnings} warning(s) "
                     f"(`scripts/dev inspect {folder}/{SPEECH_FILE}` lists them)")
    lines += [
        "",
        "an editor may add (each optional; the speech is complete in Chinese without them):",
        f"  {folder}/{UNITS_FILE}   other units or titles (then `{PAGES_COMMAND}`)",
        f"  {folder}/{TRANSLATION_FILE}   an English translation, piece by piece (`scripts/dev inspect {folder}/{SPEECH_FILE}`",
        f"      shows the pieces); then en: titles and descriptions in {META_FILE} and {UNITS_FILE}, and `{PAGES_COMMAND}`",
        f"  {folder}/{NOTES_FILE}   editorial notes beside the text",
        f"  {folder}/{QUESTIONS_FILE}   study questions per unit (then `{PAGES_COMMAND}` for the questions page)",
        f"  {folder}/{RULES_FILE}   reviewed rules of the indexes (phrase kinds, directive clauses)",
        "",
        "next:",
        "  scripts/dev build   the whole site, with this speech",
        f"  scripts/dev serve   read it at http://127.0.0.1:8000/{slug}/index.html",
    ]
    return "\n".join(lines)


def pages_report(result: PagesCheck, check_only: bool) -> str:
    changes = result.changes
    if not result.problems:
        return "the stub pages of every speech follow its data: nothing to do"
    if check_only:
        return "\n".join([*result.problems, f"run `{PAGES_COMMAND}` to rewrite them"])
    lines = [f"wrote {DOCS_DIR}/{path}" for path in changes.written] + [f"removed {DOCS_DIR}/{path}" for path in changes.removed]
    lines += [f"left {DOCS_DIR}/{path}: not a generated page (move or delete it by hand)" for path in changes.foreign]
    return "\n".join(lines)
