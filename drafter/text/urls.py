"""What a cited URL points at: a specific page, or only a site's home page."""

from __future__ import annotations

from urllib.parse import urlsplit

_INDEX_PAGES = frozenset({"index.html", "index.htm", "index.php", "default.aspx", "home"})


def is_home_page(url: str) -> bool:
    """Tell whether a URL is a bare home page ("https://www.fcc.gov/"), which proves nothing.

    A URL with no path (or only ``/``, or only an index page such as ``/index.html``) and no
    query names the site, not the document a claim rests on.
    """
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return False
    path = parts.path.strip("/").lower()
    return not parts.query and (not path or path in _INDEX_PAGES)
