"""The subcommands behind scripts/dev (which finds Python and keeps .venv; this file runs in it).

`scripts/dev help` prints what each subcommand does. To add one, write a function taking the
subcommand's arguments and returning an exit status, decorated with `@subcommand(...)`: its usage,
summary and arguments are all that help and the parser need.

Only the standard library is imported at the top: `scripts/dev help` runs this file before .venv
exists. MkDocs is run in this process (not as a `mkdocs` child) so that the logging levels set here
apply to it.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
# Inputs of the build: outside a git checkout, the newest of their file times dates the output.
BUILD_INPUTS = ("mkdocs.yml", "docs", "data", "overrides", "hooks", "fonts")
# Debian packages, installed by apt when missing. WeasyPrint lays out the PDFs with Pango, and
# subsets fonts with HarfBuzz's subset library when present (fontTools otherwise, with other bytes):
# installing it explicitly keeps one path, so PDFs are reproducible. The PDFs' font is made from
# Noto Serif CJK (hooks/handout_font.py).
BUILD_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-noto-cjk")
# The tests drive Debian's Chromium (Playwright cannot download its own browser here), need CJK
# fonts for it (the build's), and check PDFs with pdfinfo.
TEST_PACKAGES = (*BUILD_PACKAGES, "chromium", "poppler-utils")

ENVIRONMENT_HELP = """\
environment:
  SITE_URL           the address the site is published at, e.g. https://example.org/study/ (unset or
                     empty: the local serve address); `build --deploy` requires it
  STUDY_PDF          1: also make the handout PDFs under `serve`; 0: skip them in any build
                     (default: `build` and `test` make them, `serve` does not)
  SOURCE_DATE_EPOCH  the date written into the output (sitemap), in seconds since 1970
                     (default: the last commit's time, so two builds of one commit are identical)
  STUDY_ADDR         the address `serve` listens on when none is given: PORT or HOST:PORT
                     (default: 127.0.0.1:8000)
  PYTHON             the Python that scripts/dev makes .venv with (default: the first of python3.13,
                     python3.12, python3.11, python3 that runs); .venv is made anew when it or
                     pyproject.toml changes"""


def say(message: str) -> None:
    print(f"scripts/dev: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# The registry of subcommands
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Argument:
    """One argparse argument: the names and keyword arguments of `add_argument`."""

    names: tuple[str, ...]
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Subcommand:
    name: str
    usage: str
    summary: str
    run: Callable[[argparse.Namespace | list[str]], int]
    arguments: tuple[Argument, ...] = ()
    # Hand the words after the name to `run` untouched (e.g. pytest's own options).
    passthrough: bool = False


SUBCOMMANDS: dict[str, Subcommand] = {}
ALIASES = {"-h": "help", "--help": "help"}


def subcommand(usage: str, summary: str, *arguments: Argument, passthrough: bool = False):
    """Register the decorated function as the subcommand named by the first word of `usage`."""

    def register(run):
        name = usage.split()[0]
        SUBCOMMANDS[name] = Subcommand(name, usage, textwrap.dedent(summary).strip(), run, arguments, passthrough)
        return run

    return register


class UsageError(Exception):
    """A mistake in the command line or the environment: main() reports it in one line, no traceback."""


def help_text() -> str:
    lines = [
        "usage: scripts/dev SUBCOMMAND [ARGUMENTS]",
        "",
        "Sets up what the subcommand needs (.venv with Python 3.11-3.13 and pyproject.toml's pins; Debian",
        "packages with apt when missing), then runs it. `scripts/dev help SUBCOMMAND` shows one.",
        "",
        "subcommands:",
    ]
    for command in SUBCOMMANDS.values():
        lines.append(f"  {command.usage}")
        lines += [f"      {line}" if line else "" for line in command.summary.splitlines()]
        lines.append("")
    lines.append(ENVIRONMENT_HELP)
    return "\n".join(lines)


def parser_for(command: Subcommand) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"scripts/dev {command.name}",
        description=command.summary,
        epilog=ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for argument in command.arguments:
        parser.add_argument(*argument.names, **argument.options)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    name, rest = (argv[0], argv[1:]) if argv else ("help", [])
    command = SUBCOMMANDS.get(ALIASES.get(name, name))
    if command is None:
        print(f"scripts/dev: unknown subcommand {name!r}\n", file=sys.stderr)
        print(help_text(), file=sys.stderr)
        return 2
    try:
        return command.run(rest if command.passthrough else parser_for(command).parse_args(rest))
    except UsageError as error:
        say(f"{command.name}: {error}")
        return 2
    except BrokenPipeError:  # the reader stopped reading (`scripts/dev inspect X | head`): not an error
        sys.stdout = open(os.devnull, "w")
        return 0


# ---------------------------------------------------------------------------
# What every build shares: the environment, quiet logs, system packages
# ---------------------------------------------------------------------------


def source_date_epoch(environ: Mapping[str, str], root: Path = ROOT) -> str:
    """SOURCE_DATE_EPOCH as given, else the last commit's time, else the newest file time of the inputs."""
    given = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        if not given.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH={given!r} is not a number of seconds since 1970")
        return given
    try:
        commit_time = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit_time = ""  # not a git checkout (an unpacked archive), or no git
    if commit_time.isdigit():
        return commit_time
    times = [path.stat().st_mtime for name in BUILD_INPUTS for path in [root / name, *(root / name).rglob("*")] if path.exists()]
    return str(int(max(times)))


# Material's switch for its MkDocs 2.0 banner (read in material/templates/__init__.py).
QUIET_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "true"}


def build_environment(environ: Mapping[str, str], root: Path = ROOT) -> dict[str, str]:
    """The variables every subcommand sets for the builds it runs (or its tests run)."""
    return {"SOURCE_DATE_EPOCH": source_date_epoch(environ, root), **QUIET_ENVIRONMENT}


def deploy_problem(site_url: str | None) -> str | None:
    """Why `site_url` is not an address to publish at, or None when it is."""
    if not site_url or not site_url.strip():
        return "SITE_URL is unset or empty: set it to the address the site will be published at, e.g. SITE_URL=https://example.org/study/"
    parts = urlsplit(site_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"SITE_URL={site_url!r} is not an http(s) address such as https://example.org/study/"
    host = parts.hostname
    loopback = host == "localhost"
    try:
        loopback = loopback or ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        pass  # a host name
    if loopback:
        return f"SITE_URL={site_url!r} is this machine's own address, which no reader can open: give the published address"
    return None


def quiet_foreign_logs() -> None:
    """Silence what is not ours and not news (the levels only hide INFO: warnings still show).

    static-i18n checks the language switcher links it made itself for the first language against a
    form meant for hand-written ones, and logs each at INFO in every later language build; the same
    logger reports its routine reconfiguration (search languages, overridden site name).
    """
    logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").setLevel(logging.WARNING)


def run_mkdocs(arguments: list[str]) -> int:
    """MkDocs' own command line, in this process (its messages and exit status as `mkdocs` gives them)."""
    quiet_foreign_logs()
    from mkdocs.__main__ import cli as mkdocs_cli

    try:
        mkdocs_cli.main(arguments, prog_name="mkdocs", standalone_mode=True)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return 0


def missing_packages(packages: Sequence[str], installed: Callable[[str], bool]) -> list[str]:
    return [package for package in packages if not installed(package)]


def dpkg_installed(package: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "--show", "--showformat=${db:Status-Status}", package], capture_output=True, text=True
    )
    return result.returncode == 0 and result.stdout.strip() == "installed"


def apt_commands(missing: Sequence[str], as_root: bool) -> list[list[str]]:
    """The commands that install `missing` (sudo's when not root); no prompts, nothing merely recommended."""
    sudo = [] if as_root else ["sudo"]
    return [
        [*sudo, "apt-get", "update", "-qq"],
        [*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
    ]


def ensure_packages(packages: Sequence[str], why: str) -> None:
    """Install the Debian packages of `packages` that are missing, with one progress line."""
    if shutil.which("dpkg-query") is None or shutil.which("apt-get") is None:
        say(f"not a Debian-like system: make sure these (or your system's equivalents) are installed: {' '.join(packages)}")
        return
    missing = missing_packages(packages, dpkg_installed)
    if not missing:
        return
    as_root = os.geteuid() == 0
    say(f"installing {why} with apt: {' '.join(missing)}")
    if not as_root:
        if shutil.which("sudo") is None:
            raise UsageError(f"not root and no sudo: as root, run apt-get install --no-install-recommends {' '.join(missing)}")
        say("not root: apt-get runs through sudo, which may ask for your password")
    for command in apt_commands(missing, as_root):
        if subprocess.run(command, stdout=subprocess.DEVNULL).returncode:
            raise UsageError(f"`{' '.join(command)}` failed (its message is above)")


# ---------------------------------------------------------------------------
# The subcommands
# ---------------------------------------------------------------------------


def parse_address(text: str) -> tuple[str, int]:
    """`8001` -> (127.0.0.1, 8001); `0.0.0.0:8000` -> (0.0.0.0, 8000); `0.0.0.0` -> (0.0.0.0, 8000)."""
    text = text.strip()
    host, _, port_text = text.rpartition(":") if ":" in text else ("", "", text)
    if not port_text.isdigit():
        host, port_text = text, str(DEFAULT_PORT)
    host = host.strip("[]") or DEFAULT_HOST
    port = int(port_text)
    if not 0 < port < 65536:
        raise UsageError(f"{text!r}: a port is a number from 1 to 65535")
    return host, port


def busy_port_message(host: str, port: int) -> str:
    other = str(port + 1) if host == DEFAULT_HOST else f"{host}:{port + 1}"
    return f"port {port} on {host} is busy (another `scripts/dev serve`?): try scripts/dev serve {other}"


def port_problem(host: str, port: int) -> str | None:
    """Why `mkdocs serve` could not listen on host:port, or None. Binds as its server does (SO_REUSEADDR)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        return f"no such address {host!r} ({error.strerror})"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return busy_port_message(host, port)
            return f"cannot listen on {host}:{port}: {error.strerror}"
    return None


@subcommand(
    "serve [ADDR|PORT]",
    """
    Build both languages and serve them, rebuilding when docs/, data/, overrides/ or mkdocs.yml
    change (restart it after editing hooks/). PDFs and the offline zip are left out (STUDY_PDF=1
    makes the PDFs). ADDR|PORT: where to listen (default 127.0.0.1:8000, or STUDY_ADDR):
      scripts/dev serve                 http://127.0.0.1:8000/ on this machine only
      scripts/dev serve 8001            another port
      scripts/dev serve 0.0.0.0:8000    to the meeting room's network too: others open
                                        http://THIS-MACHINE'S-ADDRESS:8000/ (see `hostname -I`)
    """,
    Argument(("address",), {"nargs": "?", "metavar": "ADDR|PORT", "help": "PORT or HOST:PORT"}),
)
def serve(args: argparse.Namespace) -> int:
    host, port = parse_address(args.address or os.environ.get("STUDY_ADDR") or str(DEFAULT_PORT))
    ensure_packages(BUILD_PACKAGES, "the PDF libraries and font")
    os.environ.update(build_environment(os.environ))
    # Checked before the first build (seconds) and again when the server binds after it, in case
    # another server took the port meanwhile.
    problem = port_problem(host, port)
    if problem is None:
        try:
            return run_mkdocs(["serve", "--dev-addr", f"{host}:{port}"])
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            problem = busy_port_message(host, port)
    say(f"serve: {problem}")
    return 1


@subcommand(
    "build [--deploy]",
    """
    Build the whole site into site/: both languages, the handout PDFs, the offline zip
    (site/xuexi-duben-offline.zip). Strict: any warning fails the build.
      --deploy   the build to publish: refuses to run unless SITE_URL is the published address
                 (for the sitemap and every page's canonical address), and makes the PDFs even
                 if STUDY_PDF=0. See the maintainers' page "Publishing" (docs/*/maintainers/).
    """,
    Argument(("--deploy",), {"action": "store_true", "help": "the build to publish (requires SITE_URL)"}),
)
def build(args: argparse.Namespace) -> int:
    if args.deploy:
        problem = deploy_problem(os.environ.get("SITE_URL"))
        if problem:
            raise UsageError(problem)
        os.environ.pop("STUDY_PDF", None)  # a published site has its PDFs
    ensure_packages(BUILD_PACKAGES, "the PDF libraries and font")
    os.environ.update(build_environment(os.environ))
    status = run_mkdocs(["build", "--strict"])
    if status == 0 and args.deploy:
        say(f"site/ is ready to publish at {os.environ['SITE_URL'].strip()} (copy the folder's contents there)")
    return status


@subcommand(
    "test [PYTEST ARGUMENTS]",
    """
    Run every test (unit, real data, strict builds, Chromium), after installing Debian's Chromium,
    CJK fonts and poppler-utils when missing. Arguments go to pytest:
      scripts/dev test -m "not slow"            the fast subset: leaves out tests marked slow
      scripts/dev test tests/test_glossary.py   one file;  -k WORDS: tests whose names match
      scripts/dev test -x --lf                  stop at the first failure; rerun the last failures
    The test files run on every core at once (pytest-xdist, one file per worker at a time: its
    module fixtures built once); -n 0 runs them in this process, one after the other.
    The whole suite must stay within 3 minutes on a 2-core machine: --durations=20 lists the
    slowest tests. A check that opens every page belongs in the one sweep of tests/test_page_sweep.py.
    """,
    passthrough=True,
)
def test(pytest_arguments: list[str]) -> int:
    ensure_packages(TEST_PACKAGES, "the browser, fonts and PDF tools the tests use")
    os.environ.update(build_environment(os.environ))
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *parallel_arguments(pytest_arguments), *pytest_arguments])
    return 1  # not reached: pytest replaces this process


# Each test file goes whole to one of a worker per core (a file's fixtures, a built site above all,
# are made once per worker), in the conftest's order: the files with slow tests first, so that the
# long ones do not end up last on one worker (pytest-xdist's own order puts the files with the
# most tests first).
PARALLEL_TESTS = ["-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder"]


def parallel_arguments(pytest_arguments: list[str]) -> list[str]:
    """PARALLEL_TESTS unless the arguments choose the workers themselves (-n, --numprocesses, -p no:xdist)."""
    chosen = any(argument.startswith(("-n", "--numprocesses", "--dist")) or argument == "no:xdist" for argument in pytest_arguments)
    return [] if chosen else PARALLEL_TESTS


def core_module(name: str):
    """A core module of hooks/ (imported on demand: `help` runs before .venv has their packages)."""
    hooks = str(ROOT / "hooks")
    if hooks not in sys.path:
        sys.path.insert(0, hooks)
    return __import__(name)


@subcommand(
    "inspect PATH [--json]",
    """
    What the reader makes of a speech text (title lines, a blank line, one paragraph per line):
    its outline (parts > sections > points, with the ¶ numbers they become), its counts, and
    warnings where the numbering is skipped, restarts or is ambiguous. --json: one JSON object.
      scripts/dev inspect ../shared/corpus/04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.zh.txt
    """,
    passthrough=True,
)
def inspect(words: list[str]) -> int:
    return core_module("speech_inspect").main(words)


@subcommand(
    "accept-text PATH",
    """
    Accept a deliberate change of a reference text (data/speeches/SLUG/speech.zh.txt): pin its new
    SHA-256 in the lock file beside it. Until then the build fails on any change of the text.
    """,
    passthrough=True,
)
def accept_text(words: list[str]) -> int:
    return core_module("reference_text").main(["--accept", *words])


@subcommand(
    "new PATH [--slug SLUG] [--date D] [--speaker S] [--place P]",
    """
    Add a speech to the library from its text (title lines, a blank line, one paragraph per line):
    data/speeches/SLUG/ with the text pinned, meta.yml and units.yml proposed from the outline
    (the opening, one unit per part, the closing), the slug in data/library.yml, and its pages
    in docs/zh/SLUG/. Date, speaker and place come from PATH's .meta.yml beside it (NAME.zh.txt ->
    NAME.meta.yml) where it has them; the options win; what neither gives is left out. Without
    --slug one is proposed from the title and the year, and printed. Nothing is written when the
    text has a problem (empty, no body, not UTF-8 ...) or the slug is taken.
      scripts/dev new ../shared/corpus/04-xijinping-2021-dangshi-xuexi-jiaoyu-dongyuan.zh.txt --slug dangshi-2021
    """,
    Argument(("path",), {"metavar": "PATH", "type": Path, "help": "the speech's text, UTF-8"}),
    Argument(("--slug",), {"help": "the speech's name in URLs and data/ (lowercase words and hyphens)"}),
    Argument(("--date",), {"metavar": "D", "help": "YYYY-MM-DD, YYYY-MM or YYYY, as precise as known"}),
    Argument(("--speaker",), {"metavar": "S", "help": "who gave the speech, as the source names them"}),
    Argument(("--place",), {"metavar": "P", "help": "where it was given"}),
)
def new(args: argparse.Namespace) -> int:
    core, datafiles = core_module("new_speech"), core_module("datafiles")
    try:
        made = core.add_speech(ROOT, args.path, slug=args.slug, date=args.date, speaker=args.speaker, place=args.place)
    except (core.NewSpeechError, datafiles.DataError) as error:
        say(f"new: nothing written: {error}")
        return 1
    print(core.new_report(made, ROOT))
    return 0


@subcommand(
    "pages [--check]",
    """
    Rewrite the pages of every speech but the root one (docs/LANG/SLUG/, first written by `new`;
    the root speech of data/library.yml has hand-written pages) from its data: after adding a
    translation (then its English pages appear), questions, or changing units.yml or meta.yml.
    Generated pages no longer needed are removed. The build fails while any page is missing,
    extra or stale.
      --check   only list what differs (exit status 1 if anything does)
    """,
    Argument(("--check",), {"action": "store_true", "help": "list what differs, change nothing"}),
)
def pages(args: argparse.Namespace) -> int:
    core, datafiles = core_module("new_speech"), core_module("datafiles")
    try:
        result = core.refresh_pages(ROOT, check_only=args.check)
    except datafiles.DataError as error:
        say(f"pages: {error}")
        return 1
    print(core.pages_report(result, args.check))
    return 1 if (args.check and result.problems) or result.changes.foreign else 0


@subcommand("help [SUBCOMMAND]", "This text, or one subcommand's (also: scripts/dev -h).", passthrough=True)
def show_help(words: list[str]) -> int:
    command = SUBCOMMANDS.get(words[0]) if words else None
    if command:
        print(f"usage: scripts/dev {command.usage}\n\n{command.summary}\n\n{ENVIRONMENT_HELP}")
    else:
        print(help_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
