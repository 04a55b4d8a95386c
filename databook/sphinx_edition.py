"""Sphinx extension: the edition banner on every HTML page, with links that work from any page.

"U leest editie 2025 — nieuwste editie: 2026", plus the edition's PDF and the list of editions.
The site layout is <site>/<edition>/..., so other editions are one level above the edition root.
"""
from __future__ import annotations

import posixpath


def _banner(app, pathto) -> str:
    cfg = app.config
    # pathto("index") is the relative URL of this edition's root page, e.g. "../index.html".
    root = posixpath.dirname(pathto("index"))
    root = f"{root}/" if root else ""
    pdf = f'<a href="{root}{cfg.edition_pdf}">PDF</a>'
    editions = f'<a href="{root}../index.html">alle edities</a>'
    if cfg.edition_name == cfg.edition_newest:
        return (f"U leest editie {cfg.edition_name}, de nieuwste editie · {pdf} · {editions}")
    newest = f'<a href="{root}../{cfg.edition_newest}/index.html">editie {cfg.edition_newest}</a>'
    return f"U leest editie {cfg.edition_name} — nieuwste editie: {newest} · {pdf} · {editions}"


def _dedupe_scripts(context) -> None:
    """Sphinx 7.4 adds sphinx-thebe's config script twice (filename None and ''), which makes the
    browser throw "Identifier 'THEBE_JS_URL' has already been declared": keep one of each."""
    seen, kept = set(), []
    for js in context.get("script_files", []):
        key = (getattr(js, "filename", js) or None,
               tuple(sorted((k, str(v)) for k, v in getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(js)
    context["script_files"] = kept


def _on_page(app, pagename, templatename, context, doctree):
    if app.config.edition_name:
        context["theme_announcement"] = _banner(app, context["pathto"])
    _dedupe_scripts(context)


def setup(app):
    app.add_config_value("edition_name", "", "html")
    app.add_config_value("edition_newest", "", "html")
    app.add_config_value("edition_pdf", "", "html")
    app.connect("html-page-context", _on_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
