"""MkDocs events for search: one index per language, paragraph entries, Chinese sub-words (core: search_index.py).

- on_config: start this language's index afresh (static-i18n builds once per language);
  once per build, load the glossary's terms and their parts into a private jieba dictionary; drop the
  iframe-worker shim that Material's offline plugin loads from unpkg.
- on_page_content: read the page's speech pieces and other sections (after the other hooks).
- on_page_context: keep Material's search plugin from indexing the page again.
- on_post_page (and on_post_template, for 404.html): load the query rewriter
  (search-cjk.js, minified) and, for file://, the vendored iframe-worker shim, just before
  Material's bundle; on the pages of a non-default language, point Material's `base`
  at that language's folder, where its index is.
- on_post_page: also tell search-cjk.js the page's speech (a meta tag).
- on_post_build: write the language's search files into its folder: search/search_index.json
  (and .js, for file://), which Material loads, now the shared pages' index with the library's
  table of contents (replacing the merged index of Material and static-i18n), and under
  search/library/ each speech's two index files and the term table, as scripts that
  search-cjk.js loads when a query needs them.
"""

from __future__ import annotations

import os

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

import build_data
from library import SpeechPages, relative_to_root
from escape import unescape_html
from search_index import (
    PageText,
    library_files,
    library_index,
    page_part,
    base_for,
    dump_index,
    glossary_words,
    insert_scripts,
    language_root,
    page_entries,
    read_page,
    set_config_base,
    single_han_terms,
)

QUERY_SCRIPT = "assets/javascripts/search-cjk.min.js"  # minified from search-cjk.js (extra.bundles)
IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker/shim.js"  # vendored iframe-worker 1.0.4
# What this hook loads, checked before the build (wiring_hook.py): deleting the vendored shim
# would otherwise silently leave file:// readers without search.
NEEDS_OVERRIDES = (IFRAME_WORKER_SHIM,)
NEEDS_BUNDLES = (QUERY_SCRIPT,)


class _Build:
    """State of one language build."""

    def __init__(self, lang: str, root: str, segmenter: jieba.Tokenizer):
        self.lang = lang
        self.root = root
        self.segmenter = segmenter
        self.pages: list[PageText] = []


# static-i18n builds the other languages inside the default language's on_post_build:
# each build pushes its state in on_config and pops it in on_post_build, and a
# top-level build (not inside static-i18n's loop) starts with an empty stack.
BUILDS: list[_Build] = []


def _segmenter(words: list[str]) -> jieba.Tokenizer:
    """A jieba tokenizer of its own (Material's global one stays as it is), with `words` added.

    jieba cuts Chinese into words well; the glossary's terms and their parts go into
    its dictionary so that words line up with the terms readers look up. The main
    dictionary is copied from jieba's default tokenizer, already loaded by Material's
    search plugin, instead of being loaded again (half a second per build).
    """
    jieba.dt.check_initialized()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(jieba.dt.FREQ)
    tokenizer.total = jieba.dt.total
    tokenizer.initialized = True
    for word in words:
        tokenizer.add_word(word)
    return tokenizer


# After static-i18n's on_config (priority -100), which sets the language of this build,
# and after Material's offline plugin, which adds unpkg's iframe-worker shim.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = config.plugins["i18n"]
    if not i18n.building:
        BUILDS.clear()

    def glossary_segmenter() -> jieba.Tokenizer:
        terms = [form for entry in build_data.glossary(config) for form in entry.forms]
        return _segmenter(glossary_words(terms, jieba.dt))

    segmenter = build_data.shared(config, "search segmenter", glossary_segmenter)
    lang = i18n.current_language
    BUILDS.append(_Build(lang, language_root(lang, i18n.default_language), segmenter))
    # The offline plugin adds unpkg's iframe-worker to extra.polyfills (loaded in <head>):
    # on_post_page loads the vendored copy instead.
    if "polyfills" in config.extra:
        config.extra["polyfills"] = [url for url in config.extra["polyfills"] if "iframe-worker" not in str(url)]
    return config


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return plugin is not None and plugin.config.enabled


# After the other hooks have finished the page's content.
@event_priority(-100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if (page.meta.get("search") or {}).get("exclude"):
        return html  # front matter `search: {exclude: true}`, as Material's search plugin honours it
    build = BUILDS[-1]
    url = page.url[len(build.root):] if page.url.startswith(build.root) else page.url
    # MkDocs page titles are HTML; the index holds text and escapes it itself.
    part = page_part(*_page_place(page, config))
    build.pages.append(read_page(html, url, unescape_html(page.title or config.site_name), build.lang, part))
    return html


def _page_place(page: Page, config: MkDocsConfig) -> tuple[str, str, SpeechPages]:
    """The page's path in its language's docs folder, its speech and where that speech's pages are."""
    library, locales = build_data.library(config), build_data.locales(config)
    slug = library.slug_of(page.file.src_uri, locales)
    # Laid out once per build, not for every page.
    every_speech = build_data.shared(config, "speech pages", lambda: {
        speech.slug: library.pages(speech.slug, speech.has_questions) for speech in library
    })
    return relative_to_root(page.file.src_uri, locales), slug, every_speech[slug]


SPEECH_META = "search-speech"


def _speech_meta(output: str, page: Page, config: MkDocsConfig) -> str:
    """Tell search-cjk.js the page's speech: its files load with the page and its results come first.

    Shared pages have none, unless the library holds one speech: then it is theirs too, and its
    study pages (handouts, questions, indexes), which a search across speeches leaves out, are searched.
    """
    path, slug, pages = _page_place(page, config)
    speeches = build_data.library(config).speeches
    in_a_speech = bool(page_part(path, slug, pages))
    if not in_a_speech and len(speeches) != 1:
        return output
    slug = slug if in_a_speech else next(iter(speeches))
    return output.replace("</head>", f'<meta name="{SPEECH_META}" content="{slug}"></head>', 1)


# Before Material's search plugin (priority 0). Its index is replaced by ours in on_post_build,
# so it need not read every page a second time and cut it with jieba (a tenth of the build):
# the page is excluded from its index with the front matter flag Material documents for that,
# `search: {exclude: true}`, set after on_page_content has read the page (and the author's flag).
@event_priority(10)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return context


def _scripts(config: MkDocsConfig) -> list[str]:
    """Loaded before Material's bundle: the shim (file:// only) before the bundle makes the
    search worker, the rewriter before the bundle sends the index to it."""
    return [IFRAME_WORKER_SHIM, QUERY_SCRIPT] if _offline(config) else [QUERY_SCRIPT]


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    output = _speech_meta(insert_scripts(output, _scripts(config)), page, config)
    root = BUILDS[-1].root
    return set_config_base(output, base_for(page.url, root)) if root else output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return insert_scripts(output_content, _scripts(config)) if template_name == "404.html" else output_content


# After static-i18n's on_post_build (priority -100), which builds the other languages and
# writes one merged index: this language's index replaces it (the default language's last).
@event_priority(-110)
def on_post_build(config: MkDocsConfig) -> None:
    build = BUILDS.pop()
    speeches = {speech.slug: speech.title(build.lang) for speech in build_data.library(config)}
    try:
        index = library_index(page_entries(build.pages), build.lang, build.segmenter, speeches)
    except ValueError as error:
        raise PluginError(str(error)) from None
    stray = single_han_terms(index.document())
    if stray:
        raise PluginError(f"search index ({build.lang}): single Han characters as terms: {''.join(stray)}")
    data = dump_index(index.shared)
    root = os.path.join(config.site_dir, build.root)
    folder = os.path.join(root, "search")
    write_file(data.encode("utf-8"), os.path.join(folder, "search_index.json"))
    # Material reads search_index.js from a folder (file://); the library's files are scripts anyway.
    write_file(f"var __index = {data}".encode("utf-8"), os.path.join(folder, "search_index.js"))
    for path, content in library_files(index).items():
        write_file(content.encode("utf-8"), os.path.join(root, path))
