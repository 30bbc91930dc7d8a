"""The handout PDFs' font: Noto Serif CJK SC cut down to the characters the PDFs show, made by the build.

Pure and typed (no MkDocs imports). The source is the system's Noto Serif CJK (Debian's
fonts-noto-cjk, which set-up installs: /usr/share/fonts/opentype/noto/NotoSerifCJK-*.ttc), SIL
Open Font License 1.1 (fonts/OFL.txt). Nothing of the font is kept in git: every speech's text
can need characters no shipped subset foresaw.

`handout_font(texts, cache_dir)` takes every text the PDFs can show (by where it comes from, for
error messages), adds a fixed safety set (printable ASCII, common CJK punctuation: a small edit
seldom needs a new subset) and returns the Regular and Bold subsets from `cache_dir`, making them
with fontTools first if needed (a few seconds per weight; a warm build only stats the sources).
The subset is renamed "Handout Serif SC" (a Modified Version under the OFL; the original's
copyright and licence fields are kept), so a PDF shows that it used this subset and no other font
of the machine. Its bytes depend only on the source font, the characters and fontTools' version.

A character the source font lacks is an error naming it and the text that needs it;
`check_font_coverage` guards each PDF against text the subset does not cover.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pdfs import cache_folder, write_atomically

SOURCE_PACKAGE = "fonts-noto-cjk"  # Debian's (and Ubuntu's) package of the source font
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
SOURCE_FILES: dict[int, str] = {400: "NotoSerifCJK-Regular.ttc", 700: "NotoSerifCJK-Bold.ttc"}
# The Simplified Chinese member of each collection (the others are the JP, KR, TC and HK forms).
SOURCE_POSTSCRIPT: dict[int, str] = {400: "NotoSerifCJKsc-Regular", 700: "NotoSerifCJKsc-Bold"}
STYLE: dict[int, str] = {400: "Regular", 700: "Bold"}
FONT_FAMILY = "Handout Serif SC"
FONT_FILES: dict[int, str] = {400: "HandoutSerifSC-Regular.otf", 700: "HandoutSerifSC-Bold.otf"}

CACHE_ENV = "STUDY_FONT_CACHE"
CACHE_DIR = Path(".cache") / "fonts"
# Subsets of the last few character sets (about 1.2 MB each): older ones are removed.
CACHE_KEEP = 6

# Always in the subset, whatever the texts: printable ASCII, the marks the handouts print
# (¶ numbers, list bullets, dashes) and the common CJK punctuation, so that an edit that only
# adds such a character does not make a new subset (and new PDFs). The ideographic space too
# (whitespace in the texts is not counted; that one is as wide as a character).
SAFETY_CHARACTERS = frozenset(
    (set(string.printable) - set(string.whitespace))
    | set(" ¶•–—…·‘’“”")
    | set("、。，．：；？！（）《》〈〉「」『』【】〔〕〖〗—…·～％＋－＝／　")
    | set("０１２３４５６７８９")
)


class FontError(Exception):
    """The handout font cannot be made or does not cover a text."""


@dataclass(frozen=True)
class HandoutFont:
    """The subset files of one character set, by weight (400, 700)."""

    files: Mapping[int, Path]
    characters: frozenset[str]
    key: str
    made: bool  # made by this call; False: read from the cache

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(self.files[weight] for weight in sorted(self.files))

    def face_css(self) -> str:
        """The @font-face rules of the subset for WeasyPrint (file URLs)."""
        rules = [
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.resolve().as_uri()}"); '
            f"font-weight: {weight}; font-style: normal; }}"
            for weight, path in sorted(self.files.items())
        ]
        return "\n".join(rules) + "\n"


def needed_characters(texts: Iterable[str]) -> frozenset[str]:
    """The safety set and every character of `texts` that is drawn (whitespace other than a space is not)."""
    found: set[str] = set().union(*map(set, texts))
    return frozenset(SAFETY_CHARACTERS | {char for char in found if not char.isspace() or char == " "})


def source_files(source_dir: Path | None = None) -> dict[int, Path]:
    """The source font file of each weight (in SOURCE_DIR by default); a `FontError` naming the package if one is missing."""
    folder = SOURCE_DIR if source_dir is None else source_dir
    files = {weight: folder / name for weight, name in SOURCE_FILES.items()}
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise FontError(
            f"the handout PDFs' font is made from Noto Serif CJK, and this system lacks {' and '.join(missing)}: "
            f"install Debian's {SOURCE_PACKAGE} (`sudo apt-get install {SOURCE_PACKAGE}`; `scripts/dev build` "
            "installs it), or build without PDFs (STUDY_PDF=0)"
        )
    return files


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_key(characters: Iterable[str], sources: Mapping[int, Path]) -> str:
    """A hash of everything a subset is made of: the characters, the source files, this code, fontTools.

    The source files count by name, size and modification time, not by content: hashing 53 MB of
    fonts would cost every build about 0.1 s, and a package upgrade replaces the files (other
    sizes and times). The times are the package's own (dpkg keeps them), so a cache restored on
    a fresh machine with the same package still hits.
    """
    identity = {}
    for weight, path in sorted(sources.items()):
        status = path.stat()
        identity[str(weight)] = [path.name, status.st_size, status.st_mtime_ns]
    inputs = {
        "characters": "".join(sorted(set(characters))),
        "sources": identity,
        "code": _digest(Path(__file__).read_bytes()),
        "fonttools": metadata.version("fonttools"),
    }
    return _digest(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode("utf-8"))[:32]


def source_font(path: Path, weight: int):
    """The Simplified Chinese member of a Noto Serif CJK collection (or the font itself, if not a collection)."""
    from fontTools.ttLib import TTCollection, TTFont

    # Bounding boxes are not recomputed on saving (it would double the time): the source's, which
    # hold every glyph of the subset, stay in `head`, `hhea` and the CFF top dict.
    options = {"recalcTimestamp": False, "recalcBBoxes": False}
    if path.suffix.lower() not in (".ttc", ".otc"):
        return TTFont(path, **options)
    collection = TTCollection(path, lazy=True)
    for number, font in enumerate(collection.fonts):
        if font["name"].getDebugName(6) == SOURCE_POSTSCRIPT[weight]:
            return TTFont(path, fontNumber=number, **options)
    raise FontError(f"{path} holds no font {SOURCE_POSTSCRIPT[weight]}: is it Noto Serif CJK?")


def _rename(font, weight: int, source_version: str) -> None:
    style = STYLE[weight]
    postscript = f"{FONT_FAMILY.replace(' ', '')}-{style}"
    names = font["name"]
    keep = {0, 7, 13, 14}  # copyright, trademark, licence and its URL
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
            "made by hooks/handout_font.py. SIL Open Font License 1.1."
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


def make_subset(source: Path, weight: int, characters: Iterable[str]) -> tuple[bytes, set[str]]:
    """The subset of one weight (OpenType CFF bytes) and the characters of `characters` the source lacks."""
    from fontTools import subset  # only when a subset is made (a third of a second to import)

    wanted = set(characters)
    font = source_font(source, weight)
    version = font["name"].getDebugName(5).split(";")[0]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    # Proportional forms of “ ” ‘ ’ and the like for English text (CSS font-feature-settings: "pwid").
    options.layout_features += ["pwid"]
    options.notdef_outline = True
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]  # horizontal text only
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(char) for char in wanted))
    subsetter.subset(font)
    _rename(font, weight, version)
    covered = {chr(code) for code in font.getBestCmap()}
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue(), wanted - covered


def make_subsets(sources: Mapping[int, Path], characters: frozenset[str]) -> dict[int, tuple[bytes, set[str]]]:
    """`make_subset` of every weight, one after the other: in two processes at once they took longer
    on the shared 2-core machine (spawning and importing fontTools twice cost more than they saved)."""
    return {weight: make_subset(path, weight, characters) for weight, path in sorted(sources.items())}


def _where(char: str, texts: Mapping[str, str]) -> str:
    return next((where for where, text in texts.items() if char in text), "the safety set")


def _prune(cache_dir: Path, keep: int) -> None:
    """Remove all but the `keep` most recently used entries (folders) of the cache."""
    try:
        entries = sorted((p for p in cache_dir.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for entry in entries[keep:]:
        for file in entry.iterdir():
            file.unlink(missing_ok=True)
        try:
            entry.rmdir()
        except OSError:
            pass


def handout_font(texts: Mapping[str, str], cache_dir: Path, source_dir: Path | None = None) -> HandoutFont:
    """The subset covering `texts` (where -> text: every text a PDF can show) and the safety set.

    From `cache_dir/<key>/` when there; otherwise made from the source font and stored there
    (each file written whole or not at all: an entry lacking a file is made again). A character
    the source font lacks raises a `FontError` naming it and where it occurs.
    """
    characters = needed_characters(texts.values())
    sources = source_files(source_dir)
    key = cache_key(characters, sources)
    entry = cache_dir / key
    files = {weight: entry / FONT_FILES[weight] for weight in sorted(sources)}
    if all(path.is_file() for path in files.values()):
        try:
            os.utime(entry)  # recently used: pruned last
        except OSError:
            pass
        return HandoutFont(files, characters, key, made=False)
    made = make_subsets(sources, characters)
    for weight, (_, missing) in made.items():
        if missing:
            listed = "; ".join(f"{char} (U+{ord(char):04X}) in {_where(char, texts)}" for char in sorted(missing))
            raise FontError(f"Noto Serif CJK SC ({sources[weight]}) has no glyph for {len(missing)} character(s) the handout PDFs show: {listed}")
    for weight, path in files.items():
        write_atomically(path, made[weight][0])
    _prune(cache_dir, CACHE_KEEP)
    return HandoutFont(files, characters, key, made=True)


def font_cache_folder(root: Path, environ: Mapping[str, str]) -> Path:
    """`STUDY_FONT_CACHE` if set, else `.cache/fonts` in the project folder, beside the PDF cache (`.cache/pdf`)."""
    return cache_folder(root, environ, CACHE_ENV, CACHE_DIR)


# --------------------------------------------------------------------------- the guard


def font_characters(font_path: Path) -> set[str]:
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True) as font:
        return {chr(code) for code in font.getBestCmap()}


def font_coverage(font: HandoutFont) -> dict[Path, set[str]]:
    """The characters of each file of the subset (a fifth of a second: load once per build, when needed)."""
    return {path: font_characters(path) for path in font.paths}


def missing_characters(text: str, available: set[str]) -> list[str]:
    return sorted({char for char in text if not char.isspace() and char.isprintable() and char not in available})


def check_font_coverage(text: str, coverage: Mapping[Path, set[str]], where: str = "") -> None:
    """Raise `FontError` naming every character of `text` that a file of the subset lacks.

    The subset is made for what `handouts.handout_texts` gives; a character missing here comes
    from somewhere those texts leave out (a label, a stylesheet, a Markdown extension's output).
    """
    for path, available in coverage.items():
        missing = missing_characters(text, available)
        if missing:
            listed = " ".join(f"{char} (U+{ord(char):04X})" for char in missing)
            raise FontError(
                f"{where}: the handout font {path} lacks {len(missing)} character(s) the PDF shows: {listed}. "
                "The font is made for the texts handouts.handout_texts gives: it misses where these come from."
            )
