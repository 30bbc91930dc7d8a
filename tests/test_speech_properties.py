"""Properties of the reader on generated speeches (Hypothesis): random nesting, conventions and run lengths.

* every character of the text lands in exactly one piece, in order;
* piece ids are unique, follow the scheme and are the same on every reading;
* the outline finds exactly the parts, sections and points the generator wrote;
* nothing crashes, on well-formed speeches or on any text at all (indexes and pages included).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import NO_RULES, Indexes, extract
from index_pages import render_directives, render_slogans, render_structure
from outline import chinese_numeral
from speech import PIECE_ID, parse_speech
from speech_inspect import counts, outline_text

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Filler holds no numeral, no sentence opener the reader looks for and no quotation mark:
# what the outline finds is then exactly what the generator wrote.
WORDS = st.text(alphabet="甲乙丙丁戊己庚辛壬癸工作政治干部学习，、", min_size=1, max_size=10)
SENTENCE = WORDS.map(lambda words: words.strip("，、") + "。").filter(lambda s: len(s) > 1)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=3).map("".join)
STYLES = ("是", "要", "抓")


@dataclass
class Expected:
    lines: list[str] = field(default_factory=list)
    counted: Counter = field(default_factory=Counter)


@st.composite
def point_run(draw, expected: Expected) -> None:
    """A run of points: inline in one paragraph after an intro, or each opening a paragraph."""
    length = draw(st.integers(0, 14))
    if length == 0:
        return
    style = draw(st.sampled_from(STYLES))
    items = [f"{chinese_numeral(n)}{style}{draw(SENTENCE)}" for n in range(1, length + 1)]
    if draw(st.booleans()):
        expected.lines.append(draw(PARAGRAPH) + "".join(items))
    else:
        expected.lines += items
    if length >= 2:  # a lone 一是 is no point
        expected.counted["points" if style == "是" else "other_points"] += length


SECTION_MARKERS = {
    "arabic-dot": lambda n: f"{n}.",
    "arabic-full": lambda n: f"{n}．",
    "arabic-comma": lambda n: f"{n}、",
    "paren": lambda n: f"（{chinese_numeral(n)}）",
    "paren-half": lambda n: f"({chinese_numeral(n)})",
    "ordinal-word": lambda n: f"第{chinese_numeral(n)}，",
}


@st.composite
def sections(draw, expected: Expected, ordinal_allowed: bool) -> None:
    names = [*SECTION_MARKERS, "sequence", *(["ordinal"] if ordinal_allowed else [])]
    convention = draw(st.sampled_from(names))
    count = draw(st.integers(2 if convention == "sequence" else 1, 4 if convention == "sequence" else 6))
    for n in range(1, count + 1):
        if convention == "sequence":
            marker = "最后，" if n == count else ("首先，", "其次，", "再次，")[n - 1]
        elif convention == "ordinal":
            marker = f"{chinese_numeral(n)}、"
        else:
            marker = SECTION_MARKERS[convention](n)
        heading = draw(WORDS).strip("，、") or "标题"
        if convention == "ordinal" or draw(st.booleans()):
            expected.lines.append(marker + heading)  # a heading line
        else:
            expected.lines.append(f"{marker}{heading}。{draw(PARAGRAPH)}")  # a lead sentence
        for _ in range(draw(st.integers(0, 2))):
            expected.lines.append(draw(PARAGRAPH))
        draw(point_run(expected))
    expected.counted["sections"] += count


@st.composite
def speeches(draw) -> tuple[str, Expected]:
    expected = Expected()
    title = ["关于某项工作的讲话", "——在某会议上", "（某年某月某日）"][: draw(st.integers(1, 3))]
    expected.lines.append("同志们：")
    for _ in range(draw(st.integers(0, 2))):
        expected.lines.append(draw(PARAGRAPH))
    parts = draw(st.sampled_from(["none", "ordinal", "worded"]))
    if parts == "none":
        draw(point_run(expected))
        if draw(st.booleans()):
            draw(sections(expected, ordinal_allowed=False))
    else:
        count = draw(st.integers(1, 4))
        for n in range(1, count + 1):
            heading = draw(WORDS).strip("，、") or "标题"
            marker = f"{chinese_numeral(n)}、" if parts == "ordinal" else f"第{chinese_numeral(n)}部分　"
            expected.lines.append(marker + heading)
            for _ in range(draw(st.integers(0, 2))):
                expected.lines.append(draw(PARAGRAPH))
            draw(point_run(expected))
            if draw(st.booleans()):
                draw(sections(expected, ordinal_allowed=parts == "worded"))
        expected.counted["parts"] = count
    if draw(st.booleans()):
        expected.lines.append("同志们，" + draw(PARAGRAPH))
    return "\n".join(title) + "\n\n" + "\n".join(expected.lines) + "\n", expected


def check_pieces(text: str) -> None:
    speech = parse_speech(text)
    body = [line for line in text.splitlines() if line.strip()]
    shown = [speech.paragraphs[0].text.split("\n"), *([p.text] for p in speech.paragraphs[1:])]
    assert [line for lines in shown for line in lines] == body  # no line lost, added or reordered
    ids = [piece.id for piece in speech.pieces()]
    assert len(ids) == len(set(ids))
    for paragraph in speech.paragraphs:
        assert "".join(piece.text for piece in paragraph.pieces) == paragraph.text
        assert all(piece.text for piece in paragraph.pieces)  # no empty piece
        for piece in paragraph.pieces:
            match = PIECE_ID.match(piece.id)
            assert match and int(match.group(1)) == paragraph.number == piece.paragraph
    assert [piece.id for piece in parse_speech(text).pieces()] == ids  # the same on every reading
    for point in speech.outline.all_points():
        assert speech.piece(point.piece_id).kind == "point"
    for section in speech.outline.all_sections():
        assert speech.piece(section.piece_id).kind == "section"


@SETTINGS
@given(speeches())
def test_generated_speeches_are_read_exactly(generated):
    text, expected = generated
    check_pieces(text)
    speech = parse_speech(text)
    found = speech.outline.counts()
    assert found == {key: expected.counted[key] for key in found}
    assert speech.outline.warnings == ()


@SETTINGS
@given(st.text(alphabet="一二三四五六七八九十是要抓、（）()第部分个问题首先其次最后同志们以上1.．“”‘’《》。！？；：，\n 甲乙", max_size=300))
def test_any_text_is_cut_without_loss_and_nothing_crashes(text):
    if not any(line.strip() for line in text.splitlines()):
        return
    check_pieces(text)
    speech = parse_speech(text)
    counts(speech)
    outline_text(speech.outline)
    indexes = Indexes(extract(speech, NO_RULES), NO_RULES, {}, reviewed=False)
    link = lambda piece_id: f"u.md#{piece_id}"  # noqa: E731
    render_structure(indexes, "zh", link, {})
    render_directives(indexes, "zh", link, {})
    render_slogans(indexes, "zh", link, None)
