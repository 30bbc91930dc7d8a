"""The distributable offline copy of the site."""

from __future__ import annotations

import zipfile
from types import SimpleNamespace

from bs4 import BeautifulSoup
from mkdocs.config import load_config

import offline_hook
from conftest import ROOT, built_path
from offline_zip import FIXED_DATE, LEFT_OUT_SUFFIXES, PREVIEW_NOTE, entry_date, write_site_zip


def zip_name() -> str:
    return load_config(str(ROOT / "mkdocs.yml"))["extra"]["offline_zip"]


def test_the_build_zips_every_file_of_the_site_unchanged_but_source_maps(site):
    name = zip_name()
    folder = name.removesuffix(".zip")
    with zipfile.ZipFile(site / name) as archive:
        zipped = {info.filename.removeprefix(f"{folder}/"): archive.read(info) for info in archive.infolist()}
    on_disk = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and p.name != name and p.suffix not in LEFT_OUT_SUFFIXES}
    assert sorted(zipped) == sorted(on_disk)
    assert all(zipped[path] == on_disk[path] for path in on_disk)
    assert "index.html" in zipped and "en/index.html" in zipped
    assert any(p.suffix == ".map" for p in site.rglob("*")) and not any(path.endswith(".map") for path in zipped)


def test_zipping_the_same_files_twice_gives_the_same_bytes(tmp_path):
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text("<p>甲</p>", encoding="utf-8")
    (site / "en" / "index.html").write_text("<p>A</p>", encoding="utf-8")
    first, second = tmp_path / "first.zip", site / "copy.zip"
    assert write_site_zip(site, first, "copy") == 2
    assert write_site_zip(site, second, "copy") == 2  # the zip inside the site does not zip itself
    assert first.read_bytes() == second.read_bytes()


def test_entries_are_in_path_order_with_one_date_mode_and_system(tmp_path):
    site = tmp_path / "site"
    for name in ("b.html", "a/z.html", "a.html", "B.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, encoding="utf-8")
    date = entry_date({"SOURCE_DATE_EPOCH": "1700000000"})
    assert date == (2023, 11, 14, 22, 13, 20)  # UTC
    write_site_zip(site, tmp_path / "copy.zip", "copy", date)
    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == ["copy/B.html", "copy/a.html", "copy/a/z.html", "copy/b.html"]
    assert {(info.date_time, info.external_attr, info.create_system) for info in infos} == {(date, 0o644 << 16, 3)}


def test_the_entry_date_is_source_date_epoch_or_fixed_and_always_one_a_zip_can_hold():
    assert entry_date({}) == entry_date({"SOURCE_DATE_EPOCH": ""}) == FIXED_DATE
    assert entry_date({"SOURCE_DATE_EPOCH": "0"}) == FIXED_DATE  # 1970: before zip dates begin
    assert entry_date({"SOURCE_DATE_EPOCH": str(2**33)})[0] == 2107


def test_the_home_pages_link_the_zip_named_in_mkdocs_yml(site):
    name = zip_name()
    for lang in ("zh", "en"):
        page = built_path(site, "index.md", lang)
        links = BeautifulSoup(page.read_text("utf-8"), "html.parser").select("a[download]")
        targets = [(page.parent / link["href"]).resolve() for link in links if link["href"].endswith(".zip")]
        assert targets == [(site / name).resolve()], lang
        assert PREVIEW_NOTE[lang] not in page.read_text("utf-8")


def test_under_serve_the_zip_link_gives_way_to_a_note(monkeypatch):
    config = SimpleNamespace(extra={"offline_zip": "copy.zip"}, plugins={"i18n": SimpleNamespace(current_language="en")})
    page = SimpleNamespace(file=SimpleNamespace(url="en/index.html"))
    markdown = "Read offline.\n\n<!-- offline-zip: Download the offline copy (zip) -->\n"
    monkeypatch.setattr(offline_hook.PROCESS, "serving", False)
    built = offline_hook.on_page_markdown(markdown, page, config, files=None)
    assert '<a href="../copy.zip" download>Download the offline copy (zip)</a>' in built
    monkeypatch.setattr(offline_hook.PROCESS, "serving", True)
    served = offline_hook.on_page_markdown(markdown, page, config, files=None)
    assert PREVIEW_NOTE["en"] in served and "copy.zip" not in served and "<!--" not in served
