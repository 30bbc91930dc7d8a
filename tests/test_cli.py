"""scripts/dev (the bash bootstrap: which Python, when .venv is made) and scripts/cli.py (the subcommands)."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

import cli
import site_url_hook

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------
# The bootstrap, run with a PATH of stub executables
# ---------------------------------------------------------------------------

FAILING_SHIM = """#!/bin/sh
# Like a pyenv shim for a version that is not installed: on PATH, but fails when run.
echo "pyenv: $(basename "$0"): command not found" >&2
exit 127
"""

# An interpreter that answers scripts/dev's probe as Python $STUB_VERSION would, makes a "venv" whose
# python is a copy of itself, and logs every call; pip exits with $STUB_PIP_STATUS.
STUB_PYTHON = """#!/bin/sh
if [ "$1" = -c ]; then echo "$0 -c PROBE" >>"$STUB_LOG"; else echo "$0 $*" >>"$STUB_LOG"; fi
case "$1" in
  -c) case "$STUB_VERSION" in 3.11.*|3.12.*|3.13.*) echo "$STUB_VERSION $0"; exit 0;; *) echo "$STUB_VERSION"; exit 1;; esac ;;
  -m) case "$2" in
        venv) mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; exit 0 ;;
        pip) exit "${STUB_PIP_STATUS:-0}" ;;
      esac ;;
esac
exit 0
"""


def stub(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def checkout(tmp_path):
    """A copy of scripts/dev and pyproject.toml: the bootstrap works in its own checkout, not ours."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "dev", repo / "scripts" / "dev")
    shutil.copy2(ROOT / "pyproject.toml", repo / "pyproject.toml")
    return repo


def tools_only(tmp_path) -> Path:
    """A directory with the few commands the bootstrap needs besides Python, and no Python at all."""
    tools = tmp_path / "tools"
    if not tools.is_dir():
        tools.mkdir()
        for name in ("dirname", "sha256sum", "cut", "cat", "rm", "mkdir", "cp", "basename"):
            (tools / name).symlink_to(shutil.which(name))
    return tools


def run_dev(repo: Path, *args: str, path: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/bash", str(repo / "scripts" / "dev"), *args],
        env={"PATH": path, "HOME": str(repo), **env}, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def test_without_a_suitable_python_the_bootstrap_says_what_to_install(checkout, tmp_path):
    stubs = tmp_path / "stubs"
    for name in ("python3.13", "python3.12", "python3.11"):
        stub(stubs, name, FAILING_SHIM)
    stub(stubs, "python3", STUB_PYTHON)  # a Python too old
    result = run_dev(checkout, "build", path=f"{stubs}:{tools_only(tmp_path)}",
                     STUB_VERSION="3.9.2", STUB_LOG=str(tmp_path / "log"))
    assert result.returncode != 0
    message = result.stderr
    assert "no Python 3.11, 3.12 or 3.13 found" in message
    assert f"{stubs}/python3 is 3.9.2" in message
    assert "apt-get install python3 python3-venv" in message and "PYTHON=" in message
    assert "Traceback" not in message and not (checkout / ".venv").exists()


def test_a_python_named_in_PYTHON_that_fails_is_reported_and_not_replaced(checkout, tmp_path):
    shim = stub(tmp_path / "stubs", "python3.12", FAILING_SHIM)
    working = stub(tmp_path / "others", "python3.13", STUB_PYTHON)
    result = run_dev(checkout, "build", path=f"{working.parent}:{tools_only(tmp_path)}",
                     PYTHON=str(shim), STUB_VERSION="3.13.0", STUB_LOG=str(tmp_path / "log"))
    assert result.returncode != 0
    assert f"PYTHON={shim} is not a Python 3.11, 3.12 or 3.13 that runs here" in result.stderr
    assert not (checkout / ".venv").exists()


def test_the_bootstrap_runs_candidates_skipping_failing_shims_and_help_needs_no_venv(checkout, tmp_path):
    stubs = tmp_path / "stubs"
    stub(stubs, "python3.13", FAILING_SHIM)
    real = Path(os.path.realpath(sys.executable))  # the interpreter under the venv running these tests
    (stubs / "python3.12").symlink_to(real)
    shutil.copy2(ROOT / "scripts" / "cli.py", checkout / "scripts" / "cli.py")
    for word in ("help", "-h"):
        result = run_dev(checkout, word, path=f"{stubs}:{tools_only(tmp_path)}")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: scripts/dev SUBCOMMAND")
    assert not (checkout / ".venv").exists()


def test_venv_is_made_once_and_made_anew_when_python_or_pyproject_changes(checkout, tmp_path):
    stubs = tmp_path / "stubs"
    stub(stubs, "python3.12", STUB_PYTHON)
    log = tmp_path / "log"
    path = f"{stubs}:{tools_only(tmp_path)}"

    def run(version: str, **env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
        log.write_text("")
        result = run_dev(checkout, "build", path=path, STUB_VERSION=version, STUB_LOG=str(log), **env)
        return result, log.read_text().splitlines()

    def progress(result) -> list[str]:
        return [line.split(":", 2)[1].strip() for line in result.stderr.splitlines() if line.startswith("scripts/dev:")]

    result, calls = run("3.12.1")
    assert result.returncode == 0, result.stderr
    assert progress(result) == ["creating the environment", "installing packages"]
    assert any(" -m venv .venv" in call for call in calls)
    assert any(".venv/bin/python -m pip install" in call and "-e .[test]" in call for call in calls)
    assert calls[-1].endswith(".venv/bin/python scripts/cli.py build")

    result, calls = run("3.12.1")  # nothing changed: straight to the CLI
    assert progress(result) == [] and len(calls) == 2 and calls[-1].endswith("scripts/cli.py build")

    result, _ = run("3.12.2")  # the same name, another Python
    assert progress(result) == ["creating the environment", "installing packages"]

    (checkout / "pyproject.toml").write_text((checkout / "pyproject.toml").read_text() + "\n# changed\n")
    result, _ = run("3.12.2")
    assert progress(result) == ["creating the environment", "installing packages"]

    # A failed install leaves no stamp: the next run starts afresh instead of using a broken .venv.
    (checkout / "pyproject.toml").write_text((checkout / "pyproject.toml").read_text() + "\n# again\n")
    result, calls = run("3.12.2", STUB_PIP_STATUS="1")
    assert result.returncode != 0 and "installing packages failed" in result.stderr
    assert not any("scripts/cli.py" in call for call in calls)
    result, _ = run("3.12.2")
    assert progress(result) == ["creating the environment", "installing packages"]


# ---------------------------------------------------------------------------
# The CLI: help, the registry, errors in one line
# ---------------------------------------------------------------------------


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli.py"), *args],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def test_help_explains_every_subcommand_the_environment_and_the_fast_subset(capsys):
    assert cli.main(["help"]) == 0
    text = capsys.readouterr().out
    for command in cli.SUBCOMMANDS.values():
        assert f"\n  {command.usage}\n" in text
    for variable in ("SITE_URL", "STUDY_PDF", "SOURCE_DATE_EPOCH", "STUDY_ADDR", "PYTHON"):
        assert f"\n  {variable} " in text
    assert 'scripts/dev test -m "not slow"' in text
    assert "scripts/dev serve 0.0.0.0:8000" in text and "build [--deploy]" in text
    assert cli.main(["-h"]) == 0 and capsys.readouterr().out == text
    assert cli.main([]) == 0 and capsys.readouterr().out == text


def test_an_unknown_word_prints_the_help_and_fails(capsys):
    assert cli.main(["srve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scripts/dev: unknown subcommand 'srve'") and "usage: scripts/dev" in err


def test_adding_a_subcommand_is_one_decorated_function(capsys, monkeypatch):
    monkeypatch.setattr(cli, "SUBCOMMANDS", dict(cli.SUBCOMMANDS))

    @cli.subcommand("greet NAME", "Say hello.", cli.Argument(("name",)))
    def greet(args):
        print(f"hello {args.name}")
        return 0

    assert cli.main(["greet", "reader"]) == 0
    assert capsys.readouterr().out == "hello reader\n"
    cli.main(["help"])
    assert "\n  greet NAME\n      Say hello.\n" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8001", ("127.0.0.1", 8001)),
        ("0.0.0.0:8000", ("0.0.0.0", 8000)),
        ("0.0.0.0", ("0.0.0.0", 8000)),
        ("localhost:9000", ("localhost", 9000)),
        ("[::1]:8000", ("::1", 8000)),
    ],
)
def test_serve_takes_a_port_or_an_address(text, expected):
    assert cli.parse_address(text) == expected


def test_a_port_out_of_range_is_a_usage_error():
    with pytest.raises(cli.UsageError, match="1 to 65535"):
        cli.parse_address("70000")


def test_serve_on_a_busy_port_says_so_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert "busy" in cli.port_problem("127.0.0.1", port)
        result = run_cli("serve", str(port))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"scripts/dev: serve: port {port} on 127.0.0.1 is busy (another `scripts/dev serve`?): try scripts/dev serve {port + 1}"
    ]


def test_a_free_port_has_no_problem():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert cli.port_problem("127.0.0.1", port) is None


@pytest.mark.parametrize(
    ("site_url", "refused"),
    [
        (None, "unset or empty"),
        ("", "unset or empty"),
        ("  ", "unset or empty"),
        ("example.org/study/", "not an http(s) address"),
        ("ftp://example.org/", "not an http(s) address"),
        ("http://127.0.0.1:8000/", "this machine's own address"),
        ("http://localhost/", "this machine's own address"),
        ("http://0.0.0.0:8000/", "this machine's own address"),
        ("https://example.org/study/", None),
        ("http://192.0.2.10/", None),
    ],
)
def test_a_deployment_build_needs_a_real_address(site_url, refused):
    problem = cli.deploy_problem(site_url)
    assert (problem is None) if refused is None else (refused in problem)


def test_build_deploy_without_site_url_refuses_in_one_line_before_building():
    result = run_cli("build", "--deploy", SITE_URL="")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "scripts/dev: build: SITE_URL is unset or empty: set it to the address the site will be published at, "
        "e.g. SITE_URL=https://example.org/study/"
    ]


def test_the_test_subcommand_hands_its_arguments_to_pytest_under_the_build_environment(monkeypatch):
    environment = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    monkeypatch.setattr(os, "environ", environment)  # cli updates os.environ: a copy, restored afterwards
    installed, replaced_by = [], []
    monkeypatch.setattr(cli, "ensure_packages", lambda packages, why: installed.append(packages))
    monkeypatch.setattr(os, "execv", lambda executable, argv: replaced_by.append((argv, dict(os.environ))))
    cli.main(["test", "-m", "not slow", "-p", "no:cacheprovider"])
    assert installed == [cli.TEST_PACKAGES]
    ((argv, seen),) = replaced_by
    assert argv == [sys.executable, "-m", "pytest", *cli.PARALLEL_TESTS, "-m", "not slow", "-p", "no:cacheprovider"]
    assert seen["SOURCE_DATE_EPOCH"] == cli.source_date_epoch({}) and seen["NO_MKDOCS_2_WARNING"] == "true"
    # Workers chosen by the caller: the arguments as given.
    replaced_by.clear()
    cli.main(["test", "-n", "0", "tests/test_glossary.py"])
    assert replaced_by[0][0] == [sys.executable, "-m", "pytest", "-n", "0", "tests/test_glossary.py"]


# ---------------------------------------------------------------------------
# The build environment: dates, noise
# ---------------------------------------------------------------------------


def git(repo: Path, *args: str, **env: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **env})


def test_source_date_epoch_is_the_last_commits_time_by_default(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    git(tmp_path, "add", "mkdocs.yml")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x",
        GIT_COMMITTER_DATE="@1600000000 +0000", GIT_AUTHOR_DATE="@1500000000 +0000")
    assert cli.source_date_epoch({}, tmp_path) == "1600000000"
    assert cli.source_date_epoch({"SOURCE_DATE_EPOCH": "1234"}, tmp_path) == "1234"
    assert cli.source_date_epoch({"SOURCE_DATE_EPOCH": ""}, tmp_path) == "1600000000"  # empty is unset


def test_outside_git_the_newest_input_file_dates_the_build(tmp_path):
    for name, mtime in (("mkdocs.yml", 1_400_000_000), ("docs/index.md", 1_450_000_000), ("site/late.html", 1_700_000_000)):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("x")
        os.utime(path, (mtime, mtime))
    os.utime(tmp_path / "docs", (1_300_000_000, 1_300_000_000))
    assert cli.source_date_epoch({}, tmp_path) == "1450000000"  # site/ is output, not input


def test_a_source_date_epoch_that_is_not_a_number_is_a_usage_error(tmp_path):
    with pytest.raises(cli.UsageError, match="SOURCE_DATE_EPOCH='yesterday'"):
        cli.source_date_epoch({"SOURCE_DATE_EPOCH": "yesterday"}, tmp_path)


def test_materials_banner_switch_is_the_one_material_reads():
    import material.templates

    source = Path(material.templates.__file__).read_text(encoding="utf-8")
    assert 'os.getenv("NO_MKDOCS_2_WARNING")' in source
    assert cli.build_environment({"SOURCE_DATE_EPOCH": "1"})["NO_MKDOCS_2_WARNING"] == "true"


def test_static_i18n_routine_messages_are_hidden_but_its_warnings_are_not():
    from mkdocs_static_i18n import reconfigure

    logger = logging.getLogger(reconfigure.log.logger.name)
    level = logger.level
    try:
        cli.quiet_foreign_logs()
        assert not reconfigure.log.isEnabledFor(logging.INFO)
        assert reconfigure.log.isEnabledFor(logging.WARNING)
    finally:
        logger.setLevel(level)


# ---------------------------------------------------------------------------
# apt: only what is missing, without recommends, through sudo when not root
# ---------------------------------------------------------------------------


def test_only_missing_packages_are_installed():
    installed = {"chromium", "libpango-1.0-0"}
    assert cli.missing_packages(["chromium", "fonts-noto-cjk", "libpango-1.0-0"], installed.__contains__) == ["fonts-noto-cjk"]


def test_apt_installs_without_recommends_or_prompts_and_uses_sudo_when_not_root():
    as_root = cli.apt_commands(["poppler-utils"], as_root=True)
    assert as_root[0] == ["apt-get", "update", "-qq"]
    assert as_root[1][:2] == ["env", "DEBIAN_FRONTEND=noninteractive"]
    assert {"-y", "--no-install-recommends"} <= set(as_root[1]) and as_root[1][-1] == "poppler-utils"
    assert all(command[0] == "sudo" and command[1:] == root for command, root in zip(cli.apt_commands(["poppler-utils"], as_root=False), as_root))


def test_the_test_packages_include_the_build_packages_and_pdfinfo():
    assert set(cli.BUILD_PACKAGES) <= set(cli.TEST_PACKAGES)
    assert {"chromium", "fonts-noto-cjk", "poppler-utils", "libharfbuzz-subset0"} <= set(cli.TEST_PACKAGES)


def test_the_build_installs_the_package_the_pdf_font_is_made_from():
    from handout_font import SOURCE_PACKAGE

    assert SOURCE_PACKAGE in cli.BUILD_PACKAGES


# ---------------------------------------------------------------------------
# SITE_URL: empty is unset (hooks/site_url_hook.py)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "  "])
def test_an_unset_or_empty_site_url_is_the_local_address(value):
    assert site_url_hook.site_url_or_local(value) == "http://127.0.0.1:8000/"


def test_a_given_site_url_is_kept():
    assert site_url_hook.site_url_or_local(" https://example.org/study/ ") == "https://example.org/study/"


@pytest.mark.parametrize("environment", [{}, {"SITE_URL": ""}])
def test_mkdocs_yml_gives_the_local_address_when_site_url_is_unset_or_empty(environment, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.site_url is None  # what YAML makes of it: the hook is what turns it into an address
    config.plugins["hooks/site_url_hook.py"].on_config(config)
    assert config.site_url == "http://127.0.0.1:8000/"


# --- subcommands over the core modules ---------------------------------------------------------


def test_inspect_prints_the_counts_of_a_speech_as_json(capsys):
    import json

    fixture = Path(__file__).parent / "fixtures" / "04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.zh.txt"
    assert cli.main(["inspect", str(fixture), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["parts"], found["sections"], found["points"]) == (3, 9, 13)


def test_accept_text_pins_the_text_named_and_the_build_then_accepts_it(tmp_path, capsys):
    from datafiles import DataError
    from reference_text import check_pinned

    text = tmp_path / "speech.zh.txt"
    text.write_text("题目\n\n我完全赞同。\n", encoding="utf-8")
    with pytest.raises(DataError, match="scripts/dev accept-text"):
        check_pinned(text)
    assert cli.main(["accept-text", str(text)]) == 0
    assert "pinned SHA-256" in capsys.readouterr().out
    check_pinned(text)
