"""The wiring of docs/, data/, mkdocs.yml and overrides/ is checked before the build does work.

A table of mistakes, each expected to fail with one line naming the file and the marker or key:
markers in docs/ are checked with the pure core (wiring.marker_problems, on the real pages with
one edit), mkdocs.yml and overrides/ cases with an in-process build of a copy of the project,
which must raise MkDocs' PluginError or ConfigurationError and nothing else. A few cases run the
`mkdocs` command itself: exit status 1, the message, no traceback. And two builds of one site
folder at once leave one consistent site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

import index_pages
from conftest import ROOT
from library import INDEX_KINDS, load_library
from glossary import GLOSSARY_MARKER
from concordance import CONCORDANCE_MARKER
from library_pages import LIBRARY_MARKER, OVERVIEW_MARKER
from offline_zip import OFFLINE_ZIP_MARKER
from handouts import DOWNLOADS_MARKER, HANDOUT_MARKER
from questions import QUESTIONS_MARKER
from speech import PARALLEL_MARKER, SPEECH_MARKER
from wiring import MARKERS, marker_problems

MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
UNITS = [unit.id for unit in load_library(ROOT).root_speech.units]
KNOWN = {"unit": UNITS, "index": list(INDEX_KINDS)}


def docs_pages(lang: str) -> dict[str, str]:
    """The real pages of one language, as the hook sees them: path from the project root -> Markdown."""
    folder = ROOT / "docs" / lang
    return {f"docs/{lang}/{path.relative_to(folder).as_posix()}": path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.md"))}


def problems_after(edit: Callable[[dict[str, str]], None], lang: str = "zh") -> list[str]:
    pages = docs_pages(lang)
    edit(pages)
    return marker_problems(list(pages.items()), KNOWN, f"docs/{lang}/")


def replace(page: str, old: str, new: str) -> Callable[[dict[str, str]], None]:
    def edit(pages: dict[str, str]) -> None:
        assert old in pages[page], f"{old!r} not in {page}"
        pages[page] = pages[page].replace(old, new)

    return edit


def append(page: str, text: str) -> Callable[[dict[str, str]], None]:
    def edit(pages: dict[str, str]) -> None:
        pages[page] += f"\n\n{text}\n"

    return edit


# (case, edit of the zh pages, what one line of the message must hold: the page and the marker)
MARKER_CASES = [
    ("typo in a unit marker", replace("docs/zh/units/part-1.md", "<!-- speech: part-1 -->", "<!-- speach: part-1 -->"),
     ["docs/zh/units/part-1.md: <!-- speach: part-1 --> is not a marker", "did you mean <!-- speech: part-1 -->"]),
    ("typo in the glossary marker", replace("docs/zh/glossary.md", "<!-- glossary -->", "<!-- glosary -->"),
     ["docs/zh/glossary.md: <!-- glosary --> is not a marker", "did you mean <!-- glossary -->"]),
    ("capitalised marker", replace("docs/zh/parallel/part-2.md", "<!-- parallel: part-2 -->", "<!-- Parallel: part-2 -->"),
     ["docs/zh/parallel/part-2.md: <!-- Parallel: part-2 --> is not a marker"]),
    ("glossary marker removed", replace("docs/zh/glossary.md", "<!-- glossary -->", ""),
     ["docs/zh/: no page has <!-- glossary -->"]),
    ("questions page marker removed", replace("docs/zh/questions.md", "<!-- questions -->", ""),
     ["docs/zh/: no page has <!-- questions -->"]),
    ("an index marker removed", replace("docs/zh/indexes/documents.md", "<!-- index: documents -->", ""),
     ["docs/zh/: no page has <!-- index: documents -->"]),
    ("a unit without its speech page", replace("docs/zh/units/part-3.md", "<!-- speech: part-3 -->", ""),
     ["docs/zh/: no page has <!-- speech: part-3 --> (unit 'part-3' needs one)"]),
    ("a unit without its side-by-side page", replace("docs/zh/parallel/closing.md", "<!-- parallel: closing -->", ""),
     ["docs/zh/: no page has <!-- parallel: closing -->"]),
    ("a unit without its handout page", replace("docs/zh/handouts/opening.md", "<!-- handout: opening -->", ""),
     ["docs/zh/: no page has <!-- handout: opening -->"]),
    ("unknown unit in a speech marker", replace("docs/zh/units/part-1.md", "<!-- speech: part-1 -->", "<!-- speech: part-9 -->"),
     ["docs/zh/units/part-1.md: <!-- speech: part-9 -->: no unit 'part-9'"]),
    ("unknown unit in a handout marker", replace("docs/zh/handouts/part-2.md", "<!-- handout: part-2 -->", "<!-- handout: part2 -->"),
     ["docs/zh/handouts/part-2.md: <!-- handout: part2 -->: no unit 'part2'"]),
    ("unknown unit in a questions marker", replace("docs/zh/units/closing.md", "<!-- questions: closing -->", "<!-- questions: ending -->"),
     ["docs/zh/units/closing.md: <!-- questions: ending -->: no unit 'ending'"]),
    ("unknown index", replace("docs/zh/indexes/slogans.md", "<!-- index: slogans -->", "<!-- index: slogan -->"),
     ["docs/zh/indexes/slogans.md: <!-- index: slogan -->: no index 'slogan'"]),
    ("a value that is not an id", replace("docs/zh/units/part-2.md", "<!-- speech: part-2 -->", "<!-- speech: part 2 -->"),
     ["docs/zh/units/part-2.md: <!-- speech: part 2 -->: 'part 2' is not a unit id"]),
    ("a unit marker without its unit", replace("docs/zh/units/part-2.md", "<!-- speech: part-2 -->", "<!-- speech -->"),
     ["docs/zh/units/part-2.md: <!-- speech -->: needs a unit (<!-- speech: UNIT -->)"]),
    ("a value where none is taken", replace("docs/zh/glossary.md", "<!-- glossary -->", "<!-- glossary: all -->"),
     ["docs/zh/glossary.md: <!-- glossary: all -->: <!-- glossary --> takes no value"]),
    ("a marker twice on a page", append("docs/zh/glossary.md", "<!-- glossary -->"),
     ["docs/zh/glossary.md: <!-- glossary --> is twice on the page"]),
    ("a unit on two pages", append("docs/zh/units/part-2.md", "<!-- speech: part-1 -->"),
     ["<!-- speech: part-1 --> is on 2 pages: docs/zh/units/part-1.md and docs/zh/units/part-2.md"]),
    ("the questions page twice", append("docs/zh/guide.md", "<!-- questions -->"),
     ["<!-- questions --> is on 2 pages: docs/zh/guide.md and docs/zh/questions.md"]),
    ("the handouts table twice", append("docs/zh/index.md", "<!-- handouts -->"),
     ["<!-- handouts --> is on 2 pages: docs/zh/about.md and docs/zh/index.md"]),
    ("an index on two pages", append("docs/zh/indexes/slogans.md", "<!-- index: documents -->"),
     ["<!-- index: documents --> is on 2 pages: docs/zh/indexes/documents.md and docs/zh/indexes/slogans.md"]),
    ("a typo without a colon", append("docs/zh/guide.md", "<!--handout-->"),
     ["docs/zh/guide.md: <!--handout-->: needs a unit (<!-- handout: UNIT -->)"]),
]


@pytest.mark.parametrize("edit, expected", [case[1:] for case in MARKER_CASES], ids=[case[0] for case in MARKER_CASES])
def test_a_marker_mistake_names_the_page_and_the_marker(edit, expected):
    problems = problems_after(edit)
    assert any(all(part in problem for part in expected) for problem in problems), problems


def test_the_english_pages_are_checked_and_named_too():
    problems = problems_after(replace("docs/en/glossary.md", "<!-- glossary -->", "<!-- glosary -->"), "en")
    assert problems[0].startswith("docs/en/glossary.md: <!-- glosary --> is not a marker")


def test_the_real_pages_are_wired_and_ordinary_comments_are_left_alone():
    for lang in ("zh", "en"):
        assert problems_after(append(f"docs/{lang}/guide.md", "<!-- Keep this list short: see the study group's notes. -->"), lang) == []


def test_every_marker_of_the_list_is_the_one_its_hook_replaces():
    patterns = {
        "speech": SPEECH_MARKER, "parallel": PARALLEL_MARKER, "handout": HANDOUT_MARKER, "questions": QUESTIONS_MARKER,
        "handouts": DOWNLOADS_MARKER, "glossary": GLOSSARY_MARKER, "index": index_pages.INDEX_MARKER,
        "offline-zip": OFFLINE_ZIP_MARKER, "library": LIBRARY_MARKER, "speech-overview": OVERVIEW_MARKER,
        "concordance": CONCORDANCE_MARKER,
    }
    assert {marker.word for marker in MARKERS} == set(patterns)
    for marker in MARKERS:
        forms = ([f"<!-- {marker.word}: x-1 -->"] if marker.values else []) + ([f"<!-- {marker.word} -->"] if not marker.values or marker.value_optional else [])
        for form in forms:
            assert patterns[marker.word].fullmatch(form), form


# --- mkdocs.yml and overrides/: in-process builds of a copy of the project -----------------------


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of what a build reads (data/ and fonts/ linked: nothing here edits them)."""
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("data", "fonts"):
        (tmp_path / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def edit_config(project: Path, change: Callable[[str], str]) -> None:
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


@pytest.fixture
def build_error(caplog, monkeypatch) -> Callable[[Path], str]:
    """The message of an in-process strict build of a project that must fail with MkDocs' own errors:
    a ConfigurationError, which `load_config` logs and turns into `Abort("Aborted with a
    configuration error!")`, or a PluginError, which `build` logs and turns into
    `Abort("Aborted with a BuildError!")` (any other exception would come out as it is)."""
    monkeypatch.setenv("STUDY_PDF", "0")

    def message(project: Path) -> str:
        caplog.clear()
        try:
            config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site"))
            build(config)
        except ConfigurationError as error:
            return str(error)
        except Abort as abort:
            assert str(abort) in ("Aborted with a BuildError!", "Aborted with a configuration error!")
            errors = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.") and r.levelname == "ERROR"]
            assert len(errors) == 1, errors
            return errors[0]
        raise AssertionError("the build succeeded")

    return message


def sub(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


CONFIG_CASES = [
    ("a hook left out", sub("  - hooks/glossary_hook.py\n", ""), ["mkdocs.yml: hooks: hooks/glossary_hook.py is not listed"]),
    ("extra.bundles missing", lambda text: re.sub(r"\n  bundles:\n(    .*\n|\s*#.*\n)+", "\n", text), ["mkdocs.yml: extra.bundles is missing"]),
    ("the search bundle missing", sub("    assets/javascripts/search-cjk.min.js:\n      - assets/javascripts/search-cjk.js\n", ""),
     ["mkdocs.yml: extra.bundles: no bundle 'assets/javascripts/search-cjk.min.js'"]),
    ("a stylesheet that is no bundle", sub("  - assets/stylesheets/study.min.css", "  - assets/stylesheets/study.css.min"),
     ["mkdocs.yml: extra_css/extra_javascript: 'assets/stylesheets/study.css.min' is neither a bundle"]),
    ("a script that is no bundle", sub("  - path: assets/javascripts/study.min.js", "  - path: assets/javascript/study.min.js"),
     ["mkdocs.yml: extra_css/extra_javascript: 'assets/javascript/study.min.js' is neither a bundle"]),
    ("offline zip outside the site", sub("offline_zip: xuexi-duben-offline.zip", "offline_zip: ../x.zip"),
     ["mkdocs.yml: extra.offline_zip: '../x.zip' must be a plain file name"]),
    ("offline zip in a folder", sub("offline_zip: xuexi-duben-offline.zip", "offline_zip: downloads/x.zip"),
     ["mkdocs.yml: extra.offline_zip: 'downloads/x.zip'"]),
    ("offline zip not a zip", sub("offline_zip: xuexi-duben-offline.zip", "offline_zip: site"), ["mkdocs.yml: extra.offline_zip: 'site'"]),
    ("offline zip missing", sub("  offline_zip: xuexi-duben-offline.zip\n", ""), ["mkdocs.yml: extra.offline_zip is missing"]),
    ("a locale the hooks have no text for",
     sub("  # After i18n", "        - locale: fr\n          name: Français\n          build: true\n  # After i18n"),
     ["mkdocs.yml: plugins.i18n.languages: locale 'fr'"]),
    ("offline before i18n", lambda text: text.replace("  - search\n", "  - search\n  - offline\n", 1).replace(
        "  # After i18n: file:// search (the index inlined as a script, a local iframe-worker shim).\n  - offline\n", ""),
     ["mkdocs.yml: plugins: offline must come after i18n"]),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in CONFIG_CASES], ids=[case[0] for case in CONFIG_CASES])
def test_a_config_mistake_fails_with_a_message_naming_the_key(project, build_error, change, expected):
    edit_config(project, change)
    message = build_error(project)
    assert all(part in message for part in expected), message


def test_a_listed_hook_file_that_is_missing_fails_naming_it(project, build_error):
    (project / "hooks/glossary_hook.py").unlink()
    message = build_error(project)
    assert "hooks/glossary_hook.py" in message and "isn't an existing file" in message, message


def test_deleting_the_vendored_iframe_worker_shim_fails_naming_it(project, build_error):
    (project / "overrides/assets/javascripts/iframe-worker/shim.js").unlink()
    message = build_error(project)
    assert "overrides/assets/javascripts/iframe-worker/shim.js: missing" in message, message


@pytest.mark.parametrize("page, old, new, expected", [
    ("docs/zh/glossary.md", "<!-- glossary -->", "<!-- glosary -->", "docs/zh/glossary.md: <!-- glosary --> is not a marker"),
    ("docs/en/indexes/slogans.md", "<!-- index: slogans -->", "<!-- index: slogan -->", "docs/en/indexes/slogans.md: <!-- index: slogan -->: no index"),
    ("docs/zh/units/part-1.md", "<!-- speech: part-1 -->", "<!-- speech: part-9 -->", "docs/zh/units/part-1.md: <!-- speech: part-9 -->: no unit"),
], ids=["typo", "unknown index (English build)", "unknown unit"])
def test_the_hook_checks_markers_before_any_other_hook_reads_them(project, build_error, page, old, new, expected):
    path = project / page
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    message = build_error(project)
    assert expected in message, message


# --- the command line -------------------------------------------------------------------------------


def run_mkdocs(project: Path, *args: str, site: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q", "-d", str(site or project / "site"), *args],
        cwd=project, capture_output=True, text=True, env={**os.environ, "STUDY_PDF": "0", **(env or {})}, timeout=300,
    )


@pytest.mark.parametrize("page, old, new, expected", [
    ("docs/zh/units/part-1.md", "<!-- speech: part-1 -->", "<!-- speach: part-1 -->", "docs/zh/units/part-1.md: <!-- speach: part-1 --> is not a marker"),
    ("mkdocs.yml", "offline_zip: xuexi-duben-offline.zip", "offline_zip: ../x.zip", "extra.offline_zip: '../x.zip'"),
], ids=["marker typo", "offline zip outside the site"])
def test_the_command_exits_1_with_the_message_and_no_traceback(project, page, old, new, expected):
    path = project / page
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "x.zip").exists()


# --- two builds of one site folder ------------------------------------------------------------------


def wait_until_locked(site: Path, timeout: float = 120.0) -> None:
    """Return once some process holds the build lock of `site` (polled: a slow machine may take a while)."""
    from filelock import FileLock, Timeout

    from wiring_hook import lock_path

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        probe = FileLock(lock_path(str(site)))
        try:
            probe.acquire(timeout=0)
        except Timeout:
            return
        probe.release()
        time.sleep(0.05)
    raise AssertionError(f"no build took the lock of {site} within {timeout} s")


@pytest.mark.slow
def test_two_builds_into_one_site_folder_at_once_leave_one_consistent_site(project, tmp_path):
    """The second build waits for the first (saying so), then builds the whole site itself: every
    page ends up from the same build (SITE_URL differs between the two and is in every page)."""
    site = tmp_path / "shared-site"
    command = [str(MKDOCS), "build", "--strict", "-d", str(site)]
    first = subprocess.Popen(command, cwd=project, env={**os.environ, "STUDY_PDF": "0", "SITE_URL": "https://first.example/"},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_locked(site)  # the first build takes the lock as its configuration is loaded
    second = subprocess.Popen(command, cwd=project, env={**os.environ, "STUDY_PDF": "0", "SITE_URL": "https://second.example/"},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert "waiting for it to finish" in outputs[1][1]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    addresses = {page: set(re.findall(r"https://(first|second)\.example/", page.read_text(encoding="utf-8"))) for page in pages}
    assert {address for found in addresses.values() for address in found} == {"second"}
    assert all(found == {"second"} for page, found in addresses.items() if page.name != "404.html")


def test_a_build_that_cannot_get_the_lock_fails_with_one_line(tmp_path):
    from wiring_hook import acquire_build_lock, lock_path, release_build_lock

    site = tmp_path / "site"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys, time; from filelock import FileLock; lock = FileLock({str(lock_path(str(site)))!r}); lock.acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(PluginError, match=r"^another build has been writing .*site for over 0 s \(lock .*\): stop it, or build into another folder with -d$"):
            acquire_build_lock(str(site), timeout=0.2)
    finally:
        holder.kill()
        holder.wait()
    acquire_build_lock(str(site), timeout=5)
    release_build_lock()
