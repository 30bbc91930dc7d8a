"""Link checker over the built site, both languages: every internal link and #anchor resolves.

For every HTML page (404 pages included: they link to the site too), every `href`, `src` and
`srcset` URL that is not on another host or scheme must name a file inside the site, and its
#fragment an element id (or <a name>) in the target page. Ids must also be unique within a page,
or a #fragment is ambiguous.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

URL_ATTRIBUTES = ("href", "src", "srcset", "poster", "data")  # <object data>; action= is not used


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def urls_in(soup: BeautifulSoup):
    """(tag name, attribute, URL) of every URL attribute in the page."""
    for tag in soup.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = tag.get(attribute)
            if value is None or (attribute == "data" and tag.name != "object"):
                continue
            if attribute == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        yield tag.name, attribute, candidate.split()[0]
            else:
                yield tag.name, attribute, value.strip()


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc  # relative or root-relative: inside this site


def resolve(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """The file a relative URL names (None if it leaves the site) and its decoded fragment."""
    parts = urlsplit(url)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    base = PurePosixPath("/") if parts.path.startswith("/") else PurePosixPath("/", page.relative_to(site).parent.as_posix())
    segments: list[str] = []
    for segment in (base / unquote(parts.path)).parts[1:]:
        if segment == "..":
            if not segments:
                return None, fragment
            segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    target = site.joinpath(*segments)
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, fragment


@lru_cache(maxsize=None)
def anchors_of(path: Path) -> frozenset[str]:
    soup = parse(path)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    names = {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids | names)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_internal_link_and_anchor_resolves(site):
    pages = html_pages(site)
    assert site / "index.html" in pages and site / "en" / "index.html" in pages
    errors, checked = [], 0
    for page in pages:
        where = page.relative_to(site).as_posix()
        for tag, attribute, url in urls_in(parse(page)):
            if not url or not is_internal(url):
                continue  # other hosts and schemes (https:, mailto:, javascript:, data:) are not ours to check
            checked += 1
            target, fragment = resolve(site, page, url)
            if target is None:
                errors.append(f"{where}: <{tag} {attribute}={url!r}> leaves the site")
            elif not target.is_file():
                errors.append(f"{where}: <{tag} {attribute}={url!r}> -> missing file {target.relative_to(site).as_posix()}")
            elif fragment and target.suffix == ".html" and fragment not in anchors_of(target):
                errors.append(f"{where}: <{tag} {attribute}={url!r}> -> no id {fragment!r} in {target.relative_to(site).as_posix()}")
    assert checked > 1000, f"only {checked} internal URLs found: is the site built?"
    if errors:
        pytest.fail(f"{len(errors)} broken internal link(s) of {checked}:\n" + "\n".join(errors), pytrace=False)


# Pages whose duplicate ids come from a known bug, reported to the owner of the code: page -> cause.
# Each must still have duplicates (the test fails when it no longer does, so that its entry goes).
KNOWN_DUPLICATE_IDS: dict[str, str] = {}


def test_ids_are_unique_on_every_page(site):
    errors, known = [], set()
    for page in html_pages(site):
        where = page.relative_to(site).as_posix()
        counts = Counter(tag["id"] for tag in parse(page).find_all(id=True))
        duplicates = sorted(f"{name} (x{n})" for name, n in counts.items() if n > 1)
        if duplicates and where in KNOWN_DUPLICATE_IDS:
            known.add(where)
        elif duplicates:
            errors.append(f"{where}: {', '.join(duplicates)}")
    gone = sorted(set(KNOWN_DUPLICATE_IDS) - known)
    assert not gone, f"fixed, remove from KNOWN_DUPLICATE_IDS: {gone}"
    if errors:
        pytest.fail("duplicate ids (a #link to them is ambiguous):\n" + "\n".join(errors), pytrace=False)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("part-1.html#p6-2", ("en/units/part-1.html", "p6-2")),
        ("../glossary.html#term-x", ("en/glossary.html", "term-x")),
        ("../../units/part-1.html", ("units/part-1.html", "")),
        ("#top", ("en/units/a.html", "top")),
        ("/assets/x.css", ("assets/x.css", "")),
        ("./", ("en/units/index.html", "")),
        ("%E4%B8%AD.html#%E4%B8%AD", ("en/units/中.html", "中")),
        ("../../../x.html", (None, "")),
    ],
)
def test_resolve(tmp_path, url, expected):
    page = tmp_path / "en" / "units" / "a.html"
    target, fragment = resolve(tmp_path, page, url)
    assert (None if target is None else target.relative_to(tmp_path).as_posix(), fragment) == expected
