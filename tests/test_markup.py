"""HTML transformations: paragraph numbers, language marking, extracting the speech text."""

from __future__ import annotations

from markup import add_paragraph_numbers, mark_other_language, parse, speech_pieces


def test_paragraph_numbers_are_links_to_the_piece_and_skip_the_unnumbered_body():
    soup = parse('<h2 class="speech" id="p5">1.甲。</h2><p class="speech" id="p5-0">乙</p><p class="speech" id="p5-1">丙</p>')
    add_paragraph_numbers(soup, "zh")
    numbers = [(a.parent["id"], a["href"], a.get_text()) for a in soup.select(".para-num")]
    assert numbers == [("p5", "#p5", "¶5"), ("p5-1", "#p5-1", "¶5.1")]
    assert speech_pieces(str(soup)) == [("p5", "1.甲。"), ("p5-0", "乙"), ("p5-1", "丙")]


def test_chinese_on_english_pages_gets_lang_zh():
    soup = parse("<p>the Two Upholds (两个维护) and “十三五”</p><p lang=\"zh\">不动</p><code>代码</code>")
    mark_other_language(soup, "en")
    assert str(soup) == (
        '<p>the Two Upholds (<span lang="zh">两个维护</span>) and “<span lang="zh">十三五</span>”</p>'
        '<p lang="zh">不动</p><code>代码</code>'
    )


def test_english_on_chinese_pages_gets_lang_en_but_not_the_redaction_mark():
    soup = parse("<p>XX同志，英文：Four Consciousnesses。</p>")
    mark_other_language(soup, "zh")
    assert str(soup) == '<p>XX同志，英文：<span lang="en">Four Consciousnesses</span>。</p>'


def test_pinyin_marked_as_chinese_is_left_alone():
    soup = parse('<p>拼音：<span lang="zh-Latn-pinyin">shuāng xīn</span></p>')
    mark_other_language(soup, "zh")
    assert "span lang=\"en\"" not in str(soup)
