"""The English edition: complete, aligned paragraph by paragraph, reachable from every zh page."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from conftest import ROOT, built_path, nav_pages
from markup import speech_pieces

HAN = re.compile(r"[\u4e00-\u9fff]")
# Chinese kept for reference: in parentheses, possibly with quotes or book-title marks inside.
PARENTHESISED = re.compile(r"\([^()]*\)")


def test_every_zh_page_has_an_en_page():
    zh = {p.relative_to(ROOT / "docs" / "zh") for p in (ROOT / "docs" / "zh").rglob("*.md")}
    en = {p.relative_to(ROOT / "docs" / "en") for p in (ROOT / "docs" / "en").rglob("*.md")}
    assert zh == en


def test_every_built_zh_page_has_its_en_counterpart(site):
    # 404.html is served for every missing path, once for the whole site.
    zh_pages = [
        p.relative_to(site) for p in site.rglob("*.html") if not p.is_relative_to(site / "en") and p.name != "404.html"
    ]
    missing = [str(p) for p in zh_pages if not (site / "en" / p).exists()]
    assert missing == []


def test_en_unit_pages_show_every_piece_in_english(site, corpus):
    pieces = [p for src in nav_pages() for p in speech_pieces(built_path(site, src, "en").read_text("utf-8"))]
    assert [piece_id for piece_id, _ in pieces] == [piece.id for piece in corpus.speech.pieces()]
    for piece_id, text in pieces:
        assert text.strip(), f"{piece_id} is empty"
        outside_parentheses = PARENTHESISED.sub("", text)
        assert not HAN.search(outside_parentheses), f"{piece_id} has Chinese outside parentheses: {outside_parentheses[:80]}"
        assert len(text) >= len(corpus.speech.piece(piece_id).text), f"{piece_id} looks too short to be complete"


def test_side_by_side_pages_align_every_piece_in_both_languages(site, corpus):
    for lang in ("zh", "en"):
        rows = []
        for unit in corpus.units:
            soup = BeautifulSoup(built_path(site, f"parallel/{unit.id}.md", lang).read_text("utf-8"), "html.parser")
            for row in soup.select(".parallel-row"):
                zh, en = row.select_one(".parallel-zh").get_text(strip=True), row.select_one(".parallel-en").get_text(strip=True)
                piece_id = row["id"].removeprefix("sbs-")
                assert zh == corpus.speech.piece(piece_id).text
                assert en == corpus.translation[piece_id]
                rows.append(piece_id)
        assert rows == [piece.id for piece in corpus.speech.pieces()]


def test_language_links_point_to_the_same_page(site):
    soup = BeautifulSoup(built_path(site, "units/part-2.md", "zh").read_text("utf-8"), "html.parser")
    assert soup.select_one("a[hreflang='en']")["href"] == "../en/units/part-2.html"
    soup = BeautifulSoup(built_path(site, "units/part-2.md", "en").read_text("utf-8"), "html.parser")
    assert soup.select_one("a[hreflang='zh']")["href"] == "../../units/part-2.html"


def test_chinese_on_english_pages_is_marked_as_chinese(site):
    soup = BeautifulSoup(built_path(site, "parallel/part-1.md", "en").read_text("utf-8"), "html.parser")
    assert soup.html["lang"] == "en"
    assert all(cell.get("lang") == "zh" for cell in soup.select(".parallel-zh"))
