"""The four index pages (structure map, directives, quoted phrases, documents) as Markdown.

Pure and typed (no MkDocs imports): `index_hook.py` fills each page's `<!-- index: KIND -->`
marker with these, and the tests import them directly. What they show is read by
extraction.py (the phrases, formulas, documents and directives) and outline.py (the
structure); this module only lays it out, in both languages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from extraction import KINDS, Directive, Indexes
from outline import Passage, Point, Section
from speech import escape_markdown, paragraph_sign

# "I. ", "1. " before an English heading (the badge shows the number).
EN_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+)\.\s*")
EN_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
EN_ORDINAL = re.compile(r"^(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)(?:ly)?,\s*")


def english_point_title(text: str) -> str:
    """The first sentence of a point's translation, without "First, " and the full stop."""
    sentence = EN_SENTENCE.split(text, maxsplit=1)[0].rstrip(".")
    rest = EN_ORDINAL.sub("", sentence, count=1)
    return rest[:1].upper() + rest[1:]


def english_heading(text: str) -> str:
    """An English part or section heading without its number: "I. Putting politics first." → "Putting politics first"."""
    return EN_NUMBER.sub("", text).rstrip(".")


# --- generated pages --------------------------------------------------------------------

INDEX_MARKER = re.compile(r"<!--\s*index:\s*([\w-]+)\s*-->")

LinkTo = Callable[[str], str]  # piece id -> Markdown link target (a relative .md link with its anchor)
TermLinkTo = Callable[[str], str] | None  # glossary anchor -> link target; None when the build has no glossary page

# Interface text of the generated pages (Markdown, written here, never data).
LABELS = {
    "zh": {
        "times": "{n} 次",
        "unquoted": "（无引号）",
        "glossary": "术语表",
        "sep": "：",
        "point": "要点",
        "opening": "开场白",
        "closing": "结束语",
        "body": "正文",
        "by_section": "按章节",
        "by_verb": "按领头动词",
        "numbered": "带数字的提法",
        "unreviewed": "待审定的带数字短语",
        "unreviewed_help": "以下短语以数字开头，编者尚未审定它们是否为提法，暂列于此（每条取开头六个字）。",
        "items": "{n} 条",
        "group_count": "（{n} 条）",
        "slogans_summary": (
            "讲话中加引号的短语共 **{quotes}** 处，去掉重复后 **{distinct}** 个：{kinds}。"
            "带数字的提法 **{formulas}** 个，其中 {unquoted} 个在讲话中不加引号，{others} 个的数字不表示列举的项数。"
        ),
        "kind_count": "{label} {n} 个",
        "slogans_help": "每条后面是它出现的全部段落，点击段落号即回到原文；标有“术语表”的可查看解释。分类由程序按规则判定，规则判定不了的由编者审定。",
        "numbered_help": "以数字概括若干项内容的提法，不论讲话中是否加引号，都列出全部出现之处。",
        "numbered_other": "数字不表示项数的提法",
        "numbered_other_help": "以下提法也带数字，但数字是序号、比例、字数或形象说法，不是列举的项数（详见术语表）。",
        "directives_summary": (
            "讲话共提出要求 **{total}** 条：用“一是、二是、三是”列举的要点 **{points}** 条，"
            "其他用“要……”“必须……”提出的要求 **{requirements}** 条。其中 {quoted} 条是讲话引用的领导人原话。"
        ),
        "directives_help": (
            "每条标出所在段落和领头的动词；“把…”“以…”“通过…”“结合…”表示以介词开头的句式。同一句中有几个“要”的，按“要”分成几条。"
            "标“引述”的是讲话引用的领导人原话，不是讲话人自己提出的要求。"
        ),
        "quoted": "引述",
        "documents_summary": "讲话提到的文件（加书名号《》的）共 **{n} 份**，出现 **{occurrences} 次**。",
        "structure_summary": (
            "讲话除开场白和结束语外分 **{parts}** 个部分、**{sections}** 节；其中 {enumerating} 节用“一是、二是、三是”"
            "列出要点，共 **{points}** 个要点。{others}图中每一项都可点击，直达原文段落。"
        ),
        "other_points": "另有“一要、二要”“一抓、二抓”等列举 **{n}** 项，图中与要点同列。",
        "structure_label": "讲话结构图",
        "section_meta": "{points} 个要点 · 共 {directives} 条要求",
        "section_meta_none": "{directives} 条要求",
        "title": "讲话题目",
    },
    "en": {
        "times": "{n} times",
        "once": "once",
        "unquoted": " (unquoted)",
        "glossary": "Glossary",
        "sep": ": ",
        "point": "Point",
        "opening": "Opening",
        "closing": "Closing",
        "body": "Body",
        "by_section": "By section",
        "by_verb": "By leading verb",
        "numbered": "Numbered formulas",
        "unreviewed": "Numbered phrases not yet reviewed",
        "unreviewed_help": "These phrases open with a numeral; the editors have not yet reviewed whether they are formulas (each shown by its first six characters).",
        "items": "{n}",
        "group_count": " ({n})",
        "slogans_summary": (
            "The speech puts **{quotes}** phrases in quotation marks, **{distinct}** of them distinct: {kinds}. "
            "It uses **{formulas}** phrases with a number, {unquoted} of them without quotation marks; "
            "in {others} of them the number counts no list of items."
        ),
        "kind_count": "{n} {label}",
        "slogans_help": "Each phrase is shown in English with the Chinese it renders, followed by every paragraph it occurs in: click a paragraph number to go to the text. The classification follows rules applied to the text; where a rule cannot decide, the editors have.",
        "numbered_help": "Formulas that sum up a list with a number, with every occurrence, in quotation marks or not.",
        "numbered_other": "Other phrases with a number",
        "numbered_other_help": "These phrases contain a number too, but it is a sequence number, a ratio, a count of characters or an image, not a count of listed items (see the glossary).",
        "directives_summary": (
            "The speech sets out **{total}** requirements: **{points}** enumerated points (“first … second … third …”, "
            "一是、二是、三是) and **{requirements}** other requirements voiced with 要 (“must”) or 必须 (“have to”); "
            "{quoted} of them are a leader's words that the speech quotes."
        ),
        "directives_help": (
            "Each requirement is listed with its paragraph, its leading verb (Chinese, with an English gloss) and its wording in English; "
            "“把…”, “以…”, “通过…”, “结合…” mark a sentence that opens with a preposition. "
            "Requirements marked *Quoted* are a leader's words quoted in the speech, not the speaker's own. "
            "The paragraph link leads to the Chinese text and its full translation."
        ),
        "quoted": "Quoted",
        "documents_summary": "The speech names **{n} documents** (in 《》 title marks), **{occurrences} times** in all.",
        "structure_summary": (
            "Besides its opening and closing words, the speech has **{parts}** parts and **{sections}** sections; "
            "{enumerating} sections list their points as “first, second, third”, **{points}** points in all. "
            "{others}Every box in the map links to its paragraph."
        ),
        "other_points": "Another **{n}** items are enumerated as “first we must, second we must” (一要、二要 …) and shown alike. ",
        "structure_label": "Map of the speech",
        "section_meta": "{points} points · {directives} requirements in all",
        "section_meta_none": "{directives} requirements",
        "title": "Title",
    },
}


def times(n: int, lang: str) -> str:
    """How often something occurs: "3 次", "3 times", "once"."""
    if lang == "en" and n == 1:
        return LABELS["en"]["once"]
    return LABELS[lang]["times"].format(n=n)


def _links(occurrences, link: LinkTo, lang: str) -> str:
    parts = []
    for occurrence in occurrences:
        mark = "" if occurrence.quoted else LABELS[lang]["unquoted"]
        parts.append(f"[{paragraph_sign(occurrence.piece_id)}]({link(occurrence.piece_id)}){mark}")
    return " ".join(parts)


def _glossary(indexes: Indexes, text: str, lang: str, term_link: TermLinkTo) -> str:
    term = indexes.term(text)
    if term is None or term_link is None:
        return ""
    return f" · [{LABELS[lang]['glossary']}]({term_link(term.anchor)}){{: .index-term }}"


def _name(indexes: Indexes, zh: str, lang: str, marks: tuple[str, str]) -> str:
    """“四个意识” on zh pages; **Four Consciousnesses** “四个意识” on en pages."""
    chinese = escape_markdown(f"{marks[0]}{zh}{marks[1]}")
    if lang == "zh":
        return f"**{chinese}**"
    return f"**{escape_markdown(indexes.english(zh) or '')}** {chinese}"


def render_slogans(indexes: Indexes, lang: str, link: LinkTo, term_link: TermLinkTo) -> str:
    ex, labels = indexes.extraction, LABELS[lang]
    counts = {kind: sum(1 for p in ex.phrases if p.kind == kind) for kind in KINDS}
    kinds = ("、" if lang == "zh" else ", ").join(
        labels["kind_count"].format(label=KINDS[kind][lang] if lang == "zh" else KINDS[kind][lang].lower(), n=n)
        for kind, n in counts.items()
    )
    unquoted = sum(1 for f in ex.formulas if not any(o.quoted for o in f.occurrences))
    blocks = [
        labels["slogans_summary"].format(
            quotes=len(ex.quotes), distinct=len(ex.phrases), kinds=kinds, formulas=len(ex.formulas), unquoted=unquoted,
            others=sum(1 for f in ex.formulas if not f.enumerates),
        )
        + "\n{: .index-summary }",
        labels["slogans_help"],
    ]
    for kind in KINDS:
        phrases = [p for p in ex.phrases if p.kind == kind]
        if not phrases:
            continue
        blocks.append(f"## {KINDS[kind][lang]} {{: #{kind} }}")
        items = [
            f"- {_name(indexes, p.text, lang, ('“', '”'))} · {times(len(p.occurrences), lang)}{labels['sep']}"
            f"{_links(p.occurrences, link, lang)}{_glossary(indexes, p.text, lang, term_link)}"
            for p in phrases
        ]
        blocks.append("\n".join(items))
    for enumerates, key, anchor in ((True, "numbered", "numbered"), (False, "numbered_other", "numbered-other")):
        formulas = [f for f in ex.formulas if f.enumerates == enumerates]
        if not formulas:
            continue
        blocks.append(f"## {labels[key]} {{: #{anchor} }}")
        blocks.append(labels[f"{key}_help"])
        blocks.append(
            "\n".join(
                f"- {_name(indexes, f.text, lang, ('', ''))} · {times(len(f.occurrences), lang)}{labels['sep']}"
                f"{_links(f.occurrences, link, lang)}{_glossary(indexes, f.text, lang, term_link)}"
                for f in formulas
            )
        )
    if ex.unreviewed and not indexes.reviewed:  # a speech without a rules file: shown, marked unreviewed
        blocks.append(f"## {labels['unreviewed']} {{: #unreviewed }}")
        blocks.append(labels["unreviewed_help"])
        blocks.append(
            "\n".join(
                f"- **{escape_markdown(text)}…**{labels['sep']}[{paragraph_sign(o.piece_id)}]({link(o.piece_id)})"
                for o, text in ex.unreviewed
            )
        )
    return "\n\n".join(blocks) + "\n"


def render_documents(indexes: Indexes, lang: str, link: LinkTo, term_link: TermLinkTo) -> str:
    ex, labels = indexes.extraction, LABELS[lang]
    total = sum(len(d.occurrences) for d in ex.documents)
    items = [
        f"- {_name(indexes, d.title, lang, ('《', '》'))} · {times(len(d.occurrences), lang)}{labels['sep']}"
        f"{_links(d.occurrences, link, lang)}{_glossary(indexes, d.title, lang, term_link)}"
        for d in ex.documents
    ]
    summary = labels["documents_summary"].format(n=len(ex.documents), occurrences=total)
    return "\n\n".join([summary + "\n{: .index-summary }", "\n".join(items)]) + "\n"


@dataclass(frozen=True)
class _Group:
    anchor: str
    level: int
    heading: str  # plain text, escaped when rendered
    directives: tuple[Directive, ...]


def _groups(indexes: Indexes, lang: str, translation: Mapping[str, str]) -> list[_Group]:
    """Directives grouped in text order: opening, each part's introduction, each section, closing."""
    ex, labels = indexes.extraction, LABELS[lang]
    outline = ex.outline

    def heading(piece_id: str, zh: str) -> str:
        return zh if lang == "zh" else translation[piece_id].rstrip(".")

    by_place: dict[tuple, list[Directive]] = defaultdict(list)
    for directive in ex.directives:
        place = directive.place
        by_place[(place.part, place.section, place.region)].append(directive)

    def sections(part: str | None, items: tuple[Section, ...], level: int) -> list[_Group]:
        return [
            _Group(f"in-{s.piece_id}", level, heading(s.piece_id, s.heading), tuple(by_place[(part, s.piece_id, "body")]))
            for s in items
        ]

    groups = [_Group("opening", 3, labels["opening"], tuple(by_place[(None, None, "opening")]))]
    for part in outline.parts:
        groups.append(_Group(f"in-{part.piece_id}", 3, heading(part.piece_id, part.heading), tuple(by_place[(part.piece_id, None, "body")])))
        groups += sections(part.piece_id, part.sections, 4)
    if not outline.parts:
        groups.append(_Group("body", 3, labels["body"], tuple(by_place[(None, None, "body")])))
        groups += sections(None, outline.sections, 3)
    groups.append(_Group("closing", 3, labels["closing"], tuple(by_place[(None, None, "closing")])))
    return groups


def _verb(indexes: Indexes, verb: str, lang: str) -> str:
    shown = f"**{escape_markdown(verb)}**"
    gloss = indexes.rules.verbs.get(verb)
    return f"{shown} *{escape_markdown(gloss)}*" if lang == "en" and gloss else shown


def _directive_item(indexes: Indexes, directive: Directive, lang: str, link: LinkTo) -> str:
    """¶, label (point, quoted), leading verb, then the Chinese text (zh) or its reviewed English clause (en)."""
    sign = f"[{paragraph_sign(directive.piece_id)}]({link(directive.piece_id)})"
    text = escape_markdown((lang == "en" and indexes.clause(directive)) or directive.text)  # no translation: the Chinese
    label = LABELS[lang]["point"] if directive.kind == "point" else f"*{LABELS[lang]['quoted']}*" if directive.quoted else ""
    return f"- {sign} {label + ' · ' if label else ''}{_verb(indexes, directive.verb, lang)} · {text}"


def render_directives(indexes: Indexes, lang: str, link: LinkTo, translation: Mapping[str, str]) -> str:
    ex, labels = indexes.extraction, LABELS[lang]
    points = sum(1 for d in ex.directives if d.kind == "point")
    blocks = [
        labels["directives_summary"].format(
            total=len(ex.directives), points=points, requirements=len(ex.directives) - points,
            quoted=sum(1 for d in ex.directives if d.quoted),
        )
        + "\n{: .index-summary }",
        labels["directives_help"],
        f"## {labels['by_section']} {{: #by-section }}",
    ]
    for group in _groups(indexes, lang, translation):
        if not group.directives and group.level == 3 and group.anchor in ("opening", "body", "closing"):
            continue
        count = labels["group_count"].format(n=len(group.directives))
        blocks.append(f"{'#' * group.level} {escape_markdown(group.heading)}{count} {{: #{group.anchor} }}")
        if group.directives:
            blocks.append("\n".join(_directive_item(indexes, d, lang, link) for d in group.directives))
    blocks.append(f"## {labels['by_verb']} {{: #by-verb }}")
    by_verb: dict[str, list[Directive]] = defaultdict(list)
    for directive in ex.directives:
        by_verb[directive.verb].append(directive)
    ordered = sorted(by_verb.items(), key=lambda item: -len(item[1]))  # stable: ties keep text order
    blocks.append(
        "\n".join(
            f"- {_verb(indexes, verb, lang)} · {labels['items'].format(n=len(items))}{labels['sep']}"
            + " ".join(f"[{paragraph_sign(d.piece_id)}]({link(d.piece_id)})" for d in items)
            for verb, items in ordered
        )
    )
    return "\n\n".join(blocks) + "\n"


# The map's look: each part a box across the page, its sections side by side where the box
# has room (a container query: one column on a phone); borders rather than fills, so that it
# prints in black and white.
STRUCTURE_CSS = """<style>
[dir] .md-typeset .structure-map ul { list-style: none; margin: 0; padding: 0; }
[dir] .md-typeset .structure-map li { margin: 0; padding: 0; }
.md-typeset .structure-map > ul { display: grid; gap: .8rem; }
.md-typeset .structure-map a { display: block; color: inherit; text-decoration: none; line-height: 1.45; }
.md-typeset .structure-map a:hover, .md-typeset .structure-map a:focus { color: var(--md-accent-fg-color); }
.md-typeset .structure-map .sm-num { font-weight: 700; margin-right: .4em; color: var(--md-primary-fg-color); }
.md-typeset .structure-map .sm-meta { display: block; font-size: .7rem; font-weight: 400; color: var(--md-default-fg-color--light); }
[dir] .md-typeset .structure-map > ul > li { border: 2px solid var(--md-primary-fg-color); border-radius: .3rem; padding: .5rem .7rem .7rem; container-type: inline-size; }
.md-typeset .structure-map > ul > li > a { font-weight: 700; font-size: .85rem; }
[dir] .md-typeset .structure-map > ul > li > ul { display: grid; gap: .7rem; margin-top: .5rem; }
@container (min-width: 25rem) { [dir] .md-typeset .structure-map > ul > li > ul { grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); } }
[dir] .md-typeset .structure-map > ul > li > ul > li { border-left: 3px solid var(--md-primary-fg-color); padding: .1rem 0 .1rem .55rem; break-inside: avoid; }
.md-typeset .structure-map > ul > li > ul > li > a { font-weight: 700; }
[dir] .md-typeset .structure-map > ul > li > ul > li > ul > li { border-left: 1px dashed var(--md-default-fg-color--lighter); margin: .3rem 0 0 .1rem; padding-left: .5rem; font-size: .75rem; }
@media print {
  [dir] .md-typeset .structure-map > ul > li, [dir] .md-typeset .structure-map > ul > li > ul > li { border-color: #000; }
  [dir] .md-typeset .structure-map a, [dir] .md-typeset .structure-map .sm-num, [dir] .md-typeset .structure-map .sm-meta { color: #000; }
}
</style>"""


def _node(number: str, text: str, url: str, meta: str = "", kind: str = "") -> str:
    """One box of the map: a link (so MkDocs validates its anchor) with a number badge and a note."""
    badge = f'<span class="sm-num">{escape_markdown(number)}</span>' if number else ""
    extra = f'<span class="sm-meta">{escape_markdown(meta)}</span>' if meta else ""
    attrs = f"{{ .sm-{kind} }}" if kind else ""
    return f"[{badge}{escape_markdown(text)}{extra}]({url}){attrs}"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def render_structure(indexes: Indexes, lang: str, link: LinkTo, translation: Mapping[str, str]) -> str:
    """Counts, then the map: opening, parts > sections > points, closing; every box links to its paragraph."""
    ex, labels = indexes.extraction, LABELS[lang]
    outline = ex.outline
    sections = outline.all_sections()
    found = outline.counts()
    summary = labels["structure_summary"].format(
        parts=found["parts"],
        sections=found["sections"],
        enumerating=sum(1 for s in sections if any(p.counted for p in s.points)),
        points=found["points"],
        others=labels["other_points"].format(n=found["other_points"]) if found["other_points"] else "",
    )
    directives_in: dict[str | None, int] = defaultdict(int)
    for directive in ex.directives:
        directives_in[directive.place.section] += 1

    def title(piece_id: str, zh: str) -> str:
        return zh if lang == "zh" else english_heading(translation[piece_id])

    def point_nodes(points: tuple[Point, ...], indent: str) -> list[str]:
        if lang == "zh":
            return [f"{indent}- {_node(p.marker, p.title, link(p.piece_id), kind='point')}" for p in points]
        return [
            f"{indent}- {_node(str(p.number), english_point_title(translation[p.piece_id]), link(p.piece_id), kind='point')}"
            for p in points
        ]

    def section_nodes(items: tuple[Section, ...], indent: str) -> list[str]:
        out = []
        for section in items:
            meta = labels["section_meta" if section.points else "section_meta_none"].format(
                points=len(section.points), directives=directives_in[section.piece_id]
            )
            node = _node(section.label, title(section.piece_id, section.title), link(section.piece_id), meta, "section")
            out += [f"{indent}- {node}", *point_nodes(section.points, indent + "    ")]
        return out

    def outside(passage: Passage, label: str) -> list[str]:
        numbers = passage.paragraphs
        if not numbers:
            return []
        span = f"¶{numbers[0]}" if len(numbers) == 1 else f"¶{numbers[0]}–{numbers[-1]}"
        return [f"- {_node('', labels[label], link(f'p{numbers[0]}'), span, kind='wide')}", *point_nodes(passage.points, "    ")]

    lines = outside(outline.opening, "opening")
    for index, part in enumerate(outline.parts, 1):
        number = part.label if lang == "zh" else _roman(index)
        lines.append(f"- {_node(number, title(part.piece_id, part.title), link(part.piece_id), kind='part')}")
        lines += point_nodes(part.points, "    ")
        lines += section_nodes(part.sections, "    ")
    lines += point_nodes(outline.points, "")
    lines += section_nodes(outline.sections, "")
    lines += outside(outline.closing, "closing")
    return (
        f"{summary}\n{{: .index-summary }}\n\n{STRUCTURE_CSS}\n\n"
        f'<div class="structure-map" role="navigation" aria-label="{labels["structure_label"]}" markdown>\n\n'
        + "\n".join(lines)
        + "\n\n</div>\n"
    )
