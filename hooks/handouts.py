"""Handouts: a printable page per unit and language, and the A4 PDFs made from those pages.

Pure and typed (no MkDocs imports); the hook (handout_hook.py) supplies the links and the
rendered HTML. One source for screen and paper: the handout page's Markdown is rendered by
MkDocs like any page, and its HTML, cleaned of links and screen-only parts, is what
WeasyPrint lays out as the PDF (`pdf_document`). The whole-speech PDF is the text sections
of all unit handouts in order.

The PDFs never depend on the fonts of the machine that builds them: they use a subset of
Noto Serif CJK SC shipped in fonts/ (made by scripts/subset_font.py from the characters
`characters_used` returns). `check_font_coverage` fails with the missing characters named
if a text needs one the subset lacks.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml.html import HtmlComment, HtmlElement

from corpus import Corpus
from glossary import Entry, TermMatcher
from markup import has_class, outer_html, parse, serialize
from questions import LABELS as QUESTION_LABELS
from questions import UnitQuestions, render_questions
from speech import HEADING_KINDS, Piece, Unit, escape_markdown

HANDOUT_MARKER = re.compile(r"<!--\s*handout:\s*([\w-]+)\s*-->")
# The table of handouts and PDFs (study guide page).
DOWNLOADS_MARKER = re.compile(r"<!--\s*handouts\s*-->")

WHOLE_SPEECH = "whole-speech"
RULED_LINES = 14  # on the handout page; the PDF fills its last page (see write_pdf)
MIN_LINES = 6
OVERFLOW_LINES = 64  # more than two A4 pages hold
LINE_MM = 9
LINES_ANCHOR = "h-lines"
NOTES_PLACEHOLDER = "notes:{heading}"
PAGE_HEIGHT_MM = 297
PAGE_MARGINS_MM = (18, 20, 20, 20)  # top, right, bottom, left
MM_PER_PX = 25.4 / 96
FONT_DIR = "fonts"
FONT_FAMILY = "Handout Serif SC"
FONT_FILES: dict[int, str] = {400: "HandoutSerifSC-Regular.otf", 700: "HandoutSerifSC-Bold.otf"}
HANDOUT_CSS = Path("overrides/assets/stylesheets/handout.css")
# Reading aloud in a meeting: characters per minute (zh), words per minute (en).
READING_PACE = {"zh": 220, "en": 130}
# Always in the font subset, whatever the data says: printable ASCII and the list bullet.
BASE_CHARACTERS = set(string.printable) - set(string.whitespace) | {" ", "•", "–", "—"}

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "handout": "学习讲义",
        "page_title": "讲义 · {unit}",
        "text": "原文",
        "terms": "术语",
        "terms_intro": "本单元原文中出现的术语，按出现先后排列。完整解释见",
        "glossary": "术语表",
        "questions": QUESTION_LABELS["zh"]["title"],
        "notes": "笔记",
        "editorial": "编者注",
        "name": "姓名",
        "date": "日期",
        "source": "《{speech}》",
        "download": "下载讲义 PDF",
        "view": "讲义（可打印）",
        "whole": "讲话全文",
        "whole_title": "讲话全文 · 逐段编号",
        "footer": "第 {page} 页",
        "unit": "单元",
        "paragraphs": "段落",
        "length": "字数",
        "reading": "领读约",
        "minutes": "{n} 分钟",
        "pdf": "PDF",
        "handout_col": "讲义",
        "colon": "：",
    },
    "en": {
        "handout": "Study handout",
        "page_title": "Handout · {unit}",
        "text": "Text",
        "terms": "Terms",
        "terms_intro": "Terms that occur in this unit, in order of first appearance. Full explanations: see the",
        "glossary": "glossary",
        "questions": QUESTION_LABELS["en"]["title"],
        "notes": "Notes",
        "editorial": "Editorial notes",
        "name": "Name",
        "date": "Date",
        "source": "{speech}",
        "download": "Download handout (PDF)",
        "view": "Handout (printable)",
        "whole": "The whole speech",
        "whole_title": "The whole speech · numbered paragraphs",
        "footer": "Page {page}",
        "unit": "Unit",
        "paragraphs": "Paragraphs",
        "length": "Words",
        "reading": "Read aloud",
        "minutes": "about {n} min",
        "pdf": "PDF",
        "handout_col": "Handout",
        "colon": ": ",
    },
}

LinkToPiece = Callable[[str], str]


def pdf_name(unit_id: str, lang: str) -> str:
    """File name of a handout PDF, next to the handout pages: part-1.zh.pdf, whole-speech.en.pdf."""
    return f"{unit_id}.{lang}.pdf"


def span_label(first: int, last: int) -> str:
    """¶3–¶7, or ¶18 for a single paragraph."""
    return f"¶{first}" if first == last else f"¶{first}–¶{last}"


def page_title(unit: Unit, lang: str) -> str:
    return LABELS[lang]["page_title"].format(unit=unit.title[lang])


def unit_text(unit: Unit, corpus: Corpus, lang: str) -> str:
    """The unit's text in one language, pieces concatenated (what the handout must show in full)."""
    return "".join(corpus.text(piece.id, lang) for number in unit.numbers for piece in corpus.speech.paragraphs[number].pieces)


def reading_minutes(text: str, lang: str) -> int:
    amount = len(text.split()) if lang == "en" else len("".join(text.split()))
    return max(1, math.ceil(amount / READING_PACE[lang]))


def text_length(text: str, lang: str) -> int:
    return len(text.split()) if lang == "en" else len("".join(text.split()))


def unit_terms(unit: Unit, corpus: Corpus, entries: list[Entry]) -> list[Entry]:
    """Glossary entries whose forms occur in the unit's Chinese text, in order of first occurrence."""
    matcher = TermMatcher(entries)
    by_id = {entry.id: entry for entry in entries}
    seen: dict[str, None] = {}
    for number in unit.numbers:
        for piece in corpus.speech.paragraphs[number].pieces:
            for match in matcher.find(piece.text):
                seen.setdefault(match.entry_id)
    return [by_id[entry_id] for entry_id in seen]


def _piece_groups(unit: Unit, corpus: Corpus) -> list[list[Piece]]:
    """Pieces grouped as the handout shows them: a section lead stays with its body (one line of the original)."""
    groups: list[list[Piece]] = []
    for number in unit.numbers:
        for piece in corpus.speech.paragraphs[number].pieces:
            if piece.kind == "body" and piece.label is None and groups and groups[-1][0].kind == "section":
                groups[-1].append(piece)
            else:
                groups.append([piece])
    return groups


def _text_markdown(unit: Unit, corpus: Corpus, lang: str, link_to_piece: LinkToPiece) -> str:
    blocks = []
    for group in _piece_groups(unit, corpus):
        first = group[0]
        label = f"[¶{first.label}]({link_to_piece(first.id)}){{ .handout-num }}"
        parts = []
        for piece in group:
            text = escape_markdown(corpus.text(piece.id, lang))
            parts.append(f"**{text}**" if piece.kind in HEADING_KINDS else text)
        css = f".handout-piece .handout-{first.kind}"
        # No space after the number: its box sets it apart, and the text starts exactly after it.
        joiner = " " if lang == "en" else ""  # a section's lead sentence and its body: one paragraph
        blocks.append(f"{label}{joiner.join(parts)}\n{{: {css} }}")
    return "\n\n".join(blocks)


def _notes_markdown(unit: Unit, corpus: Corpus, lang: str, link_to_piece: LinkToPiece) -> str:
    notes = [note for note in corpus.notes if note.paragraph in unit.numbers]
    if not notes:
        return ""
    labels = LABELS[lang]
    items = []
    for note in notes:
        piece_id = f"p{note.paragraph}"
        anchor = escape_markdown(note.anchor[lang])
        items.append(f"- [¶{note.paragraph}]({link_to_piece(piece_id)}) “{anchor}”{labels['colon']}{escape_markdown(note.text[lang])}")
    return f"**{labels['editorial']}**\n{{: .handout-editorial-title }}\n\n" + "\n".join(items) + "\n{: .handout-editorial }"


def _terms_html(terms: list[Entry], lang: str) -> str:
    rows = []
    for entry in terms:
        if lang == "zh":
            name = f'<span class="handout-term">{html.escape(entry.term)}</span>'
            extra = f' <span class="handout-pinyin">{html.escape(entry.pinyin)}</span>'
        else:
            name = f'<span class="handout-term">{html.escape(entry.en)}</span>'
            extra = (
                f' <span class="handout-term-zh" lang="zh">{html.escape(entry.term)}</span>'
                f' <span class="handout-pinyin">{html.escape(entry.pinyin)}</span>'
            )
        rows.append(f"<dt>{name}{extra}</dt>\n<dd>{html.escape(entry.short[lang])}</dd>")
    return '<dl class="handout-terms">\n' + "\n".join(rows) + "\n</dl>"


def handout_markdown(
    unit: Unit,
    corpus: Corpus,
    terms: list[Entry],
    questions: UnitQuestions,
    lang: str,
    link_to_piece: LinkToPiece,
    glossary_link: str | None = None,
    pdf_href: str | None = None,
) -> str:
    """The handout page of a unit: title, text with ¶ numbers, terms, questions, ruled space for notes.

    Ids on this page never take the form of piece ids (pN): those belong to the unit pages;
    the ¶ numbers link back there. `pdf_href` (a plain URL, not validated by MkDocs) adds
    the download button, which is left out of the PDF itself.
    """
    labels = LABELS[lang]
    speech_title = corpus.text("p0", lang)
    source = labels["source"].format(speech=speech_title)
    span = span_label(unit.first, unit.last)
    blocks = [
        f"# {escape_markdown(unit.title[lang])} {{: .handout-title }}",
        f"{labels['handout']} · {escape_markdown(source)} · {span}\n{{: .handout-source }}",
        (
            '<p class="handout-fill">'
            f'<span>{labels["name"]}</span><span class="handout-blank"></span>'
            f'<span>{labels["date"]}</span><span class="handout-blank"></span></p>'
        ),
    ]
    if pdf_href:
        blocks.append(
            f'<p class="handout-screen"><a class="md-button md-button--primary" href="{html.escape(pdf_href)}" '
            f'download>{labels["download"]}</a></p>'
        )
    blocks.append(f"## {labels['text']} {{: #h-text }}")
    text = _text_markdown(unit, corpus, lang, link_to_piece)
    notes = _notes_markdown(unit, corpus, lang, link_to_piece)
    blocks.append('<div class="handout-text" markdown>\n\n' + text + ("\n\n" + notes if notes else "") + "\n\n</div>")
    if terms:
        blocks.append(f"## {labels['terms']} {{: #h-terms }}")
        if glossary_link:
            blocks.append(f"{labels['terms_intro']} [{labels['glossary']}]({glossary_link}).\n{{: .handout-screen }}" if lang == "en"
                          else f"{labels['terms_intro']}[{labels['glossary']}]({glossary_link})。\n{{: .handout-screen }}")
        blocks.append(_terms_html(terms, lang))
    blocks.append(f"## {labels['questions']} {{: #h-questions }}")
    blocks.append('<div class="handout-questions" markdown>\n\n' + render_questions(questions, lang, link_to_piece) + "\n</div>")
    blocks.append(f"## {labels['notes']} {{: #h-notes }}")
    lines = "".join('<div class="handout-line"></div>' for _ in range(RULED_LINES))
    blocks.append(f'<div class="handout-lines" aria-hidden="true">{lines}</div>')
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class DownloadLinks:
    unit_page: Callable[[Unit], str]
    handout_page: Callable[[Unit], str | None]
    pdf: Callable[[str], str]


def downloads_markdown(corpus: Corpus, lang: str, links: DownloadLinks) -> str:
    """A table of every unit with its length, reading time, handout page and PDF, then the whole speech."""
    labels = LABELS[lang]
    header = [labels["unit"], labels["paragraphs"], labels["length"], labels["reading"], labels["handout_col"], labels["pdf"]]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    total = ""
    for unit in corpus.units:
        text = unit_text(unit, corpus, lang)
        total += text + (" " if lang == "en" else "")
        handout = links.handout_page(unit)
        cells = [
            f"[{escape_markdown(unit.title[lang])}]({links.unit_page(unit)})",
            span_label(unit.first, unit.last),
            str(text_length(text, lang)),
            labels["minutes"].format(n=reading_minutes(text, lang)),
            f"[{labels['handout_col']}]({handout})" if handout else "",
            f'<a href="{html.escape(links.pdf(unit.id))}" download>{labels["pdf"]}</a>',
        ]
        rows.append("| " + " | ".join(cells) + " |")
    last = corpus.units[-1].last
    rows.append(
        "| "
        + " | ".join(
            [
                f"**{labels['whole']}**",
                span_label(0, last),
                str(text_length(total, lang)),
                labels["minutes"].format(n=reading_minutes(total, lang)),
                "",
                f'<a href="{html.escape(links.pdf(WHOLE_SPEECH))}" download>{labels["pdf"]}</a>',
            ]
        )
        + " |"
    )
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- PDFs


SCREEN_ONLY = f"//*[{has_class('handout-screen')} or {has_class('headerlink')}]"


def _clean_for_paper(fragment: HtmlElement) -> None:
    """Links become plain text (spans keeping their classes), screen-only parts and permalink anchors go."""
    for element in fragment.xpath(SCREEN_ONLY):
        element.drop_tree()  # keeps the text after it
    for link in list(fragment.iter("a")):
        classes = link.get("class")
        if classes:
            link.tag = "span"
            link.attrib.clear()
            link.set("class", classes)
        else:
            link.drop_tag()  # its text and children stay


def _first(fragment: HtmlElement, xpath: str) -> HtmlElement | None:
    found = fragment.xpath(xpath)
    return found[0] if found else None


def _document(body: str, lang: str, title: str, description: str, created: str | None) -> str:
    meta = [
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f'<meta name="description" content="{html.escape(description)}">',
    ]
    if created:
        meta += [f'<meta name="dcterms.created" content="{created}">', f'<meta name="dcterms.modified" content="{created}">']
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n' + "\n".join(meta) + "\n</head>\n"
        f'<body class="handout-pdf">\n{body}\n</body>\n</html>\n'
    )


def pdf_document(content_html: str, lang: str, title: str, description: str, created: str | None = None) -> str:
    """A standalone HTML document of a rendered handout page, ready for WeasyPrint.

    The notes section becomes a placeholder: `write_pdf` fills it with as many ruled lines
    as the last page has room for (or a page of them).
    """
    fragment = parse(content_html)
    _clean_for_paper(fragment)
    heading = _first(fragment, "//*[@id='h-notes']")
    lines = _first(fragment, f"//*[{has_class('handout-lines')}]")
    if heading is not None and lines is not None:
        heading.tag = "h2"
        heading.addprevious(HtmlComment(NOTES_PLACEHOLDER.format(heading=outer_html(heading))))
        heading.drop_tree()
        lines.drop_tree()
    return _document(serialize(fragment), lang, title, description, created)


def whole_speech_document(sections: Iterable[tuple[str, str]], lang: str, speech_title: str, created: str | None = None) -> str:
    """One document of the whole speech from the unit handouts: (unit title, rendered handout HTML) in order."""
    labels = LABELS[lang]
    parts = [
        f'<h1 class="handout-title">{html.escape(labels["whole_title"])}</h1>',
        f'<p class="handout-source">{html.escape(LABELS[lang]["source"].format(speech=speech_title))}</p>',
    ]
    for unit_title, content_html in sections:
        fragment = parse(content_html)
        _clean_for_paper(fragment)
        text = _first(fragment, f"//*[{has_class('handout-text')}]")
        if text is None:
            raise ValueError(f"handout of {unit_title!r} has no .handout-text section")
        parts.append(f'<section class="handout-unit"><h2>{html.escape(unit_title)}</h2>\n{outer_html(text)}</section>')
    title = f"{labels['whole']} · {speech_title}" if lang == "zh" else f"{labels['whole']}: {speech_title}"
    return _document("\n".join(parts), lang, title, labels["whole_title"], created)


def page_css(lang: str) -> str:
    """The A4 page of the PDFs, with the page number in the footer (in the document's language)."""
    before, _, after = LABELS[lang]["footer"].partition("{page}")
    content = " ".join(part for part in (f'"{before}"' if before else "", "counter(page)", f'"{after}"' if after else "") if part)
    top, right, bottom, left = PAGE_MARGINS_MM
    return (
        f"@page {{ size: A4; margin: {top}mm {right}mm {bottom}mm {left}mm; "
        f"@bottom-center {{ content: {content}; }} }}\n"
        f".handout-line {{ height: {LINE_MM}mm; }}\n"
    )


def footer_text(lang: str, page: int) -> str:
    return LABELS[lang]["footer"].format(page=page)


def font_face_css(font_dir: Path) -> str:
    rules = []
    for weight, name in FONT_FILES.items():
        url = (font_dir / name).resolve().as_uri()
        rules.append(f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{url}"); font-weight: {weight}; font-style: normal; }}')
    return "\n".join(rules) + "\n"


def css_content_strings(css: str) -> str:
    """Characters a stylesheet prints itself (`content: "…"`)."""
    return "".join(re.findall(r'content:\s*"([^"]*)"', css))


def shown_text(document_html: str) -> str:
    """Every character a document shows on paper (its text; the footer comes from `page_css`)."""
    return lxml.html.document_fromstring(_with_notes(document_html, 1)).body.text_content()


class FontCoverageError(Exception):
    """Text needs characters the shipped font subset does not have."""


def font_characters(font_path: Path) -> set[str]:
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True) as font:
        return {chr(code) for code in font.getBestCmap()}


def missing_characters(text: str, available: set[str]) -> list[str]:
    return sorted({char for char in text if not char.isspace() and char.isprintable() and char not in available})


def font_coverage(font_dir: Path) -> dict[Path, set[str]]:
    """The characters of each font file of the subset (load once per build)."""
    coverage = {}
    for name in FONT_FILES.values():
        path = font_dir / name
        if not path.exists():
            raise FontCoverageError(f"the handout font {path} is missing: run `.venv/bin/python scripts/subset_font.py`")
        coverage[path] = font_characters(path)
    return coverage


def check_font_coverage(text: str, coverage: dict[Path, set[str]], where: str = "") -> None:
    """Raise `FontCoverageError` naming every character of `text` that a font of the subset lacks."""
    for path, available in coverage.items():
        missing = missing_characters(text, available)
        if missing:
            listed = " ".join(f"{char} (U+{ord(char):04X})" for char in missing)
            raise FontCoverageError(
                f"{where}: the handout font {path} lacks {len(missing)} character(s) the PDFs need: {listed}. "
                "Regenerate the subset with `.venv/bin/python scripts/subset_font.py` (needs Debian's fonts-noto-cjk)."
            )


def characters_used(corpus: Corpus, entries: list[Entry], questions: dict[str, UnitQuestions]) -> set[str]:
    """Every character any handout PDF can show: the handouts' Markdown, labels, footers, stylesheet text.

    Markdown source covers its rendered text (escapes and link targets are ASCII, always included).
    """
    chars = set(BASE_CHARACTERS)
    for lang in ("zh", "en"):
        for unit in corpus.units:
            markdown = handout_markdown(
                unit, corpus, unit_terms(unit, corpus, entries), questions[unit.id], lang, lambda piece_id: "", "", ""
            )
            chars |= set(markdown) | set(unit.title[lang])
        chars |= set("".join(LABELS[lang].values())) | set(corpus.text("p0", lang))
        chars |= set(footer_text(lang, 1234567890))
    stylesheet = corpus.root / HANDOUT_CSS
    if stylesheet.exists():
        chars |= set(css_content_strings(stylesheet.read_text(encoding="utf-8")))
    return {char for char in chars if not char.isspace() or char == " "}


def pdf_identifier(document_html: str) -> bytes:
    """A stable PDF file identifier: the same document gives the same bytes on every build."""
    return hashlib.md5(document_html.encode("utf-8"), usedforsecurity=False).hexdigest().encode()


def _with_notes(document_html: str, lines: int) -> str:
    def notes(match) -> str:
        ruled = "".join('<div class="handout-line"></div>' for _ in range(lines))
        return (
            f'<section class="handout-notes">{match.group(1)}'
            f'<div class="handout-lines" id="{LINES_ANCHOR}" aria-hidden="true">{ruled}</div></section>'
        )

    return re.sub(r"<!--notes:(.*?)-->", notes, document_html, count=1, flags=re.S)


def _lines_room(document) -> tuple[int, float]:
    """(page index, room left below the top of the ruled lines, in mm) in a rendered document."""
    for index, page in enumerate(document.pages):
        if LINES_ANCHOR in page.anchors:
            y_mm = page.anchors[LINES_ANCHOR][1] * MM_PER_PX
            return index, PAGE_HEIGHT_MM - PAGE_MARGINS_MM[2] - y_mm
    raise ValueError("no ruled lines in the document")


def write_pdf(document_html: str, target: Path, stylesheets: list[str], font_config=None, base_url: str | None = None) -> int:
    """Lay out one document with WeasyPrint (once) and write it to `target` (A4 from `page_css`).

    A handout's notes section fills the rest of its last page with ruled lines; when fewer than
    MIN_LINES fit there, one more page of lines follows. (It is laid out with more lines than
    fit, and the pages after the cut are left out.) Returns the number of pages. No dates are
    written unless the document's meta says so.
    """
    from weasyprint import CSS, HTML

    sheets = [CSS(string=css, font_config=font_config, base_url=base_url) for css in stylesheets]
    final = _with_notes(document_html, OVERFLOW_LINES) if "<!--notes:" in document_html else document_html
    document = HTML(string=final, base_url=base_url).render(stylesheets=sheets, font_config=font_config)
    if final is not document_html:
        index, room = _lines_room(document)
        keep = index + 1 if room >= MIN_LINES * LINE_MM else index + 2
        document = document.copy(document.pages[:keep])
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_identifier=pdf_identifier(final))
    return len(document.pages)
