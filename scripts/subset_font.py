#!/usr/bin/env python3
"""Make the handout PDF font: Noto Serif CJK SC cut down to exactly the characters the PDFs use.

    .venv/bin/python scripts/subset_font.py [--source-dir /usr/share/fonts/opentype/noto]

Reads the data (speech, translation, units, notes, glossary, questions), renders every handout's
Markdown in both languages (hooks/handouts.characters_used), and writes

    fonts/HandoutSerifSC-Regular.otf, fonts/HandoutSerifSC-Bold.otf   the subsets (CFF, OpenType)
    fonts/HandoutSerifSC.characters.txt                               the characters they cover

from Debian's fonts-noto-cjk (`apt-get install fonts-noto-cjk`), SIL Open Font License 1.1
(fonts/OFL.txt). The subset is renamed "Handout Serif SC" (a Modified Version under the OFL;
the original's copyright and licence fields are kept), so a PDF shows whether it used the
shipped subset or some font of the machine. Run it again whenever the build reports missing
characters. The output is deterministic: the same data gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from fontTools import subset  # noqa: E402
from fontTools.ttLib import TTCollection, TTFont  # noqa: E402

from corpus import load_corpus  # noqa: E402
from glossary import load_glossary  # noqa: E402
from handouts import FONT_DIR, FONT_FAMILY, FONT_FILES, characters_used  # noqa: E402
from questions import QUESTIONS_FILE, load_questions  # noqa: E402

SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
SOURCE_FILES = {400: "NotoSerifCJK-Regular.ttc", 700: "NotoSerifCJK-Bold.ttc"}
SOURCE_POSTSCRIPT = {400: "NotoSerifCJKsc-Regular", 700: "NotoSerifCJKsc-Bold"}
STYLE = {400: "Regular", 700: "Bold"}
CHARACTERS_FILE = "HandoutSerifSC.characters.txt"


def source_font(path: Path, postscript_name: str) -> TTFont:
    """The Simplified Chinese member of the Noto Serif CJK collection."""
    collection = TTCollection(path, lazy=True)
    for number, font in enumerate(collection.fonts):
        if font["name"].getDebugName(6) == postscript_name:
            return TTFont(path, fontNumber=number, recalcTimestamp=False)
    raise SystemExit(f"{path} has no font {postscript_name}")


def rename(font: TTFont, weight: int, source_version: str) -> None:
    style = STYLE[weight]
    postscript = f"{FONT_FAMILY.replace(' ', '')}-{style}"
    names = font["name"]
    keep = {0, 7, 13, 14}
    names.names = [record for record in names.names if record.nameID in keep]
    values = {
        1: FONT_FAMILY,
        2: style,
        3: f"{postscript};subset of {SOURCE_POSTSCRIPT[weight]} {source_version}",
        4: f"{FONT_FAMILY} {style}",
        5: source_version,
        6: postscript,
        10: (
            f"Subset of Noto Serif CJK SC {style} ({source_version}) to the characters of the study handouts, "
            "made by scripts/subset_font.py. SIL Open Font License 1.1."
        ),
    }
    for name_id, value in values.items():
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    cff = font["CFF "].cff
    cff.fontNames = [postscript]
    top = cff.topDictIndex[0]
    for field, value in (("FullName", f"{FONT_FAMILY} {style}"), ("FamilyName", FONT_FAMILY)):
        if hasattr(top, field):
            setattr(top, field, value)


def make_subset(source: Path, weight: int, characters: set[str], target: Path) -> None:
    font = source_font(source, SOURCE_POSTSCRIPT[weight])
    version = font["name"].getDebugName(5).split(";")[0]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    # Proportional forms of “ ” ‘ ’ and the like for English text (CSS font-feature-settings: "pwid").
    options.layout_features += ["pwid"]
    options.notdef_outline = True
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(char) for char in characters))
    subsetter.subset(font)
    rename(font, weight, version)
    covered = set(font.getBestCmap())
    missing = sorted(char for char in characters if ord(char) not in covered)
    if missing:
        raise SystemExit(f"Noto Serif CJK SC itself lacks: {' '.join(f'{c} (U+{ord(c):04X})' for c in missing)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR, help="where NotoSerifCJK-*.ttc are")
    args = parser.parse_args()
    corpus = load_corpus(ROOT)
    entries = load_glossary(corpus.data_dir / "glossary.yml", corpus.speech)
    questions = load_questions(corpus.data_dir / QUESTIONS_FILE, corpus.speech, corpus.units)
    characters = characters_used(corpus, entries, questions)
    out = ROOT / FONT_DIR
    for weight, name in FONT_FILES.items():
        source = args.source_dir / SOURCE_FILES[weight]
        if not source.exists():
            raise SystemExit(f"{source} not found: install Debian's fonts-noto-cjk or pass --source-dir")
        make_subset(source, weight, characters, out / name)
        print(f"{out / name}: {len(characters)} characters, {(out / name).stat().st_size:,} bytes")
    listing = "".join(sorted(char for char in characters if char != " "))
    (out / CHARACTERS_FILE).write_text(
        "# Characters in fonts/HandoutSerifSC-*.otf (made by scripts/subset_font.py; do not edit)\n"
        + "\n".join(listing[i:i + 60] for i in range(0, len(listing), 60))
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
