"""What the handout PDFs cost the build: the whole build (both languages) without PDFs, with
PDFs and an empty cache (cold), with PDFs all in the cache (warm: nothing changed), and with
PDFs, an empty PDF cache and an empty font cache (fresh: a new clone, or a new character in the
texts, which makes the font subset again).

Run by hand (not by CI):

    .venv/bin/python bench/pdf_timing.py [--runs 5] [--workers N]

Each build is a fresh `mkdocs build --strict` process into a temporary directory, with
STUDY_PDF=0 or STUDY_PDF=1 and its own STUDY_PDF_CACHE folder (hooks/pdfs.py): a new empty one
per cold build, one filled beforehand for the warm builds; STUDY_FONT_CACHE (hooks/handout_font.py)
is one filled beforehand, except for the fresh builds (a new empty one each). The kinds take turns within
each round (the order rotating), so that a busy machine slows them alike; medians are reported,
of wall time and of CPU time (user + system, of the build and its PDF worker processes: on a
machine shared with other work, the CPU time shows what the build itself costs).
Targets (issue 13): a warm build costs at most 0.3 s more than one without PDFs; (issue 6) the
cold PDFs add less than 10 s on a 2-core machine. `time_pdf_build()` is what bench/benchmark.py imports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
TARGET_COLD_EXTRA_S = 10.0
TARGET_WARM_EXTRA_S = 0.3
KINDS = ("without", "cold", "warm", "fresh")


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _build(site_dir: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole `mkdocs build` process."""
    cpu, started = _cpu_of_children(), time.perf_counter()
    subprocess.run(
        [str(MKDOCS), "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    return time.perf_counter() - started, _cpu_of_children() - cpu


def _pdf_figures(site: Path) -> dict:
    pdfs = sorted(site.rglob("handouts/*.pdf"))
    try:
        from pypdf import PdfReader

        pages = {pdf.relative_to(site).as_posix(): len(PdfReader(pdf).pages) for pdf in pdfs}
    except ImportError:  # pypdf is a test dependency
        pages = {}
    sizes = {pdf.relative_to(site).as_posix(): pdf.stat().st_size for pdf in pdfs}
    return {"pdf_count": len(sizes), "pdf_pages": pages, "pdf_bytes": sizes, "pdf_total_bytes": sum(sizes.values())}


def time_pdf_build(runs: int = 3, workers: int | None = None) -> dict:
    """Median seconds of the whole build without PDFs, with PDFs (cold cache), with PDFs (warm cache)
    and with PDFs and no font either (fresh)."""
    wall: dict[str, list[float]] = {kind: [] for kind in KINDS}
    cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
    base = dict(os.environ)
    if workers:
        base["STUDY_PDF_WORKERS"] = str(workers)
    with tempfile.TemporaryDirectory(prefix="pdf-timing-") as tmp:
        work = Path(tmp)
        warm_cache, font_cache = work / "warm-cache", work / "font-cache"
        base["STUDY_FONT_CACHE"] = str(font_cache)
        _build(work / "prime", dict(base, STUDY_PDF="1", STUDY_PDF_CACHE=str(warm_cache)))  # fills the warm caches
        for run in range(runs):
            envs = {
                "without": dict(base, STUDY_PDF="0"),
                "cold": dict(base, STUDY_PDF="1", STUDY_PDF_CACHE=str(work / f"cold-cache-{run}")),
                "warm": dict(base, STUDY_PDF="1", STUDY_PDF_CACHE=str(warm_cache)),
                "fresh": dict(base, STUDY_PDF="1", STUDY_PDF_CACHE=str(work / f"fresh-cache-{run}"),
                              STUDY_FONT_CACHE=str(work / f"fresh-fonts-{run}")),
            }
            turn = run % len(KINDS)
            for kind in KINDS[turn:] + KINDS[:turn]:
                seconds, cpu_seconds = _build(work / f"{kind}-{run}", envs[kind])
                wall[kind].append(seconds)
                cpu[kind].append(cpu_seconds)
        figures = _pdf_figures(work / "cold-0")
    median = {kind: statistics.median(values) for kind, values in wall.items()}
    median_cpu = {kind: statistics.median(values) for kind, values in cpu.items()}
    cold_extra, warm_extra = median["cold"] - median["without"], median["warm"] - median["without"]
    return {
        "runs": runs,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(load, 1) for load in os.getloadavg()],
        "layout_workers": workers or "one per CPU",
        "build_without_pdf_s": round(median["without"], 2),
        "build_with_pdf_cold_s": round(median["cold"], 2),
        "build_with_pdf_warm_s": round(median["warm"], 2),
        "build_with_pdf_fresh_s": round(median["fresh"], 2),
        "cold_extra_s": round(cold_extra, 2),
        "warm_extra_s": round(warm_extra, 2),
        "fresh_extra_s": round(median["fresh"] - median["without"], 2),
        "font_subset_s": round(median["fresh"] - median["cold"], 2),  # what making the font adds
        "cpu_without_pdf_s": round(median_cpu["without"], 2),
        "cpu_with_pdf_cold_s": round(median_cpu["cold"], 2),
        "cpu_with_pdf_warm_s": round(median_cpu["warm"], 2),
        "cpu_with_pdf_fresh_s": round(median_cpu["fresh"], 2),
        "cpu_warm_extra_s": round(median_cpu["warm"] - median_cpu["without"], 2),
        "cold_within_target": cold_extra < TARGET_COLD_EXTRA_S,
        "warm_within_target": warm_extra <= TARGET_WARM_EXTRA_S,
        "targets_s": {"cold_extra": TARGET_COLD_EXTRA_S, "warm_extra": TARGET_WARM_EXTRA_S},
        **{f"all_{kind}_s": [round(s, 2) for s in values] for kind, values in wall.items()},
        **{f"all_{kind}_cpu_s": [round(s, 2) for s in values] for kind, values in cpu.items()},
        **figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="PDF layout processes (default: one per CPU)")
    args = parser.parse_args()
    print(json.dumps(time_pdf_build(args.runs, args.workers), indent=2, ensure_ascii=False))
    sys.exit(0)


if __name__ == "__main__":
    main()
