"""Handouts: a printable page per unit and language, and the A4 PDFs made from those pages.

Pure and typed (no MkDocs imports); the hook (handout_hook.py) supplies the links and the
rendered HTML. One source for screen and paper: the handout page's Markdown is rendered by
MkDocs like any page, and its HTML, cleaned of links and screen-only parts, is what
WeasyPrint lays out as the PDF (`pdf_document`). The whole-speech PDF is the text sections
of all unit handouts in order. When the site's address is known (SITE_URL), each PDF's first
page carries a QR code of the unit's page online (the whole speech: the home page).

The PDFs never depend on the fonts of the machine that builds them: they use a subset of
Noto Serif CJK SC that the build makes (handout_font.py) for the texts `handout_texts` returns.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml.html import HtmlComment, HtmlElement

from corpus import Corpus
from glossary import Entry, TermMatcher
from markup import has_class, outer_html, parse, serialize
from pdfs import LINE_MM, PAGE_MARGINS_MM, with_notes
from questions import LABELS as QUESTION_LABELS
from questions import UnitQuestions, render_questions
from speech import HEADING_KINDS, Piece, Unit, escape_markdown

HANDOUT_MARKER = re.compile(r"<!--\s*handout:\s*([\w-]+)\s*-->")
# The table of handouts and PDFs (study guide page).
DOWNLOADS_MARKER = re.compile(r"<!--\s*handouts\s*-->")

WHOLE_SPEECH = "whole-speech"
RULED_LINES = 14  # on the handout page; the PDF fills its last page (see pdfs.render)
NOTES_PLACEHOLDER = "notes:{heading}"  # filled by pdfs.with_notes
# The deployed site's address, for the QR codes on the PDFs (mkdocs.yml's site_url defaults to
# the local `mkdocs serve` address, which a phone cannot open: the variable itself decides).
SITE_URL_ENV = "SITE_URL"
# The PDFs' language (<html lang>, the tagged PDF's /Lang): Simplified Chinese as written in
# mainland China, which screen readers pick a voice by; English needs no region.
PDF_LANGUAGE = {"zh": "zh-CN", "en": "en"}
HANDOUT_CSS = Path("overrides/assets/stylesheets/handout.css")
# Reading aloud in a meeting: characters per minute (zh), words per minute (en).
READING_PACE = {"zh": 220, "en": 130}

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

# Shown on the site only (never on paper, so not in the font subset) where the PDF buttons would
# be, when the build makes no PDFs (`mkdocs serve`): a note instead of a link that would fail.
PDF_PREVIEW_NOTE = {
    "zh": "本地预览不生成 PDF 讲义：完整构建的网站上可以下载。",
    "en": "PDF handouts are made only in a full build of the site, not in this preview.",
}
# The QR code's alternative text in the tagged PDF (read out, never drawn: not in the font subset).
QR_TITLES = {"zh": "二维码：在线阅读 {url}", "en": "QR code: read online at {url}"}

LinkToPiece = Callable[[str], str]


def preview_note(lang: str, tag: str = "span") -> str:
    """The site-only note standing where the PDF downloads would be."""
    return f'<{tag} class="handout-screen preview-note">{html.escape(PDF_PREVIEW_NOTE[lang])}</{tag}>'


def site_url_from_env(environ: Mapping[str, str]) -> str | None:
    """The deployed site's address from SITE_URL (with a final slash), or None when unset or empty."""
    url = environ.get(SITE_URL_ENV, "").strip()
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


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
    questions: UnitQuestions | None,
    lang: str,
    link_to_piece: LinkToPiece,
    glossary_link: str | None = None,
    pdf_href: str | None = None,
    pdfs_made: bool = True,
) -> str:
    """The handout page of a unit: title, text with ¶ numbers, terms, questions, ruled space for notes.

    A speech without study questions (`questions` None) has no questions section.

    Ids on this page never take the form of piece ids (pN): those belong to the unit pages;
    the ¶ numbers link back there. `pdf_href` (a plain URL, not validated by MkDocs) adds
    the download button, which is left out of the PDF itself; when this build makes no PDFs
    (`mkdocs serve`), a note says so in its place.
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
    if pdf_href and pdfs_made:
        blocks.append(
            f'<p class="handout-screen"><a class="md-button md-button--primary" href="{html.escape(pdf_href)}" '
            f'download>{labels["download"]}</a></p>'
        )
    elif pdf_href:
        blocks.append(preview_note(lang, "p"))
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
    if questions is not None:
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
    pdf: Callable[[str], str] | None  # None: this build makes no PDFs (a note says so)


def downloads_markdown(corpus: Corpus, lang: str, links: DownloadLinks) -> str:
    """A table of every unit with its length, reading time, handout page and PDF, then the whole speech."""
    labels = LABELS[lang]
    header = [labels["unit"], labels["paragraphs"], labels["length"], labels["reading"], labels["handout_col"]]
    if links.pdf:
        header.append(labels["pdf"])

    def pdf_cell(unit_id: str) -> list[str]:
        return [f'<a href="{html.escape(links.pdf(unit_id))}" download>{labels["pdf"]}</a>'] if links.pdf else []

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
            *pdf_cell(unit.id),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    last = corpus.units[-1].last
    whole = [
        f"**{labels['whole']}**",
        span_label(0, last),
        str(text_length(total, lang)),
        labels["minutes"].format(n=reading_minutes(total, lang)),
        "",
        *pdf_cell(WHOLE_SPEECH),
    ]
    rows.append("| " + " | ".join(whole) + " |")
    table = "\n".join(rows) + "\n"
    return table if links.pdf else table + "\n" + preview_note(lang, "p") + "\n"


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


def qr_code(url: str, lang: str) -> str:
    """A QR code of `url` as inline SVG (vector: sharp at any print size), the address printed under it."""
    import segno  # only when PDFs are made with SITE_URL set (a fifth of a second to import)

    code = segno.make(url, error="m")
    svg = code.svg_inline(border=2, omitsize=True, svgclass="handout-qr-code", title=QR_TITLES[lang].format(url=url))
    return f'<div class="handout-qr">{svg}<p class="handout-qr-address">{html.escape(url)}</p></div>'


def _document(body: str, lang: str, title: str, description: str, online_url: str | None) -> str:
    """A standalone HTML document for WeasyPrint. No dates: a PDF's bytes depend only on its content."""
    meta = [
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f'<meta name="description" content="{html.escape(description)}">',
    ]
    qr = qr_code(online_url, lang) + "\n" if online_url else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{PDF_LANGUAGE[lang]}">\n<head>\n' + "\n".join(meta) + "\n</head>\n"
        f'<body class="handout-pdf">\n{qr}{body}\n</body>\n</html>\n'
    )


def pdf_document(content_html: str, lang: str, title: str, description: str, online_url: str | None = None) -> str:
    """A standalone HTML document of a rendered handout page, ready for WeasyPrint.

    The notes section becomes a placeholder: `pdfs.render` fills it with as many ruled lines
    as the last page has room for (or a page of them). With `online_url`, the first page
    carries a QR code of it.
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
    return _document(serialize(fragment), lang, title, description, online_url)


def whole_speech_document(
    sections: Iterable[tuple[str, str]], lang: str, speech_title: str, online_url: str | None = None
) -> str:
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
    return _document("\n".join(parts), lang, title, labels["whole_title"], online_url)


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


def css_content_strings(css: str) -> str:
    """Characters a stylesheet prints itself (`content: "…"`)."""
    return "".join(re.findall(r'content:\s*"([^"]*)"', css))


def shown_text(document_html: str) -> str:
    """Every character a document shows on paper (its text; the footer comes from `page_css`).

    A QR code's SVG title is its alternative text in the tagged PDF, never drawn.
    """
    body = lxml.html.document_fromstring(with_notes(document_html, 1)).body
    for svg in body.iter("svg"):
        svg.drop_tree()
    return body.text_content()


def handout_texts(corpus: Corpus, entries: list[Entry], questions: dict[str, UnitQuestions], root: Path) -> dict[str, str]:
    """Every text a handout PDF of this speech can show, by where it comes from (what the font
    subset is made for): the handouts' Markdown in each language it is read in, labels, footers,
    stylesheet text (`root`: the project's folder).

    Markdown source covers its rendered text (escapes and link targets are ASCII, which the font
    always has). The labels and the stylesheet are named alike for every speech: texts of several
    speeches merge into one mapping.
    """
    data = corpus.data_dir.relative_to(root).as_posix()
    texts = {}
    for lang in corpus.languages:
        for unit in corpus.units:
            markdown = handout_markdown(
                unit, corpus, unit_terms(unit, corpus, entries), questions.get(unit.id), lang, lambda piece_id: "", "", ""
            )
            texts[f"{data}: handout {unit.id} ({lang})"] = markdown + unit.title[lang]
        texts[f"{data}: speech title ({lang})"] = corpus.text("p0", lang)
        texts[f"handout labels ({lang})"] = "".join(LABELS[lang].values()) + footer_text(lang, 1234567890)
    stylesheet = root / HANDOUT_CSS
    if stylesheet.exists():
        texts[HANDOUT_CSS.as_posix()] = css_content_strings(stylesheet.read_text(encoding="utf-8"))
    return texts
