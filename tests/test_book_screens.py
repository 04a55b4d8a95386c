"""Every page on a phone (390 px) and a desktop (1280 px), in Debian's Chromium (Playwright).

For every page of the tested edition (conftest.editions_under_test()) and its translation and the root
page, at both widths, from the one load of that page and width (sitebrowser.SiteBrowser, shared
with test_book_html.py and test_book_charts.py; the reader's system is set to dark):
- the page does not scroll sideways (document width <= window width);
- nothing in the article scrolls sideways either: no table or block hides columns behind a
  scroll box, no heading is wider than its column, no table reaches past the article;
- light mode only, consistently: with the reader's system set to dark, the page is light
  (html[data-theme=light]) and offers no colour-mode switch;
- one search control: one visible search button or field (the search page: its one field);
- at 1280 px: every visible text of the article and the banner has a WCAG AA contrast with its
  background (4.5:1; 3:1 for large text), computed from the colours Chromium applies.
"""
from __future__ import annotations

import pytest

from colourcheck import blend, contrast
from conftest import NOT_BUILT, site_pages
from sitebrowser import WIDTHS

pytestmark = pytest.mark.book

AA, AA_LARGE = 4.5, 3.0
PAGES = site_pages()


def _composite(fg, layers):
    under = (1.0, 1.0, 1.0)
    for colour in reversed(layers):
        under = blend(colour[:3], colour[3], under)
    return blend(fg[:3], fg[3], under), under


def _weak_contrast(texts) -> list[str]:
    weak = []
    for t in texts:
        if not t["fg"]:
            continue
        fg, bg = _composite(t["fg"], t["bg"])
        large = t["size"] >= 24 or (t["size"] >= 18.66 and t["weight"] >= 700)
        ratio = contrast(fg, bg)
        if ratio < (AA_LARGE if large else AA):
            weak.append(f"contrast {ratio:.2f}:1 below WCAG AA: {t['text']!r}")
    return sorted(set(weak))[:30]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))])
def test_page_on_screen(site_browser, page, width):
    """Fits the width, light mode only, one search control; at the desktop width also contrast."""
    report = site_browser.load(page, width)
    result = report.layout
    problems = list(result["problems"])
    if page != "index.html":  # the root page of editions is plain HTML without the theme
        if result["theme"] != "light":
            problems.append(f"the reader's system is dark and the page is {result['theme']!r}, not light")
        if result["switches"]:
            problems.append("the page offers a colour-mode switch (the book is light mode only)")
        if len(result["searchControls"]) != 1:
            problems.append(f"{len(result['searchControls'])} visible search controls, expected one: "
                            f"{result['searchControls']}")
    problems += _weak_contrast(report.texts)
    if problems:
        pytest.fail(f"{page} at {width} px:\n  " + "\n  ".join(problems), pytrace=False)
