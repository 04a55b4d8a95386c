"""The built site as a reader's browser sees it: every page loaded in headless Chromium.

The site (_build/html) is served over http://127.0.0.1:<free port>/ from a thread, so that
fetch/XHR (the search index, the theme's scripts) behave as on the real site. Every page is loaded
once per width (390 and 1280 px) by sitebrowser.SiteBrowser, with empty storage (a first-time reader
who lands on that page); test_book_screens.py and test_book_charts.py assert on the same loads. For every page of the tested edition (conftest.
editions_under_test(): the newest, or BOOK_TEST_EDITIONS=all) and its translation, plus the root page,
at both widths:

- no failed request, no response >= 400 (as seen by the browser and by the server; except the
  /favicon.ico a browser asks for on its own, at no fixed moment: test_book_links.py checks that
  every page declares its icon),
- no console error and no uncaught JavaScript exception,
- no request to any host other than 127.0.0.1 (the book works offline: no CDN fonts or scripts;
  such requests are recorded and aborted, never sent),
- no broken image (an <img> whose naturalWidth is 0 once loaded),
- <html lang> is the page's language ("nl"; "en" under <edition>/en/).

And per tested edition and language: search.html?q=<a word of the book> lists results.

The browser is Debian's Chromium (/usr/bin/chromium) driven by Playwright; no browser is downloaded.
"""
from __future__ import annotations

import pytest

from conftest import NOT_BUILT, page_language, site_pages
from sitebrowser import PAGE_TIMEOUT_MS, WIDTHS, PageLoad, settle, watch

pytestmark = pytest.mark.book

SEARCH_WORD = "talentstrategie"   # in the title and the text of every edition, in both languages

_NOT_BUILT = [pytest.param(None, None, marks=pytest.mark.skip(reason=NOT_BUILT))]
PAGE_WIDTHS = [pytest.param(page, width, id=f"{page}-{width}") for page in site_pages() for width in WIDTHS] \
    or _NOT_BUILT


def _listing(items: list[str]) -> str:
    return "\n  " + "\n  ".join(items)


# -- the checks, one test per page and width ----------------------------------------------------

@pytest.mark.parametrize(("page", "width"), PAGE_WIDTHS)
def test_no_failed_requests(site_browser, page, width):
    report = site_browser.load(page, width)
    if report.failed:
        pytest.fail(f"{page} at {width} px: failed requests:{_listing(report.failed)}", pytrace=False)


@pytest.mark.parametrize(("page", "width"), PAGE_WIDTHS)
def test_no_console_errors(site_browser, page, width):
    report = site_browser.load(page, width)
    if report.console:
        pytest.fail(f"{page} at {width} px: errors in the browser console:{_listing(report.console)}",
                    pytrace=False)


@pytest.mark.parametrize(("page", "width"), PAGE_WIDTHS)
def test_no_requests_to_other_hosts(site_browser, page, width):
    report = site_browser.load(page, width)
    if report.external:
        pytest.fail(f"{page} at {width} px: the page asks other hosts for resources (the book must work "
                    f"offline: ship fonts and scripts in _static/):{_listing(sorted(set(report.external)))}",
                    pytrace=False)


@pytest.mark.parametrize(("page", "width"), PAGE_WIDTHS)
def test_no_broken_images(site_browser, page, width):
    report = site_browser.load(page, width)
    if report.broken_images:
        pytest.fail(f"{page} at {width} px: images that do not load:{_listing(report.broken_images)}",
                    pytrace=False)


@pytest.mark.parametrize(("page", "width"), PAGE_WIDTHS)
def test_language_is_the_pages(site_browser, page, width):
    report = site_browser.load(page, width)
    expected = page_language(page)
    assert report.lang == expected, f"{page}: <html lang={report.lang!r}>, expected {expected!r}"


_SEARCH_DONE_JS = """() => !!document.querySelector('#search-results ul.search li') ||
  ((document.querySelector('#search-results .search-summary') || {}).textContent || '').trim() !== ''"""

SEARCH_PAGES = [p for p in site_pages() if p.endswith("/search.html")] \
    or [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))]


@pytest.mark.parametrize("search_page", SEARCH_PAGES)
def test_search_finds_a_word_of_the_book(site_server, browser, search_page):
    report = PageLoad(search_page, 0)
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        state = watch(page, report)
        page.goto(f"{site_server.base}{search_page}?q={SEARCH_WORD}", wait_until="load", timeout=PAGE_TIMEOUT_MS)
        try:  # results appear one by one; the summary line is written when the search is done
            page.wait_for_function(_SEARCH_DONE_JS, timeout=PAGE_TIMEOUT_MS)
        except Exception:  # playwright's TimeoutError: the assertions below say what is wrong
            pass
        settle(page, state)
        results = page.locator("#search-results ul.search li")
        found = results.count()
        summary = page.locator("#search-results").inner_text(timeout=2000)
        first_link = results.first.locator("a").first.get_attribute("href") if found else None
    finally:
        context.close()
    assert found > 0, (f"{search_page}?q={SEARCH_WORD} lists no results; the page says: "
                       f"{' '.join(summary.split())[:300]!r}")
    assert first_link and not first_link.startswith(("http://", "https://", "//")), first_link
