"""Study questions per unit: load and validate data/questions.yml, render them as Markdown.

Pure and typed (no MkDocs imports). Per unit: a few comprehension questions (what does the
text say), several discussion questions (what does it mean for our work), one reflection
prompt. Each question may name the paragraphs it is about (`refs`, piece ids); they are
rendered as ¶ links through a `link_to_piece(piece_id)` callback, so the caller decides
where the paragraphs live.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from datafiles import Problems, load_entries, require_str
from speech import Speech, Unit, escape_markdown, piece_label

QUESTIONS_FILE = "questions.yml"
# `<!-- questions -->`: every unit (the questions page); `<!-- questions: UNIT -->`: one unit, collapsible.
QUESTIONS_MARKER = re.compile(r"<!--\s*questions(?::\s*([\w-]+))?\s*-->")

GROUPS = ("comprehension", "discussion")
# (fewest, most) questions per group; the reflection is always exactly one prompt.
LIMITS: dict[str, tuple[int, int]] = {"comprehension": (2, 5), "discussion": (3, 8)}
ENTRY_KEYS = {"unit", "comprehension", "discussion", "reflection"}
QUESTION_KEYS = {"zh", "en", "refs"}

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "思考题",
        "comprehension": "理解原文",
        "discussion": "讨论与运用",
        "reflection": "个人思考",
    },
    "en": {
        "title": "Study questions",
        "comprehension": "Understanding the text",
        "discussion": "Discussion and application",
        "reflection": "Personal reflection",
    },
}

LinkToPiece = Callable[[str], str]


@dataclass(frozen=True)
class Question:
    text: dict[str, str]
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitQuestions:
    unit: str
    comprehension: tuple[Question, ...]
    discussion: tuple[Question, ...]
    reflection: Question

    def groups(self) -> list[tuple[str, tuple[Question, ...]]]:
        return [("comprehension", self.comprehension), ("discussion", self.discussion), ("reflection", (self.reflection,))]

    def all(self) -> list[Question]:
        return [question for _, questions in self.groups() for question in questions]


def _question(raw, where: str, known: frozenset[str], problems: Problems) -> Question | None:
    if not isinstance(raw, dict):
        problems.add(where, f"expected a mapping with zh, en and optional refs, got {raw!r}")
        return None
    for key in sorted(set(raw) - QUESTION_KEYS, key=str):
        problems.add(where, f"unknown field {key!r} (expected zh, en, refs)")
    text = {lang: require_str(raw, lang, where, problems) for lang in ("zh", "en")}
    refs = raw.get("refs", [])
    if not isinstance(refs, list) or not all(isinstance(ref, str) for ref in refs):
        problems.add(where, f"'refs' must be a list of piece ids such as p5-1, got {refs!r}")
        refs = []
    for ref in refs:
        if ref not in known:
            problems.add(where, f"refs: no paragraph {ref!r} in the speech")
    if len(set(refs)) != len(refs):
        problems.add(where, f"refs: repeated paragraph in {refs!r}")
    return Question(text, tuple(ref for ref in refs if ref in known))


def load_questions(path: Path, speech: Speech, units: list[Unit]) -> dict[str, UnitQuestions]:
    """Questions by unit id, in the order of `units`; every problem of the file in one `DataError`."""
    problems, entries = load_entries(path, "units")
    unit_ids = [unit.id for unit in units]
    known = frozenset(piece.id for piece in speech.pieces())  # once, not per question
    found: dict[str, UnitQuestions] = {}
    for index, entry in enumerate(entries):
        where = f"units[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "expected a mapping with unit, comprehension, discussion, reflection")
            continue
        unit_id = entry.get("unit")
        if not isinstance(unit_id, str) or unit_id not in unit_ids:
            problems.add(where, f"'unit' must be one of {', '.join(unit_ids)} (data/units.yml), got {unit_id!r}")
            continue
        where = f"unit '{unit_id}'"
        if unit_id in found:
            problems.add(where, "questions given twice")
            continue
        for key in sorted(set(entry) - ENTRY_KEYS, key=str):
            problems.add(where, f"unknown field {key!r} (expected {', '.join(sorted(ENTRY_KEYS))})")
        groups: dict[str, tuple[Question, ...]] = {}
        for group in GROUPS:
            raw = entry.get(group)
            fewest, most = LIMITS[group]
            if not isinstance(raw, list):
                problems.add(where, f"'{group}' must be a list of {fewest}–{most} questions, got {raw!r}")
                groups[group] = ()
                continue
            if not fewest <= len(raw) <= most:
                problems.add(where, f"'{group}' has {len(raw)} questions, expected {fewest}–{most}")
            questions = [_question(item, f"{where}.{group}[{i}]", known, problems) for i, item in enumerate(raw)]
            groups[group] = tuple(q for q in questions if q is not None)
        raw_reflection = entry.get("reflection")
        if isinstance(raw_reflection, list):
            problems.add(where, "'reflection' must be one prompt (a mapping with zh and en), not a list")
            reflection = None
        else:
            reflection = _question(raw_reflection, f"{where}.reflection", known, problems)
        found[unit_id] = UnitQuestions(unit_id, groups["comprehension"], groups["discussion"], reflection or Question({"zh": "", "en": ""}))
    for unit_id in unit_ids:
        if unit_id not in found:
            problems.add(f"unit '{unit_id}'", "no questions (every unit of data/units.yml needs an entry)")
    problems.raise_if_any()
    return {unit_id: found[unit_id] for unit_id in unit_ids}


def paragraph_sign(piece_id: str) -> str:
    """¶5.1 for a numbered piece; ¶5 for the unnumbered body that continues ¶5."""
    return "¶" + (piece_label(piece_id) or piece_id[1:].split("-")[0])


def _refs(question: Question, lang: str, link_to_piece: LinkToPiece | None) -> str:
    if not question.refs:
        return ""
    signs = [
        f"[{paragraph_sign(ref)}]({link_to_piece(ref)})" if link_to_piece else paragraph_sign(ref)
        for ref in question.refs
    ]
    return f"（{'、'.join(signs)}）" if lang == "zh" else f" ({', '.join(signs)})"


def render_questions(questions: UnitQuestions, lang: str, link_to_piece: LinkToPiece | None = None) -> str:
    """Markdown of one unit's questions: a labelled, numbered list per group, then the reflection prompt."""
    labels = LABELS[lang]
    blocks: list[str] = []
    for group, items in questions.groups():
        blocks.append(f"**{labels[group]}**\n{{: .questions-group }}")
        texts = [f"{escape_markdown(q.text[lang])}{_refs(q, lang, link_to_piece)}" for q in items]
        if group == "reflection":
            blocks.append(texts[0] + "\n{: .questions-reflection }")
        else:
            blocks.append("\n".join(f"{number}. {text}" for number, text in enumerate(texts, 1)))
    return "\n\n".join(blocks) + "\n"


def render_collapsible(questions: UnitQuestions, lang: str, link_to_piece: LinkToPiece | None = None) -> str:
    """The questions as a collapsed block (pymdownx.details) for the end of a unit page."""
    body = textwrap.indent(render_questions(questions, lang, link_to_piece), "    ")
    return f'??? question "{LABELS[lang]["title"]}"\n\n{body}'
