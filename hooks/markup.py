"""Transformations of rendered page HTML, with a real HTML parser (BeautifulSoup).

Pure functions from HTML to HTML; the hooks call them in `on_page_content`.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString

from speech import piece_label

PARAGRAPH_NUMBER_CLASS = "para-num"
LINK_TITLE = {"zh": "第{label}段（点击获得本段链接）", "en": "Paragraph {label} (link to this paragraph)"}


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def add_paragraph_numbers(soup: BeautifulSoup, lang: str) -> None:
    """Put a visible, clickable ¶ number at the start of every numbered speech piece.

    The number is an identifiable insertion (class `para-num`), excluded from search.
    """
    for element in soup.select(".speech[id]"):
        label = piece_label(element["id"])
        if label is None:
            continue
        link = soup.new_tag(
            "a",
            attrs={
                "class": PARAGRAPH_NUMBER_CLASS,
                "href": f"#{element['id']}",
                "title": LINK_TITLE[lang].format(label=label),
                "data-search-exclude": "",
            },
        )
        link.string = f"¶{label}"
        element.insert(0, link)


# Runs of the other language inside a page, for `lang` attributes (screen readers, fonts, hyphenation):
# on English pages runs of Chinese characters and CJK punctuation; on Chinese pages runs of
# English words (from three letters, so that the redaction mark "XX" is not taken for English).
OTHER_LANGUAGE_RUN = {
    "en": ("zh", re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")),
    "zh": ("en", re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]{2,}(?:[ ,:;.]+[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]*)*")),
}
NO_LANGUAGE_MARKING = {"script", "style", "code", "pre", "title", "svg", "textarea"}


def mark_other_language(soup: BeautifulSoup, page_lang: str) -> None:
    """Wrap runs of text in the page's other language in `<span lang="...">`."""
    other_lang, pattern = OTHER_LANGUAGE_RUN[page_lang]
    for node in list(soup.find_all(string=True)):
        if type(node) is not NavigableString or not pattern.search(node):
            continue
        if any(parent.name in NO_LANGUAGE_MARKING or parent.get("lang") for parent in node.parents if parent.name):
            continue
        text, parts, previous = str(node), [], 0
        for match in pattern.finditer(text):
            span = soup.new_tag("span", attrs={"lang": other_lang})
            span.string = match.group()
            parts += [text[previous:match.start()], span]
            previous = match.end()
        parts.append(text[previous:])
        node.replace_with(*[part for part in parts if part != ""])


# What the site inserts into speech elements: everything else in them is the speech's own text.
INSERTION_SELECTOR = f".{PARAGRAPH_NUMBER_CLASS}, sup[id^='fnref']"


def speech_pieces(html: str) -> list[tuple[str, str]]:
    """(piece id, text) of every speech element of a page, in document order, insertions removed."""
    soup = parse(html)
    pieces = []
    for element in soup.select(".speech[id]"):
        for insertion in element.select(INSERTION_SELECTOR):
            insertion.decompose()
        pieces.append((element["id"], element.get_text()))
    return pieces


TERM_LINK_CLASS = "term"
# Terms are linked in running text only: never inside links, code, notes or headings.
NO_TERM_LINKS = {"a", "code", "pre", "sup", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


def _inside_excluded(node, element) -> bool:
    for parent in node.parents:
        if parent is element:
            return False
        if parent.name in NO_TERM_LINKS:
            return True
    return False


def link_terms(html: str, find_terms, tooltip: dict[str, str], href) -> str:
    """Link the first occurrence of each glossary term in every speech piece of a page.

    `find_terms(text)` returns `TermMatch`es (glossary.TermMatcher.find); `tooltip[entry_id]` is the
    short definition shown on hover and focus (Material's content.tooltips reads `title`);
    `href(entry_id)` is the link target. The text itself is never changed, only wrapped.
    """
    soup = parse(html)
    for element in soup.select(".speech[id]"):
        if element.name in NO_TERM_LINKS:
            continue
        linked: set[str] = set()
        for node in list(element.find_all(string=True)):
            if _inside_excluded(node, element):
                continue
            text = str(node)
            fresh = []
            for match in find_terms(text):
                if match.entry_id not in linked:
                    linked.add(match.entry_id)
                    fresh.append(match)
            if not fresh:
                continue
            replacement, previous = [], 0
            for match in fresh:
                replacement.append(text[previous:match.start])
                link = soup.new_tag(
                    "a",
                    attrs={"class": TERM_LINK_CLASS, "href": href(match.entry_id), "title": tooltip[match.entry_id]},
                )
                link.string = text[match.start:match.end]
                replacement.append(link)
                previous = match.end
            replacement.append(text[previous:])
            node.replace_with(*[part for part in replacement if part != ""])
    return str(soup)
