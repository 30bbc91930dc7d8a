"""Asset bundles: our stylesheets and scripts reach readers as one minified file per kind."""

from __future__ import annotations

import re

import pytest
from mkdocs.config import load_config

from bundles import Bundle, bundle_text, parse_bundles
from conftest import ROOT
from datafiles import DataError


def test_a_bundle_is_its_sources_in_order_minified():
    bundle = Bundle("a/all.css", ("a/one.css", "a/two.css"))
    text = bundle_text(bundle, ["/* why */\n.one {\n  color: red;\n}\n", "@media print {\n  .two { display: none; }\n}\n"])
    assert text == ".one{color:red}@media print{.two{display:none}}"


def test_scripts_keep_their_statements_apart():
    bundle = Bundle("a/all.js", ("a/one.js", "a/two.js"))
    text = bundle_text(bundle, ["// one\nvar a = 1\n", "(function () {\n  a += 1\n})()\n"])
    assert text == "var a=1\n(function(){a+=1})()"


def test_every_problem_of_the_bundle_list_is_named_at_once():
    with pytest.raises(DataError) as raised:
        parse_bundles(
            {
                "css/all.css": ["css/one.css", "js/two.css", "css/three.js"],
                "css/more.css": ["css/one.css"],
                "all.txt": ["a.txt"],
                "js/none.js": [],
            },
            "mkdocs.yml: extra.bundles",
        )
    message = str(raised.value)
    assert message.startswith("mkdocs.yml: extra.bundles: 5 problem(s)")
    for expected in ("'js/two.css' is not in the output's folder", "'css/three.js' is not a .css file",
                     "'css/one.css' is already in 'css/all.css'", "'all.txt': the output must be a path ending in .css or .js",
                     "js/none.js: expected a non-empty list"):
        assert expected in message


def test_pages_load_one_stylesheet_and_one_script_of_ours_with_every_source_in_it(site):
    bundles = parse_bundles(load_config(str(ROOT / "mkdocs.yml"))["extra"]["bundles"], "mkdocs.yml")
    for bundle in bundles:
        assert (site / bundle.output).is_file()
        for source in bundle.sources:
            assert not (site / source).exists()  # only the bundle is shipped
            # The bundle holds each source: its first selector, or its first function name.
            text = (ROOT / "overrides" / source).read_text("utf-8")
            marker = re.search(r"^([.#@a-z][^{,\n]*?)\s*[{,]", text, re.M) if bundle.kind == ".css" else re.search(r"function (\w+)", text)
            assert marker and marker.group(1).replace(" ", "") in (site / bundle.output).read_text("utf-8").replace(" ", ""), source
    for page in ("index.html", "en/units/part-1.html", "glossary.html"):
        html = (site / page).read_text("utf-8")
        ours = re.findall(r'(?:href|src)="[./]*(assets/[^"]+)"', html)
        ours = [asset for asset in ours if not re.search(r"/(main|palette|bundle)\.[0-9a-f]{8}\.min\.|iframe-worker|images/", asset)]
        assert sorted(ours) == sorted(bundle.output for bundle in bundles), page
