"""Every page of the built site loaded once per width in one headless Chromium, for all browser checks.

test_book_html.py (requests, console, other hosts, images, lang), test_book_screens.py (layout,
colour mode, search control, contrast) and test_book_charts.py (charts drawn, tooltips, print)
all assert on the same `PageLoad`: one load of one page at one width, with empty storage (cookies,
local and session storage are cleared after every load, and the tab leaves the page: each page
meets a first-time reader) and the reader's system set to dark. The loads of one width go through
one tab of one browser context, so its HTTP cache: the theme's files and the chart bundle are
fetched and compiled once. That hides nothing: a failed request or an error answer is never cached,
so every page that asks for it reports it; requests to other hosts are aborted, never cached.
Loads happen lazily, once per (page, width) per test process, so running one test loads only its
page. A load waits on conditions (the load event, no request in flight, the charts
drawn, the tooltip shown), never a fixed time.

What one load records, in this order:
1. every failed request and answer >= 400 (as the browser and the server see it), every console
   error and uncaught exception, every request to a host other than the local server (aborted:
   Chromium runs with a closed proxy and no name resolution, see conftest.CHROMIUM_ARGS);
2. broken images, <html lang>, the layout probe (_LAYOUT_JS) and, at the widest width, the
   colours of every visible text (_TEXT_COLOURS_JS);
3. on a page with charts: the drawn charts (_CHARTS_JS), then for each chart the tooltip of one
   known data point (chartpoints.POINTS), then at the phone width the figures in print.
Pages with charts are loaded once more without JavaScript (`nojs`).
"""
from __future__ import annotations

import functools
import http.server
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PAGE_TIMEOUT_MS = 30_000
QUIET_MS = 150          # a page is settled after this long without a request in flight
PHONE, DESKTOP = 390, 1280
WIDTHS = (PHONE, DESKTOP)
HEIGHT = 900


# -- the local web server ------------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; remembers every answer >= 400 (the browser does not report all of them,
    e.g. the favicon a browser asks for by itself)."""

    errors: list[tuple[int, str]] = []

    def log_request(self, code="-", size="-"):
        try:
            status = int(code)
        except (TypeError, ValueError):
            status = 0
        if status >= 400:
            self.errors.append((status, self.path))

    def log_message(self, fmt, *args):  # keep the test output quiet
        pass


class SiteServer:
    """The site served over http://127.0.0.1:<free port>/ from a thread, so that fetch/XHR (the
    search index, the theme's scripts) behave as on the real site."""

    def __init__(self, directory):
        self.errors: list[tuple[int, str]] = []
        handler = type("Handler", (_Handler,), {"errors": self.errors})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(handler, directory=str(directory)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="book-site", daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


# -- what one load records -------------------------------------------------------------------------

@dataclass
class PageLoad:
    page: str
    width: int
    failed: list[str] = field(default_factory=list)       # requests that failed or answered >= 400
    console: list[str] = field(default_factory=list)      # console errors and uncaught exceptions
    external: list[str] = field(default_factory=list)     # requests to another host
    broken_images: list[str] = field(default_factory=list)
    lang: str | None = None
    layout: dict = field(default_factory=dict)            # _LAYOUT_JS
    texts: list[dict] = field(default_factory=list)       # _TEXT_COLOURS_JS (widest width only)
    charts: list[str] = field(default_factory=list)       # slugs of the page's charts (from its HTML)
    chart_views: list[dict] = field(default_factory=list)  # _CHARTS_JS
    chart_error: str = ""                                  # the charts were not drawn in time
    tooltips: dict = field(default_factory=dict)          # slug -> tooltip text, or "" + problem
    tooltip_problems: dict = field(default_factory=dict)  # slug -> why no tooltip was read
    print_state: list[dict] = field(default_factory=list)  # _FIGURES_JS in print (phone width)


def favicon_probe(url: str) -> bool:
    """The request a browser makes by itself for /favicon.ico when a page declares no icon. It
    comes at an unpredictable moment after the load, so it is not checked here:
    test_book_links.py::test_every_page_declares_an_icon checks its cause, deterministically."""
    return urlsplit(url).path == "/favicon.ico"


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1"


def watch(page, report) -> dict:
    """Record what happens on page into report (failed, console, external); returns the page's
    in-flight request tracker for settle() (and the handlers, for unwatch())."""
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
        if _is_local(req.url) and not favicon_probe(req.url):
            report.failed.append(f"{req.url} failed: {req.failure}")

    def on_response(resp):
        if resp.status >= 400 and not favicon_probe(resp.url):
            report.failed.append(f"{resp.url} answered HTTP {resp.status}")

    def on_console(msg):
        if msg.type == "error":
            where = msg.location.get("url") if isinstance(msg.location, dict) else ""
            if where and favicon_probe(where):
                return
            report.console.append(f"console error: {msg.text}" + (f" ({where})" if where else ""))

    def on_pageerror(exc):
        report.console.append(f"uncaught exception: {exc}")

    state["handlers"] = {"request": on_request, "requestfinished": on_done, "requestfailed": on_failed,
                         "response": on_response, "console": on_console, "pageerror": on_pageerror}
    for event, handler in state["handlers"].items():
        page.on(event, handler)
    return state


def unwatch(page, state: dict) -> None:
    """Stop recording into the report watch() was given (the tab goes on to another page)."""
    for event, handler in state["handlers"].items():
        page.remove_listener(event, handler)


def settle(page, state: dict, limit_s: float = 10.0) -> None:
    """Wait until no request has been in flight for QUIET_MS (async scripts, search index...)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if not state["inflight"] and (time.monotonic() - state["last"]) * 1000 >= QUIET_MS:
            return
        page.wait_for_timeout(50)


# -- the probes -------------------------------------------------------------------------------------

_IMAGES_JS = """async () => {
  const imgs = Array.from(document.images);
  for (const img of imgs) { if (img.loading === 'lazy') img.loading = 'eager'; }
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done); img.addEventListener('error', done); setTimeout(done, 5000);
  })));
  return imgs.filter(img => !img.complete || img.naturalWidth === 0)
             .map(img => (img.getAttribute('src') || '(no src)') + ' alt=' + JSON.stringify(img.alt || ''));
}"""

_LAYOUT_JS = r"""() => {
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '');
  const visible = el => { const cs = getComputedStyle(el); const r = el.getBoundingClientRect();
    return cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
  const problems = [];
  const de = document.documentElement;
  if (de.scrollWidth > window.innerWidth + 1)
    problems.push(`the page is ${de.scrollWidth} px wide in a ${window.innerWidth} px window`);
  const article = document.querySelector('.bd-article') || document.querySelector('main') || document.body;
  const right = article.getBoundingClientRect().right;
  for (const el of article.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const cs = getComputedStyle(el);
    if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1)
      problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} px of content in ${el.clientWidth} px)`);
    if (/^H[1-6]$/.test(el.tagName) && el.scrollWidth > el.clientWidth + 1)
      problems.push(`heading "${el.textContent.trim().slice(0, 60)}" is wider than its column`);
    if (el.tagName === 'TABLE' && el.getBoundingClientRect().right > right + 1)
      problems.push(`${name(el)} reaches past the article (${Math.round(el.getBoundingClientRect().right)} > ${Math.round(right)})`);
  }
  const controls = Array.from(document.querySelectorAll(
      'button.search-button__button, .search-button-field, form.bd-search'))
    .filter(el => !el.closest('#pst-search-dialog') && visible(el));
  return {problems, theme: de.dataset.theme || '', switches: document.querySelectorAll('.theme-switch-button').length,
          searchControls: controls.map(name)};
}"""

_TEXT_COLOURS_JS = r"""() => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(s => parseFloat(s)); return [p[0] / 255, p[1] / 255, p[2] / 255, p.length > 3 ? p[3] : 1]; };
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') return null;
      const c = parse(cs.backgroundColor); if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    return layers; };
  const out = [];
  const roots = document.querySelectorAll('.bd-article, .bd-header-announcement, main');
  for (const root of roots) for (const el of root.querySelectorAll('*')) {
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim()).join(' ');
    if (!own || el.closest('svg')) continue;
    const cs = getComputedStyle(el); const r = el.getBoundingClientRect();
    if (cs.display === 'none' || cs.visibility === 'hidden' || r.width === 0 || r.height === 0 || parseFloat(cs.opacity) === 0) continue;
    const bg = background(el); if (bg === null) continue;
    out.push({text: own.slice(0, 50), fg: parse(cs.color), bg, size: parseFloat(cs.fontSize), weight: parseInt(cs.fontWeight)});
  }
  return out;
}"""

_CHARTS_JS = """() => [...document.querySelectorAll('.dbk-chart-view')].map(v => ({
    figure: v.closest('figure').id,
    width: v.getBoundingClientRect().width, right: v.getBoundingClientRect().right,
    svgs: [...v.querySelectorAll('svg.marks')].map(s => ({
        attr: parseFloat(s.getAttribute('width')), box: s.getBoundingClientRect().width,
        label: s.getAttribute('aria-label') || '', role: s.getAttribute('role')})),
    minFont: Math.min(...[...v.querySelectorAll('svg text')].filter(t => t.textContent.trim())
        .map(t => parseFloat(getComputedStyle(t).fontSize))),
    images: [...v.closest('figure').querySelectorAll('img')].map(i => i.getBoundingClientRect().height),
    focusable: v.tabIndex === 0, described: !!document.getElementById(v.getAttribute('aria-describedby')),
}))"""

_FIND_ITEM_JS = """([slug, match]) => {
  // the drawn mark (rect, symbol) whose data row has the given fields; its centre on the page
  const figure = document.getElementById(slug);
  for (const target of figure.querySelectorAll('.dbk-chart-target')) {
    const stack = [target.dbkView.scenegraph().root];
    while (stack.length) {
      const node = stack.pop();
      for (const item of (node.items || [])) {
        if (item.items) { stack.push(item); }
        const d = item.datum;
        if (!d || !['rect', 'symbol'].includes(node.marktype) || !item._svg) { continue; }
        if (Object.entries(match).every(([k, v]) => String(d[k]) === String(v))) {
          const box = item._svg.getBoundingClientRect();
          return {x: box.left + box.width / 2, y: box.top + box.height / 2};
        }
      }
    }
  }
  return null;
}"""

FIGURES_JS = """(slugs) => slugs.map(slug => {
    const f = document.getElementById(slug);
    const img = f.querySelector('img');
    const chart = f.querySelector('.dbk-chart-view');
    return {slug, img: img ? img.getBoundingClientRect().height : 0,
            chart: chart ? chart.getBoundingClientRect().height : 0,
            caption: f.querySelector('figcaption').textContent};
})"""


def wait_for_charts(page, n: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.dbk-chart-view[data-rendered=true]').length >= {n}",
        timeout=PAGE_TIMEOUT_MS)


# -- the loader ---------------------------------------------------------------------------------------

class SiteBrowser:
    """(page, width) -> PageLoad, each loaded once. `charts_of(page)` gives the slugs of the charts
    a page holds, `tooltip_match(page, slug)` the fields of the data point whose tooltip is read."""

    def __init__(self, browser, server: SiteServer, charts_of, tooltip_match):
        self.browser, self.server = browser, server
        self.charts_of, self.tooltip_match = charts_of, tooltip_match
        self._loads: dict[tuple[str, int], PageLoad] = {}
        self._nojs: dict[str, PageLoad] = {}
        self._contexts: dict[object, object] = {}
        self._tabs: dict[object, object] = {}

    def _context(self, width: int | None):
        """One browser context per width (None: the phone width without JavaScript)."""
        if width not in self._contexts:
            if width is None:
                self._contexts[width] = self.browser.new_context(
                    viewport={"width": PHONE, "height": HEIGHT}, java_script_enabled=False, service_workers="block")
            else:
                self._contexts[width] = self.browser.new_context(
                    viewport={"width": width, "height": HEIGHT}, color_scheme="dark", service_workers="block")
        return self._contexts[width]

    def _tab(self, width: int | None):
        """The one tab of a width's context: each load navigates it to the next page (a new tab per
        page costs a new renderer, about 0,3 s, and changes nothing the checks see)."""
        if width not in self._tabs:
            self._tabs[width] = self._context(width).new_page()
        return self._tabs[width]

    def close(self):
        for context in self._contexts.values():
            context.close()
        self._contexts.clear()
        self._tabs.clear()

    def _forget(self, width: int | None, tab, state: dict) -> None:
        """Stop watching, clear what the site stored and leave the page, so the next page meets a
        first-time reader (no storage, no cookies, the pointer in the corner, the screen medium)."""
        unwatch(tab, state)
        try:
            tab.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
            tab.mouse.move(0, 0)
            tab.goto("about:blank")
        except Exception:  # a tab in a bad state is replaced, not reused
            tab.close()
            self._tabs.pop(width, None)
        self._context(width).clear_cookies()

    def load(self, page: str, width: int) -> PageLoad:
        key = (page, width)
        if key not in self._loads:
            self._loads[key] = self._load(page, width)
        return self._loads[key]

    def nojs(self, page: str) -> PageLoad:
        """The page at the phone width with JavaScript off: its figures as they then show."""
        if page not in self._nojs:
            report = PageLoad(page, PHONE, charts=self.charts_of(page))
            tab = self._tab(None)
            state = watch(tab, report)
            try:
                tab.goto(self.server.base + page, wait_until="load", timeout=PAGE_TIMEOUT_MS)
                settle(tab, state)
                report.print_state = tab.evaluate(FIGURES_JS, report.charts)  # evaluate works without page scripts
            finally:
                self._forget(None, tab, state)
            self._nojs[page] = report
        return self._nojs[page]

    def _load(self, page: str, width: int) -> PageLoad:
        report = PageLoad(page, width, charts=self.charts_of(page))
        seen = len(self.server.errors)
        tab = self._tab(width)
        state = watch(tab, report)
        try:
            tab.goto(self.server.base + page, wait_until="load", timeout=PAGE_TIMEOUT_MS)
            if report.charts:
                try:
                    wait_for_charts(tab, len(report.charts))
                except Exception as exc:  # playwright's TimeoutError: the chart test says so
                    report.chart_error = f"the charts were not drawn: {str(exc).splitlines()[0]}"
            settle(tab, state)
            report.broken_images = tab.evaluate(_IMAGES_JS)
            report.lang = tab.evaluate("document.documentElement.getAttribute('lang')")
            report.layout = tab.evaluate(_LAYOUT_JS)
            if width == max(WIDTHS):
                report.texts = tab.evaluate(_TEXT_COLOURS_JS)
            if report.charts and not report.chart_error:
                report.chart_views = tab.evaluate(_CHARTS_JS)
                self._tooltips(tab, report)
                if width == PHONE:
                    tab.emulate_media(media="print")
                    report.print_state = tab.evaluate(FIGURES_JS, report.charts)
                    tab.emulate_media(media="screen")
                settle(tab, state)  # what hovering and printing asked for
        finally:
            self._forget(width, tab, state)
        report.failed = sorted(set(report.failed + [
            f"server answered HTTP {status} for {path}"
            for status, path in self.server.errors[seen:] if not favicon_probe(path)]))
        return report

    def _tooltips(self, tab, report: PageLoad) -> None:
        for slug in report.charts:
            match = self.tooltip_match(report.page, slug)
            if match is None:
                continue
            tab.locator(f"#{slug} .dbk-chart-view").scroll_into_view_if_needed()
            point = tab.evaluate(_FIND_ITEM_JS, [slug, match])
            if not point:
                report.tooltip_problems[slug] = f"no mark of {slug} for {match}"
                continue
            tab.mouse.move(1, 1)
            tab.mouse.move(point["x"], point["y"])
            tip = tab.locator("#vg-tooltip-element.visible")
            try:
                tip.wait_for(timeout=5_000)
            except Exception:  # playwright's TimeoutError
                report.tooltip_problems[slug] = f"no tooltip on the mark of {slug} for {match}"
                continue
            report.tooltips[slug] = " ".join(tip.inner_text().split())
