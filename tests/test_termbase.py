"""One termbase, one rendering: wherever a term occurs in Chinese, its English counterpart uses the
term's English headword (or a variant the entry lists), in every bilingual piece of the site.

The terms are the glossary's (found by its own matcher, hooks/glossary.py) and the words of
data/renderings.yml that need one rendering but no glossary link (干部 → official).
Matching is case-insensitive on whole words; quotation marks and a leading article are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import yaml

from conftest import ROOT, SEED
from glossary import Rendering, TermMatcher, load_glossary, load_renderings, outside_terms
from speech import load_speech, parse_speech

DATA = ROOT / "data"
# Editorial markers and HTML comments in docs pages are not prose.
COMMENT = re.compile(r"<!--.*?-->", re.S)
QUOTES = re.compile(r"[“”‘’\"«»「」『』]")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


@dataclass(frozen=True)
class BilingualPiece:
    where: str
    zh: str
    en: str


def normalized(text: str) -> str:
    return " ".join(QUOTES.sub("", text).replace("\u2019", "'").casefold().split())


def contains_form(english: str, form: str) -> bool:
    """`form` occurs in `english` as whole words (case, quotes and a leading article ignored)."""
    core = LEADING_ARTICLE.sub("", normalized(form))
    return re.search(rf"(?<![\w-]){re.escape(core)}(?![\w-])", normalized(english)) is not None


@pytest.fixture(scope="module")
def speech():
    return load_speech(SEED / "speech.zh.txt")


@pytest.fixture(scope="module")
def entries(speech):
    return load_glossary(DATA / "glossary.yml", {"zuzhi-2020": speech})


@pytest.fixture(scope="module")
def renderings(speech, entries):
    return load_renderings(DATA / "renderings.yml", {"zuzhi-2020": speech}, entries)


def bilingual_pieces(speech, entries) -> list[BilingualPiece]:
    """Every text of the site that exists in both languages, as aligned as the data allows."""
    pieces: list[BilingualPiece] = []
    translation = yaml.safe_load((SEED / "speech.en.yml").read_text(encoding="utf-8"))
    pieces += [BilingualPiece(f"speech.en.yml {p.id}", p.text, translation[p.id]) for p in speech.pieces()]
    for unit in yaml.safe_load((SEED / "units.yml").read_text(encoding="utf-8"))["units"]:
        for field in ("title", "description"):
            pieces.append(BilingualPiece(f"units.yml {unit['id']}.{field}", unit[field]["zh"], unit[field]["en"]))
    for unit in yaml.safe_load((SEED / "questions.yml").read_text(encoding="utf-8"))["units"]:
        for group in ("comprehension", "discussion"):
            for i, question in enumerate(unit[group]):
                pieces.append(BilingualPiece(f"questions.yml {unit['unit']}.{group}[{i}]", question["zh"], question["en"]))
        pieces.append(BilingualPiece(f"questions.yml {unit['unit']}.reflection", unit["reflection"]["zh"], unit["reflection"]["en"]))
    for note in yaml.safe_load((SEED / "notes.yml").read_text(encoding="utf-8"))["notes"]:
        pieces.append(BilingualPiece(f"notes.yml {note['id']}", note["text"]["zh"], note["text"]["en"]))
    for entry in entries:
        texts = [("short", entry.short), ("explanation", entry.explanation)]
        texts += [(f"usage.{slug}", note) for slug, note in entry.usage.items()]
        for field, text in texts:
            pieces.append(BilingualPiece(f"glossary.yml {entry.id}.{field}", text["zh"], text["en"]))
    # Hand-written pages are not aligned sentence by sentence: each page pair is one piece.
    # Maintainers' pages quote Chinese as Chinese (search queries, claims under review): not prose to render.
    for zh_page in sorted(p for p in (ROOT / "docs" / "zh").rglob("*.md") if "maintainers" not in p.parts):
        en_page = ROOT / "docs" / "en" / zh_page.relative_to(ROOT / "docs" / "zh")
        pieces.append(
            BilingualPiece(
                f"docs/*/{zh_page.relative_to(ROOT / 'docs' / 'zh')}",
                COMMENT.sub("", zh_page.read_text(encoding="utf-8")),
                COMMENT.sub("", en_page.read_text(encoding="utf-8")),
            )
        )
    return pieces


def missing_renderings(pieces: list[BilingualPiece], entries, renderings: list[Rendering]) -> list[str]:
    """For each piece and each term or word its Chinese contains: a complaint if its English lacks every allowed form."""
    matcher = TermMatcher(entries)
    allowed = {entry.id: (entry.en, *entry.variants) for entry in entries}
    problems = []
    for piece in pieces:
        matches = matcher.find(piece.zh)
        checks = [(entry_id, allowed[entry_id]) for entry_id in sorted({m.entry_id for m in matches})]
        words = outside_terms(piece.zh, matches)
        checks += [(r.zh, r.forms) for r in renderings if r.zh in words]
        for key, forms in checks:
            if not any(contains_form(piece.en, form) for form in forms):
                problems.append(f"{piece.where}: {key} needs one of {list(forms)}")
    return problems


def test_contains_form_matches_whole_words_ignoring_case_quotes_and_article():
    assert contains_form("The “Two Upholds” come first", "Two Upholds")
    assert contains_form("a “first item on the agenda” rule", "the first item on the agenda")
    assert contains_form("Leading officials must act", "leading officials")
    assert not contains_form("officials' duties", "official")
    assert not contains_form("an officialdom", "official")
    assert not contains_form("three tough battles", "three critical battles")


def test_missing_renderings_names_the_piece_the_term_and_the_allowed_forms():
    rendering = Rendering("干部", "official", ("officials",))
    pieces = [BilingualPiece("p1", "干部要讲政治。", "Cadres must put politics first."),
              BilingualPiece("p2", "干部", "Officials")]
    assert missing_renderings(pieces, [], [rendering]) == ["p1: 干部 needs one of ['official', 'officials']"]


def test_a_word_inside_a_glossary_term_is_checked_as_the_term(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(
        "entries:\n  - id: wen-jian-gan-bu\n    term: 文件干部\n    en: document officials\n    category: metaphor\n"
        "    short: {zh: 简释, en: short}\n    explanation: {zh: 解释, en: explanation}\n",
        encoding="utf-8",
    )
    entries = load_glossary(path, {"zuzhi-2020": parse_speech("题\n不当文件干部。\n")})
    rendering = Rendering("干部", "official", ())
    pieces = [BilingualPiece("p1", "不当“文件干部”。", "Never be a “document cadre”.")]
    assert missing_renderings(pieces, entries, [rendering]) == [
        "p1: wen-jian-gan-bu needs one of ['document officials']"
    ]


def test_renderings_list_words_of_the_speech_without_glossary_entries(speech, entries, renderings):
    text = "\n".join(p.text for p in speech.paragraphs)
    terms = {form for entry in entries for form in entry.forms}
    assert [r.zh for r in renderings if r.zh not in text] == []
    assert [r.zh for r in renderings if r.zh in terms] == []
    assert len({r.zh for r in renderings}) == len(renderings)


def test_every_term_has_one_english_rendering_everywhere(speech, entries, renderings):
    problems = missing_renderings(bilingual_pieces(speech, entries), entries, renderings)
    assert problems == [], f"{len(problems)} divergent renderings:\n" + "\n".join(problems)
