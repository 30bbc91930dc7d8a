"""MkDocs events for the navigation (core: navigation.py).

- on_config (every language): mkdocs.yml `nav:` is the hand-written part; add a section per
  other speech readable in this language. static-i18n runs on_config once per language with the
  same config object, so the nav is rebuilt from the hand-written part, saved once per build.
- on_nav: split the whole navigation into one view per speech (the shared entries and that
  speech's), and link each page's previous/next within the view its page shows.
- on_page_context, on_template_context: a page (and 404.html) gets its speech's view, not the
  whole navigation (Material writes the nav it is given into every page).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

import build_data
from library import relative_to_root
from navigation import nav_pages, library_nav, neighbours, other_speeches, owner, speech_items, speech_nav, views


@dataclass
class _Build:
    """State of the current (per-language) build; replaced in on_config."""

    views: dict[str, Navigation] = field(default_factory=dict)  # speech slug -> the nav its pages show
    root: str = ""
    lang: str = "zh"


BUILD = _Build()


def _has_questions(config: MkDocsConfig) -> dict[str, bool]:
    return {speech.slug: bool(build_data.questions(config, speech.slug)) for speech in build_data.library(config)}


@event_priority(-110)  # after static-i18n's on_config has set the language of this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global BUILD
    BUILD = _Build(lang=config.plugins["i18n"].current_language)
    hand_written = build_data.shared(config, "hand-written nav", lambda: copy.deepcopy(config.nav))
    if hand_written is None:  # no `nav:`: MkDocs lists every page itself
        return config
    lang = BUILD.lang
    library, questions = build_data.library(config), _has_questions(config)
    root = speech_nav(library, library.root, lang, questions[library.root])
    config.nav = library_nav(copy.deepcopy(hand_written), root, other_speeches(library, lang, questions))
    return config


def _pages(item) -> list[Page]:
    if isinstance(item, Page):
        return [item]
    return [page for child in item.children for page in _pages(child)] if isinstance(item, Section) else []


# After static-i18n's on_nav (priority -100), which translates the section titles and sets the homepage.
@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    library, locales, speech_of = build_data.library(config), build_data.locales(config), build_data.speech_of(config)
    root = speech_nav(library, library.root, BUILD.lang, _has_questions(config)[library.root])
    root_pages = set(nav_pages(speech_items(root)))
    owners = [owner([relative_to_root(page.file.src_uri, locales) for page in _pages(item)], speech_of, library.root, root_pages)
              for item in nav.items]
    BUILD.root = library.root
    for slug, indices in views(owners, library.root).items():
        items = [nav.items[index] for index in indices]
        view = Navigation(items, [page for item in items for page in _pages(item)])
        view.homepage = nav.homepage  # static-i18n's, for this language
        BUILD.views[slug] = view
        for page, previous, following in neighbours(view.pages):
            if speech_of(page.file.src_uri) == slug:
                page.previous_page, page.next_page = previous, following
    return nav


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["nav"] = BUILD.views.get(build_data.speech_of(config)(page.file.src_uri), nav)
    return context


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """404.html and other templates without a page: the root's view (the site as one speech)."""
    if "nav" in context and BUILD.root in BUILD.views:
        context["nav"] = BUILD.views[BUILD.root]
    return context
