"""Transformations of rendered page HTML, with a real HTML parser (BeautifulSoup).

Pure functions from HTML to HTML; the hooks call them in `on_page_content`.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from speech import piece_label

PARAGRAPH_NUMBER_CLASS = "para-num"
LINK_TITLE = {"zh": "第{label}段（点击获得本段链接）", "en": "Paragraph {label} (link to this paragraph)"}


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def add_paragraph_numbers(html: str, lang: str) -> str:
    """Put a visible, clickable ¶ number at the start of every numbered speech piece.

    The number is an identifiable insertion (class `para-num`), excluded from search.
    """
    soup = parse(html)
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
    return str(soup)


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
