"""Study questions per unit: load and validate a speech's questions.yml, render them as Markdown.

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
from typing import Annotated, Literal

from pydantic import Field

from datafiles import PieceId, Problems, Slug, StrictModel, Text, load_entries
from speech import Speech, Unit, escape_markdown, piece_label

QUESTIONS_FILE = "questions.yml"
# `<!-- questions -->`: every unit (the questions page); `<!-- questions: UNIT -->`: one unit, collapsible.
QUESTIONS_MARKER = re.compile(r"<!--\s*questions(?::\s*([\w-]+))?\s*-->")

GROUPS = ("comprehension", "discussion")
# (fewest, most) questions per group; the reflection is always exactly one prompt.
LIMITS: dict[str, tuple[int, int]] = {"comprehension": (2, 5), "discussion": (3, 8)}
# Who a question is for: every reader, or (labelled) leading officials or ordinary Party members.
AUDIENCES: dict[str, dict[str, str]] = {
    "all": {"zh": "全体", "en": "All readers"},
    "leading-officials": {"zh": "领导干部", "en": "Leading officials"},
    "members": {"zh": "普通党员", "en": "Party members"},
}

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
    audience: str = "all"


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


class QuestionModel(StrictModel):
    zh: Text
    en: Text
    refs: list[PieceId] = []
    audience: Literal[tuple(AUDIENCES)] = "all"  # type: ignore[valid-type]


class UnitQuestionsModel(StrictModel):
    """One unit's entry of questions.yml; the unit and the refs are checked against the other files below."""

    unit: Slug
    comprehension: Annotated[list[QuestionModel], Field(min_length=LIMITS["comprehension"][0], max_length=LIMITS["comprehension"][1])]
    discussion: Annotated[list[QuestionModel], Field(min_length=LIMITS["discussion"][0], max_length=LIMITS["discussion"][1])]
    # Exactly one prompt: a mapping, not a list.
    reflection: QuestionModel


def _question(model: QuestionModel, where: str, line: int, known: set[str], problems: Problems) -> Question:
    for ref in model.refs:
        if ref not in known:
            problems.add(where, f"refs: no paragraph {ref!r} in the speech", line=line)
    if len(set(model.refs)) != len(model.refs):
        problems.add(where, f"refs: repeated paragraph in {list(model.refs)!r}", line=line)
    return Question({"zh": model.zh, "en": model.en}, tuple(ref for ref in dict.fromkeys(model.refs) if ref in known), model.audience)


def load_questions(path: Path, speech: Speech, units: list[Unit]) -> dict[str, UnitQuestions]:
    """Questions by unit id, in the order of `units`; every problem of the file in one `DataError`."""
    entries = load_entries(path, "units", UnitQuestionsModel, "unit", id_field="unit")
    problems = entries.problems
    unit_ids = [unit.id for unit in units]
    known = {piece.id for piece in speech.pieces()}
    found: dict[str, UnitQuestions] = {}
    for index, _, model in entries.items:
        where = f"unit {model.unit!r}"
        if model.unit not in unit_ids:
            problems.add(where, f"unit: must be one of {', '.join(unit_ids)} (its units.yml)", line=entries.line("units", index, "unit"))
            continue
        if model.unit in found:
            continue  # a duplicate, reported by load_entries

        def question(group: str, number: int | None, item: QuestionModel) -> Question:
            loc = ("units", index, group) + (() if number is None else (number,))
            label = f"{group}[{number}]" if number is not None else group
            return _question(item, f"{where}: {label}", entries.line(*loc), known, problems)

        found[model.unit] = UnitQuestions(
            model.unit,
            tuple(question("comprehension", i, q) for i, q in enumerate(model.comprehension)),
            tuple(question("discussion", i, q) for i, q in enumerate(model.discussion)),
            question("reflection", None, model.reflection),
        )
    if len(entries.items) == len(entries.data["units"]):
        for unit_id in unit_ids:
            if unit_id not in found:
                problems.add(f"unit {unit_id!r}", "no questions (every unit of units.yml needs an entry)", line=entries.line("units"))
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


def _audience_label(question: Question, lang: str) -> str:
    """A label before a question meant for part of the group; none for questions for everyone."""
    if question.audience == "all":
        return ""
    label = AUDIENCES[question.audience][lang]
    return f'<span class="question-audience">[{label}]</span> ' if lang == "en" else f'<span class="question-audience">【{label}】</span>'


def render_questions(questions: UnitQuestions, lang: str, link_to_piece: LinkToPiece | None = None) -> str:
    """Markdown of one unit's questions: a labelled, numbered list per group, then the reflection prompt."""
    labels = LABELS[lang]
    blocks: list[str] = []
    for group, items in questions.groups():
        blocks.append(f"**{labels[group]}**\n{{: .questions-group }}")
        texts = [f"{_audience_label(q, lang)}{escape_markdown(q.text[lang])}{_refs(q, lang, link_to_piece)}" for q in items]
        if group == "reflection":
            blocks.append(texts[0] + "\n{: .questions-reflection }")
        else:
            blocks.append("\n".join(f"{number}. {text}" for number, text in enumerate(texts, 1)))
    return "\n\n".join(blocks) + "\n"


def render_collapsible(questions: UnitQuestions, lang: str, link_to_piece: LinkToPiece | None = None) -> str:
    """The questions as a collapsed block (pymdownx.details) for the end of a unit page."""
    body = textwrap.indent(render_questions(questions, lang, link_to_piece), "    ")
    return f'??? question "{LABELS[lang]["title"]}"\n\n{body}'
