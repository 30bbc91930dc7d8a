"""`inspect PATH [--json]`: what the reader makes of a speech text, for an editor.

Reads a speech text file (title lines, a blank line, then one paragraph per non-empty line),
prints its outline (parts > sections > points, with the ¶ ids they become), its counts and
warnings where the numbering is ambiguous or broken. With --json, one JSON object: the counts
as integer keys (paragraphs, parts, sections, points, other_points, quoted_pairs,
single_quoted_pairs, quoted_distinct, titles_total, titles_distinct, chars), the outline and the warnings.

Pure and quick (no MkDocs, jieba or pydantic): `.venv/bin/python hooks/speech_inspect.py PATH`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path

from outline import Outline, Passage, Point, Section, find_quotes
from speech import Speech, paragraph_sign, parse_speech

DOCUMENT = re.compile(r"《([^《》]+)》")


def counts(speech: Speech) -> dict[str, int]:
    """The counts of the corpus meta files: body paragraphs and characters exclude the title."""
    body = [paragraph.text for paragraph in speech.paragraphs[1:]]
    quotes = [text[start:end] for text in body for start, end, _ in find_quotes(text)]
    titles = [match.group(1) for text in body for match in DOCUMENT.finditer(text)]
    return {
        "paragraphs": len(body),
        **speech.outline.counts(),
        "quoted_pairs": sum(1 for quote in quotes if quote[0] == "“"),
        "single_quoted_pairs": sum(1 for quote in quotes if quote[0] == "‘"),
        "quoted_distinct": len({quote[1:-1] for quote in quotes}),  # “…” and ‘…’ alike, nested ones too
        "titles_total": len(titles),
        "titles_distinct": len(set(titles)),
        "chars": sum(len("".join(text.split())) for text in body),
    }


def outline_json(outline: Outline) -> dict:
    def passage(item: Passage) -> dict:
        return {"paragraphs": list(item.paragraphs), "points": [asdict(p) for p in item.points]}

    return {
        "title": list(outline.title),
        "opening": passage(outline.opening),
        "parts": [asdict(part) for part in outline.parts],
        "sections": [asdict(section) for section in outline.sections],
        "points": [asdict(point) for point in outline.points],
        "closing": passage(outline.closing),
    }


def _span(paragraphs: range) -> str:
    return f"¶{paragraphs[0]}" if len(paragraphs) == 1 else f"¶{paragraphs[0]}–{paragraphs[-1]}"


def outline_text(outline: Outline) -> list[str]:
    def points(items: tuple[Point, ...], indent: str) -> list[str]:
        return [f"{indent}{p.marker} {p.title[:40]}  {paragraph_sign(p.piece_id)}" for p in items]

    def sections(items: tuple[Section, ...], indent: str) -> list[str]:
        out = []
        for s in items:
            out.append(f"{indent}{s.heading[:50]}  {paragraph_sign(s.piece_id)}–{s.last}")
            out += points(s.points, indent + "    ")
        return out

    lines = [" / ".join(outline.title)]
    if outline.opening.paragraphs:
        lines += [f"开场白 opening  {_span(outline.opening.paragraphs)}", *points(outline.opening.points, "    ")]
    for part in outline.parts:
        lines.append(f"{part.heading[:50]}  {paragraph_sign(part.piece_id)}–{part.last}")
        lines += points(part.points, "    ") + sections(part.sections, "    ")
    lines += points(outline.points, "") + sections(outline.sections, "")
    if outline.closing.paragraphs:
        lines += [f"结束语 closing  {_span(outline.closing.paragraphs)}", *points(outline.closing.points, "    ")]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="inspect", description="Show the outline, counts and numbering warnings of a speech text.")
    parser.add_argument("path", type=Path, help="a speech text: title lines, a blank line, one paragraph per line")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    try:
        text = args.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"inspect: cannot read {args.path} as UTF-8 text: {error}", file=sys.stderr)
        return 2
    speech = parse_speech(text)
    if not speech.title.strip() or len(speech.paragraphs) < 2:
        print(f"inspect: {args.path}: no title and body (expected title lines, a blank line, then paragraphs)", file=sys.stderr)
        return 1
    found = counts(speech)
    warnings = [f"¶{w.paragraph}: {w.message}" for w in speech.outline.warnings]
    if len(speech.paragraphs) > 1 and not any(not line.strip() for line in text.strip().splitlines()):
        warnings.insert(0, "¶0: no blank line after the title: the first line is taken as the title")
    if args.json:
        print(json.dumps({**found, "outline": outline_json(speech.outline), "warnings": warnings}, ensure_ascii=False, indent=2))
        return 0
    print("\n".join(outline_text(speech.outline)))
    print()
    print(", ".join(f"{key} {value}" for key, value in found.items()))
    for warning in warnings:
        print(f"warning: {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
