"""The library: which speeches the site holds, in which order, and where each one's pages live.

Pure and typed (no MkDocs imports). data/library.yml lists the speeches; each has a folder
data/speeches/<slug>/ (corpus.py loads it). One speech, `root`, keeps its pages at the top of
docs/<lang>/ (the seed: its URLs are cited in handouts and chats, and mkdocs-redirects does not
work with static-i18n's folders); every other speech's pages live under docs/<lang>/<slug>/.
So a page's speech is read from its path (`speech_slug_of`), and markers keep naming units only.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus import Corpus, load_corpus, relative_link
from datafiles import Slug, StrictModel, line_of, load_model

DATA_DIR = "data"
LIBRARY_FILE = "library.yml"
SPEECHES_DIR = "speeches"
DEFAULT_LANGUAGE = "zh"

# Where a speech's pages are in a language's docs folder, under its prefix: one layout
# for the stub pages `new` writes (library_stubs.py), the navigation (navigation.py) and the
# search index's split into shared and per-speech files (search_index.py).
UNITS_FOLDER = "units"
PARALLEL_FOLDER = "parallel"
HANDOUTS_FOLDER = "handouts"
INDEXES_FOLDER = "indexes"
QUESTIONS_PAGE = "questions.md"
# A speech's overview: the root's is about.md (index.md at the top is the library's home).
OVERVIEW_PAGE = "index.md"
ROOT_OVERVIEW_PAGE = "about.md"
# A speech's index pages, in the order its navigation lists them (index_pages renders them).
INDEX_KINDS = ("structure", "directives", "slogans", "documents")


@dataclass(frozen=True)
class SpeechPages:
    """The paths of one speech's pages in a language's docs folder (each a .md path)."""

    overview: str
    units: dict[str, str]  # unit id -> its page
    parallel: dict[str, str]  # unit id -> its side-by-side page; empty without a translation
    questions: str | None  # None: the speech has no study questions
    handouts: dict[str, str]  # unit id -> its handout page
    indexes: dict[str, str]  # index kind -> its page

    def all(self) -> list[str]:
        return [self.overview, *self.units.values(), *self.parallel.values(),
                *([self.questions] if self.questions else []), *self.handouts.values(), *self.indexes.values()]


class LibraryModel(StrictModel):
    """library.yml: the root speech and the order of all speeches."""

    root: Slug
    speeches: list[Slug]


@dataclass(frozen=True)
class Library:
    root: str  # the slug whose pages stay at the top of docs/<lang>/
    speeches: dict[str, Corpus]  # slug -> speech, in the library's order

    def __iter__(self) -> Iterator[Corpus]:
        return iter(self.speeches.values())

    def __getitem__(self, slug: str) -> Corpus:
        return self.speeches[slug]

    @property
    def root_speech(self) -> Corpus:
        return self.speeches[self.root]

    def prefix(self, slug: str) -> str:
        """Where a speech's pages live in a language's docs folder: "" for the root, "<slug>/" otherwise."""
        return page_prefix(slug, self.root)

    def slug_of(self, src_uri: str, locales: Collection[str] = ()) -> str:
        return speech_slug_of(src_uri, self.speeches, self.root, locales)

    def unit_page(self, slug: str, unit_id: str) -> str:
        """Where a unit's page is, relative to a language's docs folder (`scripts/dev new` writes it there)."""
        return f"{self.prefix(slug)}{UNITS_FOLDER}/{unit_id}.md"

    def pages(self, slug: str, has_questions: bool) -> SpeechPages:
        """Where every page of a speech is (`has_questions`: whether it has a questions.yml)."""
        prefix, speech = self.prefix(slug), self.speeches[slug]
        units = [unit.id for unit in speech.units]

        def folder(name: str, ids) -> dict[str, str]:
            return {item: f"{prefix}{name}/{item}.md" for item in ids}

        return SpeechPages(
            overview=f"{prefix}{OVERVIEW_PAGE}" if prefix else ROOT_OVERVIEW_PAGE,
            units=folder(UNITS_FOLDER, units),
            parallel=folder(PARALLEL_FOLDER, units) if speech.translation else {},
            questions=f"{prefix}{QUESTIONS_PAGE}" if has_questions else None,
            handouts=folder(HANDOUTS_FOLDER, units),
            indexes=folder(INDEXES_FOLDER, INDEX_KINDS),
        )



def page_prefix(slug: str, root: str) -> str:
    return "" if slug == root else f"{slug}/"


def speech_slug_of(src_uri: str, slugs: Collection[str], root: str, locales: Collection[str] = ()) -> str:
    """The speech a page belongs to: the folder after the language folder, if it is a speech's slug.

    "zh/dangshi-2021/units/opening.md" -> "dangshi-2021"; "zh/units/opening.md", "zh/glossary.md" -> root.
    """
    parts = src_uri.split("/")
    if len(parts) > 1 and parts[0] in locales:
        parts = parts[1:]
    return parts[0] if len(parts) > 1 and parts[0] in slugs and parts[0] != root else root


def speech_dir(root_dir: Path, slug: str) -> Path:
    return root_dir / DATA_DIR / SPEECHES_DIR / slug


def library_path(root_dir: Path) -> Path:
    return root_dir / DATA_DIR / LIBRARY_FILE


def load_library_order(root_dir: Path) -> LibraryModel:
    """data/library.yml, checked against the speech folders: every problem at once."""
    path = library_path(root_dir)
    model, data, problems = load_model(path, LibraryModel)
    if model is None:
        problems.raise_if_any()
    folder = root_dir / DATA_DIR / SPEECHES_DIR
    seen: set[str] = set()
    for index, slug in enumerate(model.speeches):
        if slug in seen:
            problems.add(f"speeches[{index}]", f"{slug!r} is listed twice", line=line_of(data, ("speeches", index)))
        seen.add(slug)
        if not (folder / slug).is_dir():
            problems.add(f"speeches[{index}]", f"no folder {DATA_DIR}/{SPEECHES_DIR}/{slug}/ for speech {slug!r}",
                         line=line_of(data, ("speeches", index)))
    if model.root not in model.speeches:
        problems.add("root", f"{model.root!r} is not one of the speeches listed", line=line_of(data, ("root",)))
    unlisted = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name not in seen) if folder.is_dir() else []
    for name in unlisted:
        problems.add("speeches", f"the folder {DATA_DIR}/{SPEECHES_DIR}/{name}/ is not listed (add it, or remove the folder)",
                     line=line_of(data, ("speeches",)))
    problems.raise_if_any()
    return model


def load_library(root_dir: Path) -> Library:
    """Every speech of data/library.yml, loaded and validated; a DataError names the file and every problem.

    The speeches are loaded one by one, and a problem in one speech stops the build with its file:
    its errors are all listed (each speech's loader collects them), and the other speeches' come next run.
    """
    order = load_library_order(root_dir)
    speeches = {slug: load_corpus(speech_dir(root_dir, slug), slug) for slug in order.speeches}
    return Library(order.root, speeches)


def relative_to_root(src_uri: str, locales: Collection[str]) -> str:
    """A page path without its language folder ("zh/units/x.md" -> "units/x.md")."""
    first, _, rest = src_uri.partition("/")
    return rest if rest and first in locales else src_uri



def chinese_target(from_url: str, page: str, anchor: str = "") -> str:
    """A link from the page at `from_url` to the Chinese version of `page` (a path in a language's
    docs folder), which the default language puts at the site's top. Pages of another language link a
    speech read in Chinese only so, with a plain HTML link: MkDocs validates links only among the
    current language's files."""
    target = posixpath.relpath(page.removesuffix(".md") + ".html", posixpath.dirname(from_url) or ".")
    return f"{target}#{anchor}" if anchor else target


class PieceLinks:
    """Link targets to the pieces (¶) of every speech from one language's pages.

    `unit_pages`: (slug, unit id) -> src path of the unit's page in this language (corpus.find_unit_pages).
    A speech read in Chinese only has no page in another language: its pieces are linked to
    its Chinese pages (`chinese_target`), which `corpus.markdown_link` writes as HTML.
    """

    def __init__(self, library: Library, unit_pages: dict[tuple[str, str], str], lang: str):
        self.library, self.unit_pages, self.lang = library, unit_pages, lang

    def unit_target(self, from_src: str, from_url: str, slug: str, unit_id: str, anchor: str = "") -> str:
        src = self.unit_pages.get((slug, unit_id))
        if src is not None:
            return relative_link(from_src, src, anchor)
        if self.lang == DEFAULT_LANGUAGE or self.library[slug].translation:
            raise LookupError(f"{from_src}: no page shows unit {unit_id!r} of speech {slug!r} (<!-- speech: {unit_id} -->)")
        return chinese_target(from_url, self.library.unit_page(slug, unit_id), anchor)

    def piece_target(self, from_src: str, from_url: str, slug: str, piece_id: str) -> str:
        speech = self.library[slug]
        unit = speech.unit_of(speech.speech.piece(piece_id).paragraph)
        return self.unit_target(from_src, from_url, slug, unit.id, piece_id)
