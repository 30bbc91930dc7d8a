"""A copy of the project whose library holds the seed and copies of it under other slugs.

For tests and bench/ that need a library of several speeches before `scripts/dev new` can make
one: each copy is the seed's data under a distinct slug and title, with the stub pages the
layout prescribes (LIBRARY.md), translated (every page in both languages, questions and notes
kept) or not (Chinese pages only; no translation, notes, questions or reviewed index rules).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = "zuzhi-2020"
INDEX_KINDS = ("structure", "directives", "slogans", "documents")
SIDE_BY_SIDE_BUTTON = {"zh": "中英对照阅读本单元", "en": "Read this unit side by side with the Chinese"}
# Files of the seed's folder a copy read in Chinese only leaves out: they need the translation.
TRANSLATED_ONLY = ("speech.en.yml", "notes.yml", "questions.yml", "indexes.yml")


@dataclass(frozen=True)
class Copy:
    slug: str
    title_zh: str
    title_en: str
    translated: bool = True


def copy_project(target: Path) -> Path:
    """What a build reads (fonts/ linked: nothing edits it); data/ and docs/ are copies to add to."""
    for name in ("data", "docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "fonts").symlink_to(ROOT / "fonts")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def add_copy(project: Path, copy: Copy) -> None:
    """The seed's data and stub pages under `copy.slug`, listed last in data/library.yml."""
    speeches = project / "data" / "speeches"
    folder = speeches / copy.slug
    shutil.copytree(speeches / SEED, folder)
    meta = yaml.safe_load((folder / "meta.yml").read_text(encoding="utf-8"))
    meta["title"] = {"zh": copy.title_zh, "en": copy.title_en}
    units = yaml.safe_load((folder / "units.yml").read_text(encoding="utf-8"))["units"]
    if not copy.translated:
        for name in TRANSLATED_ONLY:
            (folder / name).unlink()
        meta = {**meta, "title": {"zh": copy.title_zh}, "description": {"zh": meta["description"]["zh"]}}
        for unit in units:
            unit["title"], unit["description"] = {"zh": unit["title"]["zh"]}, {"zh": unit["description"]["zh"]}
        (folder / "units.yml").write_text(yaml.safe_dump({"units": units}, allow_unicode=True), encoding="utf-8")
    (folder / "meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    library_file = project / "data" / "library.yml"
    library = yaml.safe_load(library_file.read_text(encoding="utf-8"))
    library["speeches"].append(copy.slug)
    library_file.write_text(yaml.safe_dump(library, allow_unicode=True), encoding="utf-8")
    for lang in ("zh", "en") if copy.translated else ("zh",):
        _write_stubs(project, project / "docs" / lang / copy.slug, units, lang, copy.translated)


def _titled(project: Path, lang: str, root_page: str, body: str) -> str:
    """A stub page with the title of the seed's page of the same kind (its front matter), as `new` writes them."""
    front = (project / "docs" / lang / root_page).read_text(encoding="utf-8").split("---\n")[1]
    title = yaml.safe_load(front)["title"]
    return f"---\n{yaml.safe_dump({'title': title}, allow_unicode=True, width=1000)}---\n\n{body}"


def _write_stubs(project: Path, pages: Path, units: list[dict], lang: str, translated: bool) -> None:
    _write(pages / "index.md", _titled(project, lang, "about.md", "<!-- speech-overview -->\n\n<!-- handouts -->\n"))
    for unit in units:
        button = f"\n[{SIDE_BY_SIDE_BUTTON[lang]}](../parallel/{unit['id']}.md){{ .md-button }}\n" if translated else ""
        _write(pages / "units" / f"{unit['id']}.md", f"<!-- speech: {unit['id']} -->\n{button}\n<!-- questions: {unit['id']} -->\n")
        if translated:
            _write(pages / "parallel" / f"{unit['id']}.md", f"<!-- parallel: {unit['id']} -->\n")
        description = yaml.safe_dump({"description": unit["description"][lang]}, allow_unicode=True, width=1000)
        _write(pages / "handouts" / f"{unit['id']}.md", f"---\n{description}---\n\n<!-- handout: {unit['id']} -->\n")
    if translated:
        _write(pages / "questions.md", _titled(project, lang, "questions.md", "<!-- questions -->\n"))
    for kind in INDEX_KINDS:
        _write(pages / "indexes" / f"{kind}.md", _titled(project, lang, f"indexes/{kind}.md", f"<!-- index: {kind} -->\n"))


def synthetic_copies(count: int) -> list[Copy]:
    """`count` copies with distinct slugs and titles, every third one read in Chinese only."""
    return [Copy(f"copy-{n:02d}", f"第{n}篇讲话（副本）", f"Speech number {n} (a copy)", translated=n % 3 != 0)
            for n in range(1, count + 1)]
