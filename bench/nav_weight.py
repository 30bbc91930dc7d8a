"""Page weight as the library grows: does a page carry the navigation of every speech?

Builds (without PDFs) a copy of the project with the seed speech alone and one with the seed and
copies of it under other slugs and titles (tests/synthetic_library.py: every third copy is read
in Chinese only), and prints the raw and gzip bytes of the same pages in both. Run by hand:

    .venv/bin/python bench/nav_weight.py                 # 1 speech against 20
    .venv/bin/python bench/nav_weight.py --speeches 50   # against 50
    .venv/bin/python bench/nav_weight.py --keep /tmp/nw  # keep both projects and sites there

Target (issue 16): the seed's unit page units/part-1.html at most 1.1x its 1-speech gzip size.
A page of one speech shows the shared entries and its own speech's only (hooks/navigation.py),
so it should not grow at all.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from synthetic_library import add_copy, copy_project, synthetic_copies  # noqa: E402

MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
SEED_PAGE = "units/part-1.html"
TARGET_RATIO = 1.1
# The seed's pages (in both languages) and a shared page: the same files in both builds.
PAGES = ("units/part-1.html", "en/units/part-1.html", "glossary.html", "index.html")


def build(project: Path) -> tuple[Path, float]:
    site = project / "site"
    started = time.perf_counter()
    # Not -q: it hides the warnings that fail a strict build.
    done = subprocess.run([str(MKDOCS), "build", "-d", str(site)], cwd=project, env={**os.environ, "STUDY_PDF": "0"},
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the build of {project} failed:\n" + "\n".join(done.stderr.splitlines()[-20:]))
    return site, time.perf_counter() - started


def weight(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speeches", type=int, default=20, help="speeches in the larger library (the seed included)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="nav-weight-"))
    one = copy_project(work / "one")
    many = copy_project(work / "many")
    copies = synthetic_copies(args.speeches - 1)
    for copy in copies:
        add_copy(many, copy)
    (site_one, seconds_one), (site_many, seconds_many) = build(one), build(many)
    a_copy = next(copy for copy in copies if copy.translated)
    pages = [*PAGES, f"{a_copy.slug}/{SEED_PAGE}"]
    print(f"build without PDFs: 1 speech {seconds_one:.1f} s, {args.speeches} speeches {seconds_many:.1f} s")
    print(f"{'page':34} {'raw 1':>8} {'gzip 1':>8} {'raw ' + str(args.speeches):>8} {'gzip ' + str(args.speeches):>8} {'gzip x':>7}")
    for page in pages:
        raw_one, gz_one = weight(site_one / page.removeprefix(f"{a_copy.slug}/"))  # a copy's page: against the seed's
        raw_many, gz_many = weight(site_many / page)
        print(f"{page:34} {raw_one:8} {gz_one:8} {raw_many:8} {gz_many:8} {gz_many / gz_one:7.3f}")
    ratio = weight(site_many / SEED_PAGE)[1] / weight(site_one / SEED_PAGE)[1]
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"target: {SEED_PAGE} gzip at {args.speeches} speeches <= {TARGET_RATIO}x its 1-speech size: {ratio:.3f}x, {verdict}")
    if not args.keep:
        print(f"built in {work} (removed)")
        shutil.rmtree(work)
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
