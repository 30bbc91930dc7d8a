"""Extraction of directives, quoted phrases, documents and the structure map (golden values on the real speech + edge cases)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import GLOSSARY, texts
from datafiles import DataError
from extraction import (
    GENERAL,
    HAN,
    Indexes,
    Lexicon,
    NO_RULES,
    PhraseRule,
    Rules,
    TermRef,
    extract,
    glossary_terms,
    is_parallel,
    leading_verb,
    modals,
)
from glossary import load_glossary
from index_pages import render_directives, render_documents, render_slogans, render_structure
from index_rules import load_indexes, load_rules
from outline import find_quotes, first_sentence
from speech import load_speech, parse_speech

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def indexes(corpus) -> Indexes:
    terms = glossary_terms(load_glossary(GLOSSARY, texts(corpus)))
    return load_indexes(corpus.data_dir / "indexes.yml", corpus.speech, terms)


def speech_of(*paragraphs: str):
    return parse_speech("标题\n" + "\n".join(paragraphs) + "\n")


# --- golden values on the real speech, counted by hand ------------------------------------


def test_quoted_phrases_all_occurrences_and_distinct(indexes):
    # Counted by reading data/speech.zh.txt line by line and ticking every “ (each pair is one
    # phrase); no ‘…’ and no nested quotes occur. Per paragraph:
    #   ¶2 十三五 十四五 (2)
    #   ¶5 四个意识 四个自信 两个维护 | ¶5.1 首个议题 | ¶5.2 对标 对表 扫描 透视 对照 (9)
    #   ¶6.2 多走基层、多到一线 | ¶6.3 镜子 尺子 锤子 逃兵 (5)
    #   ¶7.1 两个维护 两个维护 | ¶7.2 最后一公里 | ¶7.3 三会一课 政治生日 (5)
    #   ¶9 怎么干 为什么这样干 如何干得更好 (3)
    #   ¶10 推动社会治理…格局 | ¶10.1 应建尽建 两新 | ¶10.2 应管尽管 整县推进、整乡提升
    #       五级书记抓基层党建 回头看 体检 全周期管理 全周期管理 | ¶10.3 应派尽派 店小二
    #       第一书记 回头看 双报到、双报告 两新 (16)
    #   ¶11 四种干部 | ¶11.1 有为才有位、有位必有为 | ¶11.2 六稳 | ¶11.3 干与不干、干多干少、干好干坏 (4)
    #   ¶12 要健全…使用人才 | ¶12.1 靶向 双向对接 | ¶12.2 弘扬爱国奋斗精神，建功立业新时代
    #       增人数 得人心 不愿投入、急需急找、单打独斗 | ¶12.3 人才+ 人才+产业 人才+市场
    #       人才+创新 人才+基地 以才引才 (13)
    #   ¶15 重大任务 决胜…决战脱贫攻坚 四包一 不走的扶贫工作队 一处发力、事事受益 (5)
    #   ¶16 思想大统一… 一线工作法 击鼓传花 文件干部 会议干部 从严从实 要求严…对人严 (7)
    #   ¶17 项目化 党员、干部、人才 人 事 (4)
    #   ¶18 两手抓、两手硬 双安全、双胜利 十三五 (3)
    # 2+9+5+5+3+16+4+13+5+7+4+3 = 76. Repeats: 十三五 +1, 两个维护 +2, 两新 +1, 回头看 +1,
    # 全周期管理 +1, so 76 - 6 = 70 distinct.
    extraction = indexes.extraction
    assert len(extraction.quotes) == 76
    assert len(extraction.phrases) == 70
    per_paragraph = Counter(quote.paragraph for quote in extraction.quotes)
    assert dict(per_paragraph) == {2: 2, 5: 9, 6: 5, 7: 5, 9: 3, 10: 16, 11: 4, 12: 13, 15: 5, 16: 7, 17: 4, 18: 3}
    repeated = {p.text: len(p.occurrences) for p in extraction.phrases if len(p.occurrences) > 1}
    assert repeated == {"十三五": 2, "两个维护": 3, "两新": 2, "回头看": 2, "全周期管理": 2}


def test_enumerated_points_per_section(indexes):
    # Counted by hand: the six sections of parts one and two each say 一是…二是…三是…
    # (in ¶12 each point is 一手抓…，一手抓…); the three sections of part three enumerate nothing.
    sections = [(s.piece_id, len(s.points)) for part in indexes.extraction.parts for s in part.sections]
    assert sections == [
        ("p5", 3), ("p6", 3), ("p7", 3),
        ("p10", 3), ("p11", 3), ("p12", 3),
        ("p15", 0), ("p16", 0), ("p17", 0),
    ]  # fmt: skip
    assert [part.piece_id for part in indexes.extraction.parts] == ["p3", "p8", "p13"]
    assert [p.title for p in indexes.extraction.parts[1].sections[2].points] == [
        "一手抓增量扩大，一手抓存量盘活",
        "一手抓政府主导，一手抓市场主体",
        "一手抓工作创新，一手抓环境创优",
    ]


def test_documents_full_list(indexes):
    # Every 《…》 of the speech, found by reading: one in ¶7.3, two side by side in ¶10.2.
    # (党内表彰条例 in ¶11.3 is named without title marks, so it is no 《…》 document.)
    documents = [(d.title, [o.piece_id for o in d.occurrences]) for d in indexes.extraction.documents]
    assert documents == [
        ("关于新形势下党内政治生活的若干准则", ["p7-3"]),
        ("农村基层组织工作条例", ["p10-2"]),
        ("关于加强和改进城市基层党的建设工作的意见", ["p10-2"]),
    ]


def test_numbered_formulas_quoted_or_not(indexes):
    # By hand: quoted phrases opening with 二/两/双/三…十: 十三五 十四五 四个意识 四个自信 两个维护
    # 三会一课 两新 五级书记抓基层党建 双报到、双报告 四种干部 六稳 双向对接 四包一 两手抓、两手硬
    # 双安全、双胜利 (15), less 双向对接 ("two-way", reviewed as no formula) = 14; unquoted:
    # 二十字好干部标准 (¶11) 三大攻坚战 (¶11.2) 抓两头带中间 (¶10.2) = 17.
    formulas = {f.text: [(o.piece_id, o.quoted) for o in f.occurrences] for f in indexes.extraction.formulas}
    assert len(formulas) == 17
    assert formulas["三大攻坚战"] == [("p11-2", False)]
    assert formulas["二十字好干部标准"] == [("p11-0", False)]
    assert formulas["抓两头带中间"] == [("p10-2", False)]
    assert formulas["两个维护"] == [("p5-0", True), ("p7-1", True), ("p7-1", True)]
    assert "双向对接" not in formulas
    assert indexes.extraction.unreviewed == ()
    # Their number counts no list (review E7; each glossary entry says so): listed apart.
    others = [f.text for f in indexes.extraction.formulas if not f.enumerates]
    assert others == ["十三五", "十四五", "抓两头带中间", "二十字好干部标准", "四包一", "两手抓、两手硬"]


def test_phrase_kinds(indexes):
    by_kind = {kind: [p.text for p in indexes.extraction.phrases if p.kind == kind] for kind in ("quotation", "metaphor")}
    # The two quotations of Xi Jinping: ¶10 (强调，要“…”) and ¶12 (强调，“…”).
    assert [text[:6] for text in by_kind["quotation"]] == ["推动社会治理", "要健全工作机"]
    assert {"镜子", "尺子", "锤子", "逃兵", "最后一公里", "店小二", "击鼓传花"} <= set(by_kind["metaphor"])
    # 对照 is literal (compare with advanced exemplars); 第一书记 is a post title: emphasis and special terms.
    kinds = {p.text: p.kind for p in indexes.extraction.phrases}
    assert kinds["对照"] == kinds["第一书记"] == "emphasis"
    # Parallel lists alike: the three problems of ¶12.2 are a list like the three strictnesses of ¶16.
    assert kinds["不愿投入、急需急找、单打独斗"] == kinds["党员、干部、人才"] == kinds["一处发力、事事受益"] == "formula"
    assert Counter(kinds.values()) == {"formula": 41, "metaphor": 16, "emphasis": 11, "quotation": 2}


def test_directives(indexes):
    # By hand: 96 characters 要 in the speech. Not the modal: 重要 ×9 (¶5 ×3, ¶5.1 ×2, ¶7.2, ¶9 ×2,
    # ¶11.1), 首要 (¶4), 要求 ×3 (¶5.2, ¶12.1, ¶16), 需要 (¶14), 紧要 (¶6.3) and the relative clause
    # 要解决的 (¶17): 16. So 80 modal 要 and one 必须 (¶11) = 81; 15 of the 18 points open with their
    # own 要 (the three 一手抓 points have none), leaving 66 other requirements: 84 directives.
    directives = indexes.extraction.directives
    assert len(directives) == 84
    assert sum(1 for d in directives if d.kind == "point") == 18
    points = [d.verb for d in directives if d.kind == "point"]
    assert points == ["坚持"] * 3 + ["强化"] * 3 + ["做到", "改进", "严肃"] + ["推动"] * 3 + ["坚持"] * 3 + ["抓"] * 3
    by_id = {(d.piece_id, d.text): d for d in directives}
    assert by_id[("p11-0", "必须坚决纠正")].verb == "纠正"
    assert by_id[("p9", "大家要经常对标")].verb == "对标"
    assert by_id[("p7-2", "要着力改进领导方式")].kind == "point"
    assert Counter(d.verb for d in directives).most_common(2) == [("坚持", 13), ("把…", 11)]
    sections = Counter(d.place.section for d in directives)
    assert sections == {None: 7, "p5": 6, "p6": 10, "p7": 8, "p10": 15, "p11": 14, "p12": 14, "p15": 5, "p16": 3, "p17": 2}
    # ¶11.1: the negated alternative belongs to the 而要 it is contrasted with, not to 树立 (review E8).
    assert [d.text for d in directives if d.piece_id == "p11-1"][1:3] == [
        "要树立凭工作实绩选用干部的鲜明导向",
        "看一个干部，不能看他是怎么说的，而要看他是怎么干的",
    ]
    # ¶10.1: the three requirements keep their scope.
    scoped = [d.text[:8] for d in directives if d.piece_id == "p10-1"][2:]
    assert scoped == ["在农村，要大力组", "在城市，要推动社", "在“两新”领域，"]
    # 结合 frames the action (…，对…进行…), like 把.
    assert [d.piece_id for d in directives if d.verb == "结合…"] == ["p10-2", "p11-3"]
    # Xi Jinping's words: in quotation marks after 强调 (¶10, ¶12), and unmarked after 指出 (¶11, by the rules file).
    assert [(d.piece_id, d.verb) for d in directives if d.quoted] == [("p10-0", "推动"), ("p11-0", "纠正"), ("p12-0", "健全")]


def test_every_directive_has_its_english_clause_and_the_three_one_hand_points_work_on(indexes):
    clauses = [indexes.clause(d) for d in indexes.extraction.directives]
    assert all(clauses) and len(indexes.rules.directives) == len(clauses) == 84
    assert not any(HAN.search(clause) for clause in clauses)  # English only: Chinese terms are on the zh page
    assert indexes.rules.verbs["抓"] == "work on"  # 一手抓…，一手抓…: work on, not take charge of
    assert [c.split()[:2] for c, d in zip(clauses, indexes.extraction.directives) if d.verb == "抓"] == [["Work", "on"]] * 3


# --- edge cases ---------------------------------------------------------------------------


def test_nested_quotes_are_phrases_at_their_depth():
    text = "他说“学习‘两个维护’精神”，又说“外“内”外”。"
    assert find_quotes(text) == [(2, 14, 1), (5, 11, 2), (17, 24, 1), (19, 22, 2)]
    extraction = extract(speech_of(text))
    assert [(q.text, q.depth) for q in extraction.quotes] == [
        ("学习‘两个维护’精神", 1),
        ("两个维护", 2),
        ("外“内”外", 1),
        ("内", 2),
    ]
    formulas = {f.text: [o.quoted for o in f.occurrences] for f in extraction.formulas}
    assert formulas == {"两个维护": [True]}


def test_unbalanced_quotes_are_ignored():
    assert find_quotes("甲”乙“丙") == []
    assert find_quotes("“甲‘乙”") == [(0, 5, 1)]  # the unclosed ‘ is dropped


def test_half_width_commas_end_clauses_and_stay_inside_phrases():
    extraction = extract(speech_of("对表现突出的干部要大力褒奖、大胆使用,对失职的要严肃问责。他强调，“要甲,乙”。"))
    requirements = [(d.text, d.verb) for d in extraction.directives]
    assert requirements == [
        ("对表现突出的干部要大力褒奖、大胆使用", "褒奖"),
        ("对失职的要严肃问责", "问责"),
        ("“要甲,乙”", "甲"),
    ]
    assert [(p.text, p.kind) for p in extraction.phrases] == [("要甲,乙", "quotation")]
    assert is_parallel("双安全,双胜利")


def test_a_topic_opened_by_dui_over_commas_belongs_to_the_requirement_after_it():
    extraction = extract(speech_of("对突出的要褒奖、使用,对不担当不作为，失职渎职的要严肃问责。对标甲，乙要推进。"))
    assert [(d.text, d.verb) for d in extraction.directives] == [
        ("对突出的要褒奖、使用", "褒奖"),
        ("对不担当不作为，失职渎职的要严肃问责", "问责"),
        ("乙要推进", "推进"),  # 对标 is a verb: no topic
    ]


def test_yansu_is_the_verb_unless_a_verb_of_sanction_follows():
    assert leading_verb("严肃党内政治生活") == "严肃"
    assert leading_verb("严肃问责") == "问责"


def test_a_requirement_opened_by_er_takes_in_the_negated_alternative_before_it():
    texts = [d.text for d in extract(speech_of("要树立导向，看一个人，不能看他说的，而要看他干的；要看结果。")).directives]
    assert texts == ["要树立导向", "看一个人，不能看他说的，而要看他干的", "要看结果"]


def test_a_short_scope_opened_by_zai_belongs_to_the_requirement_but_an_action_does_not():
    texts = [d.text for d in extract(speech_of("在农村，要组建支部。要加强服务，在待遇留才上协同发力，既要让人才进得来。")).directives]
    assert texts == ["在农村，要组建支部", "要加强服务，在待遇留才上协同发力", "既要让人才进得来"]


def test_requirements_in_a_leaders_quoted_words_are_marked_quoted():
    extraction = extract(speech_of("总书记强调，要“推动甲乙”。总书记强调，“要健全机制”。我们要落实。"))
    assert [(d.verb, d.quoted) for d in extraction.directives] == [("推动", True), ("健全", True), ("落实", False)]


def test_jiehe_frames_the_action_that_follows():
    assert [d.verb for d in extract(speech_of("要结合疫情防控工作，对各类党组织进行一次体检。")).directives] == ["结合…"]


def test_a_point_spanning_two_one_hand_clauses_is_one_directive():
    extraction = extract(speech_of("一、部分", "1.小节。引言。一是一手抓甲乙，一手抓丙丁。二是一手抓戊己，一手抓庚辛。"))
    section = extraction.parts[0].sections[0]
    assert [(p.piece_id, p.number, p.title) for p in section.points] == [
        ("p2-1", 1, "一手抓甲乙，一手抓丙丁"),
        ("p2-2", 2, "一手抓戊己，一手抓庚辛"),
    ]
    assert [(d.piece_id, d.kind, d.verb, d.text) for d in extraction.directives] == [
        ("p2-1", "point", "抓", "一手抓甲乙，一手抓丙丁"),
        ("p2-2", "point", "抓", "一手抓戊己，一手抓庚辛"),
    ]


def test_a_points_own_modal_is_not_a_second_directive_but_later_ones_are():
    extraction = extract(speech_of("一、部分", "1.小节。引言。一是要坚持甲。要推动乙，既要丙，更要丁。二是要强化戊。"))
    assert [(d.kind, d.verb, d.text) for d in extraction.directives] == [
        ("point", "坚持", "要坚持甲"),
        ("requirement", "推动", "要推动乙"),
        ("requirement", "丙", "既要丙"),
        ("requirement", "丁", "更要丁"),
        ("point", "强化", "要强化戊"),
    ]


def test_modal_yao_is_told_from_words_that_contain_it():
    text = "重要讲话要求很多，需要认真。要坚持。组织工作要解决的问题。必须纠正。必须要改。"
    assert [text[start:end] for start, end in modals(text)] == ["要", "必须", "必须要"]


def test_leading_verb_skips_adverbials_and_names_coverb_frames():
    assert leading_verb("始终坚持民主集中制") == "坚持"
    assert leading_verb("认真落实《条例》") == "落实"
    assert leading_verb("把学习作为任务") == "把…"
    assert leading_verb("通过加强思想政治淬炼") == "通过…"
    assert leading_verb("经常对标") == "对标"
    assert leading_verb("“推动社会治理重心下移") == "推动"


def test_quotation_needs_a_reporting_verb_and_punctuation():
    extraction = extract(speech_of("总书记指出：“要甲乙。”同党中央要求“对表”。他说，要“丙丁”。"))
    assert {p.text: p.kind for p in extraction.phrases} == {"要甲乙。": "quotation", "对表": "emphasis", "丙丁": "quotation"}


def test_shape_rules_for_formulas():
    assert is_parallel("整县推进、整乡提升")
    assert is_parallel("要求严、措施严、对上严")
    assert is_parallel("应建尽建") and is_parallel("从严从实")
    # Parallel lists alike: segments of one length are a list even with no shared character.
    assert is_parallel("不愿投入、急需急找、单打独斗") and is_parallel("党员、干部、人才")
    assert not is_parallel("弘扬爱国奋斗精神，建功立业新时代")  # 8 and 7 characters, nothing shared
    assert not is_parallel("人、事")  # single characters make no slogan
    assert not is_parallel("击鼓传花")


def test_first_sentence_ignores_sentence_ends_inside_quotes():
    assert first_sentence("一是他说“甲。乙”丙。丁。") == "一是他说“甲。乙”丙"


def test_structure_places_opening_part_introductions_sections_and_closing():
    extraction = extract(speech_of("开场。", "一、部分", "引言要甲。", "1.小节。正文。", "续文要丙。", "同志们，结束要乙。"))
    assert {n: (p.part, p.section, p.region) for n, p in extraction.places.items()} == {
        1: (None, None, "opening"),
        2: ("p2", None, "body"),
        3: ("p2", None, "body"),
        4: ("p2", "p4", "body"),
        5: ("p2", "p4", "body"),  # a section runs to the next heading
        6: (None, None, "closing"),
    }
    assert [(d.text, d.place.section) for d in extraction.directives] == [("引言要甲", None), ("续文要丙", "p4"), ("结束要乙", None)]


def test_a_section_of_several_paragraphs_keeps_its_points_and_a_long_run_renders():
    """Two paragraphs of six points each, then another section: one run of twelve points (十一是, 十二是)."""
    first = "1.小节。引言。" + "".join(f"{n}是甲{i}。" for i, n in enumerate("一二三四五六", 1))
    second = "".join(f"{n}是乙{i}。" for i, n in enumerate(["七", "八", "九", "十", "十一", "十二"], 7))
    extraction = extract(speech_of("一、部分", first, second, "2.下一节。正文。"))
    section = extraction.parts[0].sections[0]
    assert [p.marker for p in section.points][-3:] == ["十是", "十一是", "十二是"]
    assert [p.piece_id for p in section.points][5:8] == ["p2-6", "p3-1", "p3-2"]
    indexes = Indexes(extraction, NO_RULES, {}, reviewed=False)
    rendered = render_structure(indexes, "zh", lambda piece_id: f"u.md#{piece_id}", {})
    assert "十二是" in rendered and rendered.count("(u.md#p3-") == 6


def test_the_closing_is_what_follows_an_address_after_the_last_heading_or_as_the_units_say():
    body = ("开场。", "一、部分", "1.小节。正文。", "要甲。", "同志们，让我们努力。")
    assert speech_of(*body).outline.closing.paragraphs == range(5, 6)
    assert parse_speech("标题\n\n" + "\n".join(body), closing_from=4).outline.closing.paragraphs == range(4, 6)
    assert parse_speech("标题\n\n" + "\n".join(body), closing_from=False).outline.closing.paragraphs == range(6, 6)
    without = ("开场。", "一、部分", "1.小节。正文。", "要甲。", "当前，要乙。")
    assert speech_of(*without).outline.closing.paragraphs == range(6, 6)  # no address: the last part runs to the end
    with pytest.raises(ValueError):
        parse_speech("标题\n\n" + "\n".join(body), closing_from=2)  # before the last heading


# --- the reviewed data file ---------------------------------------------------------------


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "indexes.yml"
    path.write_text(text, encoding="utf-8")
    return path


SMALL = speech_of("要坚持“四个意识”和“镜子”，学习《某条例》，三个方面。")
SMALL_RULES = """
phrases:
  - {zh: 镜子, kind: metaphor, en: mirror}
formulas: []
not_formulas: [三个方面]
documents:
  - {zh: 某条例, en: Some Regulations}
verbs:
  - {zh: 坚持, en: persist in}
directives:
  p1:
    - zh: 要坚持“四个意识”和“镜子”，学习《某条例》，三个方面
      en: We must adhere to the Four Consciousnesses and the mirror.
"""


def test_valid_rules_load(tmp_path):
    terms = {"四个意识": TermRef("term-si-ge-yi-shi", "Four Consciousnesses")}
    indexes = load_indexes(write(tmp_path, SMALL_RULES), SMALL, terms)
    assert {p.text: p.kind for p in indexes.extraction.phrases} == {"四个意识": "formula", "镜子": "metaphor"}
    assert indexes.english("四个意识") == "Four Consciousnesses"
    assert indexes.english("镜子") == "mirror"
    assert [indexes.clause(d) for d in indexes.extraction.directives] == ["We must adhere to the Four Consciousnesses and the mirror."]


def test_every_shape_problem_of_the_rules_is_reported_at_once(tmp_path):
    bad = """
phrases:
  - {zh: 镜子, kind: simile}
  - {zh: 镜子, en: twice}
  - {zh: 对表, numbered: "no"}
verbs:
  - {zh: 坚持, gloss: persist}
lexicon:
  not_modal: [重点]
extra: 1
"""
    with pytest.raises(DataError) as caught:
        load_rules(write(tmp_path, bad))
    problems = "\n".join(caught.value.problems)
    assert "indexes.yml:3: phrases[0].kind: input should be 'formula', 'quotation', 'metaphor' or 'emphasis', got 'simile'" in problems
    assert "indexes.yml:5: phrases[2].numbered: input should be a valid boolean, got 'no'" in problems
    assert "indexes.yml:7: verbs[0]: unknown field 'gloss' (expected zh, en)" in problems
    assert "indexes.yml:8: lexicon: not_modal words must contain 要: 重点" in problems
    assert "indexes.yml:10: unknown field 'extra' (expected phrases, formulas" in problems
    assert str(caught.value).startswith(str(tmp_path / "indexes.yml"))


def test_duplicates_in_the_rules_are_problems(tmp_path):
    with pytest.raises(DataError) as caught:
        load_rules(write(tmp_path, "phrases:\n  - {zh: 镜子}\n  - {zh: 镜子, en: twice}\nnot_formulas: [甲, 甲]\n"
                              "directives:\n  p1:\n    - {zh: 要甲, en: a}\n    - {zh: 要甲, en: b}\n"))
    assert "listed twice: phrases '镜子', directives p1 '要甲', not_formulas '甲'" in str(caught.value)


def test_every_problem_against_the_speech_is_reported_at_once(tmp_path):
    bad = """
phrases:
  - {zh: 不存在的话, en: nothing}
  - {zh: 镜子, en: mirror, enumerates: false}
formulas:
  - {zh: 三头六臂}
verbs:
  - {zh: 飞, en: fly}
lexicon:
  adverbials: [不存在]
directives:
  p1:
    - {zh: 要坚持“四个意识”, en: We must adhere.}
"""
    with pytest.raises(DataError) as caught:
        load_indexes(write(tmp_path, bad), SMALL, {})
    problems = "\n".join(caught.value.problems)
    assert "phrases '不存在的话': unknown phrase" in problems
    assert "formulas '三头六臂': unknown formula" in problems
    assert "verbs '飞': unknown verb" in problems
    assert "lexicon.adverbials '不存在': does not occur in the speech" in problems
    assert "'镜子': enumerates: false, but it is no numbered formula of the speech" in problems
    assert "¶1 '三个方面。…': unreviewed numeral phrase" in problems
    assert "phrases '四个意识': quoted in ¶1 but has no English" in problems
    assert "documents '某条例': has no English title" in problems
    assert "verbs '坚持': leads a directive in ¶1 but has no English gloss" in problems
    # Directive clauses, both ways: a clause whose directive reads otherwise, a directive with no clause.
    assert "directives p1 '要坚持“四个意识”': no directive of ¶1 reads so (its directives read: 要坚持“四个意识”和“镜子”" in problems
    assert "directives p1 '要坚持“四个意识”和“镜子”，学习《某条例》，三个方面': has no English clause" in problems


def test_a_speech_without_rules_builds_with_its_numeral_phrases_unreviewed(tmp_path):
    """No rules file and no translation: no error; the numeral phrase is a notice and listed as unreviewed."""
    indexes = load_indexes(tmp_path / "indexes.yml", SMALL, {}, translated=False)
    assert not indexes.reviewed
    assert indexes.notices == ("¶1 '三个方面。…': unreviewed numeral phrase (shown as unreviewed until a rules file lists it)",)
    page = render_slogans(indexes, "zh", lambda piece_id: f"u.md#{piece_id}", None)
    assert "## 待审定的带数字短语 {: #unreviewed }" in page and "- **三个方面。…**：[¶1](u.md#p1)" in page
    with pytest.raises(DataError, match="has no English"):  # a translated speech needs English, rules or not
        load_indexes(tmp_path / "indexes.yml", SMALL, {}, translated=True)


def test_a_speechs_lexicon_adds_to_the_general_word_lists(tmp_path):
    text = speech_of("要全覆盖选派干部。报告称，“甲乙”。")
    assert [d.verb for d in extract(text).directives] == ["全"]
    rules = load_rules(write(tmp_path, "lexicon:\n  adverbials: [全覆盖]\n  reported: [称]\n"))
    extraction = extract(text, rules)
    assert [d.verb for d in extraction.directives] == ["选派"]
    assert [p.kind for p in extraction.phrases] == ["quotation"]
    assert Lexicon.of(adverbials=["全覆盖"]).adverbials.match("全覆盖选派") and not GENERAL.adverbials.match("全覆盖选派")


def test_the_real_rules_are_valid_and_every_english_rendering_is_the_translations(indexes, corpus):
    """The reviewed English of a phrase is the wording the translation uses where the phrase occurs."""
    drift = []
    for phrase in indexes.extraction.phrases:
        rule = indexes.rules.phrases.get(phrase.text)
        if rule and rule.en:
            english = " ".join(rule.en.split())
            if not any(english in corpus.translation[o.piece_id] for o in phrase.occurrences):
                drift.append(phrase.text)
    assert drift == []


def test_glossary_metaphors_are_classified_as_metaphors(indexes, corpus):
    entries = load_glossary(GLOSSARY, texts(corpus))
    quoted = {p.text: p.kind for p in indexes.extraction.phrases}
    for entry in entries:
        if entry.category == "metaphor":
            for form in entry.forms:
                if form in quoted:
                    assert quoted[form] == "metaphor", form


# --- rendering ----------------------------------------------------------------------------


def link(piece_id: str) -> str:
    return f"../units/u.md#{piece_id}"


def test_rendered_pages_link_every_occurrence(indexes, corpus):
    extraction = indexes.extraction
    for lang in ("zh", "en"):
        slogans = render_slogans(indexes, lang, link, lambda anchor: f"../glossary.md#{anchor}")
        expected = sum(len(p.occurrences) for p in extraction.phrases) + sum(len(f.occurrences) for f in extraction.formulas)
        assert slogans.count("](../units/u.md#") == expected
        directives = render_directives(indexes, lang, link, corpus.translation)
        assert directives.count("](../units/u.md#") == 2 * len(extraction.directives)  # by section and by verb
        documents = render_documents(indexes, lang, link, None)
        assert documents.count("](../units/u.md#") == 3
        structure = render_structure(indexes, lang, link, corpus.translation)
        assert structure.count("](../units/u.md#") == 1 + 3 + 9 + 18 + 1
        assert "<script" not in structure
    # The numbered formulas that count no list are listed apart, after those that do.
    slogans = render_slogans(indexes, "zh", link, None)
    enumerating, others = slogans.split("## 带数字的提法 {: #numbered }")[1].split("## 数字不表示项数的提法 {: #numbered-other }")
    assert "**四个意识**" in enumerating and "**十三五**" not in enumerating
    assert "**十三五**" in others and "**两手抓、两手硬**" in others and "**四个意识**" not in others


def test_english_pages_give_english_for_every_phrase_formula_document_and_verb(indexes, corpus):
    slogans = render_slogans(indexes, "en", link, None)
    for phrase in indexes.extraction.phrases:
        assert indexes.english(phrase.text), phrase.text
    assert "**Four Consciousnesses** “四个意识”" in slogans
    assert "**mirror** “镜子”" in slogans
    documents = render_documents(indexes, "en", link, None)
    assert "Norms of Political Life within the Party under New Circumstances" in documents
    directives = render_directives(indexes, "en", link, corpus.translation)
    assert "**坚持** *persist in*" in directives
    assert "Point · **坚持** *persist in* · We must persist in studying in depth and reflecting carefully\\." in directives
    assert "[¶11](../units/u.md#p11-0) *Quoted* · **纠正** *correct* · It must be resolutely corrected\\!" in directives
    assert "要坚持深学细悟" not in directives  # the English page gives the English clause, not the Chinese
    structure = render_structure(indexes, "en", link, corpus.translation)
    assert "Strengthen political conviction" in structure and "We must persist in studying" in structure


def test_no_rules_still_extracts():
    extraction = extract(SMALL, NO_RULES)
    assert [p.text for p in extraction.phrases] == ["四个意识", "镜子"]
    assert [o.piece_id for o, _ in extraction.unreviewed] == ["p1"]
    rules = Rules({"镜子": PhraseRule(kind="metaphor")}, {}, ("三个方面",), {}, {})
    assert extract(SMALL, rules).unreviewed == ()


def test_numerals_inside_document_titles_need_no_review():
    extraction = extract(speech_of("学习《关于三个方面的意见》。"))
    assert extraction.unreviewed == ()
    assert [d.title for d in extraction.documents] == ["关于三个方面的意见"]


def test_clause_final_yao_and_jiyao_are_no_modals():
    text = "就是“等靠要”，开会都要纪要。就是要，要坚持。"
    assert [(start, text[start:end]) for start, end in modals(text)] == [(11, "要"), (19, "要")]


def test_point_markers_beyond_ten_and_shifen_are_no_numbered_phrases():
    points = "引言。" + "".join(f"{n}是甲。" for n in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"])
    extraction = extract(speech_of(points, "这十分重要。一要甲。二要乙。"))
    assert extraction.unreviewed == ()


@pytest.mark.parametrize("name", ["01-maweiguang-2018-ganbu-peixun-kaixue", "04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan"])
def test_a_new_speech_without_rules_or_translation_gets_its_indexes(name, tmp_path):
    """The corpus texts: no rules file, no translation; every page renders, the open questions are notices."""
    speech = load_speech(ROOT / "tests" / "fixtures" / f"{name}.zh.txt")
    indexes = load_indexes(tmp_path / "indexes.yml", speech, {}, translated=False)
    assert indexes.notices and all("unreviewed numeral phrase" in notice for notice in indexes.notices)
    assert len(indexes.extraction.phrases) == {"01": 72, "04": 36}[name[:2]]
    link = lambda piece_id: f"u.md#{piece_id}"  # noqa: E731
    structure = render_structure(indexes, "zh", link, {})
    for part in speech.outline.parts:
        assert f"(u.md#{part.piece_id})" in structure
    assert render_directives(indexes, "zh", link, {}).count("(u.md#") == 2 * len(indexes.extraction.directives)
    assert "待审定的带数字短语" in render_slogans(indexes, "zh", link, None)
