"""Benchmark-only MkDocs hook (bench/benchmark.py adds it to a build of our site; never in mkdocs.yml).

After every other hook and plugin has changed a page's Markdown (lowest priority), it writes that
final Markdown, with the page's front matter (title, description, ...), to $BENCH_DUMP_DIR/<src_uri>:
the docs of the stock Material site that the benchmark compares against.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority


@event_priority(-10_000)
def on_page_markdown(markdown, page, config, files):
    target = Path(os.environ["BENCH_DUMP_DIR"]) / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(dict(page.meta), allow_unicode=True, sort_keys=True) if page.meta else ""
    target.write_text((f"---\n{front}---\n\n" if front else "") + markdown, encoding="utf-8")
    return markdown
