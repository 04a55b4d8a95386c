"""Every page on a phone (390 px) and a desktop (1280 px), in Debian's Chromium (Playwright).

For every page of every edition and the root page, at both widths:
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

import functools
import http.server
import threading

import pytest

from colourcheck import blend, contrast
from conftest import NOT_BUILT, SITE, site_pages

pytestmark = pytest.mark.book

WIDTHS = (390, 1280)
AA, AA_LARGE = 4.5, 3.0
PAGES = site_pages()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass


@pytest.fixture(scope="module")
def base_url():
    if not (SITE / "index.html").exists():
        pytest.skip(NOT_BUILT)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()




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


def _open(browser, base_url, page: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="dark",
                                  service_workers="block")
    tab = context.new_page()
    tab.goto(base_url + page, wait_until="load")
    tab.wait_for_timeout(150)
    return context, tab


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
def test_page_on_screen(browser, base_url, page, width):
    """Fits the width, light mode only, one search control; at the desktop width also contrast."""
    context, tab = _open(browser, base_url, page, width)
    try:
        result = tab.evaluate(_LAYOUT_JS)
        texts = tab.evaluate(_TEXT_COLOURS_JS) if width == max(WIDTHS) else []
    finally:
        context.close()
    problems = list(result["problems"])
    if page != "index.html":  # the root page of editions is plain HTML without the theme
        if result["theme"] != "light":
            problems.append(f"the reader's system is dark and the page is {result['theme']!r}, not light")
        if result["switches"]:
            problems.append("the page offers a colour-mode switch (the book is light mode only)")
        if len(result["searchControls"]) != 1:
            problems.append(f"{len(result['searchControls'])} visible search controls, expected one: "
                            f"{result['searchControls']}")
    problems += _weak_contrast(texts)
    if problems:
        pytest.fail(f"{page} at {width} px:\n  " + "\n  ".join(problems), pytrace=False)
