"""Transformations of rendered page HTML, with a real HTML parser (lxml's, libxml2).

Pure functions over page content (an HTML fragment); the hooks call them in `on_page_content`.
lxml rather than BeautifulSoup: every page goes through here on every build of both languages,
and lxml parses and serializes in C (the whole site in about 50 ms instead of half a second).
libxml2 2.14 reads the Markdown output back unchanged but for `<hr/>` → `<hr>` and `&#x27;` → `'`.

lxml keeps text in two slots per node: `element.text` (before its first child) and `node.tail`
(after the node, inside its parent). `_text_runs` lists those slots in document order and
`_replace_run` swaps one for a mix of text and new elements: the two helpers every
transformation here is written with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Literal

import lxml.html
from lxml.html import HtmlElement

from escape import escape_tooltip
from speech import piece_label

PARAGRAPH_NUMBER_CLASS = "para-num"
LINK_TITLE = {"zh": "第{label}段（点击获得本段链接）", "en": "Paragraph {label} (link to this paragraph)"}


def has_class(name: str) -> str:
    """XPath test: the element's class attribute holds `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# The numbered speech pieces (hooks/speech.py renders them with class `speech` and the piece id).
SPEECH_PIECES = f".//*[{has_class('speech')} and @id]"
# What the site inserts into speech elements: everything else in them is the speech's own text.
INSERTIONS = f".//*[{has_class(PARAGRAPH_NUMBER_CLASS)}] | .//sup[starts-with(@id, 'fnref')]"

_WRAPPER = "div"


def parse(html: str) -> HtmlElement:
    """The page content `html` inside a wrapper element (serialize() leaves the wrapper out)."""
    return lxml.html.fragment_fromstring(html, create_parent=_WRAPPER)


def serialize(fragment: HtmlElement) -> str:
    """The HTML of a fragment made by parse(), without its wrapper."""
    html = lxml.html.tostring(fragment, encoding="unicode")
    return html[len(f"<{_WRAPPER}>") : -len(f"</{_WRAPPER}>")]


def outer_html(element: HtmlElement) -> str:
    """The HTML of `element` itself (without the text that follows it)."""
    return lxml.html.tostring(element, encoding="unicode", with_tail=False)


TextRun = tuple[HtmlElement, Literal["text", "tail"]]


def _text_runs(element: HtmlElement) -> Iterator[TextRun]:
    """The text slots inside `element` (not its own tail), in document order."""
    if isinstance(element.tag, str) and element.text:  # a comment's text is not page text
        yield element, "text"
    for child in element:
        yield from _text_runs(child)
        if child.tail:
            yield child, "tail"


def _holder(run: TextRun) -> HtmlElement:
    """The element the text of `run` is inside."""
    node, slot = run
    return node if slot == "text" else node.getparent()


def _replace_run(run: TextRun, parts: list[str | HtmlElement]) -> None:
    """Put `parts` (text and new elements, in order) where the text of `run` was."""
    node, slot = run
    parent, index = (node, 0) if slot == "text" else (node.getparent(), node.getparent().index(node) + 1)
    setattr(node, slot, None)
    last: HtmlElement | None = None
    for part in parts:
        if part == "":
            continue
        if isinstance(part, str):
            if last is None:
                setattr(node, slot, (getattr(node, slot) or "") + part)
            else:
                last.tail = (last.tail or "") + part
        else:
            parent.insert(index, part)
            index += 1
            last = part


def _element(tag: str, text: str, attributes: dict[str, str]) -> HtmlElement:
    element = lxml.html.Element(tag, attributes)
    element.text = text
    return element


def add_paragraph_numbers(fragment: HtmlElement, lang: str) -> None:
    """Put a visible, clickable ¶ number at the start of every numbered speech piece.

    The number is an identifiable insertion (class `para-num`), excluded from search.
    """
    for element in fragment.xpath(SPEECH_PIECES):
        label = piece_label(element.get("id"))
        if label is None:
            continue
        link = _element("a", f"¶{label}", {
            "class": PARAGRAPH_NUMBER_CLASS,
            "href": f"#{element.get('id')}",
            "title": LINK_TITLE[lang].format(label=label),
            "data-search-exclude": "",
        })
        link.tail, element.text = element.text, None
        element.insert(0, link)


# Runs of the other language inside a page, for `lang` attributes (screen readers, fonts, hyphenation):
# on English pages runs of Chinese characters and CJK punctuation; on Chinese pages runs of
# English words (from three letters, so that the redaction mark "XX" is not taken for English).
OTHER_LANGUAGE_RUN = {
    "en": ("zh", re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")),
    "zh": ("en", re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]{2,}(?:[ ,:;.]+[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]*)*")),
}
NO_LANGUAGE_MARKING = {"script", "style", "code", "pre", "title", "svg", "textarea"}


def _language_settled(element: HtmlElement) -> bool:
    """Whether text inside `element` is not to be marked: code and the like, or a `lang` already set."""
    return any(node.tag in NO_LANGUAGE_MARKING or node.get("lang") for node in (element, *element.iterancestors()))


def mark_other_language(fragment: HtmlElement, page_lang: str) -> None:
    """Wrap runs of text in the page's other language in `<span lang="...">`."""
    other_lang, pattern = OTHER_LANGUAGE_RUN[page_lang]
    for run in list(_text_runs(fragment)):
        text = getattr(*run)
        if not pattern.search(text) or _language_settled(_holder(run)):
            continue
        parts: list[str | HtmlElement] = []
        previous = 0
        for match in pattern.finditer(text):
            parts += [text[previous : match.start()], _element("span", match.group(), {"lang": other_lang})]
            previous = match.end()
        parts.append(text[previous:])
        _replace_run(run, parts)


def speech_pieces(html: str) -> list[tuple[str, str]]:
    """(piece id, text) of every speech element of a page, in document order, insertions removed."""
    document = lxml.html.document_fromstring(html)
    pieces = []
    for element in document.xpath(SPEECH_PIECES):
        for insertion in element.xpath(INSERTIONS):
            insertion.drop_tree()  # keeps the text after it
        pieces.append((element.get("id"), element.text_content()))
    return pieces


TERM_LINK_CLASS = "term"
# Terms are linked in running text only: never inside links, code, notes or headings.
NO_TERM_LINKS = {"a", "code", "pre", "sup", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


def _inside_excluded(element: HtmlElement, piece: HtmlElement) -> bool:
    """Whether `element`, or an element between it and the speech piece, excludes term links."""
    while element is not piece:
        if element.tag in NO_TERM_LINKS:
            return True
        element = element.getparent()
    return False


def link_terms(html: str, find_terms: Callable, tooltip: dict[str, str], href: Callable[[str], str]) -> str:
    """Link the first occurrence of each glossary term in every speech piece of a page.

    `find_terms(text)` returns `TermMatch`es (glossary.TermMatcher.find); `tooltip[entry_id]` is the
    short definition (plain text) shown on hover and focus (Material's content.tooltips reads `title`);
    `href(entry_id)` is the link target. The text itself is never changed, only wrapped.
    """
    fragment = parse(html)
    for piece in fragment.xpath(SPEECH_PIECES):
        if piece.tag in NO_TERM_LINKS:
            continue
        linked: set[str] = set()
        for run in list(_text_runs(piece)):
            if _inside_excluded(_holder(run), piece):
                continue
            text = getattr(*run)
            fresh = []
            for match in find_terms(text):
                if match.entry_id not in linked:
                    linked.add(match.entry_id)
                    fresh.append(match)
            if not fresh:
                continue
            parts: list[str | HtmlElement] = []
            previous = 0
            for match in fresh:
                link = _element("a", text[match.start : match.end], {
                    "class": TERM_LINK_CLASS, "href": href(match.entry_id), "title": escape_tooltip(tooltip[match.entry_id]),
                })
                parts += [text[previous : match.start], link]
                previous = match.end
            parts.append(text[previous:])
            _replace_run(run, parts)
    return serialize(fragment)
