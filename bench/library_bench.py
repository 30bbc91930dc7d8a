"""A synthetic library (issue 16): how build time, page weight and search grow with the speeches.

Run by hand, never by CI or the tests (about 10 minutes on 2 cores):

    .venv/bin/python bench/library_bench.py                 # 1, 10 and 50 speeches
    .venv/bin/python bench/library_bench.py --sizes 1 5     # a quick look
    .venv/bin/python bench/library_bench.py --keep /tmp/lib # keep the projects and sites there

A library of N speeches is the seed plus N-1 copies of the corpus texts in tests/fixtures (taken
in turn), each under its own slug and with its own title (the copy's number added to the title
line), added as an editor adds a speech: the first copy of each text by `scripts/dev new`'s core
(new_speech.add_speech), the others as copies of that folder, then every stub page written at once
by `scripts/dev pages`'s core (new_speech.refresh_pages). Each library is built without PDFs
(STUDY_PDF=0) in a process of its own, as `scripts/dev build` does; the time is the process's.

Printed per size: build time, build time per added speech (against the 1-speech build), site bytes,
raw and gzip bytes of the seed's units/part-1.html, and the search figures of bench/library_search.py
(gzip bytes a search for 担当 transfers within the current speech and across all, whether the current
speech comes first, and query latency).
Targets at 50 speeches: the seed unit page's gzip bytes at most 1.1x its 1-speech size; a search
within the current speech at most 150 KB gzip, across all at most 1 MB gzip; build time linear.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "bench"))

from library import library_path, speech_dir  # noqa: E402
from new_speech import add_speech, refresh_pages  # noqa: E402
from reference_text import accept  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
FIXTURES = ROOT / "tests" / "fixtures"
TEXTS = (
    FIXTURES / "04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.zh.txt",
    FIXTURES / "01-maweiguang-2018-ganbu-peixun-kaixue.zh.txt",
)
SEED_PAGE = "units/part-1.html"
QUERY = "担当"
TARGETS = {"page_gzip_ratio": 1.1, "search_current_kb": 150, "search_all_kb": 1024}
COPIED = ("docs", "hooks", "overrides", "data", "fonts", "mkdocs.yml", "pyproject.toml")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    return target


def _retitle(folder: Path, number: int) -> None:
    """Give a copied speech a title of its own: the copy's number after its first title line (then re-pinned)."""
    text = folder / "speech.zh.txt"
    first, rest = text.read_text("utf-8").split("\n", 1)
    text.write_text(f"{first}（第{number}篇）\n{rest}", "utf-8")
    accept(text)
    meta = folder / "meta.yml"
    facts = yaml.safe_load(meta.read_text("utf-8"))
    facts["title"]["zh"] += f"（第{number}篇）"
    meta.write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), "utf-8")


def make_library(project: Path, size: int) -> list[str]:
    """Add size-1 speeches to the project copy; returns the slugs added."""
    slugs: list[str] = []
    firsts: dict[Path, str] = {}
    for number in range(1, size):
        text = TEXTS[(number - 1) % len(TEXTS)]
        slug = f"{text.name.split('-')[2]}-{number:02d}"
        if text not in firsts:
            add_speech(project, text, slug)  # `scripts/dev new`: its data folder and its stub pages
            firsts[text] = slug
        else:
            shutil.copytree(speech_dir(project, firsts[text]), speech_dir(project, slug))
            library = library_path(project)
            library.write_text(library.read_text("utf-8").rstrip("\n") + f"\n  - {slug}\n", "utf-8")
        _retitle(speech_dir(project, slug), number)
        slugs.append(slug)
    refresh_pages(project)  # `scripts/dev pages`: every stub page from the data
    return slugs


def build(project: Path) -> float:
    environment = {**os.environ, "STUDY_PDF": "0", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    started = time.perf_counter()
    # Not --quiet: MkDocs counts strict mode's warnings only where it logs them.
    done = subprocess.run([str(PYTHON), "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
                          cwd=project, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the build of {project} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def site_bytes(site: Path) -> int:
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file() and path.suffix != ".zip")


def measure(size: int, workdir: Path) -> dict:
    project = copy_project(workdir / f"library-{size}")
    slugs = make_library(project, size)
    seconds = build(project)
    site = project / "site"
    page = (site / SEED_PAGE).read_bytes()
    result = {
        "speeches": size,
        "build_s": round(seconds, 2),
        "site_bytes": site_bytes(site),
        "seed_page_raw": len(page),
        "seed_page_gzip": gzip_size(page),
    }
    # From the last speech's first unit page (the seed's with one speech): what a reader's search transfers.
    from library_search import search_transfer

    page_path = f"{slugs[-1]}/units/{first_unit(project, slugs[-1])}.html" if slugs else SEED_PAGE
    figures = search_transfer(site, page_path, QUERY)
    result["search"] = {
        "from": page_path,
        "current_gzip_kb": round(figures.within.gzip / 1024, 1),
        "all_gzip_kb": round(figures.across.gzip / 1024, 1),
        "current_first": figures.current_first,
        "latency_current_ms": round(figures.latency_within_ms, 1),
        "latency_all_ms": round(figures.latency_across_ms, 1),
        "first_query_all_ms": round(figures.first_across_ms, 1),
    }
    return result


def first_unit(project: Path, slug: str) -> str:
    units = yaml.safe_load((speech_dir(project, slug) / "units.yml").read_text("utf-8"))["units"]
    return units[0]["id"]


def report(rows: list[dict]) -> None:
    first = rows[0]
    print(f"{'speeches':>8} {'build s':>8} {'s/added':>8} {'site MB':>8} {'page raw':>9} {'page gz':>8} {'ratio':>6}")
    for row in rows:
        added = row["speeches"] - first["speeches"]
        per = (row["build_s"] - first["build_s"]) / added if added else 0.0
        row["build_s_per_added"] = round(per, 3)
        ratio = row["seed_page_gzip"] / first["seed_page_gzip"]
        row["page_gzip_ratio"] = round(ratio, 3)
        print(f"{row['speeches']:>8} {row['build_s']:>8.2f} {per:>8.3f} {row['site_bytes'] / 1e6:>8.1f} "
              f"{row['seed_page_raw']:>9} {row['seed_page_gzip']:>8} {ratio:>6.3f}")
        if "search" in row:
            print(f"{'':>8} search {QUERY}: {json.dumps(row['search'], ensure_ascii=False)}")
    last = rows[-1]
    verdicts = [f"seed unit page gzip {last['page_gzip_ratio']:.3f}x its {first['speeches']}-speech size "
                f"(target <= {TARGETS['page_gzip_ratio']}x): {'met' if last['page_gzip_ratio'] <= TARGETS['page_gzip_ratio'] else 'MISSED'}"]
    search = last.get("search") or {}
    for key, name in (("current_gzip_kb", "search_current_kb"), ("all_gzip_kb", "search_all_kb")):
        if key in search:
            verdicts.append(f"{key} {search[key]} KB (target <= {TARGETS[name]}): {'met' if search[key] <= TARGETS[name] else 'MISSED'}")
    if len(rows) >= 3:
        slopes = [(b["build_s"] - a["build_s"]) / (b["speeches"] - a["speeches"]) for a, b in zip(rows, rows[1:])]
        verdicts.append("build time per added speech between sizes: " + ", ".join(f"{s:.3f} s" for s in slopes))
    print("\n".join(verdicts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--keep", type=Path, help="keep the projects and sites in this folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="library-bench-"))
    try:
        rows = [measure(size, workdir) for size in sorted(args.sizes)]
        report(rows)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False), "utf-8")
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
