"""The web book's interface and front page, read from the built HTML (no browser).

- Dutch interface: none of the themes' English strings is left on any page, in its text or in the
  attributes a reader meets (title, aria-label, placeholder, alt, value), nor in the search page's
  JavaScript messages; no index page (genindex) and no link to one;
- the front page of each edition: five key findings whose numbers are the glued key numbers of
  that edition (index.md's glue keys looked up in its kerncijfers.csv), a 'Hoe citeren' box
  with the reference from CITATION.cff, and page metadata for sharing (description, Open Graph
  title naming the edition, an Open Graph image that is a file of the site).
"""
from __future__ import annotations

import posixpath
import re

import pytest

from conftest import (NOT_BUILT, SITE, edition_figures_dir, fail_listing, parse_html, site_pages,
                      editions_under_test)

pytestmark = pytest.mark.book

ENGLISH = ["Back to top", "Skip to main content", "Link to this", "Color mode", "Light", "Dark",
           "System Settings", "Search...", "Search the docs", "Toggle", "Contents", "Print to PDF",
           "Download this page", "Download source file", "Download notebook file",
           "previous page", "next page", "On this page", "Announcement", "Version warning",
           "Site navigation", "Section Navigation", "Breadcrumb", "Copyright", "Last updated",
           "Search Results", "Search finished", "Searching", "Preparing search", "Hide Search Matches",
           "Please activate JavaScript", "Main", "Page", "By Voka", "Fullscreen", "Edit this page"]
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "value", "data-bs-title")
SKIP_TEXT_IN = {"script", "style", "pre", "code"}
PAGES = site_pages("nl")   # the Dutch pages of the tested edition (test_english.py: the English ones)


def _reader_strings(path):
    """(where, text, in the article) for every text node outside scripts, styles and code, and
    every reader-facing attribute."""
    tree = parse_html(path)
    for node in tree.iter():
        if node.tag == "#document":
            continue
        in_article = any("bd-article" in a.classes() for a in node.ancestors())
        for attr in ATTRIBUTES:
            if node.attrs.get(attr):
                yield f"{node.tag}[{attr}]", node.attrs[attr], in_article
        if node.tag in SKIP_TEXT_IN or any(a.tag in SKIP_TEXT_IN for a in node.ancestors()):
            continue
        for child in node.children:
            if isinstance(child, str) and child.strip():
                yield node.tag, " ".join(child.split()), in_article


def _english(text: str, in_article: bool) -> list[str]:
    """The English strings in text; in the article (the paper's and the data's own words, e.g.
    'European Skills Index') only the interface's phrases of more than one word count."""
    return [w for w in ENGLISH if (" " in w or not in_article)
            and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


@pytest.mark.parametrize("page", PAGES or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))])
def test_no_english_interface_strings(page):
    found = [f"{where}: {text[:80]!r} ({', '.join(words)})"
             for where, text, in_article in _reader_strings(SITE / page) if (words := _english(text, in_article))]
    fail_listing(f"{page}: English left in the interface", sorted(set(found)))


@pytest.mark.parametrize("edition", editions_under_test() or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))])
def test_search_messages_are_dutch(edition):
    """The search page writes its messages from _static/translations.js."""
    js = (SITE / edition / "_static" / "translations.js").read_text(encoding="utf-8")
    for msgid in ("Search finished, found ${resultCount} page(s) matching the search query.", "Search Results",
                  "Searching", "Preparing search...", "Hide Search Matches"):
        match = re.search(re.escape(f'"{msgid}": ') + r'"([^"]*)"', js)
        assert match and match.group(1).strip(), f"{edition}/_static/translations.js: no Dutch for {msgid!r}"


@pytest.mark.parametrize("edition", editions_under_test() or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))])
def test_no_index_page(edition):
    assert not (SITE / edition / "genindex.html").exists(), f"{edition}/genindex.html: an empty index page"
    linking = [p for p in PAGES if p.startswith(f"{edition}/")
               and "genindex" in (SITE / p).read_text(encoding="utf-8")]
    fail_listing(f"edition {edition}: pages that link to an index page", linking)


def _findings(edition: str) -> list:
    tree = parse_html(SITE / edition / "index.html")
    section = next((n for n in tree.iter("section") if n.attrs.get("id") == "vijf-kernbevindingen"), None)
    assert section is not None, f"{edition}/index.html: no section 'Vijf kernbevindingen'"
    return [li for ol in section.iter("ol") for li in ol.children if getattr(li, "tag", "") == "li"]


@pytest.mark.parametrize("edition", editions_under_test() or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))])
def test_front_page_key_findings_are_glued(edition):
    import pandas as pd

    from databook import paths

    items = _findings(edition)
    assert len(items) == 5, f"{edition}/index.html: {len(items)} key findings, expected five"
    source = (paths.ROOT / "index.md").read_text(encoding="utf-8")
    block = source.split("### Vijf kernbevindingen", 1)[1].split("\n### ", 1)[0]
    keys = re.findall(r"\{glue:text\}`notebooks/([\w-]+)\.ipynb::(\w+):s`", block)
    assert len(keys) >= 5, "index.md: the key findings must glue their numbers ({glue:text}`nb.ipynb::key:s`)"
    facts = pd.read_csv(edition_figures_dir(edition) / "kerncijfers.csv", dtype=str, keep_default_na=False)
    text_of = {(r.notebook, r.id): r.text for r in facts.itertuples()}
    shown = " ".join(" ".join(li.text().split()) for li in items)
    problems = []
    for notebook, key in keys:
        if (notebook, key) not in text_of:
            problems.append(f"{notebook}::{key} is not a key number of edition {edition}")
        elif " ".join(text_of[(notebook, key)].split()) not in shown:
            problems.append(f"{notebook}::{key} = {text_of[(notebook, key)]!r} is not shown")
    for number, li in enumerate(items, start=1):
        if not any("pasted-text" in n.classes() for n in li.iter("span")):
            problems.append(f"finding {number} shows no glued number")
    fail_listing(f"{edition}/index.html: key findings", problems)


@pytest.mark.parametrize("edition", editions_under_test() or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))])
def test_front_page_says_how_to_cite(edition):
    from databook import colophon, editions

    ed = editions.load_edition(edition)
    text = " ".join(parse_html(SITE / edition / "index.html").text().split())
    assert "Hoe citeren" in text, f"{edition}/index.html: no 'Hoe citeren' box"
    assert colophon.reference(ed) in text, f"{edition}/index.html: the reference {colophon.reference(ed)!r} is missing"


@pytest.mark.parametrize("edition", editions_under_test() or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))])
def test_front_page_metadata_for_sharing(edition):
    tree = parse_html(SITE / edition / "index.html")
    meta = {(m.attrs.get("property") or m.attrs.get("name")): m.attrs.get("content", "") for m in tree.iter("meta")}
    problems = []
    if len(meta.get("description", "")) < 50:
        problems.append(f"meta description too short or missing: {meta.get('description')!r}")
    if f"editie {edition}" not in meta.get("og:title", ""):
        problems.append(f"og:title does not name the edition: {meta.get('og:title')!r}")
    image = meta.get("og:image", "")
    target = SITE / edition / posixpath.normpath(image) if image and "://" not in image else None
    if not image or (target is not None and not target.is_file()):
        problems.append(f"og:image {image!r} is not a file of the site")
    fail_listing(f"{edition}/index.html: sharing metadata", problems)
