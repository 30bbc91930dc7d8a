"""The distributable offline copy of the site."""

from __future__ import annotations

import zipfile

from mkdocs.config import load_config

from conftest import ROOT
from offline_zip import LEFT_OUT_SUFFIXES, write_site_zip


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
