"""Sphinx extension: the scripts of the interactive charts, shipped with the site, on chart pages only.

The Vega, Vega-Lite and Vega-Embed scripts come from the installed vl-convert package
(vl_convert.javascript_bundle), wrapped in a function so that nothing clashes with Sphinx's own
scripts, and are written once into the site (_charts/). A page that holds a chart (a
div.dbk-chart written by interactive.py) loads them once, with charts.js (and charts.css, which
Jupyter Book links on every page already); other pages load no chart script. No script comes
from another host: the site works opened from disk.

After the build, the weight of every chapter page (JavaScript, CSS and images it loads) is written
into the build page (pages.page_weight_section places the marker).
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

from . import paths
from .files import write_if_changed as _write_if_changed

ASSETS = Path(__file__).parent / "assets"
CHARTS_DIR = "_charts"
MARKER = "dbk-chart"
WEIGHTS_START, WEIGHTS_END = "<!-- dbk-page-weights -->", "<!-- /dbk-page-weights -->"
BUILD_PAGE = "bijlagen/over-deze-build"


def bundle_name() -> str:
    from importlib import metadata

    return f"vega-bundle-{metadata.version('vl-convert-python')}.js"


TOOLCACHE = paths.BUILD / "toolcache"


def bundle_cached(cache_dir: Path = TOOLCACHE) -> bool:
    return (cache_dir / bundle_name()).exists()


def bundle(cache_dir: Path = TOOLCACHE) -> str:
    """The Vega bundle, wrapped. vl-convert makes it in about 2,5 s; it depends on vl-convert's
    version only, so it is made once per version and kept in cache_dir (under _build/, never in
    the repository) for every later render, of every edition and language."""
    cached = cache_dir / bundle_name()
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    import vl_convert

    # The bundle declares top-level constants (e.g. `_`) that clash with Sphinx's scripts:
    # a function scope keeps them local; it assigns window.vegaEmbed, window.vega, window.vegaLite.
    text = "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")  # renders may run side by side
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, cached)
    return text


def write_scripts(outdir: Path) -> None:
    """The Vega bundle and charts.js, into outdir/_charts/."""
    target = outdir / CHARTS_DIR
    if not (target / bundle_name()).exists():
        _write_if_changed(target / bundle_name(), bundle())
    _write_if_changed(target / "charts.js", (ASSETS / "charts.js").read_text(encoding="utf-8"))


def _on_page(app, pagename, templatename, context, doctree):
    if f'class="{MARKER}"' not in context.get("body", ""):
        return
    from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

    context["script_files"] = [*context.get("script_files", []),
                               _JavaScript(f"{CHARTS_DIR}/{bundle_name()}"),
                               _JavaScript(f"{CHARTS_DIR}/charts.js")]
    css = context.get("css_files", [])
    # Jupyter Book already links every stylesheet of _static/ on every page: link it once.
    if not any(str(getattr(c, "filename", c)).split("?")[0].endswith("charts.css") for c in css):
        context["css_files"] = [*css, _CascadingStyleSheet("_static/charts.css")]


# -- page weight ----------------------------------------------------------------------------------

class _LoadedFiles(HTMLParser):
    """The files a page loads (scripts, stylesheets, images) and its number of charts."""

    def __init__(self):
        super().__init__()
        self.found: dict[str, set[str]] = {"js": set(), "css": set(), "img": set()}
        self.charts = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.found["js"].add(a["src"])
        elif tag == "link" and a.get("href") and "stylesheet" in a.get("rel", "").split():
            self.found["css"].add(a["href"])
        elif tag == "img" and a.get("src"):
            self.found["img"].add(a["src"])
        elif tag == "div" and MARKER in a.get("class", "").split():
            self.charts += 1


def page_weight(html_file: Path, outdir: Path) -> dict[str, int]:
    """Bytes of the JavaScript, CSS and images a page loads (files of the site, each counted once)."""
    parser = _LoadedFiles()
    parser.feed(html_file.read_text(encoding="utf-8"))
    parser.close()
    sizes = {}
    for kind, urls in parser.found.items():
        total = 0
        for url in urls:
            path = (html_file.parent / url.split("?")[0].split("#")[0]).resolve()
            if path.is_file() and outdir.resolve() in path.parents:
                total += path.stat().st_size
        sizes[kind] = total
    sizes["charts"] = parser.charts
    return sizes


WEIGHT_HEADERS = {"nl": ["Pagina", "Grafieken", "JavaScript (kB)", "CSS (kB)", "Afbeeldingen (kB)", "Totaal (kB)"],
                  "en": ["Page", "Charts", "JavaScript (kB)", "CSS (kB)", "Images (kB)", "Total (kB)"]}


def weights_table(outdir: Path, pages: list[str], language: str = "nl") -> str:
    """The weight of each page, in the book's language (numbers and headers)."""
    from . import language as lang

    def kb(n: int) -> str:
        return lang.number(n / 1000, 0, language)

    rows = []
    for page in pages:
        w = page_weight(outdir / f"{page}.html", outdir)
        total = w["js"] + w["css"] + w["img"]
        rows.append(f"<tr><td>{page}</td><td>{w['charts']}</td><td>{kb(w['js'])}</td><td>{kb(w['css'])}</td>"
                    f"<td>{kb(w['img'])}</td><td>{kb(total)}</td></tr>")
    headers = "".join(f"<th>{h}</th>" for h in WEIGHT_HEADERS.get(language, WEIGHT_HEADERS["nl"]))
    return ('<table class="table dbk-page-weights"><thead><tr>' + headers + "</tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>")


def fill_weights(outdir: Path, pages: list[str], language: str = "nl") -> None:
    """Put the weight table between the markers of the build page (if it has them)."""
    build_page = outdir / f"{BUILD_PAGE}.html"
    if not build_page.exists():
        return
    text = build_page.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(WEIGHTS_START) + ".*?" + re.escape(WEIGHTS_END), re.S)
    if not pattern.search(text):
        return
    table = weights_table(outdir, pages, language)
    _write_if_changed(build_page, pattern.sub(lambda _m: WEIGHTS_START + table + WEIGHTS_END, text, count=1))


def _on_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    write_scripts(outdir)
    pages = sorted(d for d in app.env.found_docs
                   if (d == "index" or d.startswith("chapters/")) and (outdir / f"{d}.html").exists())
    fill_weights(outdir, pages, app.config.language or "nl")


def setup(app):
    app.connect("html-page-context", _on_page)
    app.connect("build-finished", _on_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
