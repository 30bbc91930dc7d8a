"""Study questions: validation of bad data, invariants of the real data, rendering, the built pages."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import SEED, built_path
from datafiles import DataError
from questions import LIMITS, load_questions, render_collapsible, render_questions
from speech import Unit, parse_speech

QUESTIONS = SEED / "questions.yml"
SPEECH = parse_speech("题\n同志们：\n一、第一部分\n正文一段。\n")
UNITS = [Unit("a", 0, 1, {"zh": "甲", "en": "A"}, {"zh": "", "en": ""}), Unit("b", 2, 3, {"zh": "乙", "en": "B"}, {"zh": "", "en": ""})]


def q(zh="问？", en="Question?", refs=""):
    return f"{{zh: '{zh}', en: '{en}'{', refs: ' + refs if refs else ''}}}"


def entry(unit, *, comprehension=2, discussion=3, reflection=None, extra=""):
    lines = [f"  - unit: {unit}", "    comprehension:"]
    lines += [f"      - {q()}" for _ in range(comprehension)]
    lines += ["    discussion:"] + [f"      - {q()}" for _ in range(discussion)]
    lines += [f"    reflection: {reflection or q()}"]
    return "\n".join(lines) + "\n" + extra


def load_text(tmp_path, text):
    path = tmp_path / "questions.yml"
    path.write_text(text, encoding="utf-8")
    return load_questions(path, SPEECH, UNITS)


def problems_of(tmp_path, text) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_text(tmp_path, text)
    assert caught.value.path.endswith("questions.yml")
    # Every problem names the file and its line; the tests compare what follows.
    assert all(re.match(r".*questions\.yml:\d+: ", problem) for problem in caught.value.problems)
    return [re.sub(r"^.*questions\.yml:\d+: ", "", problem) for problem in caught.value.problems]


# ---------------------------------------------------------------- validation


def test_good_data_loads_in_unit_order(tmp_path):
    loaded = load_text(tmp_path, "units:\n" + entry("b") + entry("a"))
    assert list(loaded) == ["a", "b"]
    assert len(loaded["a"].comprehension) == 2 and len(loaded["a"].discussion) == 3
    assert loaded["a"].reflection.text == {"zh": "问？", "en": "Question?"}


def test_malformed_yaml_names_the_line(tmp_path):
    with pytest.raises(DataError) as caught:
        load_text(tmp_path, "units:\n  - unit: a\n    comprehension: [\n")
    (problem,) = caught.value.problems
    assert re.match(r".*questions\.yml:4: malformed YAML at column 1: ", problem)


def test_every_unit_needs_questions_and_unknown_units_are_named(tmp_path):
    problems = problems_of(tmp_path, "units:\n" + entry("a") + entry("zz"))
    assert "unit 'zz': unit: must be one of a, b (its units.yml)" in problems
    assert "unit 'b': no questions (every unit of units.yml needs an entry)" in problems


def test_a_unit_given_twice_is_reported(tmp_path):
    problems = problems_of(tmp_path, "units:\n" + entry("a") + entry("b") + entry("a"))
    assert problems == ["unit 'a': duplicate unit (first at line 2)"]


def test_group_sizes_are_checked(tmp_path):
    fewest, most = LIMITS["discussion"]
    problems = problems_of(tmp_path, "units:\n" + entry("a", comprehension=1) + entry("b", discussion=most + 1))
    assert "unit 'a': comprehension: has 1 item(s), expected at least 2" in problems
    assert f"unit 'b': discussion: has {most + 1} item(s), expected at most {most}" in problems


def test_the_reflection_is_one_prompt_not_a_list(tmp_path):
    problems = problems_of(tmp_path, "units:\n" + entry("a", reflection=f"[{q()}]") + entry("b"))
    assert problems == ["unit 'a': reflection: expected a mapping with zh, en, refs, audience, got [{'zh': '问？', 'en': 'Question?'}]"]


def test_missing_language_unknown_field_and_bad_refs_are_all_reported_at_once(tmp_path):
    text = "units:\n" + entry("a", reflection="{zh: 想一想}", extra="    note: x\n") + entry("b")
    text = text.replace(q(), q(refs="[p1, p9, p1]"), 1)
    problems = problems_of(tmp_path, text)
    assert "unit 'a': reflection.en: required field is missing" in problems
    assert "unit 'a': unknown field 'note' (expected unit, comprehension, discussion, reflection)" in problems
    assert len(problems) == 2
    # A valid entry's refs are checked against the speech.
    problems = problems_of(tmp_path, ("units:\n" + entry("a") + entry("b")).replace(q(), q(refs="[p1, p9, p1]"), 1))
    assert problems == [
        "unit 'a': comprehension[0]: refs: no paragraph 'p9' in the speech",
        "unit 'a': comprehension[0]: refs: repeated paragraph in ['p1', 'p9', 'p1']",
    ]


def test_a_question_may_name_its_audience_and_an_unknown_audience_is_reported(tmp_path):
    text = "units:\n" + entry("a") + entry("b")
    text = text.replace(q(), "{zh: 问？, en: Q?, audience: members}", 1)
    loaded = load_text(tmp_path, text)
    assert loaded["a"].comprehension[0].audience == "members"
    assert loaded["a"].comprehension[1].audience == "all"
    problems = problems_of(tmp_path, text.replace("audience: members", "audience: cadres"))
    assert problems == ["unit 'a': comprehension[0].audience: input should be 'all', 'leading-officials' or 'members', got 'cadres'"]


# ---------------------------------------------------------------- rendering


def test_a_question_for_part_of_the_group_is_labelled_and_one_for_all_is_not(tmp_path):
    text = ("units:\n" + entry("a") + entry("b")).replace(q(), "{zh: 问？, en: Q?, audience: leading-officials}", 1)
    loaded = load_text(tmp_path, text)
    zh, en = render_questions(loaded["a"], "zh"), render_questions(loaded["a"], "en")
    assert "1. <span class=\"question-audience\">【领导干部】</span>问？" in zh
    assert "1. <span class=\"question-audience\">[Leading officials]</span> Q?" in en
    assert zh.count("question-audience") == 1


def test_markup_in_questions_is_escaped(tmp_path):
    text = ("units:\n" + entry("a") + entry("b")).replace(q(), q(zh="<script>alert(1)</script>？", refs="[p1]"), 1)
    loaded = load_text(tmp_path, text)
    markdown = render_questions(loaded["a"], "zh", lambda piece_id: f"page.md#{piece_id}")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "（[¶1](page.md#p1)）" in markdown


def test_collapsible_block_is_a_closed_details_with_labelled_groups(tmp_path):
    loaded = load_text(tmp_path, "units:\n" + entry("a") + entry("b"))
    block = render_collapsible(loaded["a"], "en")
    assert block.startswith('??? question "Study questions"\n\n')
    body = block.split("\n", 2)[2]
    assert all(line.startswith("    ") or not line for line in body.splitlines())
    assert [m for m in re.findall(r"\*\*(.+?)\*\*", block)] == [
        "Understanding the text", "Discussion and application", "Personal reflection"
    ]


# ---------------------------------------------------------------- the real data


@pytest.fixture(scope="module")
def real(corpus):
    return load_questions(QUESTIONS, corpus.speech, corpus.units)


def test_every_unit_has_comprehension_discussion_and_one_reflection(real, corpus):
    assert list(real) == [unit.id for unit in corpus.units]
    for unit_questions in real.values():
        assert 2 <= len(unit_questions.comprehension) <= 5
        assert 3 <= len(unit_questions.discussion) <= 8
        assert unit_questions.reflection.text["zh"] and unit_questions.reflection.text["en"]


def test_questions_serve_every_audience_and_cover_the_two_upholds_strict_care_and_the_organizational_line(real):
    questions = [question for unit_questions in real.values() for question in unit_questions.all()]
    assert {question.audience for question in questions} == {"all", "leading-officials", "members"}
    assert sum(question.audience == "all" for question in questions) > len(questions) / 2
    refs = {ref for question in questions for ref in question.refs}
    assert {"p7-1", "p11-3", "p18"} <= refs
    assert any("组织路线" in question.text["zh"] for question in questions)


def test_comprehension_questions_point_into_their_own_unit(real, corpus):
    """Questions about the text say where in the text: every comprehension question has refs in its unit."""
    for unit in corpus.units:
        for question in real[unit.id].comprehension:
            assert question.refs, question.text["zh"]
            paragraphs = {corpus.speech.piece(ref).paragraph for ref in question.refs}
            assert paragraphs & set(unit.numbers), (unit.id, question.text["zh"])


def test_quoted_phrases_in_chinese_questions_are_quotations_of_the_speech(real, corpus):
    """A phrase a question puts in “quotes” must be the speech's own words (questions about the actual text)."""
    text = "\n".join(paragraph.text for paragraph in corpus.speech.paragraphs)
    for unit_questions in real.values():
        for question in unit_questions.all():
            for phrase in re.findall(r"“([^”]+)”", question.text["zh"]):
                phrase = phrase.replace("‘", "“").replace("’", "”")  # a quotation inside a quotation
                parts = [part for part in re.split(r"[……、，]+", phrase) if part]
                assert all(part in text for part in parts), phrase


# ---------------------------------------------------------------- the built site


def test_unit_pages_end_with_collapsed_questions_and_handout_links(site, corpus, real):
    for lang, title in (("zh", "思考题"), ("en", "Study questions")):
        for unit in corpus.units:
            page = built_path(site, f"units/{unit.id}.md", lang)
            soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
            details = soup.select("article details.question")
            assert len(details) == 1 and not details[0].has_attr("open")
            assert details[0].summary.get_text(strip=True) == title
            items = details[0].select("li")
            assert len(items) == len(real[unit.id].comprehension) + len(real[unit.id].discussion)
            assert items[0].get_text().startswith(real[unit.id].comprehension[0].text[lang][:10])
            pdf = soup.select_one("a.handout-download")
            assert pdf is not None and pdf["href"] == f"../handouts/{unit.id}.{lang}.pdf"
            assert (page.parent / pdf["href"]).is_file()


def test_questions_page_lists_every_unit_with_links_back_to_the_paragraphs(site, corpus):
    for lang in ("zh", "en"):
        soup = BeautifulSoup(built_path(site, "questions.md", lang).read_text("utf-8"), "html.parser")
        assert [h2["id"] for h2 in soup.select("article h2")] == [f"q-{unit.id}" for unit in corpus.units]
        links = [a["href"] for a in soup.select("article ol a, article p a") if "¶" in a.get_text()]
        assert "units/part-1.html#p6-3" in links
        assert not any(re.fullmatch(r"p\d+(-\d+)?", element["id"]) for element in soup.select("[id]"))
