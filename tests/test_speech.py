"""The speech model: paragraphs, pieces and their ids, units, notes, translation (unit tests + real data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from datafiles import DataError
from outline import Layout
from speech import (
    escape_markdown,
    load_closing,
    load_notes,
    load_translation,
    load_units,
    parse_speech,
    piece_label,
    split_paragraph,
    split_title,
)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = "标题\n\n同志们：\n一、第一部分标题\n1.小节标题。引言。一是要甲。二是要乙。三是要丙。\n结束。\n"


def test_every_paragraph_is_the_concatenation_of_its_pieces(corpus):
    for paragraph in corpus.speech.paragraphs:
        assert "".join(piece.text for piece in paragraph.pieces) == paragraph.text


def test_the_reference_text_has_a_title_and_18_numbered_paragraphs(corpus):
    assert corpus.speech.title == "在2020年全市组织工作会议上的讲话"
    assert len(corpus.speech.paragraphs) == 19


def test_piece_ids_are_unique_and_follow_the_scheme(corpus):
    ids = [piece.id for piece in corpus.speech.pieces()]
    assert len(ids) == len(set(ids))
    assert ids[:6] == ["p0", "p1", "p2", "p3", "p4", "p5"]
    assert [i for i in ids if i.startswith("p12")] == ["p12", "p12-0", "p12-1", "p12-2", "p12-3"]


def test_the_seed_speechs_pieces_never_change(corpus):
    """Every ¶ link ever shared points at these: id, kind and offsets, as first published (tests/fixtures)."""
    rows = []
    for paragraph in corpus.speech.paragraphs:
        offset = 0
        for piece in paragraph.pieces:
            rows.append(f"{piece.id}\t{piece.kind}\t{offset}\t{offset + len(piece.text)}")
            offset += len(piece.text)
    assert "\n".join(rows) + "\n" == (FIXTURES / "speech.pieces.tsv").read_text(encoding="utf-8")


def test_the_outline_suggests_the_units_the_seed_has(corpus):
    spans = corpus.speech.outline.unit_spans(len(corpus.speech.paragraphs) - 1)
    assert [(first, last) for _, first, last, _ in spans] == [(unit.first, unit.last) for unit in corpus.units]
    assert spans[1][3] == "一、突出政治性，以正确的方向引领组织工作"


def test_section_lead_becomes_a_heading_and_points_are_numbered():
    pieces = split_paragraph(4, "1.小节标题。引言。一是要甲。二是要乙。三是要丙。", Layout("section", 7, (10, 15, 20)))
    assert [(p.id, p.kind, p.text) for p in pieces] == [
        ("p4", "section", "1.小节标题。"),
        ("p4-0", "body", "引言。"),
        ("p4-1", "point", "一是要甲。"),
        ("p4-2", "point", "二是要乙。"),
        ("p4-3", "point", "三是要丙。"),
    ]


def test_the_outline_reads_the_same_cut():
    speech = parse_speech("标题\n\n一、部分\n1.小节标题。引言。一是要甲。二是要乙。三是要丙。")
    assert [p.text for p in speech.paragraphs[2].pieces] == ["1.小节标题。", "引言。", "一是要甲。", "二是要乙。", "三是要丙。"]


def test_part_heading_title_and_plain_paragraphs_are_single_pieces():
    speech = parse_speech(SAMPLE)
    kinds = [[p.kind for p in paragraph.pieces] for paragraph in speech.paragraphs]
    assert kinds == [["title"], ["body"], ["part"], ["section", "body", "point", "point", "point"], ["body"]]


def point_starts(text: str) -> list[int]:
    layout = parse_speech(f"标题\n\n{text}").outline
    return [int(p.piece_id.split("-")[1]) if "-" in p.piece_id else 0 for p in layout.all_points()]


def pieces_of(*paragraphs: str) -> list[tuple[str, str, str]]:
    speech = parse_speech("标题\n\n" + "\n".join(paragraphs))
    return [(p.id, p.kind, p.text) for p in speech.pieces()[1:]]


def test_enumeration_needs_an_unbroken_run_starting_at_one():
    assert pieces_of("甲。二是乙。三是丙。") == [("p1", "body", "甲。二是乙。三是丙。")]  # no 一是
    assert pieces_of("甲。一是乙。") == [("p1", "body", "甲。一是乙。")]  # a single point is no enumeration
    assert pieces_of("统一是关键。一是乙。二是丙。") == [  # 统一是 is not a point
        ("p1", "body", "统一是关键。"), ("p1-1", "point", "一是乙。"), ("p1-2", "point", "二是丙。"),
    ]
    assert [i for i, _, _ in pieces_of("甲。一是一手抓乙，一手抓丙。二是一手抓丁。")] == ["p1", "p1-1", "p1-2"]


def test_paragraph_with_points_but_no_section_lead_keeps_its_intro_as_pN():
    pieces = parse_speech("标题\n\n引言。一是甲。二是乙。").paragraphs[1].pieces
    assert [(p.id, p.label) for p in pieces] == [("p1", "1"), ("p1-1", "1.1"), ("p1-2", "1.2")]


def test_points_beyond_ten_and_across_paragraphs():
    inline = "引言。" + "".join(f"{n}是甲。" for n in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"])
    speech = parse_speech(f"标题\n\n{inline}")
    assert [p.marker for p in speech.outline.points][-3:] == ["十是", "十一是", "十二是"]
    assert speech.paragraphs[1].pieces[-1].id == "p1-12"
    assert [p.number for p in speech.outline.all_points()] == list(range(1, 13))  # p1-10 after p1-9
    # 一是要… opening consecutive paragraphs: each stays one piece pN, of kind point.
    assert pieces_of("引言。", "一是要甲。正文。", "二是要乙。", "三是要丙。") == [
        ("p1", "body", "引言。"), ("p2", "point", "一是要甲。正文。"), ("p3", "point", "二是要乙。"), ("p4", "point", "三是要丙。"),
    ]
    # A paragraph that opens with one point and holds the next: pN-1, pN-2.
    assert [i for i, _, _ in pieces_of("一是甲。二是乙。")] == ["p1-1", "p1-2"]


def test_other_runs_are_cut_like_points_and_counted_apart():
    speech = parse_speech("标题\n\n要求：一要甲。二要乙。三要丙。一抓丁。二抓戊。一是己。二是庚。")
    assert [p.id for p in speech.paragraphs[1].pieces] == ["p1", *(f"p1-{i}" for i in range(1, 8))]
    assert speech.outline.counts() == {"parts": 0, "sections": 0, "points": 2, "other_points": 5}


def test_a_broken_run_is_text_and_a_warning():
    speech = parse_speech("标题\n\n甲。一是乙。二是丙。四是丁。")
    assert [p.marker for p in speech.outline.points] == ["一是", "二是"]
    assert [w.message for w in speech.outline.warnings] == ["skipped number: 四是 where 三是 was expected; not a point"]
    restart = parse_speech("标题\n\n甲。一是乙。二是丙。一是丁。二是戊。")
    assert "restarts" in restart.outline.warnings[0].message
    assert len(restart.outline.points) == 4


def test_each_section_convention_makes_a_heading_and_a_body():
    conventions = {
        "1.小节。正文。": ("1.小节。", "1"),
        "1．小节。正文。": ("1．小节。", "1"),
        "1、小节。正文。": ("1、小节。", "1"),
        "（一）小节。正文。": ("（一）小节。", "（一）"),
        "(一)小节。正文。": ("(一)小节。", "(一)"),
        "第一，小节。正文。": ("第一，小节。", "第一"),
        "首先，小节。正文。": ("首先，小节。", "首先"),
    }
    for text, (heading, label) in conventions.items():
        second = text.replace("1", "2").replace("一", "二").replace("首先", "其次")
        speech = parse_speech(f"标题\n\n开场。\n一、部分\n{text}\n{second}")
        assert [(p.id, p.kind, p.text) for p in speech.paragraphs[3].pieces] == [("p3", "section", heading), ("p3-0", "body", "正文。")]
        assert [s.label for s in speech.outline.parts[0].sections][:1] == [label], text
    line = parse_speech("标题\n\n一、部分\n（一）坚持党的领导\n正文。\n（二）加强作风\n正文。")
    assert [(p.id, p.kind) for p in line.paragraphs[2].pieces] == [("p2", "section")]
    assert [(s.title, s.last) for s in line.outline.parts[0].sections] == [("坚持党的领导", 3), ("加强作风", 5)]


def test_a_second_section_numbering_in_a_part_is_body_text_and_a_warning():
    speech = parse_speech("标题\n\n一、部分\n1.甲。正文。\n（一）细目。\n（二）细目。\n2.乙。正文。")
    assert [s.label for s in speech.outline.parts[0].sections] == ["1", "2"]
    assert [(w.paragraph, w.message) for w in speech.outline.warnings] == [(3, "a second section numbering (（一）…) after 1.…: read as body text")]
    assert [p.kind for p in speech.paragraphs[3].pieces] == ["body"]


def test_worded_parts_and_ordinal_sections_nest():
    speech = parse_speech("标题\n\n第一部分　形势\n一、甲\n正文。\n二、乙\n第二部分　任务\n一、丙")
    outline = speech.outline
    assert [(p.label, p.title) for p in outline.parts] == [("第一部分", "形势"), ("第二部分", "任务")]
    assert [[s.title for s in p.sections] for p in outline.parts] == [["甲", "乙"], ["丙"]]


def test_a_speech_without_parts_has_top_level_sections_or_points():
    speech = parse_speech("标题\n\n同志们：\n第一，甲。正文。\n第二，乙。\n同志们，努力。")
    outline = speech.outline
    assert outline.parts == () and [s.piece_id for s in outline.sections] == ["p2", "p3"]
    assert (list(outline.opening.paragraphs), list(outline.closing.paragraphs)) == ([1], [4])
    plain = parse_speech("标题\n\n甲。\n乙。").outline
    assert plain.counts() == {"parts": 0, "sections": 0, "points": 0, "other_points": 0} and plain.warnings == ()


def test_the_title_is_every_line_before_the_first_blank_line():
    assert split_title("\n主标题\n——副标题\n\n\n正文一\n\n正文二\n") == (["主标题", "——副标题"], ["正文一", "正文二"])
    assert split_title("标题\n正文") == (["标题"], ["正文"])  # no blank line: a one-line title
    speech = parse_speech("主标题\n——副标题\n\n正文。")
    assert speech.title == "主标题\n——副标题" and speech.outline.title == ("主标题", "——副标题")
    assert [p.id for p in speech.pieces()] == ["p0", "p1"]


def test_the_units_file_may_set_the_closing(tmp_path):
    assert load_closing(tmp_path / "none.yml") is None
    assert load_closing(write(tmp_path, "units.yml", "closing: 18\nunits: []\n")) == 18
    assert load_closing(write(tmp_path, "units.yml", "closing: false\nunits: []\n")) is False
    with pytest.raises(DataError, match="closing: expected the number"):
        load_closing(write(tmp_path, "units.yml", "closing: last\n"))


def test_labels():
    assert piece_label("p5") == "5"
    assert piece_label("p5-2") == "5.2"
    assert piece_label("p5-0") is None
    with pytest.raises(ValueError):
        piece_label("x5")


def test_escape_markdown_keeps_text_literal():
    assert escape_markdown("1.坚定 人才+ <b>&") == "1\\.坚定 人才\\+ &lt;b&gt;&amp;"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_units_must_cover_the_speech_in_order_and_all_problems_are_listed(tmp_path):
    speech = parse_speech(SAMPLE)
    path = write(
        tmp_path,
        "units.yml",
        "units:\n"
        "  - {id: a, paragraphs: [0, 1], title: {zh: 甲, en: A}, description: {zh: 甲, en: A}}\n"
        "  - {id: a, paragraphs: [3, 3], title: {zh: 乙}, description: {zh: 乙, en: B}}\n"
        "  - {id: c, paragraphs: [3, 3], title: {zh: 丙, en: C}, description: {zh: 丙, en: C}}\n",
    )
    with pytest.raises(DataError) as error:
        load_units(path, speech)
    message = str(error.value)
    assert "units.yml" in message
    assert "units.yml:4: unit 'c': starts at ¶3, expected ¶4" in message
    assert "units.yml:3: unit 'a': title.en: needed, the speech has a translation" in message
    assert "units.yml:3: unit 'a': duplicate id (first at line 2)" in message


def test_units_of_a_speech_read_in_chinese_only_need_no_english(tmp_path):
    speech = parse_speech(SAMPLE)
    path = write(
        tmp_path,
        "units.yml",
        "units:\n"
        "  - {id: a, paragraphs: [0, 1], title: {zh: 甲}, description: {zh: 甲}}\n"
        f"  - {{id: b, paragraphs: [2, {len(speech.paragraphs) - 1}], title: {{zh: 乙}}, description: {{zh: 乙}}}}\n",
    )
    units = load_units(path, speech, translated=False)
    assert [(unit.id, unit.title) for unit in units] == [("a", {"zh": "甲"}), ("b", {"zh": "乙"})]
    with pytest.raises(DataError, match=r"units.yml:2: unit 'a': title.en: needed, the speech has a translation"):
        load_units(path, speech, translated=True)


def test_translation_must_cover_every_piece(tmp_path, corpus):
    path = write(tmp_path, "en.yml", "p0: Title\np99: extra\n")
    with pytest.raises(DataError) as error:
        load_translation(path, corpus.speech)
    message = str(error.value)
    assert "en.yml:1: p1: missing translation of: 同志们" in message
    assert "en.yml:2: p99: no such piece in the speech" in message


def test_note_anchor_must_occur_in_its_paragraph(tmp_path, corpus):
    path = write(
        tmp_path,
        "notes.yml",
        "notes:\n  - id: n\n    paragraph: 2\n    anchor: {zh: 不存在的词, en: nowhere}\n    text: {zh: 注, en: note}\n",
    )
    with pytest.raises(DataError) as error:
        load_notes(path, corpus.speech, corpus.translation)
    assert "notes.yml:4: note 'n': anchor.zh '不存在的词' does not occur in the body of ¶2" in str(error.value)
    assert "notes.yml:4: note 'n': anchor.en 'nowhere' does not occur in the translation of ¶2" in str(error.value)


def test_malformed_yaml_names_the_line(tmp_path, corpus):
    path = write(tmp_path, "units.yml", "units:\n  - id: [\n")
    with pytest.raises(DataError) as error:
        load_units(path, corpus.speech)
    assert "units.yml:3: malformed YAML at column 1" in str(error.value)
