"""Everything from data/ is escaped for where it lands: nothing a data file says runs in the browser.

One build of a copy of the project with a payload in every free-text field of every data file
(unit titles and descriptions, glossary English, short, explanation, components, sources and
pinyin, notes, questions, the translation, slogan glosses). The payload tries HTML (an `<img
onerror>`, a `"><script>` breaking out of an attribute), an escaped tag that a second decoding
would turn into markup (what a tooltip rendering `title` as HTML does), and `javascript:` links in
Markdown and HTML. Each payload reports itself on the console, with the field it came from.

Fields that are constrained rather than free (ids, terms and aliases, note anchors, refs,
categories, kinds, paragraph spans) are checked by the data loader, and the reference text
(speech.zh.txt) is pinned: they do not take a payload.

Static assertions on every built page and the search index first; then Chromium visits a page
of each kind in both languages, hovers the term tooltips and a footnote, and runs a search.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from alignment import LENGTH_RATIO
from browser_support import built_pages, serve_directory
from conftest import ROOT
from escape import escape_html, escape_markdown, escape_tooltip, unescape_html
from markup import link_terms
from search_index import read_built_index as read_index
from speech import load_speech
from glossary import TermMatch

MARK = "PWNED"


def payload(field: str) -> str:
    """Text that runs `console.log("PWNED:<field>")` wherever it is not escaped for its place.

    Letters and punctuation only (no digits, no Chinese, no ordinal words), so the translation
    stays aligned with the Chinese when the payload is added to it."""
    log = f"console.log('{MARK}:{field}')"
    return (
        f' <img src=x onerror="{log}"> "><script>{log}</script> \' onmouseover=\'{log}\' x=\''
        f" &lt;img src=x onerror={log}&gt; [link](javascript:{log}) <a href=\"javascript:{log}\">a</a>"
    )


def _add(mapping: dict, key: str, field: str) -> None:
    if isinstance(mapping.get(key), str):
        mapping[key] = mapping[key] + payload(field)


def _add_bilingual(mapping: dict, key: str, field: str) -> None:
    for lang in ("zh", "en"):
        if isinstance(mapping.get(key), dict):
            _add(mapping[key], lang, f"{field}.{lang}")


def _rewrite(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def add_payloads(data: Path) -> None:
    """A payload in every free-text field of every data file."""

    def units(doc):
        for unit in doc["units"]:
            _add_bilingual(unit, "title", "units.title")
            _add_bilingual(unit, "description", "units.description")

    def notes(doc):
        for note in doc["notes"]:
            _add_bilingual(note, "text", "notes.text")

    def glossary(doc):
        for entry in doc["entries"]:
            _add(entry, "en", "glossary.en")
            _add(entry, "pinyin", "glossary.pinyin")
            for key in ("short", "explanation"):
                _add_bilingual(entry, key, f"glossary.{key}")
            for key in ("components", "sources"):
                for item in entry.get(key) or []:
                    _add(item, "zh", f"glossary.{key}.zh")
                    _add(item, "en", f"glossary.{key}.en")
            for note in (entry.get("usage") or {}).values():
                _add(note, "zh", "glossary.usage.zh")
                _add(note, "en", "glossary.usage.en")
            entry["variants"] = [variant + payload("glossary.variants") for variant in entry.get("variants") or []]

    def questions(doc):
        for unit in doc["units"]:
            for group in ("comprehension", "discussion"):
                for question in unit[group]:
                    _add(question, "zh", f"questions.{group}.zh")
                    _add(question, "en", f"questions.{group}.en")
            _add(unit["reflection"], "zh", "questions.reflection.zh")
            _add(unit["reflection"], "en", "questions.reflection.en")

    def translation(doc):
        # Only where the piece stays within the length the alignment check allows (the payload is
        # long; a short piece with it would be reported as the translation of another piece).
        speech = load_speech(data / "speeches" / "zuzhi-2020" / "speech.zh.txt")
        longest = LENGTH_RATIO[1]
        for piece_id in doc:
            if len(doc[piece_id]) + len(payload("translation")) <= longest * len(speech.piece(piece_id).text):
                _add(doc, piece_id, "translation")

    def slogans(doc):
        for key, items in doc.items():
            for item in items or []:
                if isinstance(item, dict):
                    _add(item, "en", f"slogans.{key}.en")

    def meta(doc):
        _add_bilingual(doc, "title", "meta.title")
        _add_bilingual(doc, "description", "meta.description")
        doc["speaker"] = "XX" + payload("meta.speaker")

    seed = data / "speeches" / "zuzhi-2020"
    for path, change in [(seed / "units.yml", units), (seed / "notes.yml", notes), (data / "glossary.yml", glossary),
                         (seed / "questions.yml", questions), (seed / "speech.en.yml", translation),
                         (seed / "indexes.yml", slogans), (seed / "meta.yml", meta)]:
        _rewrite(path, change)


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("payload")
    for name in ("data", "docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "fonts").symlink_to(ROOT / "fonts")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    add_payloads(project / "data")
    site = project / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDY_PDF", "0")
        build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site)))
    return site


# --- the escaping functions ---------------------------------------------------------------------


def test_markdown_text_renders_literally():
    import markdown

    extensions = ["attr_list", "md_in_html", "pymdownx.details", "footnotes", "admonition", "tables"]
    for text in ("**b** [x](javascript:y) <img src=x onerror=y> &lt; #h {: .c }\n\n- item\n1. next", '??? note "t"\n    body', "# h\n!!! x"):
        rendered = markdown.markdown(escape_markdown(text), extensions=extensions)
        shown = lxml.html.fragment_fromstring(rendered, create_parent="div")
        assert len(shown) == 1 and shown[0].tag == "p", rendered  # one paragraph, whatever the text holds
        assert shown.text_content().split() == text.split()


def test_html_text_is_safe_in_element_text_and_double_quoted_attributes():
    text = '<img src=x onerror=y> "quoted" it\'s & more'
    element = lxml.html.fromstring(f'<p title="{escape_html(text)}">{escape_html(text)}</p>')
    assert element.get("title") == element.text_content() == text
    assert unescape_html(escape_html(text)) == text


def test_a_tooltip_title_shows_its_text_when_rendered_as_html():
    text = "政治 <img src=x onerror=y> &lt;b&gt;"
    linked = link_terms('<p class="speech" id="p1">政治</p>', lambda s: [TermMatch(0, 2, "t")], {"t": text}, lambda _: "#t")
    title = lxml.html.fragment_fromstring(linked).find(".//a").get("title")  # what the browser's getAttribute gives
    assert title == escape_tooltip(text)
    assert lxml.html.fragment_fromstring(title, create_parent="div").text_content() == text  # what the tooltip shows


# --- the payload build: static assertions -------------------------------------------------------


def documents(site: Path):
    for path in built_pages(site):
        yield path, lxml.html.document_fromstring((site / path).read_text(encoding="utf-8"))


def active_payloads(root) -> list[str]:
    """Markup of a payload that would run: an event handler, a script or a javascript: link."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if MARK in value and (name.startswith("on") or value.strip().lower().startswith("javascript:")):
                found.append(f"<{element.tag} {name}={value!r}>")
        if element.tag == "script" and MARK in (element.text or ""):
            found.append(f"<script>{element.text}</script>")
    return found


def test_the_payload_build_shows_every_payload_as_text(payload_site):
    pages = dict(documents(payload_site))
    assert len(pages) > 40
    for path, root in pages.items():
        assert active_payloads(root) == [], path
    # Every field's payload reached the pages, as text (descriptions: as the meta description).
    shown = " ".join(root.text_content() + " ".join(root.xpath("//meta/@content")) for root in pages.values())
    fields = ["units.title", "units.description", "notes.text", "glossary.en", "glossary.pinyin", "glossary.short",
              "glossary.explanation", "glossary.components", "glossary.sources", "glossary.usage", "glossary.variants", "questions.comprehension",
              "questions.discussion", "questions.reflection", "translation", "slogans"]
    for field in fields:
        assert f"onerror=\"console.log('{MARK}:{field}" in shown or f"onerror=console.log('{MARK}:{field}" in shown, field


def test_titles_and_descriptions_hold_the_whole_text(payload_site):
    units = yaml.safe_load((payload_site.parent / "data/speeches/zuzhi-2020/units.yml").read_text(encoding="utf-8"))["units"]
    part1 = next(unit for unit in units if unit["id"] == "part-1")
    for path, lang in (("units/part-1.html", "zh"), ("en/units/part-1.html", "en")):
        root = lxml.html.document_fromstring((payload_site / path).read_text(encoding="utf-8"))
        assert root.find(".//title").text_content().startswith(part1["title"][lang])
        assert root.xpath("//meta[@name='description']/@content") == [part1["description"][lang]]
        nav_titles = [a.text_content().strip() for a in root.xpath("//nav[contains(@class, 'md-nav--primary')]//a")]
        assert part1["title"][lang] in nav_titles


def test_term_tooltips_are_escaped_twice(payload_site):
    root = lxml.html.document_fromstring((payload_site / "units/part-1.html").read_text(encoding="utf-8"))
    titles = root.xpath("//a[contains(@class, 'term')]/@title")
    assert titles
    for title in titles:
        shown = lxml.html.fragment_fromstring(title, create_parent="div")  # Material's tooltip: the title as HTML
        assert active_payloads(shown) == [] and shown.find(".//img") is None
        assert "<img src=x onerror=" in shown.text_content()


def test_the_search_index_holds_text_that_renders_as_text(payload_site):
    for path in (payload_site / "search/search_index.json", payload_site / "en/search/search_index.json"):
        docs = read_index(path)["docs"]  # the shared index and the library's speech files
        for doc in docs:
            for field in ("title", "text"):
                if doc.get(field):
                    rendered = lxml.html.fragment_fromstring(doc[field], create_parent="div")  # Material: innerHTML
                    assert active_payloads(rendered) == [] and rendered.find(".//img") is None, (path.name, doc["location"])
        # Page titles (HTML to MkDocs) are escaped once in the index, not twice: results show `<img`, not `&lt;img`.
        titles = [html.unescape(doc["title"]) for doc in docs if f"{MARK}:units.title" in html.unescape(doc["title"])]
        assert titles and all("<img src=x" in title and "&lt;img" not in title.split("onerror")[0] for title in titles)


# --- the payload build in Chromium --------------------------------------------------------------


@pytest.fixture(scope="module")
def payload_server(payload_site):
    with serve_directory(payload_site) as url:
        yield url


def _visit_pages(browser, base: str, paths: list[str]) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    ran: list[str] = []
    page.on("console", lambda message: MARK in message.text and ran.append(f"{page.url}: {message.text}"))
    page.on("dialog", lambda dialog: (ran.append(f"{page.url}: dialog {dialog.message}"), dialog.dismiss()))
    javascript_links: list[str] = []
    # The sweep does not need search: each page would load the whole index into the worker again.
    # Its request is held, not refused, until the page is done (a refused index stops Material's
    # other scripts, and a payload that only runs through one of them would go unseen).
    held = []
    page.route("**/search_index.js*", lambda route: route.abort())  # file:// only: not requested over http
    page.route("**/search_index.json", lambda route: held.append(route))
    for path in paths:
        page.goto(f"{base}/{path}")  # waits for "load": scripts have run and images have failed
        javascript_links += [f"{path}: {href}" for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href')).filter(h => h.trim().toLowerCase().startsWith('javascript:') && h.includes('PWNED'))")]
        while held:
            held.pop().abort()
    page.unroute("**/search_index.js*")
    page.unroute("**/search_index.json")
    # Hover the term tooltips (Material renders `title` as HTML) and a footnote's tooltip.
    tooltips = []
    page.goto(f"{base}/units/part-1.html")
    page.wait_for_load_state("networkidle")
    for term in page.locator("a.term").all()[:5]:
        term.scroll_into_view_if_needed()
        term.hover()
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for(state="visible")
        tooltips.append((tooltip.inner_text(), tooltip.locator("img").count()))
    page.goto(f"{base}/units/opening.html")
    page.wait_for_load_state("networkidle")
    page.locator("sup[id^='fnref'] a").first.hover()
    page.wait_for_timeout(300)
    # Search: results render titles and text as HTML.
    page.focus("input.md-search__input")
    page.fill("input.md-search__input", "开篇")
    page.press("input.md-search__input", "End")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    results = page.locator(".md-search-result").inner_text()
    page.wait_for_timeout(300)
    context.close()
    return {"ran": ran, "javascript_links": javascript_links, "tooltips": tooltips, "results": results}


# One page of each kind in each language (the static checks above cover every page): every page
# carries the nav, and these the rest of what data reaches.
BROWSER_PAGES = [
    f"{prefix}{page}"
    for prefix in ("", "en/")
    for page in ("units/opening.html", "parallel/part-1.html", "handouts/part-2.html", "questions.html", "glossary.html",
                 "guide.html", "indexes/slogans.html", "indexes/directives.html", "indexes/documents.html", "indexes/structure.html")
]


@pytest.mark.browser
@pytest.mark.slow
def test_nothing_from_the_data_runs_in_the_browser(payload_site, payload_server, chromium):
    assert set(BROWSER_PAGES) <= set(built_pages(payload_site))
    seen = chromium.run(_visit_pages, payload_server, BROWSER_PAGES)
    assert seen["ran"] == []
    assert seen["javascript_links"] == []
    assert len(seen["tooltips"]) == 5
    for text, images in seen["tooltips"]:
        assert images == 0 and "<img src=x onerror=" in text
    assert f"{MARK}:units.title" in seen["results"]
