"""Reading the project's data files strictly: one loader for every file of data/.

Every data file goes through `read_text` (the bytes: missing, not UTF-8, a BOM, tabs, trailing
spaces) and `load_yaml` (the YAML: syntax, duplicate keys, YAML 1.1 booleans), then its entries
are validated by pydantic models (`load_entries`, `validate`): unknown keys, missing fields,
wrong types and constrained values (ids, enums, patterns). The cores keep only the checks that
need more than one file (a term occurs in the speech, units cover the speech …).

Why these libraries: PyYAML's C loader (libyaml, already a dependency) parses glossary.yml in
about 5 ms; a constructor of our own on it refuses duplicate keys and YAML 1.1 booleans and keeps
the line of every key and item, which libyaml knows but PyYAML drops (ruamel.yaml keeps lines
too, at about 120 ms). pydantic v2 models (`extra="forbid"`, strict types) replace the
hand-written `require_str`/`require_bilingual` checks: a model is the documentation of a file's
shape, and pydantic reports every problem of an entry at once, with its location.

Every problem is collected, not raised one at a time, so an editor sees every mistake of a file
in one build, each as `data/glossary.yml:118: entry 'si-ge-yi-shi': short.zh: ...`. Nothing here
imports MkDocs; the hooks turn a `DataError` into MkDocs' `PluginError`.
"""

from __future__ import annotations

import codecs
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, RootModel, StringConstraints, TypeAdapter, ValidationError

M = TypeVar("M")

# How many lines with the same text problem (tabs, trailing spaces) are listed before "… N more".
MAX_LINES_LISTED = 10


class DataError(Exception):
    """One or more problems in one data file, reported together."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{display_path(path)}: {len(self.problems)} problem(s)\n{lines}")


def display_path(path: Path | str) -> str:
    """A path as an editor types it: relative to the working directory (the project) when inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


@dataclass
class Problems:
    """Collects the problems of one data file; `raise_if_any` reports them all at once."""

    path: Path | str
    items: list[str] = field(default_factory=list)

    def add(self, where: str, message: str, line: int | None = None) -> None:
        text = f"{where}: {message}" if where else message
        self.items.append(f"{display_path(self.path)}:{line}: {text}" if line else text)

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.path, self.items)


# --- the bytes ------------------------------------------------------------------------------


def read_text(path: Path, problems: Problems | None = None) -> str:
    """The text of a data file. Missing, unreadable, not UTF-8 or with a BOM: a DataError at once.

    Tabs and trailing whitespace are added to `problems` (raised at once when none is given): they
    are invisible in an editor, and YAML gives tabs a meaning of their own.
    """
    name = display_path(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(path, [f"{name}: file not found (expected a UTF-8 text file here)"]) from None
    except OSError as error:
        raise DataError(path, [f"{name}: cannot be read ({error.strerror}); expected a UTF-8 text file"]) from None
    if raw.startswith(codecs.BOM_UTF8):
        raise DataError(path, [f"{name}:1: starts with a UTF-8 byte-order mark (BOM): save it as UTF-8 without BOM"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataError(
            path, [f"{name}:{line}: not UTF-8 (byte 0x{raw[error.start]:02x} at column {column}): save the file as UTF-8"]
        ) from None
    own = problems is None
    problems = problems if problems is not None else Problems(path)
    for kind, lines in _whitespace_lines(text):
        for number in lines[:MAX_LINES_LISTED]:
            problems.add("", kind, line=number)
        if len(lines) > MAX_LINES_LISTED:
            problems.add("", f"{kind}: {len(lines) - MAX_LINES_LISTED} more line(s) like this", line=lines[MAX_LINES_LISTED])
    if own:
        problems.raise_if_any()
    return text


def _whitespace_lines(text: str) -> Iterator[tuple[str, list[int]]]:
    lines = text.split("\n")
    tabs = [n for n, line in enumerate(lines, 1) if "\t" in line]
    trailing = [n for n, line in enumerate(lines, 1) if line != line.rstrip(" \t\r")]
    if tabs:
        yield "a tab character: indent and separate with spaces", tabs
    if trailing:
        yield "trailing whitespace (spaces, tabs or a CR line ending) at the end of the line: remove it", trailing


# --- the YAML -------------------------------------------------------------------------------


class LineDict(dict):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 1
    key_lines: dict


class LineList(list):
    """A YAML sequence that remembers its own line and the line of each item (1-based)."""

    line: int = 1
    item_lines: list


YAML_BOOLEANS = ("true", "false")

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML was built with it


class StrictLoader(_BaseLoader):
    """The safe loader, with duplicate keys and YAML 1.1 booleans recorded as problems and line numbers kept."""

    def __init__(self, stream):
        super().__init__(stream)
        self.found: list[tuple[int, str]] = []


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode):
    mapping = LineDict()
    mapping.line, mapping.key_lines = node.start_mark.line + 1, {}
    yield mapping
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.found.append((line, f"a key must be plain text, got {key!r}"))
            continue
        if key in mapping:
            loader.found.append((line, f"duplicate key {key!r}: also at line {mapping.key_lines[key]} (PyYAML would keep only the last)"))
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line


def _construct_sequence(loader: StrictLoader, node: yaml.SequenceNode):
    sequence = LineList()
    sequence.line, sequence.item_lines = node.start_mark.line + 1, []
    yield sequence
    for item in node.value:
        sequence.append(loader.construct_object(item, deep=True))
        sequence.item_lines.append(item.start_mark.line + 1)


def _construct_bool(loader: StrictLoader, node: yaml.ScalarNode):
    # YAML 1.1 reads yes/no/on/off (and True, FALSE …) as booleans: `en: no` would silently become False.
    if node.value in YAML_BOOLEANS:
        return node.value == "true"
    loader.found.append(
        (node.start_mark.line + 1, f"{node.value!r} is a YAML 1.1 boolean: write true or false, or quote it as text")
    )
    return node.value


StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
StrictLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


def parse_yaml(path: Path, problems: Problems) -> Any:
    """The YAML of a data file, with the text and YAML problems added to `problems`.

    A file that cannot be parsed at all raises a DataError at once, naming the line.
    """
    text = read_text(path, problems)
    loader = StrictLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        column = f" at column {mark.column + 1}" if mark else ""
        problems.add("", f"malformed YAML{column}: {problem}", line=mark.line + 1 if mark else 1)
        problems.raise_if_any()
    finally:
        loader.dispose()
    for line, message in loader.found:
        problems.add("", message, line=line)
    return data


def load_yaml(path: Path) -> Any:
    """The data of a YAML file, read strictly; any problem of the text or the YAML is a DataError."""
    problems = Problems(path)
    data = parse_yaml(path, problems)
    problems.raise_if_any()
    return data


def line_of(data: Any, loc: tuple) -> int:
    """The line of the deepest part of `loc` (keys and indexes) that exists in `data`."""
    line = getattr(data, "line", 1)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and not isinstance(part, int) and part in node:
            line, node = node.key_lines[part], node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.item_lines[part], node[part]
        else:
            break
    return line


# --- the models -----------------------------------------------------------------------------


class StrictModel(BaseModel):
    """A data file's entry: unknown keys are errors, and no value is coerced ('5' is not 5, 1 is not '1')."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# Plain text: surrounding whitespace dropped, never empty.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An id that becomes part of a URL or an HTML id: lowercase ASCII words joined by hyphens.
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
PIECE_ID_PATTERN = r"^p\d+(?:-\d+)?$"
# A citable piece of the speech: p5, p5-0, p5-1 … (hooks/speech.py).
PieceId = Annotated[str, StringConstraints(pattern=PIECE_ID_PATTERN)]

PATTERN_HELP = {
    SLUG_PATTERN: "must be a lowercase ASCII slug such as 'si-ge-yi-shi'",
    PIECE_ID_PATTERN: "must be a piece id such as p5, p5-0 or p5-1",
}


class Bilingual(StrictModel):
    zh: Text
    en: Text

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


class ChineseFirst(StrictModel):
    """Text in Chinese, and in English where the speech has English (a translation)."""

    zh: Text
    en: Text | None = None

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh} | ({"en": self.en} if self.en else {})


@cache
def _adapter(model: Any) -> TypeAdapter:
    return TypeAdapter(model)


def _loc_text(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fields_at(model: Any, loc: tuple) -> list[str]:
    """The field names of the model found at `loc` inside `model`, to say what an unknown key should be."""
    for part in loc:
        model = _inner_model(model, part)
        if model is None:
            return []
    if isinstance(model, type) and issubclass(model, RootModel):
        return []
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _inner_model(annotation: Any, part: Any) -> Any:
    while True:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next((a for a in args if a is not type(None)), None)
        else:
            break
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(part, str):
        info = annotation.model_fields.get(part)
        return info.annotation if info else None
    if origin in (list, tuple) and isinstance(part, int):
        return args[0] if args else None
    if origin is dict and isinstance(part, str):
        return args[1]
    return None


def error_message(error: dict, model: Any) -> str:
    """One pydantic error in an editor's words: where in the entry, what was expected, what was found."""
    kind, loc = error["type"], tuple(error["loc"])
    where = _loc_text(loc)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        expected = f" (expected {', '.join(allowed)})" if allowed else ""
        inside = _loc_text(loc[:-1])
        return f"{inside + ': ' if inside else ''}unknown field {loc[-1]!r}{expected}"
    if kind == "missing":
        return f"{where}: required field is missing"
    if kind == "string_pattern_mismatch":
        help_text = PATTERN_HELP.get(error.get("ctx", {}).get("pattern"), error["msg"].lower())
        return f"{where}: {help_text}, got {_short_repr(error['input'])}"
    if kind == "string_too_short":
        return f"{where}: must be non-empty text"
    if kind in ("too_short", "too_long"):
        context = error.get("ctx", {})
        bound = f"at least {context.get('min_length')}" if kind == "too_short" else f"at most {context.get('max_length')}"
        return f"{where}: has {context.get('actual_length')} item(s), expected {bound}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        fields = _fields_at(model, loc)
        # A RootModel says what the whole file is in its title (`mapping of piece id to English text`).
        title = getattr(model, "model_config", {}).get("title") if not loc else None
        expected = title or (f"a mapping with {', '.join(fields)}" if fields else "a mapping")
        return f"{where + ': ' if where else ''}expected {expected}, got {_short_repr(error['input'])}"
    if kind == "value_error":  # a model's own check (its message says what is wrong)
        message = error["msg"].removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    message = error["msg"]
    return f"{where}: {message[0].lower()}{message[1:]}, got {_short_repr(error['input'])}" if where else message


def validate(model: type[M] | Any, value: Any, data: Any, loc: tuple, where: str, problems: Problems) -> M | None:
    """`value` (found at `loc` in the file's `data`) as a `model`, or None after recording every problem with its line."""
    try:
        return _adapter(model).validate_python(value, strict=True)
    except ValidationError as invalid:
        for error in invalid.errors(include_url=False):
            problems.add(where, error_message(error, model), line=line_of(data, (*loc, *error["loc"])))
        return None


def load_model(path: Path, model: type[M]) -> tuple[M | None, Any, Problems]:
    """A whole file validated as `model`: (the model or None, the data with its lines, the problems so far).

    For files that are not one list of entries (speech.en.yml, slogans.yml); the caller adds its
    cross-checks to the problems, with `line_of(data, loc)`, and raises them all at once.
    """
    problems = Problems(path)
    data = parse_yaml(path, problems)
    return validate(model, data, data, (), "", problems), data, problems


@dataclass
class Entries:
    """The valid entries of a file's list, each with its index and line; `problems` has the rest."""

    path: Path
    data: Any
    problems: Problems
    items: list[tuple[int, int, Any]]  # (index in the list, line, validated model)

    def line(self, *loc) -> int:
        return line_of(self.data, loc)


def load_entries(path: Path, key: str, model: type[M], noun: str, *, id_field: str = "id", non_empty: bool = True,
                 also: tuple[str, ...] = ()) -> Entries:
    """A file that is a mapping `{key: [entry, …]}`: each entry validated as `model` on its own.

    Entries are named `noun 'id'` in messages (`entry 'si-ge-yi-shi'`), and their ids must be
    unique. Top-level keys other than `key` are errors, but for those in `also` (read elsewhere).
    The problems are collected in `Entries.problems` for the caller's cross-checks and
    its `raise_if_any`; `Entries.items` has the valid entries.
    """
    problems = Problems(path)
    data = parse_yaml(path, problems)
    if not isinstance(data, dict) or not isinstance(data.get(key), list) or (non_empty and not data[key]):
        what = f"a mapping with a {'non-empty ' if non_empty else ''}list '{key}'"
        problems.add("", f"expected {what}, got {_short_repr(data) if not isinstance(data, dict) else 'no such list'}",
                     line=line_of(data, (key,)))
        problems.raise_if_any()
    for extra in [k for k in data if k != key and k not in also]:
        problems.add("", f"unknown top-level key {extra!r} (expected only '{key}')", line=line_of(data, (extra,)))
    raw_entries = data[key]

    def label(index: int) -> str:
        raw = raw_entries[index]
        value = raw.get(id_field) if isinstance(raw, dict) else None
        return f"{noun} {value!r}" if isinstance(value, str) and value.strip() else f"{noun} #{index + 1}"

    ids = [(raw[id_field], line_of(data, (key, index)))
           for index, raw in enumerate(raw_entries) if isinstance(raw, dict) and isinstance(raw.get(id_field), str)]
    for value, line, first in duplicates(ids):
        problems.add(f"{noun} {value!r}", f"duplicate {id_field} (first at line {first})", line=line)
    items = []
    for index, raw in enumerate(raw_entries):
        valid = validate(model, raw, data, (key, index), label(index), problems)
        if valid is not None:
            items.append((index, line_of(data, (key, index)), valid))
    return Entries(path, data, problems, items)


def duplicates(values: list[tuple[str, int]]) -> Iterator[tuple[str, int, int]]:
    """(value, line, first line) for every value seen before, given (value, line) pairs in file order."""
    first: dict[str, int] = {}
    for value, line in values:
        if value in first:
            yield value, line, first[value]
        else:
            first[value] = line
