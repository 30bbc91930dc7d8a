"""Acceptance table of bad data (issue 12): every mistake in data/ fails with one message naming the file and
the line or entry, never a traceback, never a build with silent damage.

Each case is a small edit of a copy of the project's data/. In-process, the data is loaded as a build
loads it (hooks/build_data.py, the same calls the hooks make), and only MkDocs' PluginError may come
out. A few cases run the real command line (`mkdocs build --strict`) on a copy of the project.
The docs/ and mkdocs.yml cases are in the wiring table (issue 12, other branch).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import build_data
from conftest import ROOT
from reference_text import ACCEPT_COMMAND, accept

PAYLOAD = "<img src=x onerror=alert(1)>"
SEED_SLUG = "zuzhi-2020"
# The files shared by every speech sit at the top of data/; the others in the seed's folder.
SHARED_FILES = ("glossary.yml", "renderings.yml", "library.yml")


def data_file(file: str) -> str:
    """A data file's path from the project root, as messages name it: data/glossary.yml, data/speeches/zuzhi-2020/units.yml."""
    return f"data/{file}" if file in SHARED_FILES else f"data/speeches/{SEED_SLUG}/{file}"


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    """An edit replacing `old`, which must be there: a case whose edit does nothing cannot pass."""

    def edit(text: str) -> str:
        assert old in text, f"the case's text {old!r} is not in the file any more"
        return text.replace(old, new, count)

    return edit


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    edit: Callable[[str], str] | Callable[[Path], None] | None
    expected: str | None  # a regex the message must match; None: the data must load (built correctly)
    raw: bool = False  # the edit gets the file's path (bytes, removal) rather than its text


def line_of(file: str, text: str) -> int:
    """The line of data/`file` where `text` starts: the table's expected line numbers follow the real file."""
    content = (ROOT / data_file(file)).read_text("utf-8")
    assert text in content, f"{text!r} is not in {data_file(file)} any more"
    return content[: content.index(text)].count("\n") + 1


GLOSSARY_HEAD = "  - id: si-ge-yi-shi\n    term: 四个意识\n    aliases: []\n    en: Four Consciousnesses\n"
UNIT_HEAD = "  - id: opening\n    paragraphs: [0, 2]\n    title:\n"
NOTE_HEAD = "  - id: redacted-name\n    paragraph: 2\n    anchor:\n      zh: XX同志\n      en: Comrade XX\n    text:\n"
QUESTIONS_HEAD = "  - unit: opening\n    comprehension:\n"
FIRST_QUESTION_REFS = "        refs: [p2]\n"
# Lines of the first glossary entry, where most glossary cases edit.
ID_LINE = line_of("glossary.yml", GLOSSARY_HEAD)
TERM_LINE, ALIASES_LINE, EN_LINE = ID_LINE + 1, ID_LINE + 2, ID_LINE + 3
SHORT_ZH_LINE = line_of("glossary.yml", "      zh: 政治意识、大局意识、核心意识、看齐意识的合称")


def swap_lines(first: str, second: str) -> Callable[[str], str]:
    """Swap the values of two one-line entries of speech.en.yml."""

    def edit(text: str) -> str:
        lines = text.split("\n")
        a, b = (next(i for i, line in enumerate(lines) if line.startswith(f"{key}: ")) for key in (first, second))
        lines[a], lines[b] = f"{first}: {lines[b].split(': ', 1)[1]}", f"{second}: {lines[a].split(': ', 1)[1]}"
        return "\n".join(lines)

    return edit


def write_bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def remove(path: Path) -> None:
    path.unlink()


def bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def latin1(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace("四个意识".encode(), "café".encode("latin-1"), 1))


CASES = [
    # --- glossary.yml -----------------------------------------------------------------------------
    Case("glossary-duplicate-key", "glossary.yml", replace("    en: Four Consciousnesses\n", "    en: Four Consciousnesses\n    en: Four Awarenesses\n"),
         rf"glossary\.yml:{EN_LINE + 1}: duplicate key 'en': also at line {EN_LINE}"),
    Case("glossary-unknown-pinyn", "glossary.yml", replace(GLOSSARY_HEAD, GLOSSARY_HEAD + "    pinyn: sì gè yì shí\n"),
         r"glossary\.yml:\d+: entry 'si-ge-yi-shi': unknown field 'pinyn' \(expected id, term"),
    Case("glossary-unknown-source", "glossary.yml", replace(GLOSSARY_HEAD, GLOSSARY_HEAD + "    source: x\n"),
         r"entry 'si-ge-yi-shi': unknown field 'source'"),
    Case("glossary-unknown-relatd", "glossary.yml", replace(GLOSSARY_HEAD, GLOSSARY_HEAD + "    relatd: [si-ge-zi-xin]\n"),
         r"entry 'si-ge-yi-shi': unknown field 'relatd'"),
    Case("glossary-missing-en", "glossary.yml", replace("    en: Four Consciousnesses\n", ""),
         r"glossary\.yml:\d+: entry 'si-ge-yi-shi': en: required field is missing"),
    Case("glossary-empty-short-zh", "glossary.yml",
         replace("      zh: 政治意识、大局意识、核心意识、看齐意识的合称，是对党员干部政治态度的基本要求。\n", "      zh: ''\n"),
         rf"glossary\.yml:{SHORT_ZH_LINE}: entry 'si-ge-yi-shi': short\.zh: must be non-empty text"),
    Case("glossary-yaml11-no", "glossary.yml", replace("    en: Four Consciousnesses\n", "    en: no\n"),
         rf"glossary\.yml:{EN_LINE}: 'no' is a YAML 1\.1 boolean: write true or false"),
    Case("glossary-yaml11-on", "glossary.yml", replace("    aliases: []\n    en: Four", "    aliases: [on]\n    en: Four"),
         rf"glossary\.yml:{ALIASES_LINE}: 'on' is a YAML 1\.1 boolean"),
    Case("glossary-bad-category", "glossary.yml", replace("    category: formula\n", "    category: formulae\n"),
         r"entry 'si-ge-yi-shi': category: input should be 'formula', .* got 'formulae'"),
    Case("glossary-payload-category", "glossary.yml", replace("    category: formula\n", f"    category: '{PAYLOAD}'\n"),
         r"entry 'si-ge-yi-shi': category: input should be"),
    Case("glossary-bad-id", "glossary.yml", replace("  - id: si-ge-yi-shi\n", "  - id: Si Ge\n"),
         r"glossary\.yml:\d+: entry 'Si Ge': id: must be a lowercase ASCII slug"),
    Case("glossary-payload-id", "glossary.yml", replace("  - id: si-ge-yi-shi\n", f"  - id: '{PAYLOAD}'\n"),
         r"id: must be a lowercase ASCII slug .*got '<img"),
    Case("glossary-payload-term", "glossary.yml", replace("    term: 四个意识\n", f"    term: '{PAYLOAD}'\n"),
         r"entry 'si-ge-yi-shi': '<img src=x onerror=alert\(1\)>' never occurs in any speech"),
    Case("glossary-payload-related", "glossary.yml", replace("related: [si-ge-zi-xin,", f"related: ['{PAYLOAD}', si-ge-zi-xin,"),
         r"entry 'si-ge-yi-shi': related\[0\]: must be a lowercase ASCII slug"),
    Case("glossary-unknown-related", "glossary.yml", replace("related: [si-ge-zi-xin,", "related: [si-ge-zi-xing,"),
         r"entry 'si-ge-yi-shi': related entry 'si-ge-zi-xing' does not exist"),
    Case("glossary-term-not-in-speech", "glossary.yml", replace("    term: 四个意识\n", "    term: 五个意识\n"),
         r"entry 'si-ge-yi-shi': '五个意识' never occurs in any speech"),
    Case("glossary-duplicate-id", "glossary.yml", replace("  - id: si-ge-zi-xin\n", "  - id: si-ge-yi-shi\n"),
         rf"glossary\.yml:\d+: entry 'si-ge-yi-shi': duplicate id \(first at line {ID_LINE}\)"),
    Case("glossary-alias-clash", "glossary.yml", replace("    aliases: [尺子, 锤子]\n", "    aliases: [尺子, 锤子, 四个意识]\n"),
         r"term or alias '四个意识' is already used by entry 'si-ge-yi-shi'"),
    Case("glossary-formula-components", "glossary.yml", replace("      - zh: 看齐意识\n        en: awareness of alignment (keeping in line with the Central Committee)\n", ""),
         r"entry 'si-ge-yi-shi': formula '四个意识' must list 4 components, lists 3"),
    Case("glossary-short-not-mapping", "glossary.yml",
         replace("    short:\n      zh: 政治意识、大局意识、核心意识、看齐意识的合称，是对党员干部政治态度的基本要求。\n", "    short: 政治意识\n    x:\n      zh: y\n"),
         r"entry 'si-ge-yi-shi': short: expected a mapping with zh, en, got '政治意识'"),
    Case("glossary-aliases-string", "glossary.yml", replace(GLOSSARY_HEAD, GLOSSARY_HEAD.replace("aliases: []", "aliases: 四个意识")),
         r"entry 'si-ge-yi-shi': aliases: input should be a valid list"),
    Case("glossary-number-as-text", "glossary.yml", replace("    en: Four Consciousnesses\n", "    en: 4\n"),
         r"entry 'si-ge-yi-shi': en: input should be a valid string, got 4"),
    Case("glossary-top-level-key", "glossary.yml", append("terms: []\n"),
         r"glossary\.yml:\d+: unknown top-level key 'terms'"),
    Case("glossary-tab", "glossary.yml", replace("    en: Four Consciousnesses\n", "    en:\tFour Consciousnesses\n"),
         rf"glossary\.yml:{EN_LINE}: a tab character"),
    Case("glossary-trailing-space", "glossary.yml", replace("    en: Four Consciousnesses\n", "    en: Four Consciousnesses  \n"),
         rf"glossary\.yml:{EN_LINE}: trailing whitespace"),
    Case("glossary-crlf", "glossary.yml", lambda text: text.replace("\n", "\r\n"),
         r"glossary\.yml:1: trailing whitespace \(spaces, tabs or a CR line ending\)[\s\S]*: \d+ more line\(s\) like this"),
    Case("glossary-bom", "glossary.yml", bom, r"glossary\.yml:1: starts with a UTF-8 byte-order mark", raw=True),
    Case("glossary-latin1", "glossary.yml", latin1, rf"glossary\.yml:{TERM_LINE}: not UTF-8 \(byte 0xe9 at column 14\)", raw=True),
    Case("glossary-missing", "glossary.yml", remove, r"glossary\.yml: file not found", raw=True),
    Case("glossary-malformed", "glossary.yml", replace("    en: Four Consciousnesses\n", "    en: [Four\n"),
         r"glossary\.yml:\d+: malformed YAML at column \d+"),
    Case("glossary-empty-file", "glossary.yml", write_bytes(b""), r"glossary\.yml:1: expected a mapping with a non-empty list 'entries'", raw=True),
    # --- units.yml ----------------------------------------------------------------------------------
    Case("units-unknown-titel", "units.yml", replace(UNIT_HEAD, UNIT_HEAD.replace("title:", "titel:")),
         r"units\.yml:\d+: unit 'opening': unknown field 'titel' \(expected id, paragraphs, title, description\)"),
    Case("units-duplicate-key", "units.yml", replace(UNIT_HEAD, UNIT_HEAD.replace("    title:\n", "    paragraphs: [0, 3]\n    title:\n")),
         r"units\.yml:\d+: duplicate key 'paragraphs': also at line \d+"),
    Case("units-gap", "units.yml", replace("    paragraphs: [3, 7]\n", "    paragraphs: [4, 7]\n"),
         r"units\.yml:\d+: unit 'part-1': starts at ¶4, expected ¶3"),
    Case("units-beyond-speech", "units.yml", replace("    paragraphs: [18, 18]\n", "    paragraphs: [18, 19]\n"),
         r"unit 'closing': paragraphs \[18, 19\] outside ¶0–¶18"),
    Case("units-one-number", "units.yml", replace("    paragraphs: [0, 2]\n", "    paragraphs: [0]\n"),
         r"unit 'opening': paragraphs: has 1 item\(s\), expected at least 2"),
    Case("units-number-as-text", "units.yml", replace("    paragraphs: [0, 2]\n", "    paragraphs: ['0', 2]\n"),
         r"unit 'opening': paragraphs\[0\]: input should be a valid integer, got '0'"),
    Case("units-payload-id", "units.yml", replace("  - id: opening\n", f"  - id: '{PAYLOAD}'\n"),
         r"units\.yml:\d+: unit '<img.*': id: must be a lowercase ASCII slug"),
    Case("units-duplicate-id", "units.yml", replace("  - id: part-2\n", "  - id: part-1\n"),
         r"unit 'part-1': duplicate id \(first at line \d+\)"),
    Case("units-empty-description", "units.yml", replace('      en: "Opening: title and introduction"\n', "      en: ' '\n"),
         r"unit 'opening': title\.en: must be non-empty text"),
    Case("units-empty-list", "units.yml", write_bytes(b"units: []\n"), r"units\.yml:1: expected a mapping with a non-empty list 'units'", raw=True),
    Case("units-yaml11-yes", "units.yml", replace("      en: Closing words\n", "      en: Yes\n"),
         r"units\.yml:\d+: 'Yes' is a YAML 1\.1 boolean"),
    # --- notes.yml ----------------------------------------------------------------------------------
    Case("notes-unknown-txet", "notes.yml", replace(NOTE_HEAD, NOTE_HEAD.replace("    text:", "    txet:")),
         r"notes\.yml:\d+: note 'redacted-name': unknown field 'txet'"),
    Case("notes-payload-anchor", "notes.yml", replace("      zh: XX同志\n", f"      zh: '{PAYLOAD}'\n"),
         r"notes\.yml:\d+: note 'redacted-name': anchor\.zh '<img.*' does not occur in the body of ¶2"),
    Case("notes-anchor-en", "notes.yml", replace("      en: Comrade XX\n", "      en: Comrade YY\n"),
         r"note 'redacted-name': anchor\.en 'Comrade YY' does not occur in the translation of ¶2"),
    Case("notes-paragraph-too-big", "notes.yml", replace("    paragraph: 2\n", "    paragraph: 99\n"),
         r"notes\.yml:\d+: note 'redacted-name': paragraph: no ¶99 in the speech"),
    Case("notes-paragraph-negative", "notes.yml", replace("    paragraph: 2\n", "    paragraph: -1\n"),
         r"note 'redacted-name': paragraph: input should be greater than or equal to 0, got -1"),
    Case("notes-duplicate-id", "notes.yml", replace("  - id: slip-zai-zhichu\n", "  - id: redacted-name\n"),
         r"note 'redacted-name': duplicate id"),
    Case("notes-duplicate-key", "notes.yml", replace(NOTE_HEAD, NOTE_HEAD.replace("    paragraph: 2\n", "    paragraph: 2\n    paragraph: 3\n")),
         r"notes\.yml:\d+: duplicate key 'paragraph'"),
    Case("notes-payload-id", "notes.yml", replace("  - id: redacted-name\n", f"  - id: '{PAYLOAD}'\n"),
         r"id: must be a lowercase ASCII slug"),
    # --- questions.yml ------------------------------------------------------------------------------
    Case("questions-unknown-unit", "questions.yml", replace(QUESTIONS_HEAD, QUESTIONS_HEAD.replace("opening", "part-9")),
         r"questions\.yml:\d+: unit 'part-9': unit: must be one of opening, part-1"),
    Case("questions-payload-unit", "questions.yml", replace(QUESTIONS_HEAD, QUESTIONS_HEAD.replace("opening", f"'{PAYLOAD}'")),
         r"unit: must be a lowercase ASCII slug"),
    Case("questions-payload-ref", "questions.yml", replace(FIRST_QUESTION_REFS, f"        refs: ['{PAYLOAD}']\n"),
         r"questions\.yml:\d+: unit 'opening': comprehension\[0\]\.refs\[0\]: must be a piece id"),
    Case("questions-unknown-ref", "questions.yml", replace(FIRST_QUESTION_REFS, "        refs: [p99]\n"),
         r"unit 'opening': comprehension\[0\]: refs: no paragraph 'p99' in the speech"),
    Case("questions-reflection-list", "questions.yml", replace("    reflection:\n      zh: 读完开篇", "    reflection:\n    - zh: 读完开篇"),
         r"unit 'opening': reflection: expected a mapping with zh, en, refs"),
    # --- renderings.yml -------------------------------------------------------------------------
    Case("renderings-unknown-field", "renderings.yml", replace("  - zh: 干部\n", "  - zh: 干部\n    note: x\n"),
         r"renderings\.yml:\d+: rendering '干部': unknown field 'note'"),
    Case("renderings-duplicate-word", "renderings.yml", append("  - zh: 干部\n    en: cadre\n"),
         r"renderings\.yml:\d+: rendering '干部': duplicate zh \(first at line \d+\)"),
    Case("renderings-not-in-the-speech", "renderings.yml", append("  - zh: 店小三\n    en: shop assistant\n"),
         r"renderings\.yml:\d+: rendering '店小三': never occurs in any speech"),
    Case("renderings-a-glossary-term", "renderings.yml", append("  - zh: 四个意识\n    en: four kinds of awareness\n"),
         r"renderings\.yml:\d+: rendering '四个意识': is a term of glossary entry 'si-ge-yi-shi'"),
    Case("renderings-empty-variant", "renderings.yml", replace("    variants: [officials,", "    variants: ['', officials,"),
         r"renderings\.yml:\d+: rendering '干部': variants\[0\]: must be non-empty text"),
    Case("questions-unknown-field", "questions.yml", replace(FIRST_QUESTION_REFS, FIRST_QUESTION_REFS + "        note: x\n"),
         r"unit 'opening': comprehension\[0\]: unknown field 'note' \(expected zh, en, refs, audience\)"),
    Case("questions-duplicate-unit", "questions.yml", replace("  - unit: part-1\n", "  - unit: opening\n"),
         r"unit 'opening': duplicate unit \(first at line \d+\)"),
    Case("questions-trailing-space", "questions.yml", replace("  - unit: part-1\n", "  - unit: part-1 \n"),
         r"questions\.yml:\d+: trailing whitespace"),
    Case("questions-yaml11-off", "questions.yml", replace(FIRST_QUESTION_REFS, "        refs: [off]\n"),
         r"questions\.yml:\d+: 'off' is a YAML 1\.1 boolean"),
    # --- speech.en.yml ------------------------------------------------------------------------------
    Case("translation-duplicate-key", "speech.en.yml", append('p5-1: "First, a second translation."\n'),
         r"speech\.en\.yml:\d+: duplicate key 'p5-1': also at line \d+"),
    Case("translation-missing-piece", "speech.en.yml", replace('p3: "I. Emphasize', 'p3x: "I. Emphasize'),
         r"speech\.en\.yml:\d+: p3: missing translation of: 一、突出政治性"),
    Case("translation-payload-key", "speech.en.yml", append(f"'{PAYLOAD}': text\n"),
         r"speech\.en\.yml:\d+: <img.*: no such piece in the speech"),
    Case("translation-number", "speech.en.yml", replace('p1: "Comrades,"', "p1: 1"),
         r"speech\.en\.yml:\d+: p1: input should be a valid string, got 1"),
    Case("translation-swap-points", "speech.en.yml",
         lambda text: text.replace("p5-1: >-", "p5-x: >-").replace("p5-2: >-", "p5-1: >-").replace("p5-x: >-", "p5-2: >-"),
         r"speech\.en\.yml:\d+: p5-1: the Chinese is numbered First \(point 1\), the English starts 'Second"),
    Case("translation-swap-parts", "speech.en.yml", swap_lines("p3", "p8"),
         r"speech\.en\.yml:\d+: p3: the Chinese is numbered I\. \(part 一\), the English starts 'II\."),
    Case("translation-termbase", "speech.en.yml", replace("“Four Consciousnesses” (四个意识)", "“awareness”"),
         r"speech\.en\.yml:\d+: p5-0: the Chinese has the glossary term 四个意识 \(si-ge-yi-shi\)"),
    Case("translation-digit", "speech.en.yml", replace("Speech at the 2020 City-wide", "Speech at the 2021 City-wide"),
         r"p0: the Chinese has the number 2020, the English does not"),
    Case("translation-a-list", "speech.en.yml", write_bytes(b"- First piece\n- Second piece\n"),
         r"speech\.en\.yml:1: expected a mapping of piece id \(p0, p5-1 …\) to English text, got \['First piece'", raw=True),
    Case("translation-empty-value", "speech.en.yml", replace('p1: "Comrades,"', "p1:"),
         r"speech\.en\.yml:\d+: p1: input should be a valid string, got None"),
    # --- speech.zh.txt ------------------------------------------------------------------------------
    Case("text-one-character", "speech.zh.txt", replace("我完全赞同", "我完全赞成"),
         rf"speech\.zh\.txt: the reference text has changed .* with: {re.escape(ACCEPT_COMMAND)}"),
    Case("text-paragraph-deleted", "speech.zh.txt", lambda text: "\n".join(text.split("\n")[:-2]) + "\n",
         r"speech\.zh\.txt: the reference text has changed"),
    Case("text-paragraph-added", "speech.zh.txt", append("谢谢大家！\n"), r"speech\.zh\.txt: the reference text has changed"),
    Case("text-lock-missing", "speech.zh.txt.sha256", remove, r"speech\.zh\.txt: no pinned SHA-256", raw=True),
    Case("text-missing", "speech.zh.txt", remove, r"speech\.zh\.txt: file not found", raw=True),
    # --- indexes.yml (the speech's rules for its indexes) ----------------------------------------------
    Case("indexes-duplicate-key", "indexes.yml", replace("    numbered: false\n", "    numbered: false\n    numbered: true\n"),
         r"indexes\.yml:\d+: duplicate key 'numbered'"),
    Case("indexes-yaml11-no", "indexes.yml", replace("    numbered: false\n", "    numbered: no\n"),
         r"indexes\.yml:\d+: 'no' is a YAML 1\.1 boolean"),
    Case("indexes-unknown-field", "indexes.yml", replace("    numbered: false\n", "    numbred: false\n"),
         r"indexes\.yml:\d+: phrases\[\d+\]: unknown field 'numbred' \(expected zh, kind, numbered, enumerates, en\)"),
    Case("indexes-bad-kind", "indexes.yml", replace("    kind: metaphor\n", "    kind: metafor\n"),
         r"indexes\.yml:\d+: phrases\[\d+\]\.kind: input should be 'formula'"),
    Case("indexes-payload-kind", "indexes.yml", replace("    kind: metaphor\n", f"    kind: '{PAYLOAD}'\n"),
         r"indexes\.yml:\d+: phrases\[\d+\]\.kind: input should be"),
    Case("indexes-enumerates-not-bool", "indexes.yml", replace("    enumerates: false  # twenty", "    enumerates: 'false'  # twenty"),
         r"indexes\.yml:\d+: formulas\[0\]\.enumerates: input should be a valid boolean"),
    # A directive's clause is keyed by its Chinese text: an edited key is an orphan, and its directive has no clause.
    Case("indexes-orphan-clause", "indexes.yml", replace("    - zh: 大家要经常对标\n", "    - zh: 大家要经常对表\n"),
         r"directives p9 '大家要经常对表': no directive of ¶9 reads so .*\n.*directives p9 '大家要经常对标': has no English clause"),
    Case("indexes-directive-unknown-field", "indexes.yml", replace("      quoted: true", "      quote: true"),
         r"indexes\.yml:\d+: directives\.p11-0\[0\]: unknown field 'quote' \(expected zh, en, quoted\)"),
    # --- library.yml (the speeches and their order) -----------------------------------------------
    Case("library-unknown-speech", "library.yml", replace("  - zuzhi-2020\n", "  - zuzhi-2020\n  - dangshi-2021\n"),
         r"data/library\.yml:\d+: speeches\[1\]: no folder data/speeches/dangshi-2021/ for speech 'dangshi-2021'"),
    Case("library-root-not-listed", "library.yml", replace("root: zuzhi-2020\n", "root: zuzhi-2021\n"),
         r"data/library\.yml:\d+: root: 'zuzhi-2021' is not one of the speeches listed"),
    Case("library-listed-twice", "library.yml", replace("  - zuzhi-2020\n", "  - zuzhi-2020\n  - zuzhi-2020\n"),
         r"data/library\.yml:\d+: speeches\[1\]: 'zuzhi-2020' is listed twice"),
    Case("library-bad-slug", "library.yml", replace("  - zuzhi-2020\n", "  - Zuzhi 2020\n"),
         r"data/library\.yml:\d+: speeches\[0\]: must be a lowercase ASCII slug"),
    # --- meta.yml (what the library says about a speech) ------------------------------------------
    Case("meta-missing-title", "meta.yml", lambda text: re.sub(r"title:\n  zh: .*\n  en: .*\n", "", text),
         r"meta\.yml:\d+: title: required field is missing"),
    Case("meta-no-english-title", "meta.yml", lambda text: re.sub(r"(title:\n  zh: .*\n)  en: .*\n", r"\1", text),
         r"meta\.yml:\d+: title: en: needed, the speech has a translation"),
    Case("meta-unknown-field", "meta.yml", append("speakr: XX\n"), r"meta\.yml:\d+: unknown field 'speakr'"),
    # --- edits that are fine: the data loads ------------------------------------------------------
    Case("ok-quoted-no", "glossary.yml", replace("    aliases: []\n    en: Two Upholds\n", "    aliases: []\n    en: 'Two Upholds'\n"), None),
    Case("ok-quoted-title", "units.yml", replace("      zh: 结束语\n      en: Closing words\n", '      zh: "结束语"\n      en: "Closing words"\n'), None),
    Case("ok-comment", "notes.yml", append("# a comment at the end\n"), None),
    Case("ok-text-accepted", "speech.zh.txt", replace("我完全赞同", "我完全赞成"), None),
]


def load_as_a_build_does(root: Path) -> tuple:
    """The data of one build, loaded by the calls the hooks make (hooks/build_data.py)."""
    config = SimpleNamespace(config_file_path=str(root / "mkdocs.yml"))
    corpus = build_data.corpus(config, SEED_SLUG)
    loaded = (corpus.meta, corpus.units, corpus.notes, corpus.translation, build_data.glossary(config),
              build_data.questions(config, SEED_SLUG), build_data.renderings(config), list(build_data.library(config).speeches))
    build_data.indexes(config, SEED_SLUG)
    return corpus.speech, loaded


def copy_with_edit(case: Case, root: Path) -> None:
    shutil.copytree(ROOT / "data", root / "data")
    path = root / data_file(case.file)
    if case.raw:
        case.edit(path)
    else:
        path.write_bytes(case.edit(path.read_text("utf-8")).encode("utf-8"))
    if case.id == "ok-text-accepted":
        accept(path)  # what `scripts/dev accept-text` does


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_data_fails_with_a_message_naming_the_file_and_the_line_or_entry(case, tmp_path, monkeypatch):
    copy_with_edit(case, tmp_path)
    monkeypatch.chdir(tmp_path)  # messages name files as an editor in the project sees them: data/…
    if case.expected is None:
        # Built correctly: the same data as the project's, but for the accepted change of the text.
        speech, loaded = load_as_a_build_does(tmp_path)
        real_speech, real = load_as_a_build_does(ROOT)
        assert loaded == real
        changed = [p.number for p, q in zip(speech.paragraphs, real_speech.paragraphs, strict=True) if p != q]
        assert changed == ([2] if case.id == "ok-text-accepted" else [])
        return
    with pytest.raises(PluginError) as raised:
        load_as_a_build_does(tmp_path)
    message = str(raised.value)
    assert data_file(case.file.removesuffix('.sha256')) in message
    assert re.search(case.expected, message), message


def test_the_table_covers_every_data_file_and_many_mistakes():
    files = {case.file.removesuffix(".sha256") for case in CASES}
    data_files = [*(ROOT / "data").iterdir(), *(ROOT / data_file("units.yml")).parent.iterdir()]
    assert files == {path.name for path in data_files if path.is_file() and not path.name.endswith(".sha256")}
    assert sum(case.expected is not None for case in CASES) >= 60


# --- the command line -------------------------------------------------------------------------------

CLI_CASES = [
    CASES[[case.id for case in CASES].index(name)]
    for name in ("glossary-duplicate-key", "text-one-character", "units-yaml11-yes")
]


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory) -> dict[str, tuple[int, str]]:
    """`mkdocs build --strict` on a copy of the project per case, all started at once (each mostly waits on imports)."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    running = {}
    for case in CLI_CASES:
        root = tmp_path_factory.mktemp(case.id)
        for name in ("docs", "hooks", "overrides"):
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        copy_with_edit(case, root)
        running[case.id] = subprocess.Popen(
            [str(mkdocs), "build", "--strict", "--site-dir", str(root / "site")],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "STUDY_PDF": "0"},
        )
    return {case_id: (process.wait(timeout=300), process.stdout.read()) for case_id, process in running.items()}


@pytest.mark.parametrize("case", CLI_CASES, ids=[case.id for case in CLI_CASES])
def test_the_command_line_build_fails_with_the_message_and_no_traceback(case, cli_results):
    returncode, output = cli_results[case.id]
    assert returncode == 1, output
    assert "Traceback" not in output
    assert re.search(case.expected, output), output
    assert "Aborted with a BuildError" in output
