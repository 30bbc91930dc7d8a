"""Shared fixtures: the real data, and the whole site built in-process (strict, both languages)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from browser_support import AsyncBrowser, BrowserThread, serve_directory
from corpus import Corpus, load_corpus
from glossary import load_glossary
from handout_font import HandoutFont, font_cache_folder, handout_font
from handouts import handout_texts
from questions import load_questions

ROOT = Path(__file__).resolve().parent.parent
# The deployed address the test site is built for (SITE_URL): the handout PDFs carry QR codes of
# it. At the server root, like the default, so the site's own links are the same as without it.
TEST_SITE_URL = "https://study.example.org/"


def build_site(site_dir: Path) -> Path:
    """A strict in-process build of both languages into `site_dir` (the language builds run inside)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", TEST_SITE_URL)
        config = load_config(str(ROOT / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
        build(config)
    return site_dir


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(ROOT)


@pytest.fixture(scope="session")
def real_font(corpus) -> HandoutFont:
    """The handout font for the real data, from the project's font cache (.cache/fonts), as a build
    makes it: made once if need be (seconds), and then read by the session's site build too."""
    entries = load_glossary(corpus.data_dir / "glossary.yml", corpus.speech)
    questions = load_questions(corpus.data_dir / "questions.yml", corpus.speech, corpus.units)
    return handout_font(handout_texts(corpus, entries, questions), font_cache_folder(ROOT, os.environ))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


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
