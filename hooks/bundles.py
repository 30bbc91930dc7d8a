"""Asset bundles: several stylesheets (or scripts) served as one minified file.

Every page loads our CSS and JS: one file per kind, minified, is about half the gzip bytes
of the separate readable sources (issue 8's page-bytes target), while the sources stay
separate and commented in overrides/. The minifiers are rcssmin and rjsmin (C-accelerated,
conservative: they strip comments and whitespace and never rename anything).

`extra.bundles` in mkdocs.yml says which: `{output path: [source paths]}`, paths from the
site root, all of one kind (.css or .js) and in one folder, so relative `url()`s still hold.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

import rcssmin
import rjsmin

from datafiles import DataError, Problems

MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


@dataclass(frozen=True)
class Bundle:
    output: str
    sources: tuple[str, ...]

    @property
    def kind(self) -> str:
        return posixpath.splitext(self.output)[1]


def parse_bundles(value: object, where: str) -> list[Bundle]:
    """The bundles of a `{output: [sources]}` mapping; a DataError names every problem."""
    if value is None:
        return []
    if not isinstance(value, dict):
        raise DataError(where, [f"expected a mapping of output path to a list of source paths, got {value!r}"])
    problems = Problems(where)
    bundles, claimed = [], {}
    for output, sources in value.items():
        if not isinstance(output, str) or posixpath.splitext(output)[1] not in MINIFIERS:
            problems.add(repr(output), f"the output must be a path ending in {' or '.join(MINIFIERS)}")
            continue
        if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
            problems.add(output, f"expected a non-empty list of source paths, got {sources!r}")
            continue
        kind, folder = posixpath.splitext(output)[1], posixpath.dirname(output)
        for source in sources:
            if posixpath.splitext(source)[1] != kind:
                problems.add(output, f"source {source!r} is not a {kind} file")
            if posixpath.dirname(source) != folder:
                problems.add(output, f"source {source!r} is not in the output's folder {folder!r} (relative URLs would break)")
            if source == output:
                problems.add(output, "the output cannot be one of its own sources")
            if source in claimed:
                problems.add(output, f"source {source!r} is already in {claimed[source]!r}")
            claimed[source] = output
        bundles.append(Bundle(output, tuple(sources)))
    problems.raise_if_any()
    return bundles


def bundle_text(bundle: Bundle, texts: list[str]) -> str:
    """The bundle's content: its sources' `texts`, in order, minified as one file."""
    return MINIFIERS[bundle.kind]("\n".join(texts))
