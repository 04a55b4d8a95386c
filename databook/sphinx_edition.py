"""Sphinx extension: what belongs to one edition on every page.

- the edition banner, in the page's language (Sphinx's `language`), with the link to the same page in
  the other language (English on Dutch pages, Nederlands on English pages, which also say they are
  a translation of Voka's Dutch text): "U leest editie 2025 — nieuwste editie: 2026", with the edition's PDF and the list
  of editions. Links to other editions go to the same page there: the site root's editions.js (written
  at publishing, see editions_script) lists every edition's pages; without it, or without JavaScript,
  the links go to the other edition's first page.
- the role {claim}`<id>` placed right after a sentence of the paper that is in the register of claims
  (chapters/claims.yml): an anchor `claim-<id>` for the page "Toetsing van de paper" and, when this
  edition's data differ from the paper (config `claims_notes`, from databook.claims), the edition's note
  beside the sentence, the same way for every claim, in HTML and in the PDF.
- a mark "gewijzigd in editie <E>" linking to the change page under every figure whose data changed
  since the previous edition (config `edition_changed_figures`).
The site layout is <site>/<edition>/... and <site>/<edition>/<language>/... (config edition_site_path).
"""
from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

from .language import LANGUAGES, ORIGINAL
from .build_words import build_words

CHANGES_PAGE = "bijlagen/wijzigingen"


def words(language: str | None) -> dict:
    return build_words("banner", language if language in LANGUAGES else ORIGINAL)


def pdf_label(edition: str, language: str = ORIGINAL) -> str:
    return words(language)["pdf"].format(edition=edition)


def language_switch(language: str, root: str, pagename: str) -> str:
    """The link to the same page in the other language (relative, so it works from file://):
    a Dutch page links to <edition>/en/<page>.html, an English page to <edition>/<page>.html."""
    w = words(language)
    if language == ORIGINAL:
        href, other = f"{root}en/{pagename}.html", "en"
    else:
        href, other = f"{root}../{pagename}.html", ORIGINAL
    link = (f'<a href="{html.escape(href)}" class="language-switch" hreflang="{other}" lang="{other}" '
            f'title="{html.escape(w["switch_title"])}">{w["switch"]}</a>')
    if language != ORIGINAL:
        return f'<span class="translation-mark">{html.escape(w["translated"])}</span> · {link}'
    return link


def _banner(app, pagename: str, pathto) -> str:
    """The edition banner. It names no other edition itself: editions.js at the site root (written when
    the site is published) adds which edition is the newest and links to this page in the others, so
    that an edition, once published, never has to be rendered again because a newer one appeared."""
    cfg = app.config
    # pathto("index") is the relative URL of this edition's root page, e.g. "../index.html".
    root = posixpath.dirname(pathto("index"))
    root = f"{root}/" if root else ""
    # the site root, seen from this edition's root: "../" for <E>/, "../../" for a translation <E>/en/
    site_path = cfg.edition_site_path or cfg.edition_name
    up = "../" * (site_path.count("/") + 1)
    sub = site_path.partition("/")[2]
    language = cfg.language or ORIGINAL
    w = words(language)
    pdf = f'<a href="{root}{cfg.edition_pdf}">{pdf_label(cfg.edition_name, language)}</a>'
    everything = f'<a href="{root}{up}index.html">{w["all"]}</a>'
    # data-* attributes: editions.js fills the two slots with links to this same page elsewhere.
    switch = (f'<span class="edition-switch" data-edition="{html.escape(cfg.edition_name)}" '
              f'data-page="{html.escape(pagename)}" data-root="{html.escape(root + up)}" '
              f'data-language="{html.escape(sub + "/" if sub else "")}" data-words="{html.escape(language)}">')
    text = w["reading"].format(edition=cfg.edition_name)
    script = f'<script src="{root}{up}editions.js"></script>'
    return (f'{switch}{text}<span class="edition-newest"></span><span class="edition-others"></span>'
            f" · {pdf} · {everything} · {language_switch(language, root, pagename)}</span>{script}")


def editions_script(site: Path, built: list[str], newest: str, translations=()) -> str:
    """editions.js for the site root: every built edition with its pages, and the code that points the
    banner's links to the same page in the other editions (a <script> works from file://, fetch does not).
    The folders of an edition's translations (<edition>/en/) are not pages of the edition."""
    listing = []
    for name in built:
        root = site / name
        pages = sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.html")
                       if not p.relative_to(root).parts[0].startswith("_")
                       and not (len(p.relative_to(root).parts) > 1 and p.relative_to(root).parts[0] in translations))
        listing.append({"name": name, "pdf": f"talentstrategie-{name}.pdf", "pdfLabel": pdf_label(name),
                        "pages": pages})
    data = json.dumps({"newest": newest, "editions": listing}, ensure_ascii=False, indent=1, sort_keys=True)
    shown = json.dumps({k: {key: w[key] for key in ("edition", "newest_here", "newest", "this_page_in")}
                        for k, w in sorted((lang, words(lang)) for lang in LANGUAGES)}, ensure_ascii=False, sort_keys=True)
    return f"""// Generated by the build: the editions of this site and their pages (see databook/sphinx_edition.py).
window.BOOK_EDITIONS = {data};
(function () {{
  var info = window.BOOK_EDITIONS, WORDS = {shown};
  var scripts = document.getElementsByClassName("edition-switch");
  for (var i = 0; i < scripts.length; i++) {{
    var el = scripts[i], here = el.getAttribute("data-edition"), page = el.getAttribute("data-page");
    var root = el.getAttribute("data-root"), language = el.getAttribute("data-language") || "";
    var w = WORDS[el.getAttribute("data-words")] || WORDS["{ORIGINAL}"];
    var url = function (name) {{
      var ed = info.editions.filter(function (e) {{ return e.name === name; }})[0];
      var target = ed && ed.pages.indexOf(page) >= 0 ? page : "index";
      return root + name + "/" + language + target + ".html";
    }};
    var newest = el.querySelector(".edition-newest");
    if (newest) {{
      newest.innerHTML = here === info.newest ? w.newest_here
        : w.newest + '<a href="' + url(info.newest) + '" class="edition-link">' + w.edition + ' ' + info.newest + '</a>';
    }}
    var others = info.editions.filter(function (e) {{
      return e.name !== here && !(here !== info.newest && e.name === info.newest);
    }});
    var slot = el.querySelector(".edition-others");
    if (slot && others.length) {{
      var parts = others.map(function (e) {{
        return '<a href="' + url(e.name) + '" class="edition-link">' + w.edition + ' ' + e.name + '</a>';
      }});
      slot.innerHTML = w.this_page_in + parts.join(", ");
    }}
  }}
}})();
"""


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
        context["theme_announcement"] = _banner(app, pagename, context["pathto"])
    _dedupe_scripts(context)


# -- claims -------------------------------------------------------------------------------------------

class claim_note(nodes.inline):
    """The edition's note beside a sentence of the paper."""


def _visit_note_html(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS=f"claim-note claim-{node['status']}",
                                   role="note"))


def _depart_note_html(self, node):
    self.body.append("</span>")


def _visit_note_latex(self, node):
    self.body.append(r"{\small[")


def _depart_note_latex(self, node):
    self.body.append("]}")


def _visit_note_text(self, node):
    self.add_text(" [")


def _depart_note_text(self, node):
    self.add_text("]")


def claim_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    claim_id = text.strip()
    notes = env.config.claims_notes or {}
    if notes and claim_id not in notes:
        msg = inliner.reporter.error(f"claim {claim_id!r} is not in the register chapters/claims.yml",
                                     line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    label = f"claim-{claim_id}"
    target = nodes.target("", "", ids=[label], names=[label])
    inliner.document.note_explicit_target(target, target)
    out = [target]
    entry = notes.get(claim_id, {})
    if entry.get("note"):
        edition = env.config.edition_name
        status = entry["status"]
        w = words(env.config.language)
        head = (w["note_not_supported"] if status == "not-supported" else w["note"]).format(edition=edition)
        note = claim_note("", "", nodes.strong("", head), nodes.emphasis("", entry["note"]), status=status)
        out = [target, nodes.Text(" "), note]
    return out, []


# -- changed figures --------------------------------------------------------------------------------------

def _mark_changed_figures(app, doctree):
    changed = set(app.config.edition_changed_figures or [])
    if not changed:
        return
    docname = app.env.docname
    for fig in doctree.findall(nodes.figure):
        if not changed & set(fig["ids"]):
            continue
        ref = addnodes.pending_xref("", nodes.inline("", words(app.config.language)["changed"].format(edition=app.config.edition_name)),
                                    refdomain="std", reftype="doc", reftarget=f"/{CHANGES_PAGE}",
                                    refexplicit=True, refwarn=True, refdoc=docname)
        mark = nodes.inline("", "", classes=["figure-changed"])
        mark += ref
        legend = next(iter(fig.findall(nodes.legend)), None)
        paragraphs = list(legend.findall(nodes.paragraph)) if legend is not None else []
        if paragraphs:
            paragraphs[-1] += [nodes.Text(" · "), mark]
        else:
            caption = next(iter(fig.findall(nodes.caption)), None)
            if caption is not None:
                caption += [nodes.Text(" · "), mark]


def _static(app):
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))


MINUS_FOR_LATEX = r"\DeclareUnicodeCharacter{2212}{\ensuremath{-}}"  # the change page's real minus sign


def _latex_minus(app, config):
    elements = dict(config.latex_elements or {})
    if MINUS_FOR_LATEX not in elements.get("preamble", ""):
        elements["preamble"] = elements.get("preamble", "") + "\n" + MINUS_FOR_LATEX + "\n"
    config.latex_elements = elements


def setup(app):
    app.add_config_value("edition_name", "", "html")
    app.add_config_value("edition_pdf", "", "html")
    app.add_config_value("edition_site_path", "", "html")  # "2025" or "2025/en" (databook.layout)
    app.add_config_value("claims_notes", {}, "env")
    app.add_config_value("edition_changed_figures", [], "env")
    app.add_role("claim", claim_role)
    app.add_node(claim_note, html=(_visit_note_html, _depart_note_html),
                 latex=(_visit_note_latex, _depart_note_latex), text=(_visit_note_text, _depart_note_text))
    app.connect("builder-inited", _static)
    app.connect("config-inited", _latex_minus)
    app.add_css_file("claims.css")
    app.connect("doctree-read", _mark_changed_figures)
    app.connect("html-page-context", _on_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
