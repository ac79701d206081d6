"""Check every internal link of the built HTML site, without the network.

Each ``href``/``src`` that is not an external URL must name a file of the site, and its
``#fragment`` an element id of that file. (Sphinx's ``linkcheck`` builder checks external URLs
and would re-run the whole build, tutorials included; external links are not checked here,
since the build has no network.) ::

    python docs/_ext/geoplug_links.py docs/_build/html

Exit status 1 lists each broken link with the page it is on.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value is None:
                continue
            if key in ("id", "name"):
                self.ids.add(value)
            elif key in ("href", "src") and not (tag == "link" and "_static" in value):
                self.links.append(value)


def _is_external(link: str) -> bool:
    parts = urlsplit(link)
    return bool(parts.scheme) or link.startswith("//")


def check(site: Path) -> tuple[int, list[str]]:
    """(internal links checked, problems) for the HTML files under ``site``."""
    pages: dict[Path, _Page] = {}
    for path in sorted(site.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = page
    checked, problems = 0, []
    for path, page in pages.items():
        for link in page.links:
            if _is_external(link) or link.startswith("javascript:"):
                continue
            checked += 1
            parts = urlsplit(link)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            where = path.relative_to(site.resolve())
            if not target.exists():
                problems.append(f"{where}: {link} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{where}: {link} (no id {parts.fragment!r} there)")
    return checked, problems


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "docs/_build/html")
    if not (site / "index.html").exists():
        print(f"{site} holds no built site (index.html): build the HTML first")
        return 2
    checked, problems = check(site)
    if problems:
        print(f"{len(problems)} broken internal link(s):")
        for problem in problems:
            print("  " + problem)
        return 1
    print(f"internal links: {checked} checked in {site}, none broken")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
