"""The glossary: matcher, validation of bad data, invariants of the real data, the built pages."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, built_path, texts
from datafiles import DataError
from glossary import (
    TermMatcher,
    generated_pinyin,
    load_glossary,
    numeral_value,
    occurrences,
    paragraph_sign,
    SpeechName,
    render_glossary,
)
from speech import parse_speech

GLOSSARY = ROOT / "data" / "glossary.yml"


def entry_yaml(entry_id, term, *, category="policy", extra=""):
    return (
        f"  - id: {entry_id}\n    term: {term}\n    en: {entry_id}\n    category: {category}\n"
        f"    short: {{zh: 简释, en: short}}\n    explanation: {{zh: 解释, en: explanation}}\n{extra}"
    )


def load_text(tmp_path, text, speech_text="题\n全面从严治党和从严治党，“两个维护”。店小二\n"):
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return load_glossary(path, {"zuzhi-2020": parse_speech(speech_text)})


@pytest.fixture
def terms(tmp_path):
    entries = load_text(
        tmp_path,
        "entries:\n"
        + entry_yaml("cong-yan", "从严治党")
        + entry_yaml("quan-mian", "全面从严治党")
        + entry_yaml("liang-ge", "两个维护", category="formula",
                     extra="    components: [{zh: 甲, en: a}, {zh: 乙, en: b}]\n")
        + entry_yaml("dian", "店小二", category="metaphor"),
    )
    return TermMatcher(entries)


def found(terms, text):
    return [(text[m.start:m.end], m.entry_id) for m in terms.find(text)]


def test_longest_form_wins_where_terms_overlap(terms):
    assert found(terms, "推动全面从严治党向纵深发展") == [("全面从严治党", "quan-mian")]
    assert found(terms, "坚持从严治党") == [("从严治党", "cong-yan")]


def test_terms_at_start_end_inside_quotes_and_next_to_punctuation(terms):
    assert found(terms, "店小二，要当好") == [("店小二", "dian")]
    assert found(terms, "当好基层支部的“店小二”。") == [("店小二", "dian")]
    assert found(terms, "做到“两个维护”") == [("两个维护", "liang-ge")]
    assert found(terms, "（全面从严治党）,从严治党") == [("全面从严治党", "quan-mian"), ("从严治党", "cong-yan")]


def test_numeral_value_reads_chinese_numbers_in_terms():
    assert numeral_value("三会一课") == 4
    assert numeral_value("两个维护") == 2
    assert numeral_value("二十字好干部标准") == 20
    assert numeral_value("双报到、双报告") == 4
    assert numeral_value("十三五") == 13 + 5
    assert numeral_value("组织路线") == 0


def test_pinyin_is_generated_from_the_chinese_characters_only():
    assert generated_pinyin("“两新”") == "liǎng xīn"


def problems_of(tmp_path, text):
    with pytest.raises(DataError) as error:
        load_text(tmp_path, text)
    return str(error.value)


def test_malformed_yaml_is_reported_with_its_line(tmp_path):
    message = problems_of(tmp_path, "entries:\n  - id: a\n   term: [\n")
    assert re.search(r"glossary\.yml:3: malformed YAML at column 4: ", message)


def test_missing_fields_are_named_per_entry(tmp_path):
    message = problems_of(tmp_path, "entries:\n  - id: cong-yan\n    term: 从严治党\n    category: policy\n")
    assert "glossary.yml:2: entry 'cong-yan': en: required field is missing" in message
    assert "glossary.yml:2: entry 'cong-yan': short: required field is missing" in message


def test_duplicate_ids_and_terms_are_errors(tmp_path):
    message = problems_of(tmp_path, "entries:\n" + entry_yaml("a", "从严治党") + entry_yaml("a", "从严治党"))
    assert "glossary.yml:8: entry 'a': duplicate id (first at line 2)" in message
    assert "term or alias '从严治党' is already used by entry 'a'" in message


def test_an_alias_clashing_with_another_entry_is_an_error(tmp_path):
    message = problems_of(
        tmp_path,
        "entries:\n" + entry_yaml("a", "从严治党") + entry_yaml("b", "全面从严治党", extra="    aliases: [从严治党]\n"),
    )
    assert "entry 'b': term or alias '从严治党' is already used by entry 'a'" in message


def test_unknown_related_entry_is_an_error(tmp_path):
    message = problems_of(tmp_path, "entries:\n" + entry_yaml("a", "从严治党", extra="    related: [nope]\n"))
    assert "entry 'a': related entry 'nope' does not exist" in message


def test_a_term_that_never_occurs_is_an_error(tmp_path):
    message = problems_of(tmp_path, "entries:\n" + entry_yaml("a", "乡村振兴"))
    assert "entry 'a': '乡村振兴' never occurs in any speech" in message


def test_a_formula_must_list_as_many_components_as_its_number(tmp_path):
    message = problems_of(tmp_path, "entries:\n" + entry_yaml("a", "两个维护", category="formula",
                                                                 extra="    components: [{zh: 甲, en: a}]\n"))
    assert "formula '两个维护' must list 2 components, lists 1" in message


def test_every_problem_of_the_file_is_listed_at_once(tmp_path):
    message = problems_of(
        tmp_path,
        "entries:\n" + entry_yaml("a", "乡村振兴", category="nonsense") + entry_yaml("a", "店小二", extra="    related: [zz]\n"),
    )
    for expected in (
        "glossary.yml:8: entry 'a': duplicate id (first at line 2)",  # the ids of every entry, valid or not
        "glossary.yml:5: entry 'a': category: input should be 'formula', 'policy', 'practice', 'document', 'metaphor' or 'period', got 'nonsense'",
        "glossary.yml:8: entry 'a': related entry 'zz' does not exist",  # the cross-checks of the valid entries
    ):
        assert expected in message
    assert "3 problem(s)" in message


def test_unknown_fields_duplicate_keys_and_yaml_11_booleans_are_errors(tmp_path):
    message = problems_of(
        tmp_path,
        "entries:\n" + entry_yaml("a", "从严治党", extra="    pinyn: x\n    related: []\n    related: [b]\n")
        + entry_yaml("b", "店小二", category="metaphor").replace("en: b\n", "en: no\n"),
    )
    assert "glossary.yml:10: duplicate key 'related': also at line 9" in message
    assert "glossary.yml:13: 'no' is a YAML 1.1 boolean: write true or false, or quote it as text" in message
    assert "glossary.yml:8: entry 'a': unknown field 'pinyn' (expected id, term, aliases, pinyin, en, category," in message


def test_markup_in_data_is_escaped(tmp_path):
    entries = load_text(
        tmp_path,
        "entries:\n  - id: a\n    term: 店小二\n    en: <script>alert(1)</script>\n    category: metaphor\n"
        "    short: {zh: <script>x</script>, en: s}\n    explanation: {zh: '*强调*', en: e}\n",
    )
    markdown = render_glossary(entries, {"a": {}}, "zh", lambda slug, piece_id: f"#{piece_id}", {"zuzhi-2020": SpeechName("讲话", "zh")})
    assert "<script>" not in markdown
    assert "&lt;script&gt;" in markdown and "\\*强调\\*" in markdown


def test_usage_notes_and_variants_are_read_apart_from_the_neutral_explanation(tmp_path):
    entries = load_text(
        tmp_path,
        "entries:\n"
        + entry_yaml(
            "dian",
            "店小二",
            category="metaphor",
            extra="    variants: [humble shop assistant]\n"
            "    usage:\n      zuzhi-2020: {zh: 讲话要求当好“店小二”（¶10.3）。, en: The speech asks for it (¶10.3).}\n",
        ),
    )
    assert entries[0].variants == ("humble shop assistant",)
    assert entries[0].usage == {"zuzhi-2020": {"zh": "讲话要求当好“店小二”（¶10.3）。", "en": "The speech asks for it (¶10.3)."}}
    zh = render_glossary(entries, {"dian": {}}, "zh", lambda slug, piece_id: f"#{piece_id}", {"zuzhi-2020": SpeechName("讲话", "zh")})
    assert "**本篇讲话中**：讲话要求当好“店小二”（¶10\\.3）。" in zh and "译文中也作：humble shop assistant" in zh
    en = render_glossary(entries, {"dian": {}}, "en", lambda slug, piece_id: f"#{piece_id}", {"zuzhi-2020": SpeechName("Speech of 2020", "en"), "other-2021": SpeechName("Other", "en")})
    assert "**Speech of 2020**: The speech asks for it \\(¶10\\.3\\)\\." in en and "Also rendered: humble shop assistant" in en


def test_a_usage_note_must_be_keyed_by_a_speech_slug_and_bilingual(tmp_path):
    message = problems_of(
        tmp_path,
        "entries:\n" + entry_yaml("a", "店小二", extra="    usage:\n      Seed Speech: {zh: 甲, en: a}\n      seed: {zh: 甲}\n"),
    )
    assert "entry 'a': usage.Seed Speech.[key]: must be a lowercase ASCII slug" in message
    assert "entry 'a': usage.seed.en: required field is missing" in message


# --- The real data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def entries(corpus):
    return load_glossary(GLOSSARY, texts(corpus))


def test_the_real_glossary_is_valid_and_covers_at_least_40_terms(entries):
    assert len(entries) >= 40
    assert {entry.category for entry in entries} >= {"formula", "policy", "practice", "document", "metaphor", "period"}


def test_every_entry_occurs_in_the_speech(entries, corpus):
    found_in = occurrences(entries, corpus.speech)
    assert [entry.id for entry in entries if not found_in[entry.id]] == []


# A neutral text says what a term means; how one speech uses it belongs in `usage`.
SPEECH_SPECIFIC = {
    "zh": re.compile(r"本篇讲话|本讲话|(?<![的上])讲话(?:把|要求|提出|称|说|第|开头|结尾|引|在|用|使用|没有|未|只)"),
    "en": re.compile(r"\b(?:the|this) speech\b|\bPart (?:One|Two|Three)\b", re.I),
}
PARAGRAPH_REF = re.compile(r"¶(\d+(?:\.\d+)?)")


def test_definitions_and_explanations_are_speech_neutral(entries):
    leaks = [
        f"{entry.id}.{field}.{lang}"
        for entry in entries
        for field in ("short", "explanation")
        for lang in ("zh", "en")
        if SPEECH_SPECIFIC[lang].search(getattr(entry, field)[lang])
    ]
    assert leaks == []


def test_usage_notes_cite_paragraphs_of_the_speech_in_both_languages(entries, corpus):
    labels = {paragraph_sign(piece.id)[1:] for piece in corpus.speech.pieces()}
    for entry in entries:
        for slug, note in entry.usage.items():
            assert slug == "zuzhi-2020", entry.id
            refs = {lang: PARAGRAPH_REF.findall(note[lang]) for lang in ("zh", "en")}
            assert refs["zh"] and set(refs["zh"]) == set(refs["en"]), entry.id
            assert set(refs["zh"]) <= labels, entry.id


def test_every_formula_lists_as_many_components_as_its_number_says(entries):
    for entry in entries:
        if entry.category == "formula":
            assert len(entry.components) == numeral_value(entry.term), entry.id


def test_every_document_in_book_title_marks_has_an_entry(entries, corpus):
    text = "\n".join(p.text for p in corpus.speech.paragraphs)
    documents = set(re.findall(r"《([^》]+)》", text))
    forms = {form.strip("《》") for entry in entries for form in entry.forms}
    assert documents <= forms


# --- The built site -----------------------------------------------------------------------------


def test_terms_are_linked_in_speech_text_with_their_short_definition(site, entries):
    soup = BeautifulSoup(built_path(site, "units/part-1.md", "zh").read_text("utf-8"), "html.parser")
    link = soup.select_one("#p7-1 a.term")
    entry = next(e for e in entries if link.get_text() in e.forms)
    assert link["href"] == f"../glossary.html#term-{entry.id}"
    assert link["title"] == entry.short["zh"]
    assert not soup.select("h1 a.term, h2 a.term"), "headings are never linked"


def test_the_glossary_page_lists_backlinks_to_every_paragraph(site, entries, corpus):
    found_in = occurrences(entries, corpus.speech)
    for lang in ("zh", "en"):
        soup = BeautifulSoup(built_path(site, "glossary.md", lang).read_text("utf-8"), "html.parser")
        for entry in entries:
            heading = soup.select_one(f"#term-{entry.id}")
            assert heading is not None, entry.id
            backlinks = heading.find_next(class_="glossary-backlinks")
            hrefs = [a["href"].split("#")[1] for a in backlinks.select("a")]
            assert hrefs == found_in[entry.id], entry.id


def test_zh_glossary_is_sorted_by_pinyin_and_grouped_by_initial(site):
    soup = BeautifulSoup(built_path(site, "glossary.md", "zh").read_text("utf-8"), "html.parser")
    groups = [h2.get_text().strip() for h2 in soup.select("article h2[id^='group-']")]
    assert groups == sorted(groups) and len(groups) >= 10


def test_en_glossary_groups_are_each_one_run_of_entries(site):
    soup = BeautifulSoup(built_path(site, "glossary.md", "en").read_text("utf-8"), "html.parser")
    groups = [h2["id"] for h2 in soup.select("article h2[id^='group-']")]
    assert len(groups) == len(set(groups)) and len(groups) >= 10
