"""`inspect` on real speeches: its counts are the hand-checked counts of each text's meta.yml.

The texts and their meta files are copies (tests/fixtures/README.md says from where): the seed
speech and two other speeches of the genre, numbered in other conventions (1、 sections and
一要 runs; 第一， sections and 一是要 paragraphs).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from speech import load_speech
from speech_inspect import counts, main

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = sorted(FIXTURES.glob("*.zh.txt"))


def meta_of(text: Path) -> dict:
    return yaml.safe_load(text.with_name(text.name.replace(".zh.txt", ".meta.yml")).read_text(encoding="utf-8"))


def expected_counts(meta: dict) -> dict[str, int]:
    found = meta["counts"]
    expected = {
        "paragraphs": found["paragraphs_body"],
        "chars": found["nonblank_chars_body"],
        "parts": found["parts"],
        "sections": sum(value for key, value in found.items() if key.startswith("sections_") and isinstance(value, int)),
        "points": found["yishi_erishi_points"],
        "other_points": found["other_enumerations"],
        "quoted_pairs": found["quoted_pairs"],
        "quoted_distinct": found["quoted_distinct"],
        "titles_distinct": found["titles_distinct"],
    }
    for key in ("single_quoted_pairs", "titles_total"):
        if key in found:
            expected[key] = found[key]
    return expected


def test_the_fixtures_are_the_three_texts():
    assert [t.name for t in TEXTS] == [
        "01-maweiguang-2018-ganbu-peixun-kaixue.zh.txt",
        "04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.zh.txt",
        "speech.zh.txt",
    ]


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: t.name.split(".")[0])
def test_counts_are_the_hand_checked_counts(text):
    found = counts(load_speech(text))
    expected = expected_counts(meta_of(text))
    assert {key: found[key] for key in expected} == expected


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: t.name.split(".")[0])
def test_the_outline_headings_are_the_texts(text):
    speech, meta = load_speech(text), meta_of(text)
    assert speech.title == meta["title"] or meta["title"].endswith(speech.title)
    part_lines = [speech.paragraphs[part.paragraph].text for part in speech.outline.parts]
    assert part_lines == meta.get("parts_headings", part_lines)
    for part in speech.outline.parts:
        assert speech.paragraphs[part.paragraph].text == part.heading  # the whole line, as written
    for section in speech.outline.all_sections():
        heading = speech.piece(section.piece_id).text
        assert heading.startswith(section.marker) and section.title in heading
    for point in speech.outline.all_points():
        assert speech.piece(point.piece_id).text.startswith(point.marker + point.title)


def test_the_corpus_outlines_in_detail():
    shaoxing = load_speech(TEXTS[0]).outline
    assert [len(part.sections) for part in shaoxing.parts] == [3, 4, 4, 3]
    assert [p.marker for p in shaoxing.closing.points] == ["一要", "二要", "三要"]  # the closing requests
    assert shaoxing.closing.paragraphs == range(30, 32)
    dangshi = load_speech(TEXTS[1]).outline
    assert [s.label for s in dangshi.parts[0].sections] == ["第一", "第二", "第三"]
    assert [p.marker for p in dangshi.parts[0].points] == [f"{n}是" for n in "一二三四五六七八九"]
    assert [(p.piece_id, p.title) for p in dangshi.parts[2].points][:2] == [("p38", "要加强组织领导"), ("p39", "要树立正确党史观")]
    assert dangshi.closing.paragraphs == range(44, 44)  # no closing address: part 三 runs to the end
    assert dangshi.parts[2].last == 43


def test_json_output_has_integer_counts_the_outline_and_warnings(capsys):
    assert main([str(TEXTS[1]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("paragraphs", "parts", "sections", "points", "other_points", "quoted_distinct", "titles_distinct", "chars"):
        assert type(data[key]) is int, key
    assert [part["title"] for part in data["outline"]["parts"]][0] == "开展党史学习教育意义重大"
    assert data["outline"]["parts"][2]["points"][0]["piece_id"] == "p38"
    assert data["warnings"] == []


def test_text_output_and_warnings(tmp_path, capsys):
    path = tmp_path / "s.zh.txt"
    path.write_text("标题\n\n同志们：\n一、部分\n甲。一是乙。二是丙。四是丁。\n", encoding="utf-8")
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "一、部分  ¶2–3" in out and "二是 丙  ¶3.2" in out
    assert "warning: ¶3: skipped number: 四是 where 三是 was expected; not a point" in out


def test_unreadable_or_empty_texts_fail_with_a_message(tmp_path, capsys):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    assert main([str(binary)]) == 2
    empty = tmp_path / "e.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert main([str(empty)]) == 1
    assert "no title and body" in capsys.readouterr().err
