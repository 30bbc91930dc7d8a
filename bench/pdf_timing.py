"""What the handout PDFs cost the build: the whole build (both languages) with and without them.

Run by hand (not by CI):

    .venv/bin/python bench/pdf_timing.py [--runs 3]

Each build is a fresh `mkdocs build --strict` process into a temporary directory, with
STUDY_PDF=1 or STUDY_PDF=0 (hooks/handout_hook.py); the two kinds alternate so that a busy
machine slows both alike, and the medians are reported. Target (issue 6): PDFs add less than
10 s to the build on a 2-core machine. `time_pdf_build()` is what the overall benchmark imports.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
TARGET_EXTRA_S = 10.0


def _build(site_dir: Path, with_pdf: bool) -> float:
    env = dict(os.environ, STUDY_PDF="1" if with_pdf else "0")
    started = time.perf_counter()
    subprocess.run(
        [str(MKDOCS), "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    return time.perf_counter() - started


def time_pdf_build(runs: int = 3) -> dict:
    """Median seconds of the whole build with and without PDFs, and what the PDFs came to."""
    with_pdf, without_pdf = [], []
    with tempfile.TemporaryDirectory(prefix="pdf-timing-") as tmp:
        for run in range(runs):
            without_pdf.append(_build(Path(tmp) / f"plain-{run}", with_pdf=False))
            with_pdf.append(_build(Path(tmp) / f"pdf-{run}", with_pdf=True))
        pdfs = sorted((Path(tmp) / "pdf-0").rglob("handouts/*.pdf"))
        try:
            from pypdf import PdfReader

            pages = {pdf.relative_to(Path(tmp) / "pdf-0").as_posix(): len(PdfReader(pdf).pages) for pdf in pdfs}
        except ImportError:  # pypdf is a test dependency
            pages = {}
        sizes = {pdf.relative_to(Path(tmp) / "pdf-0").as_posix(): pdf.stat().st_size for pdf in pdfs}
    without_s, with_s = statistics.median(without_pdf), statistics.median(with_pdf)
    return {
        "runs": runs,
        "cpus": os.cpu_count(),
        "build_without_pdf_s": round(without_s, 2),
        "build_with_pdf_s": round(with_s, 2),
        "pdf_extra_s": round(with_s - without_s, 2),
        "target_extra_s": TARGET_EXTRA_S,
        "within_target": with_s - without_s < TARGET_EXTRA_S,
        "pdf_count": len(sizes),
        "pdf_pages": pages,
        "pdf_bytes": sizes,
        "pdf_total_bytes": sum(sizes.values()),
        "all_without_pdf_s": [round(s, 2) for s in without_pdf],
        "all_with_pdf_s": [round(s, 2) for s in with_pdf],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(time_pdf_build(args.runs), indent=2, ensure_ascii=False))
    sys.exit(0)


if __name__ == "__main__":
    main()
