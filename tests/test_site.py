"""The built site (strict, in-process, both languages): fidelity, paragraph ids, reproducibility."""

from __future__ import annotations

import filecmp
import re

from bs4 import BeautifulSoup

from conftest import build_site, built_path, nav_pages
from fidelity import fidelity_problems
from markup import speech_pieces


def pieces_in_nav_order(site, lang):
    return [piece for src in nav_pages() for piece in speech_pieces(built_path(site, src, lang).read_text("utf-8"))]


def test_zh_unit_pages_in_nav_order_spell_the_reference_text_exactly(site, corpus):
    pieces = pieces_in_nav_order(site, "zh")
    assert pieces, "no speech text found on the unit pages"
    assert fidelity_problems(corpus.speech, pieces) == []


def test_deleting_one_character_from_a_page_is_caught(site, corpus):
    page = built_path(site, "units/part-2.md", "zh").read_text("utf-8")
    mutated = page.replace("店小二", "店二", 1)
    assert mutated != page
    problems = fidelity_problems(
        corpus.speech,
        [p for src in nav_pages() for p in speech_pieces(mutated if src == "units/part-2.md" else built_path(site, src, "zh").read_text("utf-8"))],
    )
    assert len(problems) == 1 and problems[0].startswith("¶10 differs at character")


def test_insertions_are_identifiable_and_every_numbered_piece_has_a_number_link(site):
    soup = BeautifulSoup(built_path(site, "units/part-1.md", "zh").read_text("utf-8"), "html.parser")
    for element in soup.select(".speech[id]"):
        link = element.select_one(".para-num")
        if element["id"].endswith("-0"):
            assert link is None
        else:
            assert link["href"] == f"#{element['id']}"
            assert link.get_text() == "¶" + element["id"][1:].replace("-", ".")


def test_paragraph_ids_are_unique_across_the_site_and_the_same_in_both_languages(site, corpus):
    for lang in ("zh", "en"):
        ids = [piece_id for piece_id, _ in pieces_in_nav_order(site, lang)]
        assert len(ids) == len(set(ids))
        assert ids == [piece.id for piece in corpus.speech.pieces()]
    id_pattern = re.compile(r'id="(p\d+(?:-\d+)?)"')
    owners: dict[str, str] = {}
    for page in site.glob("*.html"):
        for piece_id in id_pattern.findall(page.read_text("utf-8")):
            assert piece_id not in owners, f"{piece_id} on {page.name} and {owners[piece_id]}"
            owners[piece_id] = page.name


def test_editorial_notes_are_footnotes_outside_the_text(site):
    soup = BeautifulSoup(built_path(site, "units/part-2.md", "zh").read_text("utf-8"), "html.parser")
    footnotes = soup.select(".footnote li")
    assert [li["id"] for li in footnotes] == [
        "fn:quotation-p10", "fn:slip-zai-zhichu", "fn:quotation-p11", "fn:place-wo-qu", "fn:quotation-p12", "fn:redacted-place"
    ]
    assert not any(li.find_parent(class_="speech") for li in footnotes)
    reference = soup.select_one("#p11-0 sup[id^='fnref'] a")
    assert reference["href"] == "#fn:slip-zai-zhichu"
    assert "在指出" in soup.select_one("#fn\\:slip-zai-zhichu").get_text()


def test_building_twice_in_one_process_gives_identical_output(site, tmp_path):
    again = build_site(tmp_path / "again")
    comparison = filecmp.dircmp(site, again)

    def differences(cmp):
        found = [f"{cmp.left}/{name}" for name in cmp.diff_files + cmp.left_only + cmp.right_only]
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(comparison) == []


def test_every_page_has_its_own_meta_description(site):
    for lang_dir in (site, site / "en"):
        descriptions = {}
        for page in sorted(lang_dir.glob("**/*.html")):
            if page.name == "404.html" or (lang_dir == site and page.is_relative_to(site / "en")):
                continue
            meta = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one('meta[name="description"]')
            assert meta is not None and meta["content"].strip(), page
            descriptions.setdefault(meta["content"], []).append(page.name)
        shared = {text: pages for text, pages in descriptions.items() if len(pages) > 1}
        assert shared == {}, shared
