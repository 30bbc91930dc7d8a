"""bench/: the scripts run by hand must still run. The stock-Material configuration that
bench/benchmark.py writes builds (the figures themselves, Lighthouse included, are never run here)."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import nav_pages

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import benchmark  # noqa: E402


def test_the_stock_config_the_benchmark_writes_builds_strictly(tmp_path, monkeypatch):
    """The benchmark builds its stock site from a config in another folder that INHERITs ours and
    drops everything of ours (hooks, overrides, extra CSS/JS, watched folders): nothing it drops may
    still be needed, and no path relative to our mkdocs.yml may break it. Its docs tree here: every
    page of our nav in both languages, as a heading (the benchmark's is our pages' final Markdown)."""
    docs = tmp_path / "docs"
    for lang in ("zh", "en"):
        for src in nav_pages():
            page = docs / lang / src
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {src}\n", encoding="utf-8")
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000/")
    (tmp_path / "work").mkdir()
    config_path = benchmark.write_stock_config(tmp_path / "work", docs)
    config = load_config(str(config_path), site_dir=str(tmp_path / "stock"))
    assert config.strict and config.watch == [] and config.extra_css == []
    assert list(config.plugins) == ["material/search", "i18n"]  # no hooks
    build(config)
    for page in nav_pages():
        html = page.removesuffix(".md") + ".html"
        assert (tmp_path / "stock" / html).is_file() and (tmp_path / "stock" / "en" / html).is_file()
