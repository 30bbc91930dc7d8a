"""Loading and validating the project's YAML data files.

Every data file is validated as a whole: problems are collected, not raised one
at a time, so an editor sees every mistake of a file in one build. Nothing here
imports MkDocs; the hooks turn a `DataError` into MkDocs' `PluginError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class DataError(Exception):
    """One or more problems in one data file, reported together."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{self.path}: {len(self.problems)} problem(s)\n{lines}")


@dataclass
class Problems:
    """Collects the problems of one data file; `raise_if_any` reports them all at once."""

    path: Path | str
    items: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}" if where else message)

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.path, self.items)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; malformed YAML becomes a `DataError` naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, ["file not found"]) from None
    try:
        # libyaml's safe loader where PyYAML was built with it: the same result, several times faster.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(path, [f"{where}: malformed YAML ({problem})"]) from None


def load_entries(path: Path, key: str, *, non_empty: bool = True) -> tuple[Problems, list]:
    """The list under `key` of a YAML file that is a mapping, and the `Problems` of the file for
    the checks of its entries; a DataError at once if the file has no such list."""
    problems = Problems(path)
    data = load_yaml(path)
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list) or (non_empty and not entries):
        problems.add("", f"expected a mapping with a {'non-empty ' if non_empty else ''}list '{key}'")
        problems.raise_if_any()
    return problems, entries


def require_str(entry: dict, key: str, where: str, problems: Problems) -> str:
    """The non-empty string `entry[key]`, or "" after recording what was expected."""
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"field '{key}' must be a non-empty string, got {value!r}")
        return ""
    return value.strip()


def require_bilingual(entry: dict, key: str, where: str, problems: Problems) -> dict[str, str]:
    """A `{zh: ..., en: ...}` mapping of non-empty strings."""
    value = entry.get(key)
    if not isinstance(value, dict):
        problems.add(where, f"field '{key}' must be a mapping with 'zh' and 'en', got {value!r}")
        return {"zh": "", "en": ""}
    return {lang: require_str(value, lang, f"{where}.{key}", problems) for lang in ("zh", "en")}
