"""The data of a build is loaded once, shared by every hook and language build, and afresh for the next build."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import build_data
from conftest import ROOT

SEED = "zuzhi-2020"


def _config(root) -> SimpleNamespace:
    """What build_data reads of an MkDocs config: where mkdocs.yml is."""
    return SimpleNamespace(config_file_path=str(root / "mkdocs.yml"))


def test_one_build_loads_each_kind_of_data_once():
    config = _config(ROOT)
    assert build_data.library(config) is build_data.library(config)
    assert build_data.corpus(config, SEED) is build_data.corpus(config, SEED)
    assert build_data.glossary(config) is build_data.glossary(config)
    assert build_data.indexes(config, SEED) is build_data.indexes(config, SEED)
    assert build_data.questions(config, SEED) is build_data.questions(config, SEED)


def test_the_next_build_reads_the_files_again(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    first = build_data.corpus(_config(tmp_path), SEED)
    units = tmp_path / "data" / "speeches" / SEED / "units.yml"
    units.write_text(units.read_text("utf-8").replace(first.units[0].title["en"], "Edited title", 1), "utf-8")
    second = build_data.corpus(_config(tmp_path), SEED)
    assert second is not first
    assert second.units[0].title["en"] == "Edited title"


def test_bad_data_stops_the_build_naming_the_file_and_the_problem(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "speeches" / SEED / "questions.yml").write_text("units: [", "utf-8")
    with pytest.raises(PluginError, match=r"questions\.yml: 1 problem\(s\)\n  - .*questions\.yml:2: malformed YAML at column \d+: "):
        build_data.questions(_config(tmp_path), SEED)


def test_a_page_naming_an_unknown_unit_stops_the_build_naming_the_page():
    config = _config(ROOT)
    assert build_data.unit(config, SEED, "part-1", "units/part-1.md").id == "part-1"
    with pytest.raises(PluginError, match=r"^handouts/x\.md: unknown unit 'part-9' \(see data/speeches/zuzhi-2020/units\.yml\)$"):
        build_data.unit(config, SEED, "part-9", "handouts/x.md")
