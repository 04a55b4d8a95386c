"""Sphinx extension: the web book as a publication on every screen.

- Tables fit the column: each data cell carries its column's header (`data-label`), so that
  `_static/boek.css` can show a table of four or more columns as one card per row on a phone
  instead of a table that scrolls sideways; on a wide screen the table wraps its text.
- Light mode only: the book's figures and the paper's colours are drawn and checked for a white
  page (tests/test_style.py, tests/test_book_figures.py); in dark mode the charts would be bright
  boxes on a dark page. The colour-mode switch is removed (_templates/theme-switcher.html) and a
  mode a reader chose on an earlier version of the site is not applied.
- Page metadata for sharing: description, Open Graph title, description, image (a figure of the
  edition, copied to _static/deelbeeld.png) and locale.
"""
from __future__ import annotations

import html
import posixpath
import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

CARD_MIN_COLUMNS = 4          # tables with at least this many columns become cards on a phone
SHARE_IMAGE = "_static/deelbeeld.png"

# Runs in <head> after the theme's own mode script: the page is light whatever was stored.
LIGHT_ONLY_JS = ("document.documentElement.dataset.mode='light';"
                 "document.documentElement.dataset.theme='light';"
                 "try{localStorage.removeItem('mode');localStorage.removeItem('theme');}catch(e){}")


def _header_labels(table) -> list[str]:
    head = table.find("thead")
    if head is None:
        return []
    rows = head.find_all("tr")
    if not rows:
        return []
    labels = []
    for cell in rows[-1].find_all(["th", "td"]):
        labels += [" ".join(cell.get_text(" ").split())] * int(cell.get("colspan", 1) or 1)
    return labels


_TABLE = re.compile(r"<table\b.*?</table>", re.S)


def label_tables(body: str) -> str:
    """Give every body cell of every table with a header row the text of its column header
    (data-label) and mark tables of CARD_MIN_COLUMNS or more columns with the class 'kaarten'.
    Only the tables are parsed; the rest of the page stays as Sphinx wrote it (unless a table holds
    a table: a pattern cannot pair those, so then the whole body is parsed)."""
    if "<table" not in body:
        return body
    if any("<table" in m.group(0)[len("<table"):] for m in _TABLE.finditer(body)):
        return _label(body)
    return _TABLE.sub(lambda m: _label(m.group(0)), body)


def _label(markup: str) -> str:
    """label_tables on every table of `markup`; `markup` itself if no table has a header row."""
    soup = BeautifulSoup(markup, "html.parser")
    changed = False
    for table in soup.find_all("table"):
        labels = _header_labels(table)
        if not labels:
            continue
        changed = True
        if len(labels) >= CARD_MIN_COLUMNS:
            table["class"] = list(table.get("class", [])) + ["kaarten"]
        for body_part in table.find_all("tbody"):
            for row in body_part.find_all("tr", recursive=False):
                column = 0
                for cell in row.find_all(["td", "th"], recursive=False):
                    if column < len(labels):
                        cell["data-label"] = labels[column]
                    column += int(cell.get("colspan", 1) or 1)
    return str(soup) if changed else markup


def _meta(name: str, content: str, attribute: str = "property") -> str:
    return f'<meta {attribute}="{name}" content="{html.escape(content, quote=True)}" />\n'


def _page_context(app, pagename, templatename, context, doctree):
    if "body" in context and isinstance(context["body"], str):
        context["body"] = label_tables(context["body"])
    cfg = app.config
    site = cfg.html_title or cfg.project
    title = BeautifulSoup(context.get("title") or "", "html.parser").get_text()
    edition = f"editie {cfg.release}" if cfg.release else ""
    og_title = " — ".join(t for t in (title if title != site else "", site) if t)
    og_title += f" ({edition})" if edition else ""
    description = cfg.publication_description or site
    image = SHARE_IMAGE if cfg.publication_share_figure else ""
    if image:
        relative = posixpath.relpath(image, posixpath.dirname(pagename) or ".")
        image = (cfg.html_baseurl.rstrip("/") + "/" + image) if cfg.html_baseurl else relative
    tags = [_meta("description", description, "name"), _meta("og:title", og_title),
            _meta("og:description", description), _meta("og:type", "book"),
            _meta("og:locale", {"en": "en_GB"}.get(cfg.language, "nl_BE")), _meta("og:site_name", site)]
    if image:
        tags += [_meta("og:image", image), _meta("og:image:alt", cfg.publication_share_alt or og_title)]
    if pagename == "search":  # the page's own search field is the one search box here
        tags.append("<style>.search-button-field, .search-button__button { display: none !important; }</style>\n")
    context["metatags"] = context.get("metatags", "") + "".join(tags)


def _refresh_static(app, exception):
    """Sphinx copies html_static_path only when it writes pages: a changed stylesheet alone (every
    page unchanged) would leave the old one in the output. Copy what differs."""
    if exception or app.builder.format != "html":
        return
    for entry in app.config.html_static_path:
        src_root = Path(app.confdir) / entry
        for src in sorted(p for p in src_root.rglob("*") if p.is_file()):
            dst = Path(app.outdir) / "_static" / src.relative_to(src_root)
            if not dst.exists() or dst.read_bytes() != src.read_bytes():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)


def _remove_stale_index(app, exception):
    """With html_use_index off, an index page left in the output by an earlier build is stale."""
    if not exception and app.builder.format == "html" and not app.config.html_use_index:
        (Path(app.outdir) / "genindex.html").unlink(missing_ok=True)


def _copy_share_image(app, exception):
    if exception or app.builder.format != "html" or not app.config.publication_share_figure:
        return
    src = Path(app.srcdir) / "figures" / f"{app.config.publication_share_figure}.png"
    if not src.exists():
        from sphinx.errors import ExtensionError
        raise ExtensionError(f"publication_share_figure: no {src.name} in the staged figures/")
    dst = Path(app.outdir) / SHARE_IMAGE
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def setup(app):
    app.add_config_value("publication_description", "", "html")
    app.add_config_value("publication_share_figure", "", "html")
    app.add_config_value("publication_share_alt", "", "html")
    app.add_js_file(None, body=LIGHT_ONLY_JS, priority=1)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_share_image)
    app.connect("build-finished", _remove_stale_index)
    app.connect("build-finished", _refresh_static)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
