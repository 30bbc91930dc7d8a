"""MkDocs events for asset bundles (core: bundles.py).

- on_files: for every bundle of `extra.bundles` in mkdocs.yml, replace its source files
  (from overrides/) by one minified file; pages link the bundles (extra_css, extra_javascript).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from bundles import bundle_text, parse_bundles
from datafiles import DataError

CONFIG_KEY = "bundles"


@event_priority(-110)  # after static-i18n's on_files, which rebuilds the file list of each language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    where = f"{config.config_file_path}: extra.{CONFIG_KEY}"
    try:
        bundles = parse_bundles(config.extra.get(CONFIG_KEY), where)
    except DataError as error:
        raise PluginError(str(error)) from None
    found = {source: files.get_file_from_path(source) for bundle in bundles for source in bundle.sources}
    missing = [f"{bundle.output}: no file {source!r} (in docs/ or overrides/)" for bundle in bundles for source in bundle.sources if found[source] is None]
    if missing:
        raise PluginError(str(DataError(where, missing)))
    for bundle in bundles:
        sources = [found[source] for source in bundle.sources]
        text = bundle_text(bundle, [source.content_string for source in sources])
        for source in sources:
            files.remove(source)
        files.append(File.generated(config, bundle.output, content=text))
    return files
