"""The wiring between docs/, data/, mkdocs.yml and overrides/, checked before the build does work.

Pure and typed (no MkDocs imports); hooks/wiring_hook.py gathers the inputs and raises.

Generated content is placed by markers in the Markdown of docs/: `<!-- glossary -->`,
`<!-- speech: part-1 -->` and so on (`MARKERS`, the one list of them: a new marker is one more
line there). A mistake in them used to show up late and elsewhere (a KeyError blaming another
page) or not at all (a page without `<!-- glossary -->` silently lost every term link). Here
every HTML comment shaped like a marker (one word, optionally `: value`) is checked against the
list, and each problem is one line naming the page and the marker. Every problem of a build is
reported at once.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass


# The value kind of a marker whose value is text for readers, not an id.
LABEL = "label"


@dataclass(frozen=True)
class Marker:
    """A marker `<!-- word -->` or `<!-- word: value -->` that a hook replaces with generated content."""

    word: str
    # The kind of value it names ("unit": an id of the speech's units.yml, "index": an index kind,
    # "label": any text shown to readers); None if it takes no value.
    values: str | None = None
    value_optional: bool = False
    # Every language build needs it: once per value of its kind, or once if it takes no value
    # (or the value is optional: then the bare form is the one required).
    required: bool = False
    # Each marker (with its value) is on one page of a language at most (of each speech, if per_speech).
    one_page: bool = True
    # Each speech of the library has its own (its units, its index pages); else once for the site.
    per_speech: bool = True

    def example(self) -> str:
        value = self.values.upper() if self.values else ""
        return f"<!-- {self.word}: {value} -->" if self.values and not self.value_optional else f"<!-- {self.word} -->"


# The markers the hooks know: the core module that defines each one's pattern is named beside it.
MARKERS: tuple[Marker, ...] = (
    Marker("speech", "unit", required=True),  # speech.SPEECH_MARKER: the unit's text (its page)
    Marker("parallel", "unit", required=True),  # speech.PARALLEL_MARKER: side by side
    Marker("handout", "unit", required=True),  # handouts.HANDOUT_MARKER: the printable handout
    # questions.QUESTIONS_MARKER: bare, the questions page; with a unit, its collapsible questions.
    Marker("questions", "unit", value_optional=True, required=True),
    Marker("handouts"),  # handouts.DOWNLOADS_MARKER: the table of handouts and PDFs
    Marker("index", "index", required=True),  # index_pages.INDEX_MARKER: an index page
    # library_pages.OVERVIEW_MARKER: a speech's overview (facts, structure, units).
    Marker("speech-overview", required=True),
    Marker("glossary", required=True, per_speech=False),  # glossary.GLOSSARY_MARKER: the glossary (and every term link)
    Marker("library", required=True, per_speech=False),  # library_pages.LIBRARY_MARKER: the list of speeches
    # concordance.CONCORDANCE_MARKER: every phrase, formula and document title across the speeches.
    Marker("concordance", required=True, per_speech=False),
    # offline_zip.OFFLINE_ZIP_MARKER: the link to the offline copy, with its text (any page, any number).
    Marker("offline-zip", LABEL, one_page=False, per_speech=False),
)

# An HTML comment that is one word, optionally followed by `: value`: what a marker looks like.
# Other comments (sentences) are left alone.
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
MARKER_SHAPE = re.compile(r"\s*([A-Za-z][\w-]*)\s*(?::\s*(.*?))?\s*", re.DOTALL)
VALUE = re.compile(r"[\w-]+")


def marker_text(word: str, value: str | None) -> str:
    return f"<!-- {word}: {value} -->" if value else f"<!-- {word} -->"


@dataclass(frozen=True)
class Found:
    page: str
    marker: Marker
    value: str | None


def _unknown_word(page: str, comment: str, word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word.lower(), known, n=1, cutoff=0.6)
    hint = f"did you mean {comment.replace(word, close[0], 1)}? " if close else ""
    return f"{page}: {comment} is not a marker the hooks know ({hint}markers: {', '.join(known)})"


@dataclass(frozen=True)
class SpeechWiring:
    """What one speech's pages must hold in one language: the values its markers may name, the markers it needs."""

    known_values: Mapping[str, Collection[str]]  # "unit": its unit ids, "index": the index kinds
    required: Collection[str]  # words of per-speech markers it needs (parallel only if translated …)


def speech_wiring(unit_ids: Sequence[str], index_kinds: Collection[str], readable: bool, translated: bool,
                  has_questions: bool) -> SpeechWiring:
    """What a speech's pages of one language need: nothing where it cannot be read in that language."""
    required = ["speech", "handout", "index", "speech-overview"] if readable else []
    if readable and translated:
        required.append("parallel")
    if readable and has_questions:
        required.append("questions")
    return SpeechWiring({"unit": list(unit_ids), "index": list(index_kinds)}, required)


def find_markers(
    pages: Iterable[tuple[str, str]],
    known_values: Mapping[str, Collection[str]] | Callable[[str], Mapping[str, Collection[str]]],
    problems: list[str],
    markers: Sequence[Marker] = MARKERS,
) -> list[Found]:
    """The markers of `pages` ((page, Markdown) pairs); each malformed one adds a line to `problems`.

    `known_values`: the values markers may name, or a function giving them for a page (its speech's).
    """
    by_word = {marker.word: marker for marker in markers}
    found: list[Found] = []
    for page, markdown in pages:
        page_values = known_values(page) if callable(known_values) else known_values
        seen: set[tuple[str, str | None]] = set()
        for comment in COMMENT.finditer(markdown):
            shape = MARKER_SHAPE.fullmatch(comment.group(1))
            if not shape:
                continue
            word, value = shape.group(1), shape.group(2)
            text = comment.group()
            marker = by_word.get(word)
            if marker is None:
                problems.append(_unknown_word(page, text, word, list(by_word)))
                continue
            if value is not None and not marker.values:
                problems.append(f"{page}: {text}: <!-- {word} --> takes no value")
                continue
            if value is None and marker.values and not marker.value_optional:
                problems.append(f"{page}: {text}: needs a {marker.values} ({marker.example()})")
                continue
            if value is not None and marker.values != LABEL:
                known = page_values.get(marker.values, ())
                if not VALUE.fullmatch(value):
                    problems.append(f"{page}: {text}: {value!r} is not a {marker.values} id (letters, digits, '-')")
                    continue
                if value not in known:
                    problems.append(f"{page}: {text}: no {marker.values} {value!r} (one of: {', '.join(known)})")
                    continue
            if (word, value) in seen:
                problems.append(f"{page}: {text} is twice on the page (once is enough)")
                continue
            seen.add((word, value))
            found.append(Found(page, marker, value))
    return found


def marker_problems(
    pages: Sequence[tuple[str, str]],
    known_values: Mapping[str, Collection[str]],
    docs_dir: str,
    markers: Sequence[Marker] = MARKERS,
    speeches: Mapping[str, SpeechWiring] | None = None,
    speech_of: Callable[[str], str] | None = None,
) -> list[str]:
    """Every wiring problem of one language's pages (paths as the reader should see them).

    A library (`speeches`: slug -> its wiring, `speech_of(page)` -> slug) checks each speech's
    pages against its own units and needs; without it, the pages are those of one speech,
    which needs every required marker (`known_values`).
    """
    if speeches is None or speech_of is None:
        speeches, speech_of = {"": SpeechWiring(known_values, [m.word for m in markers])}, (lambda page: "")
    problems: list[str] = []
    found = find_markers(pages, lambda page: speeches[speech_of(page)].known_values, problems, markers)
    pages_of: dict[tuple[str, str, str | None], list[str]] = defaultdict(list)
    for item in found:
        scope = speech_of(item.page) if item.marker.per_speech else ""
        pages_of[(scope, item.marker.word, item.value)].append(item.page)
    for (scope, word, value), where in pages_of.items():
        marker = next(m for m in markers if m.word == word)
        if marker.one_page and len(where) > 1:
            text = marker_text(word, value)
            owner = f" (one page per {marker.values})" if value else ""
            problems.append(f"{text} is on {len(where)} pages: {' and '.join(where)}{owner}")
    for marker in markers:
        if not marker.required:
            continue
        scopes = [(slug, wiring) for slug, wiring in speeches.items() if marker.word in wiring.required] if marker.per_speech else [("", next(iter(speeches.values())))]
        for slug, wiring in scopes:
            needed = [None] if not marker.values or marker.value_optional else list(wiring.known_values.get(marker.values, ()))
            for value in needed:
                if (slug, marker.word, value) not in pages_of:
                    text = marker_text(marker.word, value)
                    why = f" ({marker.values} {value!r} needs one)" if value else ""
                    whose = f" of speech {slug!r}" if slug and len(speeches) > 1 else ""
                    problems.append(f"{docs_dir}: no page{whose} has {text}{why}")
    return problems


@dataclass(frozen=True)
class SiteConfig:
    """What the site needs from mkdocs.yml and overrides/, as plain values (wiring_hook reads them)."""

    config_file: str
    hooks_listed: Sequence[str]  # paths of mkdocs.yml `hooks:`, relative to mkdocs.yml
    hook_files: Sequence[str]  # the *_hook.py files of hooks/, relative to mkdocs.yml
    plugins: Sequence[str]  # names in the order of mkdocs.yml `plugins:`
    locales: Sequence[str]  # the languages static-i18n builds
    known_locales: Collection[str]  # the languages every hook has labels for
    bundle_outputs: Collection[str] | None  # outputs of extra.bundles; None if the key is missing
    needed_bundles: Collection[str]  # outputs the hooks load
    offline_zip: object  # extra.offline_zip as given
    custom_dir: str | None
    needed_overrides: Collection[str]  # files the hooks need in the custom_dir
    existing_overrides: Collection[str]  # which of them exist
    page_assets: Sequence[str] = ()  # extra_css and extra_javascript: what every page loads
    existing_assets: Collection[str] = ()  # which of them are files of docs/ or the custom_dir


def _plain_file_name(value: object) -> bool:
    return (
        isinstance(value, str)
        and value not in ("", ".", "..")
        and "/" not in value
        and "\\" not in value
        and posixpath.basename(value) == value
        and value.endswith(".zip")
    )


def config_problems(site: SiteConfig) -> list[str]:
    """Every problem of mkdocs.yml and overrides/ that would make the hooks fail or silently drop a feature."""
    where = site.config_file
    problems: list[str] = []
    listed = set(site.hooks_listed)
    for hook in site.hook_files:
        if hook not in listed:
            problems.append(f"{where}: hooks: {hook} is not listed (its part of the site would be missing)")
    if "i18n" not in site.plugins:
        problems.append(f"{where}: plugins: i18n (mkdocs-static-i18n) is missing; the hooks build one site per language")
    elif "offline" in site.plugins and site.plugins.index("offline") < site.plugins.index("i18n"):
        problems.append(f"{where}: plugins: offline must come after i18n")
    for locale in site.locales:
        if locale not in site.known_locales:
            problems.append(
                f"{where}: plugins.i18n.languages: locale {locale!r} is not one the hooks and data/ have text for "
                f"({', '.join(sorted(site.known_locales))})"
            )
    if site.bundle_outputs is None:
        problems.append(f"{where}: extra.bundles is missing (the site's stylesheets and scripts are built from it)")
    else:
        for output in site.needed_bundles:
            if output not in site.bundle_outputs:
                problems.append(f"{where}: extra.bundles: no bundle {output!r}, which the hooks load on every page")
    for asset in site.page_assets:
        if "://" not in asset and asset not in site.existing_assets and asset not in (site.bundle_outputs or ()):
            problems.append(f"{where}: extra_css/extra_javascript: {asset!r} is neither a bundle of extra.bundles nor a file")
    if site.offline_zip is None:
        problems.append(f"{where}: extra.offline_zip is missing (the file name of the offline copy, e.g. site.zip)")
    elif not _plain_file_name(site.offline_zip):
        problems.append(
            f"{where}: extra.offline_zip: {site.offline_zip!r} must be a plain file name ending in .zip "
            "(no folders: it is written inside the site)"
        )
    if not site.custom_dir:
        problems.append(f"{where}: theme.custom_dir is missing (overrides/ holds the site's templates and assets)")
    else:
        for path in site.needed_overrides:
            if path not in site.existing_overrides:
                problems.append(f"{posixpath.join(site.custom_dir, path)}: missing (vendored; the hooks load it)")
    return problems
