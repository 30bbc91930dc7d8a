"""MkDocs event for the site's address (mkdocs.yml: `site_url: !ENV SITE_URL`).

- on_config: an unset or empty SITE_URL means the local `mkdocs serve` address. YAML reads an empty
  variable as null, and MkDocs would then write "None" in front of every sitemap address.

The address is needed before any other hook or plugin reads it (static-i18n's language links, the
sitemap, handouts' links), hence the high priority.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

LOCAL_SITE_URL = "http://127.0.0.1:8000/"


def site_url_or_local(value: str | None) -> str:
    """The configured address, or the local serve address when it is unset, empty or blank."""
    return value.strip() if value and value.strip() else LOCAL_SITE_URL


@event_priority(100)
def on_config(config: MkDocsConfig) -> None:
    config.site_url = site_url_or_local(config.site_url)
