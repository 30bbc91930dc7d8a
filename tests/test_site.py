"""The built site (strict, in-process, both languages): fidelity, paragraph ids, reproducibility (dates from SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import filecmp
import gzip
import os
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import cli

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


def differing_files(left: Path, right: Path) -> list[str]:
    def walk(cmp: filecmp.dircmp) -> list[str]:
        found = [Path(cmp.left, name).relative_to(left).as_posix() for name in cmp.diff_files + cmp.left_only + cmp.right_only]
        for sub in cmp.subdirs.values():
            found += walk(sub)
        return found

    return sorted(walk(filecmp.dircmp(left, right, ignore=[])))


def environment_of_scripts_dev(source_date_epoch: str | None) -> dict[str, str]:
    """What scripts/dev sets for a build (cli.build_environment) with the given SOURCE_DATE_EPOCH
    (None: left unset, dated by the clock), and SITE_URL empty unless this run gives one (empty
    must act as unset)."""
    environment = cli.build_environment({"SOURCE_DATE_EPOCH": source_date_epoch}) if source_date_epoch else dict(cli.QUIET_ENVIRONMENT)
    return {**environment, "SITE_URL": os.environ.get("SITE_URL", "").strip()}


def build_under(environment: dict[str, str], site_dir: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        for name, value in environment.items():
            patch.setenv(name, value)
        return build_site(site_dir)


@pytest.mark.slow
def test_building_twice_gives_identical_output_pdfs_zip_and_sitemap_included(site, tmp_path):
    """Under the same SOURCE_DATE_EPOCH as the session's site (scripts/dev test sets the last
    commit's time; a bare pytest run leaves it unset, and both builds are then dated today)."""
    again = build_under(environment_of_scripts_dev(os.environ.get("SOURCE_DATE_EPOCH")), tmp_path / "again")
    assert {path.suffix for path in again.rglob("*")} >= {".html", ".pdf", ".zip", ".xml", ".gz"}
    assert differing_files(site, again) == []


# Any fixed moment far from the day the tests run: 2020-07-01 12:00 UTC.
PAST_EPOCH = 1593604800
PAST_DATE = "2020-07-01"


def lastmod_dates(sitemap: str) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap))


@pytest.mark.slow
def test_dates_in_the_output_come_from_source_date_epoch_not_the_clock(site, tmp_path, monkeypatch):
    """A build dated in the past (without PDFs, whose dates are tested with the handouts) holds that
    date in its sitemap and today's date nowhere: two builds of one commit a day apart are the same."""
    monkeypatch.setenv("STUDY_PDF", "0")
    dated = build_under(environment_of_scripts_dev(str(PAST_EPOCH)), tmp_path / "dated")

    sitemap = dated.joinpath("sitemap.xml").read_text("utf-8")
    assert "None" not in sitemap and "<loc>http" in sitemap  # an empty SITE_URL counts as unset
    assert lastmod_dates(sitemap) == {PAST_DATE}
    session_sitemap = site.joinpath("sitemap.xml").read_text("utf-8")
    (session_date,) = lastmod_dates(session_sitemap)
    assert session_sitemap.replace(f"<lastmod>{session_date}<", f"<lastmod>{PAST_DATE}<") == sitemap

    packed = dated.joinpath("sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == sitemap.encode("utf-8")
    # MkDocs stamps the gzip header with the newest <lastmod>, at midnight UTC.
    midnight = datetime.fromisoformat(PAST_DATE).replace(tzinfo=timezone.utc)
    assert int.from_bytes(packed[4:8], "little") == int(midnight.timestamp())

    today = datetime.now(timezone.utc).date()
    forms = [today.isoformat().encode(), today.strftime("%Y%m%d").encode()]
    with_today = [
        path.relative_to(dated).as_posix()
        for path in sorted(dated.rglob("*"))
        if path.is_file() and any(form in path.read_bytes() for form in forms)
    ]
    assert with_today == []
    with zipfile.ZipFile(next(dated.glob("*.zip"))) as archive:
        assert {info.date_time[:3] for info in archive.infolist()} != {(today.year, today.month, today.day)}
        with_today = [name for name in archive.namelist() if any(form in archive.read(name) for form in forms)]
    assert with_today == []


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
