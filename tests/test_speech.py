"""The speech model: paragraphs, pieces and their ids, units, notes, translation (unit tests + real data)."""

from __future__ import annotations

import pytest

from datafiles import DataError
from speech import (
    enumeration_starts,
    escape_markdown,
    load_notes,
    load_translation,
    load_units,
    parse_speech,
    piece_label,
    split_paragraph,
)

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


def test_section_lead_becomes_a_heading_and_points_are_numbered():
    pieces = split_paragraph(4, "1.小节标题。引言。一是要甲。二是要乙。三是要丙。")
    assert [(p.id, p.kind, p.text) for p in pieces] == [
        ("p4", "section", "1.小节标题。"),
        ("p4-0", "body", "引言。"),
        ("p4-1", "point", "一是要甲。"),
        ("p4-2", "point", "二是要乙。"),
        ("p4-3", "point", "三是要丙。"),
    ]


def test_part_heading_title_and_plain_paragraphs_are_single_pieces():
    speech = parse_speech(SAMPLE)
    kinds = [[p.kind for p in paragraph.pieces] for paragraph in speech.paragraphs]
    assert kinds == [["title"], ["body"], ["part"], ["section", "body", "point", "point", "point"], ["body"]]


def test_enumeration_needs_an_unbroken_run_starting_at_one():
    assert enumeration_starts("甲。二是乙。三是丙。") == []  # no 一是
    assert enumeration_starts("甲。一是乙。") == []  # a single point is no enumeration
    assert enumeration_starts("统一是关键。一是乙。二是丙。") == [6, 10]  # 统一是 is not a point
    assert enumeration_starts("甲。一是一手抓乙，一手抓丙。二是一手抓丁。") == [2, 14]


def test_paragraph_with_points_but_no_section_lead_keeps_its_intro_as_pN():
    pieces = split_paragraph(9, "引言。一是甲。二是乙。")
    assert [(p.id, p.label) for p in pieces] == [("p9", "9"), ("p9-1", "9.1"), ("p9-2", "9.2")]


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
    assert "units.yml:4: unit 'c': starts at ¶3, expected ¶2" in message
    assert "units.yml:3: unit 'a': title.en: required field is missing" in message
    assert "units.yml:3: unit 'a': duplicate id (first at line 2)" in message


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
