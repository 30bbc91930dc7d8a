"""Text from data/ made safe for each place it lands in a page: one function per context.

Data files hold plain text, never markup. Where a value enters a page, it passes through the
function for that place, and only that one:

- `escape_markdown`: text in Markdown that the hooks generate (headings, paragraphs, lists,
  footnotes, table cells, md_in_html blocks);
- `escape_html`: text placed into HTML the templates print unescaped: MkDocs treats a page's
  `title` as HTML (the nav, the footer, `<title>`) and Material prints `page.meta.description`
  inside a double-quoted `content="..."` attribute;
- `escape_tooltip`: the value of a `title` attribute set through lxml (which escapes it once
  more when it writes the page): Material's `content.tooltips` renders that value as HTML;
- `unescape_html`: the way back, for code that needs the plain text of such a title (search).

JSON (the search index) is written with `json.dumps`, which escapes what JSON needs; the index
is a file of its own, never inlined into a page.
"""

from __future__ import annotations

import html
import re

# Exactly Python-Markdown's backslash-escapable characters (an escape of any other
# character would print the backslash). Extensions with other syntax stay disabled.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
# A line break would end the paragraph, list item or footnote the text is put into.
_LINE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
# `??? note` opening a block is pymdownx.details syntax, and `?` has no backslash escape.
_DETAILS_OPENER = re.compile(r"^\?")


def escape_markdown(text: str) -> str:
    """Make text render literally in Markdown: HTML-escape it, then backslash-escape Markdown syntax."""
    one_line = _LINE_BREAK.sub(" ", text)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))
    return _DETAILS_OPENER.sub("&#63;", escaped)


def escape_html(text: str) -> str:
    """Text as HTML for element content or a double-quoted attribute (templates quote with `"`).

    `'` stays as it is: Material passes titles through Jinja's `| e` for aria-labels, which would
    show an escaped apostrophe (common in English) as `&#x27;`.
    """
    return html.escape(text, quote=False).replace('"', "&quot;")


def escape_tooltip(text: str) -> str:
    """The value of a `title` attribute that Material's tooltips render as HTML.

    The serializer (lxml) escapes the attribute once; this is the second escape, so that the
    tooltip shows the text and runs nothing.
    """
    return html.escape(text, quote=False)


def unescape_html(markup: str) -> str:
    """The plain text of HTML text such as MkDocs' `page.title` (entities decoded)."""
    return html.unescape(markup)
