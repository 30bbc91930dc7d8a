"""The site's navigation, from data: every speech's pages, and what each page shows of them.

Pure and typed (no MkDocs imports); hooks/nav_hook.py applies it to the build.

mkdocs.yml `nav:` is written by hand for the shared pages (home, guide, glossary, maintainers)
and the root speech's pages: they carry prose, and static-i18n translates its section titles
with `nav_translations`. Every other speech's navigation comes from its data (`speech_nav`): one
section titled with the speech's title, holding its pages in the root's shape (overview, the
units, side by side if translated, questions if it has some, handouts, indexes). A speech is in
a language's navigation only if it can be read in that language (`Corpus.languages`). Its
overview is <slug>/index.md, so with Material's `navigation.indexes` the section's title links to it.

Material writes the whole navigation into every page, so a library of 50 speeches would put 50
speeches' links into each of them. So a page shows a view of it (`views`): the shared items and
its own speech's items only (a shared page: the root's, as before there was a library).
Material's `navigation.prune` does not do this: with `navigation.sections`, every top-level
section is rendered whole, and each speech is one.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar, Union

from library import Library, SpeechPages

# An entry of mkdocs.yml `nav:` as MkDocs reads it: a page's path, or {title: path or entries}.
NavEntry = Union[str, dict[str, Union[str, list["NavEntry"]]]]

# The titles of the root speech's sections in mkdocs.yml `nav:`, in the default language:
# static-i18n gives them in other languages (`nav_translations`), for every speech alike.
UNITS_TITLE = "讲话原文"
PARALLEL_TITLE = "中英对照"
HANDOUTS_TITLE = "讲义"
INDEXES_TITLE = "索引"

T = TypeVar("T")


@dataclass(frozen=True)
class SpeechNav:
    """What the navigation needs to know of one speech in one language."""

    slug: str
    title: str  # in the build's language (plain text)
    pages: SpeechPages  # where its pages are (library.py: the one layout)


def speech_nav(library: Library, slug: str, lang: str, has_questions: bool) -> SpeechNav:
    return SpeechNav(slug, library[slug].title(lang), library.pages(slug, has_questions))


def speech_items(speech: SpeechNav) -> list[NavEntry]:
    """A speech's pages as mkdocs.yml `nav:` entries, in the shape of the root speech's.

    Pages are named by path only: their titles are the pages' own (units.yml for a unit, its
    front matter for the others), as in the hand-written part.
    """
    pages = speech.pages
    items: list[NavEntry] = [pages.overview, {UNITS_TITLE: list(pages.units.values())}]
    if pages.parallel:
        items.append({PARALLEL_TITLE: list(pages.parallel.values())})
    if pages.questions:
        items.append(pages.questions)
    items.append({HANDOUTS_TITLE: list(pages.handouts.values())})
    items.append({INDEXES_TITLE: list(pages.indexes.values())})
    return items


def speech_section(speech: SpeechNav) -> NavEntry:
    """A speech other than the root as one section, titled with its title (nav titles are HTML to MkDocs)."""
    return {html.escape(speech.title, quote=False): speech_items(speech)}


def nav_pages(entries: Iterable[NavEntry]) -> list[str]:
    """The page paths of `nav:` entries, in order (external links left out)."""
    found: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            found.extend([] if "://" in entry else [entry])
        else:
            for value in entry.values():
                found.extend(nav_pages([value] if isinstance(value, str) else value))
    return found


def library_nav(hand_written: Sequence[NavEntry], root: SpeechNav, others: Sequence[SpeechNav]) -> list[NavEntry]:
    """The whole navigation of one language: the hand-written entries, and a section per other speech.

    The sections follow the root speech's last entry (or end the list if it has none). A new list
    each call, from the hand-written entries: static-i18n reuses one config for every language.
    """
    root_pages = set(nav_pages(speech_items(root)))
    owned = [index for index, entry in enumerate(hand_written) if set(nav_pages([entry])) & root_pages]
    at = owned[-1] + 1 if owned else len(hand_written)
    sections = [speech_section(speech) for speech in others]
    return [*hand_written[:at], *sections, *hand_written[at:]]


def owner(pages: Collection[str], speech_of: Callable[[str], str], root: str, root_pages: Collection[str]) -> str | None:
    """The speech a top-level entry belongs to (its pages all are that speech's), or None: shared.

    `pages`: paths relative to the language folder. A root speech's page is one the root's
    navigation names (its pages share the top folder with the shared ones); another speech's,
    one under its folder.
    """
    owners = {root if page in root_pages else speech_of(page) if speech_of(page) != root else None for page in pages}
    return owners.pop() if len(owners) == 1 else None


def views(owners: Sequence[str | None], root: str) -> dict[str, list[int]]:
    """The top-level entries each speech's pages show (indices into the whole navigation, in order).

    A page of the root speech or a shared page: every entry but the other speeches' sections, in
    order (the hand-written navigation). A page of another speech: the shared entries, with its
    own section where the root speech's first entry is.
    """
    shared = [index for index, found in enumerate(owners) if found is None]
    first_root = next((index for index, found in enumerate(owners) if found == root), len(owners))
    before, after = [i for i in shared if i < first_root], [i for i in shared if i > first_root]
    result = {root: [index for index, found in enumerate(owners) if found in (None, root)]}
    for slug in dict.fromkeys(found for found in owners if found not in (None, root)):
        result[slug] = [*before, *(index for index, found in enumerate(owners) if found == slug), *after]
    return result


def neighbours(pages: Sequence[T]) -> list[tuple[T, T | None, T | None]]:
    """Each page with its previous and next page in a view (the footer's links), as MkDocs pairs them."""
    padded = [None, *pages, None]
    return [(page, padded[index], padded[index + 2]) for index, page in enumerate(pages)]


def other_speeches(library: Library, lang: str, has_questions: Mapping[str, bool]) -> list[SpeechNav]:
    """The speeches other than the root that can be read in `lang`, in the library's order."""
    return [speech_nav(library, speech.slug, lang, has_questions[speech.slug])
            for speech in library if speech.slug != library.root and lang in speech.languages]


def language_home(link: str, default: str) -> str:
    """A language switcher's link: static-i18n's absolute fallback ("/en/", "/en/index.html", "/") as the site-relative home page."""
    if not link.startswith("/") or link.startswith("//"):
        return link
    lang = link.strip("/").removesuffix("index.html").strip("/")
    return "index.html" if lang in ("", default) else f"{lang}/index.html"
