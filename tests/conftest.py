"""Shared fixtures: the real data, and the whole site built in-process (strict, both languages)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from mkdocs.commands.build import build
from mkdocs.config import load_config

from browser_support import AsyncBrowser, BrowserThread, serve_directory
from corpus import Corpus
from glossary import load_glossary
from handout_font import HandoutFont, font_cache_folder, handout_font
from handouts import handout_texts
from library import Library, load_library
from new_speech import add_speech, refresh_pages
from questions import load_questions

ROOT = Path(__file__).resolve().parent.parent
# The seed speech: the root of the library, whose data most tests check.
SEED = ROOT / "data" / "speeches" / "zuzhi-2020"
GLOSSARY = ROOT / "data" / "glossary.yml"
RENDERINGS = ROOT / "data" / "renderings.yml"
# The deployed address the test site is built for (SITE_URL): the handout PDFs carry QR codes of
# it. At the server root, like the default, so the site's own links are the same as without it.
TEST_SITE_URL = "https://study.example.org/"


def pytest_collection_modifyitems(items):
    """The files that hold slow tests first (`scripts/dev test` hands whole files to two workers in
    this order, pytest-xdist's loadfile): a long file last would keep one worker busy alone at the end."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)


def build_site(site_dir: Path) -> Path:
    """A strict in-process build of both languages into `site_dir` (the language builds run inside)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", TEST_SITE_URL)
        config = load_config(str(ROOT / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
        build(config)
    return site_dir


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(ROOT)


@pytest.fixture(scope="session")
def corpus(library) -> Corpus:
    """The seed speech (the library's root)."""
    return library.root_speech


def texts(corpus: Corpus) -> dict:
    """What the glossary and renderings are checked against: slug -> speech text."""
    return {corpus.slug: corpus.speech}


# A library for the tests: the seed plus the two corpus speeches of tests/fixtures, added as an
# editor adds them (`scripts/dev new`, whose facts come from the .meta.yml beside each text).
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIBRARY_SPEECHES = {
    "dangshi-2021": FIXTURES / "04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.zh.txt",
    "ganbu-2018": FIXTURES / "01-maweiguang-2018-ganbu-peixun-kaixue.zh.txt",
}
# A non-root speech with a translation (its English pages, side by side, English navigation): the
# seed's data under another slug and title.
TRANSLATED_COPY = ("copy-a", {"zh": "第二篇讲话（副本）", "en": "Speech A & its copy"})
# 两个坚决维护 (quoted in the 2018 speech) is the long form of 两个维护: an alias in this library's
# glossary, so the concordance merges it into the 两个维护 row (the alias must occur in a speech, so
# the real glossary can list it only once that speech is in the library).
LIBRARY_ALIASES = {"liang-ge-wei-hu": ["两个坚决维护"]}


def make_library(project: Path) -> Path:
    """A copy of the project holding the seed, both corpus speeches (Chinese only) and a translated copy of the seed."""
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".cache", "tests", "bench", "__pycache__"))
    for slug, text in LIBRARY_SPEECHES.items():
        add_speech(project, text, slug)
    slug, title = TRANSLATED_COPY
    speeches = project / "data" / "speeches"
    shutil.copytree(speeches / SEED.name, speeches / slug)
    meta = speeches / slug / "meta.yml"
    meta.write_text(re.sub(r"title:\n  zh: .*\n  en: .*\n", f"title:\n  zh: {title['zh']}\n  en: {title['en']}\n", meta.read_text("utf-8")), "utf-8")
    order = project / "data" / "library.yml"
    order.write_text(order.read_text("utf-8").rstrip("\n") + f"\n  - {slug}\n", "utf-8")
    refresh_pages(project)  # `scripts/dev pages`: the copy's stub pages, from its data
    glossary = project / "data" / "glossary.yml"
    text = glossary.read_text("utf-8")
    for entry_id, aliases in LIBRARY_ALIASES.items():
        text, n = re.subn(rf"(- id: {entry_id}\n    term: .*\n    aliases: )\[\]", rf"\g<1>[{', '.join(aliases)}]", text)
        assert n == 1, entry_id
    glossary.write_text(text, encoding="utf-8")
    return project


def built_once(tmp_path_factory, name: str, build_into: Callable[[Path], Path]) -> Path:
    """What `build_into(folder)` builds and returns, once per test run. Under pytest-xdist the
    workers share it: the first to ask builds it, the others wait for it and read the same files
    (a build is seconds of CPU, on cores the other worker needs). Tests only read it."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build_into(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the run's, above each worker's own
    built = shared / f"{name}.built"  # written last: holds the path of a build that finished
    with FileLock(shared / f"{name}.lock"):
        if not built.exists():
            folder = shared / name
            shutil.rmtree(folder, ignore_errors=True)  # what a build that failed left
            folder.mkdir()
            built.write_text(str(build_into(folder)), encoding="utf-8")
    return Path(built.read_text(encoding="utf-8"))


def build_library(folder: Path) -> Path:
    """The test library built strict in both languages into folder/project/site (no PDFs: the
    seed's are tested on `site`)."""
    project = make_library(folder / "project")
    site = project / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDY_PDF", "0")
        patch.setenv("STUDY_PDF_CACHE", str(project / ".cache"))
        build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site)))
    return site


@pytest.fixture(scope="session")
def library_site(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "library", build_library)


@pytest.fixture(scope="session")
def real_font(corpus) -> HandoutFont:
    """The handout font for the real data, from the project's font cache (.cache/fonts), as a build
    makes it: made once if need be (seconds), and then read by the session's site build too."""
    entries = load_glossary(GLOSSARY, texts(corpus))
    questions = load_questions(corpus.data_dir / "questions.yml", corpus.speech, corpus.units)
    return handout_font(handout_texts(corpus, entries, questions, ROOT), font_cache_folder(ROOT, os.environ))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "site", build_site)


@pytest.fixture(scope="session")
def server(site):
    """The built site over http on a loopback port, for the browser tests."""
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Chromium on a thread of its own, sync API (browser_support.BrowserThread): one for the session."""
    pytest.importorskip("playwright.sync_api")
    thread = BrowserThread()
    yield thread
    thread.close()


@pytest.fixture(scope="session")
def async_chromium():
    """Chromium on a thread of its own, async API (browser_support.AsyncBrowser), for sweeps that keep
    several pages open at once: one for the session."""
    pytest.importorskip("playwright.async_api")
    browser = AsyncBrowser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's script, from the axe-playwright-python package (its bundled axe.min.js; see pyproject.toml)."""
    axe = pytest.importorskip("axe_playwright_python.base")
    return axe.AXE_FILE_PATH.read_text(encoding="utf-8")


def nav_pages() -> list[str]:
    """Source paths of the pages in navigation order, from mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))

    def walk(items):
        for item in items:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict):
                for value in item.values():
                    yield from walk([value] if isinstance(value, str) else value)

    return list(walk(config["nav"]))


def built_path(site: Path, src: str, lang: str) -> Path:
    html = src.removesuffix(".md") + ".html"
    return site / html if lang == "zh" else site / lang / html
