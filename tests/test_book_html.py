"""The built site as a reader's browser sees it: every page loaded in headless Chromium.

The site (_build/html) is served over http://127.0.0.1:<free port>/ from a thread, so that
fetch/XHR (the search index, the theme's scripts) behave as on the real site. One browser serves the
module; every page gets a fresh browser context (empty cache and storage: a first-time reader who
lands on that page). For every page of every edition, plus the root page:

- no failed request, no response >= 400 (as seen by the browser and by the server; except the
  /favicon.ico a browser asks for on its own, at no fixed moment: test_book_links.py checks that
  every page declares its icon),
- no console error and no uncaught JavaScript exception,
- no request to any host other than 127.0.0.1 (the book works offline: no CDN fonts or scripts;
  such requests are recorded and aborted, never sent),
- no broken image (an <img> whose naturalWidth is 0 once loaded),
- <html lang="nl">.

And per edition: search.html?q=<a word of the book> lists results.

The browser is Debian's Chromium (/usr/bin/chromium) driven by Playwright; no browser is downloaded.
"""
from __future__ import annotations

import functools
import http.server
import threading
import time
from urllib.parse import urlsplit

import pytest

from conftest import NOT_BUILT, SITE, built_editions, site_pages

pytestmark = pytest.mark.book

SEARCH_WORD = "talentstrategie"   # in the title and the text of every edition
QUIET_MS = 250                    # a page is settled after this long without a request in flight
PAGE_TIMEOUT_MS = 20_000
BATCH = 4                         # pages loading at the same time (one context each)

PAGES = site_pages()
EDITIONS = built_editions()
_NOT_BUILT = [pytest.param(None, marks=pytest.mark.skip(reason=NOT_BUILT))]


# -- the local web server ----------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; remembers every answer >= 400 (the browser does not report all of them,
    e.g. the favicon a browser asks for by itself)."""

    errors: list[tuple[float, int, str]] = []

    def log_request(self, code="-", size="-"):
        try:
            status = int(code)
        except (TypeError, ValueError):
            status = 0
        if status >= 400:
            self.errors.append((time.monotonic(), status, self.path))

    def log_message(self, fmt, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    if not (SITE / "index.html").exists():
        pytest.skip(NOT_BUILT)
    handler = type("Handler", (_Handler,), {"errors": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(handler, directory=str(SITE)))
    thread = threading.Thread(target=httpd.serve_forever, name="book-site", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", handler.errors
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)




# -- loading one page ----------------------------------------------------------------------------

class PageReport:
    def __init__(self, page: str):
        self.page = page
        self.failed: list[str] = []      # requests that failed or answered >= 400
        self.console: list[str] = []     # console errors and uncaught exceptions
        self.external: list[str] = []    # requests to another host
        self.broken_images: list[str] = []
        self.lang: str | None = None


def _favicon_probe(url: str) -> bool:
    """The request a browser makes by itself for /favicon.ico when a page declares no icon. It
    comes at an unpredictable moment after the load, so it is not checked here:
    test_book_links.py::test_every_page_declares_an_icon checks its cause, deterministically."""
    return urlsplit(url).path == "/favicon.ico"


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1"


def _watch(page, report: PageReport) -> dict:
    """Record what happens on page into report; returns the page's in-flight request tracker."""
    state = {"inflight": set(), "last": time.monotonic()}

    def on_request(req):
        state["inflight"].add(req)
        state["last"] = time.monotonic()
        if not _is_local(req.url):
            report.external.append(req.url)

    def on_done(req):
        state["inflight"].discard(req)
        state["last"] = time.monotonic()

    def on_failed(req):
        on_done(req)
        if _is_local(req.url) and not _favicon_probe(req.url):
            report.failed.append(f"{req.url} failed: {req.failure}")

    def on_response(resp):
        if resp.status >= 400 and not _favicon_probe(resp.url):
            report.failed.append(f"{resp.url} answered HTTP {resp.status}")

    def on_console(msg):
        if msg.type == "error":
            where = msg.location.get("url") if isinstance(msg.location, dict) else ""
            if where and _favicon_probe(where):
                return
            report.console.append(f"console error: {msg.text}" + (f" ({where})" if where else ""))

    page.on("request", on_request)
    page.on("requestfinished", on_done)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: report.console.append(f"uncaught exception: {exc}"))
    return state


def _settle(page, state: dict, limit_s: float = 10.0) -> None:
    """Wait until no request has been in flight for QUIET_MS (async scripts, search index...)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if not state["inflight"] and (time.monotonic() - state["last"]) * 1000 >= QUIET_MS:
            return
        page.wait_for_timeout(50)


_IMAGES_JS = """async () => {
  const imgs = Array.from(document.images);
  for (const img of imgs) { if (img.loading === 'lazy') img.loading = 'eager'; }
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done); img.addEventListener('error', done); setTimeout(done, 5000);
  })));
  return imgs.filter(img => !img.complete || img.naturalWidth === 0)
             .map(img => (img.getAttribute('src') || '(no src)') + ' alt=' + JSON.stringify(img.alt || ''));
}"""


@pytest.fixture(scope="module")
def load(server, browser):
    """page (relative to _build/html) -> PageReport. Pages load once per module, BATCH at a time
    (each in its own fresh context), in the order of PAGES."""
    base, server_errors = server
    cache: dict[str, PageReport] = {}

    def load_batch(batch: list[str]) -> None:
        seen = len(server_errors)
        opened = []
        try:
            for page_path in batch:
                report = PageReport(page_path)
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                state = _watch(page, report)
                opened.append((report, context, page, state))
                page.goto(base + page_path, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
            for report, _, page, state in opened:
                page.wait_for_load_state("load", timeout=PAGE_TIMEOUT_MS)
                _settle(page, state)
                report.broken_images = page.evaluate(_IMAGES_JS)
                report.lang = page.evaluate("document.documentElement.getAttribute('lang')")
        finally:
            for _, context, _, _ in opened:
                context.close()
        server_failures = [f"server answered HTTP {status} for {path}"
                           for _, status, path in server_errors[seen:] if not _favicon_probe(path)]
        for report, *_ in opened:
            # the server cannot tell which tab asked; with one page per batch this is exact
            report.failed = sorted(set(report.failed + (server_failures if len(batch) == 1 else [])))
            cache[report.page] = report
        if server_failures and len(batch) > 1:  # find the page that asked, one at a time
            for page_path in batch:
                load_batch([page_path])

    def get(page_path: str) -> PageReport:
        if page_path not in cache:
            todo = [p for p in PAGES[PAGES.index(page_path):] if p not in cache][:BATCH] \
                if page_path in PAGES else [page_path]
            load_batch(todo)
        return cache[page_path]

    return get


def _listing(items: list[str]) -> str:
    return "\n  " + "\n  ".join(items)


# -- the checks, one test per page ---------------------------------------------------------------

PAGE_PARAMS = PAGES or _NOT_BUILT


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_no_failed_requests(load, page):
    report = load(page)
    if report.failed:
        pytest.fail(f"{page}: failed requests:{_listing(report.failed)}", pytrace=False)


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_no_console_errors(load, page):
    report = load(page)
    if report.console:
        pytest.fail(f"{page}: errors in the browser console:{_listing(report.console)}", pytrace=False)


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_no_requests_to_other_hosts(load, page):
    report = load(page)
    if report.external:
        pytest.fail(f"{page}: the page asks other hosts for resources (the book must work offline: "
            f"ship fonts and scripts in _static/):{_listing(sorted(set(report.external)))}", pytrace=False)


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_no_broken_images(load, page):
    report = load(page)
    if report.broken_images:
        pytest.fail(f"{page}: images that do not load:{_listing(report.broken_images)}", pytrace=False)


@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_language_is_dutch(load, page):
    report = load(page)
    assert report.lang == "nl", f"{page}: <html lang={report.lang!r}>, expected 'nl'"


_SEARCH_DONE_JS = """() => !!document.querySelector('#search-results ul.search li') ||
  ((document.querySelector('#search-results .search-summary') || {}).textContent || '').trim() !== ''"""


@pytest.mark.parametrize("edition", EDITIONS or _NOT_BUILT)
def test_search_finds_a_word_of_the_book(server, browser, edition):
    base, _ = server
    report = PageReport(f"{edition}/search.html")
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        state = _watch(page, report)
        page.goto(f"{base}{edition}/search.html?q={SEARCH_WORD}", wait_until="load", timeout=PAGE_TIMEOUT_MS)
        try:  # results appear one by one; the summary line is written when the search is done
            page.wait_for_function(_SEARCH_DONE_JS, timeout=PAGE_TIMEOUT_MS)
        except Exception:  # playwright's TimeoutError: the assertions below say what is wrong
            pass
        _settle(page, state)
        results = page.locator("#search-results ul.search li")
        found = results.count()
        summary = page.locator("#search-results").inner_text(timeout=2000)
        first_link = results.first.locator("a").first.get_attribute("href") if found else None
    finally:
        context.close()
    assert found > 0, (f"{edition}/search.html?q={SEARCH_WORD} lists no results; the page says: "
                       f"{' '.join(summary.split())[:300]!r}")
    assert first_link and not first_link.startswith(("http://", "https://", "//")), first_link
