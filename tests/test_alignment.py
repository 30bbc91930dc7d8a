"""The translation stays aligned: a piece's English must share the Chinese piece's signals (hooks/alignment.py)."""

from __future__ import annotations

import itertools

import pytest

from alignment import Termbase, alignment_problems, piece_problems, roman, termbase_problems
from conftest import RENDERINGS, ROOT, texts
from glossary import Rendering, load_glossary, load_renderings
from speech import Piece

GLOSSARY = ROOT / "data" / "glossary.yml"


@pytest.fixture(scope="module")
def entries(corpus):
    return load_glossary(GLOSSARY, texts(corpus))


@pytest.fixture(scope="module")
def renderings(corpus, entries):
    return load_renderings(RENDERINGS, texts(corpus), entries)


def test_the_real_translation_is_aligned(corpus, entries, renderings):
    assert alignment_problems(corpus.speech, corpus.translation) == []
    assert termbase_problems(corpus.speech, corpus.translation, entries, renderings) == []


def test_a_word_of_the_renderings_list_needs_one_of_its_renderings_outside_glossary_terms():
    termbase = Termbase([], {"p9": "x"}, [Rendering("干部", "official", ("officials",))])
    assert termbase.problems(piece("干部要担当。"), "Officials must take responsibility.") == []
    assert termbase.problems(piece("干部要担当。"), "Cadres must take responsibility.") == [
        "the Chinese has 干部, the English none of its renderings ['official', 'officials'] (data/renderings.yml)"
    ]


def test_swapping_any_two_english_pieces_is_caught(corpus, entries, renderings):
    """Every swap of two English pieces is blamed on at least one of the two: by its numbering, numbers,
    quotations, length, or the termbase (glossary terms and the renderings list)."""
    termbase = Termbase(entries, corpus.translation, renderings)
    pieces = corpus.speech.pieces()

    def caught(chinese, english):
        return piece_problems(chinese, english) or termbase.problems(chinese, english)

    missed = [
        (first.id, second.id)
        for first, second in itertools.combinations(pieces, 2)
        if not caught(first, corpus.translation[second.id]) and not caught(second, corpus.translation[first.id])
    ]
    assert len(pieces) * (len(pieces) - 1) // 2 == 1035
    assert missed == []


def piece(text, kind="body", piece_id="p9"):
    return Piece(piece_id, int(piece_id[1:].split("-")[0]), kind, text)


def test_numbered_pieces_open_with_their_number_in_english():
    assert piece_problems(piece("一是要甲乙丙丁。", "point", "p5-1"), "First, we must do a b c.") == []
    assert "the Chinese is numbered Second (point 2), the English starts 'First, we must do a b c.'" in piece_problems(
        piece("二是要甲乙丙丁。", "point", "p5-2"), "First, we must do a b c."
    )
    assert piece_problems(piece("三、突出实效性", "part", "p13"), "III. Effectiveness of work") == []
    assert piece_problems(piece("2.提升政治能力。", "section", "p6"), "2. Enhance capability.") == []
    assert "the Chinese is not numbered, the English starts '2. Enhance capability.'" in piece_problems(
        piece("提升政治能力，提升。"), "2. Enhance capability."
    )
    assert [roman(n) for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]


def test_numbers_parenthesized_chinese_quotations_and_length_must_agree():
    chinese = piece("2020年是“十三五”规划的收官之年。")
    assert piece_problems(chinese, "2020 is the final year of the “13th Five-Year Plan” (“十三五”规划).") == []
    problems = piece_problems(chinese, "2021 is the final year of the 14th Plan (十四五) and it ends.")
    assert "the Chinese has the number 2020, the English does not" in problems
    assert "the English has the number 2021, the Chinese has it neither in digits nor in Chinese" in problems
    assert "the English has the number 14, the Chinese has it neither in digits nor in Chinese" in problems
    assert "the English gives (十四五), which is not in the Chinese" in problems
    assert "the Chinese has 1 quotation(s) “…”, the English 0" in problems
    assert any("characters per Chinese character" in p for p in piece_problems(piece("同志们："), "Comrades, " * 10))


def test_the_english_must_carry_the_glossary_terms_of_the_chinese(corpus, entries):
    by_id = {entry.id: entry for entry in entries}
    piece_id = next(p.id for p in corpus.speech.pieces() if by_id["si-ge-yi-shi"].term in p.text)
    broken = dict(corpus.translation)
    broken[piece_id] = broken[piece_id].replace("“Four Consciousnesses” (四个意识)", "awareness")
    assert any(
        pid == piece_id and "glossary term 四个意识 (si-ge-yi-shi)" in message
        for pid, message in termbase_problems(corpus.speech, broken, entries)
    )
