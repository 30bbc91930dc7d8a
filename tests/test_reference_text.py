"""The reference text is pinned by its SHA-256 (hooks/reference_text.py): a change fails until accepted."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED
from datafiles import DataError
from reference_text import ACCEPT_COMMAND, accept, check_pinned, lock_path

TEXT = SEED / "speech.zh.txt"


def test_the_project_text_matches_its_pin_in_sha256sum_format():
    check_pinned(TEXT)
    digest, name = lock_path(TEXT).read_text("utf-8").split()
    assert name == "speech.zh.txt" and len(digest) == 64


def test_a_changed_text_fails_naming_the_text_and_the_command_until_accepted(tmp_path):
    text = tmp_path / "speech.zh.txt"
    shutil.copy(TEXT, text)
    shutil.copy(lock_path(TEXT), lock_path(text))
    text.write_text(text.read_text("utf-8").replace("我完全赞同", "我完全赞成"), "utf-8")
    with pytest.raises(DataError) as raised:
        check_pinned(text)
    (problem,) = raised.value.problems
    assert "speech.zh.txt: the reference text has changed" in problem and f"with: {ACCEPT_COMMAND} " in problem
    accept(text)
    check_pinned(text)


def test_the_command_line_checks_and_accepts(tmp_path):
    text = tmp_path / "speech.zh.txt"
    text.write_text("题\n同志们：\n", "utf-8")
    script = [sys.executable, str(ROOT / "hooks" / "reference_text.py")]
    missing = subprocess.run([*script, str(text)], capture_output=True, text=True)
    assert missing.returncode == 1 and "no pinned SHA-256" in missing.stderr and "Traceback" not in missing.stderr
    accepted = subprocess.run([*script, "--accept", str(text)], capture_output=True, text=True)
    assert accepted.returncode == 0 and "pinned SHA-256" in accepted.stdout
    assert subprocess.run([*script, str(text)], capture_output=True, text=True).returncode == 0
