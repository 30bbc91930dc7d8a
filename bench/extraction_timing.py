"""How long the index extraction (hooks/extraction.py) takes on the whole speech.

Run by hand (not by CI):

    .venv/bin/python bench/extraction_timing.py [--runs 200]

Times, in milliseconds, the median of many runs in one process (as a build runs it), by
the wall clock and by the process's CPU time: `extract` alone (structure, directives, quoted phrases, documents, numbered formulas) and
`load_indexes` (reading data/speeches/<slug>/indexes.yml, extracting and validating the reviewed rules).
jieba's one-off dictionary load is reported apart: it happens once per process, before the
first run. Target (issue 4): the extraction takes a few milliseconds.
`time_extraction()` is what the overall benchmark imports.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 5.0


def _hooks_on_path() -> None:
    hooks = str(ROOT / "hooks")
    if hooks not in sys.path:
        sys.path.insert(0, hooks)


def _median_ms(function, runs: int, clock=time.perf_counter) -> float:
    samples = []
    for _ in range(runs):
        started = clock()
        function()
        samples.append((clock() - started) * 1000)
    return statistics.median(samples)


def time_extraction(runs: int = 200) -> dict:
    """Median milliseconds of the extraction on the real speech (and of loading and validating with it)."""
    _hooks_on_path()
    import jieba

    from library import load_library
    from extraction import extract, glossary_terms
    from index_rules import RULES_FILE, load_indexes
    from glossary import load_glossary

    started = time.perf_counter()
    jieba.initialize()
    jieba_ms = (time.perf_counter() - started) * 1000

    corpus = load_library(ROOT).root_speech
    terms = glossary_terms(load_glossary(ROOT / "data" / "glossary.yml", {corpus.slug: corpus.speech}))
    rules_file = corpus.data_dir / RULES_FILE
    indexes = load_indexes(rules_file, corpus.speech, terms)
    speech, rules = corpus.speech, indexes.rules

    extract_ms = _median_ms(lambda: extract(speech, rules), runs)
    # CPU time of this process: the same work, less disturbed by other processes on a busy machine.
    extract_cpu_ms = _median_ms(lambda: extract(speech, rules), runs, time.process_time)
    load_ms = _median_ms(lambda: load_indexes(rules_file, speech, terms), max(runs // 4, 1))
    extraction = indexes.extraction
    return {
        "speech_characters": sum(len(p.text) for p in speech.paragraphs),
        "runs": runs,
        "extract_median_ms": round(extract_ms, 3),
        "extract_median_cpu_ms": round(extract_cpu_ms, 3),
        "load_and_validate_median_ms": round(load_ms, 3),
        "jieba_dictionary_load_ms_once_per_process": round(jieba_ms, 1),
        "target_ms": TARGET_MS,
        "within_target": min(extract_ms, extract_cpu_ms) <= TARGET_MS,
        "found": {
            "quoted_phrases": len(extraction.quotes),
            "distinct_phrases": len(extraction.phrases),
            "numbered_formulas": len(extraction.formulas),
            "documents": len(extraction.documents),
            "directives": len(extraction.directives),
            "points": sum(1 for d in extraction.directives if d.kind == "point"),
        },
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    print(json.dumps(time_extraction(parser.parse_args().runs), ensure_ascii=False, indent=2))
