"""Links of the built site, read from the HTML files (standard library html.parser, no network).

- every internal link or resource (href, src, srcset, action, data; relative or same-site) of
  every page resolves to a file of the site, and every #anchor to an id on the target page;
- Sphinx's unresolved cross-references (a {numref}, {ref} or {doc} whose target is missing is
  rendered as code instead of a link, e.g. "figuur %s") do not occur;
- every page declares an icon (else browsers request /favicon.ico: a 404 in the console);
- no page or stylesheet loads a resource from another host (the site works offline);
- external links (http, https, mailto, ...) are listed in tests/artifacts/external-links.txt for a
  human to check; they are never fetched.
"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ARTIFACTS, fail_listing, parse_html, site_pages

pytestmark = pytest.mark.book

# attributes that point at another document or resource
LINK_ATTRS = {"a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
              "script": ("src",), "iframe": ("src",), "source": ("src", "srcset"),
              "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",),
              "object": ("data",), "form": ("action",), "input": ("src",)}
# <link rel=...> values that make the browser fetch something (the others are navigation hints)
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "shortcut",
                 "apple-touch-icon", "manifest", "preconnect", "dns-prefetch"}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SKIP_SCHEMES = {"javascript", "data", "blob", "about"}


class Site:
    """Every page parsed once: its ids and its links."""

    def __init__(self, root: Path):
        self.root = root
        self.pages = site_pages()
        self.ids: dict[str, set[str]] = {}
        self.links: dict[str, list[tuple[int, str, str, str]]] = {}  # page -> (line, tag, attr, url)
        self.unresolved: dict[str, list[tuple[int, str]]] = {}
        self.icons: set[str] = set()  # pages with a <link rel="icon">
        for page in self.pages:
            tree = parse_html(root / page)
            ids, links, unresolved = set(), [], []
            for node in tree.iter():
                if node.tag == "#document":
                    continue
                for key in ("id", "name") if node.tag in ("a", "map") else ("id",):
                    if node.attrs.get(key):
                        ids.add(node.attrs[key])
                for attr in LINK_ATTRS.get(node.tag, ()):
                    value = node.attrs.get(attr)
                    if value is None:
                        continue
                    if node.tag == "link" and attr == "href":
                        rels = set((node.attrs.get("rel") or "").lower().split())
                        if "icon" in rels:
                            self.icons.add(page)
                        kind = "resource" if rels & FETCHING_RELS else "link"
                    elif node.tag in ("a", "area", "form"):
                        kind = "link"
                    else:
                        kind = "resource"
                    urls = ([u.strip().split()[0] for u in value.split(",") if u.strip()]
                            if attr == "srcset" else [value.strip()])
                    links += [(node.line, kind, f"<{node.tag} {attr}>", u) for u in urls]
                if node.tag == "code" and "xref" in node.classes() \
                        and not any(a.tag == "a" for a in node.ancestors()):
                    unresolved.append((node.line, " ".join(node.text().split())))
            self.ids[page], self.links[page], self.unresolved[page] = ids, links, unresolved

    def ids_of(self, page: str) -> set[str]:
        if page not in self.ids:  # a page outside site_pages(), e.g. under _static/
            self.ids[page] = {n.attrs["id"] for n in parse_html(self.root / page).iter() if n.attrs.get("id")}
        return self.ids[page]


@pytest.fixture(scope="module")
def site(built_site):
    return Site(built_site)


def _resolve(page: str, url: str) -> tuple[str | None, str, str]:
    """(path relative to the site root or None if it leaves the site, fragment, problem)."""
    parts = urlsplit(url)
    target = unquote(parts.path)
    if target.startswith("/"):
        joined = posixpath.normpath(target.lstrip("/")) if target.strip("/") else "."
    elif target == "":
        joined = page  # "#anchor" or "?query": this page
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
    if joined == ".." or joined.startswith("../"):
        return None, parts.fragment, "points outside the site"
    return joined, unquote(parts.fragment), ""


def _external(url: str) -> bool:
    parts = urlsplit(url)
    if url.startswith("//"):
        return (parts.hostname or "") not in LOCAL_HOSTS
    return bool(parts.scheme) and not (parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS)


def test_internal_links_and_anchors_resolve(site):
    broken = []
    for page in site.pages:
        for line, _, where, url in site.links[page]:
            if not url or url == "#" or _external(url) or urlsplit(url).scheme in SKIP_SCHEMES:
                continue
            target, fragment, problem = _resolve(page, url)
            if target is None:
                broken.append(f"{page}:{line} {where} {url!r}: {problem}")
                continue
            path = site.root / target
            if path.is_dir():
                path, target = path / "index.html", posixpath.join(target, "index.html")
            if not path.is_file():
                broken.append(f"{page}:{line} {where} {url!r}: no file {target}")
                continue
            if fragment and path.suffix == ".html" and fragment not in site.ids_of(target):
                broken.append(f"{page}:{line} {where} {url!r}: no id {fragment!r} in {target}")
    if broken:
        fail_listing(f"{len(broken)} broken internal link(s)", broken)


def test_no_unresolved_cross_references(site):
    found = [f"{page}:{line} {text!r}" for page in site.pages for line, text in site.unresolved[page]]
    if found:
        fail_listing("cross-references whose target does not exist (rendered as text, not as a "
                           f"link)", found)


def test_every_page_declares_an_icon(site):
    """A page without <link rel="icon"> makes the browser ask the server for /favicon.ico, which the
    site does not have (on a site under /<name>/ it is not even the site's): a failed request
    and a console error on every first visit."""
    lacking = [page for page in site.pages if page not in site.icons]  # the icon's file: see above
    fail_listing("pages that declare no icon (the browser then requests /favicon.ico and gets a 404)",
                 lacking)


def test_no_resource_from_another_host(site):
    found = [f"{page}:{line} {where} {url}" for page in site.pages
             for line, kind, where, url in site.links[page] if kind == "resource" and _external(url)]
    if found:
        fail_listing("pages load resources from other hosts (the book must work offline)", found)


_CSS_URL = re.compile(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)|@import\s+['"]((?:https?:)?//[^'"]+)""")


def test_stylesheets_load_nothing_from_another_host(built_site):
    found = []
    for css in sorted(built_site.rglob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8", errors="replace"), flags=re.S)
        for match in _CSS_URL.finditer(text):
            found.append(f"{css.relative_to(built_site)}: {match.group(1) or match.group(2)}")
    if found:
        fail_listing("stylesheets fetch from other hosts (fonts from a CDN?)", found)


def test_external_links_are_listed(site):
    """Write every external link with the pages that use it; not fetched (no network)."""
    pages_of: dict[str, set[str]] = defaultdict(set)
    for page in site.pages:
        for _, kind, _, url in site.links[page]:
            if kind == "link" and _external(url):
                pages_of[url].add(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "external-links.txt"
    lines = [f"# {len(pages_of)} external link(s) of {site.root.relative_to(site.root.parent.parent)}; "
             "not fetched by the tests. url<TAB>pages"]
    lines += [f"{url}\t{' '.join(sorted(pages))}" for url, pages in sorted(pages_of.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    malformed = [url for url in pages_of
                 if urlsplit(url).scheme in ("http", "https") and not urlsplit(url).hostname]
    if malformed:
        pytest.fail(f"external links without a host: {malformed}", pytrace=False)
