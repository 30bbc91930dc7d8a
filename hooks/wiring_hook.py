"""MkDocs events that check the site's wiring before the build does work (core: wiring.py),
and keep two builds of one site folder from writing into it at once. Listed first in mkdocs.yml.

- on_config (the top-level build, not static-i18n's per-language builds inside it): take the
  build lock of site_dir; check mkdocs.yml and overrides/ (wiring.config_problems); check that
  the stub pages of every speech but the root are what its data gives (library_stubs.py: one
  error lists every missing, extra or stale page and names `scripts/dev pages`).
- on_files (every language): check this language's markers against data/ (wiring.marker_problems).
- on_post_build (the top-level build, after everything), on_build_error, on_shutdown: release the lock.

Each check lists every problem at once, one line each, in one PluginError.

The lock: two builds into one site_dir at once (two terminals, an editor's task and a test run)
each clean the folder and write their pages, so the site ends up a mix of both, with exit 0.
A lock in the hooks covers every way of building (plain `mkdocs build`, `scripts/dev`, the
tests): the second build waits for the first, then builds the whole site itself. The lock file
lives in the temporary folder, named after the site folder: not inside the site (the offline
zip would pack it), not in the checkout.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files

import build_data
import concordance
import index_pages
import library_pages
import glossary
import handouts
import markup
import questions
import search_index
from library import INDEX_KINDS
from library_stubs import found_stubs, library_stubs, stub_error, stub_problems
from wiring import SiteConfig, config_problems, marker_problems, speech_wiring

log = get_plugin_logger("wiring")

HOOKS_DIR = Path(__file__).resolve().parent
# Hook modules declare what they load: files of theme.custom_dir and outputs of extra.bundles.
OVERRIDES_ATTRIBUTE = "NEEDS_OVERRIDES"
BUNDLES_ATTRIBUTE = "NEEDS_BUNDLES"
# Tables of text per language that the hooks use: a locale must be in every one of them.
LANGUAGE_TABLES = (
    glossary.LABELS,
    questions.LABELS,
    handouts.LABELS,
    index_pages.LABELS,
    library_pages.LABELS,
    concordance.LABELS,
    markup.LINK_TITLE,
    markup.OTHER_LANGUAGE_RUN,
    search_index.SEPARATOR,
)
# A full build with PDFs takes a few minutes on a slow machine: wait that long for another one.
LOCK_TIMEOUT_S = 900.0


class _Lock:
    held: FileLock | None = None


LOCK = _Lock()


def lock_path(site_dir: str) -> Path:
    key = hashlib.sha256(os.path.realpath(site_dir).encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"mkdocs-site-{key}.lock"


def acquire_build_lock(site_dir: str, timeout: float = LOCK_TIMEOUT_S) -> None:
    """Hold the lock of `site_dir` until release_build_lock(); wait for another build holding it."""
    lock = FileLock(lock_path(site_dir))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.info(f"another build is writing {site_dir}: waiting for it to finish (lock {lock.lock_file})")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise PluginError(
                f"another build has been writing {site_dir} for over {timeout:.0f} s "
                f"(lock {lock.lock_file}): stop it, or build into another folder with -d"
            ) from None
    LOCK.held = lock


def release_build_lock() -> None:
    if LOCK.held is not None:
        LOCK.held.release()
        LOCK.held = None


def _relative(path: str | os.PathLike, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def site_config(config: MkDocsConfig) -> SiteConfig:
    """The parts of the config the site needs, as plain values for wiring.config_problems."""
    root = Path(config.config_file_path).parent
    hook_modules = list(config.hooks.values())
    i18n = config.plugins.get("i18n")
    locales = [language.locale for language in i18n.config.languages if language.build] if i18n else []
    custom_dir = config.theme.custom_dir
    needed_overrides = [path for module in hook_modules for path in getattr(module, OVERRIDES_ATTRIBUTE, ())]
    bundles = config.extra.get("bundles")
    page_assets = [str(path) for path in config.extra_css] + [str(script.path) for script in config.extra_javascript]
    asset_dirs = [Path(config.docs_dir)] + ([Path(custom_dir)] if custom_dir else [])
    return SiteConfig(
        config_file=Path(config.config_file_path).name,  # paths below are relative to it
        hooks_listed=[_relative(root / name, root) for name in config.hooks],
        hook_files=sorted(_relative(path, root) for path in HOOKS_DIR.glob("*_hook.py")),
        plugins=[name.removeprefix("material/") for name in config.plugins if name not in config.hooks],
        locales=locales,
        known_locales=set.intersection(*(set(table) for table in LANGUAGE_TABLES)),
        bundle_outputs=list(bundles) if isinstance(bundles, dict) else None,
        needed_bundles=[path for module in hook_modules for path in getattr(module, BUNDLES_ATTRIBUTE, ())],
        offline_zip=config.extra.get("offline_zip"),
        custom_dir=_relative(custom_dir, root) if custom_dir else None,
        needed_overrides=needed_overrides,
        existing_overrides=[path for path in needed_overrides if custom_dir and (Path(custom_dir) / path).is_file()],
        page_assets=page_assets,
        existing_assets=[path for path in page_assets if any((folder / path).is_file() for folder in asset_dirs)],
    )


def _raise(title: str, problems: list[str]) -> None:
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        raise PluginError(f"{title}: {len(problems)} problem(s)\n{lines}")


# After static-i18n's on_config (priority -100), before the other hooks (-110) use the config.
@event_priority(-105)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return config  # a language build inside the top-level one: checked and locked already
    acquire_build_lock(config.site_dir)
    _raise("mkdocs.yml and overrides/", config_problems(site_config(config)))
    check_stubs(config)
    return config


def check_stubs(config: MkDocsConfig) -> None:
    """The stub pages of docs/<lang>/<slug>/ against what the speeches' data gives (library_stubs.py)."""
    library, locales = build_data.library(config), build_data.locales(config)
    docs_dir = Path(config.docs_dir)
    expected, found = library_stubs(library, locales), found_stubs(docs_dir, library, locales)
    problems = stub_problems(expected, found, _relative(docs_dir, Path(config.config_file_path).parent))
    if problems:
        raise PluginError(stub_error(problems))


# After static-i18n has narrowed the files to this build's language, before the other hooks read them.
@event_priority(-105)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    pages = [(_relative(f.abs_src_path, root), f.content_string) for f in files.documentation_pages()]
    lang = config.plugins["i18n"].current_language
    library, speech_of = build_data.library(config), build_data.speech_of(config)
    speeches = {
        speech.slug: speech_wiring([unit.id for unit in speech.units], INDEX_KINDS, lang in speech.languages,
                                   bool(speech.translation), speech.has_questions)
        for speech in library
    }
    docs_dir = _relative(Path(config.docs_dir) / lang, root) + "/"
    problems = marker_problems(pages, speeches[library.root].known_values, docs_dir, speeches=speeches,
                               speech_of=lambda page: speech_of(_relative(root / page, Path(config.docs_dir))))
    _raise(f"markers in {docs_dir}", problems)
    return files


# Last of all: after static-i18n has built the other languages and the offline zip is written.
@event_priority(-1000)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or not i18n.building:
        release_build_lock()


def on_build_error(error: Exception) -> None:
    release_build_lock()


def on_shutdown() -> None:
    release_build_lock()
