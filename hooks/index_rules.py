"""A speech's rules file for its indexes (data/speeches/<slug>/indexes.yml): its shape, and loading it.

The file holds what is specific to one speech and what code cannot decide: the kind and
English of quoted phrases, unquoted numbered formulas and what is none, which numbered
formulas count no list (`enumerates: false`), English titles of documents and glosses of
leading verbs, the speech's own additions to the general word lists of the directive rules
(`lexicon`), and each directive's English clause keyed by piece id and Chinese text
(`directives`, with `quoted: true` for a leader's words quoted without marks). General rules
stay in extraction.py.

The shape is checked by pydantic (unknown keys and wrong types are errors, every one listed
at once); what the entries name is then checked against the speech (`extraction.rule_problems`).
A speech without the file still gets its indexes: its numeral phrases are shown as unreviewed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from datafiles import PieceId, StrictModel, Text, load_model
from extraction import DirectiveRule, Indexes, PhraseRule, Rules, TermRef, index_speech
from speech import Speech

RULES_FILE = "indexes.yml"

class PhraseEntry(StrictModel):
    zh: Text
    kind: Literal["formula", "quotation", "metaphor", "emphasis"] | None = None
    numbered: bool | None = None  # false: opens with a numeral but is no formula at all (双向对接 "two-way")
    enumerates: bool = True  # false: a numbered formula whose number counts no list (十三五, 两手抓、两手硬)
    en: Text | None = None


class Gloss(StrictModel):
    """A formula, document title or leading verb, with its English (else the glossary's)."""

    zh: Text
    en: Text | None = None


class FormulaEntry(Gloss):
    """An unquoted numbered formula; `enumerates: false` when its number counts no list (抓两头带中间)."""

    enumerates: bool = True


class DirectiveEntry(StrictModel):
    """A directive of a piece: its Chinese text as the index shows it, its English clause, and
    `quoted: true` for a leader's words quoted without quotation marks (the code sees the marked ones)."""

    zh: Text
    en: Text | None = None
    quoted: bool = False


class LexiconAdditions(StrictModel):
    """Words this speech uses that the general lists of extraction.py lack."""

    reported: list[Text] = Field(default_factory=list)  # reporting verbs before a quotation (强调，“…”)
    not_modal: list[Text] = Field(default_factory=list)  # words in which 要 is no modal (要闻)
    adverbials: list[Text] = Field(default_factory=list)  # between the modal and its verb (全覆盖)
    coverbs: list[Text] = Field(default_factory=list)  # prepositions that open a frame (把…)

    @model_validator(mode="after")
    def _not_modal_words_hold_yao(self) -> LexiconAdditions:
        wrong = [word for word in self.not_modal if "要" not in word]
        if wrong:
            raise ValueError(f"not_modal words must contain 要: {', '.join(wrong)}")
        return self


class RulesFile(StrictModel):
    phrases: list[PhraseEntry] = Field(default_factory=list)
    formulas: list[FormulaEntry] = Field(default_factory=list)
    not_formulas: list[Text] = Field(default_factory=list)
    documents: list[Gloss] = Field(default_factory=list)
    verbs: list[Gloss] = Field(default_factory=list)
    lexicon: LexiconAdditions = Field(default_factory=LexiconAdditions)
    directives: dict[PieceId, list[DirectiveEntry]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _each_listed_once(self) -> RulesFile:
        twice = []
        for section in ("phrases", "formulas", "documents", "verbs"):
            seen: set[str] = set()
            for entry in getattr(self, section):
                if entry.zh in seen:
                    twice.append(f"{section} '{entry.zh}'")
                seen.add(entry.zh)
        for piece_id, entries in self.directives.items():
            texts: set[str] = set()
            for entry in entries:
                if entry.zh in texts:
                    twice.append(f"directives {piece_id} '{entry.zh}'")
                texts.add(entry.zh)
        seen = set()
        for text in self.not_formulas:
            if text in seen:
                twice.append(f"not_formulas '{text}'")
            seen.add(text)
        if twice:
            raise ValueError(f"listed twice: {', '.join(twice)}")
        return self

    def rules(self) -> Rules:
        return Rules(
            phrases={e.zh: PhraseRule(e.kind, e.numbered, e.en, e.enumerates) for e in self.phrases},
            formulas={e.zh: e.en for e in self.formulas},
            not_formulas=tuple(self.not_formulas),
            documents={e.zh: e.en for e in self.documents},
            verbs={e.zh: e.en for e in self.verbs},
            lexicon={kind: tuple(words) for kind, words in self.lexicon.model_dump().items() if words},
            not_enumerating=frozenset(
                [e.zh for e in self.phrases if not e.enumerates] + [e.zh for e in self.formulas if not e.enumerates]
            ),
            directives={
                (piece_id, e.zh): DirectiveRule(e.en, e.quoted) for piece_id, entries in self.directives.items() for e in entries
            },
        )


def load_rules(path: Path) -> Rules | None:
    """The reviewed rules of `path`; None when the speech has no rules file.

    Read by the project's one strict loader (datafiles.load_model): every problem in one `DataError`,
    each with its line.
    """
    if not path.exists():
        return None
    model, _, problems = load_model(path, RulesFile)
    problems.raise_if_any()
    return model.rules()


def load_indexes(path: Path, speech: Speech, terms: dict[str, TermRef], translated: bool = True) -> Indexes:
    """The speech's indexes with its rules file (if any); `translated`: English is needed."""
    return index_speech(speech, load_rules(path), terms, translated, str(path))
