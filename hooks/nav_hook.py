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
from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

import build_data
from library import relative_to_root
from navigation import language_home, library_nav, nav_pages, neighbours, other_speeches, owner, speech_items, speech_nav, views


@dataclass
class _Build:
    """State of the current (per-language) build; replaced in on_config."""

    lang: str = "zh"
    root: str = ""  # the root speech's slug
    root_pages: frozenset[str] = frozenset()  # its pages (paths in a language's folder): they share the top with shared pages
    views: dict[str, Navigation] = field(default_factory=dict)  # speech slug -> the nav its pages show


BUILD = _Build()


@event_priority(-110)  # after static-i18n's on_config has set the language of this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global BUILD
    lang = config.plugins["i18n"].current_language
    library = build_data.library(config)
    questions = {speech.slug: speech.has_questions for speech in library}
    root = speech_nav(library, library.root, lang, questions[library.root])
    BUILD = _Build(lang, library.root, frozenset(nav_pages(speech_items(root))))
    hand_written = build_data.shared(config, "hand-written nav", lambda: copy.deepcopy(config.nav))
    if hand_written is not None:  # else no `nav:`: MkDocs lists every page itself
        # A copy again: nothing MkDocs or a plugin does to this build's nav may reach the saved one.
        config.nav = library_nav(copy.deepcopy(hand_written), root, other_speeches(library, lang, questions))
    return config


def _pages(item: StructureItem) -> list[Page]:
    if isinstance(item, Page):
        return [item]
    return [page for child in item.children for page in _pages(child)] if isinstance(item, Section) else []


# After static-i18n's on_nav (priority -100), which translates the section titles and sets the homepage.
@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    locales, speech_of = build_data.locales(config), build_data.speech_of(config)
    owners = [owner([relative_to_root(page.file.src_uri, locales) for page in _pages(item)], speech_of, BUILD.root, BUILD.root_pages)
              for item in nav.items]
    for slug, indices in views(owners, BUILD.root).items():
        items = [nav.items[index] for index in indices]
        view = Navigation(items, [page for item in items for page in _pages(item)])
        view.homepage = nav.homepage  # static-i18n's, for this language
        BUILD.views[slug] = view
        for page, previous, following in neighbours(view.pages):
            if speech_of(page.file.src_uri) == slug:
                page.previous_page, page.next_page = previous, following
    return nav


# After static-i18n's on_page_context (priority 50), which points the language switcher at the
# page's version in each language.
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["nav"] = BUILD.views.get(build_data.speech_of(config)(page.file.src_uri), nav)
    # A page with no version in a language (a speech read in Chinese only) keeps static-i18n's
    # fallback, the language's home as an absolute "/en/", which breaks file:// and a site under a
    # sub-path: the home as a site-relative page instead (Material's template makes it relative).
    # static-i18n sets it as an attribute of `extra` (what Jinja reads first), not as a key.
    for alternate in getattr(config.extra, "alternate", None) or []:
        alternate["link"] = language_home(alternate.get("link", ""), default=config.plugins["i18n"].default_language)
    return context


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """404.html and other templates without a page: the root's view (the site as one speech)."""
    if "nav" in context and BUILD.root in BUILD.views:
        context["nav"] = BUILD.views[BUILD.root]
    return context
