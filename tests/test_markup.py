"""HTML transformations: paragraph numbers, language marking, term links, extracting the speech text."""

from __future__ import annotations

from glossary import TermMatch
from markup import add_paragraph_numbers, link_terms, mark_other_language, parse, serialize, speech_pieces


def test_parsing_and_serializing_leaves_page_content_as_it_was():
    html = '<h1 id="t">标题</h1>\n<p>甲 &amp; 乙 &lt;丙&gt;<sup id="fnref:a"><a href="#fn:a">1</a></sup></p>\n<!-- 注 -->\n<pre><code>x &lt; y</code></pre>'
    assert serialize(parse(html)) == html


def test_paragraph_numbers_are_links_to_the_piece_and_skip_the_unnumbered_body():
    fragment = parse('<h2 class="speech" id="p5">1.甲。</h2><p class="speech" id="p5-0">乙</p><p class="speech" id="p5-1">丙</p>')
    add_paragraph_numbers(fragment, "zh")
    numbers = [(a.getparent().get("id"), a.get("href"), a.text_content()) for a in fragment.xpath("//a[@class='para-num']")]
    assert numbers == [("p5", "#p5", "¶5"), ("p5-1", "#p5-1", "¶5.1")]
    assert speech_pieces(serialize(fragment)) == [("p5", "1.甲。"), ("p5-0", "乙"), ("p5-1", "丙")]


def test_speech_text_keeps_what_follows_an_insertion():
    html = '<p class="speech" id="p2-1"><a class="para-num" href="#p2-1">¶2.1</a>一是<sup id="fnref:x"><a href="#fn:x">1</a></sup>要学。</p>'
    assert speech_pieces(html) == [("p2-1", "一是要学。")]


def test_chinese_on_english_pages_gets_lang_zh():
    fragment = parse("<p>the Two Upholds (两个维护) and “十三五”</p><p lang=\"zh\">不动</p><code>代码</code>")
    mark_other_language(fragment, "en")
    assert serialize(fragment) == (
        '<p>the Two Upholds (<span lang="zh">两个维护</span>) and “<span lang="zh">十三五</span>”</p>'
        '<p lang="zh">不动</p><code>代码</code>'
    )


def test_text_after_an_element_is_marked_in_its_parent():
    fragment = parse("<p><em>the</em> 党建 <strong>and</strong> 组织</p>")
    mark_other_language(fragment, "en")
    assert serialize(fragment) == '<p><em>the</em> <span lang="zh">党建</span> <strong>and</strong> <span lang="zh">组织</span></p>'


def test_english_on_chinese_pages_gets_lang_en_but_not_the_redaction_mark():
    fragment = parse("<p>XX同志，英文：Four Consciousnesses。</p>")
    mark_other_language(fragment, "zh")
    assert serialize(fragment) == '<p>XX同志，英文：<span lang="en">Four Consciousnesses</span>。</p>'


def test_pinyin_marked_as_chinese_is_left_alone():
    fragment = parse('<p>拼音：<span lang="zh-Latn-pinyin">shuāng xīn</span></p>')
    mark_other_language(fragment, "zh")
    assert "span lang=\"en\"" not in serialize(fragment)


def _find(terms: dict[str, str]):
    """A stand-in for glossary.TermMatcher.find over a few literal terms."""

    def find(text: str) -> list[TermMatch]:
        found = [TermMatch(start, start + len(term), entry_id) for term, entry_id in terms.items() if (start := text.find(term)) >= 0]
        return sorted(found, key=lambda match: match.start)

    return find


def test_terms_are_linked_once_per_piece_outside_links_and_notes():
    html = (
        '<p class="speech" id="p1"><a class="para-num" href="#p1">¶1</a>加强党建，'
        '<sup id="fnref:n"><a href="#fn:n">党建</a></sup>党建<em>和组织</em>。</p>'
        '<p class="speech" id="p2">组织</p><p>党建</p>'
    )
    linked = link_terms(html, _find({"党建": "dangjian", "组织": "zuzhi"}), {"dangjian": "党的建设", "zuzhi": "组织工作"}, lambda entry: f"g.html#{entry}")
    assert linked == (
        '<p class="speech" id="p1"><a class="para-num" href="#p1">¶1</a>加强<a class="term" href="g.html#dangjian" title="党的建设">党建</a>，'
        '<sup id="fnref:n"><a href="#fn:n">党建</a></sup>党建<em>和<a class="term" href="g.html#zuzhi" title="组织工作">组织</a></em>。</p>'
        '<p class="speech" id="p2"><a class="term" href="g.html#zuzhi" title="组织工作">组织</a></p><p>党建</p>'
    )
