"""Navigation from data: each speech's section comes from its data, and a page shows only its own speech's.

Unit tests on the core (hooks/navigation.py) with a library of three speeches (the seed, a
translated copy with questions, a copy read in Chinese only), the hook's config edits across
static-i18n's language builds, and one strict build of such a library in a copy of the project.
"""

from __future__ import annotations

import copy
import functools
import dataclasses
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

import nav_hook
from conftest import ROOT
from library import Library, load_library
from library import INDEX_KINDS
from navigation import (HANDOUTS_TITLE, INDEXES_TITLE, PARALLEL_TITLE, UNITS_TITLE, language_home, nav_pages,
                        library_nav, neighbours, other_speeches, owner, speech_items, speech_nav, views)
from conftest import LIBRARY_SPEECHES, TRANSLATED_COPY

SEED = "zuzhi-2020"
UNITS = ("opening", "part-1", "part-2", "part-3", "closing")


@dataclasses.dataclass(frozen=True)
class Copy:
    """A speech of the test library (conftest.make_library), as this module's pure tests model it: a copy of the seed."""

    slug: str
    title_zh: str
    title_en: str
    translated: bool = True


TRANSLATED = Copy(TRANSLATED_COPY[0], TRANSLATED_COPY[1]["zh"], TRANSLATED_COPY[1]["en"])
# Read in Chinese only, without questions: like the corpus speeches `new` adds.
CHINESE_ONLY = Copy("copy-b", "第三篇讲话（副本）", "", translated=False)
CORPUS_SPEECH = next(iter(LIBRARY_SPEECHES))


@functools.cache
def site_config():
    """mkdocs.yml as MkDocs reads it (read once: it holds no data/ of a build)."""
    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def library() -> Library:
    """The seed, a translated copy and a copy read in Chinese only (no translation)."""
    seed = load_library(ROOT)[SEED]

    def titled(speech: Copy):
        title = {"zh": speech.title_zh, **({"en": speech.title_en} if speech.translated else {})}
        return dataclasses.replace(seed.meta, title=title)

    speeches = {
        SEED: seed,
        "copy-a": dataclasses.replace(seed, slug="copy-a", meta=titled(TRANSLATED)),
        "copy-b": dataclasses.replace(seed, slug="copy-b", meta=titled(CHINESE_ONLY), translation={}),
    }
    return Library(SEED, speeches)


QUESTIONS = {SEED: True, "copy-a": True, "copy-b": False}


def hand_written() -> list:
    return copy.deepcopy(site_config()["nav"])


# --- a speech's section -------------------------------------------------------------------------


def test_a_translated_speech_has_the_root_speechs_sections_under_its_folder(library):
    items = speech_items(speech_nav(library, "copy-a", "zh", has_questions=True))
    assert items == [
        "copy-a/index.md",
        {UNITS_TITLE: [f"copy-a/units/{unit}.md" for unit in UNITS]},
        {PARALLEL_TITLE: [f"copy-a/parallel/{unit}.md" for unit in UNITS]},
        "copy-a/questions.md",
        {HANDOUTS_TITLE: [f"copy-a/handouts/{unit}.md" for unit in UNITS]},
        {INDEXES_TITLE: [f"copy-a/indexes/{kind}.md" for kind in INDEX_KINDS]},
    ]


def test_a_speech_without_translation_or_questions_has_no_side_by_side_or_questions_page(library):
    pages = nav_pages(speech_items(speech_nav(library, "copy-b", "zh", has_questions=False)))
    assert not [page for page in pages if "/parallel/" in page or page.endswith("questions.md")]
    assert "copy-b/units/part-1.md" in pages and "copy-b/handouts/part-1.md" in pages


def test_the_hand_written_root_entries_are_the_root_speechs_pages_under_the_same_section_titles(library):
    """mkdocs.yml lists the seed's pages by hand: in the shape the other speeches' sections copy."""
    root_items = speech_items(speech_nav(library, SEED, "zh", has_questions=True))
    root_pages = set(nav_pages(root_items))
    written = [entry for entry in hand_written() if set(nav_pages([entry])) & root_pages]
    assert sorted(page for page in nav_pages(written)) == sorted(root_pages)
    sections = {title: pages for entry in written if isinstance(entry, dict) for title, pages in entry.items()}
    assert sections == {title: pages for entry in root_items if isinstance(entry, dict) for title, pages in entry.items()}


def test_every_language_translates_the_section_titles_and_every_index_page_is_listed():
    for language in site_config().plugins["i18n"].config.languages:
        if not language.default:
            assert {UNITS_TITLE, PARALLEL_TITLE, HANDOUTS_TITLE, INDEXES_TITLE} <= set(language.nav_translations)


def test_pages_load_whole_so_each_shows_its_own_navigation():
    """navigation.instant would swap only the content and keep the language switcher's link stale."""
    assert "navigation.instant" not in site_config().theme["features"]


# --- the whole navigation of a language ---------------------------------------------------------


def test_each_language_adds_one_section_per_other_speech_readable_in_it(library):
    root = speech_nav(library, SEED, "zh", True)
    for lang, expected in (("zh", ["第二篇讲话（副本）", "第三篇讲话（副本）"]), ("en", ["Speech A &amp; its copy"])):
        nav = library_nav(hand_written(), root, other_speeches(library, lang, QUESTIONS))
        added = nav[len(hand_written()) - 1:-1]  # after the root's last entry (索引), before 维护者
        assert [next(iter(entry)) for entry in added] == expected
        assert nav[:len(hand_written()) - 1] + nav[-1:] == hand_written()


def test_building_the_navigation_twice_gives_the_same_and_leaves_the_hand_written_part_alone(library):
    written = hand_written()
    kept = copy.deepcopy(written)
    root = speech_nav(library, SEED, "zh", True)
    first = library_nav(written, root, other_speeches(library, "zh", QUESTIONS))
    assert library_nav(written, root, other_speeches(library, "zh", QUESTIONS)) == first
    assert written == kept


def test_the_hook_rebuilds_the_nav_from_the_hand_written_part_in_every_language_build(library_site):
    """static-i18n runs on_config once per language on one config object: never a section twice."""
    project = library_site.parent  # read only
    i18n = SimpleNamespace(current_language="zh", config=SimpleNamespace(languages=[]))
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), nav=hand_written(), plugins={"i18n": i18n})
    navs = {}
    for lang in ("zh", "en", "zh", "en"):
        i18n.current_language = lang
        nav = nav_hook.on_config(config).nav
        assert navs.setdefault(lang, nav) == nav
    # Three more speeches in Chinese, one of them translated.
    assert len(navs["zh"]) == len(hand_written()) + 3 and len(navs["en"]) == len(hand_written()) + 1


# --- what each page shows -----------------------------------------------------------------------


def test_a_page_shows_the_shared_entries_and_its_own_speechs_only():
    #          home  guide about  units  glossary indexes  A-section B-section  maintainers
    owners = [None, None, SEED, SEED, None, SEED, "a", "b", None]
    shown = views(owners, SEED)
    assert shown[SEED] == [0, 1, 2, 3, 4, 5, 8]
    assert shown["a"] == [0, 1, 6, 4, 8]  # its section where the root's first entry was
    assert shown["b"] == [0, 1, 7, 4, 8]


def test_an_entry_belongs_to_a_speech_only_if_all_its_pages_do():
    root_pages = {"about.md", "units/x.md"}

    def speech_of(path):
        return "a" if path.startswith("a/") else SEED

    assert owner(["units/x.md"], speech_of, SEED, root_pages) == SEED
    assert owner(["a/units/x.md", "a/index.md"], speech_of, SEED, root_pages) == "a"
    assert owner(["glossary.md"], speech_of, SEED, root_pages) is None
    assert owner(["units/x.md", "glossary.md"], speech_of, SEED, root_pages) is None
    assert owner([], speech_of, SEED, root_pages) is None


def test_previous_and_next_pages_follow_the_view():
    assert neighbours(["a", "b", "c"]) == [("a", None, "b"), ("b", "a", "c"), ("c", "b", None)]


# --- one strict build of a library of three speeches -----------------------------------------------


def primary_nav(site: Path, page: str) -> tuple[BeautifulSoup, list[str]]:
    """The page's primary navigation, and the site paths of its links (resolved against the page)."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.md-nav--primary")
    return nav, [site_path(site, page, a["href"]) for a in nav.select("ul a[href]") if not a["href"].startswith("#")]


def site_path(site: Path, page: str, href: str) -> str:
    """A link's target as a path in the site (404.html links from the site's root)."""
    target = site / href.lstrip("/") if href.startswith("/") else site / Path(page).parent / href
    return target.resolve().relative_to(site.resolve()).as_posix()


def footer(site: Path, page: str) -> list[str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return [site_path(site, page, a["href"]) for a in soup.select("a.md-footer__link")]


def html_pages(entries) -> list[str]:
    return [page.removesuffix(".md") + ".html" for page in nav_pages(entries)]


@pytest.mark.slow
def test_a_root_unit_page_lists_the_hand_written_navigation_only(library_site):
    nav, links = primary_nav(library_site, "units/part-1.html")
    assert links == html_pages(hand_written())
    assert nav.select_one("a.md-nav__link--active")["href"] == "part-1.html"
    assert footer(library_site, "units/part-1.html") == ["units/opening.html", "units/part-2.html"]


@pytest.mark.slow
def test_another_speechs_unit_page_lists_its_own_section_and_the_shared_pages(library_site):
    page = "copy-a/units/part-1.html"
    nav, links = primary_nav(library_site, page)
    speech_title = nav.select_one(".md-nav__container > a")  # the section's title links to the speech's overview
    assert " ".join(speech_title.get_text().split()) == "第二篇讲话（副本）" and speech_title["href"] == "../index.html"
    own = [link for link in links if link.startswith("copy-a/")]
    assert own == html_pages(speech_items(speech_nav(load_library(library_site.parent), "copy-a", "zh", True)))
    shared = [link for link in links if not link.startswith("copy-a/")]
    assert shared == ["index.html", "guide.html", "glossary.html", "concordance.html", "maintainers/search.html",
                      "maintainers/publishing.html", "maintainers/library.html", "maintainers/claims.html"]
    assert nav.select_one("a.md-nav__link--active")["href"] == "part-1.html"
    assert footer(library_site, page) == ["copy-a/units/opening.html", "copy-a/units/part-2.html"]
    assert footer(library_site, "copy-a/index.html") == ["guide.html", "copy-a/units/opening.html"]
    switcher = BeautifulSoup((library_site / page).read_text(encoding="utf-8"), "html.parser").select_one('a[hreflang="en"]')
    assert switcher["href"] == "../../en/copy-a/units/part-1.html"
    # A speech read in Chinese only: the switcher leads to the English home, by a relative link (file://).
    chinese_only = BeautifulSoup((library_site / CORPUS_SPEECH / "units" / "part-1.html").read_text("utf-8"), "html.parser")
    assert chinese_only.select_one('a[hreflang="en"]')["href"] == "../../en/index.html"


@pytest.mark.slow
def test_english_lists_only_the_translated_speech_once_with_translated_section_titles(library_site):
    nav, links = primary_nav(library_site, "en/copy-a/units/part-1.html")
    # Section titles: labels, or links to the section's index page (navigation.indexes: a speech's overview).
    titles = [" ".join(label.get_text().split()) for label in nav.select("label.md-nav__link, .md-nav__container > a")]
    assert titles.count("Speech A & its copy") == 1
    assert {"The speech", "Side by side", "Handouts", "Indexes"} <= set(titles)
    assert not [link for link in links if CORPUS_SPEECH in link]
    assert not (library_site / "en" / CORPUS_SPEECH).exists()
    for page in ("en/units/part-1.html", "en/glossary.html", "404.html", f"{CORPUS_SPEECH}/units/part-1.html"):
        _, links = primary_nav(library_site, page)
        assert not [link for link in links if "copy-a" in link], page


def test_the_language_switcher_falls_back_to_the_languages_home_as_a_relative_page():
    # static-i18n's fallback for a page with no version in a language is an absolute "/en/".
    assert language_home("/en/", default="zh") == "en/index.html"
    assert language_home("/", default="zh") == "index.html" and language_home("/zh/", default="zh") == "index.html"
    assert language_home("en/units/part-1.html", default="zh") == "en/units/part-1.html"
    assert language_home("https://example.org/en/", default="zh") == "https://example.org/en/"
    assert language_home("/en/index.html", default="zh") == "en/index.html"
