"""`scripts/dev new` and `scripts/dev pages`: a speech added from its text, and the stub pages of the
library's speeches (cores: hooks/new_speech.py, hooks/library_stubs.py; build check: hooks/wiring_hook.py)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

import new_speech
from corpus import load_corpus
from datafiles import DataError, load_yaml
from library import Library, load_library, load_library_order
from library_stubs import (
    GENERATED_SIGN,
    found_stubs,
    library_stubs,
    speech_stubs,
    stub_error,
    stub_problems,
    write_stubs,
)
from new_speech import Facts, NewSpeechError, add_speech, propose_slug, proposed_units, read_speech, refresh_pages
from reference_text import check_pinned
from speech import parse_speech
from wiring import COMMENT, MARKER_SHAPE, MARKERS, find_markers

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
DANGSHI = FIXTURES / "04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.zh.txt"
GANBU = FIXTURES / "01-maweiguang-2018-ganbu-peixun-kaixue.zh.txt"
SEED = "zuzhi-2020"


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` with the SHA-256 of its bytes: to show that nothing was written."""
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    """What `new` reads and writes (data/, docs/) in a copy of the project."""
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


@pytest.fixture(scope="module")
def seed():
    return load_corpus(ROOT / "data" / "speeches" / SEED, SEED)


# --- the slug -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "date", "slug"),
    [
        ("习近平：在党史学习教育动员大会上的讲话", "2021-02-20", "dangshi-2021"),  # the speaker's name left out
        ("在2020年全市组织工作会议上的讲话", None, "zuzhi-2020"),  # the year from the title
        ("在2018年干部教育培训秋季学期开学典礼上的讲话提纲", "2018-09-03", "ganbu-2018"),
        ("在党史学习教育动员大会上的讲话", None, "dangshi"),  # no year known: none made up
    ],
)
def test_a_slug_is_proposed_from_the_first_word_of_the_subject_and_the_year(title, date, slug):
    assert propose_slug(title, date) == slug


def test_a_taken_slug_takes_the_next_word_then_a_number():
    title = "习近平：在党史学习教育动员大会上的讲话"
    assert propose_slug(title, "2021", taken={"dangshi-2021"}) == "dangshi-xuexi-2021"
    everything = {"dangshi-2021", "dangshi-xuexi-2021", "dangshi-xuexi-jiaoyu-2021", "dangshi-xuexi-jiaoyu-dongyuandahui-2021"}
    assert propose_slug(title, "2021", taken=everything) == "dangshi-xuexi-jiaoyu-dongyuandahui-2021-2"


# --- the text, the facts, the units -----------------------------------------------------------------

BAD_TEXTS = {
    "empty": (b"", "empty"),
    "only blank lines": (b"\n\n\n", "empty"),
    "a title and no body": ("在全市工作会议上的讲话\n\n".encode(), "no body"),
    "not UTF-8": ("在全市工作会议上的讲话\n\n同志们：\n".encode("gb18030"), "not UTF-8"),
    "a byte-order mark": (b"\xef\xbb\xbf" + "在全市工作会议上的讲话\n\n同志们：\n".encode(), "byte-order mark"),
    "trailing spaces": ("在全市工作会议上的讲话\n\n同志们：  \n".encode(), "trailing whitespace"),
}


@pytest.mark.parametrize("case", list(BAD_TEXTS))
def test_a_text_with_a_problem_is_refused_by_name(case, tmp_path):
    content, expected = BAD_TEXTS[case]
    path = tmp_path / "speech.zh.txt"
    path.write_bytes(content)
    with pytest.raises(DataError, match=expected) as error:
        read_speech(path)
    assert "speech.zh.txt" in str(error.value)


@pytest.mark.parametrize("case", list(BAD_TEXTS))
def test_a_text_with_a_problem_writes_nothing(case, project, tmp_path):
    path = tmp_path / "new.zh.txt"
    path.write_bytes(BAD_TEXTS[case][0])
    before = tree(project)
    with pytest.raises(DataError):
        add_speech(project, path, slug="xin-2024")
    assert tree(project) == before


def test_units_are_the_opening_one_per_part_and_no_closing_where_none_is_found():
    units = proposed_units(read_speech(DANGSHI))
    assert [(u.id, u.first, u.last) for u in units] == [("opening", 0, 1), ("part-1", 2, 15), ("part-2", 16, 35), ("part-3", 36, 43)]
    assert [u.title for u in units] == [
        "开篇：讲话题目与开场白", "一、开展党史学习教育意义重大", "二、开展党史学习教育要突出重点", "三、在全党开展党史学习教育要务求实效",
    ]
    assert units[1].description == "第一部分（第2—15段）：开展党史学习教育意义重大，分三节。"
    assert units[3].description == "第三部分（第36—43段）：在全党开展党史学习教育要务求实效。"  # its points are no sections


def test_units_end_with_the_closing_where_the_text_has_one():
    units = proposed_units(read_speech(GANBU))
    assert [(u.id, u.first, u.last) for u in units] == [
        ("opening", 0, 7), ("part-1", 8, 12), ("part-2", 13, 18), ("part-3", 19, 24), ("part-4", 25, 29), ("closing", 30, 31),
    ]
    assert units[-1].title == "结束语" and units[2].title.startswith("二、以思想大解放打开工作大格局")


def test_a_speech_without_parts_is_one_unit():
    speech = parse_speech("在全市工作会议上的讲话\n\n同志们：\n1.抓学习。要学。\n2.抓落实。要干。\n同志们，让我们努力！\n")
    (unit,) = proposed_units(speech)
    assert (unit.id, unit.first, unit.last, unit.title) == ("speech", 0, 4, "全文")
    assert unit.description == "讲话全文（第0—4段），不分部分，按原文的编号分为二节。"
    assert new_speech.describe(speech) == "讲话不分部分，按原文的编号分为二节。"


def test_a_title_without_opening_words_heads_the_first_part():
    speech = parse_speech("在全市工作会议上的讲话\n\n一、抓学习\n要学。\n二、抓落实\n要干。\n")
    units = proposed_units(speech)
    assert [(u.id, u.first, u.last, u.title) for u in units] == [("part-1", 0, 2, "一、抓学习"), ("part-2", 3, 4, "二、抓落实")]
    assert units[0].description == "第一部分（第0—2段）：抓学习。"


def test_the_description_names_the_parts_from_the_text():
    assert new_speech.describe(read_speech(DANGSHI)) == (
        "讲话分为三个部分：开展党史学习教育意义重大；开展党史学习教育要突出重点；在全党开展党史学习教育要务求实效。"
    )


def test_facts_come_from_the_meta_file_beside_the_text_and_the_options_win():
    facts_file = new_speech.meta_beside(DANGSHI)
    assert facts_file.name == "04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.meta.yml"
    facts = new_speech.read_facts(facts_file)
    assert facts == Facts("习近平：在党史学习教育动员大会上的讲话", "2021-02-20", "习近平", None)  # it names no place
    assert facts.merged(date="2021-02", place="北京", speaker=None) == Facts(facts.title, "2021-02", "习近平", "北京")


@pytest.mark.parametrize(("value", "problem"), [("2021-02-20", None), ("2021", None), ("2021-02", None),
                                                ("2021-02-30", "day is out of range"), ("20.2.2021", "expected YYYY-MM-DD")])
def test_a_date_is_as_precise_as_known_and_real(value, problem):
    found = new_speech.date_problem(value)
    assert (found is None) if problem is None else (problem in found)


def test_a_new_speech_goes_before_the_first_older_dated_one_else_at_the_end():
    dates = {"a": "2022-05-01", "b": None, "c": "2019"}
    assert new_speech.library_position(["a", "b", "c"], dates, "2021-02-20") == 2
    assert new_speech.library_position(["a", "b", "c"], dates, "2023") == 0
    assert new_speech.library_position(["a", "b", "c"], dates, "2019-06") == 3  # 2019 is not older than 2019-06
    assert new_speech.library_position(["a", "b", "c"], dates, None) == 3


def test_the_library_file_keeps_its_comments(tmp_path):
    path = tmp_path / "library.yml"
    path.write_text("# the order\nroot: a\nspeeches:\n  - a  # first\n  # between\n  - b\n# after\n", encoding="utf-8")
    assert new_speech.library_with(path, "x", 0) == "# the order\nroot: a\nspeeches:\n  - x\n  - a  # first\n  # between\n  - b\n# after\n"
    assert new_speech.library_with(path, "x", 2) == "# the order\nroot: a\nspeeches:\n  - a  # first\n  # between\n  - b\n  - x\n# after\n"
    path.write_text("root: a\nspeeches: [a]\n", encoding="utf-8")
    with pytest.raises(NewSpeechError, match="block list"):
        new_speech.library_with(path, "x", 1)


# --- new, in a copy of data/ and docs/ ----------------------------------------------------------


def test_new_writes_the_speech_its_meta_units_library_entry_and_pages(project):
    made = add_speech(project, DANGSHI)
    assert made.slug == "dangshi-2021" and made.slug_proposed
    folder = project / "data" / "speeches" / "dangshi-2021"
    assert (folder / "speech.zh.txt").read_bytes() == DANGSHI.read_bytes()
    check_pinned(folder / "speech.zh.txt")
    meta = load_yaml(folder / "meta.yml")
    assert dict(meta) == {
        "title": {"zh": "习近平：在党史学习教育动员大会上的讲话"},
        "description": {"zh": "讲话分为三个部分：开展党史学习教育意义重大；开展党史学习教育要突出重点；在全党开展党史学习教育要务求实效。"},
        "date": "2021-02-20",
        "speaker": "习近平",
    }
    order = load_library_order(project)
    assert order.root == SEED and order.speeches == [SEED, "dangshi-2021"]  # the seed has no date: the new one goes last
    library = load_library(project)
    assert [unit.id for unit in library["dangshi-2021"].units] == ["opening", "part-1", "part-2", "part-3"]
    pages = sorted(path.relative_to(project / "docs").as_posix() for path in (project / "docs").rglob("*.md")
                   if "dangshi-2021" in path.as_posix())
    assert pages == sorted(library_stubs(library, ["zh", "en"]))
    assert not (project / "docs" / "en" / "dangshi-2021").exists()  # no translation, no English pages
    report = new_speech.new_report(made, project)
    assert "dangshi-2021" in report and "speech.en.yml" in report and "questions.yml" in report
    assert "scripts/dev build" in report and "scripts/dev serve" in report
    assert refresh_pages(project, check_only=True).problems == []


def test_without_a_meta_file_only_the_options_give_facts_and_nothing_is_guessed(project, tmp_path):
    text = tmp_path / "dangshi.zh.txt"
    shutil.copy(DANGSHI, text)
    made = add_speech(project, text, speaker="习近平")
    assert made.slug == "dangshi"  # no date and no year in the title: the slug has none either
    meta = load_yaml(project / "data" / "speeches" / "dangshi" / "meta.yml")
    assert sorted(meta) == ["description", "speaker", "title"] and meta["speaker"] == "习近平"
    report = new_speech.new_report(made, project)
    assert "speaker 习近平 (from the command line); left out: date, place" in report
    assert "slug proposed from the title and the year: choose another with --slug" in report


def test_numbering_the_reader_left_as_text_is_pointed_out(project, tmp_path):
    text = tmp_path / "skip.zh.txt"
    text.write_text("在全市工作会议上的讲话\n\n一、抓学习\n要学。\n三、抓落实\n要干。\n", encoding="utf-8")
    made = add_speech(project, text, slug="skip-2024")
    assert made.outline_warnings == 1
    assert "the numbering of the text has 1 warning(s) (`scripts/dev inspect data/speeches/skip-2024/speech.zh.txt`" in (
        new_speech.new_report(made, project))


def test_a_second_new_of_the_same_slug_fails_and_writes_nothing(project):
    add_speech(project, DANGSHI, slug="dangshi-2021")
    before = tree(project)
    with pytest.raises(NewSpeechError, match="slug 'dangshi-2021' is taken: data/library.yml lists it") as error:
        add_speech(project, GANBU, slug="dangshi-2021")
    assert "choose another with --slug" in str(error.value)
    assert tree(project) == before


@pytest.mark.parametrize(("slug", "why"), [("units", "docs/zh/units exists"), ("en", "a folder en/ of its own"),
                                           ("Dang Shi", "lowercase ASCII words"), (SEED, "lists it")])
def test_a_slug_the_site_uses_is_refused(slug, why, project):
    before = tree(project)
    with pytest.raises(NewSpeechError, match=why):
        add_speech(project, DANGSHI, slug=slug)
    assert tree(project) == before


def test_a_bad_date_on_the_command_line_writes_nothing(project):
    before = tree(project)
    with pytest.raises(NewSpeechError, match="--date: date '2021-13'"):
        add_speech(project, DANGSHI, slug="dangshi-2021", date="2021-13")
    assert tree(project) == before


# --- the stub pages ---------------------------------------------------------------------------------


def markers_of(text: str) -> list[str]:
    problems: list[str] = []
    values = {"unit": ["opening", "part-1", "part-2", "part-3", "closing"], "index": ["structure", "directives", "slogans", "documents"]}
    found = find_markers([("page.md", text)], values, problems, MARKERS)
    assert problems == []
    return [f"{item.marker.word}:{item.value}" if item.value else item.marker.word for item in found]


def test_stubs_of_a_translated_speech_with_questions_have_english_side_by_side_and_questions(seed):
    pages = speech_stubs(Library("other", {"zuzhi": seed}), "zuzhi", ["zh", "en"], questions=True)
    units = [unit.id for unit in seed.units]
    for lang in ("zh", "en"):
        expected = {f"{lang}/zuzhi/index.md", f"{lang}/zuzhi/questions.md"}
        expected |= {f"{lang}/zuzhi/{kind}/{unit}.md" for kind in ("units", "parallel", "handouts") for unit in units}
        expected |= {f"{lang}/zuzhi/indexes/{kind}.md" for kind in ("structure", "directives", "slogans", "documents")}
        assert {path for path in pages if path.startswith(f"{lang}/")} == expected
    assert markers_of(pages["zh/zuzhi/units/part-1.md"]) == ["speech:part-1", "questions:part-1"]
    assert "[中英对照阅读本单元](../parallel/part-1.md){ .md-button }" in pages["zh/zuzhi/units/part-1.md"]
    assert "[Read this unit side by side with the Chinese](../parallel/part-1.md){ .md-button }" in pages["en/zuzhi/units/part-1.md"]
    assert markers_of(pages["en/zuzhi/index.md"]) == ["speech-overview", "handouts"]
    assert markers_of(pages["zh/zuzhi/questions.md"]) == ["questions"]
    assert "思考题" in pages["zh/zuzhi/handouts/part-1.md"]  # the handout description names the questions it has
    assert "title: Speech at the 2020 City-wide Conference on Organization Work" in pages["en/zuzhi/index.md"]


def test_a_unit_stub_has_the_shape_of_the_hand_written_unit_pages(seed):
    pages = speech_stubs(Library(SEED, {SEED: seed}), SEED, ["zh", "en"], questions=True)
    for lang in ("zh", "en"):
        hand_written = (ROOT / "docs" / lang / "units" / "part-1.md").read_text(encoding="utf-8")
        note, blank, rest = pages[f"{lang}/units/part-1.md"].partition("\n\n")
        assert GENERATED_SIGN in note and rest == hand_written


def test_stubs_of_an_untranslated_speech_without_questions_are_chinese_only(project):
    add_speech(project, DANGSHI, slug="dangshi-2021")
    library = load_library(project)
    pages = speech_stubs(library, "dangshi-2021", library["dangshi-2021"].languages, questions=False)
    assert {path.split("/")[0] for path in pages} == {"zh"}
    assert not any("/parallel/" in path or path.endswith("questions.md") for path in pages)
    assert markers_of(pages["zh/dangshi-2021/units/part-1.md"]) == ["speech:part-1", "questions:part-1"]
    assert ".md-button" not in pages["zh/dangshi-2021/units/part-1.md"]
    handout = pages["zh/dangshi-2021/handouts/part-1.md"]
    assert "description: 学习讲义（一、开展党史学习教育意义重大）：逐段编号的原文和笔记栏" in handout and "思考题" not in handout
    assert markers_of(pages["zh/dangshi-2021/indexes/structure.md"]) == ["index:structure"]
    assert "《习近平：在党史学习教育动员大会上的讲话》的结构" in pages["zh/dangshi-2021/indexes/structure.md"]


def test_every_stub_says_it_is_generated_in_a_comment_that_is_no_marker(seed):
    for path, text in speech_stubs(Library("other", {"zuzhi": seed}), "zuzhi", ["zh", "en"], questions=True).items():
        head = text.split("\n")[:2]
        assert any(GENERATED_SIGN in line for line in head), path
        for comment in COMMENT.finditer(text):
            if GENERATED_SIGN in comment.group(1):
                assert not MARKER_SHAPE.fullmatch(comment.group(1))


def test_missing_extra_and_stale_stubs_are_each_named():
    expected = {"zh/a/index.md": "x", "zh/a/units/one.md": "y", "zh/a/units/two.md": "z"}
    found = {"zh/a/index.md": "x", "zh/a/units/one.md": "y changed", "zh/a/units/old.md": "w"}
    assert stub_problems(expected, found) == [
        "docs/zh/a/units/old.md: extra (no unit, language or page of the speech's data needs it)",
        "docs/zh/a/units/one.md: stale (differs from what the speech's data gives)",
        "docs/zh/a/units/two.md: missing (the speech's data needs this page)",
    ]
    assert "`scripts/dev pages` rewrites them" in stub_error(["p"])
    assert stub_problems(expected, dict(expected)) == []


def test_pages_rewrites_the_stubs_removes_generated_extras_and_leaves_hand_written_ones(project):
    add_speech(project, DANGSHI, slug="dangshi-2021")
    docs = project / "docs"
    speech_pages = docs / "zh" / "dangshi-2021"
    (speech_pages / "units" / "part-2.md").unlink()
    (speech_pages / "units" / "part-1.md").write_text("edited by hand\n", encoding="utf-8")
    (speech_pages / "notes.md").write_text("an editor's own page\n", encoding="utf-8")
    removed_speech = docs / "zh" / "old-2019" / "units"
    removed_speech.mkdir(parents=True)
    (removed_speech / "opening.md").write_text(f"<!-- {GENERATED_SIGN} ... -->\n", encoding="utf-8")
    check = refresh_pages(project, check_only=True)
    assert [line.split(":")[0] for line in check.problems] == [
        "docs/zh/dangshi-2021/notes.md", "docs/zh/dangshi-2021/units/part-1.md", "docs/zh/dangshi-2021/units/part-2.md",
        "docs/zh/old-2019/units/opening.md",
    ]
    result = refresh_pages(project)
    assert result.changes.written == ["zh/dangshi-2021/units/part-1.md", "zh/dangshi-2021/units/part-2.md"]
    assert result.changes.removed == ["zh/old-2019/units/opening.md"] and not (docs / "zh" / "old-2019").exists()
    assert result.changes.foreign == ["zh/dangshi-2021/notes.md"]
    (speech_pages / "notes.md").unlink()
    assert refresh_pages(project, check_only=True).problems == []


def test_the_stubs_follow_the_data_after_a_unit_is_renamed(project):
    add_speech(project, DANGSHI, slug="dangshi-2021")
    units = project / "data" / "speeches" / "dangshi-2021" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("id: part-3", "id: shixiao"), encoding="utf-8")
    library = load_library(project)
    expected = library_stubs(library, ["zh", "en"])
    found = found_stubs(project / "docs", library, ["zh", "en"])
    problems = stub_problems(expected, found)
    assert "docs/zh/dangshi-2021/units/shixiao.md: missing (the speech's data needs this page)" in problems
    assert "docs/zh/dangshi-2021/units/part-3.md: extra (no unit, language or page of the speech's data needs it)" in problems
    write_stubs(project / "docs", expected, found)
    assert stub_problems(expected, found_stubs(project / "docs", library, ["zh", "en"])) == []


def test_english_pages_come_and_go_with_a_translation(project):
    """A second speech with a translation (the seed's data under another slug), then without one."""
    data = project / "data"
    shutil.copytree(data / "speeches" / SEED, data / "speeches" / "zuzhi-copy")
    library_file = data / "library.yml"
    library_file.write_text(library_file.read_text(encoding="utf-8") + "  - zuzhi-copy\n", encoding="utf-8")
    written = refresh_pages(project).changes.written
    assert "en/zuzhi-copy/parallel/part-1.md" in written and "en/zuzhi-copy/questions.md" in written
    assert "[Read this unit side by side with the Chinese](../parallel/part-1.md)" in (
        project / "docs" / "en" / "zuzhi-copy" / "units" / "part-1.md").read_text(encoding="utf-8")
    (data / "speeches" / "zuzhi-copy" / "speech.en.yml").unlink()
    (data / "speeches" / "zuzhi-copy" / "notes.yml").unlink()  # its notes are bilingual: they need the translation
    result = refresh_pages(project)
    assert not (project / "docs" / "en" / "zuzhi-copy").exists()
    assert "zh/zuzhi-copy/parallel/part-1.md" in result.changes.removed
    assert not (project / "docs" / "zh" / "zuzhi-copy" / "parallel").exists()
    assert ".md-button" not in (project / "docs" / "zh" / "zuzhi-copy" / "units" / "part-1.md").read_text(encoding="utf-8")
    assert refresh_pages(project, check_only=True).problems == []


def test_the_real_docs_hold_exactly_the_stub_pages_the_data_gives():
    assert refresh_pages(ROOT, check_only=True).problems == []


# --- the CLI and the build, in a copy of the whole project ---------------------------------------


def copy_project(target: Path) -> Path:
    for name in ("data", "docs", "hooks", "overrides", "scripts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "fonts").symlink_to(ROOT / "fonts")
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, target / name)
    return target


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "scripts" / "cli.py"), *args], cwd=project,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_help_documents_new_and_pages(capsys):
    import cli

    assert cli.main(["help"]) == 0
    text = capsys.readouterr().out
    assert "\n  new PATH [--slug SLUG] [--date D] [--speaker S] [--place P]\n" in text
    assert "\n  pages [--check]\n" in text


def test_the_build_fails_with_one_error_naming_every_stub_problem_and_the_command(tmp_path):
    import wiring_hook

    project = copy_project(tmp_path / "project")
    add_speech(project, DANGSHI, slug="dangshi-2021")
    (project / "docs" / "zh" / "dangshi-2021" / "units" / "part-2.md").unlink()
    (project / "docs" / "zh" / "dangshi-2021" / "handouts" / "part-1.md").write_text("x\n", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(PluginError) as error:
        wiring_hook.check_stubs(config)
    message = str(error.value)
    assert "2 problem(s)" in message and "`scripts/dev pages`" in message
    assert "docs/zh/dangshi-2021/units/part-2.md: missing" in message
    assert "docs/zh/dangshi-2021/handouts/part-1.md: stale" in message


def test_new_on_the_command_line_adds_the_speech_once_and_its_pages_check(tmp_path):
    """The command as an editor runs it; what the built library shows is in tests/test_library.py."""
    project = copy_project(tmp_path / "project")
    result = run_cli(project, "new", str(DANGSHI), "--slug", "dangshi-2021")
    assert result.returncode == 0, result.stderr
    assert "added the speech 'dangshi-2021'" in result.stdout and "scripts/dev build" in result.stdout
    again = run_cli(project, "new", str(DANGSHI), "--slug", "dangshi-2021")
    assert again.returncode == 1 and "nothing written: slug 'dangshi-2021' is taken" in again.stderr
    assert run_cli(project, "pages", "--check").returncode == 0
